"""Gifts given or received on a trip or during a visit (R-62): one add/edit page and one remove, for both.

Both URL families (.../resor/<trip>/gavor/ and .../besok/<visit>/gavor/) lead here. A gift follows its
engagement's permission: 404 when the user may not see the engagement, 403 when they may see but not change
it; a gift of another trip or visit is 404.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utblick.core.editing import submit
from utblick.engagements import gift_actions as actions
from utblick.engagements.gift_forms import GiftForm
from utblick.engagements.models_trips import Trip
from utblick.engagements.models_visits import Visit
from utblick.engagements.views.access import get_changeable_engagement


@dataclass(frozen=True)
class Owner:
    """The trip or visit a gift page is about, with what the page says about it."""

    obj: Trip | Visit
    field: str  # the Gift field that points to it
    url: str  # its page, where the gift pages lead back to
    back: str
    name: str


def _owner(engagement, trip: int | None, visit: int | None) -> Owner:
    if trip is not None:
        obj = get_object_or_404(engagement.trips, pk=trip)
        field, back, name = "trip", _("Tillbaka till resan"), obj.destination
    else:
        obj = get_object_or_404(engagement.visits, pk=visit)
        field, back, name = "visit", _("Tillbaka till besöket"), obj.title
    obj.engagement = engagement  # already fetched with its permission checked
    url = reverse(f"engagements:{field}_detail", args=[engagement.pk, obj.pk])
    return Owner(obj=obj, field=field, url=url, back=back, name=f"{name}, {obj.start_date:%Y-%m-%d}")


def _gift(owner: Owner, pk: int):
    gift = get_object_or_404(owner.obj.gifts, pk=pk)
    setattr(gift, owner.field, owner.obj)
    return gift


def edit(request, pk, trip=None, visit=None, gift=None):
    """Record a new gift on the trip or visit, or change one of its gifts."""
    engagement = get_changeable_engagement(request, pk)
    owner = _owner(engagement, trip, visit)
    entry = _gift(owner, gift) if gift is not None else None
    form = GiftForm(request.POST or None, initial=GiftForm.initial_for(entry) if entry else None)

    def save(data):
        if entry is None:
            actions.add_gift(owner.obj, by=request.user, fields=data)
        else:
            actions.update_gift(entry, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Gåvan är sparad."))
        return redirect(owner.url)
    title = _("Ny gåva") if entry is None else _("Ändra gåvan")
    return render(
        request, "engagements/gift_form.html", {"engagement": engagement, "owner": owner, "form": form, "title": title}
    )


@require_POST
def remove(request, pk, gift, trip=None, visit=None):
    engagement = get_changeable_engagement(request, pk)
    owner = _owner(engagement, trip, visit)
    actions.remove_gift(_gift(owner, gift), by=request.user)
    messages.success(request, _("Gåvan är borttagen."))
    return redirect(owner.url)
