"""Cluster DNS: CoreDNS as kubeadm deploys it, answering for the cluster's domain."""
