"""The paths of one cluster's Kubernetes API, relative to /k8s/<owner>/<cluster>/."""

from django.urls import path, re_path

from cluster.kubeapi import views

urlpatterns = [
    path("", views.root),
    re_path(r"^version/?$", views.server_version),
    re_path(r"^(?:healthz|livez|readyz)(?:/[a-z0-9/-]+)?/?$", views.health),
    re_path(r"^api/?$", views.core_api),
    re_path(r"^apis/?$", views.api_groups),
    re_path(r"^api/v1/?$", views.api_resources),
    re_path(r"^apis/(?P<group>[^/]+)/?$", views.api_group),
    re_path(r"^apis/(?P<group>[^/]+)/(?P<version>[^/]+)/?$", views.api_resources),
    path("api/v1/<path:path>", views.core_resource),
    path("apis/<str:group>/<str:version>/<path:path>", views.group_resource),
    path("openapi/v2", views.openapi_v2),
    re_path(r"^openapi/v3/?$", views.openapi_v3),
    path("openapi/v3/<path:path>", views.openapi_v3_document),
    re_path(r"^", views.unknown_path),  # what kube-apiserver's NotFoundHandler answers
]
