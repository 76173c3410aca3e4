"""kubectl describe: each kind's layout, events, name prefixes and errors, as kubectl 1.37
prints them (checked line for line against the real kubectl over KubeLab's API)."""

import re

import pytest

from cluster.engine.apiserver.request import Response
from cluster.engine.cluster import Cluster
from cluster.kubectl.describe import pods
from cluster.kubectl.main import kubectl
from tests.cluster.kubectl.helpers import run


def lines(*texts: str) -> str:
    return "".join(f"{text}\n" for text in texts)


@pytest.fixture(scope="module")
def deployed() -> Cluster:
    """A Deployment of two nginx pods, 65 seconds on."""
    cluster = Cluster()
    run(cluster, "create", "deployment", "web", "--image=nginx", "--replicas=2", "--port=80")
    cluster.run_until_idle()
    cluster.advance_to(65_000)
    return cluster


@pytest.fixture(scope="module")
def pod() -> Cluster:
    """One pod from `kubectl run`, 30 seconds on."""
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx", "--port=80", "--env=MODE=fast")
    cluster.run_until_idle()
    cluster.advance_to(30_000)
    return cluster


@pytest.fixture(scope="module")
def configured() -> Cluster:
    cluster = Cluster()
    run(cluster, "create", "configmap", "cfg", "--from-literal=mode=fast", "--from-literal=size=2")
    run(cluster, "create", "secret", "generic", "creds", "--from-literal=password=hunter2")
    run(
        cluster,
        "create",
        "role",
        "reader",
        "--verb=get,list,watch",
        "--resource=pods,deployments.apps",
    )
    run(
        cluster,
        "create",
        "rolebinding",
        "readers",
        "--role=reader",
        "--user=ada",
        "--serviceaccount=default:robot",
    )
    run(cluster, "create", "serviceaccount", "robot")
    cluster.run_until_idle()
    return cluster


def describe(cluster: Cluster, *argv: str) -> str:
    """What kubectl describe printed, with the parts the cluster's random numbers choose
    (container ids, the service account token volume's suffix) made placeholders."""
    result = run(cluster, "describe", *argv)
    assert (result.stderr, result.exit_code) == ("", 0)
    text = re.sub(r"containerd://[0-9a-f]{64}", "containerd://<id>", result.stdout)
    return re.sub(r"kube-api-access-[a-z0-9]{5}", "kube-api-access-<suffix>", text)


def test_a_deployment_with_its_template_conditions_replica_sets_and_events(deployed):
    expected = lines(
        "Name:                   web",
        "Namespace:              default",
        "CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000",
        "Labels:                 app=web",
        "Annotations:            deployment.kubernetes.io/revision: 1",
        "Selector:               app=web",
        "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable",
        "StrategyType:           RollingUpdate",
        "MinReadySeconds:        0",
        "RollingUpdateStrategy:  25% max unavailable, 25% max surge",
        "Pod Template:",
        "  Labels:  app=web",
        "  Containers:",
        "   nginx:",
        "    Image:         nginx",
        "    Port:          80/TCP",
        "    Host Port:     0/TCP",
        "    Environment:   <none>",
        "    Mounts:        <none>",
        "  Volumes:         <none>",
        "  Node-Selectors:  <none>",
        "  Tolerations:     <none>",
        "Conditions:",
        "  Type           Status  Reason",
        "  ----           ------  ------",
        "  Available      True    MinimumReplicasAvailable",
        "  Progressing    True    NewReplicaSetAvailable",
        "OldReplicaSets:  <none>",
        "NewReplicaSet:   web-678b8c8999 (2/2 replicas created)",
        "Events:",
        "  Type    Reason             Age   From                   Message",
        "  ----    ------             ----  ----                   -------",
        "  Normal  ScalingReplicaSet  65s   deployment-controller  Scaled up replica set web-678b8c8999 to 2",
    )
    assert describe(deployed, "deployment", "web") == expected


