"""The terminal side of an exec session with a TTY: what a pseudo-terminal's line discipline
does with the keys a raw-mode kubectl sends (echo, erase, ^C, ^D, Enter), and how a shell's
output looks through it (newlines as CR LF).

Without a TTY, stdin is plain text: lines end at newlines and nothing is echoed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERASE = ("\x7f", "\b")
INTERRUPT = "\x03"
END_OF_FILE = "\x04"
KILL_LINE = "\x15"
ESCAPE = "\x1b"


@dataclass(frozen=True, slots=True)
class Event:
    kind: str  # "line", "interrupt" or "eof"
    text: str = ""


@dataclass
class LineDiscipline:
    """Collects a line from keystrokes, echoing as a pseudo-terminal in cooked mode does."""

    tty: bool
    line: str = ""
    _escape: str = field(default="", repr=False)  # an escape sequence being skipped (arrows)

    def feed(self, data: str) -> tuple[str, list[Event]]:
        """The echo to write back, and what the keys meant."""
        if not self.tty:
            return "", self._plain(data)
        echo: list[str] = []
        events: list[Event] = []
        for char in data:
            if self._escape or char == ESCAPE:
                self._skip_escape(char)
            elif char in "\r\n":
                echo.append("\r\n")
                events.append(Event("line", self.line))
                self.line = ""
            elif char in ERASE:
                if self.line:
                    self.line = self.line[:-1]
                    echo.append("\b \b")
            elif char == KILL_LINE:
                echo.append("\b \b" * len(self.line))
                self.line = ""
            elif char == INTERRUPT:
                echo.append("^C\r\n")
                events.append(Event("interrupt"))
                self.line = ""
            elif char == END_OF_FILE:
                if not self.line:
                    events.append(Event("eof"))
            elif char >= " ":
                self.line += char
                echo.append(char)
        return "".join(echo), events

    def close(self) -> list[Event]:
        """stdin ended: what was typed without a newline is a last line, then end of file."""
        rest = [Event("line", self.line)] if self.line else []
        self.line = ""
        return [*rest, Event("eof")]

    def _plain(self, data: str) -> list[Event]:
        self.line += data
        *lines, self.line = self.line.split("\n")
        return [Event("line", line) for line in lines]

    def _skip_escape(self, char: str) -> None:
        """ESC [ ... final byte: cursor keys and the like, which this terminal ignores."""
        self._escape += char
        finished = len(self._escape) > 2 and "@" <= char <= "~"
        if finished or (len(self._escape) == 2 and char != "["):
            self._escape = ""


def output(text: str, tty: bool) -> str:
    """What the terminal shows for a program's output: LF becomes CR LF on a TTY (what is
    CR LF already stays so)."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n") if tty else text
