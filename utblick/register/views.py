"""The directory shared with local actors (R-31): networks, organisations and consenting contact persons."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from utblick.core.permissions import ensure_role


@require_GET
def directory(request):
    ensure_role(request.user, "directory", "view")
    return render(request, "register/directory.html", {})
