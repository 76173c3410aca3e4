"""The built-in kubectl against the real kubectl 1.37.1 on one live cluster: the same
commands print the same stdout and stderr, line for line, and exit with the same code.

The real kubectl talks to the Kubernetes API over https with `kubelab kubeconfig`; the
built-in one is reached as `kubelab kubectl` reaches it, over HTTP. Read-only commands run
twice against the same state, with the cluster's clock paused so that nothing moves between
the two runs. The only thing allowed to differ there is an age: the real kubectl reckons the
ages it computes itself (describe's events, `kubectl events`) from this machine's clock, the
built-in one from the cluster's virtual clock. Mutating commands run once per side, the real
kubectl's on objects named `*-kubectl`, the built-in's on the same objects named
`*-builtin` (names of the same length, so that columns line up alike).

What cannot match is listed in DIFFERENCES, each with its reason, and asserted to differ.
"""

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from cluster import labapi
from tests.stack import KUBECTL, KubeLab, real_kubectl

# HumanDuration's words (5s, 2m3s, 3h, 4d5h, 2y45d), alone or in describe's `(x2 over 5m)`
AGE = re.compile(r"\(?(?:\d+[smhdy]){1,2}\)?")
SIDES = {"real": "kubectl", "builtin": "builtin"}  # what `@` stands for in a mutating command


class Output(NamedTuple):
    stdout: str
    stderr: str
    code: int


# Commands whose outputs differ by nature, each with why; their tests assert they still do.
DIFFERENCES = {
    "cluster-info": "the built-in kubectl is inside the cluster: it names the control plane's "
    "own address (https://172.18.0.2:6443, kubeadm's admin.conf), the real one the "
    "kubeconfig's server under KubeLab's base path",
    "config view": "each prints its own kubeconfig: the real one `kubelab kubeconfig` "
    "(cluster `default`, a bearer token), the built-in one kubeadm's admin.conf; only the "
    "structure is compared (test_config_view_has_the_same_structure)",
}


# ---------------------------------------------------------------------------------------------
# The stack, and the two kubectls


class Kubectls:
    """The real kubectl and the built-in one, against the same cluster."""

    def __init__(self, lab: KubeLab, kubeconfig: Path) -> None:
        self.kubeconfig = kubeconfig
        self.url = labapi.cluster_url(lab.url, "default", "kubectl")
        self.token = labapi.token_in(lab.data_dir)

    def real(self, *args: str, stdin: str = "") -> Output:
        """As a user runs it: the kubeconfig from $KUBECONFIG, so that no flag comes before
        the command word (which the real kubectl would take for a plugin's)."""
        result = subprocess.run(
            [KUBECTL, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "HOME": str(self.kubeconfig.parent)}
            | {"KUBECONFIG": str(self.kubeconfig)},
        )
        return Output(result.stdout, result.stderr, result.returncode)

    def builtin(self, *args: str, stdin: str = "") -> Output:
        answer = labapi.post(self.url, self.token, {"argv": list(args), "stdin": stdin}, 60)
        return Output(answer["stdout"], answer["stderr"], answer["exitCode"])


def _unnamed(text: str, word: str) -> str:
    """The side's object names (`web-kubectl`, `ns-builtin`) as `web-@`."""
    return re.sub(rf"(?<=[a-z0-9])-{word}\b", "-@", text)


# a hostPath volume and the claim it binds to, a class no claim asks for, and a StatefulSet
STORAGE = """\
apiVersion: v1
kind: PersistentVolume
metadata: {name: task-pv-volume, labels: {type: local}}
spec:
  storageClassName: manual
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /mnt/data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: task-pv-claim}
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 3Gi}}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: example.com/fast
parameters: {type: ssd}
allowVolumeExpansion: true
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432, name: pg}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: "registry.k8s.io/nginx-slim:0.24"}]
"""


