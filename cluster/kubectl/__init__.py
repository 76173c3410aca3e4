"""The built-in kubectl: the real one's commands, flags, output and errors, on the engine's API."""
