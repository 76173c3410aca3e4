"""The kubelab command: run the lab (`kubelab up`) and use its clusters (`kubelab kubectl`,
and the real kubectl with `kubelab kubeconfig`)."""

import argparse
import errno
import hashlib
import http.client
import ipaddress
import json
import os
import socket
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from cluster import kubeconfig as kubeconfigs
from cluster import labapi
from kubelab import datadir, tls
from kubelab.redis_server import RedisServer, RedisStartError
from kubelab.supervisor import (
    Stopped,
    Supervisor,
    ignore_stop_signals,
    raise_on_stop_signals,
    restore_signal_handlers,
    tail,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_API_PORT = 6443
DEFAULT_SERVER = "http://127.0.0.1:8000"
DEFAULT_CLUSTER = "default"
DEFAULT_ALLOWED_HOSTS = "127.0.0.1,localhost,[::1]"
HEALTH_TIMEOUT = 60.0
KUBECTL_TIMEOUT = 600.0
PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_FILE = "instance.json"


class CommandError(Exception):
    """A failure to report as `error: <message>` and exit 1."""


# ---------------------------------------------------------------------------------------------
# Arguments


def default_data_dir() -> str:
    return os.environ.get("KUBELAB_DATA_DIR", datadir.DEFAULT)


def port_number(text: str) -> int:
    """argparse type for a TCP port."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 1 and 65535, not {port}")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kubelab",
        description="KubeLab: learn how Kubernetes works inside by watching a simulated cluster.",
        epilog="Start with 'kubelab up', then open the address it prints.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_up_parser(commands)
    add_kubectl_parser(commands)
    add_kubeconfig_parser(commands)
    return parser


def add_up_parser(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    up_parser = commands.add_parser(
        "up",
        help="run KubeLab: Redis, the web server and the cluster worker",
        description=(
            "Run KubeLab in the foreground: a private Redis (unless REDIS_URL is set), "
            "database migrations, the Celery worker that hosts clusters, and the web server. "
            "Ctrl-C stops everything. Each process logs to DATA_DIR/logs/."
        ),
    )
    up_parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="address to listen on (default %(default)s); on a loopback address every "
        "browser on this machine acts as the local owner",
    )
    up_parser.add_argument(
        "--port", type=port_number, default=DEFAULT_PORT, help="port (default %(default)s)"
    )
    up_parser.add_argument(
        "--api-port",
        type=port_number,
        metavar="PORT",
        default=DEFAULT_API_PORT,
        help="port of the Kubernetes API over https, for kubectl (default %(default)s)",
    )
    up_parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default_data_dir(),
        help="where the database, Redis' files, logs and secrets live "
        "(default $KUBELAB_DATA_DIR or %(default)s)",
    )


def add_kubeconfig_parser(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
) -> None:
    kubeconfig_parser = commands.add_parser(
        "kubeconfig",
        help="print a kubeconfig for the real kubectl and client libraries",
        description=(
            "Print a kubeconfig with which the real kubectl (or any Kubernetes client) talks "
            "to cluster NAME over https, e.g. 'kubelab kubeconfig default > kubeconfig; "
            "kubectl --kubeconfig kubeconfig get pods'. It trusts the CA in DATA_DIR/pki and "
            "carries the owner's API token ($KUBELAB_TOKEN or DATA_DIR/token)."
        ),
    )
    kubeconfig_parser.add_argument("name", metavar="NAME", help="cluster name")
    kubeconfig_parser.add_argument(
        "--server",
        metavar="URL",
        help="the Kubernetes API's address, e.g. https://lab.example:6443 "
        "(default: where the last 'kubelab up' in DATA_DIR served it)",
    )
    kubeconfig_parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default_data_dir(),
        help="where 'kubelab up' wrote the CA and the token "
        "(default $KUBELAB_DATA_DIR or %(default)s)",
    )


def add_kubectl_parser(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    # Only for --help: kubectl's own arguments are split off by hand, see split_kubectl_args.
    kubectl_parser = commands.add_parser(
        "kubectl",
        help="run kubectl against a KubeLab cluster",
        usage="kubelab kubectl [--server URL] [--cluster NAME] [--data-dir DIR] ARGS...",
        description=(
            "Run a kubectl command on a KubeLab cluster, e.g. "
            "'kubelab kubectl get pods -n kube-system -o wide'. The options below are only "
            "recognised before kubectl's arguments; everything from the first other argument "
            "on goes to kubectl untouched ('--' also ends them). The API token comes from "
            "$KUBELAB_TOKEN or DATA_DIR/token."
        ),
    )
    kubectl_parser.add_argument(
        "--server",
        metavar="URL",
        default=DEFAULT_SERVER,
        help="KubeLab's address (default %(default)s)",
    )
    kubectl_parser.add_argument(
        "--cluster",
        metavar="NAME",
        default=DEFAULT_CLUSTER,
        help="cluster name (default %(default)s)",
    )
    kubectl_parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default_data_dir(),
        help="where 'kubelab up' wrote the token (default $KUBELAB_DATA_DIR or %(default)s)",
    )
    kubectl_parser.add_argument(
        "args", nargs=argparse.REMAINDER, metavar="ARGS", help="kubectl's own arguments"
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # kubectl's own flags (-o, -n, --image=...) must not meet argparse: parsed by hand.
    if argv[:1] == ["kubectl"]:
        return kubectl(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "up":
        return up(args.host, Ports(args.port, args.api_port), Path(args.data_dir))
    if args.command == "kubeconfig":
        return print_kubeconfig(args.name, Path(args.data_dir), args.server)
    parser.print_help(sys.stderr)
    return 2


# ---------------------------------------------------------------------------------------------
# kubelab up


@dataclass(frozen=True)
class Ports:
    web: int
    api: int


def up(host: str, ports: Ports, data_dir: Path) -> int:
    """Run KubeLab until Ctrl-C, SIGTERM or the death of one of its processes."""
    try:
        ensure_ports_free(host, ports)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    data = prepare_data_dir(data_dir)
    pki = tls.ensure(data / "pki", certificate_names(host), datetime.now(UTC))
    export_environment(data, host, ports.api, pki)
    supervisor = Supervisor(child_environment())
    redis_server: RedisServer | None = None
    previous_handlers = raise_on_stop_signals()
    try:
        if "REDIS_URL" not in os.environ:
            redis_server = RedisServer(data, datadir.secret("redis_password"))
            start_redis(redis_server, supervisor)
        serve(supervisor, data, host, ports, pki)
    except Stopped:
        code = 0
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        code = 1
    finally:
        ignore_stop_signals()
        supervisor.stop()
        if redis_server is not None:
            redis_server.stop()
        restore_signal_handlers(previous_handlers)
    if code == 0:
        print("KubeLab stopped.", flush=True)
    return code


def ensure_ports_free(host: str, ports: Ports) -> None:
    if ports.web == ports.api:
        raise CommandError(f"--api-port must differ from --port ({ports.web})")
    ensure_port_free(host, ports.web)
    ensure_port_free(host, ports.api, "--api-port")


def ensure_port_free(host: str, port: int, option: str = "--port") -> None:
    """Fail unless host:port can be listened on."""
    # Bind as daphne (Twisted) will: IPv6 only for an IPv6 literal, with SO_REUSEADDR.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"port {port} on {host} is already in use (is KubeLab already running?); "
                    f"stop that program or pick another port with {option}"
                ) from None
            raise CommandError(f"cannot listen on {host}:{port}: {error}") from None


def prepare_data_dir(data_dir: Path) -> Path:
    """Create the data directory, private to this user, with logs/ and redis/ inside."""
    data = data_dir.expanduser().resolve()
    if not data.exists():
        data.mkdir(parents=True, mode=0o700)
        data.chmod(0o700)  # mkdir's mode is filtered by the umask.
    for sub in ("logs", "redis"):
        (data / sub).mkdir(mode=0o700, exist_ok=True)
    return data


def is_loopback(host: str) -> bool:
    return host.strip("[]") in labapi.LOOPBACK_HOSTS


def certificate_names(host: str) -> list[str]:
    """What the API's certificate must be valid for: loopback, this machine's name, the
    address KubeLab listens on unless that is a wildcard, and the names Django is told to
    answer to (KUBELAB_ALLOWED_HOSTS, patterns aside): those clients reach it by."""
    listen = [] if is_wildcard(host) else [host]
    allowed = os.environ.get("KUBELAB_ALLOWED_HOSTS", "").split(",")
    named = [name for name in allowed if name and "*" not in name and not name.startswith(".")]
    return tls.server_names(socket.gethostname(), *listen, *named)


def export_environment(
    data: Path, host: str, api_port: int = DEFAULT_API_PORT, pki: tls.Pki | None = None
) -> None:
    """Settings for this process and every child."""
    os.environ["KUBELAB_DATA_DIR"] = str(data)
    os.environ["KUBELAB_API_PORT"] = str(api_port)
    if pki is not None:
        os.environ["KUBELAB_CA_FILE"] = str(pki.ca_cert)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kubelab.settings"
    if is_loopback(host):
        os.environ["KUBELAB_LOCAL_OWNER"] = "1"
    else:
        # Reachable from other machines: nobody may be the owner just by being local.
        os.environ.pop("KUBELAB_LOCAL_OWNER", None)
    if not is_wildcard(host) and not is_loopback(host):
        # Django would answer 400 to requests addressed to the host we were told to listen on.
        os.environ.setdefault("KUBELAB_ALLOWED_HOSTS", f"{DEFAULT_ALLOWED_HOSTS},{host}")


def child_environment() -> dict[str, str]:
    """This process' environment, plus what children need to import KubeLab and log promptly."""
    env = dict(os.environ)
    paths = [str(PROJECT_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def start_redis(redis_server: RedisServer, supervisor: Supervisor) -> None:
    """Start the private Redis and hand its URL to every child started afterwards."""
    try:
        url = redis_server.start()
    except RedisStartError as error:
        raise CommandError(str(error)) from None
    os.environ["REDIS_URL"] = url
    supervisor.env["REDIS_URL"] = url
    assert redis_server.process is not None
    supervisor.watch("redis", redis_server.process, redis_server.log)


def serve(supervisor: Supervisor, data: Path, host: str, ports: Ports, pki: tls.Pki) -> NoReturn:
    """Prepare the database, start the worker and web server, then watch them until one dies."""
    logs = data / "logs"
    migrate = django_command("migrate", "--noinput")
    run_to_completion(supervisor, "migrate", migrate, logs / "migrate.log")
    bootstrap = django_command("kubelab_bootstrap")
    run_to_completion(supervisor, "kubelab_bootstrap", bootstrap, logs / "bootstrap.log")
    supervisor.start("worker", worker_command(data), logs / "worker.log")
    supervisor.start("daphne", daphne_command(host, ports, pki), logs / "daphne.log")
    url = public_url(host, ports.web)
    api_url = public_url(host, ports.api, "https")
    wait_until_healthy(supervisor, url + "healthz", [logs / "daphne.log", logs / "worker.log"])
    write_instance(data, url, api_url)
    print(f"KubeLab is running at {url}", flush=True)
    cluster_api = kubeconfigs.server_url(api_url, labapi.LOCAL_OWNER, DEFAULT_CLUSTER)
    print(f"Kubernetes API of cluster {DEFAULT_CLUSTER} at {cluster_api}", flush=True)
    print(
        f"For the real kubectl: kubelab kubeconfig {DEFAULT_CLUSTER} > kubeconfig",
        file=sys.stderr,
        flush=True,
    )
    print(f"Logs are in {logs}. Press Ctrl-C to stop.", file=sys.stderr, flush=True)
    child = supervisor.wait()
    raise CommandError(child.describe_exit())


def django_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "django", *args]


def worker_command(data: Path) -> list[str]:
    """The worker of this data dir keeps its name across restarts, so a restarted worker
    takes back its own queue and the leases of the clusters it held."""
    name = f"kubelab-{hashlib.sha256(str(data).encode()).hexdigest()[:8]}@%h"
    return [
        sys.executable, "-m", "celery", "-A", "kubelab", "worker",
        "--pool=solo", "--loglevel=INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", name,
    ]  # fmt: skip


def daphne_command(host: str, ports: Ports, pki: tls.Pki) -> list[str]:
    """daphne on the web port over http and on the API port over https."""
    return [
        sys.executable, "-m", "daphne", "-b", host, "-p", str(ports.web),
        "-e", https_endpoint(host, ports.api, pki),
        "kubelab.asgi:application",
    ]  # fmt: skip


def https_endpoint(host: str, port: int, pki: tls.Pki) -> str:
    """A Twisted endpoint string for TLS on host:port with the API's certificate."""
    fields = {
        "port": str(port),
        "interface": host.strip("[]"),
        "privateKey": str(pki.key),
        "certKey": str(pki.cert),
    }
    return "ssl:" + ":".join(f"{name}={endpoint_escape(value)}" for name, value in fields.items())


def endpoint_escape(value: str) -> str:
    """Twisted's endpoint strings separate with ':' and '=' and escape with a backslash."""
    return "".join("\\" + char if char in ":=\\" else char for char in value)


def run_to_completion(supervisor: Supervisor, name: str, argv: list[str], log: Path) -> None:
    """Run a one-off command; fail with the end of its log if it fails."""
    code = supervisor.run(name, argv, log)
    if code != 0:
        raise CommandError(f"{name} failed with code {code}; the end of {log}:\n{tail(log)}")


def is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def public_url(host: str, port: int, scheme: str = "http") -> str:
    """The address to open in a browser; a wildcard host is reached through loopback."""
    bare = host.strip("[]")
    if is_wildcard(bare):
        bare = "::1" if ":" in bare else "127.0.0.1"
    if ":" in bare:
        bare = f"[{bare}]"
    return f"{scheme}://{bare}:{port}/"


def write_instance(data: Path, url: str, api_url: str) -> None:
    """Where this KubeLab serves, for `kubelab kubeconfig` and other tools to find it."""
    partial = data / (INSTANCE_FILE + ".partial")
    partial.write_text(json.dumps({"url": url, "apiURL": api_url}, indent=2) + "\n")
    partial.replace(data / INSTANCE_FILE)


def read_instance(data: Path) -> dict[str, str]:
    try:
        instance = json.loads((data / INSTANCE_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return {}
    return instance if isinstance(instance, dict) else {}


def wait_until_healthy(
    supervisor: Supervisor, url: str, logs: list[Path], timeout: float = HEALTH_TIMEOUT
) -> None:
    """Poll url until it answers 200; fail early if a child dies."""
    deadline = time.monotonic() + timeout
    while not answers_ok(url):
        if (child := supervisor.exited()) is not None:
            raise CommandError(child.describe_exit())
        if time.monotonic() > deadline:
            tails = "\n".join(f"The end of {log}:\n{tail(log)}" for log in logs)
            raise CommandError(f"{url} did not answer 200 within {timeout:g} s.\n{tails}")
        time.sleep(0.5)


def answers_ok(url: str) -> bool:
    try:
        with labapi.opener_for(url).open(url, timeout=5) as response:
            return response.status == 200
    except (OSError, ValueError, http.client.HTTPException):
        return False


# ---------------------------------------------------------------------------------------------
# kubelab kubectl


@dataclass
class KubectlOptions:
    server: str = DEFAULT_SERVER
    cluster: str = DEFAULT_CLUSTER
    data_dir: str = field(default_factory=default_data_dir)
    help: bool = False


OPTION_FIELDS = {"--server": "server", "--cluster": "cluster", "--data-dir": "data_dir"}
FILE_FLAGS = (
    "-f",
    "--filename",
    "--from-file",
    "--from-env-file",
    "--patch-file",
    "--cert",
    "--key",
    "--template",  # of -o go-template-file and the other templates read from files
    "-o",
    "--output",
)
TEMPLATE_FILE_FORMATS = (
    "go-template-file=",
    "templatefile=",
    "jsonpath-file=",
    "custom-columns-file=",
)
MANIFEST_SUFFIXES = (".json", ".yaml", ".yml")


def split_kubectl_args(argv: Sequence[str]) -> tuple[KubectlOptions, list[str]]:
    """Split `kubelab kubectl` arguments into KubeLab's leading options and kubectl's argv."""
    options = KubectlOptions()
    rest = list(argv)
    while rest:
        name, has_value, value = rest[0].partition("=")
        if rest[0] == "--":
            return options, rest[1:]
        if rest[0] in ("-h", "--help"):
            options.help = True
        elif name in OPTION_FIELDS:
            if not has_value:
                if len(rest) < 2:
                    raise CommandError(f"{name} needs a value")
                value = rest.pop(1)
            setattr(options, OPTION_FIELDS[name], value)
        else:
            break
        rest.pop(0)
    return options, rest


def reads_stdin(argv: Sequence[str]) -> bool:
    """Whether kubectl would read standard input: a manifest (`-f -`), a file named
    /dev/stdin, or the edited object `kubectl edit` (and `apply edit-last-applied`) takes
    there."""
    pairs = zip(argv, [*argv[1:], None], strict=True)
    return (
        "edit" in argv
        or "edit-last-applied" in argv
        or any(
            arg in ("--filename=-", "-f=-", "-f-")
            or (arg in ("-f", "--filename") and nxt == "-")
            or arg.endswith("/dev/stdin")
            for arg, nxt in pairs
        )
    )


def local_files(argv: Sequence[str]) -> dict[str, str]:
    """The local files kubectl's arguments name (-f, --from-file, --from-env-file,
    --patch-file, --cert, --key), by the path given: kubectl runs inside KubeLab and reads no
    disk of this machine. A directory given to -f brings its .json, .yaml and .yml files (and
    its subdirectories' with -R), as kubectl's file visitors take them; one given to
    --from-file, its files."""
    recursive = any(arg in ("-R", "--recursive", "--recursive=true") for arg in argv)
    files: dict[str, str] = {}
    for flag, path in _file_arguments(argv):
        local = Path(path).expanduser()
        if flag in ("-f", "--filename") and local.is_dir():
            found = local.rglob("*") if recursive else local.iterdir()
            for file in sorted(f for f in found if f.suffix in MANIFEST_SUFFIXES):
                if file.is_file():
                    files[os.path.join(path, str(file.relative_to(local)))] = _text(file)
        elif flag == "--from-file" and local.is_dir():
            for file in sorted(local.iterdir()):
                if file.is_file():
                    files[os.path.join(path, file.name)] = _text(file)
        elif local.is_file():
            files[path] = _text(local)
    source = _copied(argv)[0]  # kubectl cp LOCAL POD:PATH
    if source and Path(source).expanduser().is_file():
        files[source] = _text(Path(source).expanduser())
    return files


def _file_arguments(argv: Sequence[str]) -> list[tuple[str, str]]:
    """(flag, path) for every file flag, in each of the forms kubectl's flags take."""
    found = []
    for arg, following in zip(argv, [*argv[1:], None], strict=True):
        name, has_value, value = arg.partition("=")
        if name not in FILE_FLAGS:
            continue
        value = value if has_value else following
        if value is None or value == "-":
            continue
        if name == "--from-file":
            value = value.partition("=")[2] or value
        if name in ("-o", "--output"):  # -o FORMAT-file=PATH
            if not value.startswith(TEMPLATE_FILE_FORMATS):
                continue
            value = value.partition("=")[2]
        found.append((name, value))
    return found


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def read_token(data_dir: str) -> str:
    """The owner's API token: $KUBELAB_TOKEN, else the one `kubelab up` wrote."""
    if token := os.environ.get("KUBELAB_TOKEN", "").strip():
        return token
    return labapi.token_in(Path(data_dir).expanduser())


def standard_input_for(argv: Sequence[str]) -> str:
    stdin = sys.stdin
    if stdin is None or stdin.isatty() or not reads_stdin(argv):
        return ""
    return stdin.read()


def kubectl_url(options: KubectlOptions) -> str:
    return labapi.cluster_url(options.server, options.cluster, "kubectl")


def post_kubectl(
    options: KubectlOptions, token: str, argv: list[str], stdin: str
) -> dict[str, Any]:
    """Send one kubectl command (with the local files it names) to KubeLab and return its
    decoded answer."""
    body = {"argv": argv, "stdin": stdin, "files": local_files(argv)}
    answer = labapi.post(kubectl_url(options), token, body, KUBECTL_TIMEOUT)
    if not isinstance(answer.get("exitCode"), int):
        raise labapi.LabAPIError("KubeLab sent an answer that is not a kubectl result")
    return answer


def kubectl(argv: Sequence[str]) -> int:
    """`kubelab kubectl`: run kubectl on a KubeLab cluster and mirror its output and exit code."""
    try:
        options, kubectl_argv = split_kubectl_args(argv)
        if options.help:
            build_parser().parse_args(["kubectl", "--help"])
        token = read_token(options.data_dir)
        result = post_kubectl(options, token, kubectl_argv, standard_input_for(kubectl_argv))
    except (CommandError, labapi.LabAPIError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    write_streams(result)
    write_copied(kubectl_argv, result.get("files") or {})
    return result["exitCode"]


def write_streams(result: dict) -> None:
    """kubectl's output on standard output and standard error, in the order it wrote the two
    (a server's warning before the table that came with it)."""
    chunks = result.get("chunks") or [
        ("stdout", result.get("stdout") or ""),
        ("stderr", result.get("stderr") or ""),
    ]
    for name, text in chunks:
        stream = sys.stderr if name == "stderr" else sys.stdout
        stream.write(text)
        stream.flush()


def _copied(argv: Sequence[str]) -> tuple[str, str]:
    """kubectl cp's local source and destination (see cluster.kubectl.main.copied_paths)."""
    if "cp" not in argv:
        return "", ""
    # the built-in kubectl takes half a second to import: only for the command that needs it
    from cluster.kubectl.main import copied_paths

    return copied_paths(list(argv))


def write_copied(argv: Sequence[str], files: dict[str, str]) -> None:
    """What `kubectl cp POD:PATH LOCAL` copied out, written here: only LOCAL, or the files
    under it (a directory copied), whatever else the answer names."""
    destination = _copied(argv)[1]
    if not destination:
        return
    root = os.path.normpath(destination)
    for path, content in files.items():
        local = os.path.normpath(path)
        if local != root and not local.startswith(root.rstrip(os.sep) + os.sep):
            continue
        target = Path(local).expanduser()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# kubelab kubeconfig


def print_kubeconfig(name: str, data_dir: Path, server: str | None) -> int:
    """`kubelab kubeconfig`: print cluster name's kubeconfig."""
    data = data_dir.expanduser().resolve()
    try:
        token = read_token(str(data))
        ca_pem = read_ca(tls.Pki(data / "pki"))
    except (CommandError, labapi.LabAPIError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    instance = read_instance(data)
    api_url = (
        server or instance.get("apiURL") or public_url(DEFAULT_HOST, DEFAULT_API_PORT, "https")
    )
    sys.stdout.write(
        kubeconfigs.kubeconfig(
            cluster=name,
            server=kubeconfigs.server_url(api_url, labapi.LOCAL_OWNER, name),
            ca_pem=ca_pem,
            token=token,
            lab_server=instance.get("url", ""),
        )
    )
    return 0


def read_ca(pki: tls.Pki) -> bytes:
    try:
        return pki.ca_cert.read_bytes()
    except FileNotFoundError:
        raise CommandError(
            f"no CA at {pki.ca_cert}; run 'kubelab up' there first or pass --data-dir"
        ) from None


if __name__ == "__main__":
    sys.exit(main())
