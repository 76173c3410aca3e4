import copy
import pickle

import orjson
import zstandard

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


def test_a_decoder_holds_what_objects_have_in_common_once():
    decoder = codec.Decoder()
    first = b'{"metadata":{"name":"a","labels":{"app":"web"}},"spec":{"tolerations":[{"key":"k"}]}}'
    second = (
        b'{"metadata":{"name":"b","labels":{"app":"web"}},"spec":{"tolerations":[{"key":"k"}]}}'
    )
    a, b = decoder.decode(first), decoder.decode(second)
    assert (orjson.dumps(a), orjson.dumps(b)) == (first, second)
    assert a["spec"] is b["spec"]
    assert a["metadata"]["labels"] is b["metadata"]["labels"]
    assert a["metadata"] is not b["metadata"]


def test_a_decoder_tells_apart_values_that_only_compare_equal():
    decoder = codec.Decoder()
    data = [
        b'{"a":true}',
        b'{"a":1}',
        b'{"a":1.0}',
        b'{"a":-0.0}',
        b'{"a":0.0}',
        b'{"b":1,"a":1}',
        b'{"a":1,"b":1}',
    ]
    assert [orjson.dumps(decoder.decode(d)) for d in data] == data


def test_a_decoder_remembers_two_generations_of_parts():
    decoder = codec.Decoder(size=2)
    kept = decoder.decode(b'"kept"')
    for text in ("x", "y", "z", "w"):
        assert decoder.decode(b'"kept"') is kept  # met again in each generation
        decoder.decode(f'"{text}"'.encode())
    forgotten = decoder.decode(b'"once"')
    for text in ("1", "2", "3", "4"):
        decoder.decode(f'"{text}"'.encode())
    assert decoder.decode(b'"once"') is not forgotten


def test_a_decoder_copied_or_restored_from_a_snapshot_remembers_nothing():
    """Parts are remembered by the identity of theirs: in another process an identity may
    be another object's, so a restored decoder must not look up the parts it pickled."""
    decoder = codec.Decoder(size=5)
    decoder.decode(b'{"a":["x"]}')
    for copied in (pickle.loads(pickle.dumps(decoder)), copy.deepcopy(decoder)):
        assert (copied.size, copied._parts, copied._older) == (5, {}, {})
        assert copied.decode(b'{"b":["y"]}') == {"b": ["y"]}


def test_a_compressed_value_decodes_as_the_json_it_was():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "default"}}
    data = codec.encode(pod)
    packed = codec.compress(data)
    assert packed.startswith(zstandard.FRAME_HEADER) and len(packed) < len(data)
    assert codec.plain(packed) == data and codec.plain(data) == data
    assert codec.decode(packed) == pod == codec.Decoder().decode(packed)
