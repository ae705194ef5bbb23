"""Placeholder: being written."""

from django.http import HttpResponse


def add(request, **kwargs):
    return HttpResponse("Under arbete")
