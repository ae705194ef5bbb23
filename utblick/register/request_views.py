"""Introduction requests: the coordinator's inbox and answer page, and the requester's own list."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from utblick.core.editing import add_errors
from utblick.core.history import history_of
from utblick.core.permissions import ensure_role
from utblick.register import directory
from utblick.register.actions import coordinator_label, handle_introduction_request
from utblick.register.forms import AnswerForm, InboxFilterForm
from utblick.register.queries import inbox as inbox_query
from utblick.register.queries import own_requests


@require_GET
def inbox(request):
    ensure_role(request.user, "directory", "change")
    form = InboxFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(inbox_query(status), settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(item, coordinator_label(item)) for item in page]
    return render(request, "register/inbox.html", {"form": form, "page": page, "rows": rows, "status": status})


@require_http_methods(["GET", "POST"])
def request_detail(request, pk):
    ensure_role(request.user, "directory", "change")
    item = get_object_or_404(inbox_query(), pk=pk)
    form = AnswerForm(request.POST or None) if item.is_new else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Förfrågan är redan hanterad. Svaret står nedan."))
            return redirect("register:request_detail", pk=pk)
        if form.is_valid():
            try:
                handle_introduction_request(
                    item, by=request.user, answer=form.cleaned_data["answer"], site_url=request.build_absolute_uri("/")
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Svaret är sparat och skickat till den som frågade."))
                return redirect("register:request_detail", pk=pk)
    return render(
        request,
        "register/request_detail.html",
        {"item": item, "target": coordinator_label(item), "form": form, "history": history_of(item)[:50]},
    )


@require_GET
def my_requests(request):
    ensure_role(request.user, "directory", "view")
    page = Paginator(own_requests(request.user), settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    # Only what the requester may see: the targets as the directory shows them today, no coordinator's name.
    rows = [
        {
            "created_at": item.created_at,
            "target": directory.target_label(item),
            "message": item.message,
            "status": item.get_status_display(),
            "is_new": item.is_new,
            "answer": item.answer,
            "handled_at": item.handled_at,
        }
        for item in page
    ]
    return render(request, "register/my_requests.html", {"page": page, "rows": rows})
