"""The dashboard page of one cluster."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cluster import selectors


def home(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard", name="default")


@login_required
def dashboard(request: HttpRequest, name: str) -> HttpResponse:
    if selectors.cluster_of(request.user, name) is None:
        raise Http404(f'cluster "{name}" not found')
    context = {"cluster": name, "ws_path": f"/ws/clusters/{name}/"}
    return render(request, "visualizer/dashboard.html", context)
