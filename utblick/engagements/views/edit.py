"""Placeholder: being written."""

from django.http import HttpResponse


def create(request, **kwargs):
    return HttpResponse("Under arbete")


def update(request, **kwargs):
    return HttpResponse("Under arbete")
