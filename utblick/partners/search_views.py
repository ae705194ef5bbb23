"""One search box for the whole partner register: organisations, contact persons and networks."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from utblick.core.permissions import ensure_role


@require_GET
def search(request):
    ensure_role(request.user, "partner", "view")
    return render(request, "partners/search.html", {"query": request.GET.get("q", "")})