def test_a_replica_set_with_its_controller_pods_template_and_events(deployed):
    text = describe(deployed, "rs", "web-678b8c8999")
    assert re.sub(r"web-678b8c8999-[a-z0-9]{5}", "web-678b8c8999-<suffix>", text) == lines(
        "Name:           web-678b8c8999",
        "Namespace:      default",
        "Selector:       app=web,pod-template-hash=678b8c8999",
        "Labels:         app=web",
        "                pod-template-hash=678b8c8999",
        "Annotations:    deployment.kubernetes.io/desired-replicas: 2",
        "                deployment.kubernetes.io/max-replicas: 3",
        "                deployment.kubernetes.io/revision: 1",
        "Controlled By:  Deployment/web",
        "Replicas:       2 current / 2 desired",
        "Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed",
        "Pod Template:",
        "  Labels:  app=web",
        "           pod-template-hash=678b8c8999",
        "  Containers:",
        "   nginx:",
        "    Image:         nginx",
        "    Port:          80/TCP",
        "    Host Port:     0/TCP",
        "    Environment:   <none>",
        "    Mounts:        <none>",
        "  Volumes:         <none>",
        "  Node-Selectors:  <none>",
        "  Tolerations:     <none>",
        "Events:",
        "  Type    Reason            Age   From                   Message",
        "  ----    ------            ----  ----                   -------",
        "  Normal  SuccessfulCreate  65s   replicaset-controller  Created pod: web-678b8c8999-<suffix>",
        "  Normal  SuccessfulCreate  65s   replicaset-controller  Created pod: web-678b8c8999-<suffix>",
    )


def test_a_pod_with_its_containers_volumes_tolerations_and_events(pod):
    expected = lines(
        "Name:             web",
        "Namespace:        default",
        "Priority:         0",
        "Service Account:  default",
        "Node:             node-1/172.18.0.3",
        "Start Time:       Thu, 01 Jan 2026 00:00:00 +0000",
        "Labels:           run=web",
        "Annotations:      <none>",
        "Status:           Running",
        "IP:               10.244.1.2",
        "IPs:",
        "  IP:  10.244.1.2",
        "Containers:",
        "  web:",
        "    Container ID:   containerd://<id>",
        "    Image:          nginx",
        "    Image ID:       docker.io/library/nginx@sha256:86cee2c10898a48ff47a0626f8202a2408b5893aff5df58ae10d83166e6d7b0e",
        "    Port:           80/TCP",
        "    Host Port:      0/TCP",
        "    State:          Running",
        "      Started:      Thu, 01 Jan 2026 00:00:03 +0000",
        "    Ready:          True",
        "    Restart Count:  0",
        "    Environment:",
        "      MODE:  fast",
        "    Mounts:",
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-<suffix> (ro)",
        "Conditions:",
        "  Type                        Status",
        "  PodReadyToStartContainers   True ",
        "  Initialized                 True ",
        "  Ready                       True ",
        "  ContainersReady             True ",
        "  PodScheduled                True ",
        "Volumes:",
        "  kube-api-access-<suffix>:",
        "    Type:                    Projected (a volume that contains injected data from multiple sources)",
        "    TokenExpirationSeconds:  3607",
        "    ConfigMapName:           kube-root-ca.crt",
        "    Optional:                false",
        "    DownwardAPI:             true",
        "QoS Class:                   BestEffort",
        "Node-Selectors:              <none>",
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
        "Events:",
        "  Type    Reason     Age   From               Message",
        "  ----    ------     ----  ----               -------",
        "  Normal  Scheduled  30s   default-scheduler  Successfully assigned default/web to node-1",
        '  Normal  Pulling    30s   kubelet            spec.containers{web}: Pulling image "nginx"',
        '  Normal  Pulled     27s   kubelet            spec.containers{web}: Successfully pulled image "nginx" in 2.88s (2.88s including waiting). Image size: 72000000 bytes.',
        "  Normal  Created    27s   kubelet            spec.containers{web}: Container created",
        "  Normal  Started    27s   kubelet            spec.containers{web}: Container started",
    )
    assert describe(pod, "pod", "web") == expected


def test_a_name_prefix_describes_the_objects_it_starts_without_their_events(pod):
    whole = describe(pod, "pod", "web")
    without_events = whole[: whole.index("Events:")]
    assert describe(pod, "pod", "we") == without_events + "\n"
    assert describe(pod, "pod", "we", "--show-events=true") == whole + "\n"


