"""What the well-known servers answer, byte for byte: nginx's welcome and error pages, and
Apache httpd's "It works!"; and nginx's answers with the files of its document root."""

from cluster.engine.node.process import Route


def _nginx_html(title: str, body: str) -> str:
    """A page of nginx's html directory: its head and style, then the body."""
    return f"""<!DOCTYPE html>
<html>
<head>
<title>{title}</title>
<style>
html {{ color-scheme: light dark; }}
body {{ width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }}
</style>
</head>
<body>
{body}</body>
</html>
"""


NGINX_WELCOME = _nginx_html(
    "Welcome to nginx!",
    """<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
""",
)
NGINX_50X = _nginx_html(
    "Error",
    """<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
""",
)

HTTPD_IT_WORKS = "<html><body><h1>It works!</h1></body></html>\n"

HTML = "text/html"
# their own error pages, as they send them for a path they do not serve
HTTPD_NOT_FOUND = """<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
"""


def nginx_not_found(version: str) -> str:
    return nginx_page("404 Not Found", version)


def nginx_page(status: str, version: str) -> str:
    """nginx's own page for a status it answers with (ngx_http_special_response)."""
    return (
        f"<html>\r\n<head><title>{status}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status}</h1></center>\r\n"
        f"<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n"
    )


_NGINX_STATUS = {301: "301 Moved Permanently", 403: "403 Forbidden"}
# nginx's mime.types, for the files a page is made of; others are default_type's
_NGINX_TYPES = {
    "html": HTML,
    "htm": HTML,
    "shtml": HTML,
    "css": "text/css",
    "xml": "text/xml",
    "txt": "text/plain",
    "js": "application/javascript",
    "json": "application/json",
    "svg": "image/svg+xml",
}
NGINX_DEFAULT_TYPE = "application/octet-stream"


def nginx_error(path: str, status: int, release: tuple[int, ...]) -> Route:
    """nginx's answer with its own page: 301 for a directory asked without its slash, 403
    for one without an index file."""
    page = nginx_page(_NGINX_STATUS[status], ".".join(map(str, release)))
    return Route(path, status, len(page.encode()), body=page, content_type=HTML)


def served(path: str, content: str) -> Route:
    """nginx's answer with a file: its content, typed by its extension."""
    name = path.partition("?")[0].rstrip("/").rsplit("/", 1)[-1]
    if path.partition("?")[0].endswith("/"):
        name = "index.html"
    extension = name.rpartition(".")[2] if "." in name else ""
    kind = _NGINX_TYPES.get(extension.lower(), NGINX_DEFAULT_TYPE)
    return Route(path, 200, len(content.encode()), body=content, content_type=kind)
