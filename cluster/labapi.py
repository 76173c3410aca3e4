"""A client for KubeLab's own API (`/lab/clusters/NAME/...`), shared by the command-line
tools: `kubelab kubectl` and the `kubectl-lab` plugin."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# The user that a loopback-only KubeLab makes its owner, whose token `kubelab up` writes.
LOCAL_OWNER = "admin"


class LabAPIError(Exception):
    """KubeLab refused, could not be reached, or answered nonsense; the message says which."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def cluster_url(server: str, cluster: str, endpoint: str) -> str:
    return f"{server.rstrip('/')}/lab/clusters/{urllib.parse.quote(cluster, safe='')}/{endpoint}"


def opener_for(url: str) -> urllib.request.OpenerDirector:
    """No HTTP proxy between this machine and itself."""
    if urllib.parse.urlsplit(url).hostname in LOOPBACK_HOSTS:
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def token_in(data_dir: Path) -> str:
    """The owner's API token that `kubelab up` wrote into its data dir."""
    path = data_dir / "token"
    try:
        token = path.read_text().strip()
    except FileNotFoundError:
        raise LabAPIError(
            f"no API token at {path}; run 'kubelab up' there first, pass --data-dir, "
            "or set KUBELAB_TOKEN"
        ) from None
    if not token:
        raise LabAPIError(f"{path} is empty")
    return token


def post(url: str, token: str, payload: Any, timeout: float) -> dict[str, Any]:
    """POST JSON with a bearer token; the decoded JSON answer."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
        method="POST",
    )
    server = urllib.parse.urlunsplit((*urllib.parse.urlsplit(url)[:2], "", "", ""))
    try:
        with opener_for(url).open(request, timeout=timeout) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise LabAPIError(_message(error), error.code) from None
    except TimeoutError:
        raise LabAPIError(f"KubeLab at {server} did not answer in time") from None
    except ValueError:
        raise LabAPIError(f"KubeLab at {server} sent an answer that is not JSON") from None
    except (OSError, http.client.HTTPException):
        raise LabAPIError(f"cannot reach KubeLab at {server} (is 'kubelab up' running?)") from None
    if not isinstance(answer, dict):
        raise LabAPIError(f"KubeLab at {server} sent an answer that is not a JSON object")
    return answer


def _message(error: urllib.error.HTTPError) -> str:
    """The message KubeLab put in an error response, else the HTTP status."""
    try:
        message = json.loads(error.read()).get("message")
    except (OSError, ValueError, AttributeError):
        message = None
    return str(message) if message else f"KubeLab answered HTTP {error.code} {error.reason}"
