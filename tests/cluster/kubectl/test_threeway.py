"""Client-side apply's patches: the last-applied annotation and three-way strategic merges."""

import json

from cluster.kubectl import threeway


def deployment(**spec):
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": spec,
    }


def test_the_annotation_holds_the_object_without_itself_as_go_writes_json():
    applied = threeway.with_last_applied(deployment(replicas=2))
    text = applied["metadata"]["annotations"][threeway.ANNOTATION]
    assert text == (
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},'
        '"name":"web","namespace":"default"},"spec":{"replicas":2}}\n'
    )
    assert json.loads(text)["metadata"]["annotations"] == {}


def test_go_json_escapes_html_characters():
    assert threeway.go_json({"a": "<b>&"}) == '{"a":"\\u003cb\\u003e\\u0026"}\n'


def test_nothing_changed_is_an_empty_patch_even_with_server_defaults():
    applied = deployment(
        replicas=2, template={"spec": {"containers": [{"name": "c", "image": "x"}]}}
    )
    live = deployment(
        replicas=2,
        paused=False,
        template={
            "spec": {"containers": [{"name": "c", "image": "x", "imagePullPolicy": "Always"}]}
        },
    )
    assert threeway.patch(applied, applied, live) == {}


def test_a_field_dropped_since_the_last_apply_is_deleted_and_a_changed_one_set():
    original = deployment(replicas=2, minReadySeconds=5)
    modified = deployment(replicas=3)
    live = deployment(replicas=2, minReadySeconds=5, revisionHistoryLimit=10)
    assert threeway.patch(original, modified, live) == {
        "spec": {"minReadySeconds": None, "replicas": 3}
    }


def test_containers_merge_by_name_and_a_dropped_one_is_deleted():
    def spec(*containers):
        return deployment(template={"spec": {"containers": list(containers)}})

    original = spec({"name": "a", "image": "x"}, {"name": "b", "image": "y"})
    modified = spec({"name": "a", "image": "x2"})
    live = spec(
        {"name": "a", "image": "x", "imagePullPolicy": "Always"}, {"name": "b", "image": "y"}
    )
    patch = threeway.patch(original, modified, live)
    assert patch == {
        "spec": {
            "template": {
                "spec": {
                    "$setElementOrder/containers": [{"name": "a"}],
                    "containers": [{"name": "b", "$patch": "delete"}, {"name": "a", "image": "x2"}],
                }
            }
        }
    }


def test_a_merge_patch_between_two_objects():
    old = {"metadata": {"labels": {"a": "1", "b": "2"}}}
    new = {"metadata": {"labels": {"a": "1", "c": "3"}}}
    assert threeway.merge_patch(old, new) == {"metadata": {"labels": {"b": None, "c": "3"}}}


def test_a_map_that_keeps_only_its_keys_says_which():
    original = deployment(replicas=1)
    modified = deployment(replicas=1, strategy={"type": "Recreate"})
    live = deployment(
        replicas=1,
        strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}},
    )
    assert threeway.patch(original, modified, live) == {
        "spec": {"strategy": {"type": "Recreate", "$retainKeys": ["type"]}}
    }
