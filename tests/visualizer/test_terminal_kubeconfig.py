"""The terminal's kubectl keeps its kubeconfig in the workspace as .kube/config: what config
set-context changes, cat shows and every command after it uses; an edit that breaks it is
kubectl's error; without it, kubectl runs with kubeadm's admin.conf."""

import pytest

from tests.visualizer.test_consumers import (
    connect_to_default,
    fresh_channel_layer,  # noqa: F401  (a fixture)
)
from tests.visualizer.test_terminal_consumer import result, run, user_with_cluster

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("celery_worker", "fresh_channel_layer"),
]


async def test_set_context_writes_the_kubeconfig_that_later_commands_read() -> None:
    _, cookie = await user_with_cluster("ada")
    ws, _ = await connect_to_default(cookie)
    try:
        assert await run(ws, 1, "kubectl create namespace team") == result(
            1, "namespace/team created\n"
        )
        assert await run(ws, 2, "kubectl config set-context --current --namespace=team") == (
            result(2, 'Context "kubernetes-admin@kubernetes" modified.\n')
        )
        shown = await run(ws, 3, "cat .kube/config")
        assert "    namespace: team\n" in shown["stdout"]
        assert await run(ws, 4, "kubectl create configmap c --from-literal=a=b") == result(
            4, "configmap/c created\n"
        )
        assert await run(ws, 5, "kubectl get cm c -n team -o name") == result(5, "configmap/c\n")
        assert await run(ws, 6, "cat > .kube/config <<EOF\n[\nEOF") == result(6)
        assert await run(ws, 7, "kubectl get pods") == result(
            7,
            stderr='error: error loading config file "/root/.kube/config": yaml: line 1: '
            "did not find expected node content\n",
            code=1,
        )
        assert await run(ws, 8, "rm .kube/config") == result(8)
        assert await run(ws, 9, "kubectl config get-contexts -o name") == result(
            9, "kubernetes-admin@kubernetes\n"
        )
    finally:
        await ws.disconnect()