# the default class, an Ingress to Service web (and to one that does not exist), a policy
NETWORKING = """\
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec:
  controller: k8s.io/ingress-nginx
  parameters: {apiGroup: k8s.example.com, kind: IngressParameters, name: external}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  tls: [{hosts: [web.example.com], secretName: web-tls}]
  rules:
  - host: web.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /gone, pathType: Exact, backend: {service: {name: gone, port: {name: http}}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: solo}}
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
    ports: [{port: 80}]
"""


@pytest.fixture(scope="module")
def kubectls(lab: KubeLab, kubeconfig: Path) -> Iterator[Kubectls]:
    """A deployment with two pods and its Service, a lone pod, a ConfigMap, a namespace,
    STORAGE and NETWORKING, made while the clock runs; then the clock is paused for the
    comparisons."""
    sides = Kubectls(lab, kubeconfig)
    for command in (
        "create deployment web --image=nginx --replicas=2 --port=80",
        "expose deployment web --port=80",
        "run solo --image=busybox --labels=app=solo,tier=x -- sleep 3600",
        "create configmap cfg --from-literal=a=b",
        "create namespace team",
    ):
        assert sides.real(*command.split()).code == 0, command
    assert sides.real("apply", "-f", "-", stdin=STORAGE).code == 0
    assert sides.real("apply", "-f", "-", stdin=NETWORKING).code == 0
    _wait_for_running(kubeconfig, 4)
    assert sides.builtin("lab", "pause").code == 0
    yield sides


def _wait_for_running(kubeconfig: Path, count: int, timeout: float = 60.0) -> None:
    args = ("wait", "pods", "--all", "--for=jsonpath={.status.phase}=Running")
    result = real_kubectl(kubeconfig, *args, f"--timeout={int(timeout)}s")
    assert result.returncode == 0 and result.stdout.count("condition met") == count, result


# ---------------------------------------------------------------------------------------------
# Comparing


def assert_same(real: Output, builtin: Output) -> None:
    assert real.code == builtin.code, (real, builtin)
    for name in ("stdout", "stderr"):
        assert_same_text(getattr(real, name), getattr(builtin, name), name)


def assert_same_text(real: str, builtin: str, name: str = "output") -> None:
    """Line for line the same, but that an age may differ; where one does, the spacing may
    too (a wider column of ages moves the columns after it, on every line of its table)."""
    if real == builtin:
        return
    shown = f"{name} differs:\n--- real\n{real}--- built-in\n{builtin}"
    real_lines, builtin_lines = real.splitlines(), builtin.splitlines()
    assert len(real_lines) == len(builtin_lines), shown
    aged = False
    for one, other in zip(real_lines, builtin_lines, strict=True):
        if one == other:
            continue
        words, others = one.split(), other.split()
        assert _indent(one) == _indent(other) and len(words) == len(others), shown
        for word, theirs in zip(words, others, strict=True):
            same = word == theirs or (AGE.fullmatch(word) and AGE.fullmatch(theirs))
            assert same, shown
            aged |= word != theirs
    assert aged, shown  # only spacing differs, and no age made it differ


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def test_the_normaliser_forgives_ages_only() -> None:
    real = "  Type    Reason  Age   From\n  Normal  Pulled  2m3s  kubelet\n"
    assert_same_text(real, "  Type    Reason  Age  From\n  Normal  Pulled  9s   kubelet\n")
    for other in (
        "  Type    Reason  Age   From\n  Normal  Pulled  2m3s  kubelt\n",  # a word
        "  Type    Reason  Age   From\n  Normal  Pulled  2m3s kubelet\n",  # spacing alone
        "  Type    Reason  Age   From\n  Normal  Pulled  100   kubelet\n",  # not an age
        "  Type    Reason  Age   From\n    Normal  Pulled  9s  kubelet\n",  # the indent
    ):
        with pytest.raises(AssertionError):
            assert_same_text(real, other)


