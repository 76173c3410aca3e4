import orjson

from cluster.engine.store import codec


def test_share_keeps_the_old_version_made_of_the_new_one_s_equal_parts():
    old = {"metadata": {"name": "p", "resourceVersion": "5"}, "spec": {"a": [1, {"b": 2}]}}
    new = {"metadata": {"name": "p", "resourceVersion": "9"}, "spec": {"a": [1, {"b": 2}]}}
    shared = codec.share(old, new)
    assert orjson.dumps(shared) == orjson.dumps(old)
    assert shared["spec"] is new["spec"]
    assert shared["metadata"]["name"] is new["metadata"]["name"]
    assert shared["metadata"]["resourceVersion"] == "5"


def test_share_never_takes_a_part_that_only_compares_equal():
    old = {"ready": True, "order": {"a": 1, "b": 2}, "n": [1]}
    new = {"ready": 1, "order": {"b": 2, "a": 1}, "n": [1.0]}
    shared = codec.share(old, new)
    assert orjson.dumps(shared) == orjson.dumps(old)
    assert shared["order"] is not new["order"]
    assert shared["n"] is not new["n"]
