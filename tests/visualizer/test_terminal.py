"""The dashboard terminal's shell: what lines mean (visualizer/shell.py), what they do to the
workspace (visualizer/terminal.py), and what Tab offers (visualizer/completion.py)."""

import re

import pytest
from django.contrib.auth import get_user_model

from cluster import workspace
from cluster.engine.cluster import Cluster as Engine
from cluster.kubectl.main import kubectl
from cluster.models import Cluster
from visualizer import completion, shell, terminal
from visualizer.shell import Cat, Edit, Help, Incomplete, Kubectl, Local, Ls, Rm, Source

WEB = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
"""


# -- shell: what a line means -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("kubectl get pods", Kubectl(["get", "pods"])),
        ("  kubectl   get pods  # all of them", Kubectl(["get", "pods"])),
        (
            "kubectl get pods -o 'jsonpath={.items[*].metadata.name}'",
            Kubectl(["get", "pods", "-o", "jsonpath={.items[*].metadata.name}"]),
        ),
        (
            'kubectl run web --image=nginx -- sh -c "echo \\"hi\\" $HOME"',
            Kubectl(["run", "web", "--image=nginx", "--", "sh", "-c", 'echo "hi" $HOME']),
        ),
        ("kubectl label pod web a\\ b=c", Kubectl(["label", "pod", "web", "a b=c"])),
        (
            "cat <<EOF | kubectl apply -f -\nkind: Pod\nEOF",
            Kubectl(["apply", "-f", "-"], Source(text="kind: Pod\n")),
        ),
        (
            "cat web.yaml | kubectl apply -f -",
            Kubectl(["apply", "-f", "-"], Source(paths=("web.yaml",))),
        ),
        (
            "kubectl apply -f - < web.yaml",
            Kubectl(["apply", "-f", "-"], Source(paths=("web.yaml",), reader="bash")),
        ),
        (
            "kubectl apply -f - <<EOF\na: 1\nEOF\n",
            Kubectl(["apply", "-f", "-"], Source(text="a: 1\n")),
        ),
        (
            "kubectl get pod web -o yaml >web.yaml",
            Kubectl(["get", "pod", "web", "-o", "yaml"], None, "web.yaml"),
        ),
        (
            "cat web.yaml | kubectl create -f - --dry-run=client -o yaml > out.yaml",
            Kubectl(
                ["create", "-f", "-", "--dry-run=client", "-o", "yaml"],
                Source(paths=("web.yaml",)),
                "out.yaml",
            ),
        ),
        ("cat web.yaml svc.yaml", Cat(Source(paths=("web.yaml", "svc.yaml")))),
        (
            "cat > web.yaml <<EOF\na: 1\n\n  b: 2\nEOF",
            Cat(Source(text="a: 1\n\n  b: 2\n"), "web.yaml"),
        ),
        ("cat <<'EOF' >web.yaml\n$HOME `x`\nEOF", Cat(Source(text="$HOME `x`\n"), "web.yaml")),
        ('cat <<"END" > web.yaml\nEOF\nEND', Cat(Source(text="EOF\n"), "web.yaml")),
        ("cat <<-EOF > web.yaml\n\t\ta: 1\n\tEOF", Cat(Source(text="a: 1\n"), "web.yaml")),
        ("cat > empty.yaml <<EOF\nEOF", Cat(Source(text=""), "empty.yaml")),
        ("cat a.yaml > b.yaml", Cat(Source(paths=("a.yaml",)), "b.yaml")),
        ("ls", Ls([])),
        ("ls web.yaml", Ls(["web.yaml"])),
        ("rm web.yaml svc.yaml", Rm(["web.yaml", "svc.yaml"])),
        ("edit web.yaml", Edit("web.yaml")),
        ("nano web.yaml", Edit("web.yaml")),
        ("vi web.yaml", Edit("web.yaml")),
        ("help", Help()),
        ("clear", Local("clear")),
        ("history", Local("history")),
        ("", None),
        ("   # nothing", None),
    ],
)
def test_a_line_means_one_command(text: str, command: shell.Command | None) -> None:
    assert shell.parse(text) == command


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("cat > web.yaml <<EOF", "EOF"),
        ("cat > web.yaml <<EOF\napiVersion: v1", "EOF"),
        ("cat > web.yaml <<EOF\n EOF\nEOF \n", "EOF"),  # the delimiter's line is exactly it
        ("cat <<'YAML' | kubectl apply -f -\nkind: Pod", "YAML"),
    ],
)
def test_a_heredoc_goes_on_until_its_delimiters_line(text: str, delimiter: str) -> None:
    assert shell.parse(text) == Incomplete(delimiter)


@pytest.mark.parametrize(
    ("text", "message", "code"),
    [
        ("make deploy", "bash: make: command not found", 127),
        ("kubectl get pods | grep web", "bash: grep: command not found", 127),
        ("kubectl get 'pods", "bash: unexpected EOF while looking for matching `''", 2),
        ('kubectl get "pods', "bash: unexpected EOF while looking for matching `\"'", 2),
        ("cat >", "bash: syntax error near unexpected token `newline'", 2),
        ("cat > | kubectl", "bash: syntax error near unexpected token `|'", 2),
        ("| kubectl get pods", "bash: syntax error near unexpected token `|'", 2),
        ("kubectl get pods |", "bash: syntax error near unexpected token `|'", 2),
        (
            "kubectl get pods && ls",
            "bash: `&&' is not supported here: this terminal runs one command per line: "
            "only cat ... | kubectl ... pipes",
            2,
        ),
        (
            "ls; ls",
            "bash: `;' is not supported here: this terminal runs one command per line: "
            "only cat ... | kubectl ... pipes",
            2,
        ),
        (
            "ls | kubectl apply -f -",
            "bash: this terminal runs one command per line: only cat ... | kubectl ... pipes",
            2,
        ),
        (
            "cat <<EOF | kubectl apply -f -\nkind: Pod\nEOF\nkubectl get pods",
            "bash: this terminal runs one command per line: only cat ... | kubectl ... pipes",
            2,
        ),
        (
            "cat >> web.yaml <<EOF",
            "bash: `>>' is not supported here: write the whole file with cat > web.yaml",
            2,
        ),
        ("cat > a <<A <<B", "bash: one heredoc per command, please", 2),
        ("cat", "cat: this terminal cannot type into cat: use cat > FILE <<EOF, or edit FILE", 1),
        (
            "cat > web.yaml",
            "cat: this terminal cannot type into cat: use cat > FILE <<EOF, or edit FILE",
            1,
        ),
        ("cat a.yaml <<EOF", "cat: give it files or a heredoc, not both", 2),
        ("ls -l", "ls: -l: options are not supported here", 2),
        ("rm -rf web.yaml", "rm: -rf: options are not supported here", 2),
        ("rm", "rm: missing operand", 1),
        ("edit", "edit: name one file: edit FILE", 1),
        ("vi a b", "vi: name one file: vi FILE", 1),
        ("ls > files.txt", "bash: ls: only cat and kubectl read or write files here", 2),
    ],
)
def test_lines_the_shell_cannot_run_get_bash_like_errors(
    text: str, message: str, code: int
) -> None:
    with pytest.raises(shell.ShellError) as refused:
        shell.parse(text)
    assert (refused.value.message, refused.value.code) == (message, code)


def test_words_know_where_they_are_in_the_line() -> None:
    assert [
        (t.text, t.start, t.end, t.operator)
        for t in shell.tokenize("cat a|kubectl 'ap", partial=True)
    ] == [
        ("cat", 0, 3, False),
        ("a", 4, 5, False),
        ("|", 5, 6, True),
        ("kubectl", 6, 13, False),
        ("ap", 14, 17, False),
    ]


# -- terminal: what commands do to the workspace ---------------------------------------------


@pytest.fixture
def cluster(db: None) -> Cluster:
    owner = get_user_model().objects.create_user(username="ada")
    return Cluster.objects.create(owner=owner, name="default", seed=1, epoch=0, admin_token="t")


def test_a_heredoc_writes_a_file_that_ls_lists_and_cat_prints(cluster: Cluster) -> None:
    assert terminal.run(cluster, "cat > web.yaml <<EOF") == Incomplete("EOF")
    assert terminal.run(cluster, f"cat > web.yaml <<EOF\n{WEB}EOF") == terminal.Printed()
    assert terminal.run(cluster, "cat <<EOF > svc.yaml\nkind: Service\nEOF") == terminal.Printed()
    assert terminal.run(cluster, "ls") == terminal.Printed("svc.yaml\nweb.yaml\n")
    assert terminal.run(cluster, "cat web.yaml") == terminal.Printed(WEB)
    assert terminal.run(cluster, "cat ./svc.yaml web.yaml") == terminal.Printed(
        f"kind: Service\n{WEB}"
    )
    assert terminal.run(cluster, "cat web.yaml > copy.yaml") == terminal.Printed()
    assert workspace.workspace_read(cluster, "copy.yaml") == WEB


def test_missing_files_are_reported_as_the_programs_do(cluster: Cluster) -> None:
    workspace.workspace_put(cluster, "web.yaml", WEB)
    assert terminal.run(cluster, "cat nope.yaml") == terminal.Printed(
        stderr="cat: nope.yaml: No such file or directory\n", code=1
    )
    assert terminal.run(cluster, "cat ../../etc/passwd") == terminal.Printed(
        stderr="cat: ../../etc/passwd: No such file or directory\n", code=1
    )
    assert terminal.run(cluster, "ls web.yaml nope.yaml") == terminal.Printed(
        "web.yaml\n", "ls: cannot access 'nope.yaml': No such file or directory\n", 2
    )
    assert terminal.run(cluster, "rm nope.yaml web.yaml") == terminal.Printed(
        stderr="rm: cannot remove 'nope.yaml': No such file or directory\n", code=1
    )
    assert workspace.workspace_names(cluster) == []
    workspace.workspace_put(cluster, "web.yaml", WEB)
    assert terminal.run(cluster, "cat" + " web.yaml" * 65) == terminal.Printed(
        stderr="cat: at most 64 files at a time\n", code=1
    )
    assert terminal.run(cluster, "cat" + " web.yaml" * 64) == terminal.Printed(WEB * 64)
    workspace.workspace_remove(cluster, "web.yaml")
    assert terminal.run(cluster, "kubectl apply -f - < web.yaml") == terminal.Printed(
        stderr="bash: web.yaml: No such file or directory\n", code=1
    )


def test_a_file_the_workspace_refuses_is_an_error_and_nothing_changes(cluster: Cluster) -> None:
    workspace.workspace_put(cluster, "web.yaml", WEB)
    assert terminal.run(cluster, "cat > ../web.yaml <<EOF\nx\nEOF") == terminal.Printed(
        stderr="bash: ../web.yaml: the workspace has no directories: name a file in it\n", code=1
    )
    big = "x" * (workspace.MAX_BYTES + 1)
    assert terminal.run(cluster, f"cat > web.yaml <<EOF\n{big}\nEOF").code == 1
    assert workspace.workspace_names(cluster) == ["web.yaml"]
    assert workspace.workspace_read(cluster, "web.yaml") == WEB
    assert terminal.save(cluster, "web.yaml", "\x00\x01") == (
        "web.yaml: binary content is not supported: files hold text"
    )
    assert workspace.workspace_read(cluster, "web.yaml") == WEB


def test_edit_opens_a_file_or_a_new_one_and_save_writes_it(cluster: Cluster) -> None:
    workspace.workspace_put(cluster, "web.yaml", WEB)
    assert terminal.run(cluster, "nano ./web.yaml") == terminal.OpenEditor("web.yaml", WEB)
    assert terminal.run(cluster, "edit new.yaml") == terminal.OpenEditor("new.yaml", "")
    assert workspace.workspace_names(cluster) == ["web.yaml"]  # nothing until it is saved
    assert terminal.run(cluster, "vi a/b") == terminal.Printed(
        stderr="edit: a/b: the workspace has no directories: name a file in it\n", code=1
    )
    assert terminal.save(cluster, "new.yaml", "kind: Pod\n") is None
    assert workspace.workspace_read(cluster, "new.yaml") == "kind: Pod\n"


def test_kubectl_gets_the_text_cat_gives_it_and_the_files_its_f_flags_name(
    cluster: Cluster,
) -> None:
    workspace.workspace_put(cluster, "web.yaml", WEB)
    workspace.workspace_put(cluster, "svc.yaml", "kind: Service\n")
    assert terminal.run(cluster, "cat web.yaml | kubectl apply -f -") == terminal.RunKubectl(
        ["apply", "-f", "-"], WEB
    )
    assert terminal.run(cluster, "cat <<EOF | kubectl create -f -\nkind: Pod\nEOF") == (
        terminal.RunKubectl(["create", "-f", "-"], "kind: Pod\n")
    )
    ran = terminal.run(cluster, "kubectl apply -f web.yaml --filename=./svc.yaml -fnope.yaml")
    assert ran == terminal.RunKubectl(
        ["apply", "-f", "web.yaml", "--filename=./svc.yaml", "-fnope.yaml"],
        files={"web.yaml": WEB, "./svc.yaml": "kind: Service\n"},
    )
    assert terminal.run(cluster, "kubectl get pods") == terminal.RunKubectl(["get", "pods"])
    assert terminal.run(cluster, "kubectl get pod web -o yaml > ./live.yaml") == (
        terminal.RunKubectl(["get", "pod", "web", "-o", "yaml"], output="live.yaml")
    )
    assert terminal.run(cluster, "kubectl get pods > /tmp/pods") == terminal.Printed(
        stderr="bash: /tmp/pods: the workspace has no directories: name a file in it\n", code=1
    )


def test_kubectl_gets_its_template_files_and_the_file_cp_copies_in(cluster: Cluster) -> None:
    workspace.workspace_put(cluster, "t.tpl", "{{.kind}}")
    workspace.workspace_put(cluster, "up.txt", "hello\n")
    for line in (
        "kubectl get pods -o go-template-file=t.tpl",
        "kubectl get pods -ogo-template-file=t.tpl",
        "kubectl get pods --output=templatefile=t.tpl",
        "kubectl get pods -o go-template-file --template t.tpl",
    ):
        assert terminal.run(cluster, line).files == {"t.tpl": "{{.kind}}"}, line
    assert terminal.run(cluster, "kubectl cp up.txt web:/tmp").files == {"up.txt": "hello\n"}
    assert terminal.run(cluster, "kubectl cp web:/tmp/up.txt up.txt").files == {}


def test_kubectl_gets_its_patch_file_and_its_kubeconfigs(cluster: Cluster) -> None:
    workspace.workspace_put(cluster, "p.yaml", "spec: {replicas: 2}\n")
    workspace.workspace_put(cluster, ".kube/config", "kind: Config\n")
    ran = terminal.run(cluster, "kubectl patch deploy web --patch-file p.yaml")
    assert ran == terminal.RunKubectl(
        ["patch", "deploy", "web", "--patch-file", "p.yaml"],
        files={"p.yaml": "spec: {replicas: 2}\n", ".kube/config": "kind: Config\n"},
    )
    assert terminal.run(cluster, "kubectl patch deploy web --patch-file=p.yaml").files == {
        "p.yaml": "spec: {replicas: 2}\n",
        ".kube/config": "kind: Config\n",
    }
    ran = terminal.run(cluster, "kubectl --kubeconfig p.yaml get pods")
    assert ran.files == {"p.yaml": "spec: {replicas: 2}\n", ".kube/config": "kind: Config\n"}


def test_help_names_every_command_the_shell_knows(cluster: Cluster) -> None:
    text = terminal.run(cluster, "help").stdout
    assert [word for word in shell.WORDS if not re.search(rf"\b{word}\b", text)] == []


# -- the built-in kubectl reads the files it is handed --------------------------------------------


def run_kubectl(engine: Engine, argv: list[str], files: dict[str, str]) -> tuple[str, str, int]:
    result = kubectl(argv, engine.handle, engine.admin, files=files)
    return result.stdout, result.stderr, result.exit_code


def test_kubectl_creates_from_a_handed_file_and_names_it_in_errors_as_for_a_path() -> None:
    engine = Engine()
    assert run_kubectl(engine, ["create", "-f", "web.yaml"], {"web.yaml": WEB}) == (
        "pod/web created\n",
        "",
        0,
    )
    assert run_kubectl(engine, ["create", "-f", "nope.yaml"], {"web.yaml": WEB}) == (
        "",
        'error: the path "nope.yaml" does not exist\n',
        1,
    )
    broken = {"bad.yaml": "kind: Pod\napiVersion: v1\n  x: [\n"}
    # Word for word what the real kubectl says of such a file on disk.
    assert run_kubectl(engine, ["create", "-f", "bad.yaml"], broken) == (
        "",
        "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 3: "
        "mapping values are not allowed in this context\n",
        1,
    )


# -- completion: what Tab offers ----------------------------------------------------------------


FILES = ["svc.yaml", "web.yaml"]


@pytest.mark.parametrize(
    ("line", "start", "candidates"),
    [
        ("", 0, list(shell.WORDS)),
        ("kub", 0, ["kubectl"]),
        ("e", 0, ["edit"]),
        ("kubectl ", 8, sorted(completion.COMMANDS)),
        ("kubectl g", 8, ["get"]),
        ("kubectl -n kube-system g", 23, ["get"]),
        ("kubectl get po", 12, ["poddisruptionbudgets", "pods", "podtemplates"]),
        ("kubectl get deploy", 12, ["deployments"]),
        ("kubectl get sa", 12, ["sa"]),  # no plural starts so: the short name
        ("kubectl get n", 12, ["namespaces", "networkpolicies", "nodes"]),
        ("kubectl get pods --o", 17, ["--output", "--output-watch-events"]),
        ("kubectl get pods -o", 17, ["-o"]),
        ("kubectl get pods --all-", 17, ["--all-namespaces"]),
        ("kubectl apply -f ", 17, FILES),
        ("kubectl apply -f w", 17, ["web.yaml"]),
        ("kubectl apply --filename w", 25, ["web.yaml"]),
        (
            "kubectl create ",
            15,
            sorted(
                [
                    "clusterrole",
                    "clusterrolebinding",
                    "configmap",
                    "cronjob",
                    "deployment",
                    "ingress",
                    "job",
                    "namespace",
                    "poddisruptionbudget",
                    "priorityclass",
                    "quota",
                    "role",
                    "rolebinding",
                    "secret",
                    "service",
                    "serviceaccount",
                    "token",
                ]
            ),
        ),
        ("kubectl create deployment ", 26, []),
        ("kubectl run ", 12, []),
        ("cat ", 4, FILES),
        ("cat s", 4, ["svc.yaml"]),
        ("rm ", 3, FILES),
        ("vi w", 3, ["web.yaml"]),
        ("cat > w", 6, ["web.yaml"]),
        ("cat w | kub", 8, ["kubectl"]),
        ("cat <<EOF | kubectl ap", 20, ["api-resources", "api-versions", "apply"]),
        ("kubectl get 'po", 12, ["poddisruptionbudgets", "pods", "podtemplates"]),
        ("grep ", 5, []),
    ],
)
def test_tab_offers_what_the_word_may_become(line: str, start: int, candidates: list[str]) -> None:
    found = completion.complete(line, FILES)
    assert (found.start, found.candidates, found.lookup) == (start, candidates, None)


@pytest.mark.parametrize(
    ("line", "lookup"),
    [
        ("kubectl get pods ", completion.Lookup("pods")),
        ("kubectl get po w", completion.Lookup("pods")),
        ("kubectl delete deploy ", completion.Lookup("deployments")),
        ("kubectl describe pod/", completion.Lookup("pods", prefix="pod/")),
        ("kubectl get -n kube-system pods ", completion.Lookup("pods", "kube-system")),
        ("kubectl get pods --namespace=kube-system ", completion.Lookup("pods", "kube-system")),
        ("kubectl logs ", completion.Lookup("pods")),
        ("kubectl exec -it -nkube-system ", completion.Lookup("pods", "kube-system")),
        ("kubectl -n ", completion.Lookup("namespaces")),
        ("kubectl get pods --namespace ", completion.Lookup("namespaces")),
        ("kubectl cordon ", completion.Lookup("nodes")),
    ],
)
def test_tab_asks_the_cluster_for_names_where_names_go(
    line: str, lookup: completion.Lookup
) -> None:
    assert completion.complete(line, FILES).lookup == lookup


def test_looked_up_names_are_offered_when_they_fit_the_word() -> None:
    found = completion.complete("kubectl get pods we", FILES)
    assert completion.with_names(found, ["web", "db", "web-2"]) == ["web", "web-2"]
    found = completion.complete("kubectl describe pod/w", FILES)
    assert completion.with_names(found, ["web", "db"]) == ["pod/web"]


def test_an_unknown_type_or_command_offers_nothing() -> None:
    assert completion.complete("kubectl get nonsense ", FILES) == completion.Completion(21, "")
    assert completion.complete("kubectl frobnicate ", FILES) == completion.Completion(19, "")
