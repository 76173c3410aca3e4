"""kubectl create: from -f and through its generators, with the objects, messages and
errors kubectl 1.37 gives (checked against the real kubectl over KubeLab's API)."""

import json

import pytest
import yaml

from cluster.engine.apiserver.request import Request, Response
from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl
from tests.cluster.kubectl.helpers import run


def lines(*texts: str) -> str:
    return "".join(f"{text}\n" for text in texts)


@pytest.fixture
def cluster() -> Cluster:
    return Cluster()


def dry(cluster: Cluster, *argv: str) -> str:
    result = run(cluster, "create", *argv, "--dry-run=client", "-o", "yaml")
    assert (result.stderr, result.exit_code) == ("", 0)
    return result.stdout


def test_a_deployment_as_the_generator_builds_it(cluster):
    assert dry(
        cluster, "deployment", "web", "--image=nginx:1.27", "--replicas=3", "--port=8080"
    ) == lines(
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  labels:",
        "    app: web",
        "  name: web",
        "spec:",
        "  replicas: 3",
        "  selector:",
        "    matchLabels:",
        "      app: web",
        "  strategy: {}",
        "  template:",
        "    metadata:",
        "      labels:",
        "        app: web",
        "    spec:",
        "      containers:",
        "      - image: nginx:1.27",
        "        name: nginx",
        "        ports:",
        "        - containerPort: 8080",
        "        resources: {}",
        "status: {}",
    )


def test_a_deployment_is_created_and_runs(cluster):
    result = run(cluster, "create", "deployment", "web", "--image=nginx")
    assert (result.stdout, result.stderr) == ("deployment.apps/web created\n", "")
    cluster.run_until_idle()
    assert run(cluster, "get", "deploy", "web").stdout.splitlines()[1].split()[:4] == [
        "web",
        "1/1",
        "1",
        "1",
    ]
    again = run(cluster, "create", "deployment", "web", "--image=nginx")
    assert (
        again.stderr
        == 'error: failed to create deployment: deployments.apps "web" already exists\n'
    )


def test_namespace_configmap_secret_and_service_account(cluster):
    assert dry(cluster, "namespace", "dev") == lines(
        "apiVersion: v1", "kind: Namespace", "metadata:", "  name: dev", "spec: {}", "status: {}"
    )
    assert dry(cluster, "configmap", "cfg", "--from-literal=a=1", "--from-literal=b=x") == lines(
        "apiVersion: v1",
        "data:",
        '  a: "1"',
        "  b: x",
        "kind: ConfigMap",
        "metadata:",
        "  name: cfg",
    )
    assert dry(cluster, "secret", "generic", "s", "--from-literal=pw=secret") == lines(
        "apiVersion: v1", "data:", "  pw: c2VjcmV0", "kind: Secret", "metadata:", "  name: s"
    )
    assert dry(cluster, "sa", "robot") == lines(
        "apiVersion: v1", "kind: ServiceAccount", "metadata:", "  name: robot"
    )
    for argv, said in (
        (("namespace", "dev"), "namespace/dev created\n"),
        (("configmap", "cfg", "--from-literal=a=1"), "configmap/cfg created\n"),
        (("secret", "generic", "s", "--from-literal=pw=x"), "secret/s created\n"),
        (("serviceaccount", "robot"), "serviceaccount/robot created\n"),
    ):
        assert run(cluster, "create", *argv).stdout == said
    assert run(cluster, "get", "cm", "cfg", "-o", "jsonpath={.data.a}").stdout == "1"
    assert run(cluster, "create", "configmap", "cfg").stderr == (
        'error: failed to create configmap: configmaps "cfg" already exists\n'
    )
    assert run(cluster, "create", "secret", "generic", "s").stderr == (
        'error: failed to create secret secrets "s" already exists\n'
    )
    assert run(cluster, "create", "ns", "dev").stderr == (
        'Error from server (AlreadyExists): namespaces "dev" already exists\n'
    )


