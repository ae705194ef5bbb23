"""The scope section (omfattning): the year's engagements by kind and state, trips, visits and the people involved."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from utblick.engagements.models import Kind, Status
from utblick.reports.annual.content import Chart, Row, Section, Table
from utblick.reports.annual.selection import PREPARATION_STATES, WORK_STATES, Selection, began_in
from utblick.reports.annual.tables import Facts, count, count_row


def scope_section(selection: Selection, facts: Facts) -> Section:
    """Three queries: the counts per kind and state, the new engagements, and the responsible people."""
    grouped = selection.engagements().order_by().values("kind", "status").annotate(n=Count("pk"))
    counts = {(item["kind"], item["status"]): item["n"] for item in grouped}
    states = [status for status in Status.values if any(s == status for _k, s in counts)]
    kinds = [kind for kind in Kind.values if any(k == kind for k, _s in counts)]

    def in_states(kind=None, wanted=None):
        return sum(n for (k, s), n in counts.items() if (kind is None or k == kind) and (wanted is None or s in wanted))

    by_kind = Table(
        key="engagements_by_kind",
        title=_("Engagemang per typ och status"),
        label_heading=_("Typ"),
        columns=[str(Status(status).label) for status in states] + [_("Totalt")],
        rows=[
            Row(
                str(Kind(kind).label),
                [count(counts.get((kind, status), 0), "kind_status", f"{kind}:{status}") for status in states]
                + [count(in_states(kind), "kind", kind)],
            )
            for kind in kinds
        ],
        total=Row(
            _("Totalt"),
            [count(in_states(wanted=[status]), "status", status) for status in states] + [count(in_states(), "all")],
        ),
        note=_("Engagemang som inte är arkiverade och vars tid berör året, med den status de har i dag."),
    )

    facts.engagements = in_states()
    facts.work = in_states(wanted=WORK_STATES)
    facts.in_preparation = in_states(wanted=PREPARATION_STATES)
    facts.new = selection.work().filter(began_in(selection.year)).count()
    people = _people_involved(selection)
    summary = Table(
        key="scope_summary",
        title=_("Omfattning i siffror"),
        label_heading=_("Mått"),
        columns=[_("Antal")],
        rows=[
            count_row(_("Engagemang som var beslutade, pågående eller avslutade"), facts.work, "work"),
            count_row(_("varav nya under året"), facts.new, "new"),
            count_row(_("Resor"), in_states(Kind.RESA, WORK_STATES), "work_kind", Kind.RESA),
            count_row(_("Besök till kommunen"), in_states(Kind.BESOK, WORK_STATES), "work_kind", Kind.BESOK),
            count_row(_("Konferenser"), in_states(Kind.KONFERENS, WORK_STATES), "work_kind", Kind.KONFERENS),
            count_row(_("Idéer och förslag under beredning"), facts.in_preparation, "preparation"),
            count_row(_("Personer med ansvar för engagemangen"), people, "people"),
        ],
        note=_(
            "Personer med ansvar: ansvariga förtroendevalda och tjänstemän för de beslutade, pågående och "
            "avslutade engagemangen, var och en räknad en gång."
        ),
    )
    chart = Chart(
        key="engagements_by_kind_chart",
        kind="bar",
        title=_("Engagemang per typ"),
        description=_("Stapeldiagram över antalet engagemang per typ under året; siffrorna finns i tabellen."),
        table_key=by_kind.key,
        column=len(states),
    )
    return Section(
        key="scope",
        title=_("Omfattning"),
        intro=_("Hur mycket internationellt arbete som bedrevs under året och hur många som var med."),
        tables=[summary, by_kind],
        charts=[chart] if kinds else [],
    )


def _people_involved(selection: Selection) -> int:
    work = selection.work().order_by()
    politicians = work.filter(responsible_politician__isnull=False).values_list("responsible_politician", flat=True)
    officers = work.filter(responsible_officer__isnull=False).values_list("responsible_officer", flat=True)
    return len(set(politicians.distinct()) | set(officers.distinct()))
