"""perl, as the official image runs it: its numbers and Math::BigFloat's pi, its command
line, and the small language of the examples learners run."""

from decimal import Decimal, localcontext
from fractions import Fraction

import pytest

from cluster.engine.node import perl, perl_numbers


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


# -- perl, run ---------------------------------------------------------------------------------

BUILD = perl.Build("5.34.3")


def run(*argv: str, stdin: str = "", files: dict[str, str] | None = None) -> perl.Outcome:
    return perl.run(["perl", *argv], BUILD, (files or {}).get, stdin)


def streams(outcome: perl.Outcome) -> tuple[str, str, int]:
    """What the run wrote on stdout and on stderr, and its exit code."""
    written = {"stdout": "", "stderr": ""}
    for _, stream, text in outcome.writes:
        written[stream] += text
    return written["stdout"], written["stderr"], outcome.exit_code


def test_the_docs_job_prints_pi_to_2000_digits_in_a_second_and_a_half():
    outcome = run("-Mbignum=bpi", "-wle", "print bpi(2000)")
    assert streams(outcome) == (PI_2000 + "\n", "", 0)
    assert outcome.exit_ms == 1540  # bignum's modules load, then 1.5 s of arithmetic
    assert outcome.busy


@pytest.mark.parametrize(
    "argv",
    [
        ["-Mbignum=bpi", "-wle", "print bpi(2000)"],
        ["-Mbignum=bpi", "-w", "-l", "-e", "print bpi(2000)"],
        ["-Mbignum=bpi", "-lweprint bpi(2000)"],
        ["-MMath::BigFloat=bpi", "-le", "print bpi(2000)"],
        ["-le", "use bignum qw(bpi); print bpi(2000)"],
        ["-e", "use feature qw(:5.10); use bignum qw( bpi PI ); say bpi(2000)"],
    ],
)
def test_switches_bundled_or_apart_and_code_glued_to_e(argv):
    assert streams(run(*argv))[0] == PI_2000 + "\n"


@pytest.mark.parametrize(
    ("argv", "stdout"),
    [
        (["-e", 'print "hello\\n"'], "hello\n"),
        (["-e", "print 'no\\n escapes'"], "no\\n escapes"),
        (["-le", 'print "a", "b"; print "c"'], "ab\nc\n"),  # -l: each print ends a line
        (["-l", "-e", "print 1;", "-e", "print 2"], "1\n2\n"),  # -e lines make one program
        (["-e", 'print "tab\\there"'], "tab\there"),
        (["-le", "print 42, ' ', 3.50, ' ', 1_000"], "42 3.5 1000\n"),
        (["-le", "print 1 + 2 * 3, ' ', 2 ** 10, ' ', 10 / 4, ' ', 7 % 3"], "7 1024 2.5 1\n"),
        (["-le", 'print "ab" x 3 . "!"'], "ababab!\n"),
        (["-le", "print 0x1f, ' ', 0755, ' ', 1e3"], "31 493 1000\n"),
        (["-E", 'say "hi"'], "hi\n"),
        (["-le", 'print "@ARGV"', "a", "b"], "a b\n"),
        (["-Mbignum", "-le", "print 2 ** 100"], "1267650600228229401496703205376\n"),
        (["-le", "print 2 ** 100"], "1.26765060022823e+30\n"),
        (["-Mbignum=bpi", "-le", "print bpi(5)"], "3.1416\n"),
        (["-e", "print 1; # a comment"], "1"),
        (["-de0"], ""),  # the image's own command: the program `0`
    ],
)
def test_print_strings_and_numbers(argv, stdout):
    assert streams(run(*argv)) == (stdout, "", 0)


def test_bpi_is_undefined_unless_bignum_exports_it():
    undefined = ("", "Undefined subroutine &main::bpi called at -e line 1.\n", 255)
    assert streams(run("-wle", "print bpi(2000)")) == undefined
    assert streams(run("-Mbignum", "-wle", "print bpi(2000)")) == undefined


