from django.urls import path

from cluster import views

urlpatterns = [
    path("clusters/<str:name>/kubectl", views.kubectl, name="cluster-kubectl"),
    path("clusters/<str:name>/lab", views.lab, name="cluster-lab"),
]
