"""The competence register (R-40): each employee's own profile of languages, EU knowledge, international
experience and networks (chosen among the partner register's networks, plus free text for the others), and the
coordinator's list of EU knowledge areas.

A profile is the employee's own: they write it, choose per part what colleagues may see, download it and
delete it (GDPR). Others see only the parts made visible; the coordinator's coverage page counts numbers
per unit and names nobody.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from utblick.competence.languages import language_name
from utblick.core.permissions import RestrictedQuerySet


class Level(models.TextChoices):
    """The Common European Framework of Reference for Languages (CEFR), lowest first."""

    A1 = "A1", _("A1 – nybörjare")
    A2 = "A2", _("A2 – grundläggande")
    B1 = "B1", _("B1 – medelgod")
    B2 = "B2", _("B2 – självständig")
    C1 = "C1", _("C1 – avancerad")
    C2 = "C2", _("C2 – mycket avancerad")


LEVELS = [level.value for level in Level]  # in order: the index compares levels


def levels_from(minimum: str | None) -> list[str]:
    """The levels at or above `minimum` (all of them when it is None)."""
    return LEVELS if minimum is None else LEVELS[LEVELS.index(minimum) :]


class EuKnowledge(models.Model):
    """An area of EU knowledge employees can have, e.g. Interreg or state aid: a list the coordinator keeps."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    aliases = models.CharField(
        _("andra sökord"),
        max_length=300,
        blank=True,
        help_text=_("Kortformer och andra ord som ska hitta området i sökningen, åtskilda med kommatecken."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "competence"

    class Meta:
        verbose_name = _("EU-kunskapsområde")
        verbose_name_plural = _("EU-kunskapsområden")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def search_words(self) -> list[str]:
        return [w for w in [self.name.lower(), *(a.strip().lower() for a in self.aliases.split(","))] if w]


class Visibility(models.TextChoices):
    VISIBLE = "colleagues", _("Synlig för kollegor")
    PRIVATE = "private", _("Bara för mig")


# The parts of a profile, each with its own visibility: (field suffix, label).
PARTS = (
    ("languages", _("Språk")),
    ("eu", _("EU-kunskap")),
    ("experience", _("Internationell erfarenhet")),
    ("networks", _("Nätverk")),
    ("engagements", _("Engagemang och resor ur registret")),
    ("willing", _("Vill hjälpa kollegor")),
)


def _visibility_field(label):
    # Privacy by default (GDPR art. 25): a part nobody chose to show stays with its owner. The profile page
    # asks the employee to choose for each part, so a colleague who wants to be found says so themselves.
    return models.CharField(label, max_length=20, choices=Visibility.choices, default=Visibility.PRIVATE)


class CompetenceProfile(models.Model):
    """One employee's competence for international work, kept by the employee."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="competence_profile",
    )
    eu_knowledge = models.ManyToManyField(EuKnowledge, verbose_name=_("EU-kunskap"), blank=True, related_name="+")
    # The networks of the partner register (partners.Network) the employee takes part in: chosen from the register,
    # so a network is one thing with one name, found by that name and linked to its page. A documented relation
    # from competence to partners (ARCHITECTURE.md: apps meet only through such keys).
    networks = models.ManyToManyField(
        "partners.Network", verbose_name=_("nätverk ur registret"), blank=True, related_name="+"
    )
    other_networks = models.TextField(
        _("andra nätverk"),
        max_length=2000,
        blank=True,
        help_text=_(
            "Nätverk som inte finns i registret, ett per rad, gärna med din roll, t.ex. ”Eurocities, kulturforum – "
            "ledamot”."
        ),
    )
    willing_to_help = models.BooleanField(_("vill hjälpa kollegor"), default=False)
    help_note = models.CharField(
        _("vad du kan hjälpa till med"),
        max_length=500,
        blank=True,
        help_text=_("T.ex. ”läser ansökningar till Interreg” eller ”tolkar på norska vid besök”."),
    )

    show_languages = _visibility_field(_("vem ser språken"))
    show_eu = _visibility_field(_("vem ser EU-kunskapen"))
    show_experience = _visibility_field(_("vem ser erfarenheten"))
    show_networks = _visibility_field(_("vem ser nätverken"))
    show_engagements = _visibility_field(_("vem ser engagemangen ur registret"))
    show_willing = _visibility_field(_("vem ser att du vill hjälpa"))

    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "competence"

    class Meta:
        verbose_name = _("kompetensprofil")
        verbose_name_plural = _("kompetensprofiler")
        ordering = ["user__last_name", "user__first_name", "pk"]

    def __str__(self):
        return str(_("Kompetensprofil för %(name)s") % {"name": display_name(self.user)})

    def shows(self, part: str, viewer) -> bool:
        """Whether `viewer` sees this part: the owner always, others only when the owner made it visible."""
        return viewer is not None and viewer.pk == self.user_id or getattr(self, f"show_{part}") == Visibility.VISIBLE


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


class LanguageSkill(models.Model):
    """A language an employee knows, at a CEFR level."""

    profile = models.ForeignKey(CompetenceProfile, on_delete=models.CASCADE, related_name="languages")
    # An ISO 639-1 code of languages.LANGUAGES (checked by the actions); no choices here, so the names can be
    # corrected in the data module without a migration.
    language = models.CharField(_("språk"), max_length=2)
    level = models.CharField(_("nivå"), max_length=2, choices=Level.choices)

    class Meta:
        verbose_name = _("språkkunskap")
        verbose_name_plural = _("språkkunskaper")
        ordering = ["profile", "language"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="competence_one_level_per_language")
        ]
        indexes = [models.Index(fields=["language", "level"])]

    def __str__(self):
        return f"{self.name} {self.level}"

    @property
    def name(self) -> str:
        return language_name(self.language)


class Experience(models.Model):
    """International experience: where (a country and/or a place), when and what the employee did."""

    profile = models.ForeignKey(CompetenceProfile, on_delete=models.CASCADE, related_name="experiences")
    country = CountryField(_("land"), blank=True)
    place = models.CharField(
        _("ort eller region"), max_length=200, blank=True, help_text=_("T.ex. Skottland, Bryssel eller Nordkalotten.")
    )
    start_year = models.PositiveSmallIntegerField(_("från år"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("till år"), null=True, blank=True)
    description = models.TextField(
        _("vad du gjorde"), max_length=2000, help_text=_("T.ex. ”arbetade två år på en skola i Edinburgh”.")
    )

    class Meta:
        verbose_name = _("internationell erfarenhet")
        verbose_name_plural = _("internationella erfarenheter")
        ordering = ["profile", "-start_year", "pk"]
        indexes = [models.Index(fields=["country"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="competence_experience_end_after_start",
                violation_error_message=_("Slutåret kan inte ligga före startåret."),
            )
        ]

    def __str__(self):
        return f"{self.where} {self.years}".strip()

    @property
    def where(self) -> str:
        return ", ".join(p for p in (self.place, str(self.country.name) if self.country else "") if p)

    @property
    def years(self) -> str:
        return years_text(self.start_year, self.end_year)


def years_text(start, end) -> str:
    if start and end and end != start:
        return f"{start}–{end}"
    if start and end is None:
        return f"{start}–"
    return str(start or end or "")
