"""The LimitRanger admission plugin on a pod's resize: the namespace's LimitRanges bound the
new resources as they bound a new pod's, and give a container the defaults it lacks."""

from cluster.engine.cluster import Cluster
from tests.cluster.engine.controllers.helpers import API

STRATEGIC = "application/strategic-merge-patch+json"


def resize_to(api, resources):
    body = {"spec": {"containers": [{"name": "app", "resources": resources}]}}
    return api.request(
        "patch", "pods", name="web", subresource="resize", body=body, content_type=STRATEGIC
    )


def started(limits):
    api = API(Cluster())
    resources = {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"cpu": "200m"}}
    container = {"name": "app", "image": "nginx", "resources": resources}
    api.create("pods", {"metadata": {"name": "web"}, "spec": {"containers": [container]}})
    api.create("limitranges", {"metadata": {"name": "limits"}, "spec": {"limits": [limits]}})
    return api


def test_a_resize_past_a_limit_ranges_maximum_is_refused():
    api = started({"type": "Container", "max": {"cpu": "1"}})
    refused = resize_to(api, {"limits": {"cpu": "2"}})
    assert (refused.code, refused.body["message"]) == (
        403,
        'pods "web" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    )
    assert resize_to(api, {"limits": {"cpu": "1"}}).code == 200


def test_a_resize_takes_the_defaults_of_a_limit_range_but_not_its_annotation():
    api = started({"type": "Container", "default": {"memory": "256Mi"}})
    resized = resize_to(api, {"limits": {"cpu": "300m"}}).body
    assert resized["spec"]["containers"][0]["resources"] == {
        "requests": {"cpu": "100m", "memory": "64Mi"},
        "limits": {"cpu": "300m", "memory": "256Mi"},
    }
    assert "annotations" not in resized["metadata"]
