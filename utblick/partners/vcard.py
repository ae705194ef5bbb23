"""A contact person as a vCard 3.0 (RFC 2426), for an address book or a phone.

Every text is escaped (backslash, comma, semicolon, line break), so a value cannot start a property of its
own, and lines are folded at 75 bytes without splitting a character.
"""

import datetime

from django.utils.translation import gettext as _

from utblick.partners.models import Contact

MAX_LINE_BYTES = 75


def escape(value: str) -> str:
    """A text value as vCard writes it: \\\\ \\, \\; and \\n for backslash, comma, semicolon and line breaks."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, folded into pieces of at most 75 bytes (continuations start with a space)."""
    pieces, current, size = [], "", 0
    for char in line:
        length = len(char.encode("utf-8"))
        limit = MAX_LINE_BYTES if not pieces else MAX_LINE_BYTES - 1
        if size + length > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += length
    pieces.append(current)
    return "\r\n ".join(pieces)


def _split_name(name: str) -> tuple[str, str]:
    """'Ingrid Marie Haugen' -> ('Haugen', 'Ingrid Marie'): the last word as family name, a common guess."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return words[-1], " ".join(words[:-1])


def vcard(contact: Contact) -> str:
    """The contact's card: name, first organisation and role, title, email, phone, languages.

    The free-text notes stay in Utblick: they are the municipality's own notes, not an address.
    """
    family, given = _split_name(contact.name)
    affiliations = list(contact.affiliations.select_related("organisation").order_by("organisation__name", "pk"))
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{escape(family)};{escape(given)};;;",
        f"FN:{escape(contact.name)}",
    ]
    if affiliations:
        first = affiliations[0]
        lines.append(f"ORG:{escape(first.organisation.name)}")
        if first.role:
            lines.append(f"ROLE:{escape(first.role)}")
    if contact.title:
        lines.append(f"TITLE:{escape(contact.title)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(contact.email)}")
    if contact.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(contact.phone)}")
    notes = []
    if contact.languages:
        notes.append(_("Språk: %(languages)s") % {"languages": contact.languages})
    for other in affiliations[1:]:
        notes.append(
            _("Även %(organisation)s (%(role)s)") % {"organisation": other.organisation.name, "role": other.role}
            if other.role
            else _("Även %(organisation)s") % {"organisation": other.organisation.name}
        )
    if notes:
        lines.append(f"NOTE:{escape(chr(10).join(notes))}")
    if contact.updated_at:
        lines.append(f"REV:{contact.updated_at.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines if line)
