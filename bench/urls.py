"""Utblick's URLs plus /bench/ok: the floor a request costs through the whole middleware stack."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from utblick.urls import urlpatterns as utblick_urlpatterns


@login_not_required
def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok, name="bench_ok"), *utblick_urlpatterns]