def test_several_objects_are_two_blank_lines_apart_and_show_no_events(deployed):
    text = describe(deployed, "pods", "-l", "app=web")
    first, second = text.split("\n\n\n")
    assert first.startswith("Name:             web-") and second.startswith(
        "Name:             web-"
    )
    assert "Events:" not in text
    assert "Events:" in describe(deployed, "pods", "-l", "app=web", "--show-events")


def test_a_node_with_its_lease_conditions_capacity_pods_and_events(pod):
    expected = lines(
        "Name:               node-1",
        "Roles:              <none>",
        "Labels:             beta.kubernetes.io/arch=amd64",
        "                    beta.kubernetes.io/os=linux",
        "                    kubernetes.io/arch=amd64",
        "                    kubernetes.io/hostname=node-1",
        "                    kubernetes.io/os=linux",
        "Annotations:        node.alpha.kubernetes.io/ttl: 0",
        "                    volumes.kubernetes.io/controller-managed-attach-detach: true",
        "CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000",
        "Taints:             <none>",
        "Unschedulable:      false",
        "Lease:",
        "  HolderIdentity:  node-1",
        "  AcquireTime:     <unset>",
        "  RenewTime:       Thu, 01 Jan 2026 00:00:30 +0000",
        "Conditions:",
        "  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message",
        "  ----             ------  -----------------                 ------------------                ------                       -------",
        "  MemoryPressure   False   Thu, 01 Jan 2026 00:00:10 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available",
        "  DiskPressure     False   Thu, 01 Jan 2026 00:00:10 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure",
        "  PIDPressure      False   Thu, 01 Jan 2026 00:00:10 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available",
        "  Ready            True    Thu, 01 Jan 2026 00:00:10 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletReady                 kubelet is posting ready status",
        "Addresses:",
        "  InternalIP:  172.18.0.3",
        "  Hostname:    node-1",
        "Capacity:",
        "  cpu:                2",
        "  ephemeral-storage:  20Gi",
        "  hugepages-2Mi:      0",
        "  memory:             4Gi",
        "  pods:               110",
        "Allocatable:",
        "  cpu:                2",
        "  ephemeral-storage:  20Gi",
        "  hugepages-2Mi:      0",
        "  memory:             4Gi",
        "  pods:               110",
        "System Info:",
        "  Machine ID:                 6222706e70db1f27aa714e44d66322ef",
        "  System UUID:                97f918bd-7346-4064-a0a9-2b452ded0ba4",
        "  Boot ID:                    4b65241a-cdcc-4536-afc1-8e23ecb6a0b5",
        "  Kernel Version:             6.12.0-kubelab",
        "  OS Image:                   Debian GNU/Linux 12 (bookworm)",
        "  Operating System:           linux",
        "  Architecture:               amd64",
        "  Container Runtime Version:  containerd://2.1.4",
        "  Kubelet Version:            v1.37.1",
        "PodCIDR:                      10.244.1.0/24",
        "PodCIDRs:                     10.244.1.0/24",
        "Non-terminated Pods:          (1 in total)",
        "  Namespace                   Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age",
        "  ---------                   ----    ------------  ----------  ---------------  -------------  ---",
        "  default                     web     0 (0%)        0 (0%)      0 (0%)           0 (0%)         30s",
        "Allocated resources:",
        "  (Total limits may be over 100 percent, i.e., overcommitted.)",
        "  Resource           Requests  Limits",
        "  --------           --------  ------",
        "  cpu                0 (0%)    0 (0%)",
        "  memory             0 (0%)    0 (0%)",
        "  ephemeral-storage  0 (0%)    0 (0%)",
        "  hugepages-2Mi      0 (0%)    0 (0%)",
        "Events:",
        "  Type    Reason                   Age   From             Message",
        "  ----    ------                   ----  ----             -------",
        "  Normal  Starting                 30s   kubelet          Starting kubelet.",
        "  Normal  NodeHasSufficientMemory  30s   kubelet          Node node-1 status is now: NodeHasSufficientMemory",
        "  Normal  NodeHasNoDiskPressure    30s   kubelet          Node node-1 status is now: NodeHasNoDiskPressure",
        "  Normal  NodeHasSufficientPID     30s   kubelet          Node node-1 status is now: NodeHasSufficientPID",
        "  Normal  NodeAllocatableEnforced  30s   kubelet          Updated Node Allocatable limit across pods",
        "  Normal  NodeReady                30s   kubelet          Node node-1 status is now: NodeReady",
        "  Normal  RegisteredNode           25s   node-controller  Node node-1 event: Registered Node node-1 in Controller",
    )
    assert describe(pod, "node", "node-1") == expected


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (("cm", "cfg"), "configmap"),
        (("secret", "creds"), "secret"),
        (("role", "reader"), "role"),
        (("rolebinding", "readers"), "binding"),
        (("sa", "robot"), "account"),
        (("ns", "default"), "namespace"),
    ],
)
def test_config_and_rbac_kinds(configured, argv, name):
    assert describe(configured, *argv) == EXPECTED[name]


