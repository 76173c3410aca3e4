"""kubectl debug in the built-in kubectl: an ephemeral container added to a running pod, with
kubectl's messages; what attaches is the dashboard's terminal's."""

import re

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


def running_pod() -> Cluster:
    cluster = Cluster()
    assert run(cluster, "run", "web", "--image=nginx").exit_code == 0
    cluster.advance_to(10_000)
    return cluster


def test_debug_adds_an_ephemeral_container_that_runs_its_command():
    cluster = running_pod()
    result = run(cluster, "debug", "web", "--image=busybox", "--target=web", "--", "echo", "hi")
    assert result.stdout == (
        'Targeting container "web". If you don\'t see processes from this container it may be '
        "because the container runtime doesn't support this feature.\n"
    )
    name = re.fullmatch(
        r"Defaulting debug container name to (debugger-[b-z2-9]{5})\.\n", result.stderr
    ).group(1)
    cluster.advance_to(20_000)
    assert run(cluster, "logs", "web", "-c", name).stdout == "hi\n"
    spec = run(cluster, "get", "pod", "web", "-o", "jsonpath={.spec.ephemeralContainers[0]}")
    assert '"targetContainerName":"web"' in spec.stdout
    assert '"command":["echo","hi"]' in spec.stdout


def test_what_debug_refuses():
    cluster = running_pod()
    said = [
        run(cluster, "debug", "web").stderr,
        run(cluster, "debug", "--image=busybox").stderr,
        run(cluster, "debug", "web", "--image=busybox", "-t").stderr,
        run(cluster, "debug", "web", "--image=busybox", "--copy-to=web2").stderr,
        run(cluster, "debug", "nope", "--image=busybox", "-c", "x").stderr,
        run(cluster, "debug", "web", "--image=busybox", "-c", "web").stderr,
    ]
    assert said == [
        "error: you must specify --image when not using --copy-to.\n",
        "error: NAME or filename is required for debug\n",
        "error: -i/--stdin is required for containers with -t/--tty=true\n",
        "error: kubectl debug --copy-to is the real kubectl's: this one adds ephemeral "
        "containers\n",
        'Error from server (NotFound): pods "nope" not found\n',
        'The Pod "web" is invalid: spec.ephemeralContainers[0].name: Duplicate value: "web"\n',
    ]
