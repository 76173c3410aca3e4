"""kube-controller-manager: one controller per module, each a reconcile loop over a queue."""
