"""Organisation pages: everyone internal reads the unit tree and its people; the coordinator edits them."""

from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from utblick.core.editing import form_page
from utblick.core.history import history_of
from utblick.core.permissions import can, ensure_role
from utblick.organisation import actions
from utblick.organisation.forms import PersonForm, UnitForm
from utblick.organisation.models import OrgUnit, Person


def overview(request):
    """The unit tree, indented, and the people of each unit."""
    ensure_role(request.user, "organisation", "view")
    units = OrgUnit.tree(OrgUnit.objects.restrict(request.user, "view").select_related("parent"))
    people_by_unit: dict[int, list[Person]] = {}
    for person in Person.objects.restrict(request.user, "view").order_by("name", "pk"):
        people_by_unit.setdefault(person.unit_id, []).append(person)
    rows = [{"unit": unit, "depth": depth, "people": people_by_unit.get(unit.pk, [])} for unit, depth in units]
    context = {
        "rows": rows,
        "has_people": bool(people_by_unit),
        "can_change": can(request.user, "change", "organisation"),
    }
    return render(request, "organisation/overview.html", context)


def _edit(request, *, form_class, obj, fields, create, update, noun, anchor):
    """One page flow for units and people: add when obj is None, otherwise change obj."""
    ensure_role(request.user, "organisation", "change")
    if obj is None:
        title = _("Lägg till %(kind)s") % {"kind": noun}
        initial = {"is_active": True}

        def save(data):
            return create(by=request.user, fields=data)

    else:
        title = _("Ändra %(kind)s %(name)s") % {"kind": noun, "name": obj.name}
        initial = model_to_dict(obj, fields=fields)

        def save(data):
            return update(obj, by=request.user, fields=data)

    return form_page(
        request,
        form_class=form_class,
        initial=initial,
        save=save,
        title=title,
        back_url=reverse("organisation:overview") + anchor,
        back_label=_("Tillbaka till organisationen"),
        history=history_of(obj) if obj else (),
        lead=_("Inget tas bort: avmarkera ”Aktiv” när en enhet eller person inte längre ska väljas."),
    )


def _changeable(request, model, pk):
    ensure_role(request.user, "organisation", "change")
    return None if pk is None else get_object_or_404(model.objects.restrict(request.user, "change"), pk=pk)


def unit_edit(request, pk: int | None = None):
    """Add or change a unit: name, code, kind, place in the tree, active."""
    return _edit(
        request,
        form_class=UnitForm,
        obj=_changeable(request, OrgUnit, pk),
        fields=actions.UNIT_FIELDS,
        create=actions.create_unit,
        update=actions.update_unit,
        noun=_("enhet"),
        anchor="#enheter",
    )


def person_edit(request, pk: int | None = None):
    """Add or change a person: name, förtroendevald or tjänsteman, title, e-mail, unit, active."""
    return _edit(
        request,
        form_class=PersonForm,
        obj=_changeable(request, Person, pk),
        fields=actions.PERSON_FIELDS,
        create=actions.create_person,
        update=actions.update_person,
        noun=_("person"),
        anchor="#personer",
    )
