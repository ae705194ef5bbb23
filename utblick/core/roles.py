"""The roles a membership can give (ARCHITECTURE.md, "Permissions")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SAMORDNARE = "samordnare", _("Internationell samordnare")
    FORVALTNINGSCHEF = "forvaltningschef", _("Förvaltningschef")
    HANDLAGGARE = "handlaggare", _("Handläggare")
    FORTROENDEVALD = "fortroendevald", _("Förtroendevald")
    LASARE = "lasare", _("Läsare")
    EXTERN = "extern", _("Extern aktör")


INTERNAL_ROLES = frozenset(Role) - {Role.EXTERN}