def test_the_names_of_the_sides_objects_are_the_only_names_unified() -> None:
    text = "deployment.apps/web-kubectl created\nSee 'kubectl get -h'; kubectl.kubernetes.io/x\n"
    assert _unnamed(text, "kubectl") == (
        "deployment.apps/web-@ created\nSee 'kubectl get -h'; kubectl.kubernetes.io/x\n"
    )


# ---------------------------------------------------------------------------------------------
# Read-only commands: both kubectls on the same paused state

READ_ONLY = [
    "get pods",
    "get pods -o wide",
    "get pods -o yaml",
    "get pods -o kyaml",
    "get deploy,rs,cm -o kyaml --show-managed-fields",
    "get pod solo -o json",
    "get pods -o name",
    "get deploy,rs -o name",
    "get pods -o jsonpath={.items[*].metadata.name}",
    "get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IMAGE:.spec.containers[0].image",
    "get pods -l app=web",
    "get pods --field-selector=status.phase=Running",
    "get pods -n kube-system",
    "get pods -n team",
    "get pods -A",
    "get pods --show-labels",
    "get pods -L app,tier -L node-role.kubernetes.io/x --show-labels",
    "get nodes -L node-role.kubernetes.io/control-plane",
    "get pods --sort-by=.metadata.name",
    "get pods -A -o wide --sort-by={.spec.nodeName}",
    "get pods --sort-by=status.podIP -o name",
    "get nodes --sort-by=.status.capacity.memory",
    "get pods --sort-by=.nothing",
    "get all",
    "get all -A",
    "get deploy,rs,svc -o wide",
    "get nodes -o wide",
    "get ns",
    "get cm -A",
    "get events",
    "get pod nope",
    "get widgets",
    "get crd",
    "get deploy web --subresource=scale",
    "get deploy web --subresource=scale -o name",
    "get deploy --subresource=status",
    "get deploy/web cm/nope",
    "get crds -o yaml",
    "get crd nope",
    "api-resources --categories=api-extensions",
    "get pv,pvc,sc",
    "get pv,pvc -o wide",
    "describe pv",
    "describe pvc task-pv-claim",
    "describe sc fast",
    "explain pv.spec.persistentVolumeReclaimPolicy",
    "explain pvc.spec.resources",
    "get sts -o wide",
    "describe sts db",
    "rollout status sts/db",
    "rollout history sts/db",
    "rollout history sts/db --revision=1",
    "explain sts.spec.updateStrategy",
    "get ing,ingressclass,netpol",
    "get ing -o wide",
    "describe ingress web",
    "describe ingressclass nginx",
    "describe netpol web",
    "explain ingress.spec.rules",
    "explain ingress.spec.rules.http.paths --output=plaintext-openapiv2",
    "explain netpol.spec",
    "describe pod solo",
    "describe deployment web",
    "describe node node-1",
    "describe replicaset",
    "describe service web",
    "describe namespace team",
    "describe pod nope",
    "logs solo",
    "logs deployment/web --tail=3",
    "logs svc/web --tail=3",
    "logs -l app=web",
    "logs -l app=web --tail=2",
    "logs -l app=nothing",
    "logs solo -c nope",
    "logs nope",
    "logs configmap/cfg",
    "exec deploy/web -- hostname",
    "exec solo -- echo hello",
    "exec solo -- sh -c exit\\ 3",
    "top nodes",
    "top pods",
    "explain pods.spec.containers.image",
    "explain deployment.spec",
    "explain pods.spec.restartPolicy",
    "explain pods.spec.volumes.hostPath",
    "explain pods.metadata.generateName",
    "explain endpoints",
    "explain pods --output=foo",
    "explain deployments --api-version=apps/v2 --output=foo",
    "explain deploy.spec.strategy --output=plaintext-openapiv2",
    "explain pods.metadata.generateName --output=plaintext-openapiv2",
    "explain pods.metadata.labels --output=plaintext-openapiv2",
    "explain pods.metadata.managedFields.fieldsV1 --output=plaintext-openapiv2",
    "explain pods.spec.containers.args --output=plaintext-openapiv2",
    "explain pods.spec.nosuch --output=plaintext-openapiv2",
    "explain pods --recursive --output=plaintext-openapiv2",
    "explain crd.spec --recursive --output=plaintext-openapiv2",
    "explain deployments --api-version=foo/v1 --output=plaintext-openapiv2",
    "api-resources",
    "api-resources -o wide",
    "api-versions",
    "version",
    "version -o json",
    "version --client -o yaml",
    "version -o wide",
    "auth can-i create pods",
    "auth can-i delete nodes --all-namespaces",
    "auth whoami",
    "auth whoami -o json",
    "auth whoami -o yaml",
    "events",
    "events -A",
    "events -o json",
    "events -o kyaml",
    "events -o yaml",
    "auth whoami -o kyaml",
    "apply view-last-applied deployment/web",
    "apply view-last-applied deployments",
    "apply view-last-applied deployments -n default -o json",
    "rollout status deployment/web",
    "rollout history deployment/web",
    "rollout history deployment/web --revision=1",
    "frobnicate",
    "get pods --token=garbage",
    "get pods --frob",
    "get pods -o",
    "get pods --output=toml",
    "get pods -l a\\ in\\ (b",
    "get deploy --field-selector=bogus=1",
    "cluster-info",
    "config",
    "config frob",
    "config set-context",
    "config set-context a b",
    "config use-context",
    "config use-context nope",
    "config get-contexts -o wide",
    "config view -o wide",
    "auth",
    "top",
]


