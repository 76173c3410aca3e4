"""perl, as the official image runs it: its numbers and Math::BigFloat's pi, its command
line, and the small language of the examples learners run."""

from decimal import Decimal, localcontext
from fractions import Fraction

import pytest

from cluster.engine.node import perl_numbers


def gauss_legendre_pi(digits: int) -> str:
    """pi to `digits` significant digits, by another road than the engine's (Gauss and
    Legendre's iteration in decimal floating point, with guard digits)."""
    with localcontext() as context:
        context.prec = digits + 30
        a, b, t, p = Decimal(1), 1 / Decimal(2).sqrt(), Decimal(1) / 4, Decimal(1)
        for _ in range(15):  # each round doubles the digits that are right
            a, b, t, p = (a + b) / 2, (a * b).sqrt(), t - p * ((a - b) / 2) ** 2, 2 * p
        exact = (a + b) ** 2 / (4 * t)
        context.prec = digits
        return str(+exact)


PI_2000 = gauss_legendre_pi(2000)


def test_the_reference_pi_starts_as_pi_does():
    assert PI_2000.startswith("3.14159265358979323846264338327950288419716939937510")


@pytest.mark.parametrize("digits", [1, 2, 3, 5, 40, 762, 1000, 2000])
def test_pi_has_as_many_significant_digits_as_asked_correctly_rounded(digits):
    # 762 digits end in the six 9s of the Feynman point: rounded up, they carry
    assert perl_numbers.pi(digits) == gauss_legendre_pi(digits)


def test_pi_beyond_what_python_prints_of_an_integer():
    assert perl_numbers.pi(5000) == gauss_legendre_pi(5000)


def test_pi_takes_perl_about_a_second_and_a_half_for_2000_digits():
    assert perl_numbers.bpi_ms(2000) == 1500
    assert perl_numbers.bpi_ms(40) == 1
    assert perl_numbers.bpi_ms(4000) == 6000  # quadratic in the digits


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (3, "3"),
        (0.75, "0.75"),
        (0.1 + 0.2, "0.3"),  # %.15g
        (1 / 3, "0.333333333333333"),
        (2.0**100, "1.26765060022823e+30"),
        (1e21, "1e+21"),
        (float("inf"), "Inf"),
        (float("nan"), "NaN"),
        (None, ""),
        (Decimal("3.1416"), "3.1416"),
    ],
)
def test_numbers_print_as_perl_prints_them(value, printed):
    assert perl_numbers.to_string(value) == printed


@pytest.mark.parametrize(
    ("text", "number", "whole"),
    [("42", 42, True), (" 3.5\n", 3.5, True), ("3abc", 3, False), ("abc", 0, False)],
)
def test_strings_read_as_numbers_from_their_start(text, number, whole):
    assert perl_numbers.numeric(text) == (number, whole)


@pytest.mark.parametrize(
    ("op", "a", "b", "mode", "result"),
    [
        ("**", 2, 100, "bignum", 2**100),
        ("/", 1, 3, "bignum", Decimal("0.3333333333333333333333333333333333333333")),
        ("/", 6, 3, "bignum", 2),
        ("/", -7, 2, "bigint", -4),  # floored, as Math::BigInt divides
        ("/", 1, 3, "bigrat", Fraction(1, 3)),
    ],
)
def test_big_number_arithmetic(op, a, b, mode, result):
    assert perl_numbers.big(op, a, b, mode) == result


def test_perls_own_integers_become_doubles_past_64_bits():
    assert perl_numbers.native("*", 2**62, 4) == float(2**64)
    assert perl_numbers.native("**", 2, 10) == 1024
    assert perl_numbers.to_string(perl_numbers.native("**", 2, 62)) == "4.61168601842739e+18"
