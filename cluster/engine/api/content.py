"""Format checks on strings (k8s.io/apimachinery/pkg/util/validation and
pkg/api/validate/content): each returns the list of what is wrong, empty when valid."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

DNS1123_LABEL_MAX = 63
DNS1123_SUBDOMAIN_MAX = 253
LABEL_VALUE_MAX = 63
_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_SUBDOMAIN = rf"{_LABEL}(\.{_LABEL})*"
_WILDCARD_SUBDOMAIN = rf"\*\.{_SUBDOMAIN}"
_LABEL_UNDERSCORE = "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?"
_SUBDOMAIN_UNDERSCORE = rf"{_LABEL_UNDERSCORE}(\.{_LABEL_UNDERSCORE})*"
_DNS1035 = "[a-z]([-a-z0-9]*[a-z0-9])?"
_KEY = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_VALUE = f"({_KEY})?"
_CONFIG_KEY = "[-._a-zA-Z0-9]+"
_PERCENT = "[0-9]+%"
_C_IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*"
_ENV_VAR_NAME = "[-._a-zA-Z][-._a-zA-Z0-9]*"


def _remembered(check: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """The same answer for the same string, computed once: every write checks its labels,
    names and namespace, and they are nearly always ones seen before."""
    answers = functools.lru_cache(maxsize=4096)(lambda value: tuple(check(value)))

    @functools.wraps(check)
    def remembered(value: str) -> list[str]:
        return list(answers(value)) if isinstance(value, str) else check(value)

    return remembered


def _full(pattern: str) -> re.Pattern[str]:
    return re.compile(f"^(?:{pattern})$")


_LABEL_RE = _full(_LABEL)
_SUBDOMAIN_RE = _full(_SUBDOMAIN)
_SUBDOMAIN_UNDERSCORE_RE = _full(_SUBDOMAIN_UNDERSCORE)
_WILDCARD_SUBDOMAIN_RE = _full(_WILDCARD_SUBDOMAIN)
_DNS1035_RE = _full(_DNS1035)
_KEY_RE = _full(_KEY)
_VALUE_RE = _full(_VALUE)
_CONFIG_KEY_RE = _full(_CONFIG_KEY)
_PERCENT_RE = _full(_PERCENT)
_C_IDENTIFIER_RE = _full(_C_IDENTIFIER)
_ENV_VAR_NAME_RE = _full(_ENV_VAR_NAME)


def regex_error(message: str, pattern: str, *examples: str) -> str:
    """RegexError: the rule, examples, and the regular expression used."""
    if not examples:
        return f"{message} (regex used for validation is '{pattern}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{message} (e.g. {shown}regex used for validation is '{pattern}')"


def max_len_error(length: int, unit: str = "characters") -> str:
    return f"must be no more than {length} {unit}"


@_remembered
def dns1123_label(value: str) -> list[str]:
    errors = []
    if len(value) > DNS1123_LABEL_MAX:
        errors.append(max_len_error(DNS1123_LABEL_MAX))
    if not _LABEL_RE.match(value):
        if _SUBDOMAIN_RE.match(value):
            errors.append("must not contain dots")
        else:
            errors.append(
                regex_error(
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric "
                    "characters or '-', and must start and end with an alphanumeric character",
                    _LABEL,
                    "my-name",
                    "123-abc",
                )
            )
    return errors


@_remembered
def dns1123_subdomain(value: str) -> list[str]:
    return _subdomain(value, _SUBDOMAIN_RE, _SUBDOMAIN, "'-' or '.'")


def dns1123_subdomain_with_underscore(value: str) -> list[str]:
    """IsDNS1123SubdomainWithUnderscore: a subdomain whose labels may hold '_' (and start
    with one), as DNS search paths may (SRV names such as _sip._tcp.example.com)."""
    return _subdomain(value, _SUBDOMAIN_UNDERSCORE_RE, _SUBDOMAIN_UNDERSCORE, "'_', '-' or '.'")


def wildcard_dns1123_subdomain(value: str) -> list[str]:
    """IsWildcardDNS1123Subdomain: `*.` then a DNS subdomain (RFC 1034 section 4.3.3)."""
    errors = []
    if len(value) > DNS1123_SUBDOMAIN_MAX:
        errors.append(max_len_error(DNS1123_SUBDOMAIN_MAX))
    if not _WILDCARD_SUBDOMAIN_RE.match(value):
        rule = (
            "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS "
            "subdomain, which must consist of lower case alphanumeric characters, '-' or '.' "
            "and end with an alphanumeric character"
        )
        errors.append(regex_error(rule, _WILDCARD_SUBDOMAIN, "*.example.com"))
    return errors


def _subdomain(value: str, regex: re.Pattern[str], pattern: str, allowed: str) -> list[str]:
    errors = []
    if len(value) > DNS1123_SUBDOMAIN_MAX:
        errors.append(max_len_error(DNS1123_SUBDOMAIN_MAX))
    if not regex.match(value):
        rule = (
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            f"{allowed}, and must start and end with an alphanumeric character"
        )
        errors.append(regex_error(rule, pattern, "example.com"))
    return errors


def dns1035_label(value: str) -> list[str]:
    errors = []
    if len(value) > DNS1123_LABEL_MAX:
        errors.append(max_len_error(DNS1123_LABEL_MAX))
    if not _DNS1035_RE.match(value):
        errors.append(
            regex_error(
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                "start with an alphabetic character, and end with an alphanumeric character",
                _DNS1035,
                "my-name",
                "abc-123",
            )
        )
    return errors


_KEY_RULE = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
    "an alphanumeric character"
)


@_remembered
def label_key(value: str) -> list[str]:
    """IsLabelKey (IsQualifiedName): an optional DNS subdomain prefix, '/', and a name."""
    parts = value.split("/")
    errors: list[str] = []
    if len(parts) > 2:
        return [
            "a valid label key "
            + regex_error(_KEY_RULE, _KEY, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            errors.append("prefix part must be non-empty")
        else:
            errors.extend(f"prefix part {e}" for e in dns1123_subdomain(prefix))
    if not name:
        errors.append("name part must be non-empty")
    elif len(name) > LABEL_VALUE_MAX:
        errors.append(f"name part {max_len_error(LABEL_VALUE_MAX, 'bytes')}")
    if not _KEY_RE.match(name):
        errors.append("name part " + regex_error(_KEY_RULE, _KEY, "MyName", "my.name", "123-abc"))
    return errors


@_remembered
def label_value(value: str) -> list[str]:
    errors = []
    if len(value) > LABEL_VALUE_MAX:
        errors.append(max_len_error(LABEL_VALUE_MAX, "bytes"))
    if not _VALUE_RE.match(value):
        errors.append(
            regex_error(
                "a valid label must be an empty string or consist of alphanumeric characters, "
                "'-', '_' or '.', and must start and end with an alphanumeric character",
                _VALUE,
                "MyValue",
                "my_value",
                "12345",
            )
        )
    return errors


def config_map_key(value: str) -> list[str]:
    """IsConfigMapKey: the keys of ConfigMaps' and Secrets' data."""
    errors = []
    if len(value) > DNS1123_SUBDOMAIN_MAX:
        errors.append(max_len_error(DNS1123_SUBDOMAIN_MAX))
    if not _CONFIG_KEY_RE.match(value):
        errors.append(
            regex_error(
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                _CONFIG_KEY,
                "key.name",
                "KEY_NAME",
                "key-name",
            )
        )
    if value == ".":
        errors.append("must not be '.'")
    elif value == "..":
        errors.append("must not be '..'")
    elif value.startswith(".."):
        errors.append("must not start with '..'")
    return errors


def percent(value: str) -> list[str]:
    if _PERCENT_RE.match(value):
        return []
    message = "a valid percent string must be a numeric string followed by an ending '%'"
    return [regex_error(message, _PERCENT, "1%", "93%")]


def c_identifier(value: str) -> list[str]:
    if _C_IDENTIFIER_RE.match(value):
        return []
    return [
        regex_error(
            "a valid C identifier must start with alphabetic character or '_', followed by a "
            "string of alphanumeric characters or '_'",
            _C_IDENTIFIER,
            "my_name",
            "MY_NAME",
            "MyName",
        )
    ]


def env_var_name(value: str) -> list[str]:
    """IsEnvVarName."""
    if _ENV_VAR_NAME_RE.match(value):
        return []
    message = (
        "a valid environment variable name must consist of alphabetic characters, digits, "
        "'_', '-', or '.', and must not start with a digit"
    )
    return [regex_error(message, _ENV_VAR_NAME, "my.env-name", "MY_ENV.NAME", "MyEnvName1")]


def name_is_dns_subdomain(name: str, prefix: bool = False) -> list[str]:
    """NameIsDNSSubdomain: for a generateName prefix, a trailing '-' is allowed."""
    return dns1123_subdomain(_mask_trailing_dash(name) if prefix else name)


def name_is_dns_label(name: str, prefix: bool = False) -> list[str]:
    return dns1123_label(_mask_trailing_dash(name) if prefix else name)


def name_is_dns1035_label(name: str, prefix: bool = False) -> list[str]:
    return dns1035_label(_mask_trailing_dash(name) if prefix else name)


def path_segment_name(name: str, prefix: bool = False) -> list[str]:
    """ValidatePathSegmentName: names that are used in URL paths as they are (RBAC)."""
    if not prefix and name in (".", ".."):
        return [f"may not be '{name}'"]
    if "/" not in name and "%" not in name:
        return []  # nearly every name: nothing to look for
    return [f"may not contain '{c}'" for c in ("/", "%") if c in name]


def _mask_trailing_dash(name: str) -> str:
    # sic: Kubernetes drops the last two characters, not only the dash
    return name[:-2] + "a" if len(name) > 1 and name.endswith("-") else name