@pytest.mark.parametrize("command", READ_ONLY)
def test_a_read_only_command_prints_the_same(kubectls: Kubectls, command: str) -> None:
    args = [arg.replace("\\ ", " ") for arg in re.split(r"(?<!\\) ", command)]
    real, builtin = kubectls.real(*args), kubectls.builtin(*args)
    if command in DIFFERENCES:
        assert real != builtin, f"{command} no longer differs: take it out of DIFFERENCES"
        assert (real.code, real.stderr) == (builtin.code, builtin.stderr)
        return
    assert_same(real, builtin)


def test_every_resource_is_explained_and_described_alike(kubectls: Kubectls) -> None:
    """`explain` (from either OpenAPI document) and `describe` of every resource discovery
    lists."""
    listed = kubectls.real("api-resources", "-o", "name")
    assert listed.code == 0 and "pods" in listed.stdout.split(), listed
    for name in listed.stdout.split():
        explains = (f"explain {name}", f"explain {name} --output=plaintext-openapiv2")
        for command in (*explains, f"describe {name}"):
            real, builtin = kubectls.real(*command.split()), kubectls.builtin(*command.split())
            if command in DIFFERENCES:
                assert real != builtin, f"{command} no longer differs: take it out of DIFFERENCES"
                continue
            assert_same(real, builtin)


def test_the_command_line_reaches_the_same_builtin_kubectl(
    lab: KubeLab, kubectls: Kubectls
) -> None:
    """`kubelab kubectl` is a client of the HTTP endpoint the comparisons use."""
    result = lab.kubectl("get", "pods", "-o", "wide")
    assert_same(
        kubectls.real("get", "pods", "-o", "wide"),
        Output(result.stdout, result.stderr, result.returncode),
    )


