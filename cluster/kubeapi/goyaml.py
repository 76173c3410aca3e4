"""YAML as Kubernetes reads it: sigs.k8s.io/yaml, whose go-yaml v2 resolves plain scalars
a little differently from PyYAML. A timestamp stays the string it was written as, and y, Y,
n and N are booleans (`labels: {app: y}` is a bool that no label map takes)."""

from __future__ import annotations

import re
from typing import Any

import yaml

BOOL_TAG = "tag:yaml.org,2002:bool"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# go-yaml v2's resolve table for booleans
_BOOL = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"
)


class Loader(yaml.SafeLoader):
    """A SafeLoader resolving scalars as go-yaml v2 does."""

    bool_values = {**yaml.SafeLoader.bool_values, "y": True, "n": False}


Loader.yaml_implicit_resolvers = {
    first: [
        (tag, _BOOL if tag == BOOL_TAG else regex)
        for tag, regex in resolvers
        if tag != TIMESTAMP_TAG
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str | bytes) -> Any:
    """One YAML document, as sigs.k8s.io/yaml reads it."""
    return yaml.load(text, Loader=Loader)  # a SafeLoader
