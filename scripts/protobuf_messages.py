"""Write cluster/kubeapi/protobuf_messages.py from Kubernetes' own sources.

    python scripts/protobuf_messages.py API_GIT_DIR APIMACHINERY_GIT_DIR [REV]

reads, at REV (default HEAD) of git clones of k8s.io/api and k8s.io/apimachinery, the
generated.proto files (field numbers, names, types) and types.go files (JSON names,
`omitempty`, `omitzero`, pointers, inlined structs) of the packages below, and writes the
schema of every message reachable from ROOTS. Run it again to add a kind or a newer release.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "cluster" / "kubeapi" / "protobuf_messages.py"
API_PACKAGES = ["core/v1", "apps/v1", "batch/v1", "rbac/v1", "policy/v1", "scheduling/v1",
                "networking/v1", "authentication/v1", "authorization/v1", "coordination/v1",
                "autoscaling/v1", "autoscaling/v2", "certificates/v1", "node/v1",
                "admissionregistration/v1"]  # fmt: skip
META = "k8s.io.apimachinery.pkg.apis.meta.v1"
# Messages JSON writes as scalars, by their protobuf name.
SPECIALS = {
    f"{META}.Time": "time",
    f"{META}.MicroTime": "microtime",
    f"{META}.FieldsV1": "raw",
    "k8s.io.apimachinery.pkg.api.resource.Quantity": "quantity",
    "k8s.io.apimachinery.pkg.util.intstr.IntOrString": "intorstr",
    "k8s.io.apimachinery.pkg.runtime.RawExtension": "raw",
}
SCALARS = {"string": "s", "int32": "i", "int64": "i", "bool": "b", "bytes": "y"}
ROOTS = {
    "v1": ["Namespace", "Node", "Pod", "ConfigMap", "Secret", "Service", "ServiceAccount",
           "ResourceQuota", "LimitRange", "Event", "Binding", "Endpoints", "PersistentVolume",
           "PersistentVolumeClaim", "ReplicationController", "PodTemplate"],
    "apps/v1": ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"],
    "batch/v1": ["Job", "CronJob"],
    "rbac.authorization.k8s.io/v1": ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"],
    "policy/v1": ["PodDisruptionBudget", "Eviction"],
    "scheduling.k8s.io/v1": ["PriorityClass"],
    "networking.k8s.io/v1": ["Ingress", "ServiceCIDR", "IPAddress"],
    "node.k8s.io/v1": ["RuntimeClass"],
    "admissionregistration.k8s.io/v1": ["ValidatingAdmissionPolicy",
                                        "ValidatingAdmissionPolicyBinding"],
    "authentication.k8s.io/v1": ["TokenRequest", "SelfSubjectReview", "TokenReview"],
    "authorization.k8s.io/v1": ["SelfSubjectAccessReview", "SubjectAccessReview",
                                "LocalSubjectAccessReview", "SelfSubjectRulesReview"],
    "coordination.k8s.io/v1": ["Lease"],
    "autoscaling/v1": ["HorizontalPodAutoscaler", "Scale"],
    "autoscaling/v2": ["HorizontalPodAutoscaler"],
    "certificates.k8s.io/v1": ["CertificateSigningRequest"],
    "meta.k8s.io/v1": ["DeleteOptions"],
}  # fmt: skip
HEADER = '''"""The messages of Kubernetes' protobuf encoding that protobuf.py can read: for each, its
fields by number as `NUMBER=JSONNAME:TYPE` plus flags. Written by scripts/protobuf_messages.py.

