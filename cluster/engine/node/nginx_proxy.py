"""nginx as a reverse proxy: gcr.io/google-samples/hello-frontend, the frontend of the docs'
"Connect a Frontend to a Backend Using Services". Its Dockerfile (FROM nginx:1.9.14) removes
the default server and copies in frontend.conf, which sends every request to the upstream
`hello`, the backend Service's name:

    upstream hello {
        server hello;
    }

    server {
        listen 80;

        location / {
            proxy_pass http://hello;
        }
    }

nginx resolves an upstream's name once, while it reads its configuration (getaddrinfo, as
ngx_parse_url does): a name that does not resolve stops it there, with exit code 1. Each
request then connects to the address found (see `Upstream`; the runtime connects it)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from cluster.engine.node import resolver
from cluster.engine.node.images import Image, Reference
from cluster.engine.node.process import (
    PID_STEP,
    Line,
    Process,
    Route,
    Server,
    Stop,
    Text,
    Upstream,
    stamped,
)

if TYPE_CHECKING:
    from cluster.engine.node.programs import Context

IMAGE = "gcr.io/google-samples/hello-frontend"
CONF = "/etc/nginx/conf.d/frontend.conf"
UPSTREAM = "hello"  # the name frontend.conf's upstream block lists as its server
SERVER_LINE = 2  # the line of frontend.conf with `server hello;`
PORT = 80
WORKER = 1 + PID_STEP  # the first (and, with one CPU, only) worker nginx forks
NGINX_TIME = "%Y/%m/%d %H:%M:%S"
_error = partial(stamped, NGINX_TIME)


def frontend(image: Image, reference: Reference, argv: list[str], context: Context) -> Process:
    """nginx -g 'daemon off;' with frontend.conf: no line on start (nginx 1.9's image logs
    from `warn` up), then every request proxied to where `hello` resolved."""
    found = resolver.Resolver(context.pod_network()).getaddrinfo(UPSTREAM)
    if found.error:
        return _not_found(found.elapsed_ms)
    page = bad_gateway(image.version(reference.tag))
    upstream = Upstream(found.address, PORT, WORKER)
    route = Route("", 502, len(page), body=page, content_type="text/html", upstream=upstream)
    server = Server(PORT, found.elapsed_ms, (route,), access_log="nginx")
    return Process(servers=(server,), stop=Stop(0, 0))


def _not_found(at_ms: int) -> Process:
    """nginx's emergency about the name, in its error log (/dev/stderr in the image), then
    again on stderr with its name (ngx_log_error_core writes both when the log's file is
    not stderr's descriptor)."""
    said = f'host not found in upstream "{UPSTREAM}" in {CONF}:{SERVER_LINE}'
    lines = (
        Line(at_ms, _error("", f" [emerg] 1#1: {said}"), "stderr"),
        Line(at_ms, (f"nginx: [emerg] {said}",), "stderr"),
    )
    return Process(lines, exit_ms=at_ms, exit_code=1)


def bad_gateway(version: str) -> str:
    """nginx's 502 page (ngx_http_special_response.c; nginx 1.9's pages set bgcolor)."""
    return (
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
        '<body bgcolor="white">\r\n<center><h1>502 Bad Gateway</h1></center>\r\n'
        f"<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n"
    )


def refused_line(upstream: Upstream, number: int, client: str, path: str) -> Text:
    """The error-log line of a request whose upstream refused the connection: `number` is
    the client's connection's (nginx numbers connections, its upstream ones too)."""
    return _error(
        "",
        f" [error] {upstream.worker}#{upstream.worker}: *{number} connect() failed "
        f"(111: Connection refused) while connecting to upstream, client: {client}, "
        f'server: , request: "GET {path} HTTP/1.1", '
        f'upstream: "http://{upstream.ip}:{upstream.port}{path}"',
    )
