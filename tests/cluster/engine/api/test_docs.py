"""The descriptions served are Kubernetes' own, whole; the tables' are their first sentences."""

import importlib
import runpy
from pathlib import Path

import pytest

from cluster.engine.api import docs, schema

PROJECT = Path(__file__).resolve().parents[4]
SCRIPT = runpy.run_path(str(PROJECT / "scripts" / "openapi_docs.py"))


def words(text: str) -> str:
    return " ".join(text.split())


def test_docs_are_what_the_release_publishes_for_every_type_served():
    types, fields = SCRIPT["extract"](SCRIPT["served"](), SCRIPT["published"]())
    assert (types, fields) == (docs.TYPES, docs.FIELDS)


@pytest.fixture
def tables(monkeypatch):
    """The definitions as the tables alone write them, without `docs`."""
    monkeypatch.setattr(docs, "TYPES", {})
    monkeypatch.setattr(docs, "FIELDS", {})
    yield {d.name: d for module in schema.MODULES for d in importlib.reload(module).DEFINITIONS}
    monkeypatch.undo()
    for module in schema.MODULES:
        importlib.reload(module)


def test_a_table_gives_the_first_words_of_kubernetes_description(tables):
    unlike = [
        (name, field, prop["description"])
        for name, definition in tables.items()
        for field, prop in definition.properties.items()
        if field in docs.FIELDS.get(name, {})
        and prop.get("description")
        and not words(docs.FIELDS[name][field]).startswith(words(prop["description"]))
    ]
    assert unlike == []


def test_fields_are_described_whole_with_their_paragraphs():
    spec = schema.definitions()["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]
    assert spec["replicas"]["description"] == (
        "Number of desired pods. This is a pointer to distinguish between explicit zero and "
        "not specified. Defaults to 1."
    )
    meta = schema.definitions()["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]
    generate_name = meta["properties"]["generateName"]["description"]
    assert "on the server.\n\nIf this field is specified" in generate_name


def test_a_field_referring_to_a_type_keeps_its_own_description():
    probe = schema.field_schema("io.k8s.api.core.v1.Pod", ["spec", "containers", "livenessProbe"])
    assert probe["description"] == (
        "Periodic probe of container liveness. Container will be restarted if the probe fails. "
        "Cannot be updated. More info: "
        "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes"
    )


def test_what_the_release_does_not_document_keeps_the_tables_text():
    metrics = schema.definitions()["io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics"]
    assert "io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics" not in docs.TYPES
    assert metrics["description"]
