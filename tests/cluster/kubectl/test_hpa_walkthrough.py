"""The docs' HorizontalPodAutoscaler Walkthrough: php-apache autoscaled at 50% CPU grows
under a busybox wget loop through its Service, and shrinks back once the load is gone and
the stabilization window has passed."""

import re

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run

# https://k8s.io/examples/application/php-apache.yaml
PHP_APACHE = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  selector:
    matchLabels:
      run: php-apache
  template:
    metadata:
      labels:
        run: php-apache
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports:
        - containerPort: 80
        resources:
          limits:
            cpu: 500m
          requests:
            cpu: 200m
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
  labels:
    run: php-apache
spec:
  ports:
  - port: 80
  selector:
    run: php-apache
"""
LOAD = "while sleep 0.01; do wget -q -O- http://php-apache; done"


def hpa(cluster: Cluster) -> tuple[int, int]:
    """`kubectl get hpa`'s TARGETS percentage and REPLICAS."""
    row = run(cluster, "get", "hpa").stdout.splitlines()[1]
    found = re.search(r"cpu: (\d+)%/50%\s+1\s+10\s+(\d+)", row)
    assert found, row
    return int(found.group(1)), int(found.group(2))


def test_the_walkthrough_scales_up_under_load_and_back_down_without_it():
    cluster = Cluster()
    applied = run(cluster, "apply", "-f", "-", stdin=PHP_APACHE).stdout
    assert applied == "deployment.apps/php-apache created\nservice/php-apache created\n"
    cluster.advance_to(cluster.clock.now + 20_000)
    logs = run(cluster, "logs", "deployment/php-apache").stdout.splitlines()
    assert logs[0].startswith("AH00558: apache2: Could not reliably determine")
    assert logs[2].endswith(
        "AH00163: Apache/2.4.25 (Debian) PHP/5.6.40 configured -- resuming normal operations"
    )
    autoscaled = run(
        cluster, "autoscale", "deployment", "php-apache", "--cpu=50%", "--min=1", "--max=10"
    )
    assert autoscaled.stdout == "horizontalpodautoscaler.autoscaling/php-apache autoscaled\n"
    cluster.advance_to(cluster.clock.now + 30_000)
    assert hpa(cluster) == (0, 1)
    run(
        cluster,
        "run",
        "load-generator",
        "--image=busybox:1.28",
        "--restart=Never",
        "--",
        "/bin/sh",
        "-c",
        LOAD,
    )
    cluster.advance_to(cluster.clock.now + 30_000)
    busy, replicas = hpa(cluster)
    assert busy > 100 and replicas > 1
    cluster.advance_to(cluster.clock.now + 120_000)
    assert hpa(cluster)[1] == 7
    run(cluster, "delete", "pod", "load-generator")
    cluster.advance_to(cluster.clock.now + 120_000)
    assert hpa(cluster) == (0, 7)  # the 5-minute stabilization window holds it
    cluster.advance_to(cluster.clock.now + 300_000)
    assert hpa(cluster) == (0, 1)