def test_configmap_keys_from_files_of_the_workspace_and_standard_input(cluster):
    result = kubectl(
        [
            "create",
            "configmap",
            "c",
            "--from-file=app.conf",
            "--from-file=in=/dev/stdin",
            "--dry-run=client",
            "-o",
            "yaml",
        ],
        cluster.handle,
        cluster.admin,
        stdin="x=1\n",
        files={"app.conf": "debug: true\n"},
    )
    assert yaml.safe_load(result.stdout)["data"] == {"app.conf": "debug: true\n", "in": "x=1\n"}
    missing = run(cluster, "create", "configmap", "c", "--from-file=nope.txt")
    assert missing.stderr == "error: error reading nope.txt: no such file or directory\n"


ENV_FILE = "\ufeff  A=1\n# a comment\n\nB= two \nC\n"
ENV_ERROR = (
    "a valid environment variable name must consist of alphabetic characters, digits, '_', "
    "'-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or "
    "'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
)
KEY_ERROR = (
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
    "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
    "'[-._a-zA-Z0-9]+')"
)


def create_from(cluster, *argv, files=None):
    return kubectl(["create", *argv], cluster.handle, cluster.admin, files=files or {})


def test_an_env_file_as_add_from_env_file_reads_it(cluster):
    argv = ("configmap", "e", "--from-env-file=a.env", "--dry-run=client", "-o", "yaml")
    result = create_from(cluster, *argv, files={"a.env": ENV_FILE})
    assert yaml.safe_load(result.stdout)["data"] == {"A": "1", "B": " two ", "C": ""}


def test_a_directory_gives_a_key_per_file_in_it(cluster):
    files = {"conf/a": "1", "conf/b": "2", "conf/sub/c": "3"}
    argv = ("configmap", "d", "--from-file=conf", "--dry-run=client", "-o", "yaml")
    assert yaml.safe_load(create_from(cluster, *argv, files=files).stdout)["data"] == {
        "a": "1",
        "b": "2",
    }
    refused = create_from(cluster, "configmap", "d", "--from-file=k=conf/", files=files)
    assert refused.stderr == "error: cannot give a key name for a directory path\n"


@pytest.mark.parametrize(
    ("argv", "files", "error"),
    [
        (
            ("configmap", "e", "--from-env-file=a.env", "--from-literal=x=1"),
            {"a.env": "A=1\n"},
            "from-env-file cannot be combined with from-file or from-literal",
        ),
        (
            ("secret", "generic", "e", "--from-env-file=a.env"),
            {"a.env": "B =2\n"},
            f'"B " is not a valid key name: {ENV_ERROR}',
        ),
        (
            ("configmap", "e", "--from-env-file=a.env"),
            {"a.env": "1A=2\n"},
            f'"1A" is not a valid key name: {ENV_ERROR}',
        ),
        (("configmap", "e", "--from-file==a.env"), {}, "key name for file path a.env missing"),
        (("configmap", "e", "--from-file=k="), {}, "file path for key name k missing"),
        (("configmap", "e", "--from-file=a=b=c"), {}, "key names or file paths cannot contain '='"),
        (
            ("configmap", "e", "--from-literal=a b=1"),
            {},
            f'"a b" is not a valid key name for a ConfigMap: {KEY_ERROR}',
        ),
        (
            ("secret", "generic", "e", "--from-literal=a b=1"),
            {},
            f'"a b" is not valid key name for a Secret {KEY_ERROR}',
        ),
    ],
)
def test_what_configmap_and_secret_sources_refuse(cluster, argv, files, error):
    assert create_from(cluster, *argv, files=files).stderr == f"error: {error}\n"


def test_a_docker_registry_secret(cluster):
    secret = yaml.safe_load(
        dry(
            cluster,
            "secret",
            "docker-registry",
            "d",
            "--docker-username=u",
            "--docker-password=p",
            "--docker-email=e@x",
        )
    )
    assert secret["type"] == "kubernetes.io/dockerconfigjson"
    assert secret["data"] == {
        ".dockerconfigjson": "eyJhdXRocyI6eyJodHRwczovL2luZGV4LmRvY2tlci5pby92MS8iOnsidXNlcm5hbWUiOiJ1IiwicGFzc3dvcmQiOiJwIiwiZW1haWwiOiJlQHgiLCJhdXRoIjoiZFRwdyJ9fX0="
    }


