"""batch/v1 Jobs through kube-apiserver: defaulting, the generated selector, validation with
Kubernetes' messages, what an update may change, and deletion's default of orphaning."""

import re

import pytest

from cluster.engine.api import batchvalidation
from cluster.engine.cluster import Cluster
from tests.cluster.engine.requests import admin_request

UID_LABEL = "batch.kubernetes.io/controller-uid"


@pytest.fixture(scope="module")
def cluster():
    return Cluster()


def job(name="pi", restart="Never", **spec):
    pod = {"containers": [{"name": "pi", "image": "busybox", "command": ["true"]}]}
    if restart:
        pod["restartPolicy"] = restart
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {"template": {"spec": pod}, **spec},
    }


def create(cluster, body):
    return admin_request(cluster, "create", "jobs", body=body)


def refusal(cluster, body) -> str:
    answer = create(cluster, body)
    assert answer.code == 422
    return answer.body["message"]


def test_a_job_is_defaulted_and_selects_its_own_pods_by_uid(cluster):
    made = create(cluster, job("defaults")).body
    spec, meta = made["spec"], made["metadata"]
    assert {k: spec[k] for k in ("completions", "parallelism", "backoffLimit")} == {
        "completions": 1,
        "parallelism": 1,
        "backoffLimit": 6,
    }
    assert (spec["completionMode"], spec["suspend"], spec["manualSelector"]) == (
        "NonIndexed",
        False,
        False,
    )
    assert spec["podReplacementPolicy"] == "TerminatingOrFailed"
    uid = meta["uid"]
    assert spec["selector"] == {"matchLabels": {UID_LABEL: uid}}
    expected = {
        "batch.kubernetes.io/job-name": "defaults",
        "job-name": "defaults",
        UID_LABEL: uid,
        "controller-uid": uid,
    }
    assert spec["template"]["metadata"]["labels"] == expected
    assert meta["labels"] == expected  # a Job without labels takes its template's
    assert (meta["generation"], made["status"]) == (1, {})


def test_a_jobs_own_labels_come_from_the_template_it_was_given():
    body = job("labelled")
    body["spec"]["template"]["metadata"] = {"labels": {"app": "pi"}}
    made = create(Cluster(), body).body
    assert made["metadata"]["labels"] == {"app": "pi"}
    assert made["spec"]["template"]["metadata"]["labels"]["app"] == "pi"


def test_parallelism_alone_leaves_completions_unset(cluster):
    spec = create(cluster, job("work-queue", parallelism=3)).body["spec"]
    assert "completions" not in spec and spec["parallelism"] == 3


def test_a_failure_policy_makes_failed_pods_the_only_ones_replaced(cluster):
    policy = {"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}}]}
    spec = create(cluster, job("policy", podFailurePolicy=policy)).body["spec"]
    assert spec["podReplacementPolicy"] == "Failed"


def test_pods_that_always_restart_are_refused(cluster):
    assert refusal(cluster, job("always", restart="Always")) == (
        'Job.batch "always" is invalid: spec.template.spec.restartPolicy: Required value: '
        'valid values: "OnFailure", "Never"'
    )
    assert "Required value" in refusal(cluster, job("unset", restart=""))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            {"parallelism": -1},
            "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
        ),
        (
            {"backoffLimit": -2},
            "spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0",
        ),
        (
            {"completionMode": "Sometimes"},
            'spec.completionMode: Unsupported value: "Sometimes": supported values: '
            '"NonIndexed", "Indexed"',
        ),
        (
            {"backoffLimitPerIndex": 1},
            "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
        ),
        (
            {"maxFailedIndexes": 1, "completionMode": "Indexed", "completions": 3},
            "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified",
        ),
        (
            {"podReplacementPolicy": "Never"},
            'spec.podReplacementPolicy: Unsupported value: "Never": supported values: '
            '"Failed", "TerminatingOrFailed"',
        ),
        (
            {"successPolicy": {"rules": [{"succeededCount": 1}]}},
            'spec.successPolicy: Invalid value: {"rules":[{"succeededCount":1}]}: '
            "requires indexed completion mode",
        ),
        (
            {
                "completionMode": "Indexed",
                "completions": 3,
                "successPolicy": {"rules": [{"succeededIndexes": "0,2-1"}]},
            },
            'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0,2-1": error '
            "parsing succeededIndexes: non-increasing order, previous: 2, current: 1",
        ),
        (
            {
                "completionMode": "Indexed",
                "completions": 3,
                "successPolicy": {"rules": [{"succeededIndexes": "1-5"}]},
            },
            'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "1-5": error '
            'parsing succeededIndexes: too large index: "5"',
        ),
    ],
)
def test_the_spec_is_validated_as_kubernetes_does(cluster, spec, message):
    assert refusal(cluster, job("bad", **spec)) == f'Job.batch "bad" is invalid: {message}'


