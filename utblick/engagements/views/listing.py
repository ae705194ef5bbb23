"""Placeholder: being written."""

from django.http import HttpResponse


def engagement_list(request, **kwargs):
    return HttpResponse("Under arbete")
