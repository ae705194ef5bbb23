"""Pages for one's own subscriptions (/bevakning/prenumerationer/) and the unsubscribe link from the emails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from utblick.core.permissions import ensure_role
from utblick.monitoring.digests import BadToken, subscriptions_of_token
from utblick.monitoring.models import Subscription
from utblick.monitoring.subscription_actions import (
    create_subscription,
    delete_subscription,
    unsubscribe,
    update_subscription,
)
from utblick.monitoring.subscription_forms import SubscriptionForm


def _own(request, pk) -> Subscription:
    """One of the user's own subscriptions; anyone else's is 404."""
    ensure_role(request.user, "monitoring", "view")
    return get_object_or_404(Subscription, pk=pk, user=request.user)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
def subscription_list(request):
    ensure_role(request.user, "monitoring", "view")
    subscriptions = (
        Subscription.objects.filter(user=request.user)
        .prefetch_related("units", "objectives", "sources")
        .order_by("name", "pk")
    )
    return render(
        request,
        "monitoring/subscription_list.html",
        {"subscriptions": subscriptions, "has_email": bool(request.user.email.strip())},
    )


@require_http_methods(["GET", "POST"])
def subscription_create(request):
    ensure_role(request.user, "monitoring", "view")
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription = create_subscription(by=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Prenumerationen %(name)s är sparad.") % {"name": subscription})
            return redirect("monitoring:subscriptions")
    return render(request, "monitoring/subscription_form.html", {"form": form, "subscription": None})


@require_http_methods(["GET", "POST"])
def subscription_update(request, pk):
    subscription = _own(request, pk)
    form = SubscriptionForm(request.POST or None, instance=subscription)
    if request.method == "POST" and form.is_valid():
        try:
            update_subscription(Subscription.objects.get(pk=subscription.pk), by=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Ändringarna i %(name)s är sparade.") % {"name": subscription})
            return redirect("monitoring:subscriptions")
    stored = Subscription.objects.get(pk=subscription.pk)
    return render(request, "monitoring/subscription_form.html", {"form": form, "subscription": stored})


@require_http_methods(["GET", "POST"])
def subscription_delete(request, pk):
    subscription = _own(request, pk)
    if request.method == "POST":
        name = str(subscription)
        delete_subscription(subscription, by=request.user)
        messages.success(request, _("Prenumerationen %(name)s är borttagen.") % {"name": name})
        return redirect("monitoring:subscriptions")
    return render(request, "monitoring/subscription_delete.html", {"subscription": subscription})


@login_not_required
@csrf_exempt  # The signed token is the authority; mail programs' one-click POST carries no CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    """GET: ask for confirmation (mail scanners follow links); POST: turn the digest's subscriptions off."""
    try:
        subscriptions = subscriptions_of_token(token)
    except BadToken as error:
        return render(request, "monitoring/unsubscribe.html", {"state": "bad", "expired": error.expired}, status=400)
    if request.method == "POST":
        unsubscribe(subscriptions)
        return render(request, "monitoring/unsubscribe.html", {"state": "done", "subscriptions": subscriptions})
    state = "confirm" if any(s.is_active for s in subscriptions) else "already"
    return render(request, "monitoring/unsubscribe.html", {"state": state, "subscriptions": subscriptions})