def test_config_view_has_the_same_structure(kubectls: Kubectls) -> None:
    real, builtin = kubectls.real("config", "view"), kubectls.builtin("config", "view")
    assert (real.code, real.stderr) == (builtin.code, builtin.stderr) == (0, "")
    mine, theirs = yaml.safe_load(real.stdout), yaml.safe_load(builtin.stdout)
    assert set(mine) - {"preferences"} == set(theirs) - {"preferences"}
    for doc in (mine, theirs):
        (cluster,), (context,), (user,) = doc["clusters"], doc["contexts"], doc["users"]
        assert set(context["context"]) == {"cluster", "user"}
        assert context["name"] == doc["current-context"] == f"kubernetes-admin@{cluster['name']}"
        assert user["name"] == context["context"]["user"] == "kubernetes-admin"
        assert set(user["user"]) & {"token", "client-certificate-data"}
        assert "server" in cluster["cluster"]
    assert real.stdout.splitlines()[0] == builtin.stdout.splitlines()[0] == "apiVersion: v1"


# ---------------------------------------------------------------------------------------------
# Mutating commands: each kubectl on its own objects, `@` standing for its side's word

CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: f-@\ndata:\n  k: {}\n"
MANIFESTS = {
    "malformed": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m-@\n",
    "unknown kind": "apiVersion: v1\nkind: Widget\nmetadata: {name: w-@}\n",
    "misspelled kind": "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: w-@}\n",
    "custom resource definition": "apiVersion: apiextensions.k8s.io/v1\n"
    "kind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n"
    "spec: {group: example.com, scope: Namespaced, names: {plural: widgets, kind: Widget}, "
    "versions: [{name: v1, served: true, storage: true}]}\n",
    "invalid name": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad-@}\n",
    "list": "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: l-@}}\n",
    "unknown field": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: u-@}\ndatta: {a: b}\n",
}
# each scenario's steps run in order on one side, then on the other: `(command, stdin)`
SCENARIOS: dict[str, list[tuple[str, str]]] = {
    "create": [
        ("create namespace ns-@", ""),
        ("create deployment d-@ --image=nginx --replicas=2", ""),
        ("create deployment d-@ --image=nginx", ""),
        ("create deployment Bad-@ --image=nginx", ""),
        ("create configmap c-@ --from-literal=k=v -n ns-@", ""),
        ("create secret generic s-@ --from-literal=k=v", ""),
        ("create secret generic s2-@ --from-literal=k=v --from-literal=k=w", ""),
        ("create configmap c2-@ --from-literal=k=v --from-literal=k=w", ""),
        ("create service clusterip svc-@ --tcp=80:8080", ""),
        ("create serviceaccount sa-@", ""),
        ("create role r-@ --verb=get,list --resource=pods", ""),
        ("create rolebinding rb-@ --role=r-@ --user=u-@", ""),
        ("create -f -", CONFIGMAP.format("v1")),
        ("create -f -", CONFIGMAP.format("v1")),
        *((f"create -f - ({case})", text) for case, text in MANIFESTS.items()),
        ("create deployment d-@ --image=nginx --dry-run=client -o yaml", ""),
        ("run p-@ --image=nginx --dry-run=client -o yaml", ""),
        ("run p-@ --image=nginx --port=80 --env=A=B --dry-run=client -o json", ""),
        ("create deployment d-@ --image=nginx --dry-run=client -o json", ""),
        ("expose deployment d-@ --port=80 --dry-run=client -o json", ""),
        ("create job j-@ --image=busybox --dry-run=client -o json -- sh -c date", ""),
        ("create job j-@ --image=busybox", ""),
        ("create job j-@ --from=deployment/d-@", ""),
        ("create cronjob c-@ --image=busybox --schedule=*/5 --dry-run=client -o yaml", ""),
        ("create cj c-@ --image=busybox", ""),
        ("create pdb p-@ --selector=app=x,tier --max-unavailable=1 --dry-run=client -o json", ""),
        ("create pdb p-@ --selector=app=x --min-available=50%", ""),
        ("autoscale deployment d-@ --max=3 --cpu=1.5 --memory=60% --dry-run=client -o json", ""),
        ("autoscale deployment d-@ --max=3 --cpu=80%", ""),
        ("autoscale deployment d-@ --min=2 --max=4", ""),
        (
            "create ingress i-@ --rule=a.com/b*=s:80,tls=c --rule=/x=t:http --dry-run=client -o json",
            "",
        ),
        ("create ingress i-@ --default-backend=s:80", ""),
    ],
    "apply": [
        ("apply -f -", CONFIGMAP.format("v1").replace("f-@", "a-@")),
        ("apply -f -", CONFIGMAP.format("v1").replace("f-@", "a-@")),
        ("apply view-last-applied configmap/a-@ -o json", ""),
        ("apply set-last-applied -f -", CONFIGMAP.format("v2").replace("f-@", "a-@")),
        ("apply view-last-applied configmap/a-@", ""),
        ("apply -f -", CONFIGMAP.format("v2").replace("f-@", "a-@")),
        ("apply -f - (malformed)", MANIFESTS["malformed"]),
        ("apply -f - (unknown field)", MANIFESTS["unknown field"]),
        ("delete -f -", CONFIGMAP.format("v2").replace("f-@", "a-@")),
        ("delete -f -", CONFIGMAP.format("v2").replace("f-@", "a-@")),
    ],
    "workloads": [
        ("run p-@ --image=nginx --labels=app=p-@", ""),
        ("expose deployment d-@ --port=80", ""),
        ("scale deployment d-@ --replicas=3", ""),
        ("set image deployment/d-@ nginx=nginx:1.27", ""),
        ("set env deployment/d-@ MODE=fast", ""),
        ("set env deployment/d-@ --from=configmap/cfg --prefix=CFG_", ""),
        ("set env deployment/d-@ --list", ""),
        ("set resources deployment/d-@ --limits=cpu=200m,memory=64Mi", ""),
        ("rollout history deployment/d-@", ""),
        ("rollout status deployment/d-@ --watch=false", ""),
        ("rollout pause deployment/d-@", ""),
        ("rollout resume deployment/d-@", ""),
        ("rollout restart deployment/d-@", ""),
        ("rollout undo deployment/d-@", ""),
        ("rollout undo deployment/d-@ --to-revision=99", ""),
        ("label pod p-@ tier=web", ""),
        ("label pod p-@ tier=db", ""),
        ("label pod p-@ tier=db --overwrite", ""),
        ("annotate pod p-@ note=hello", ""),
        ("label secret s-@ made=@", ""),
        ("label configmap/f-@ secret/s-@ tier=one", ""),
        ("label configmap/f-@ secret/s-@ tier=two", ""),
        ("annotate configmap/f-@ secret/s-@ note=one", ""),
        ("annotate configmap/f-@ secret/s-@ note=two", ""),
        ("set resources deployment/d-@ -c nope --limits=cpu=1", ""),
        ("get deploy,svc,cm,secret,sa,role,rolebinding -l nothing=here", ""),
    ],
    "delete": [
        ("delete pod p-@ --force", ""),
        ("delete pod p-@ --wait=false", ""),
        ("delete configmap --all -n ns-@", ""),
        ("delete configmap c-@ -n ns-@", ""),
        ("delete secret -l made=@", ""),
        ("delete role,sa -l nothing=here", ""),
        ("delete namespace ns-@ --wait=false", ""),
    ],
    "nodes": [
        ("cordon node-1", ""),
        ("cordon node-1", ""),
        ("uncordon node-1", ""),
        ("taint nodes node-2 lab=parity:NoSchedule", ""),
        ("taint nodes node-2 lab=parity:NoSchedule", ""),
        ("taint nodes node-2 lab=parity:NoSchedule-", ""),
        ("drain control-plane", ""),
        ("uncordon control-plane", ""),
    ],
}
SCENARIOS["refusals"] = [
    (command, "")
    for command in (
        "delete pod a-@ b-@",
        "label pod a-@ x=y",
        "annotate pod a-@ x=y",
        "scale deploy a-@ --replicas=1",
        "set image deploy/a-@ c=i",
        "rollout undo deploy/a-@",
        "expose deploy a-@ --port=80",
        "cordon a-@",
        "create role r2-@",
        "create rolebinding rb2-@",
        "create deployment d3-@",
        "create configmap c4-@ --from-file=nope",
        "run r4-@",
        "exec",
        "logs a-@ b-@ c-@",
    )
]
# a file of three objects, the second of which cannot be made
THREE = (
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m1-@}\n---\n"
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad-@}\n---\n"
    "apiVersion: v1\nkind: Secret\nmetadata: {name: m2-@}\nstringData: {a: b}\n"
)
SCENARIOS["files"] = [
    ("create -f -", THREE),
    ("get -f -", THREE),
    ("get -f - -o name", THREE),
    ("get -f - -o wide", THREE),
    ("describe -f -", THREE),
    ("label -f - tier=one", THREE),
    ("apply -f -", THREE),
    ("delete -f -", THREE),
]
# a pod on the control plane, its only one (nodeName passes its taint by): drain evicts it
# while the clock runs, and the real kubectl waits for it to go
LONE_POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: dr-@}\nspec:\n  nodeName: control-plane\n  containers: [{name: c, image: nginx}]\n"
SCENARIOS["drain"] = [
    ("create -f -", LONE_POD),
    ("drain control-plane", ""),
    ("drain control-plane --force --grace-period=1", ""),
    ("uncordon control-plane", ""),
]
# patch, replace, and the generators of quotas and cluster-wide RBAC
PATCHED = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: rp-@}\ndata: {k: v2}\n"
SCENARIOS["patching"] = [
    ("create deployment pd-@ --image=nginx", ""),
    ('patch deployment pd-@ -p {"spec":{"replicas":2}}', ""),
    ('patch deployment pd-@ -p {"spec":{"replicas":2}}', ""),
    ('patch deployment/pd-@ --type=merge -p {"metadata":{"labels":{"tier":"x"}}}', ""),
    (
        'patch deployment pd-@ --type=json -p [{"op":"replace","path":"/spec/replicas","value":1}]',
        "",
    ),
    ('patch deployment pd-@ --type=json -p [{"op":"replace","path":"/spec/x/y","value":1}]', ""),
    ('patch deployment pd-@ --subresource=scale --type=merge -p {"spec":{"replicas":3}}', ""),
    (
        'patch deployment pd-@ -p {"spec":{"replicas":4}} --dry-run=client -o jsonpath={.spec.replicas}',
        "",
    ),
    ('patch deployment pd-@ -p {"spec":{"replicas":-1}}', ""),
    ("patch deployment pd-@ -p {bad", ""),
    ("patch deployment pd-@ -p [x", ""),
    ("patch deployment pd-@ nope-@ -p spec:", ""),
    ("patch deployment pd-@ -p {} --type=x", ""),
    ("patch deployment nope-@ -p {}", ""),
    ("patch deployment pd-@", ""),
    ("create configmap rp-@ --from-literal=k=v1", ""),
    ("replace -f -", PATCHED),
    ("replace -f - -o name", PATCHED),
    ("replace -f - --force", PATCHED),
    ("replace -f - (missing)", PATCHED.replace("rp-@", "rpx-@")),
    ("replace -f - --grace-period=1", PATCHED),
    ("create quota q-@ --hard=pods=2,cpu=500m,memory=1.5Gi --scopes=NotBestEffort", ""),
    ("create quota q-@ --hard=pods=1", ""),
    ("create quota q2-@ --hard=cpu=1x", ""),
    ("create quota q3-@ --hard=pods=2 -o json --dry-run=client", ""),
    ("create quota q4-@ --hard=pods=2 --scopes=Foo", ""),
    (
        "create clusterrole cr-@ --verb=get,head --resource=pods,deploy.apps --non-resource-url=/logs/*",
        "",
    ),
    (
        "create clusterrole cra-@ --aggregation-rule=rbac.example.com/agg=true -o yaml --dry-run=client",
        "",
    ),
    ("create clusterrole cr2-@ --verb=frob --resource=pods --non-resource-url=/a", ""),
    ("create clusterrole cr3-@ --verb=get --resource=*,pods -o yaml --dry-run=client", ""),
    ("create role r3-@ --verb=frob", ""),
    (
        "create clusterrolebinding crb-@ --clusterrole=cr-@ --user=u-@ --serviceaccount=default:sa-@",
        "",
    ),
    ("create clusterrolebinding crb-@ --clusterrole=view", ""),
]
# what the sides' objects are made of, read by the real kubectl: the same, but for names
OBJECTS = [
    "get deployment d-@ -o jsonpath={.spec.replicas}{.spec.selector}{.spec.template.spec}",
    "get configmap c-@ -n ns-@ -o jsonpath={.data}",
    "get secret s-@ -o jsonpath={.type}{.data}",
    "get service svc-@ -o jsonpath={.spec.ports}{.spec.selector}{.spec.type}",
    "get role r-@ -o jsonpath={.rules}",
    "get rolebinding rb-@ -o jsonpath={.roleRef}{.subjects}",
    "get configmap f-@ -o jsonpath={.data}{.metadata.labels}",
    "get deployment pd-@ -o jsonpath={.spec.replicas}{.metadata.labels}",
    "get configmap rp-@ -o jsonpath={.data}",
    "get quota q-@ -o jsonpath={.spec}",
    "get clusterrole cr-@ -o jsonpath={.rules}",
    "get clusterrolebinding crb-@ -o jsonpath={.roleRef}{.subjects}",
]


