"""Policy pages: everyone internal reads the policy; the coordinator edits it."""

from django.db.models import Max
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from utblick.core.editing import form_page
from utblick.core.history import history_of
from utblick.core.permissions import can, ensure_role
from utblick.policy import actions
from utblick.policy.forms import PolicyForm, item_form
from utblick.policy.models import Area, Objective, Policy, PriorityCriterion

# URL segment -> the kind of policy item it edits.
ITEM_KINDS = {"mal": Objective, "kriterier": PriorityCriterion, "omraden": Area}


def _current_policy(user, action: str) -> Policy | None:
    """The policy engagements are assessed against: the first one loaded (see loader.active_policy)."""
    return Policy.objects.restrict(user, action).order_by("pk").first()


def overview(request):
    """The policy's name and purpose and its objectives, priority criteria and areas."""
    ensure_role(request.user, "policy", "view")
    policy = _current_policy(request.user, "view")
    sections = []
    if policy is not None:
        for kind, model in ITEM_KINDS.items():
            sections.append(
                {
                    "kind": kind,
                    "title": str(model._meta.verbose_name_plural).capitalize(),
                    "noun": model._meta.verbose_name,
                    "items": list(model.objects.filter(policy=policy)),
                    "has_suggestion": model is PriorityCriterion,
                }
            )
    context = {"policy": policy, "sections": sections, "can_change": can(request.user, "change", "policy")}
    return render(request, "policy/overview.html", context)


def policy_edit(request):
    """The coordinator changes the policy's name, adoption and purpose."""
    ensure_role(request.user, "policy", "change")
    policy = _current_policy(request.user, "change")
    if policy is None:
        raise Http404
    return form_page(
        request,
        form_class=PolicyForm,
        initial=model_to_dict(policy, fields=actions.POLICY_FIELDS),
        save=lambda data: actions.update_policy(policy, by=request.user, fields=data),
        title=_("Ändra policyn"),
        back_url=reverse("policy:overview"),
        back_label=_("Tillbaka till policyn"),
        history=history_of(policy),
    )


def item_edit(request, kind: str, pk: int | None = None):
    """Add (no pk) or change one objective, priority criterion or area: one view for all three kinds."""
    model = ITEM_KINDS.get(kind)
    if model is None:
        raise Http404
    ensure_role(request.user, "policy", "change")
    noun = model._meta.verbose_name
    if pk is None:
        policy = _current_policy(request.user, "change")
        if policy is None:
            raise Http404
        next_order = (model.objects.filter(policy=policy).aggregate(m=Max("order"))["m"] or 0) + 1
        initial = {"order": next_order, "is_active": True}
        title = _("Lägg till %(kind)s") % {"kind": noun}
        item = None

        def save(data):
            return actions.create_item(model, by=request.user, policy=policy, fields=data)

    else:
        item = get_object_or_404(model.objects.restrict(request.user, "change"), pk=pk)
        initial = model_to_dict(item, fields=actions.item_fields(model))
        title = _("Ändra %(kind)s %(code)s") % {"kind": noun, "code": item.code}

        def save(data):
            return actions.update_item(item, by=request.user, fields=data)

    return form_page(
        request,
        form_class=item_form(model),
        initial=initial,
        save=save,
        title=title,
        back_url=reverse("policy:overview") + f"#{kind}",
        back_label=_("Tillbaka till policyn"),
        history=history_of(item) if item else (),
        lead=_("Poster tas aldrig bort: avmarkera ”Används” när en post inte längre ska väljas."),
    )