def test_roles_group_their_resources_by_api_group(cluster):
    assert dry(
        cluster, "role", "r", "--verb=get,list", "--resource=pods,deployments.apps,rs"
    ) == lines(
        "apiVersion: rbac.authorization.k8s.io/v1",
        "kind: Role",
        "metadata:",
        "  name: r",
        "rules:",
        "- apiGroups:",
        '  - ""',
        "  resources:",
        "  - pods",
        "  verbs:",
        "  - get",
        "  - list",
        "- apiGroups:",
        "  - apps",
        "  resources:",
        "  - deployments",
        "  - replicasets",
        "  verbs:",
        "  - get",
        "  - list",
    )
    result = run(cluster, "create", "role", "r", "--verb=frob", "--resource=pods")
    assert (result.stdout, result.stderr) == (
        "role.rbac.authorization.k8s.io/r created\n",
        "Warning: 'frob' is not a standard resource verb\n",
    )
    assert run(cluster, "create", "role", "x", "--verb=get", "--resource=widgets").stderr == (
        'the server doesn\'t have a resource type "widgets"\n'
    )


def test_bindings_name_their_subjects(cluster):
    binding = yaml.safe_load(
        dry(
            cluster,
            "rolebinding",
            "rb",
            "--clusterrole=view",
            "--user=bob",
            "--group=devs",
            "--serviceaccount=default:robot",
        )
    )
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "ClusterRole",
        "name": "view",
    }
    assert binding["subjects"] == [
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "bob"},
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "devs"},
        {"kind": "ServiceAccount", "name": "robot", "namespace": "default"},
    ]
    assert run(cluster, "create", "rolebinding", "rb", "--user=x").stderr == (
        "error: exactly one of clusterrole or role must be specified\n"
    )
    assert run(
        cluster, "create", "rolebinding", "rb", "--role=a", "--serviceaccount=bad"
    ).stderr == ("error: serviceaccount must be <namespace>:<name>\n")
    assert run(
        cluster, "create", "clusterrolebinding", "crb", "--clusterrole=view", "--user=bob"
    ).stdout == ("clusterrolebinding.rbac.authorization.k8s.io/crb created\n")


def test_a_service_as_the_generator_builds_it(cluster):
    assert dry(cluster, "service", "clusterip", "s", "--tcp=80:8080") == lines(
        "apiVersion: v1",
        "kind: Service",
        "metadata:",
        "  labels:",
        "    app: s",
        "  name: s",
        "spec:",
        "  ports:",
        "  - name: 80-8080",
        "    port: 80",
        "    protocol: TCP",
        "    targetPort: 8080",
        "  selector:",
        "    app: s",
        "  type: ClusterIP",
        "status:",
        "  loadBalancer: {}",
    )


def test_a_server_without_services_refuses_the_request(cluster):
    def without_services(request: Request) -> Response:
        if request.resource == "services":
            return Response(404, NOT_FOUND)
        return cluster.handle(request)

    result = kubectl(
        ["create", "service", "clusterip", "s", "--tcp=80:8080"], without_services, cluster.admin
    )
    assert (result.stdout, result.stderr, result.exit_code) == (
        "",
        "error: failed to create ClusterIP service: the server could not find the requested resource\n",
        1,
    )


NOT_FOUND = {
    "kind": "Status",
    "apiVersion": "v1",
    "metadata": {},
    "status": "Failure",
    "message": "the server could not find the requested resource",
    "reason": "NotFound",
    "details": {},
    "code": 404,
}


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (("deployment",), 'error: required flag(s) "image" not set'),
        (
            ("deployment", "--image=nginx"),
            "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples",
        ),
        ((), "error: must specify one of -f and -k"),
        (("foo",), "error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples"),
        (
            ("configmap", "c", "--from-literal=bad"),
            "error: invalid literal source bad, expected key=value",
        ),
        (("secret", "tls", "t"), "error: key and cert must be specified"),
        (
            ("secret", "docker-registry", "d"),
            "error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required",
        ),
        (("service", "clusterip", "x"), "error: at least one tcp port specifier must be provided"),
        (("role", "r", "--resource=pods"), "error: at least one verb must be specified"),
    ],
)
def test_errors_are_worded_as_kubectl_words_them(cluster, argv, error):
    result = run(cluster, "create", *argv)
    assert (result.stdout, result.stderr, result.exit_code) == ("", error + "\n", 1)


