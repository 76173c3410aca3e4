"""kube-scheduler: a queue of pods to place, and a framework of Filter and Score plugins."""
