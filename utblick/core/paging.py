"""Paging for searches that may match most of a large table.

Counting every match of a free-text search over 100 000 rows costs more than finding the page: the count
must test each row, while the page stops after a screenful. Past a few hundred hits nobody reads on, so the
count stops at COUNT_CAP (a LIMITed subquery) and the page says "fler än 1 000"; the first pages work as usual.
"""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A Paginator whose count stops at COUNT_CAP + 1; `capped` tells whether there are more hits than shown."""

    @cached_property
    def _counted(self) -> int:
        return self.object_list[: COUNT_CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, COUNT_CAP)

    @cached_property
    def capped(self) -> bool:
        return self._counted > COUNT_CAP
