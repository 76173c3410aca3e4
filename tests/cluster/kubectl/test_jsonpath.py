"""JSONPath templates evaluate as client-go's jsonpath package evaluates them."""

import pytest

from cluster.kubectl import jsonpath

DATA = {
    "kind": "List",
    "items": [
        {
            "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "a", "ports": [{"containerPort": 80}]}]},
            "status": {"phase": "Running", "ready": True, "score": 1.5},
        },
        {
            "metadata": {"name": "db", "labels": {"app": "db"}},
            "spec": {"containers": [{"name": "b"}, {"name": "c"}]},
            "status": {"phase": "Pending", "ready": False, "score": 2},
        },
    ],
}


def run(template, data=DATA):
    return jsonpath.execute(jsonpath.parse(template), data)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{.kind}", "List"),
        ("kind is {.kind}!", "kind is List!"),
        ("{.items[*].metadata.name}", "web db"),
        ("{.items[0].metadata.name}", "web"),
        ("{.items[-1].metadata.name}", "db"),
        ("{.items[0:1].metadata.name}", "web"),
        ("{.items[1].spec.containers[*].name}", "b c"),
        ("{.items[0,1].metadata.name}", "web db"),
        ("{.items[*].metadata['name']}", "web db"),
        ("{$.items[0].metadata.labels}", '{"app":"web"}'),
        ("{.items[0].spec.containers[0].ports}", '[{"containerPort":80}]'),
        ('{.items[?(@.status.phase=="Pending")].metadata.name}', "db"),
        ("{.items[?(@.status.score>1.6)].metadata.name}", "db"),
        ("{.items[?(@.status.ready==true)].metadata.name}", "web"),
        ("{.items[?(@.spec.containers[0].ports)].metadata.name}", "web"),
        ("{..containerPort}", "80"),
        ("{.items[*].status.score}", "1.5 2"),
        ("{.items[*].status.ready}", "true false"),
        ("{.nope}{.items[0].nope}", ""),
        (
            '{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}',
            "web\tRunning\ndb\tPending\n",
        ),
        ("{range .items[*]}[{range .spec.containers[*]}{.name},{end}]{end}", "[a,][b,c,]"),
        ("{.metadata.labels.app\\.kubernetes\\.io/name}", ""),
    ],
)
def test_templates(template, expected):
    assert run(template) == expected


def test_escaped_dots_name_one_key():
    data = {"labels": {"app.kubernetes.io/name": "web"}}
    assert run("{.labels.app\\.kubernetes\\.io/name}", data) == "web"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{.items[", "unterminated array"),
        ("{.items", "unclosed action"),
        ("{.items[x]}", "invalid array index x"),
        ("{.items[?(@.a==1)}", "unclosed array expect ]"),
        ("{#}", "unrecognized character in action: U+0023 '#'"),
        ('{"abc}', "unterminated quoted string"),
        ("{....a}", "invalid multiple recursive descent"),
    ],
)
def test_parse_errors(template, message):
    with pytest.raises(jsonpath.JSONPathError) as raised:
        jsonpath.parse(template)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{.items[5]}", "array index out of bounds: index 5, length 2"),
        ("{.kind[0]}", "string is not array or slice"),
        ("{.items[?(@.status.phase==1)]}", "incompatible types for comparison"),
        ("{end}", "not in range, nothing to end"),
        ("{.items[*].spec.containers[?(@.name)].x[?(@.y==1)]}", ""),
    ],
)
def test_evaluation_errors(template, message):
    if not message:
        assert run(template) == ""
        return
    with pytest.raises(jsonpath.JSONPathError) as raised:
        run(template)
    assert str(raised.value) == message


def test_go_formatting_of_values():
    assert jsonpath.go_v({"b": [1, 2.5], "a": None}) == "map[a:<nil> b:[1 2.5]]"
    assert jsonpath.go_json({"b": "<&>", "a": 1}) == '{"a":1,"b":"\\u003c\\u0026\\u003e"}'
    assert (
        jsonpath.go_syntax({"a": [1, "x"]}) == 'map[string]interface {}{"a":[]interface {}{1, "x"}}'
    )
    assert jsonpath.go_v(1e21) == "1e+21"
