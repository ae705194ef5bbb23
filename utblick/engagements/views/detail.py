"""Placeholder: being written."""

from django.http import HttpResponse


def detail(request, **kwargs):
    return HttpResponse("Under arbete")


def move(request, **kwargs):
    return HttpResponse("Under arbete")


def history(request, **kwargs):
    return HttpResponse("Under arbete")


def archive(request, **kwargs):
    return HttpResponse("Under arbete")


def restore(request, **kwargs):
    return HttpResponse("Under arbete")