Field numbers, names and types are those of Kubernetes' `generated.proto` files (k8s.io/api
and k8s.io/apimachinery, 1.37); which zero values JSON keeps comes from the Go types' `json`
tags. TYPE is a scalar (s string, i int32/int64, b bool, y bytes), a message JSON writes as
a scalar (time, microtime, quantity, intorstr, raw), or a message below. `T*` is a repeated
field, `{T}` a map with string keys. Flags: `!` keeps a zero value (a pointer in Go, or no
`omitempty`; an absent list or map is then null), `~` drops a zero message (`omitzero`).
JSONNAME `^` inlines the message's fields into its parent (`json:",inline"`); `[]` says the
message is only a list (a Go slice type such as ExtraValue).
"""
'''


@dataclass
class ProtoField:
    number: int
    name: str
    type: str  # a scalar, a fully qualified message, or map<string, VALUE>
    repeated: bool


@dataclass
class GoField:
    type: str
    json: str


class Sources:
    """The proto messages and Go struct fields of the packages, read from git."""

    def __init__(self, api: str, apimachinery: str, rev: str) -> None:
        self.rev = rev
        self.messages: dict[str, list[ProtoField]] = {}
        self.go: dict[str, dict[int, GoField]] = {}
        self.slices: set[str] = set()
        dirs = [(api, name, f"k8s.io.api.{name.replace('/', '.')}") for name in API_PACKAGES]
        for repo, directory, package in [*dirs, (apimachinery, "pkg/apis/meta/v1", META)]:
            self.read_proto(repo, directory, package)
            for name in self.git(repo, "ls-tree", "--name-only", f"{rev}:{directory}").split():
                if (
                    name.endswith(".go")
                    and not name.endswith("_test.go")
                    and "generated" not in name
                ):
                    self.read_go(self.git(repo, "show", f"{rev}:{directory}/{name}"), package)

    @staticmethod
    def git(repo: str, *args: str) -> str:
        return subprocess.run(
            ["git", "-C", repo, *args], capture_output=True, text=True, check=True
        ).stdout

    def read_proto(self, repo: str, directory: str, package: str) -> None:
        current: list[ProtoField] | None = None
        for line in self.git(repo, "show", f"{self.rev}:{directory}/generated.proto").splitlines():
            if match := re.match(r"^message (\w+) \{", line):
                current = self.messages[f"{package}.{match[1]}"] = []
            elif line.startswith("}"):
                current = None
            elif current is not None and (
                match := re.match(
                    r"^\s*(optional|repeated)?\s*(map<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*(\d+);", line
                )
            ):
                kind = match[2]
                if kind.startswith("map<"):
                    kind = f"map<string, {qualified(kind[4:-1].split(',')[1], package)}>"
                else:
                    kind = qualified(kind, package)
                current.append(ProtoField(int(match[4]), match[3], kind, match[1] == "repeated"))

    def read_go(self, text: str, package: str) -> None:
        self.slices |= {
            f"{package}.{m[1]}" for m in re.finditer(r"^type (\w+) \[\]\S+", text, re.M)
        }
        current: dict[int, GoField] | None = None
        for line in text.splitlines():
            if match := re.match(r"^type (\w+) struct \{", line):
                current = self.go.setdefault(f"{package}.{match[1]}", {})
            elif line.startswith("}"):
                current = None
            elif current is not None and not line.strip().startswith("//"):
                match = re.match(r"^\s*(?:\w+\s+)?(\S+)\s+`(.*)`", line)
                number = re.search(r'protobuf:"[^,]+,(\d+),', match[2]) if match else None
                if match and number:
                    json_tag = re.search(r'json:"([^"]*)"', match[2])
                    current[int(number[1])] = GoField(match[1], json_tag[1] if json_tag else "")


def qualified(kind: str, package: str) -> str:
    kind = kind.strip().lstrip(".")
    return kind if kind in SCALARS or "." in kind else f"{package}.{kind}"


def package_of(api_version: str) -> str:
    if api_version == "v1":
        return "k8s.io.api.core.v1"
    if api_version == "meta.k8s.io/v1":
        return META
    group, version = api_version.split("/")
    return f"k8s.io.api.{group.split('.')[0]}.{version}"


def value_type(field: ProtoField) -> str:
    return field.type[4:-1].split(", ")[1] if field.type.startswith("map<") else field.type


def reachable(sources: Sources, roots: list[str]) -> list[str]:
    """The messages reachable from roots, dropping fields of packages not read (alpha ones)."""
    seen: set[str] = set()
    order: list[str] = []

    def visit(message: str) -> None:
        if message in seen or message in SPECIALS:
            return
        seen.add(message)
        known = [
            field
            for field in sources.messages[message]
            if value_type(field) in SCALARS
            or value_type(field) in SPECIALS
            or value_type(field) in sources.messages
        ]
        sources.messages[message] = known
        for field in known:
            if value_type(field) not in SCALARS:
                visit(value_type(field))
        order.append(message)

    for root in roots:
        visit(root)
    return order


def short_names(messages: list[str]) -> dict[str, str]:
    """Messages by their name, prefixed with their package where two share a name."""
    counts: dict[str, int] = {}
    for message in messages:
        counts[message.rsplit(".", 1)[1]] = counts.get(message.rsplit(".", 1)[1], 0) + 1
    return {
        message: message.rsplit(".", 1)[1]
        if counts[message.rsplit(".", 1)[1]] == 1
        else ".".join(message.split(".")[-3:])
        for message in messages
    }


def token(sources: Sources, message: str, field: ProtoField, names: dict[str, str]) -> str:
    go = sources.go.get(message, {}).get(field.number, GoField("", field.name))
    json_name, *options = go.json.split(",")
    inline = "inline" in options or json_name == ""
    kind = value_type(field)
    spelled = SCALARS.get(kind) or SPECIALS.get(kind) or names[kind]
    flags = ""
    if field.type.startswith("map<"):
        spelled = "{" + spelled + "}"
    if field.repeated:
        spelled += "*"
    is_list = field.repeated or field.type.startswith("map<")
    if kind in SCALARS and not is_list and (go.type.startswith("*") or "omitempty" not in options):
        flags += "!"
    if is_list and "omitempty" not in options and not inline and message not in sources.slices:
        flags += "!"
    if "omitzero" in options:
        flags += "~"
    if message in sources.slices:
        json_name = "[]"
    return f"{field.number}={'^' if inline else json_name}:{spelled}{flags}"


def render(sources: Sources) -> str:
    kinds = {(av, kind): f"{package_of(av)}.{kind}" for av, ks in ROOTS.items() for kind in ks}
    order = reachable(sources, list(kinds.values()))
    names = short_names(order)
    lines = [HEADER, "# (apiVersion, kind) → the message of that kind"]
    lines.append("KINDS: dict[tuple[str, str], str] = {")
    lines += [f'    ("{av}", "{kind}"): "{names[m]}",' for (av, kind), m in sorted(kinds.items())]
    lines += ["}", "", "MESSAGES: dict[str, str] = {"]
    for message in sorted(order, key=lambda m: names[m]):
        spec = " ".join(token(sources, message, f, names) for f in sources.messages[message])
        lines += entry(names[message], spec)
    lines.append("}")
    return "\n".join(lines) + "\n"


def entry(name: str, spec: str) -> list[str]:
    """One message's line, or its spec split over lines where the line would be too long."""
    line = f'    "{name}": "{spec}",'
    if len(line) <= 100:
        return [line]
    chunks = textwrap.wrap(spec, 88, break_long_words=False, break_on_hyphens=False)
    last = len(chunks) - 1
    split = [f'        "{chunk}{" " if i < last else ""}"' for i, chunk in enumerate(chunks)]
    return [f'    "{name}": (', *split, "    ),"]


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    OUTPUT.write_text(render(Sources(argv[0], argv[1], argv[2] if len(argv) == 3 else "HEAD")))
    subprocess.run([sys.executable, "-m", "ruff", "format", str(OUTPUT)], check=True)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
