"""The dashboard's pages: the kubeconfig download, which only the cluster's owner gets."""

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from pytest_django.fixtures import Settings

from cluster import selectors
from cluster.models import Cluster
from kubelab import tls

pytestmark = pytest.mark.django_db


def make_user(username: str) -> AbstractBaseUser:
    return get_user_model().objects.create_user(username=username, password="pw")


@pytest.fixture
def owner() -> AbstractBaseUser:
    user = make_user("ada")
    Cluster.objects.create(owner=user, name="lab-1", seed=1, epoch=0, admin_token="t")
    return user


@pytest.fixture
def ca_file(tmp_path: Path, settings: Settings) -> Path:
    pki = tls.ensure(tmp_path, tls.server_names(), datetime.now(UTC))
    settings.KUBELAB_CA_FILE = str(pki.ca_cert)
    settings.KUBELAB_API_PORT = 16443
    settings.ALLOWED_HOSTS = ["testserver", "[::1]"]
    return pki.ca_cert


def logged_in(user: AbstractBaseUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_owner_downloads_a_kubeconfig_with_a_new_token_of_theirs(
    owner: AbstractBaseUser, ca_file: Path
) -> None:
    response = logged_in(owner).get("/clusters/lab-1/kubeconfig")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml"
    assert response["Content-Disposition"] == 'attachment; filename="lab-1.kubeconfig"'
    assert response["Cache-Control"] == "no-store"
    config = yaml.safe_load(response.content)
    assert config["current-context"] == "kubernetes-admin@lab-1"
    cluster = config["clusters"][0]
    assert cluster["name"] == "lab-1"
    assert cluster["cluster"]["server"] == "https://testserver:16443/k8s/ada/lab-1"
    assert base64.b64decode(cluster["cluster"]["certificate-authority-data"]) == (
        ca_file.read_bytes()
    )
    token = config["users"][0]["user"]["token"]
    assert selectors.user_for_token(token) == owner


def test_each_download_has_a_token_of_its_own(owner: AbstractBaseUser, ca_file: Path) -> None:
    client = logged_in(owner)
    tokens = {
        yaml.safe_load(client.get("/clusters/lab-1/kubeconfig").content)["users"][0]["user"][
            "token"
        ]
        for _ in range(2)
    }
    assert len(tokens) == 2


def test_the_server_is_the_host_the_page_was_asked_from(
    owner: AbstractBaseUser, ca_file: Path
) -> None:
    response = logged_in(owner).get("/clusters/lab-1/kubeconfig", HTTP_HOST="[::1]:8000")
    server = yaml.safe_load(response.content)["clusters"][0]["cluster"]["server"]
    assert server == "https://[::1]:16443/k8s/ada/lab-1"


def test_the_kubeconfig_tells_kubectl_lab_where_kubelab_is(
    owner: AbstractBaseUser, ca_file: Path
) -> None:
    response = logged_in(owner).get("/clusters/lab-1/kubeconfig", HTTP_HOST="[::1]:8000")
    cluster = yaml.safe_load(response.content)["clusters"][0]["cluster"]
    assert cluster["extensions"] == [
        {"name": "kubelab", "extension": {"server": "http://[::1]:8000", "cluster": "lab-1"}}
    ]


def test_nobody_else_learns_that_the_cluster_exists(owner: AbstractBaseUser, ca_file: Path) -> None:
    assert logged_in(make_user("eve")).get("/clusters/lab-1/kubeconfig").status_code == 404
    anonymous = Client().get("/clusters/lab-1/kubeconfig")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")


def test_the_dashboard_links_to_the_download(owner: AbstractBaseUser, ca_file: Path) -> None:
    page = logged_in(owner).get("/clusters/lab-1/").content.decode()
    assert 'href="/clusters/lab-1/kubeconfig" download' in page
