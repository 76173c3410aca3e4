"""The Kubernetes REST API of each cluster, as the real kube-apiserver speaks it, for the real
kubectl and client libraries: every request becomes an input of the cluster's engine."""
