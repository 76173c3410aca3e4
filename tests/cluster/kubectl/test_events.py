"""kubectl events lists events oldest first, with kubectl's intervals and filters."""

import json

import pytest
import yaml

from cluster.engine.apiserver.request import Request
from cluster.engine.cluster import Cluster
from cluster.kubectl.cmd import events
from cluster.kubectl.flags import parse
from tests.cluster.kubectl.helpers import run


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    run(cluster, "run", "web", "--image=nginx")
    run(cluster, "run", "bad", "--image=nginx:nope")
    cluster.run_until_idle()
    cluster.advance_to(120_000)
    return cluster


def ask(cluster, verb, name="", **options):
    request = Request(verb, "events", "default", name, credential=cluster.admin, **options)
    return cluster.handle(request)


def test_the_events_of_one_object(cluster):
    assert run(cluster, "events", "--for", "pod/web").stdout == (
        "LAST SEEN   TYPE     REASON      OBJECT    MESSAGE\n"
        "2m          Normal   Scheduled   Pod/web   Successfully assigned default/web to node-1\n"
        '2m          Normal   Pulling     Pod/web   Pulling image "nginx"\n'
        '117s        Normal   Pulled      Pod/web   Successfully pulled image "nginx" in 2.88s '
        "(2.88s including waiting). Image size: 72000000 bytes.\n"
        "117s        Normal   Created     Pod/web   Container created\n"
        "117s        Normal   Started     Pod/web   Container started\n"
    )


def test_repeated_events_say_how_often_and_since_when(cluster):
    lines = run(cluster, "events", "--types=Warning", "--no-headers").stdout.splitlines()
    assert lines[-1].split("   ")[0] == "8s (x9 over 119s)"
    assert lines[-1].endswith("Error: ImagePullBackOff")
    assert all(" Warning " in line for line in lines)


def test_all_namespaces_adds_the_namespace(cluster):
    lines = run(cluster, "events", "-A", "--types", "warning").stdout.splitlines()
    assert lines[0].split()[:3] == ["NAMESPACE", "LAST", "SEEN"]
    assert lines[1].startswith("default     ")


def test_nothing_found_and_bad_flags(cluster):
    assert run(cluster, "events", "-n", "kube-public").stderr == (
        "No events found in kube-public namespace.\n"
    )
    assert run(cluster, "events", "--for", "web").stderr == (
        "error: --for must be in resource/name form\n"
    )
    assert run(cluster, "events", "--types", "Bad").stderr == (
        "error: valid --types are Normal or Warning\n"
    )


def test_output_formats_and_watch(cluster):
    reasons = run(cluster, "events", "--for=pod/web", "-o", "jsonpath={.items[*].reason}")
    assert reasons.stdout == "Scheduled Pulling Pulled Created Started"
    assert run(cluster, "events", "-w").stdout == run(cluster, "events").stdout


def test_no_events_is_said_whatever_the_output_format(cluster):
    result = run(cluster, "events", "-n", "kube-public", "-o", "yaml")
    assert (result.stdout, result.stderr) == ("", "No events found in kube-public namespace.\n")


@pytest.mark.parametrize("output", ["name", "jsonpath={.items[999].reason}"])
def test_a_printer_that_fails_prints_nothing_and_succeeds(cluster, output):
    """EventsOptions.Run does not check o.PrintObj's error."""
    result = run(cluster, "events", "-o", output)
    assert (result.stdout, result.stderr, result.exit_code) == ("", "", 0)


def test_an_unknown_output_format_lists_every_format_of_the_print_flags(cluster):
    assert run(cluster, "events", "-o", "wide").stderr == (
        'error: unable to match a printer suitable for the output format "wide", allowed '
        "formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
        "jsonpath-file,kyaml,name,template,templatefile,yaml\n"
    )


