"""Shared plumbing for the simple edit pages: a plain form built from model fields, and the page flow.

Forms here never touch a model instance: the page hands the cleaned data to an action, which is the
only code that writes (ARCHITECTURE.md, "Layers").
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def fields_form(model, names, *, base=forms.Form, widgets=None, name=None) -> type[forms.Form]:
    """A Form class with the model's own fields (labels, lengths, choices), each required one asking to be filled in."""
    fields = forms.fields_for_model(model, fields=names, widgets=widgets)
    for field in fields.values():
        if field.required:
            field.error_messages["required"] = _RequiredMessage(field.label)
    return type(name or f"{model.__name__}Form", (base,), fields)


class _RequiredMessage:
    """Rendered lazily, so the message follows the language of the request."""

    def __init__(self, label):
        self.label = label

    def __str__(self):
        return _("Fyll i fältet ”%(label)s”.") % {"label": self.label}


def add_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show an action's ValidationError next to the fields it names, the rest above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def submit(form: forms.Form, save) -> bool:
    """Run the action `save(cleaned_data)` on a valid form; its Swedish error sentences go to the fields they concern."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc)
        return False
    return True


def form_page(request, *, form_class, initial, save, title, back_url, back_label, history=(), lead=""):
    """GET shows the form; a valid POST calls save(cleaned_data) (an action) and returns to back_url."""
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                return redirect(back_url)
    else:
        form = form_class(initial=initial)
    context = {
        "form": form,
        "title": title,
        "back_url": back_url,
        "back_label": back_label,
        "history": history,
        "lead": lead,
    }
    return render(request, "core/edit_page.html", context)
