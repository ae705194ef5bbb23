"""The municipality's international policy as data: objectives, priority criteria and areas."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from utblick.core.permissions import RestrictedQuerySet


class Policy(models.Model):
    """The adopted policy document that the objectives and priorities come from."""

    municipality = models.CharField(_("kommun"), max_length=200, unique=True)
    name = models.CharField(_("namn"), max_length=300)
    adopted = models.CharField(
        _("antagen"), max_length=200, blank=True, help_text=_("När och av vem, t.ex. ”KF 2015-06-16 § 54”.")
    )
    purpose = models.TextField(_("syfte"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "policy"

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policyer")

    def __str__(self):
        return self.name


class PolicyItem(models.Model):
    """What objectives, criteria and areas share: a code, a name, an order and whether it is in use."""

    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.PROTECT)
    code = models.CharField(_("kod"), max_length=20, help_text=_("Kort kod som visas i listor, t.ex. ”M1”."))
    name = models.CharField(_("namn"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(
        _("används"), default=True, help_text=_("Avmarkera i stället för att ta bort: historiken behåller kopplingen.")
    )

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "policy"

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Objective(PolicyItem):
    """A goal (mål) of the policy that engagements contribute to."""

    class Meta(PolicyItem.Meta):
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [models.UniqueConstraint(fields=["policy", "code"], name="unique_objective_code")]


class PriorityCriterion(PolicyItem):
    """A prioritised area (prioriterat område) that a proposed engagement is assessed against."""

    class Suggestion(models.TextChoices):
        NONE = "", _("Bedöms manuellt")
        EUROPEAN_PARTNER = "european_partner", _("Föreslås när en partner finns i ett annat europeiskt land")
        ESTABLISHED_PARTNER = (
            "established_partner",
            _("Föreslås när en partner redan varit med i ett tidigare engagemang"),
        )

    suggestion = models.CharField(_("förslag från data"), max_length=30, choices=Suggestion.choices, blank=True)

    class Meta(PolicyItem.Meta):
        verbose_name = _("prioriteringskriterium")
        verbose_name_plural = _("prioriteringskriterier")
        constraints = [models.UniqueConstraint(fields=["policy", "code"], name="unique_criterion_code")]


class Area(PolicyItem):
    """A field of the vision that engagements belong to: business, schools, culture, municipal operations."""

    class Meta(PolicyItem.Meta):
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        constraints = [models.UniqueConstraint(fields=["policy", "code"], name="unique_area_code")]
