"""/etc/resolv.conf as each C library reads it (glibc's res_init, musl's
__get_resolv_conf, uClibc-ng's __open_nameservers): they agree on what the kubelet writes,
and differ past it (which options each knows, how many nameservers it keeps, whether the
hostname's domain stands in for a missing search line)."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

LOOPBACK = "127.0.0.1"  # the nameserver of a resolv.conf that names none
MAXNS = 3
_KEYWORD = re.compile(r"(domain|search|nameserver|options)[ \t](.*)")
_DIGITS = re.compile(r"\s*(\d*)")


@dataclass(frozen=True, slots=True)
class ResolvConf:
    nameservers: tuple[str, ...] = (LOOPBACK,)
    search: tuple[str, ...] = ()
    ndots: int = 1
    timeout: int = 5  # seconds (RES_TIMEOUT)
    attempts: int = 2  # RES_DFLRETRY
    options: frozenset[str] = frozenset()  # glibc's flags: rotate, no-aaaa, no-tld-query


def parse(text: str, libc: str, hostname: str) -> ResolvConf:
    if libc == "musl":
        return _musl(text)
    if libc == "uclibc":
        return _uclibc(text, hostname)
    return _glibc(text, hostname)


def host_domain(hostname: str) -> tuple[str, ...]:
    """The search list a resolver makes of a hostname with a domain."""
    domain = hostname.partition(".")[2]
    return (domain,) if domain else ()


def _glibc(text: str, hostname: str) -> ResolvConf:
    servers: list[str] = []
    search: tuple[str, ...] | None = None
    values = {"ndots": 1, "timeout": 5, "attempts": 2}
    flags: set[str] = set()
    for line in text.splitlines():
        matched = _KEYWORD.match(line)
        words = matched.group(2).split() if matched else []
        if not words:
            continue
        keyword = matched.group(1)
        if keyword == "domain":
            search = words[:1]
        elif keyword == "search":
            search = tuple(words)
        elif keyword == "nameserver" and _address(words[0]):
            servers.append(words[0])
        elif keyword == "options":
            _glibc_options(words, values, flags)
    return ResolvConf(
        tuple(servers[:MAXNS]) or (LOOPBACK,),
        host_domain(hostname) if search is None else tuple(search),
        values["ndots"],
        values["timeout"],
        values["attempts"],
        frozenset(flags),
    )


_GLIBC_CAPS = {"ndots": 15, "timeout": 30, "attempts": 5}  # RES_MAXNDOTS, RES_MAXRETRANS...
# the flags of res_setoptions this resolver acts on, by the words that set them (a word
# that begins with one sets it; -word clears it)
_GLIBC_FLAGS = {
    "rotate": "rotate",
    "no-aaaa": "no-aaaa",
    "no-tld-query": "no-tld-query",
    "no_tld_query": "no-tld-query",
}


def _glibc_options(words: list[str], values: dict[str, int], flags: set[str]) -> None:
    for word in words:
        name, colon, value = word.partition(":")
        if colon and name in _GLIBC_CAPS:
            values[name] = min(_number(value), _GLIBC_CAPS[name])
            continue
        bare = word.removeprefix("-")
        flag = next((f for w, f in _GLIBC_FLAGS.items() if bare.startswith(w)), "")
        if flag and bare != word:
            flags.discard(flag)
        elif flag:
            flags.add(flag)


_MUSL_CAPS = {"ndots": 15, "attempts": 10, "timeout": 60}


def _musl(text: str) -> ResolvConf:
    servers: list[str] = []
    search = ""
    values = {"ndots": 1, "timeout": 5, "attempts": 2}
    for line in text.splitlines():
        if len(line) > 255:  # a line fgets cuts is ignored
            continue
        if line.startswith("options") and line[7:8].isspace():
            for name, cap in _MUSL_CAPS.items():
                at = line.find(f"{name}:") + len(name) + 1  # strstr: its first mention
                if at > len(name) and line[at : at + 1].isdigit():
                    values[name] = min(_number(line[at:]), cap)
        elif line.startswith("nameserver") and line[10:11].isspace():
            words = line[11:].split()
            if words and _address(words[0]) and len(servers) < MAXNS:
                servers.append(words[0])
        elif line.startswith(("domain", "search")) and line[6:7].isspace():
            search = line[7:]
    return ResolvConf(
        tuple(servers) or (LOOPBACK,),
        tuple(search.split()),
        values["ndots"],
        values["timeout"],
        values["attempts"],
    )


def _uclibc(text: str, hostname: str) -> ResolvConf:
    servers: list[str] = []
    search: tuple[str, ...] = ()
    values = {"timeout": 5, "attempts": 2}
    for line in text.splitlines():
        keyword, *words = line.split() or [""]
        if keyword == "nameserver" and words and _address(words[0]):
            servers.append(words[0])
        elif keyword in ("domain", "search") and words:
            search = tuple(words)
        elif keyword == "options" and words:
            # the name is what comes before the line's first colon: one option a line
            name, _, value = line.split(None, 1)[1].partition(":")
            if name in values:
                values[name] = _number(value) & 0xFF  # a uint8_t
    return ResolvConf(
        tuple(servers) or (LOOPBACK,),
        search or host_domain(hostname),
        timeout=values["timeout"],
        attempts=values["attempts"],
    )


def _address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _number(text: str) -> int:
    """atoi: the leading digits after blanks, 0 without any."""
    return int(_DIGITS.match(text).group(1) or 0)