def test_from_standard_input_with_saved_configuration_and_server_errors(cluster):
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n"
    result = run(cluster, "create", "-f", "-", "--save-config", stdin=manifest)
    assert result.stdout == "configmap/a created\n"
    annotations = yaml.safe_load(run(cluster, "get", "cm", "a", "-o", "yaml").stdout)["metadata"][
        "annotations"
    ]
    assert annotations == {
        "kubectl.kubernetes.io/last-applied-configuration": '{"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"a","namespace":"default"}}\n'
    }
    again = run(
        cluster,
        "create",
        "-f",
        "-",
        stdin=manifest + "---\n" + manifest.replace("name: a", "name: b"),
    )
    assert (again.stdout, again.stderr, again.exit_code) == (
        "configmap/b created\n",
        'Error from server (AlreadyExists): error when creating "STDIN": configmaps "a" already exists\n',
        1,
    )


def test_output_formats(cluster):
    jsonpath = run(
        cluster, "create", "cm", "x", "-o", "jsonpath={.metadata.name}", "--dry-run=client"
    )
    assert jsonpath.stdout == "x"
    unknown = run(cluster, "create", "cm", "x", "-o", "foo", "--dry-run=client")
    assert unknown.stderr == (
        'error: unable to match a printer suitable for the output format "foo", allowed formats '
        "are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,"
        "name,template,templatefile,yaml\n"
    )


def test_a_tls_secret_from_files_of_the_workspace(cluster):
    pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"

    def tls(files):
        argv = [
            "create",
            "secret",
            "tls",
            "t",
            "--cert=t.crt",
            "--key=t.key",
            "--dry-run=client",
            "-o",
            "yaml",
        ]
        return kubectl(argv, cluster.handle, cluster.admin, files=files)

    secret = yaml.safe_load(tls({"t.crt": pem, "t.key": key}).stdout)
    assert secret["type"] == "kubernetes.io/tls" and set(secret["data"]) == {"tls.crt", "tls.key"}
    assert tls({"t.crt": "hello\n", "t.key": key}).stderr == (
        "error: tls: failed to find any PEM data in certificate input\n"
    )
    assert tls({"t.key": key}).stderr == (
        "error: Cannot read file t.crt, open t.crt: no such file or directory\n"
    )


def test_yaml_and_json_leave_out_managed_fields_unless_asked(cluster):
    created = yaml.safe_load(
        run(cluster, "create", "cm", "x", "--from-literal=a=1", "-o", "yaml").stdout
    )
    assert "managedFields" not in created["metadata"]
    shown = run(cluster, "get", "cm", "x", "-o", "json", "--show-managed-fields").stdout
    assert json.loads(shown)["metadata"]["managedFields"][0]["manager"] == "kubectl-create"
    assert (
        "managedFields"
        not in json.loads(run(cluster, "get", "cm", "-o", "json").stdout)["items"][0]["metadata"]
    )


def test_a_generated_object_saves_its_configuration_in_its_structs_order(cluster):
    argv = ["-n", "default", "create", "cm", "a", "--from-literal=k=v", "--save-config"]
    assert run(cluster, *argv).stdout == "configmap/a created\n"
    annotations = yaml.safe_load(run(cluster, "get", "cm", "a", "-o", "yaml").stdout)["metadata"][
        "annotations"
    ]
    assert annotations == {
        "kubectl.kubernetes.io/last-applied-configuration": '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","namespace":"default"},"data":{"k":"v"}}\n'
    }


def test_a_field_manager_is_at_most_128_printable_bytes(cluster):
    result = run(cluster, "create", "cm", "x", "--field-manager=" + "m" * 129)
    assert result.stderr == (
        'error: failed to create configmap: CreateOptions.meta.k8s.io "" is invalid: '
        "fieldManager: Too long: may not be more than 128 bytes\n"
    )
    bell = run(cluster, "create", "cm", "x", "--field-manager=ring\a")
    assert bell.stderr == (
        'error: failed to create configmap: CreateOptions.meta.k8s.io "" is invalid: '
        'fieldManager: Invalid value: "ring\\a": invalid character U+0007 (at position 4)\n'
    )
    assert run(cluster, "get", "cm", "x").exit_code == 1


