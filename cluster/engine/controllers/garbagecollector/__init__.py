"""The garbage collector (pkg/controller/garbagecollector): owners and their dependents."""
