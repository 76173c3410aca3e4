"""`-o go-template`: Go's text/template over the objects kubectl fetched, outputs and errors as
the real kubectl gives them."""

import pytest

from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.kubectl.gotemplate import TemplateError, execute, parse
from tests.cluster.kubectl.helpers import run

PODS = {
    "kind": "List",
    "items": [
        {
            "metadata": {"name": "a", "labels": {"app": "web"}},
            "spec": {"ports": [{"nodePort": 30080}]},
            "status": {"phase": "Running", "podIP": "10.0.0.1"},
        },
        {"metadata": {"name": "b"}, "spec": {}, "status": {"phase": "Pending"}},
    ],
}


@pytest.mark.parametrize(
    ("template", "output"),
    [
        ('{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}', "a\nb\n"),
        ("{{range .items}}{{.status.podIP}} {{end}}", "10.0.0.1 <no value> "),
        ("{{range $i, $p := .items}}{{$i}}={{$p.metadata.name}};{{end}}", "0=a;1=b;"),
        ("{{(index (index .items 0).spec.ports 0).nodePort}}", "30080"),
        ('{{index .items 0 "metadata" "labels" "app"}}', "web"),
        ("{{len .items}} {{.kind}} {{.missing}}", "2 List <no value>"),
        (
            '{{range .items}}{{if eq .status.phase "Running"}}R{{else if eq .status.phase '
            '"Pending"}}P{{else}}?{{end}}{{end}}',
            "RP",
        ),
        ("{{with index .items 1}}{{.metadata.name}}{{end}}", "b"),
        (
            '{{range .items}}{{printf "%-3s|%5s|\\n" .metadata.name .status.phase}}{{end}}',
            "a  |Running|\nb  |Pending|\n",
        ),
        ("{{- range .items }} {{ .metadata.name -}} {{ end }}", " a b"),
        ("{{/* a comment */}}x{{range .none}}a{{else}}empty{{end}}", "xempty"),
        ("{{$n := len .items}}{{if gt $n 1}}many{{end}}", "many"),
        ('{{if and .kind (not .missing)}}yes{{end}} {{exists . "kind"}}', "yes true"),
        ("{{(index .items 0).metadata.labels}}", "map[app:web]"),
    ],
)
def test_a_template_over_a_list(template, output):
    assert execute(parse(template), PODS) == output


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{.items", "template: output:1: unclosed action"),
        ("{{end}}", "template: output:1: unexpected {{end}}"),
        ("{{if .kind}}", "template: output:1: unexpected EOF"),
        ("{{foo 1}}", 'template: output:1: function "foo" not defined'),
    ],
)
def test_a_template_that_does_not_parse(template, message):
    with pytest.raises(TemplateError, match=f"^{message}$"):
        parse(template)


def test_kubectl_get_prints_with_a_go_template_given_either_way():
    cluster = Cluster(ClusterSpec())
    run(cluster, "run", "web", "--image=nginx")
    names = run(
        cluster, "get", "pods", "-o", "go-template={{range .items}}{{.metadata.name}}{{end}}"
    )
    assert names.stdout == "web"
    flag = run(
        cluster, "get", "pod", "web", "-o", "go-template", "--template", "{{.spec.nodeName}}"
    )
    assert flag.stdout == "node-1"
    broken = run(cluster, "get", "pods", "-o", "go-template={{.items")
    assert broken.stderr == (
        "error: error parsing template {{.items, template: output:1: unclosed action\n"
    )
    failed = run(cluster, "get", "pods", "-o", "go-template={{index .items 9}}")
    assert failed.stderr.endswith(
        'error: error executing template "{{index .items 9}}": template: output:1:2: executing '
        '"output" at <index .items 9>: error calling index: index out of range: 9\n'
    )
