"""Placeholder: being written."""

from django.http import HttpResponse


def assess(request, **kwargs):
    return HttpResponse("Under arbete")
