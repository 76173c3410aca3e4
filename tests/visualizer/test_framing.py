"""Messages to the page within one websocket message each, in pieces the page puts together
as it would have taken the whole."""

import json

from visualizer.framing import LIMIT, encoded

CLOCK = {"now": 0, "time": "2026-01-01T00:00:00Z", "speed": 1.0, "paused": False}


def pod(i: int) -> dict:
    return {"namespace": "default", "name": f"web-{i:05d}", "status": "Pending", "note": "x" * 300}


def sent(message: dict) -> list[dict]:
    texts = list(encoded(message))
    assert all(len(text.encode()) <= LIMIT for text in texts)
    return [json.loads(text) for text in texts]


def test_a_message_that_fits_goes_as_it_is():
    message = {"type": "update", "hops": [], "objects": [], "clock": CLOCK}
    assert list(encoded(message)) == [json.dumps(message)]


def test_an_update_too_large_goes_as_updates_with_its_changes_in_order_its_hops_first():
    changes = [{"event": "ADDED", "kind": "Pod", "object": pod(i)} for i in range(8000)]
    hops = [{"seq": 1, "verb": "put"}]
    pieces = sent({"type": "update", "hops": hops, "objects": changes, "clock": CLOCK})
    assert len(pieces) > 2
    assert {piece["type"] for piece in pieces} == {"update"}
    assert [piece["hops"] for piece in pieces] == [hops] + [[]] * (len(pieces) - 1)
    assert [c for piece in pieces for c in piece["objects"]] == changes


def test_a_snapshot_too_large_goes_with_its_first_pods_then_updates_adding_the_rest():
    pods = [pod(i) for i in range(8000)]
    snapshot = {"type": "snapshot", "cluster": "c", "clock": CLOCK, "nodes": [], "pods": pods}
    first, *rest = sent(snapshot)
    assert first["type"] == "snapshot" and first["nodes"] == []
    added = [c["object"] for piece in rest for c in piece["objects"]]
    assert {c["event"] for piece in rest for c in piece["objects"]} == {"ADDED"}
    assert first["pods"] + added == pods


def test_a_commands_output_too_large_goes_in_pieces_before_its_result():
    stdout = "".join(f"line {i}\n" for i in range(300_000))
    result = {"type": "kubectl.result", "id": 7, "stdout": stdout, "stderr": "w", "exitCode": 0}
    *outputs, last = sent(result)
    assert {o["type"] for o in outputs} == {"kubectl.output"}
    assert {o["id"] for o in outputs} == {7}
    assert (last["type"], last["stderr"], last["exitCode"]) == ("kubectl.result", "w", 0)
    assert "".join(o["stdout"] for o in outputs) + last["stdout"] == stdout


def test_a_message_too_large_that_cannot_be_split_is_an_error_instead():
    pieces = sent({"type": "exec.output", "id": 1, "data": "x" * (2 * LIMIT)})
    assert pieces == [
        {"type": "error", "message": "this exec.output message of 2.0 MB is too large to send"}
    ]
