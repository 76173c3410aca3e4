"""The data directory: where SQLite, Redis' files, logs and generated secrets live."""

import os
import secrets
from pathlib import Path

DEFAULT = ".kubelab"


def path() -> Path:
    """The data directory of this process, from KUBELAB_DATA_DIR (default ./.kubelab)."""
    return Path(os.environ.get("KUBELAB_DATA_DIR", DEFAULT)).resolve()


def secret(name: str, nbytes: int = 32) -> str:
    """A secret generated once and kept in the data directory, readable by its owner only."""
    directory = path()
    directory.mkdir(parents=True, exist_ok=True)
    file = directory / name
    try:
        return file.read_text().strip()
    except FileNotFoundError:
        value = secrets.token_urlsafe(nbytes)
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(value + "\n")
        return value
