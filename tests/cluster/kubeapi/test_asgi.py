"""The Kubernetes API's handler: requests under /k8s/ skip the site's middleware (no session,
no site headers) and still say how long their bodies are; the rest of the site keeps it."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import HttpCommunicator
from django.contrib.auth import get_user_model

from cluster.kubeapi import asgi
from cluster.models import ApiToken, Cluster
from kubelab.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def get(path: str, headers: list[tuple[bytes, bytes]]) -> dict:
    response = await HttpCommunicator(application, "GET", path, headers=headers).get_response()
    response["headers"] = {name.lower(): value for name, value in response["headers"]}
    return response


async def test_an_api_answer_has_its_length_and_none_of_the_sites_headers():
    loopback_without_token: list[tuple[bytes, bytes]] = []  # the site would log this one in
    response = await get("/k8s/ada/default/api/v1/pods", loopback_without_token)
    assert response["status"] == 401
    assert json.loads(response["body"])["reason"] == "Unauthorized"
    assert response["headers"][b"content-length"] == str(len(response["body"])).encode()
    assert response["headers"][b"cache-control"] == b"no-cache, private"
    for site_header in (b"x-frame-options", b"x-content-type-options", b"set-cookie"):
        assert site_header not in response["headers"]


async def test_the_clusters_base_path_without_its_slash_is_redirected_to_it():
    response = await get("/k8s/ada/default", [(b"host", b"127.0.0.1")])
    assert response["status"] == 301
    assert response["headers"][b"location"] == b"/k8s/ada/default/"


async def test_the_sites_pages_keep_their_middleware():
    response = await get("/k8s-not-the-api", [(b"host", b"127.0.0.1")])
    assert response["status"] == 404
    assert response["headers"][b"x-frame-options"] == b"DENY"


def owner_with_clusters(*names: str) -> bytes:
    """A user owning these clusters (records only), and their token."""
    user = get_user_model().objects.create_user(username="ada", password="pw")
    for name in names:
        Cluster.objects.create(owner=user, name=name, seed=1, epoch=0, admin_token=name)
    return ApiToken.issue(user).encode()


async def test_the_apis_paths_at_the_root_reach_the_one_cluster_of_the_tokens_user():
    token = await sync_to_async(owner_with_clusters)("default")
    response = await get("/version", [(b"authorization", b"Bearer " + token)])
    assert response["status"] == 200
    assert json.loads(response["body"])["gitVersion"].startswith("v1.")


async def test_at_the_root_several_clusters_or_none_say_where_each_clusters_api_is():
    token = await sync_to_async(owner_with_clusters)("default", "dev")
    for headers in ([(b"authorization", b"Bearer " + token)], []):
        response = await get("/api/v1/pods", headers)
        assert response["status"] == 404
        assert json.loads(response["body"])["message"] == asgi.ROOT_NOT_FOUND