def test_a_kind_without_a_describer_is_described_field_by_field(configured):
    text = describe(configured, "lease", "node-1", "-n", "kube-node-lease")
    assert text.startswith(
        lines(
            "Name:         node-1",
            "Namespace:    kube-node-lease",
            "Labels:       <none>",
            "Annotations:  <none>",
            "API Version:  coordination.k8s.io/v1",
            "Kind:         Lease",
            "Metadata:",
            "  Creation Timestamp:  2026-01-01T00:00:00Z",
            "  Owner References:",
            "    API Version:     v1",
            "    Kind:            Node",
            "    Name:            node-1",
        )
    )
    assert text.endswith(
        lines(
            "Spec:",
            "  Holder Identity:         node-1",
            "  Lease Duration Seconds:  40",
            "  Renew Time:              2026-01-01T00:00:00.000000Z",
            "Events:                    <none>",
        )
    )


POD_TEMPLATE = """apiVersion: v1
kind: PodTemplate
metadata:
  name: web
  labels: {app: web}
template:
  metadata:
    labels: {app: web}
  spec:
    containers:
    - name: nginx
      image: nginx
"""


def test_a_pod_template_has_no_describer_and_is_described_field_by_field():
    cluster = Cluster()
    assert run(cluster, "create", "-f", "-", stdin=POD_TEMPLATE).exit_code == 0
    text = describe(cluster, "podtemplate", "web")
    assert re.sub(r"(UID|Resource Version):( +)\S+", r"\1:\2<\1>", text) == lines(
        "Name:         web",
        "Namespace:    default",
        "Labels:       app=web",
        "Annotations:  <none>",
        "API Version:  v1",
        "Kind:         PodTemplate",
        "Metadata:",
        "  Creation Timestamp:  2026-01-01T00:00:00Z",
        "  Resource Version:    <Resource Version>",
        "  UID:                 <UID>",
        "Template:",
        "  Metadata:",
        "    Labels:",
        "      App:  web",
        "  Spec:",
        "    Containers:",
        "      Image:              nginx",
        "      Image Pull Policy:  Always",
        "      Name:               nginx",
        "      Resources:",
        "      Termination Message Path:    /dev/termination-log",
        "      Termination Message Policy:  File",
        "    Dns Policy:                    ClusterFirst",
        "    Restart Policy:                Always",
        "    Scheduler Name:                default-scheduler",
        "    Security Context:",
        "    Termination Grace Period Seconds:  30",
        "Events:                                <none>",
    )


def test_what_is_not_there(configured):
    missing = run(configured, "describe", "pod", "nope")
    assert (missing.stdout, missing.stderr, missing.exit_code) == (
        "",
        'Error from server (NotFound): pods "nope" not found\n',
        1,
    )
    none = run(configured, "describe", "pods")
    assert (none.stdout, none.stderr, none.exit_code) == (
        "",
        "No resources found in default namespace.\n",
        0,
    )
    assert run(configured, "describe", "pods", "-A").stderr == "No resources found\n"
    assert run(configured, "describe").stderr == (
        'error: You must specify the type of resource to describe. Use "kubectl api-resources" '
        "for a complete list of supported resources.\n"
    )