def test_a_watched_event_is_a_row_unless_deleted_or_of_another_type(cluster):
    listed = json.loads(run(cluster, "events", "--for", "pod/web", "-o", "json").stdout)
    started = listed["items"][-1]
    opts = parse(["--types=Normal", "-A"], events.FLAGS, "events")
    now = events.event_time(started) + 5
    assert events.watched_row({"type": "ADDED", "object": started}, opts, now) == [
        "default",
        "5s",
        "Normal",
        "Started",
        "Pod/web",
        "Container started",
    ]
    assert events.watched_row({"type": "DELETED", "object": started}, opts, now) is None
    warnings = parse(["--types=Warning"], events.FLAGS, "events")
    assert events.watched_row({"type": "MODIFIED", "object": started}, warnings, now) is None


def test_json_and_kyaml_print_the_typed_list_kubectl_gathers_the_events_in(cluster):
    listed = json.loads(run(cluster, "events", "--for=pod/web", "-o", "json").stdout)
    assert list(listed) == ["kind", "apiVersion", "metadata", "items"]
    assert listed["metadata"] == {}  # its own list: no resourceVersion
    first = listed["items"][0]
    assert list(first)[:5] == ["kind", "apiVersion", "metadata", "involvedObject", "reason"]
    assert list(first)[-2:] == ["reportingComponent", "reportingInstance"]
    printed = run(cluster, "events", "--for=pod/web", "-o", "kyaml").stdout
    assert printed.startswith(
        '---\n{\n  kind: "EventList",\n  apiVersion: "v1",\n  metadata: {},\n  items: [{\n'
        '    kind: "Event",\n    apiVersion: "v1",\n    metadata: {\n      name: "web.'
    )
    assert yaml.safe_load(printed) == listed
    assert yaml.safe_load(run(cluster, "events", "--for=pod/web", "-o", "yaml").stdout) == listed


def test_an_unknown_type_for_is_the_mapper_s_error_as_it_is(cluster):
    assert run(cluster, "events", "--for=nope/web").stderr == (
        'the server doesn\'t have a resource type "nope"\n'
    )


def test_for_selects_by_kind_api_version_and_name(cluster):
    """Run's field selector: involvedObject.kind, involvedObject.apiVersion and name."""
    opts = parse(["--for", "Deploy.apps/web"], events.FLAGS, "events")
    assert events.query(opts) == {
        "fieldSelector": "involvedObject.kind=Deployment,"
        "involvedObject.apiVersion=apps/v1,involvedObject.name=web"
    }
    unversioned = {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": "web.manual"},
        "involvedObject": {"kind": "Pod", "namespace": "default", "name": "web"},
        "reason": "Manual",
        "message": "made by hand",
        "type": "Normal",
    }
    assert ask(cluster, "create", body=unversioned).code == 201
    reasons = run(cluster, "events", "--for=pod/web", "-o", "jsonpath={.items[*].reason}")
    assert reasons.stdout == "Scheduled Pulling Pulled Created Started"
    assert ask(cluster, "delete", "web.manual").code == 200


def test_for_with_no_name_lists_every_event(cluster):
    assert run(cluster, "events", "--for", "pod/").stdout == run(cluster, "events").stdout


def test_for_is_decoded_before_types_are_checked(cluster):
    assert run(cluster, "events", "--for=pod/a/b").stderr == (
        "error: arguments in resource/name form may not have more than one slash\n"
    )
    assert run(cluster, "events", "--for=web", "--types=Bad").stderr == (
        "error: --for must be in resource/name form\n"
    )


def test_for_a_node_leaves_out_the_kubelet_s_events_whose_reference_has_no_api_version(cluster):
    """The kubelet's nodeRef has no apiVersion, so only the node controller's events match."""
    assert run(cluster, "events", "-A", "--for", "node/node-1", "--no-headers").stdout == (
        "default   115s   Normal   RegisteredNode   Node/node-1   "
        "Node node-1 event: Registered Node node-1 in Controller\n"
    )
