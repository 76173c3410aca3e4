"""Label selectors parse, print and match exactly as k8s.io/apimachinery/pkg/labels does."""

import pytest

from cluster.engine.api import labels

PARSED = [
    ("every operator prints back in key order", "a=b,a==b,c!=d,e in (x,y),f notin (z),g,!h",
     "a=b,a==b,c!=d,e in (x,y),f notin (z),g,!h"),
    ("values of a set are sorted and empty ones kept", "x in (foo,,baz),y,z notin ()",
     "x in (,baz,foo),y,z notin ()"),
    ("requirements are sorted by key", "b=1,a=2", "a=2,b=1"),
    ("spaces around operators are ignored", "a = b , c in ( d )", "a=b,c in (d)"),
    ("greater and less than compare integers", "a>5,b<3", "a>5,b<3"),
    ("an empty selector selects everything", "", ""),
    ("'in' is a value where values are expected", "x in (in,notin)", "x in (in,notin)"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "printed"), PARSED, ids=[c[0] for c in PARSED])
def test_a_selector_parses_and_prints_as_kubernetes_prints_it(case, text, printed):
    assert str(labels.parse(text)) == printed


ERRORS = [
    ("a space instead of an operator", "a b",
     "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
    ("'not in' is not an operator", "component not in (kube-apiserver)",
     "unable to parse requirement: found 'not', expected: in, notin, =, ==, !=, gt, lt"),
    ("a value cannot be a parenthesis", "a=(", "unable to parse requirement: found '(', expected: identifier"),
    ("a set must open with a parenthesis", "a in b", "unable to parse requirement: found 'b' expected: '('"),
    ("a set must be closed", "a in (b", "unable to parse requirement: found '', expected: ',' or ')'"),
    ("an unfinished set", "a in (", "unable to parse requirement: found '', expected: ',', ')' or identifier"),
    ("a lone bang", "!", "unable to parse requirement: found '', expected: identifier"),
    ("a trailing comma", "a,", "found '', expected: identifier after ','"),
    ("a leading comma", ",a", "found ',', expected: !, identifier, or 'end of string'"),
    ("two operators in a row", "a=b=c", "found '=', expected: ',' or 'end of string'"),
    ("a bang after the key", "a!b", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"),
    ("an ordering needs an integer", "a>x",
     "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer"),
    ("a key with two slashes", "a/b/c",
     "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric "
     "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
     "'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an "
     "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
    ("an invalid value", "app=-x",
     "unable to parse requirement: values[0][app]: Invalid value: \"-x\": a valid label must be an empty string or "
     "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
     "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
     "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "message"), ERRORS, ids=[c[0] for c in ERRORS])
def test_a_malformed_selector_is_refused_with_the_parsers_message(case, text, message):
    with pytest.raises(labels.SelectorError) as raised:
        labels.parse(text)
    assert str(raised.value) == message


MATCHES = [
    ("equality needs the value", "app=web", {"app": "web"}, True),
    ("equality fails without the key", "app=web", {}, False),
    ("inequality holds without the key", "app!=web", {}, True),
    ("inequality fails on the value", "app!=web", {"app": "web"}, False),
    ("in needs one of the values", "tier in (a,b)", {"tier": "b"}, True),
    ("notin holds without the key", "tier notin (a)", {}, True),
    ("exists needs the key", "tier", {"tier": ""}, True),
    ("does-not-exist refuses the key", "!tier", {"tier": "x"}, False),
    ("greater than compares numbers", "n>5", {"n": "10"}, True),
    ("greater than refuses words", "n>5", {"n": "ten"}, False),
    ("all requirements must hold", "a=1,b=2", {"a": "1", "b": "3"}, False),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "have", "expected"), MATCHES, ids=[c[0] for c in MATCHES])
def test_a_selector_matches_labels_as_kubernetes_does(case, text, have, expected):
    assert labels.parse(text).matches(have) is expected


def test_a_label_selector_converts_to_requirements_sorted_by_key():
    selector = labels.from_label_selector(
        {
            "matchLabels": {"tier": "web"},
            "matchExpressions": [
                {"key": "env", "operator": "NotIn", "values": ["dev", "ci"]},
                {"key": "canary", "operator": "DoesNotExist"},
            ],
        }
    )
    assert str(selector) == "!canary,env notin (ci,dev),tier=web"
    assert selector.matches({"tier": "web", "env": "prod"})


def test_no_selector_selects_nothing_and_an_empty_one_everything():
    assert not labels.from_label_selector(None).matches({"a": "b"})
    assert labels.from_label_selector({}).matches({"a": "b"})
    assert labels.format_label_selector({}) == "<none>"


def test_a_structured_requirement_without_values_is_refused():
    with pytest.raises(labels.SelectorError) as raised:
        labels.from_label_selector({"matchExpressions": [{"key": "a", "operator": "In"}]})
    assert (
        str(raised.value)
        == "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"
    )


def test_an_unknown_structured_operator_is_refused():
    with pytest.raises(labels.SelectorError) as raised:
        labels.from_label_selector({"matchExpressions": [{"key": "a", "operator": "Has"}]})
    assert str(raised.value) == '"Has" is not a valid label selector operator'


SELECTOR_PROBLEMS = [
    ("In needs values", {"matchExpressions": [{"key": "a", "operator": "In"}]},
     ("spec.selector.matchExpressions[0].values", "Required value: must be specified when `operator` is 'In' or 'NotIn'")),
    ("Exists takes no values", {"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]},
     ("spec.selector.matchExpressions[0].values",
      "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'")),
    ("operators are a closed set", {"matchExpressions": [{"key": "a", "operator": "Has"}]},
     ("spec.selector.matchExpressions[0].operator", 'Invalid value: "Has": not a valid selector operator')),
    ("label keys are qualified names", {"matchLabels": {"-a": "b"}},
     ("spec.selector.matchLabels",
      "Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
      "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
      "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "selector", "problem"), SELECTOR_PROBLEMS, ids=[c[0] for c in SELECTOR_PROBLEMS]
)
def test_a_label_selector_is_validated_with_field_paths(case, selector, problem):
    found = labels.validate_label_selector(selector, "spec.selector")
    assert [(p.field, p.message) for p in found] == [problem]