def test_pod_failure_policy_rules_are_validated(cluster):
    rules = [
        {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [0, 3, 3]}},
        {"action": "Restart", "onPodConditions": [{"type": "DisruptionTarget"}]},
        {"action": "Ignore"},
        {
            "action": "Count",
            "onExitCodes": {"containerName": "x", "operator": "NotIn", "values": [2, 1]},
        },
    ]
    message = refusal(cluster, job("bad", podFailurePolicy={"rules": rules}))
    assert message == (
        'Job.batch "bad" is invalid: ['
        "spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: "
        "must not be 0 for the In operator, "
        "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3, "
        'spec.podFailurePolicy.rules[1].action: Unsupported value: "Restart": supported '
        'values: "Count", "FailIndex", "FailJob", "Ignore", '
        "spec.podFailurePolicy.rules[1].onPodConditions[0].status: Required value: "
        'valid values: ["False" "True" "Unknown"], '
        "spec.podFailurePolicy.rules[2]: Invalid value: specifying one of OnExitCodes and "
        "OnPodConditions is required, "
        'spec.podFailurePolicy.rules[3].onExitCodes.containerName: Invalid value: "x": must '
        "be one of the container or initContainer names in the pod template, "
        "spec.podFailurePolicy.rules[3].onExitCodes.values: Invalid value: [2,1]: must be "
        "ordered]"
    )


def test_generated_labels_the_template_contradicts_are_refused(cluster):
    body = job("mislabelled")
    body["spec"]["template"]["metadata"] = {"labels": {"job-name": "other"}}
    message = refusal(cluster, body)
    assert 'spec.template.metadata.labels[job-name]: Invalid value: {"' in message
    assert "must be 'mislabelled'" in message


def test_a_manual_selector_must_match_the_template(cluster):
    body = job("manual", manualSelector=True, selector={"matchLabels": {"app": "x"}})
    body["spec"]["template"]["metadata"] = {"labels": {"app": "y"}}
    assert refusal(cluster, body) == (
        'Job.batch "manual" is invalid: spec.template.metadata.labels: Invalid value: '
        '{"app":"y"}: `selector` does not match template `labels`'
    )


def test_an_indexed_jobs_last_hostname_must_be_a_dns_label(cluster):
    name = "a" * 62
    message = refusal(cluster, job(name, completionMode="Indexed", completions=10))
    assert message.endswith(
        f'metadata.name: Invalid value: "{name}": will not able to create pod with invalid '
        f"DNS label: {name}-9"
    )


def test_a_name_that_is_no_dns_label_is_warned_of(cluster):
    answer = create(cluster, job("pi.v2"))
    assert answer.code == 201
    assert answer.warnings == (
        "metadata.name: this is used in Pod names and hostnames, which can result in "
        "surprising behavior; a DNS label is recommended: [must not contain dots]",
    )


def test_the_template_and_completions_are_immutable_while_parallelism_is_not(cluster):
    create(cluster, job("fixed", completions=2))
    made = admin_request(cluster, "get", "jobs", "fixed").body
    changed = {**made, "spec": {**made["spec"], "parallelism": 2}}
    assert admin_request(cluster, "update", "jobs", "fixed", body=changed).code == 200
    current = admin_request(cluster, "get", "jobs", "fixed").body
    current["spec"]["completions"] = 3
    current["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx"
    answer = admin_request(cluster, "update", "jobs", "fixed", body=current)
    assert answer.code == 422
    assert "spec.completions: Invalid value: 3: field is immutable" in answer.body["message"]
    assert "spec.template: Invalid value: " in answer.body["message"]


def test_a_suspended_job_that_never_started_may_change_where_its_pods_go(cluster):
    create(cluster, job("held", suspend=True))
    made = admin_request(cluster, "get", "jobs", "held").body
    made["spec"]["template"]["spec"]["nodeSelector"] = {"disk": "ssd"}
    assert admin_request(cluster, "update", "jobs", "held", body=made).code == 200
    made = admin_request(cluster, "get", "jobs", "held").body
    made["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx"
    assert admin_request(cluster, "update", "jobs", "held", body=made).code == 422


def test_an_indexed_job_scales_completions_with_parallelism(cluster):
    create(cluster, job("elastic", completionMode="Indexed", completions=2, parallelism=2))
    body = admin_request(cluster, "get", "jobs", "elastic").body
    body["spec"]["completions"] = 4
    answer = admin_request(cluster, "update", "jobs", "elastic", body=body)
    assert answer.body["message"].endswith(
        "spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism"
    )
    body = admin_request(cluster, "get", "jobs", "elastic").body
    body["spec"]["completions"] = body["spec"]["parallelism"] = 4
    assert admin_request(cluster, "update", "jobs", "elastic", body=body).code == 200


def test_deleting_a_job_without_a_policy_orphans_its_pods_and_says_so():
    cluster = Cluster()
    create(cluster, job("kept"))
    answer = admin_request(cluster, "delete", "jobs", "kept")
    assert answer.warnings == (
        "child pods are preserved by default when jobs are deleted; set "
        "propagationPolicy=Background to remove them or set propagationPolicy=Orphan to "
        "suppress this warning",
    )
    assert answer.body["metadata"]["finalizers"] == ["orphan"]
    create(cluster, job("gone"))
    body = {"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"}
    answer = admin_request(cluster, "delete", "jobs", "gone", body=body)
    assert answer.warnings == () and answer.body["kind"] == "Status"


@pytest.mark.parametrize(
    ("text", "intervals"),
    [("", []), ("0", [(0, 0)]), ("0,2-4,6", [(0, 0), (2, 4), (6, 6)])],
)
def test_index_intervals_parse(text, intervals):
    assert batchvalidation.parse_indexes(text, 7) == intervals


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "1-2-3",
            "the fragment \"1-2-3\" violates the requirement that an index interval can have at most two parts separated by '-'",
        ),
        ("x", 'cannot convert string to integer for index: "x"'),
        ("-1", 'cannot convert string to integer for index: ""'),
        ("7", 'too large index: "7"'),
        ("3,1", "non-increasing order, previous: 3, current: 1"),
        ("2-2", "non-increasing order, previous: 2, current: 2"),
    ],
)
def test_bad_index_intervals_are_refused_in_kubernetes_words(text, error):
    with pytest.raises(ValueError, match=f"^{re.escape(error)}$"):
        batchvalidation.parse_indexes(text, 7)


