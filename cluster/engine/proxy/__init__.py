"""kube-proxy: on every node, the Service proxy in iptables mode, as kubeadm deploys it."""
