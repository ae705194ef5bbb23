"""Placeholder: being written."""

from django.http import HttpResponse


def export(request, **kwargs):
    return HttpResponse("Under arbete")
