"""The resume words: as many as the docstring says, each once, each plain letters that a code
typed loosely (survey.store.drafts.normalise) gives back exactly."""
from __future__ import annotations

from survey.store.drafts import normalise
from survey.store.resume_words import CODE_WORDS, WORDS


def test_the_list_has_256_words_with_no_duplicates_and_codes_number_2_to_the_40():
    assert len(WORDS) == 256 and len(set(WORDS)) == 256
    assert CODE_WORDS == 5 and len(WORDS) ** CODE_WORDS == 2 ** 40


def test_every_word_is_lower_case_letters_that_survive_normalising():
    for word in WORDS:
        assert word.isascii() and word.isalpha() and word.islower(), word
        assert normalise(word.upper()) == word


def test_no_word_is_another_with_an_s_added():
    assert not [w for w in WORDS if w.endswith("s") and w[:-1] in WORDS]
