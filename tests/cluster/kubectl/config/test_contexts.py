"""The kubeconfig as a file: set-context and use-context write it, and every command then
runs with its current context's namespace and user; a malformed one is kubectl's error."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.context import Result
from cluster.kubectl.kubeconfig import PATH
from cluster.kubectl.main import kubectl


class Workspace:
    """A cluster and the workspace files kubectl reads and writes, as the terminal keeps them."""

    def __init__(self) -> None:
        self.cluster = Cluster()
        self.files: dict[str, str] = {}

    def run(self, *argv: str) -> Result:
        result = kubectl(
            list(argv), self.cluster.handle, self.cluster.admin, files=dict(self.files)
        )
        self.files.update(result.files)
        return result

    def said(self, *argv: str) -> tuple[str, str, int]:
        result = self.run(*argv)
        return result.stdout, result.stderr, result.exit_code


@pytest.fixture
def ws() -> Workspace:
    return Workspace()


def test_nothing_is_written_until_something_changes(ws):
    assert ws.said("config", "current-context") == ("kubernetes-admin@kubernetes\n", "", 0)
    assert ws.run("get", "pods").files == {}
    assert ws.files == {}


def test_set_context_namespace_is_every_commands_namespace(ws):
    assert ws.said("create", "namespace", "team")[2] == 0
    assert ws.said("config", "set-context", "--current", "--namespace=team") == (
        'Context "kubernetes-admin@kubernetes" modified.\n',
        "",
        0,
    )
    assert "    namespace: team\n" in ws.files[PATH]
    assert ws.said("create", "configmap", "c", "--from-literal=a=b")[0] == "configmap/c created\n"
    assert ws.said("get", "cm", "c", "-n", "team", "-o", "name")[0] == "configmap/c\n"
    assert ws.said("get", "cm", "c", "-n", "default")[2] == 1
    assert ws.said("config", "get-contexts")[0] == (
        "CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n"
        "*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   team\n"
    )


def test_a_new_context_used_and_another_named_with_context(ws):
    argv = ("config", "set-context", "sys", "--namespace=kube-system", "--cluster=kubernetes")
    assert ws.said(*argv)[0] == 'Context "sys" created.\n'
    assert ws.said("config", "set-context", "sys", "--user=kubernetes-admin")[0] == (
        'Context "sys" modified.\n'
    )
    assert ws.said("config", "use-context", "sys") == ('Switched to context "sys".\n', "", 0)
    assert ws.said("config", "current-context")[0] == "sys\n"
    assert ws.said("get", "cm", "-o", "name")[0] == (
        "configmap/coredns\nconfigmap/kube-proxy\nconfigmap/kube-root-ca.crt\n"
    )
    named = ws.said("get", "sa", "--context", "kubernetes-admin@kubernetes", "-o", "name")
    assert named[0] == "serviceaccount/default\n"
    assert ws.said("get", "pods", "--context", "nope") == (
        "",
        "Error in configuration: context was not found for specified context: nope\n",
        1,
    )
    minified = ws.said("config", "view", "--minify", "-o", "jsonpath={.contexts[*].name}")
    assert minified[0] == "sys"


def test_a_context_without_a_cluster_reaches_no_server_and_one_without_a_token_is_no_one(ws):
    ws.run("config", "set-context", "bare")
    ws.run("config", "use", "bare")
    assert ws.said("get", "pods") == (
        "",
        "The connection to the server localhost:8080 was refused - did you specify the right "
        "host or port?\n",
        1,
    )
    ws.run("config", "set-context", "bare", "--cluster=kubernetes", "--user=nobody")
    assert ws.said("auth", "whoami") == (
        "",
        "error: You must be logged in to the server (Unauthorized)\n",
        1,
    )


@pytest.mark.parametrize(
    ("argv", "out", "err"),
    [
        (("set-context",), "", "error: you must specify a non-empty context name or --current\n"),
        (
            ("set-context", "a", "--current"),
            "",
            "error: you cannot specify both a context name and --current\n",
        ),
        (("use-context", "nope"), "", 'error: no context exists with the name: "nope"\n'),
        (("use-context",), "Set the current-context", "error: Unexpected args: []\n"),
        (("set-context", "a", "b"), "Set a context entry", "error: Unexpected args: [a b]\n"),
    ],
)
def test_refusals_write_nothing(ws, argv, out, err):
    result = ws.run("config", *argv)
    assert result.stdout.startswith(out) and (result.stderr, result.exit_code) == (err, 1)
    assert ws.files == {}


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("apiVersion: v1\nclusters: [\n", "yaml: line 2: did not find expected node content"),
        (
            "[]\n",
            "couldn't get version/kind; json parse error: json: cannot unmarshal array into Go "
            'value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind '
            'string "json:\\"kind,omitempty\\"" }',
        ),
        (
            "kind: Pod\n",
            'no kind "Pod" is registered for version "v1" in scheme '
            '"k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50"',
        ),
        (
            "contexts: 5\n",
            "json: cannot unmarshal number into Go struct field Config.contexts of type "
            "[]v1.NamedContext",
        ),
        (
            "contexts:\n- name: a\n  context: {user: 5}\n",
            "json: cannot unmarshal number into Go struct field Context.contexts.context.user "
            "of type string",
        ),
    ],
)
def test_a_malformed_kubeconfig_is_kubectls_error_for_every_command(ws, content, why):
    ws.files[PATH] = content
    error = f'error: error loading config file "/root/.kube/config": {why}\n'
    for argv in (("get", "pods"), ("config", "view"), ("config", "set-context", "x")):
        assert ws.said(*argv) == ("", error, 1)
    assert ws.files[PATH] == content
    assert ws.said("version", "--client")[2] == 0


def test_an_empty_kubeconfig_has_nothing(ws):
    ws.files[PATH] = ""
    assert ws.said("config", "view")[0] == (
        'apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: ""\nkind: Config\n'
        "users: null\n"
    )
    assert ws.said("config", "current-context") == ("", "error: current-context is not set\n", 1)


def test_rename_and_delete_entries(ws):
    ws.run("config", "set-context", "dev", "--cluster=kubernetes")
    ws.run("config", "use", "dev")
    assert ws.said("config", "rename-context", "dev", "dev2") == (
        'Context "dev" renamed to "dev2".\n',
        "",
        0,
    )
    assert ws.said("config", "current-context")[0] == "dev2\n"
    assert ws.said("config", "rename-context", "dev2", "kubernetes-admin@kubernetes")[1] == (
        'error: cannot rename the context "dev2", the context "kubernetes-admin@kubernetes" '
        "already exists in /root/.kube/config\n"
    )
    assert ws.said("config", "delete-context", "dev2") == (
        "deleted context dev2 from /root/.kube/config\n",
        'warning: this removed your active context, use "kubectl config use-context" to '
        "select a different one\n",
        0,
    )
    assert ws.said("config", "delete-context", "dev2") == (
        "",
        "error: cannot delete context dev2, not in /root/.kube/config\n",
        1,
    )
    assert ws.said("config", "delete-user", "kubernetes-admin")[0] == (
        "deleted user kubernetes-admin from /root/.kube/config\n"
    )
    assert ws.said("config", "delete-cluster", "kubernetes")[0] == (
        "deleted cluster kubernetes from /root/.kube/config\n"
    )
    assert ws.said("config", "get-clusters")[0] == "NAME\n"
    assert ws.said("config", "delete-cluster")[0].startswith("Delete the specified cluster")
    assert ws.said("config", "delete-user") == (
        "",
        "error: user to delete is required\nSee 'kubectl config delete-user -h' for help and "
        "examples\n",
        1,
    )


def test_a_user_with_a_service_accounts_token_acts_as_it(ws):
    ws.run("create", "serviceaccount", "bob")
    token = ws.run("create", "token", "bob").stdout.strip()
    assert ws.said("config", "set-credentials", "bob", f"--token={token}") == (
        'User "bob" set.\n',
        "",
        0,
    )
    assert ws.said("config", "set-cluster", "here", "--server=https://10.0.0.1:6443")[0] == (
        'Cluster "here" set.\n'
    )
    ws.run("config", "set-context", "bob", "--cluster=here", "--user=bob")
    assert "system:serviceaccount:default:bob" in ws.said("auth", "whoami", "--context", "bob")[0]
    assert "kubernetes-admin" in ws.said("auth", "whoami")[0]
    assert ws.said("get", "pods", "--context", "bob")[1] == (
        'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:bob" '
        'cannot list resource "pods" in API group "" in the namespace "default"\n'
    )
    assert ws.said("config", "set-credentials", "bob", "--token=x", "--password=y")[1] == (
        "error: you cannot specify more than one authentication method at the same time: "
        "--token, --username/--password\n"
    )


def test_kubeconfig_names_another_file_of_the_workspace(ws):
    assert ws.said("get", "pods", "--kubeconfig", "other.conf") == (
        "",
        "error: stat other.conf: no such file or directory\n",
        1,
    )
    assert ws.said("config", "set-context", "x", "--kubeconfig", "other.conf")[0] == (
        'Context "x" created.\n'
    )
    assert PATH not in ws.files
    assert ws.said("config", "delete-context", "x", "--kubeconfig=other.conf")[0] == (
        "deleted context x from other.conf\n"
    )
    assert ws.said("config", "delete-context", "x", "--kubeconfig=other.conf")[1] == (
        "error: cannot delete context x, not in other.conf\n"
    )
    ws.files["bad.conf"] = "["
    assert ws.said("get", "pods", "--kubeconfig", "bad.conf")[1] == (
        'error: error loading config file "bad.conf": yaml: line 1: did not find expected node '
        "content\n"
    )
