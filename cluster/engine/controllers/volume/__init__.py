"""kube-controller-manager's volume controllers (pkg/controller/volume)."""