EXPECTED = {
    "configmap": lines(
        "Name:         cfg",
        "Namespace:    default",
        "Labels:       <none>",
        "Annotations:  <none>",
        "",
        "Data",
        "====",
        "mode:",
        "----",
        "fast",
        "",
        "size:",
        "----",
        "2",
        "",
        "",
        "BinaryData",
        "====",
        "",
        "Events:  <none>",
    ),
    "secret": lines(
        "Name:         creds",
        "Namespace:    default",
        "Labels:       <none>",
        "Annotations:  <none>",
        "",
        "Type:  Opaque",
        "",
        "Data",
        "====",
        "password:  7 bytes",
    ),
    "role": lines(
        "Name:         reader",
        "Labels:       <none>",
        "Annotations:  <none>",
        "PolicyRule:",
        "  Resources         Non-Resource URLs  Resource Names  Verbs",
        "  ---------         -----------------  --------------  -----",
        "  pods              []                 []              [get list watch]",
        "  deployments.apps  []                 []              [get list watch]",
    ),
    "binding": lines(
        "Name:         readers",
        "Labels:       <none>",
        "Annotations:  <none>",
        "Role:",
        "  Kind:  Role",
        "  Name:  reader",
        "Subjects:",
        "  Kind            Name   Namespace",
        "  ----            ----   ---------",
        "  User            ada    ",
        "  ServiceAccount  robot  default",
    ),
    "account": lines(
        "Name:                robot",
        "Namespace:           default",
        "Labels:              <none>",
        "Annotations:         <none>",
        "Image pull secrets:  <none>",
        "Events:              <none>",
    ),
    "namespace": lines(
        "Name:         default",
        "Labels:       kubernetes.io/metadata.name=default",
        "Annotations:  <none>",
        "Status:       Active",
        "",
        "No resource quota.",
        "",
        "No LimitRange resource.",
    ),
}


ENV_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: envpod
spec:
  containers:
  - name: c
    image: nginx
    resources:
      limits: {cpu: 500m, memory: 128Mi}
    env:
    - name: NODE
      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
    - name: CPU
      valueFrom: {resourceFieldRef: {resource: limits.cpu}}
    - name: MEM
      valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
    - name: MULTI
      value: "a\\nb"
    - name: SEC
      valueFrom: {secretKeyRef: {name: s, key: k}}
  - name: side
    image: nginx
    env:
    - name: MEM
      valueFrom: {resourceFieldRef: {resource: limits.memory}}
    - name: DISK
      valueFrom: {resourceFieldRef: {resource: limits.ephemeral-storage, divisor: "0"}}
