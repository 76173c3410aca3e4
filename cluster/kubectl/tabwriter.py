"""Go's text/tabwriter, as kubectl's describers use it: cells end with a tab, a column's
width is set per block of consecutive lines that have a cell in it, and the last cell of a
line belongs to no column."""

from __future__ import annotations


def format_cells(text: str, minwidth: int = 0, padding: int = 2) -> str:
    """Align `text` as tabwriter.NewWriter(out, minwidth, 8, padding, ' ', 0) would."""
    lines = [line.split("\t") for line in text.split("\n")]
    out: list[str] = []
    _format(lines, 0, len(lines), [], minwidth, padding, out)
    return "\n".join(out)


def _format(
    lines: list[list[str]],
    start: int,
    end: int,
    widths: list[int],
    minwidth: int,
    padding: int,
    out: list[str],
) -> None:
    column = len(widths)
    this = start
    while this < end:
        if column >= len(lines[this]) - 1:
            this += 1
            continue
        _write(lines, start, this, widths, out)
        start = this
        width = minwidth
        while this < end and column < len(lines[this]) - 1:
            width = max(width, len(lines[this][column]) + padding)
            this += 1
        _format(lines, start, this, [*widths, width], minwidth, padding, out)
        start = this
    _write(lines, start, end, widths, out)


def _write(lines: list[list[str]], start: int, end: int, widths: list[int], out: list[str]) -> None:
    for line in lines[start:end]:
        cells = [cell.ljust(widths[j]) if j < len(widths) else cell for j, cell in enumerate(line)]
        out.append("".join(cells))