def test_a_generated_service_carries_the_namespace_given_with_n():
    cluster = Cluster()
    argv = ("create", "service", "clusterip", "s", "--tcp=80", "--dry-run=client", "-o", "json")
    assert json.loads(run(cluster, *argv, "-n", "team").stdout)["metadata"]["namespace"] == "team"
    assert "namespace" not in json.loads(run(cluster, *argv).stdout)["metadata"]


def test_a_job_and_a_cron_job_are_built_and_created(cluster):
    assert dry(cluster, "job", "j", "--image=busybox") == lines(
        "apiVersion: batch/v1",
        "kind: Job",
        "metadata:",
        "  name: j",
        "spec:",
        "  template:",
        "    metadata: {}",
        "    spec:",
        "      containers:",
        "      - image: busybox",
        "        name: j",
        "        resources: {}",
        "      restartPolicy: Never",
        "status: {}",
    )
    built = run(
        cluster,
        "create",
        "cj",
        "c",
        "--image=busybox",
        "--schedule=@hourly",
        "--dry-run=client",
        "-o",
        "json",
        "--",
        "date",
    ).stdout
    assert list(json.loads(built)["spec"]) == ["schedule", "jobTemplate"]
    job_template = json.loads(built)["spec"]["jobTemplate"]
    assert job_template["metadata"] == {"name": "c"}
    assert job_template["spec"]["template"]["spec"] == {
        "containers": [{"name": "c", "image": "busybox", "command": ["date"], "resources": {}}],
        "restartPolicy": "OnFailure",
    }
    created = run(cluster, "create", "job", "j", "--image=busybox")
    assert (created.stdout, created.exit_code) == ("job.batch/j created\n", 0)
    created = run(cluster, "create", "cronjob", "c", "--image=busybox", "--schedule=@hourly")
    assert created.stdout == "cronjob.batch/c created\n"
    from_cron_job = run(cluster, "create", "job", "now", "--from=cronjob/c", "-o", "json")
    job = json.loads(from_cron_job.stdout)
    assert job["metadata"]["annotations"] == {"cronjob.kubernetes.io/instantiate": "manual"}
    owner = job["metadata"]["ownerReferences"][0]
    assert (owner["kind"], owner["name"], owner["controller"]) == ("CronJob", "c", True)
    assert "blockOwnerDeletion" not in owner
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "OnFailure"


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["job", "j"], "error: either --image or --from must be specified"),
        (
            ["job", "j", "--image=x", "--from=cronjob/c"],
            "error: either --image or --from must be specified",
        ),
        (
            ["job", "j", "--from=cronjob/c", "--", "date"],
            "error: cannot specify --from and command",
        ),
        (
            ["job", "j", "--from=cronjob/c"],
            'Error from server (NotFound): cronjobs.batch "c" not found',
        ),
        (["job", "j", "--from=deployment/web"], "error: unknown object type *v1.Deployment"),
        (["cronjob", "c"], 'error: required flag(s) "image", "schedule" not set'),
        (["cronjob", "c", "--image=x"], 'error: required flag(s) "schedule" not set'),
    ],
)
def test_what_job_and_cron_job_refuse(cluster, argv, error):
    run(cluster, "create", "deployment", "web", "--image=nginx")
    refused = run(cluster, "create", *argv)
    assert (refused.stderr, refused.exit_code) == (f"{error}\n", 1)


