"""The dashboard page of one cluster, and its kubeconfig for the real kubectl."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from cluster import kubeconfig as kubeconfigs
from cluster import selectors, services
from cluster.models import ApiToken


def home(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard", name="default")


@login_required
def dashboard(request: HttpRequest, name: str) -> HttpResponse:
    if selectors.cluster_of(request.user, name) is None:
        raise Http404(f'cluster "{name}" not found')
    context = {"cluster": name, "ws_path": f"/ws/clusters/{name}/"}
    return render(request, "visualizer/dashboard.html", context)


@login_required
def kubeconfig(request: HttpRequest, name: str) -> HttpResponse:
    """The cluster's kubeconfig as a download. Its token is a new API token of the owner:
    tokens are kept only as hashes, so none already issued can be handed out again."""
    if selectors.cluster_of(request.user, name) is None:
        raise Http404(f'cluster "{name}" not found')
    ca = services.root_ca()
    if not ca:
        raise Http404("the Kubernetes API is served only by 'kubelab up'")
    text = kubeconfigs.kubeconfig(
        cluster=name,
        server=kubeconfigs.server_url(_api_url(request), request.user.get_username(), name),
        ca_pem=ca.encode(),
        token=ApiToken.issue(request.user),
        lab_server=request.build_absolute_uri("/"),
    )
    response = HttpResponse(text, content_type="application/yaml")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.kubeconfig")
    response["Cache-Control"] = "no-store"  # it carries a token
    return response


def _api_url(request: HttpRequest) -> str:
    """The API port on the host the page was asked from: reachable from the same browser."""
    host = urlsplit(f"//{request.get_host()}").hostname or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"https://{host}:{settings.KUBELAB_API_PORT}/"
