"""Field errors' pieces: values quoted as Go's strconv.Quote quotes them."""

import pytest

from cluster.engine.api.field import go_quote


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("web", '"web"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("a\\b", '"a\\\\b"'),
        ("é", '"é"'),
        ("tab\there\n", '"tab\\there\\n"'),
        ("bell\a", '"bell\\a"'),
        ("esc\x1b", '"esc\\x1b"'),
        ("del\x7f", '"del\\x7f"'),
        ("next\u0085line", '"next\\u0085line"'),
    ],
)
def test_strings_are_quoted_as_go_quotes_them(text, quoted):
    assert go_quote(text) == quoted
