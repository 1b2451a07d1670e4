"""A definition's `translations:` block written anew with everything else in the file kept as
it was, comments included, wherever the block sits and however it was written."""
from __future__ import annotations

import pytest

from definition.test_texts import TWO_BANDS, WELSH
from exports.translation_block import block, spliced, with_translation
from survey.definition import load_text
from survey.definition.model import Translation

HEAD = "# Written by hand.\n" + TWO_BANDS.replace("breakdown: who\n", "breakdown: who  # by who\n")
TAIL = "# A comment after the block, about what follows.\nlanguage: en   # kept\n"


@pytest.fixture
def welsh() -> Translation:
    return load_text(TWO_BANDS + WELSH).translation("cy")


@pytest.mark.parametrize("old", [
    WELSH,                                   # a full block
    "translations:\n",                       # an empty one
    "translations: {}\n",                    # written in flow style
    "translations:\n  cy:\n    title: |\n      Dy\n      gartref\n\n",   # a block scalar last
])
def test_the_block_is_replaced_in_place_and_the_rest_kept(welsh, old):
    text = HEAD + old + TAIL
    english = load_text(TWO_BANDS)
    written = spliced(text, with_translation(english, welsh))
    assert written == HEAD + block(with_translation(english, welsh)) + TAIL
    assert load_text(written).translation("cy") == welsh


def test_a_file_without_the_block_gets_it_at_the_end(welsh):
    english = load_text(HEAD)
    written = spliced(HEAD.rstrip("\n"), with_translation(english, welsh))
    assert written.startswith(HEAD) and written[len(HEAD):].startswith("translations:\n  cy:\n")
    assert load_text(written).translation("cy") == welsh


def test_the_texts_are_written_in_page_order_whatever_order_they_came_in(welsh):
    shuffled = Translation("cy", dict(reversed(list(welsh.texts.items()))), welsh.needs_review)
    english = load_text(TWO_BANDS)
    written = block(with_translation(english, shuffled))
    assert written.index("title: Dy gartref") < written.index("questions:") < written.index("versions:")
