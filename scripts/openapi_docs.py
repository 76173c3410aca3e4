"""Write cluster/engine/api/docs.py: Kubernetes' own descriptions of the API types KubeLab
serves and of their fields, word for word, as its OpenAPI documents carry them and
`kubectl explain` prints them.

    .venv/bin/python scripts/openapi_docs.py

They come from the JSON schemas of Kubernetes' release (PyPI's kubernetes-validate, a test
dependency), which keep each description whole: its paragraphs, and the description beside
a field that refers to another type. Run it again after defining a type or a field, or to
follow a newer release.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from cluster.engine.api import docs, schema

RELEASE = "v1.37.0"
OUTPUT = Path(docs.__file__)
RUFF = Path(sys.executable).with_name("ruff")
HEADER = '''"""Kubernetes' descriptions of the API types and their fields, as its OpenAPI documents
give them ({release}). Written by scripts/openapi_docs.py, not by hand."""

'''


def published() -> dict[str, Any]:
    """Every type of the release's OpenAPI documents, by full name."""
    root = resources.files("kubernetes_validate") / "kubernetes-json-schema"
    text = (root / f"{RELEASE}-local" / "_definitions.json").read_text()
    return json.loads(text)["$defs"]


def extract(served: dict[str, tuple[str, ...]], source: dict[str, Any]) -> tuple[dict, dict]:
    """The descriptions of the served types and fields that the release documents."""
    types: dict[str, str] = {}
    fields: dict[str, dict[str, str]] = {}
    for name, properties in served.items():
        schema = source.get(name, {})
        if schema.get("description"):
            types[name] = schema["description"]
        documented = schema.get("properties", {})
        described = {
            field: documented[field]["description"]
            for field in properties
            if documented.get(field, {}).get("description")
        }
        if described:
            fields[name] = described
    return types, fields


def render(types: dict[str, str], fields: dict[str, dict[str, str]]) -> str:
    lines = [HEADER.format(release=RELEASE), "TYPES: dict[str, str] = {\n"]
    lines += [f"    {json.dumps(name)}: {json.dumps(text)},\n" for name, text in types.items()]
    lines.append("}\n\nFIELDS: dict[str, dict[str, str]] = {\n")
    for name, described in fields.items():
        lines.append(f"    {json.dumps(name)}: {{\n")
        lines += [f"        {json.dumps(f)}: {json.dumps(t)},\n" for f, t in described.items()]
        lines.append("    },\n")
    lines.append("}\n")
    return "".join(lines)


def served() -> dict[str, tuple[str, ...]]:
    """The fields of every type KubeLab serves, by the type's full name."""
    return {name: tuple(s.get("properties", ())) for name, s in schema.definitions().items()}


def main() -> None:
    types, fields = extract(served(), published())
    OUTPUT.write_text(render(types, fields))
    subprocess.run([str(RUFF), "format", "--quiet", str(OUTPUT)], check=True)


if __name__ == "__main__":
    main()
