"""kubectl's commands, one module each."""