"""


def test_a_container_s_environment_and_resources():
    cluster = Cluster()
    run(cluster, "create", "-f", "-", stdin=ENV_POD)
    text = describe(cluster, "pod", "envpod")
    assert (
        lines(
            "    Limits:",
            "      cpu:     500m",
            "      memory:  128Mi",
            "    Requests:",
            "      cpu:     500m",
            "      memory:  128Mi",
            "    Environment:",
            "      NODE:    (v1:spec.nodeName)",
            "      CPU:    1 (limits.cpu)",
            "      MEM:    128 (limits.memory)",
            "      MULTI:  a",
            "              b",
            "      SEC:    <set to the key 'k' in secret 's'>  Optional: false",
        )
        in text
    )
    assert (
        lines(
            "    Environment:",
            "      MEM:   node allocatable (limits.memory)",
            "      DISK:  0 (limits.ephemeral-storage)",
        )
        in text
    )


def test_a_limit_range_and_the_namespace_it_limits():
    cluster = Cluster()
    limits = (
        "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: lr\nspec:\n  limits:\n"
        "  - type: Container\n    default: {cpu: 500m}\n    defaultRequest: {cpu: 100m}\n"
        '    max: {cpu: "1"}\n'
    )
    run(cluster, "create", "-f", "-", stdin=limits)
    assert describe(cluster, "limitrange", "lr") == lines(
        "Name:       lr",
        "Namespace:  default",
        "Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio",
        "----        --------  ---  ---  ---------------  -------------  -----------------------",
        "Container   cpu       -    1    100m             500m           -",
    )
    assert describe(cluster, "ns", "default").endswith(
        lines(
            "No resource quota.",
            "",
            "Resource Limits",
            " Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio",
            " ----       --------  ---  ---  ---------------  -------------  -----------------------",
            " Container  cpu       -    1    100m             500m           -",
        )
    )


def test_the_objects_found_are_described_and_the_missing_reported(pod):
    result = run(pod, "describe", "pod", "nope1", "web", "nope2")
    assert result.stdout.startswith("Name:             web\n")
    assert "Events:" not in result.stdout
    assert (result.stderr, result.exit_code) == (
        'Error from server (NotFound): pods "nope1" not found\n'
        'Error from server (NotFound): pods "nope2" not found\n',
        1,
    )
    assert (
        run(pod, "describe", "pod/we").stderr
        == 'Error from server (NotFound): pods "we" not found\n'
    )


def test_probes_are_described_with_their_thresholds():
    container = {"httpGet": {"path": "/healthz", "port": 80}, "timeoutSeconds": 1}
    probe = {**container, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}
    assert pods.probe(probe) == (
        "http-get http://:80/healthz delay=0s timeout=1s period=10s successThreshold=1 "
        "failureThreshold=3"
    )
    assert pods.probe({"exec": {"command": ["cat", "/tmp/ok"]}}).startswith("exec [cat /tmp/ok] ")
    assert pods.probe({"tcpSocket": {"port": 80}}).startswith("tcp-socket :80 ")


def test_the_server_s_warnings_are_printed_once_each(configured):
    def warning(request):
        response = configured.handle(request)
        return Response(response.code, response.body, ("v1 Thing is deprecated",))

    result = kubectl(["describe", "cm", "cfg"], warning, configured.admin)
    assert result.stderr == "Warning: v1 Thing is deprecated\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["pod", "web", "-l", "run=web"],
            "error: name cannot be provided when a selector is specified\n",
        ),
        (
            ["pod/web", "-l", "run=web"],
            "error: selectors and the all flag cannot be used when passing resource/name "
            "arguments\n",
        ),
        (
            ["pod", "web", "-A"],
            "error: a resource cannot be retrieved by name across all namespaces\n",
        ),
        (
            ["pod", "web", "--chunk-size=abc"],
            'error: invalid argument "abc" for "--chunk-size" flag: strconv.ParseInt: parsing '
            "\"abc\": invalid syntax\nSee 'kubectl describe --help' for usage.\n",
        ),
        (
            ["pods,services", "-l", "a b"],
            'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label '
            'selector "a b", field selector "": unable to parse requirement: found \'b\', '
            "expected: in, notin, =, ==, !=, gt, lt\n"
            'Error from server (BadRequest): Unable to find "/v1, Resource=services" that match '
            'label selector "a b", field selector "": unable to parse requirement: found \'b\', '
            "expected: in, notin, =, ==, !=, gt, lt\n",
        ),
        (
            ["pod", "x", "-n", "nowhere"],
            'Error from server (NotFound): namespaces "nowhere" not found\n',
        ),
        (
            ["pod", "x", "y", "-n", "nowhere"],
            'Error from server (NotFound): namespaces "nowhere" not found\n' * 2,
        ),
    ],
)
def test_what_the_resource_builder_refuses(pod, argv, message):
    result = run(pod, "describe", *argv)
    assert (result.stdout, result.stderr, result.exit_code) == ("", message, 1)


def test_several_types_with_names_describe_each_type(pod):
    both = run(pod, "describe", "pods,services", "web", "kubernetes", "--show-events=false")
    assert both.stdout.startswith("Name:             web\n")
    assert both.stderr == (
        'Error from server (NotFound): pods "kubernetes" not found\n'
        'Error from server (NotFound): services "web" not found\n'
    )
    one = run(pod, "describe", "pods,services", "web")  # DescribeMatchingResources refuses
    assert (one.stdout, one.stderr) == ("", "error: you may only specify a single resource type\n")


def test_a_selector_describes_the_objects_it_matches(pod):
    result = run(pod, "describe", "pods", "-l", "run=web")
    assert result.stdout.startswith("Name:             web\n")
    assert run(pod, "describe", "pods", "-l", "run=none").stderr == (
        "No resources found in default namespace.\n"
    )
