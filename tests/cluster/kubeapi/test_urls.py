"""Which view each path of a cluster's API reaches."""

import pytest
from django.urls import resolve

from cluster.kubeapi import views


@pytest.mark.parametrize("path", ["foo/bar", "apis", "version"])
def test_a_path_nothing_else_serves_reaches_the_404_status_view(path: str) -> None:
    match = resolve(f"/k8s/admin/default/{path}")
    assert (match.func is views.unknown_path) == (path == "foo/bar")
