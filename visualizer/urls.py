from django.urls import path

from visualizer import views

urlpatterns = [
    path("", views.home, name="home"),
    path("clusters/<str:name>/", views.dashboard, name="dashboard"),
    path("clusters/<str:name>/kubeconfig", views.kubeconfig, name="kubeconfig"),
]
