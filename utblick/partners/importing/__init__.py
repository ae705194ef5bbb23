"""Import of partner organisations and their contact persons from XLSX and CSV files (the partners issue, point 8).

reading (bytes -> rows) -> headers (which column is which) -> validation (rows -> a plan, or what to fix)
-> writing (the plan -> the register, through the actions, in one transaction). The upload pages
(partners.import_views) and `manage.py import_partners` use the same path.
"""

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from utblick.partners.importing.reading import UnreadableFile, read_table
from utblick.partners.importing.validation import Plan, Problem, build_plan


def megabytes(size: int) -> str:
    """1 572 864 -> '1,5' (MB of 1 024 × 1 024 bytes, as file managers count them)."""
    value = size / (1024 * 1024)
    places = 2 if value < 1 else (0 if value >= 10 or value.is_integer() else 1)
    return number_format(round(value, places), places)  # number_format cuts decimals off instead of rounding


def size_problem(size: int) -> str:
    """'' when a file of `size` bytes may be imported, else what to do (settings.PARTNERS_IMPORT_MAX_BYTES)."""
    limit = settings.PARTNERS_IMPORT_MAX_BYTES
    if size <= limit:
        return ""
    return _(
        "Filen är %(size)s MB, men högst %(limit)s MB kan importeras åt gången. Dela upp den i mindre filer "
        "och försök igen."
    ) % {"size": megabytes(size), "limit": megabytes(limit)}


def check_file(content: bytes, file_name: str = "", *, compare: bool = True, progress=None) -> Plan:
    """Read and check a file; the plan lists what would be written, or the problems (nothing is written).

    `progress`, when given, is called now and then with how much of the work is done (0.0 to 1.0).
    """
    too_big = size_problem(len(content))
    if too_big:
        return Plan(problems=[Problem(None, "", too_big)])
    try:
        table = read_table(content, file_name)
    except UnreadableFile as error:
        return Plan(problems=[Problem(None, "", str(error))])
    return build_plan(table, compare=compare, progress=progress)