def test_perl_v_says_which_perl_it_is():
    assert streams(run("-v")) == (
        "\nThis is perl 5, version 34, subversion 3 (v5.34.3) built for x86_64-linux-gnu\n"
        "\nCopyright 1987-2023, Larry Wall\n"
        "\nPerl may be copied only under the terms of either the Artistic License or the\n"
        "GNU General Public License, which may be found in the Perl 5 source kit.\n"
        "\nComplete documentation for Perl, including FAQ lists, should be found on\n"
        'this system using "man perl" or "perldoc perl".  If you have access to the\n'
        "Internet, point your browser at http://www.perl.org/, the Perl Home Page.\n\n",
        "",
        0,
    )
    newest = perl.Build("5.42.1", "x86_64-linux-gnu-thread-multi")
    banner = perl.run(["perl", "-wle", "print 1", "-v"], newest, {}.get, "").writes[0][2]
    assert banner.startswith(
        "\nThis is perl 5, version 42, subversion 1 (v5.42.1) built for "
        "x86_64-linux-gnu-thread-multi\n\nCopyright 1987-2026, Larry Wall\n"
    )
    assert "https://www.perl.org/" in banner


@pytest.mark.parametrize(
    ("argv", "stderr", "code"),
    [
        (
            ["-e", 'print "a" "b"'],
            'syntax error at -e line 1, near ""a" "b""\n'
            "Execution of -e aborted due to compilation errors.\n",
            255,
        ),
        (
            ["-e", 'say "hi"'],  # say needs -E (or use v5.10)
            'syntax error at -e line 1, near "say "hi""\n'
            "Execution of -e aborted due to compilation errors.\n",
            255,
        ),
        (
            ["-e", "print 1 +"],
            "syntax error at -e line 1, at EOF\nExecution of -e aborted due to compilation errors.\n",
            255,
        ),
        (
            ["-e", 'print "open'],
            "Can't find string terminator '\"' anywhere before EOF at -e line 1.\n",
            255,
        ),
        (["-le", "print 1/0"], "Illegal division by zero at -e line 1.\n", 255),
        (["-e", 'die "no way\\n"'], "no way\n", 255),
        (["-e", 'die "no way"'], "no way at -e line 1.\n", 255),
        (["-e", "exit 3"], "", 3),
        (["-q"], "Unrecognized switch: -q  (-h will show valid options).\n", 255),
        (["-e"], "No code specified for -e.\n", 255),
        (["missing.pl"], 'Can\'t open perl script "missing.pl": No such file or directory\n', 2),
        (
            ["-Mstrict", "-e", 'print "$x"'],
            'Global symbol "$x" requires explicit package name (did you forget to declare '
            '"my $x"?) at -e line 1.\nExecution of -e aborted due to compilation errors.\n',
            255,
        ),
        (
            ["-e", "use v5.36; print 1"],
            "Perl v5.36.0 required--this is only v5.34.3, stopped at -e line 1.\n"
            "BEGIN failed--compilation aborted at -e line 1.\n",
            255,
        ),
    ],
)
def test_what_perl_says_when_it_cannot(argv, stderr, code):
    assert streams(run(*argv)) == ("", stderr, code)


def test_a_module_the_image_has_not():
    inc = (
        "/usr/local/lib/perl5/site_perl/5.34.3/x86_64-linux-gnu /usr/local/lib/perl5/site_perl"
        "/5.34.3 /usr/local/lib/perl5/vendor_perl/5.34.3/x86_64-linux-gnu /usr/local/lib/perl5"
        "/vendor_perl/5.34.3 /usr/local/lib/perl5/5.34.3/x86_64-linux-gnu /usr/local/lib/perl5"
        "/5.34.3"
    )
    assert streams(run("-MAcme::Nope", "-e1")) == (
        "",
        "Can't locate Acme/Nope.pm in @INC (you may need to install the Acme::Nope module) "
        f"(@INC contains: {inc}).\nBEGIN failed--compilation aborted.\n",
        2,
    )
    assert streams(run("-e", "use Acme::Nope;"))[1].endswith(
        f"(@INC contains: {inc}) at -e line 1.\nBEGIN failed--compilation aborted at -e line 1.\n"
    )


