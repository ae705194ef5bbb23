"""Small helpers the sections share to turn counts into report tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from utblick.reports.annual.content import Figure, Row, Trace


@dataclass
class Facts:
    """The headline numbers the sections find, for the ready-to-paste text (annual.summary)."""

    engagements: int = 0  # the year's engagements, any state
    work: int = 0  # decided, ongoing, finished or followed up
    new: int = 0
    in_preparation: int = 0  # ideas and assessed proposals
    partners: int = 0
    partners_new: int = 0
    partners_established: int = 0
    partner_countries: int = 0
    europe: int = 0
    outside_europe: int = 0
    top_objective: tuple[str, int] | None = None
    cost: Decimal = Decimal(0)
    external: Decimal = Decimal(0)
    net: Decimal = Decimal(0)
    net_previous: Decimal = Decimal(0)
    has_money: bool = False
    has_money_previous: bool = False
    extra: dict = field(default_factory=dict)


def count(value: int, dimension: str, key: object = "", year: int | None = None) -> Figure:
    """A count and the engagements behind it (no link for zero: there is nothing to list)."""
    return Figure(value, Trace(dimension, str(key), year) if value else None)


def count_row(label: str, value: int, dimension: str, key: object = "") -> Row:
    return Row(label, [count(value, dimension, key)])
