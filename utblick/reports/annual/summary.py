"""The ready-to-paste text of the annual report: the main figures in Swedish sentences, written from the data."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from utblick.reports.annual.content import kronor as whole_kronor
from utblick.reports.annual.tables import Facts


def number(value) -> str:
    return number_format(value, 0, use_l10n=True, force_grouping=True)


def kronor(value: Decimal) -> str:
    return _("%(amount)s kronor") % {"amount": number(whole_kronor(value))}


def summary_paragraphs(facts: Facts, year: int, who: str) -> list[str]:
    """`who` is the municipality or the unit the report is about, as the subject of the first sentence."""
    paragraphs = [_scope(facts, year, who)]
    if facts.work:
        paragraphs.append(_partners_and_direction(facts))
    paragraphs.append(_economy(facts, year))
    return paragraphs


def _scope(facts: Facts, year: int, who: str) -> str:
    text = ngettext(
        "Under %(year)s bedrev %(who)s %(count)s internationellt engagemang som var beslutat, pågående eller avslutat",
        "Under %(year)s bedrev %(who)s %(count)s internationella engagemang som var beslutade, pågående eller avslutade",
        facts.work,
    ) % {"year": year, "who": who, "count": number(facts.work)}
    if facts.work:
        text += ngettext(", varav %(count)s nytt.", ", varav %(count)s nya.", facts.new) % {"count": number(facts.new)}
    else:
        text += "."
    if facts.in_preparation:
        text += " " + ngettext(
            "Dessutom fanns %(count)s idé eller förslag under beredning.",
            "Dessutom fanns %(count)s idéer och förslag under beredning.",
            facts.in_preparation,
        ) % {"count": number(facts.in_preparation)}
    return text


def _partners_and_direction(facts: Facts) -> str:
    sentences = []
    if facts.partners:
        sentences.append(
            ngettext(
                "Arbetet skedde tillsammans med %(partners)s samarbetspartner i %(countries)s land",
                "Arbetet skedde tillsammans med %(partners)s samarbetspartner i %(countries)s länder",
                facts.partner_countries,
            )
            % {"partners": number(facts.partners), "countries": number(facts.partner_countries)}
            + _(", varav %(new)s nya och %(established)s etablerade.")
            % {"new": number(facts.partners_new), "established": number(facts.partners_established)}
        )
    else:
        sentences.append(_("Inga samarbetspartner var registrerade för årets engagemang."))
    sentences.append(
        _("%(europe)s engagemang gällde Europa och %(other)s övriga världen.")
        % {"europe": number(facts.europe), "other": number(facts.outside_europe)}
    )
    if facts.top_objective:
        label, count = facts.top_objective
        sentences.append(
            _("Flest engagemang, %(count)s, bidrog till målet ”%(objective)s”.")
            % {"count": number(count), "objective": label}
        )
    return " ".join(sentences)


def _economy(facts: Facts, year: int) -> str:
    if not facts.has_money:
        return _("Inga ekonomiska uppgifter är registrerade för %(year)s.") % {"year": year}
    text = _(
        "Kostnaderna för det internationella arbetet uppgick till %(cost)s, varav %(external)s finansierades "
        "externt. Nettokostnaden för kommunen blev %(net)s"
    ) % {"cost": kronor(facts.cost), "external": kronor(facts.external), "net": kronor(facts.net)}
    if facts.has_money_previous:
        text += _(", jämfört med %(previous)s år %(year)s.") % {
            "previous": kronor(facts.net_previous),
            "year": year - 1,
        }
    else:
        text += "."
    return text
