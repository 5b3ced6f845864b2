"""Plain's line-at-a-time wrap breaks lines where the word-at-a-time reference does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qalamoun_cli.render.plain import Plain, wrap, wrap_words

# Printable ASCII words of every width, with runs of spaces anywhere (leading, trailing,
# doubled), and a few pieces that are not printable ASCII, which take the reference's way.
ASCII_PIECES = ["a", "of", "word", "longer-word", "x" * 17, "y" * 40, " ", " ", "  ",
                "     ", "1,429", "(UCDP", "GED)", ";", "-"]
OTHER_PIECES = ["漢字", "e\u0301", "\u00a0", "\t", "—", "–", "Qalamūn", "عرسال", "\u2009",
                "\u200d", "👍\ufe0f", "\u3000", "\x85"]
ascii_texts = st.lists(st.sampled_from(ASCII_PIECES), max_size=30).map("".join)
any_texts = st.lists(st.sampled_from(ASCII_PIECES + OTHER_PIECES), max_size=30).map("".join)
widths = st.integers(0, 60)


@given(text=ascii_texts, width=widths)
def test_ascii_text_breaks_where_the_reference_breaks(text, width):
    assert wrap(text, width) == wrap_words(text, width)


@given(text=any_texts, width=widths)
def test_any_text_breaks_where_the_reference_breaks(text, width):
    assert wrap(text, width) == wrap_words(text, width)


@given(text=ascii_texts, width=st.integers(1, 60))
def test_lines_fit_and_keep_every_word_in_order(text, width):
    lines = wrap(text, width)
    words = text.split()
    # Leading spaces belong to the first word (as in Rich): a word wider than the line is
    # folded instead.
    lead = len(text) - len(text.lstrip())
    if words and lead + len(words[0]) <= width and all(len(w) <= width for w in words):
        assert all(end - start <= width for start, end in lines)
        assert [w for start, end in lines for w in text[start:end].split()] == words
    assert all(not text[start:end].endswith(" ") for start, end in lines)


def test_a_line_breaks_at_the_last_space_that_fits():
    text = "Government of Syria (side A) killed"
    assert [text[a:b] for a, b in wrap(text, 20)] == ["Government of Syria", "(side A) killed"]
    spaced = "  ab   cdef  "
    assert [spaced[a:b] for a, b in wrap(spaced, 5)] == ["  ab", "cdef"]


def placed_lines(plain: Plain, width: int) -> list[tuple[str, int]]:
    """Return the lines Plain.placed draws flush left at WIDTH: the general way."""
    return [(" " * indent + text[start:end], used)
            for indent, used, text, _, start, end in plain.placed(width, None, False)]


cell_lines = st.lists(st.one_of(ascii_texts, any_texts), min_size=1, max_size=4)


@given(lines=cell_lines, width=widths, pad=st.integers(0, 2))
def test_a_cell_s_lines_are_those_placed_draws(lines, width, pad):
    plain = Plain.of("\n".join(lines), pad=pad)
    assert plain.text_lines(width) == placed_lines(plain, width)
    filled = plain.filled(width)
    if filled is not None:
        assert filled == [line + " " * (width - used)
                          for line, used in placed_lines(plain, width)]


words = st.lists(st.sampled_from(["a", "of", "word", "(UCDP", "GED);", "1,429", "x" * 12, "–",
                                  "Qalamūn", "عرسال"]),
                 min_size=1, max_size=12)
prose = st.lists(st.tuples(words, st.sampled_from([" ", "  "])).map(lambda w: w[1].join(w[0])),
                 min_size=1, max_size=4)


@given(lines=prose, width=st.integers(14, 40), pad=st.integers(0, 1))
def test_prose_is_filled_in_one_pass_as_placed_draws_it(lines, width, pad):
    plain = Plain.of("\n".join(lines), pad=pad)
    filled = plain.filled(width)
    assert filled == [line + " " * (width - used) for line, used in placed_lines(plain, width)]
