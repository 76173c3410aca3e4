"""CEL as Kubernetes' admission policies use it: what compiles, what it computes, and cel-go's
words when it does not."""

import pytest

from cluster.engine import cel

OBJECT = {
    "metadata": {"name": "Web", "labels": {"app": "web"}},
    "spec": {"replicas": 3, "containers": [{"name": "a", "image": "nginx:1.27"}]},
}


def evaluate(source: str, **variables: object) -> object:
    activation = {"object": cel.value(OBJECT)} | {k: cel.value(v) for k, v in variables.items()}
    return cel.compile_expression(source).evaluate(activation)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("object.spec.replicas <= 5", True),
        ("has(object.metadata.labels) && 'app' in object.metadata.labels", True),
        ("has(object.spec.template)", False),
        ("object.spec.containers.all(c, c.image.startsWith('nginx'))", True),
        ("object.spec.containers.exists(c, c.name == 'b')", False),
        ("object.spec.containers.map(c, c.name) == ['a']", True),
        ("size(object.metadata.name) == 3", True),
        ("object.metadata.name.lowerAscii() == 'web'", True),
        ("object.metadata.name.upperAscii()", "WEB"),
        ("'a,b,c'.split(',')", ["a", "b", "c"]),
        ("['a', 'b'].join('-')", "a-b"),
        ("' x '.trim()", "x"),
        ("'nginx:1.27'.indexOf(':')", 5),
        ("'nginx:1.27'.substring(6)", "1.27"),
        ("'aaa'.replace('a', 'b')", "bbb"),
        ("object.metadata.name.matches('^W')", True),
        ("string(object.spec.replicas) + ' replicas'", "3 replicas"),
    ],
)
def test_what_expressions_compute(source, expected):
    assert evaluate(source) == expected


@pytest.mark.parametrize(
    ("source", "report"),
    [
        (
            "object.spec.replicas <=",
            "ERROR: <input>:1:24: Syntax error: mismatched input '<EOF>' expecting {'[', '{', "
            "'(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, "
            "BYTES, IDENTIFIER}\n"
            " | object.spec.replicas <=\n"
            " | .......................^",
        ),
        (
            "x == 1 )",
            "ERROR: <input>:1:8: Syntax error: mismatched input ')' expecting <EOF>\n"
            " | x == 1 )\n"
            " | .......^",
        ),
        (
            "replicas > 1",
            "ERROR: <input>:1:1: undeclared reference to 'replicas' (in container '')\n"
            " | replicas > 1\n"
            " | ^",
        ),
        (
            "object.items.all(x, y > 0)",
            "ERROR: <input>:1:21: undeclared reference to 'y' (in container '')\n"
            " | object.items.all(x, y > 0)\n"
            " | ....................^",
        ),
        (
            "nope(object)",
            "ERROR: <input>:1:1: undeclared reference to 'nope' (in container '')\n"
            " | nope(object)\n"
            " | ^",
        ),
        (
            "object.metadata.name.reverse()",
            "ERROR: <input>:1:22: undeclared reference to 'reverse' (in container '')\n"
            " | object.metadata.name.reverse()\n"
            " | .....................^",
        ),
        (
            "'abc",
            "ERROR: <input>:1:1: Syntax error: token recognition error at: '''\n | 'abc\n | ^",
        ),
    ],
)
def test_what_does_not_compile_is_reported_as_cel_go_does(source, report):
    with pytest.raises(cel.CompileError) as error:
        cel.compile_expression(source)
    assert str(error.value) == report


def test_a_macros_variable_is_declared_only_inside_it():
    cel.compile_expression("object.spec.containers.filter(c, c.name == 'a').size() == 1")
    with pytest.raises(cel.CompileError):
        cel.compile_expression("object.spec.containers.all(c, true) && c.name == 'a'")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("object.spec.nope > 1", "no such key: nope"),
        ("object.spec.replicas / 0 == 1", "division by zero"),
        ("object.spec.replicas + 'a' == 1", "no such overload"),
    ],
)
def test_what_fails_while_running_says_what_cel_go_says(source, message):
    with pytest.raises(cel.EvaluationError) as error:
        evaluate(source)
    assert str(error.value) == message


def test_a_failed_entry_of_a_lazy_map_fails_only_its_readers():
    variables = cel.lazy_map({"good": cel.value(1), "bad": cel.EvaluationError("boom")})
    program = cel.compile_expression("variables.good == 1")
    assert cel.is_true(program.evaluate({"variables": variables}))
    with pytest.raises(cel.EvaluationError, match=r"^boom$"):
        cel.compile_expression("variables.bad == 1").evaluate({"variables": variables})


def test_only_a_bool_is_true_or_false():
    assert cel.is_true(evaluate("true")) and cel.is_false(evaluate("false"))
    assert not cel.is_true(evaluate("1")) and not cel.is_false(evaluate("0"))


def test_an_evaluation_stops_when_its_budget_runs_out():
    program = cel.compile_expression("object.items.all(x, object.items.all(y, x + y >= 0))")
    budget = cel.Budget()
    with pytest.raises(cel.OutOfBudget):
        program.evaluate({"object": cel.value({"items": list(range(1000))})}, budget)
    assert budget.remaining < 0
    small = cel.Budget()
    assert cel.is_true(program.evaluate({"object": cel.value({"items": [1, 2]})}, small))
    assert 0 < small.remaining < 100_000
