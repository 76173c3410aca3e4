"""kubectl describe's describers (k8s.io/kubectl/pkg/describe), one module per family of
kinds, all writing through a PrefixWriter into Go's tabwriter layout."""
