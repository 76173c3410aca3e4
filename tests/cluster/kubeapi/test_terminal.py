"""The exec session's terminal: echo, erase, ^C and ^D as a pseudo-terminal does them."""

from cluster.kubeapi import terminal
from cluster.kubeapi.terminal import Event


def test_keys_are_echoed_and_enter_ends_the_line():
    line = terminal.LineDiscipline(tty=True)
    assert line.feed("ls -x\x7f\x7fl\r") == ("ls -x\b \b\b \bl\r\n", [Event("line", "ls l")])


def test_interrupt_end_of_file_and_arrow_keys():
    line = terminal.LineDiscipline(tty=True)
    assert line.feed("abc\x03") == ("abc^C\r\n", [Event("interrupt")])
    assert line.feed("\x1b[Ax\x04") == ("x", [])  # ^D only ends an empty line
    assert line.feed("\x15\x04") == ("\b \b", [Event("eof")])


def test_without_a_tty_lines_end_at_newlines_and_nothing_echoes():
    line = terminal.LineDiscipline(tty=False)
    assert line.feed("echo a\necho") == ("", [Event("line", "echo a")])
    assert line.close() == [Event("line", "echo"), Event("eof")]


def test_output_on_a_tty_ends_lines_with_cr_lf():
    assert terminal.output("a\nb\r\n", tty=True) == "a\r\nb\r\n"
    assert terminal.output("a\n", tty=False) == "a\n"
