"""Field selectors match the fields each kind's strategy makes selectable."""

from cluster.engine.api import fields


def _event(source: dict, reporting: str) -> dict:
    return {
        "metadata": {"name": "e", "namespace": "default"},
        "involvedObject": {"kind": "Pod", "name": "web", "apiVersion": "v1"},
        "source": source,
        "reportingComponent": reporting,
    }


def test_an_event_s_source_is_its_reporting_component_when_it_has_no_source():
    selector = fields.parse("source=me", "Event")
    assert selector.matches(_event({}, "me"))
    assert selector.matches(_event({"component": "me"}, ""))
    assert not selector.matches(_event({"component": "kubelet"}, "me"))


def test_an_event_is_selected_by_its_involved_object_s_api_version():
    selector = fields.parse("involvedObject.kind=Pod,involvedObject.apiVersion=v1", "Event")
    assert selector.matches(_event({}, ""))
    assert not fields.parse("involvedObject.apiVersion=apps/v1", "Event").matches(_event({}, ""))
