"""Resource quantities ("100m", "128Mi", "2") as Kubernetes writes them."""

from __future__ import annotations

import re
from fractions import Fraction

_SUFFIXES = {
    "": 1,
    "n": Fraction(1, 10**9),
    "u": Fraction(1, 10**6),
    "m": Fraction(1, 1000),
    "k": 10**3,
    "M": 10**6,
    "G": 10**9,
    "T": 10**12,
    "P": 10**15,
    "E": 10**18,
    "Ki": 2**10,
    "Mi": 2**20,
    "Gi": 2**30,
    "Ti": 2**40,
    "Pi": 2**50,
    "Ei": 2**60,
}
_QUANTITY = re.compile(
    r"^([+-]?[0-9.]+)(?:[eE]([+-]?[0-9]+))?(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$"
)


class QuantityError(ValueError):
    pass


def parse(text: str | int | float) -> Fraction:
    """The exact value of a quantity."""
    if isinstance(text, int | float):
        return Fraction(text)
    match = _QUANTITY.match(text.strip())
    if not match or match.group(1) in {"", ".", "+", "-"}:
        raise QuantityError(
            "quantities must match the regular expression "
            "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        )
    number, exponent, suffix = match.groups()
    value = Fraction(number) * _SUFFIXES[suffix or ""]
    return value * Fraction(10) ** int(exponent) if exponent else value


def milli(text: str | int | float) -> int:
    """The quantity in thousandths, rounded up (how cpu is counted)."""
    value = parse(text) * 1000
    return -(-value.numerator // value.denominator)


def value(text: str | int | float) -> int:
    """The quantity as a whole number, rounded up (how memory and pods are counted)."""
    value = parse(text)
    return -(-value.numerator // value.denominator)
