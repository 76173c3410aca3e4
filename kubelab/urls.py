"""URL routes: the dashboard, KubeLab's own API, each cluster's Kubernetes API and the
health check."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from cluster.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("lab/", include("cluster.urls")),
    path("k8s/<str:owner>/<str:cluster>/", include("cluster.kubeapi.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("", include("visualizer.urls")),
]
