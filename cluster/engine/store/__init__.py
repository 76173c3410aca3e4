"""Storage: the etcd key-value store that kube-apiserver keeps every object in."""
