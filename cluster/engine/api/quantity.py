"""Resource quantities ("100m", "128Mi", "2") as Kubernetes writes them."""

from __future__ import annotations

import functools
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
# a number, then a decimal exponent or a suffix: not both (`1e3m` is no quantity)
_QUANTITY = re.compile(
    r"^([+-]?[0-9.]+)(?:[eE]([+-]?[0-9]+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$"
)


# ErrFormatWrong, what ParseQuantity says of a string that is no quantity
FORMAT_WRONG = (
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
)


class QuantityError(ValueError):
    pass


@functools.lru_cache(maxsize=4096)  # the same few quantities come back all the time
def parse(text: str | int | float) -> Fraction:
    """The exact value of a quantity."""
    if isinstance(text, int | float):
        return Fraction(text)
    match = _QUANTITY.match(text.strip())
    if not match or match.group(1) in {"", ".", "+", "-"} or match.group(1).count(".") > 1:
        raise QuantityError(FORMAT_WRONG)
    number, exponent, suffix = match.groups()
    value = Fraction(number) * _SUFFIXES[suffix or ""]
    return value * Fraction(10) ** int(exponent) if exponent else value


def parsed(text: object) -> Fraction | None:
    """The value of a quantity, None for what is not one (validation's to report)."""
    try:
        return parse(text)  # type: ignore[arg-type]
    except (QuantityError, TypeError, ValueError):
        return None


def milli(text: str | int | float) -> int:
    """The quantity in thousandths, rounded up (how cpu is counted)."""
    value = parse(text) * 1000
    return -(-value.numerator // value.denominator)


def value(text: str | int | float) -> int:
    """The quantity as a whole number, rounded up (how memory and pods are counted)."""
    value = parse(text)
    return -(-value.numerator // value.denominator)


DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT = "DecimalSI", "BinarySI", "DecimalExponent"
_DECIMAL_SUFFIXES = {
    -9: "n",
    -6: "u",
    -3: "m",
    0: "",
    3: "k",
    6: "M",
    9: "G",
    12: "T",
    15: "P",
    18: "E",
}
_BINARY_SUFFIXES = ("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei")


def format_of(text: str | int | float) -> str:
    """The format a quantity was written in, which its canonical form keeps."""
    match = _QUANTITY.match(str(text).strip())
    if match and match.group(2):
        return DECIMAL_EXPONENT
    return BINARY_SI if match and (match.group(3) or "").endswith("i") else DECIMAL_SI


def canonical(text: str | int | float) -> str:
    """Quantity.String(): `1500m` → `1500m`, `0.5` → `500m`, `1024Mi` → `1Gi`."""
    return format_value(parse(text), format_of(text))


def format_value(value: Fraction, fmt: str = DECIMAL_SI) -> str:
    """CanonicalizeBytes: a value in the given format, rounded up to nano units."""
    if value == 0:
        return "0"
    if fmt == BINARY_SI and abs(value) >= 1024 and value.denominator == 1:
        return _base1024(value.numerator)
    nanos = -(-value.numerator * 10**9 // value.denominator)
    mantissa, exponent = nanos, -9
    while mantissa % 1000 == 0 and exponent < 18:
        mantissa, exponent = mantissa // 1000, exponent + 3
    if fmt == DECIMAL_EXPONENT:
        return f"{mantissa}e{exponent}" if exponent else str(mantissa)
    return f"{mantissa}{_DECIMAL_SUFFIXES[exponent]}"


def _base1024(number: int) -> str:
    power = 0
    while number % 1024 == 0 and power < len(_BINARY_SUFFIXES) - 1:
        number, power = number // 1024, power + 1
    return f"{number}{_BINARY_SUFFIXES[power]}"