def test_a_pod_disruption_budget_as_the_generator_builds_it(cluster):
    built = run(
        cluster,
        "create",
        "pdb",
        "p",
        "--selector=tier,app=web,!x,zone in (b,a)",
        "--min-available=50%",
        "--dry-run=client",
        "-o",
        "json",
    ).stdout
    assert json.loads(built)["spec"] == {
        "minAvailable": "50%",
        "selector": {
            "matchLabels": {"app": "web"},
            "matchExpressions": [  # by key, as labels.ParseToRequirements sorts them
                {"key": "tier", "operator": "Exists"},
                {"key": "x", "operator": "DoesNotExist"},
                {"key": "zone", "operator": "In", "values": ["a", "b"]},
            ],
        },
    }
    assert list(json.loads(built)["status"]) == [
        "disruptionsAllowed",
        "currentHealthy",
        "desiredHealthy",
        "expectedPods",
    ]
    fitting = dry(cluster, "pdb", "p", "--selector=a=b", "--max-unavailable=2147483647")
    assert "maxUnavailable: 2147483647\n" in fitting
    too_big = dry(cluster, "pdb", "p", "--selector=a=b", "--max-unavailable=2147483648")
    assert 'maxUnavailable: "2147483648"\n' in too_big
    created = run(
        cluster, "create", "poddisruptionbudget", "p", "--selector=a=b", "--min-available=1"
    )
    assert (created.stdout, created.stderr) == ("poddisruptionbudget.policy/p created\n", "")
    for argv, error in (
        (["--min-available=1"], "a selector must be specified"),
        (["--selector=a=b"], "one of min-available or max-unavailable must be specified"),
        (
            ["--selector=a=b", "--min-available=1", "--max-unavailable=1"],
            "min-available and max-unavailable cannot be both specified",
        ),
        (["--selector=a=b", "--min-available=1.5"], "invalid format specified for min-available"),
    ):
        refused = run(cluster, "create", "pdb", "p", *argv)
        assert (refused.stderr, refused.exit_code) == (f"error: {error}\n", 1)


def test_an_ingress_is_built_as_kubectl_builds_it_and_created(cluster):
    argv = [
        "--rule=foo.com/bar*=svc:80,tls=cert",
        "--rule=foo.com/admin=adm:http",
        "--rule=bar.com/=s:8080,tls=cert",
        "--rule=/x=s:-1,tls",
        "--default-backend=def:99999999999",
        "--class=nginx",
        "--annotation=a=b=c",
    ]
    ingress = json.loads(
        run(cluster, "create", "ing", "i", *argv, "--dry-run=client", "-o", "json").stdout
    )
    assert ingress["metadata"] == {"name": "i", "annotations": {"a": "b=c"}}
    spec = ingress["spec"]
    assert list(spec) == ["ingressClassName", "defaultBackend", "tls", "rules"]
    assert spec["defaultBackend"] == {"service": {"name": "def", "port": {"name": "99999999999"}}}
    assert spec["tls"] == [{"hosts": ["foo.com", "bar.com"], "secretName": "cert"}]
    foo, bar, bare = spec["rules"]
    assert [(p["path"], p["pathType"]) for p in foo["http"]["paths"]] == [
        ("/bar", "Prefix"),
        ("/admin", "Exact"),
    ]
    assert foo["http"]["paths"][1]["backend"] == {
        "service": {"name": "adm", "port": {"name": "http"}}
    }
    assert bar["host"] == "bar.com" and "host" not in bare
    assert bare["http"]["paths"][0]["backend"]["service"]["port"] == {"number": -1}
    assert ingress["status"] == {"loadBalancer": {}}
    created = run(cluster, "create", "ingress", "i", "--rule=foo.com/bar=svc:80")
    assert (created.stdout, created.exit_code) == ("ingress.networking.k8s.io/i created\n", 0)
    refused = run(cluster, "create", "ingress", "j", "--rule=/x=svc:0")
    assert refused.stderr == (
        'error: failed to create ingress: Ingress.networking.k8s.io "j" is invalid: '
        "spec.rules[0].http.paths[0].backend: Required value: port name or number is required\n"
    )
    for flags, error in (
        (
            [],
            "not enough information provided: every ingress has to either specify a "
            "default-backend (which catches all traffic) or a list of rules (which catch specific "
            "paths)",
        ),
        (
            ["--rule=foo"],
            "rule foo is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]",
        ),
        (["--default-backend=svc"], "default-backend should be in format servicename:serviceport"),
        (
            ["--rule=a.com/b=c:80", "--annotation=x"],
            "annotation x is invalid and should be in format key=[value]",
        ),
    ):
        refused = run(cluster, "create", "ingress", "i", *flags)
        assert (refused.stderr, refused.exit_code) == (f"error: {error}\n", 1)
