"""The safeguarding words are matched on what a person sees (survey.store.safeguarding_match): invisible
characters, look-alike letters from other alphabets, full-width and styled letters, separators
between letters and phrases written together all read as the listed word, and ordinary words
that merely contain a listed word's letters are still left alone."""
from __future__ import annotations

import unicodedata

import pytest
from conftest import trafford_answers

from survey.store.flags import DEFAULT_WORDS, compile_words, matches, read_words
from survey.store.review import waiting
from survey.store.safeguarding_match import DROPPED, PLANES, close_up, fold

ZWSP, ZWNJ, ZWJ, WJ, BOM = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"
SHY, LRM, RLM = "\u00ad", "\u200e", "\u200f"

# (what a young person might type, the list's word an officer is shown)
DISGUISED = [
    # the issue's own examples
    (f"kill my{ZWSP}self", "kill myself"),
    (f"sui{SHY}cide", "suicide"),
    (f"hit{ZWJ} me", "hit me"),
    ("ｓｕｉｃｉｄｅ", "suicide"),
    ("\u0455uicide", "suicide"),                              # Cyrillic dze
    ("s.u.i.c.i.d.e", "suicide"),
    ("kill_myself", "kill myself"),
    ("selfharm", "self harm"),
    # format characters (Unicode category Cf)
    (f"I want to k{ZWSP}i{ZWSP}l{ZWSP}l my{ZWNJ}self", "kill myself"),
    (f"he says it is not ab{WJ}use", "abuse"),
    (f"{BOM}rape", "rape"),
    (f"I feel un{LRM}safe", "unsafe"),
    (f"{RLM}suicide{RLM}", "suicide"),
    (f"they do h{SHY}arm to me", "harm"),
    (f"ex{SHY}ploited", "exploited"),
    (f"beats{ZWSP}me", "beats me"),
    (f"touched{ZWSP}me", "touched me"),
    (f"I  feel  un{ZWSP}safe at home", "unsafe"),
    # full-width, styled and enclosed letters (NFKC)
    ("Ｋｉｌｌ\u3000ｍｙｓｅｌｆ", "kill myself"),
    ("He ｈｉｔｓ me", "hits me"),
    ("\U0001d42c\U0001d42e\U0001d422\U0001d41c\U0001d422\U0001d41d\U0001d41e", "suicide"),
    ("ⓢⓤⓘⓒⓘⓓⓔ", "suicide"),
    ("locked\u00a0in", "locked in"),                          # no-break space
    ("no\u2003food", "no food"),                              # em space
    # look-alike letters from Cyrillic and Greek
    ("\u0430bus\u0435", "abuse"),                            # Cyrillic a, e
    ("\u043everdose", "overdose"),                           # Cyrillic o
    ("r\u0430pe", "rape"),
    ("\u03b1buse", "abuse"),                                 # Greek alpha
    ("we\u0430\u0440\u043en", "weapon"),                     # Cyrillic a, er, o
    ("g\u0430ng", "gang"),
    ("kn\u0456fe", "knife"),                                 # Ukrainian i
    ("\u04bbomeless", "homeless"),                           # Cyrillic shha
    ("su\u03b9c\u03b9de", "suicide"),                        # Greek iota
    ("fr\u0456ghtened", "frightened"),
    ("\u039fVERDOSE", "overdose"),                           # Greek capital omicron
    ("\u0455tarving", "starving"),
    # accents and marks drawn over letters
    ("s\u0301uicide", "suicide"),
    ("s\u0337u\u0337i\u0337c\u0337i\u0337d\u0337e\u0337", "suicide"),
    # separators between letters and words
    ("s u i c i d e", "suicide"),
    ("S U I C I D E", "suicide"),
    ("s-u-i-c-i-d-e", "suicide"),
    ("s*u*i*c*i*d*e", "suicide"),
    ("r a p e", "rape"),
    ("R.A.P.E", "rape"),
    ("a.b.u.s.e.d", "abused"),
    ("g r o o m e d", "groomed"),
    ("k-i-l-l m-y-s-e-l-f", "kill myself"),
    ("self_harm", "self harm"),
    ("self.harm", "self harm"),
    ("county_lines", "county lines"),
    ("end_my_life", "end my life"),
    # phrases written together
    ("killmyself", "kill myself"),
    ("endmylife", "end my life"),
    ("I wanttodie", "want to die"),
    ("dontfeelsafe", "don't feel safe"),
    ("hitme", "hit me"),
    ("countylines", "county lines"),
    ("nofood", "no food"),
    ("I just want to runaway", "run away"),
    # case and the curly apostrophe
    ("SuIcIdE", "suicide"),
    ("KILL MYSELF", "kill myself"),
    ("I don\u2019t feel safe", "don't feel safe"),
    ("KiLl_MySeLf", "kill myself"),
    # several at once, inside a sentence
    (f"sometimes I think about k{ZWSP}\u0456{SHY}ll my.self tbh", "kill myself"),
    (f"ＳＵＩ{ZWSP}\u0421IDE", "suicide"),                    # Cyrillic capital es
    (f"my step dad h\u0456ts{ZWJ}_me when he is drunk", "hits me"),
    (f"S.E.L.F{SHY}H\u0410RM!!", "self harm"),               # Cyrillic capital a
]

