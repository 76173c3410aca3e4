from django.urls import path

from visualizer import consumers

websocket_urlpatterns = [
    path("ws/clusters/<str:name>/", consumers.ClusterConsumer.as_asgi()),
]