def _steps(name: str) -> list[tuple[str, str]]:
    """A scenario's steps without the words in brackets that tell like steps apart."""
    return [(re.sub(r" \(.*\)$", "", command), stdin) for command, stdin in SCENARIOS[name]]


def _assert_scenario(kubectls: Kubectls, scenario: str) -> None:
    outputs: dict[str, list[Output]] = {side: [] for side in SIDES}
    for side, word in SIDES.items():
        for command, stdin in _steps(scenario):
            args = [arg.replace("@", word) for arg in command.split()]
            output = getattr(kubectls, side)(*args, stdin=stdin.replace("@", word))
            outputs[side].append(
                Output(_unnamed(output.stdout, word), _unnamed(output.stderr, word), output.code)
            )
    for (label, _), real, builtin in zip(SCENARIOS[scenario], *outputs.values(), strict=True):
        if label in DIFFERENCES:
            assert real != builtin, f"{label} no longer differs: take it out of DIFFERENCES"
            continue
        assert_same(real, builtin)


@pytest.mark.parametrize("scenario", ["create", "apply", "workloads", "patching"])
def test_making_and_changing_print_the_same(kubectls: Kubectls, scenario: str) -> None:
    _assert_scenario(kubectls, scenario)


@pytest.mark.parametrize("command", OBJECTS)
def test_the_objects_made_are_the_same(kubectls: Kubectls, command: str) -> None:
    """After the mutating scenarios: each side's objects, as the real kubectl reads them."""
    made = []
    for word in SIDES.values():
        output = kubectls.real(*(arg.replace("@", word) for arg in command.split()))
        made.append(Output(_unnamed(output.stdout, word), output.stderr, output.code))
    assert made[0].code == 0, made[0]
    assert_same(*made)


@pytest.mark.parametrize("scenario", ["delete", "nodes", "refusals", "files"])
def test_deleting_and_node_maintenance_print_the_same(kubectls: Kubectls, scenario: str) -> None:
    _assert_scenario(kubectls, scenario)


def test_draining_a_node_prints_the_same(kubectls: Kubectls) -> None:
    assert kubectls.builtin("lab", "resume").code == 0
    try:
        _assert_scenario(kubectls, "drain")
    finally:
        assert kubectls.builtin("lab", "pause").code == 0