def test_what_this_perl_does_not_run_is_refused_before_anything_runs():
    assert streams(run("-le", 'print "first"; print length("abc")')) == (
        "",
        'syntax error at -e line 1, near "print length"\n'
        "Execution of -e aborted due to compilation errors.\n",
        255,
    )
    # Math::BigFloat's arithmetic on pi: refused though bpi has already been computed
    assert streams(run("-Mbignum=bpi", "-le", "print 1; print bpi(10) * 2"))[0] == ""


def test_warnings_under_w():
    assert streams(run("-we", 'print "a $x b\\n"')) == (
        "a  b\n",
        'Name "main::x" used only once: possible typo at -e line 1.\n'
        "Use of uninitialized value $x in concatenation (.) or string at -e line 1.\n",
        0,
    )
    assert streams(run("-wle", 'print "3 apples" + 2')) == (
        "5\n",
        'Argument "3 apples" isn\'t numeric in addition (+) at -e line 1.\n',
        0,
    )
    assert streams(run("-le", 'print "3 apples" + 2'))[1] == ""  # without -w, silence


def test_with_no_program_perl_reads_one_from_stdin():
    assert run() == perl.Outcome()  # nothing on stdin: nothing to run
    assert streams(run(stdin='print "piped\\n"')) == ("piped\n", "", 0)
    assert streams(run("-", stdin="print 1 2")) == (
        "",
        'syntax error at - line 1, near "1 2"\nExecution of - aborted due to compilation errors.\n',
        255,
    )


def test_a_program_file_and_its_shebang_switches():
    files = {"hello.pl": '#!/usr/bin/perl -wl\nprint "hello from $0: @ARGV";\n'}
    assert streams(run("hello.pl", "a", "b", files=files)) == ("hello from hello.pl: a b\n", "", 0)


def test_n_and_p_loop_over_the_lines_of_input():
    assert streams(run("-ne", 'print "> $_"', stdin="a\nb\n"))[0] == "> a\n> b\n"
    assert streams(run("-lpe", "", stdin="a\nb"))[0] == "a\nb\n"
    assert streams(run("-ne", 'die "bad"', stdin="a\n"))[1] == "bad at -e line 1, <> line 1.\n"


def test_c_checks_the_program_without_running_it():
    assert streams(run("-c", "-e", 'print "x"')) == ("", "-e syntax OK\n", 0)


def test_stdout_comes_when_perl_exits_stderr_as_it_writes():
    outcome = run("-e", 'print "a\\n"; warn "slow\\n"; sleep 2; print STDERR "b\\n"; print "c\\n"')
    assert outcome.writes == (
        (0, "stderr", "slow\n"),
        (2000, "stderr", "b\n"),
        (2000, "stdout", "a\nc\n"),  # perl buffers what goes to a pipe
    )
    assert (outcome.exit_ms, outcome.busy) == (2000, False)


def test_runs_that_never_end():
    assert run("-e", "sleep").exit_ms is None
    endless = run("-Mbignum=bpi", "-le", "print bpi(1000000)")  # days of perl
    assert (endless.exit_ms, endless.busy, endless.writes) == (None, True, ())


@pytest.mark.parametrize(
    "code",
    [
        "print " + "-" * 5000 + "1",
        "print " + "(" * 5000 + "1" + ")" * 5000,
        "print " + "1+" * 5000 + "1",
        "print " + "2**" * 5000 + "1",
    ],
)
def test_expressions_deeper_than_any_one_liner_are_refused(code):
    assert streams(run("-le", code))[1].startswith("syntax error at -e line 1, near ")


@pytest.mark.parametrize(
    ("code", "stderr"),
    [
        ("print 0b__", 'No digits found for binary literal at -e line 1, near "0b__"\n'),
        ("use .1e400", 'syntax error at -e line 1, near "use .1e400"\n'),
    ],
)
def test_odd_literals(code, stderr):
    assert streams(run("-e", code))[1].startswith(stderr)
