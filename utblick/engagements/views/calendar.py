"""The calendar page (month and list views, unit filter), its Outlook subscriptions and the iCalendar feeds."""

import calendar as stdlib_calendar
import datetime
from collections import defaultdict

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from icalendar import Calendar as ICalendar
from icalendar import Event as IEvent

from utblick.core.models import CalendarToken
from utblick.core.permissions import can, ensure_role
from utblick.engagements.calendar import create_unit_feed, events, personal_feed, renew_feed
from utblick.organisation.forms import unit_choices, unit_field
from utblick.organisation.models import OrgUnit

LIST_DAYS = 180  # the list view shows the coming half year
FEED_PAST_DAYS = 365  # the feeds carry one year back ...
FEED_FUTURE_DAYS = 2 * 365  # ... and two years ahead


def parse_month(value: str) -> datetime.date | None:
    """'2026-11' -> 2026-11-01; None when the text is not a month between the years 1900 and 2100."""
    try:
        year, month = value.split("-")
        if len(year) != 4 or not 1900 <= int(year) <= 2100:
            return None
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        return None


class CalendarFilterForm(forms.Form):
    month = forms.CharField(
        label=gettext_lazy("Månad"),
        required=False,
        help_text=gettext_lazy("År och månad, t.ex. 2026-11."),
    )
    unit = unit_field(gettext_lazy("Välj en enhet i listan."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(_("Alla enheter"))

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(_("Ange månaden som år och månad med siffror, t.ex. 2026-11."))
        return month

    def unit_ids(self):
        unit = self.cleaned_data.get("unit")
        return None if unit is None else OrgUnit.with_descendants([unit])


class UnitFeedForm(forms.Form):
    unit = unit_field(gettext_lazy("Välj en enhet i listan."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "feed")  # the page's filter form has a unit field too
        super().__init__(*args, **kwargs)
        self.fields["unit"].required = True
        self.fields["unit"].error_messages["required"] = _("Välj vilken enhet kalendern ska visa.")
        self.fields["unit"].choices = unit_choices(_("Välj enhet"))


def _shift_month(month: datetime.date, by: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + by
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_weeks(month: datetime.date, found) -> list[dict]:
    """The month as weeks (Monday first), each day with its events; days outside the month are marked."""
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    by_day = defaultdict(list)
    for event in found:
        for offset in range(event.days()):
            by_day[event.start + datetime.timedelta(days=offset)].append(event)
    today = timezone.localdate()
    return [
        {
            "number": week[0].isocalendar()[1],
            "days": [
                {"date": day, "in_month": day.month == month.month, "today": day == today, "events": by_day[day]}
                for day in week
            ],
        }
        for week in weeks
    ]


def feed_url(token: CalendarToken) -> str:
    return settings.UTBLICK_BASE_URL.rstrip("/") + reverse("calendar:feed", args=[token.token])


def _subscriptions(user) -> dict:
    personal = personal_feed(user)
    unit_tokens = list(CalendarToken.objects.filter(user=user, unit__isnull=False).select_related("unit"))
    return {
        "personal": {"token": personal, "url": feed_url(personal)},
        "unit_feeds": [{"token": token, "url": feed_url(token)} for token in unit_tokens],
    }


def calendar_page(request):
    """The month view (default) or the list of coming events (?view=list), filtered by unit."""
    ensure_role(request.user, "engagement", "view")
    list_view = request.GET.get("view") == "list"
    form = CalendarFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    today = timezone.localdate()
    month = (form.cleaned_data.get("month") if form.is_bound and valid else None) or today.replace(day=1)
    unit_ids = form.unit_ids() if form.is_bound and valid else None
    unit = form.cleaned_data.get("unit") if form.is_bound and valid else None
    context = {
        "form": form,
        "valid": valid,
        "list_view": list_view,
        "month": month,
        "unit": unit,
        "unit_feed_form": UnitFeedForm(),
        **_subscriptions(request.user),
    }
    if valid and list_view:
        found = events(request.user, today, today + datetime.timedelta(days=LIST_DAYS), unit_ids)
        days = defaultdict(list)
        for event in found:
            days[max(event.start, today)].append(event)
        context["days"] = sorted(days.items())
        context["list_last"] = today + datetime.timedelta(days=LIST_DAYS)
    elif valid:
        weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
        found = events(request.user, weeks[0][0], weeks[-1][-1], unit_ids)
        context.update(
            weeks=month_weeks(month, found),
            weekdays=[date_format(day, "l") for day in weeks[0]],
            month_name=date_format(month, "F Y"),
            previous=_shift_month(month, -1),
            next=_shift_month(month, 1),
            today=today,
        )
    return render(request, "engagements/calendar.html", context)


@require_POST
def create_unit_feed_page(request):
    """A feed of what the user may see of one unit (and the units below it); one per user and unit."""
    ensure_role(request.user, "engagement", "view")
    form = UnitFeedForm(request.POST)
    if not form.is_valid():
        context = {"form": CalendarFilterForm(), "valid": True, "unit_feed_form": form, "list_view": True, "days": []}
        context.update(_subscriptions(request.user))
        return render(request, "engagements/calendar.html", context, status=400)
    unit = get_object_or_404(OrgUnit, pk=form.cleaned_data["unit"])
    create_unit_feed(unit, by=request.user)
    return redirect(reverse("calendar:page") + "#prenumerera")


@require_POST
def renew_feed_page(request, pk):
    """A new secret for one of the user's own feeds: the old URL stops working at once."""
    ensure_role(request.user, "engagement", "view")
    token = get_object_or_404(CalendarToken, pk=pk, user=request.user)
    renew_feed(token, by=request.user)
    return redirect(reverse("calendar:page") + "?renewed=1#prenumerera")


@login_not_required
def feed(request, token):
    """The .ics feed: no login (Outlook cannot log in); the secret token acts as its user, with their rights."""
    subscription = CalendarToken.objects.select_related("user", "unit").filter(token=token).first()
    if subscription is None or not subscription.user.is_active or not can(subscription.user, "view", "engagement"):
        raise Http404
    user, unit = subscription.user, subscription.unit
    today = timezone.localdate()
    found = events(
        user,
        today - datetime.timedelta(days=FEED_PAST_DAYS),
        today + datetime.timedelta(days=FEED_FUTURE_DAYS),
        None if unit is None else OrgUnit.with_descendants([unit.pk]),
    )
    CalendarToken.objects.filter(pk=subscription.pk).update(last_used_at=timezone.now())
    name = unit.name if unit else (user.get_full_name() or user.get_username())
    base = settings.UTBLICK_BASE_URL.rstrip("/")
    host = base.split("://", 1)[-1].split("/", 1)[0] or "utblick"
    cal = ICalendar()
    cal.add("prodid", "-//Härjedalens kommun//Utblick//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Utblick – {name}")
    stamp = timezone.now()
    for event in found:
        vevent = IEvent()
        vevent.add("uid", f"{event.uid}@{host}")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end + datetime.timedelta(days=1))
        vevent.add("summary", event.title)
        vevent.add("url", base + event.url)
        vevent.add("categories", [event.unit])
        vevent.add("transp", "TRANSPARENT")
        cal.add_component(vevent)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="utblick.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
