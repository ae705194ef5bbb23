"""Countries as choices, named and sorted in the active language.

django-countries translates and sorts all 250 names on every iteration; the result only changes with the
language, so it is computed once per language and process.
"""

import functools

from django.conf import settings
from django.utils import translation
from django_countries import countries


@functools.lru_cache(maxsize=16)
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    with translation.override(language):
        return tuple((code, str(name)) for code, name in countries)


def country_choices() -> list[tuple[str, str]]:
    """[(ISO code, name)] in the active language, the Nordic countries first (settings.COUNTRIES_FIRST)."""
    return list(_choices(translation.get_language() or settings.LANGUAGE_CODE))
