"""Which countries count as European, for the priority criterion "cooperation with other European regions"."""

# Members of the Council of Europe, plus Belarus, Kosovo and the microstates (ISO 3166-1 alpha-2).
EUROPEAN_COUNTRIES = frozenset(
    ["AD", "AL", "AM", "AT", "AZ", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FO", "FR", "GB", "GE", "GI", "GL", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "SE", "SI", "SK", "SM", "UA", "VA", "XK", "AX", "IM", "JE", "GG"]
)
HOME_COUNTRY = "SE"


def is_other_european(country_code: str) -> bool:
    return country_code in EUROPEAN_COUNTRIES and country_code != HOME_COUNTRY
