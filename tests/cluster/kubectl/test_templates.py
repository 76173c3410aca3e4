"""kubectl get -o jsonpath / jsonpath-as-json / custom-columns, and -w, print as kubectl does."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.main import kubectl
from tests.cluster.kubectl.helpers import run


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx", "--labels=app=web,tier=front")
    run(cluster, "run", "db", "--image=redis")
    cluster.run_until_idle()
    return cluster


def test_jsonpath_over_a_list_and_an_object(cluster):
    names = run(cluster, "get", "pods", "-o", "jsonpath={.items[*].metadata.name}")
    assert (names.stdout, names.stderr) == ("db web", "")
    labels = run(cluster, "get", "pod", "web", "-o", "jsonpath={.metadata.labels}")
    assert labels.stdout == '{"app":"web","tier":"front"}'


def test_range_filters_and_literals(cluster):
    template = '{range .items[*]}{.metadata.name}{"\\t"}{.spec.nodeName}{"\\n"}{end}'
    assert run(cluster, "get", "pods", "-o", f"jsonpath={template}").stdout == (
        "db\tnode-2\nweb\tnode-1\n"
    )
    template = 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}'
    assert run(cluster, "get", "node", "node-1", "-o", template).stdout == "172.18.0.3"


def test_jsonpath_as_json(cluster):
    result = run(cluster, "get", "pods", "-o", "jsonpath-as-json={.items[*].metadata.name}")
    assert result.stdout == '[\n    "db",\n    "web"\n]\n'


def test_jsonpath_errors(cluster):
    assert run(cluster, "get", "pods", "-o", "jsonpath={.items[").stderr == (
        "error: error parsing jsonpath {.items[, unterminated array\n"
    )
    assert run(cluster, "get", "pods", "-o", "jsonpath=").stderr == (
        "error: template format specified but no template given\n"
    )
    failed = run(cluster, "get", "pods", "-o", "jsonpath={.items[3]}")
    assert failed.stderr.startswith(
        'error: error executing jsonpath "{.items[3]}": Error executing template: array index '
        "out of bounds: index 3, length 2. Printing more information for debugging the "
        "template:\n\ttemplate was:\n\t\t{.items[3]}\n\tobject given to jsonpath engine was:\n"
        '\t\tmap[string]interface {}{"apiVersion":"v1", "items":[]interface {}{'
    )
    assert failed.stderr.endswith("}\n\n\n") and failed.exit_code == 1
    quoted = run(cluster, "get", "pods", "-o", 'jsonpath={.items[?(@.kind=="x")]}{.items[3]}')
    assert quoted.stderr.startswith(  # %q of the template
        'error: error executing jsonpath "{.items[?(@.kind==\\"x\\")]}{.items[3]}": '
    )


def test_custom_columns(cluster):
    spec = "NAME:.metadata.name,IMAGE:.spec.containers[*].image,LABELS:.metadata.labels,X:.nope"
    assert run(cluster, "get", "pods", "-o", f"custom-columns={spec}").stdout == (
        "NAME   IMAGE   LABELS                    X\n"
        "db     redis   map[run:db]               <none>\n"
        "web    nginx   map[app:web tier:front]   <none>\n"
    )
    result = run(
        cluster, "get", "pod", "web", "--no-headers", "-o", "custom-columns=N:{.metadata.name}"
    )
    assert result.stdout == "web\n"
    assert run(cluster, "get", "pods", "-o", "custom-columns=NAME").stderr == (
        "error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n"
    )


def test_watch_prints_what_there_is_now(cluster):
    assert run(cluster, "get", "pods", "-w").stdout == run(cluster, "get", "pods").stdout
    assert run(cluster, "get", "pods", "--watch-only").stdout == ""


def test_an_unknown_format_lists_the_known_ones(cluster):
    assert run(cluster, "get", "pods", "-o", "toml").stderr == (
        'error: unable to match a printer suitable for the output format "toml", allowed '
        "formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,"
        "jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,wide,yaml\n"
    )


def test_label_columns_come_before_the_labels(cluster):
    lines = run(cluster, "get", "pods", "-L", "run,a/b", "--show-labels").stdout.splitlines()
    assert lines[0].split()[-3:] == ["RUN", "B", "LABELS"]


FILES = {
    "names.tpl": '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}',
    "names.jsonpath": "{.items[*].metadata.name}",
    "columns.txt": "NAME:X   NODE\n.metadata.name  spec.nodeName\n",
    "short.txt": "NAME NODE\n.metadata.name\n",
}


def with_files(cluster, *argv):
    return kubectl(list(argv), cluster.handle, cluster.admin, files=FILES)


def test_templates_read_from_files(cluster):
    names = "db\nweb\n"
    assert with_files(cluster, "get", "pods", "-o", "go-template-file=names.tpl").stdout == names
    assert (
        with_files(cluster, "get", "pods", "-o=templatefile", "--template=names.tpl").stdout
        == names
    )
    assert (
        with_files(cluster, "get", "pods", "-o", "jsonpath-file=names.jsonpath").stdout == "db web"
    )
    columns = with_files(
        cluster, "get", "pods", "-o", "custom-columns-file=columns.txt", "--no-headers"
    )
    assert columns.stdout == "NAME:X   NODE\ndb       node-2\nweb      node-1\n"  # headers still
    assert with_files(cluster, "get", "pods", "-o", "custom-columns-file=short.txt").stderr == (
        "error: number of headers (2) and field specifications (1) don't match\n"
    )
    assert with_files(cluster, "get", "pods", "-o", "go-template-file=nope").stderr == (
        "error: error reading --template nope, open nope: no such file or directory\n"
    )
    assert with_files(cluster, "get", "pods", "-o", "jsonpath-file").stderr == (
        "error: template format specified but no template given\n"
    )


def test_a_template_alone_is_a_go_template(cluster):
    assert run(cluster, "get", "pod", "web", "--template={{.metadata.name}}").stdout == "web"
    created = run(cluster, "create", "cm", "c", "--dry-run=client", "--template={{.kind}}")
    assert created.stdout == "ConfigMap"
