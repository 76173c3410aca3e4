"""Write cluster/engine/store/dictionary.py: the preset dictionary etcd compresses values
with once its store is large, made of objects as a cluster stores them (a node, a
ReplicaSet, a Lease, an Event and a running pod of an nginx Deployment). zstd finds in it
the keys, field managers and values that every object of a kind repeats.

    .venv/bin/python scripts/etcd_dictionary.py

Run it again when the objects' shape changes much (new fields on every pod, say): values
compressed with the old dictionary can then no longer be read, so only with no cluster
kept in Redis.
"""

from __future__ import annotations

from pathlib import Path

from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.engine.store import dictionary
from cluster.kubectl.main import kubectl

OUTPUT = Path(dictionary.__file__)
# the least common kinds first: the end of a dictionary is the cheapest to refer to
PREFIXES = (
    "/registry/minions/",
    "/registry/replicasets/",
    "/registry/leases/",
    "/registry/events/",
    "/registry/pods/",
)
HEADER = '''"""etcd's preset dictionary for compressed values (zstd's raw content dictionary): objects
as a cluster stores them. Written by scripts/etcd_dictionary.py, not by hand."""

DICTIONARY = (
'''


def sample() -> bytes:
    cluster = Cluster(ClusterSpec(seed=1))
    kubectl(
        ["create", "deployment", "web", "--image=nginx", "--replicas=1"],
        cluster.handle,
        cluster.admin,
    )
    cluster.run_until_idle()
    return b"".join(cluster.etcd.range(prefix)[-1].value for prefix in PREFIXES)


def main() -> None:
    data = sample()
    lines = [f"    {_literal(data[i : i + 80])}\n" for i in range(0, len(data), 80)]
    OUTPUT.write_text(HEADER + "".join(lines) + ")\n")
    print(f"{OUTPUT}: {len(data)} bytes")


def _literal(chunk: bytes) -> str:
    """The chunk's bytes literal as the formatter writes it: double quotes unless it holds one."""
    text = repr(chunk)
    if b'"' in chunk or not text.startswith("b'"):
        return text
    return 'b"' + text[2:-1].replace("\\'", "'") + '"'


if __name__ == "__main__":
    main()