def cron_job(name="hello", schedule="*/1 * * * *", restart="OnFailure", **spec):
    template = job(name, restart)["spec"]
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": name},
        "spec": {"schedule": schedule, "jobTemplate": {"spec": template}, **spec},
    }


def test_a_cron_job_is_defaulted_and_its_job_template_only_in_its_pods(cluster):
    made = admin_request(cluster, "create", "cronjobs", body=cron_job()).body
    spec = made["spec"]
    assert (spec["concurrencyPolicy"], spec["suspend"]) == ("Allow", False)
    assert (spec["successfulJobsHistoryLimit"], spec["failedJobsHistoryLimit"]) == (3, 1)
    job_spec = spec["jobTemplate"]["spec"]
    assert set(job_spec) == {"template"}  # SetDefaults_Job is not a job template's
    assert job_spec["template"]["spec"]["terminationGracePeriodSeconds"] == 30
    assert (made["metadata"]["generation"], made["status"]) == (1, {})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"schedule": "hourly"},
            'spec.schedule: Invalid value: "hourly": expected exactly 5 fields, found 1: [hourly]',
        ),
        (
            {"schedule": "61 * * * *"},
            'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
        ),
        (
            {"schedule": "TZ=UTC 0 * * * *"},
            'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in '
            "schedule, use timeZone field instead",
        ),
        ({"schedule": ""}, "spec.schedule: Required value"),
        (
            {"timeZone": "Mars/Olympus"},
            'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
        ),
        (
            {"timeZone": "Local"},
            'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as '
            "defined in https://www.iana.org/time-zones",
        ),
        (
            {"concurrencyPolicy": "Sometimes"},
            'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: '
            '"Allow", "Forbid", "Replace"',
        ),
        (
            {"startingDeadlineSeconds": -5},
            "spec.startingDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0",
        ),
    ],
)
def test_a_cron_jobs_schedule_and_policies_are_validated(cluster, changes, message):
    answer = admin_request(cluster, "create", "cronjobs", body=cron_job("bad", **changes))
    assert (answer.code, answer.body["message"]) == (
        422,
        f'CronJob.batch "bad" is invalid: {message}',
    )


def test_a_cron_jobs_template_is_a_jobs_spec_with_a_generated_selector(cluster):
    body = cron_job("tmpl", restart="Always")
    body["spec"]["jobTemplate"]["spec"]["selector"] = {"matchLabels": {"a": "b"}}
    answer = admin_request(cluster, "create", "cronjobs", body=body)
    assert answer.body["message"] == (
        'CronJob.batch "tmpl" is invalid: ['
        "spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "
        '"OnFailure", "Never", '
        'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: '
        "`selector` will be auto-generated]"
    )


def test_a_cron_jobs_name_leaves_room_for_its_jobs_suffix(cluster):
    name = "c" * 53
    answer = admin_request(cluster, "create", "cronjobs", body=cron_job(name))
    assert answer.body["message"] == (
        f'CronJob.batch "{name}" is invalid: metadata.name: Invalid value: "{name}": must be '
        "no more than 52 characters"
    )


def test_a_time_zone_of_the_database_is_taken(cluster):
    body = cron_job("tz", timeZone="Asia/Shanghai")
    assert admin_request(cluster, "create", "cronjobs", body=body).code == 201


def test_a_job_without_a_name_is_refused_not_failed(cluster):
    body = job()
    del body["metadata"]["name"]
    assert refusal(cluster, body) == (
        'Job.batch "" is invalid: metadata.name: Required value: name or generateName is required'
    )
