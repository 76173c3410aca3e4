"""The KubeProxyConfiguration kube-proxy runs with: what kubeadm renders into the kube-proxy
ConfigMap's config.conf, then kube-proxy's own defaults for what kubeadm leaves unset."""

from __future__ import annotations

import ipaddress

from cluster.engine.controllers.nodeipam import CLUSTER_CIDR as POD_SUBNET

# clusterCIDR: kubeadm copies networking.podSubnet (--pod-network-cidr) into it; with
# detectLocalMode "" (ClusterCIDR) a source in it is a pod's (the local traffic detector)
CLUSTER_CIDR = POD_SUBNET
CLUSTER_NETWORK = ipaddress.IPv4Network(CLUSTER_CIDR)
BIND_ADDRESS = "0.0.0.0"  # kubeadm's DefaultProxyBindAddressv4
KUBECONFIG = "/var/lib/kube-proxy/kubeconfig.conf"
# iptables.minSyncPeriod: kubeadm writes 0s, which kube-proxy defaults to 1s
# (SetDefaults_KubeProxyConfiguration). Its syncPeriod (30s) only spaces the retries of a
# failed iptables-restore, which cannot fail here
MIN_SYNC_PERIOD_MS = 1_000
