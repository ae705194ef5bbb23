"""The coordinator's rule pages: list, new and edit with a preview against stored items, on/off, apply."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from utblick.core.editing import add_errors
from utblick.core.history import history_of
from utblick.core.permissions import ensure_role
from utblick.monitoring import rules as matching
from utblick.monitoring import rules_actions
from utblick.monitoring.models import Rule
from utblick.monitoring.rules_forms import NAMES, RuleForm

PREVIEW_LIMIT = 20


def _get_rule(request, pk) -> Rule:
    ensure_role(request.user, "monitoring_admin", "change")
    return get_object_or_404(Rule.objects.restrict(request.user, "change"), pk=pk)


def rule_list(request):
    """Every rule with what it looks for and what it tags."""
    ensure_role(request.user, "monitoring_admin", "view")
    rules = Rule.objects.prefetch_related("sources", "units", "objectives", "areas", "criteria").order_by("name")
    return render(request, "monitoring/rule_list.html", {"rules": rules})


def rule_create(request):
    ensure_role(request.user, "monitoring_admin", "change")
    return _edit(request, None)


def rule_edit(request, pk):
    return _edit(request, _get_rule(request, pk))


def _edit(request, rule):
    data = request.POST if request.method == "POST" else None
    initial = model_to_dict(rule, fields=NAMES) if rule else {}
    form = RuleForm(data, initial=initial)
    result = None
    if data is not None and form.is_valid():
        if "preview" in data:
            # Nothing is saved: show what the rule would match among the stored items.
            result = matching.preview(
                form.unsaved_rule(), limit=PREVIEW_LIMIT, source_ids=[s.pk for s in form.cleaned_data["sources"]]
            )
        else:
            try:
                saved = rules_actions.save_rule(
                    rule, by=request.user, fields=form.plain_fields(), relations=form.relations()
                )
                messages.success(
                    request,
                    _("Regeln ”%(name)s” är sparad. Tillämpa den på befintliga poster för att sortera om dem.")
                    % {"name": saved.name},
                )
                return redirect("monitoring:rule_edit", pk=saved.pk)
            except ValidationError as exc:
                add_errors(form, exc)
    return render(
        request,
        "monitoring/rule_form.html",
        {
            "form": form,
            "rule": rule,
            "preview": result,
            "preview_limit": PREVIEW_LIMIT,
            "history": history_of(rule) if rule else None,
        },
    )


@require_POST
def rule_toggle(request, pk):
    rule = _get_rule(request, pk)
    rules_actions.set_rule_active(rule, not rule.is_active, by=request.user)
    if rule.is_active:
        messages.success(request, _("Regeln ”%(name)s” är aktiv igen.") % {"name": rule.name})
    else:
        messages.success(request, _("Regeln ”%(name)s” är avstängd.") % {"name": rule.name})
    return redirect("monitoring:rule_edit", pk=rule.pk)


@require_POST
def rule_apply(request, pk):
    rule = _get_rule(request, pk)
    matched, queued = rules_actions.apply_rule(rule, by=request.user)
    if rule.is_active:
        text = ngettext(
            "Regeln matchar %(count)s befintlig post.",
            "Regeln matchar %(count)s befintliga poster.",
            matched,
        ) % {"count": matched}
    else:
        text = _("Regeln är avstängd och sorterar inga poster.")
    if queued:
        text += " " + _("Omsorteringen av alla poster görs i bakgrunden och är klar inom några minuter.")
    else:
        text += " " + _("Alla poster är omsorterade efter de aktiva reglerna.")
    messages.success(request, text)
    return redirect("monitoring:rule_edit", pk=rule.pk)
