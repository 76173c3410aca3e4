"""ASGI entry point: pages and APIs over HTTP, the dashboard over websockets."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubelab.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from cluster.kubeapi import asgi as kube_asgi  # noqa: E402
from cluster.kubeapi import exec as kube_exec  # noqa: E402
from cluster.kubeapi import podstreams, portforward  # noqa: E402
from visualizer import routing  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": kube_asgi.routed(ASGIStaticFilesHandler(django_asgi_app)),
        "websocket": podstreams.routed(
            AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(routing.websocket_urlpatterns))
            ),
            {
                "exec|attach": kube_exec.ExecConsumer.as_asgi(),
                "portforward": portforward.PortForwardConsumer.as_asgi(),
            },
        ),
    }
)

# The app and its imports live as long as the server: keep them out of garbage collections.
gc.collect()
gc.freeze()
