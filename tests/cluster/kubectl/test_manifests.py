"""What -f reads: documents split at `---`, Lists flattened, and errors worded as
kubectl's resource builder words them (checked against kubectl 1.37)."""

import pytest

from cluster.kubectl.main import kubectl


def no_api(request):
    raise AssertionError(f"a client-side dry run sent a request: {request}")


def create(stdin: str, *flags: str, files: dict[str, str] | None = None):
    argv = ["create", *(flags or ("-f", "-")), "--dry-run=client", "-o", "name"]
    return kubectl(argv, no_api, None, stdin=stdin, files=files)


def test_documents_and_list_items_each_become_an_object():
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# a comment\n---\n"
        "apiVersion: v1\nkind: List\nitems:\n"
        "- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n"
        "- {apiVersion: apps/v1, kind: Deployment, metadata: {name: c}}\n"
    )
    result = create(text)
    assert (result.stdout, result.stderr, result.exit_code) == (
        "configmap/a\nconfigmap/b\ndeployment.apps/c\n",
        "",
        0,
    )


def test_a_file_of_the_workspace_is_read_by_its_name():
    files = {"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"}
    assert create("", "-f", "cm.yaml", files=files).stdout == "configmap/a\n"
    assert create("", "-f", "other.yaml", files=files).stderr == (
        'error: the path "other.yaml" does not exist\n'
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "apiVersion: v1\nkind: Pod\nmetadata\n  name: x\n",
            "yaml: line 4: could not find expected ':'",
        ),
        (
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  bad: [\n",
            "yaml: line 5: did not find expected node content",
        ),
        ("a: b: c\n", "yaml: mapping values are not allowed in this context"),
        ("a:\n\tb: c\n", "yaml: line 2: found character that cannot start any token"),
        ("a:\n  - x\n  y: z\n", "yaml: line 2: did not find expected '-' indicator"),
        ("a: [1, 2\nb: c\n", "yaml: line 1: did not find expected ',' or ']'"),
        ("a: *foo\n", "yaml: unknown anchor 'foo' referenced"),
        ("a:\n  b: 1\n c: 2\n", "yaml: line 2: did not find expected key"),
        ('kind: Pod\nx: "abc\n', "yaml: line 3: found unexpected end of stream"),
    ],
)
def test_malformed_yaml_is_reported_as_go_yaml_words_it(text, error):
    result = create(text)
    assert result.stderr == (
        f"error: error parsing STDIN: error converting YAML to JSON: {error}\n"
    )
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("apiVersion: v1\nmetadata:\n  name: x\n", "kind not set"),
        ("kind: Pod\nmetadata:\n  name: x\n", "apiVersion not set"),
        ("hello\n", "invalid object to validate"),
    ],
)
def test_a_document_that_is_no_object_fails_validation(text, why):
    assert create(text).stderr == (
        f'error: error validating "STDIN": error validating data: {why}; if you choose to '
        "ignore these errors, turn validation off with --validate=false\n"
    )


def test_an_unknown_kind_has_no_resource_mapping():
    result = create("apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n")
    assert result.stderr == (
        'error: resource mapping not found for name: "x" namespace: "" from "STDIN": '
        'no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n'
    )


def test_the_other_objects_go_on_and_every_error_gets_a_line_of_its_own():
    text = (
        "apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n"
        "apiVersion: apps/v2\nkind: Deployment\nmetadata:\n  name: z\n"
    )
    result = create(text)
    assert result.stdout == "configmap/a\n"
    assert result.stderr == (
        'resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for '
        'kind "Foo" in version "v1"\nensure CRDs are installed first\n'
        'resource mapping not found for name: "z" namespace: "" from "STDIN": no matches for '
        'kind "Deployment" in version "apps/v2"\nensure CRDs are installed first\n'
    )


def test_nothing_to_create():
    assert create("# only a comment\n").stderr == "error: no objects passed to create\n"


def test_an_object_of_another_namespace_than_the_one_asked_for_is_refused():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: dev\n"
    result = kubectl(
        ["create", "-f", "-", "-n", "prod", "--dry-run=client"], no_api, None, stdin=text
    )
    assert result.stderr == (
        'error: the namespace from the provided object "dev" does not match the namespace '
        "\"prod\". You must pass '--namespace=dev' to perform this operation.\n"
    )


def test_json_objects_one_after_another():
    text = (
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n'
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}\n'
    )
    assert create(text).stdout == "configmap/a\nconfigmap/b\n"
    assert create('{"apiVersion":"v1",\n').stderr == "error: error parsing STDIN: unexpected EOF\n"
    assert create('{"apiVersion":"v1" "kind":"ConfigMap"}\n').stderr == (
        "error: error parsing STDIN: json: offset 20: invalid character '\"' after object "
        "key:value pair\n"
    )


def test_several_objects_as_yaml_are_separate_documents():
    text = (
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n'
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}\n'
    )
    result = kubectl(
        ["create", "-f", "-", "--dry-run=client", "-o", "yaml"], no_api, None, stdin=text
    )
    assert result.stdout == (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: default\n"
    )
