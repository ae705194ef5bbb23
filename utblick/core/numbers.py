"""Reading numbers as Swedish users type them: '12 500,50', '12500.50', with spaces or non-breaking spaces."""

from decimal import Decimal, InvalidOperation


def parse_decimal(value) -> Decimal | None:
    """'12 500,50', '12500.50', Decimal, int or None -> Decimal or None; raises ValueError for anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace("\xa0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(str(value))
    return number