# Ordinary words and sentences that hold a listed word's letters but are not it.
ORDINARY = [
    "skill", "Scunthorpe", "therapist", "assassin", "grape", "cocktail", "class", "hitherto",
    "white", "shitake", "harmless", "pharmacy", "harmony", "charming", "grapefruit", "drapes",
    "rapeseed", "selfie", "gangway", "penknives",
    "We beat Meadowbank 3-0 on Saturday",
    "My therapist is kind and the class is fun",
    "I want more help with college applications.",
    "I feel safe at home and at school",
    "Killer whales are my favourite animal",
    "We went to Scunthorpe to see the assassin film",
    "Grape juice and cocktail sausages at the party",
    "Hitherto, my white trainers were clean",
    "Shiitake mushrooms and pharmacy queues",
    "I got an A, a B and a C in my tests",
    "The U.S.A. is far away",
    "e.g. art club, i.e. on Fridays",
    "Plan A and plan B",
    "I did it myself and I am proud",
    "We run a club on Tuesdays",
    "I hit the books before exams",
    "Привет, как дела?",
    "Ελληνικά μαθήματα",
    "Zoë's café was naïve but nice",
    "résumé",
    "My social worker listens to me",
    "I want a self-contained flat when I leave care",
    "Overdue library books",
]


@pytest.fixture(scope="module")
def shipped():
    return compile_words(read_words(DEFAULT_WORDS.read_text(encoding="utf-8")))


@pytest.mark.parametrize("text, word", DISGUISED, ids=[ascii(t) for t, _ in DISGUISED])
def test_a_disguised_listed_word_is_flagged_as_the_lists_word(shipped, text, word):
    assert matches(shipped, text) == [word]


@pytest.mark.parametrize("text", ORDINARY, ids=[ascii(t) for t in ORDINARY])
def test_an_ordinary_word_holding_a_listed_words_letters_is_not_flagged(shipped, text):
    assert matches(shipped, text) == []


def test_the_corpora_are_as_large_as_the_issue_asks():
    assert len(DISGUISED) >= 50 and len(ORDINARY) >= 30
    assert {word for _, word in DISGUISED} <= set(read_words(DEFAULT_WORDS.read_text("utf-8")))


def test_a_list_word_written_with_look_alike_letters_matches_the_plain_word():
    """The list is folded the same way as the text, so a council's own list may hold any form."""
    assert matches(compile_words(["\u0455uicide", "kill my\u200bself"]),
                   "suicide, and kill myself") == ["\u0455uicide", "kill my\u200bself"]


def test_a_young_persons_disguised_comment_waits_in_the_review_queue_as_written(
        submit, db, staff_client):
    comment = f"sometimes I want to kill my{ZWSP}self"
    assert submit(trafford_answers(q3=comment)).status_code == 302
    [flag] = waiting(db)
    assert (flag.question_id, flag.matched, flag.text) == ("q3", "kill myself", comment)
    page = staff_client.get("/staff/safeguarding")
    assert comment in page.text and "kill myself" in page.text


def test_each_letter_outside_ascii_has_at_most_one_ascii_look_alike_in_the_table():
    """safeguarding_match maps a letter to its one ASCII look-alike: the package's table must
    never offer two (its look-alikes are kept in both directions)."""
    from confusable_homoglyphs.utils import load
    for char, homoglyphs in load("confusables.json").items():
        if len(char) == 1 and not char.isascii():
            assert len([h for h in homoglyphs if h["c"].isascii()]) <= 1, char


def test_every_format_character_and_mark_is_in_the_planes_the_table_covers():
    outside = [hex(code) for code in range(0x110000)
               if unicodedata.category(chr(code)) in DROPPED
               and not any(code in plane for plane in PLANES)]
    assert outside == []


def test_folding_and_closing_up_give_the_word_a_reader_takes_in():
    assert fold("Kill My Self") == "kill my self"
    assert fold(f"ＳＵＩ{ZWSP}\u0421IDE") == "suicide"
    assert close_up("i feel s u i c i d a l today") == "i feel suicidal today"
    assert close_up("plan a and plan b") == "plan a and plan b"
