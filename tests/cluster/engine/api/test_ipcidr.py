"""Legacy IP and CIDR fields as apimachinery checks them with strict validation on, and the
warnings for values in a non-standard form."""

import pytest

from cluster.engine.api import ipcidr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10.0.0.0/8", []),
        ("2001:db8::/64", []),
        ("10.0.0.0", ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"]),
        ("10.0.0.0/33", ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"]),
        ("010.0.0.0/8", ["must not have leading 0s in IP or prefix length"]),
        ("10.0.0.0/08", ["must not have leading 0s in IP or prefix length"]),
        ("0.0.0.0/0", []),
        ("::ffff:10.0.0.0/104", ["must not have an IPv4-mapped IPv6 address"]),
        ("10.0.0.1/8", ["must not have bits set beyond the prefix length"]),
    ],
)
def test_a_legacy_cidr(value, expected):
    found = ipcidr.legacy_cidr("f", value, [])
    assert [e.message.split(": ", 2)[-1] for e in found] == expected
    assert ipcidr.legacy_cidr("f", value, [value]) == []  # the old object had it


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10.0.0.0/8", []),
        (
            "10.0.0.1/8",
            ['f: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or '
             '"10.0.0.1/32"?)'],
        ),
        ("010.0.0.0/8", ['f: non-standard CIDR value "010.0.0.0/8" is invalid: use "10.0.0.0/8"']),
        (
            "2001:DB8::/64",
            ['f: IPv6 CIDR value "2001:DB8::/64" should be in RFC 5952 canonical format '
             '("2001:db8::/64")'],
        ),
        ("bogus", []),
    ],
)  # fmt: skip
def test_cidr_warnings(value, expected):
    assert ipcidr.cidr_warnings("f", value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10.0.0.1", []),
        ("010.0.0.1", ['f: non-standard IP address "010.0.0.1" is invalid: use "10.0.0.1"']),
        (
            "2001:DB8::1",
            ['f: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format '
             '("2001:db8::1")'],
        ),
    ],
)  # fmt: skip
def test_ip_warnings(value, expected):
    assert ipcidr.ip_warnings("f", value) == expected
