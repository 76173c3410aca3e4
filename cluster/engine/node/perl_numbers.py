"""The values of `perl`'s programs: perl's numbers (64-bit integers and doubles) and how it
prints and reads them, the arithmetic of bigint, bignum and bigrat (exact, as
Math::BigInt, Math::BigFloat and Math::BigRat compute), and Math::BigFloat's pi.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

BPI_MS_2000 = 1500  # Math::BigFloat's bpi(2000) takes about 1.5 s of a laptop's CPU
MAX_STRING = 10 << 20  # a string or number longer than this is perl running out of memory

Number = int | float | Decimal | Fraction
Value = Number | str | None  # None: undef


class OutOfMemory(Exception):
    """A string or number too big to hold: perl's "Out of memory!"."""


def to_string(value: Value) -> str:
    """A value as perl prints it: numbers as %.15g unless they are integers (or big)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Fraction):
        return str(value)
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return f"{value:.15g}"


_NUMERIC = re.compile(
    r"\s*([+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan))", re.IGNORECASE
)


def numeric(text: str) -> tuple[int | float, bool]:
    """A string as a number (its numeric start, 0 if none), and whether all of it was one."""
    match = _NUMERIC.match(text)
    if match is None:
        return 0, False
    whole = match.end() == len(text.rstrip())
    number = match.group(1)
    if re.fullmatch(r"[+-]?\d+", number) and -(2**63) <= int(number) < 2**64:
        return int(number), whole
    return float(number.lower().replace("infinity", "inf")), whole


def truthy(value: Value) -> bool:
    return value not in (None, "", "0", 0) and not (isinstance(value, float) and value == 0)


def iv(number: int) -> int | float:
    """An integer result: perl's IV (or UV), or an NV once it outgrows 64 bits."""
    return number if -(2**63) <= number < 2**64 else float(number)


def _fits(number: int) -> int:
    if number.bit_length() > MAX_STRING * 3:  # some 30 million digits
        raise OutOfMemory
    return number


def native(op: str, a: int | float, b: int | float) -> int | float:
    """Arithmetic on perl's own numbers (64-bit integers and doubles)."""
    if op in "+-*" and isinstance(a, int) and isinstance(b, int):
        return iv(a + b if op == "+" else a - b if op == "-" else a * b)
    if op == "%":
        return int(a) % int(b)
    if op == "**":
        return _pow(a, b)
    if op == "/":
        return a / b
    return a + b if op == "+" else a - b if op == "-" else a * b


def _pow(a: int | float, b: int | float) -> int | float:
    """perl's pow: exact while an integer result fits a double's 53 bits."""
    if isinstance(a, int) and isinstance(b, int) and b >= 0 and abs(a).bit_length() * b <= 53:
        return a**b
    try:
        return math.pow(a, b)
    except OverflowError:
        return math.inf
    except ValueError:
        return math.nan


def big(op: str, a: Number, b: Number, mode: str) -> Number:
    """Arithmetic under bigint (integers, division floored), bignum (integers exact,
    quotients to 40 digits) or bigrat (fractions); a ValueError where this perl does not
    follow (bignum's floating point, infinities)."""
    if isinstance(a, Decimal | float) or isinstance(b, Decimal | float):
        raise ValueError("floating point")
    if op == "**":
        return _big_power(a, b, mode)
    if op in "/%" and b == 0:
        raise ValueError("inf or NaN")  # Math::BigInt's answers
    if op == "/" and mode == "bigint":
        return a // b
    if op == "/" and mode == "bignum":
        return _quotient(int(a), int(b))
    if op == "/":
        return _whole(Fraction(a) / Fraction(b))
    if op == "%" and mode == "bigrat":
        raise ValueError("a fraction's modulus")
    if op == "%":
        return a % b
    return _whole(a + b if op == "+" else a - b if op == "-" else a * b)


def _big_power(a: int | Fraction, b: int | Fraction, mode: str) -> Number:
    if not isinstance(b, int) or (b < 0 and mode != "bigrat") or (a == 0 and b < 0):
        raise ValueError("a root or a fraction")
    size = max(Fraction(a).numerator.bit_length(), Fraction(a).denominator.bit_length())
    if a not in (0, 1, -1) and abs(b) * size > MAX_STRING * 3:
        raise OutOfMemory
    return _whole(Fraction(a) ** b if mode == "bigrat" else a**b)


def _quotient(a: int, b: int) -> int | Decimal:
    """bignum's a / b: to Math::BigFloat's 40 significant digits, trailing zeros dropped."""
    if a % b == 0:
        return a // b
    with localcontext() as context:
        context.prec = 40
        return (Decimal(a) / Decimal(b)).normalize()


def _whole(number: Number) -> Number:
    if isinstance(number, Fraction) and number.denominator == 1:
        return number.numerator
    if isinstance(number, int):
        return _fits(number)
    return number


# -- pi ------------------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def pi(digits: int) -> str:
    """pi to `digits` significant digits, correctly rounded, as Math::BigFloat's bpi gives
    it: Chudnovsky's series, summed by binary splitting in integers."""
    guard = 20  # pi's runs of 9s and 0s are far shorter: rounding is never in doubt
    scale = digits - 1 + guard  # decimals: the digits wanted after the 3, and the guard's
    terms = scale // 14 + 2  # each term adds some 14 digits
    _, q, t = _chudnovsky(0, terms)
    unit = 10**scale
    root = math.isqrt(10005 * unit * unit)  # sqrt(10005) * 10**scale
    scaled = q * 426880 * root // t  # pi * 10**scale
    drop = 10**guard
    rounded = str(Decimal((scaled + drop // 2) // drop))  # str() of an int stops at 4300 digits
    return rounded[0] + ("." + rounded[1:] if digits > 1 else "")


def _chudnovsky(a: int, b: int) -> tuple[int, int, int]:
    """P, Q and T of the series' terms a..b-1."""
    if b - a == 1:
        if a == 0:
            p = q = 1
        else:
            p = (6 * a - 5) * (2 * a - 1) * (6 * a - 1)
            q = a * a * a * 10939058860032000  # 640320**3 / 24
        t = p * (13591409 + 545140134 * a)
        return p, q, -t if a & 1 else t
    middle = (a + b) // 2
    p1, q1, t1 = _chudnovsky(a, middle)
    p2, q2, t2 = _chudnovsky(middle, b)
    return p1 * p2, q1 * q2, q2 * t1 + p1 * t2


def bpi_ms(digits: int) -> int:
    """How long Math::BigFloat takes for `digits` of pi: quadratic in them."""
    return max(1, BPI_MS_2000 * digits * digits // 2000**2)
