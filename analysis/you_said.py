""""You said" in plain words, from the published figures only: "7 in 10 of you said ‘Very well’
or ‘Quite’ to ‘Staying in the same placement’".

Pure functions: a published summary (analysis.disclosure.publish) in, a sentence out. A team
summary is refused (ValueError), so a figure the disclosure rules hide can never reach these
words; where the published summary holds no figure (too few took part, too few answered, a
breakdown group hidden) the sentence is empty and `why` says why, in the officer's words.

How a share is said (`share`), from whole numbers, so no rounding of a percentage creeps in:
  none                          "None of you"
  all                           "All of you"
  otherwise, to the nearest tenth (half a tenth rounds up: 13 of 20 is 6.5 tenths, "7 in 10"):
    0 tenths (under 5%)         "Fewer than 1 in 10 of you"
    10 tenths (95% or more)     "Nearly all of you"
    5 tenths                    "Half of you"
    k tenths                    "k in 10 of you"
  with "About" in front when the share is not exactly k tenths (14 of 20 is exactly "7 in 10";
  13 of 20 is "About 7 in 10"). Tenths, not quarters or thirds: one way of saying it that a
  nine-year-old can compare from one sentence to the next.
"""
from __future__ import annotations

from dataclasses import dataclass

from .readability import long_words, read
from .summary import ConsultationSummary

TOO_FEW = ("Fewer than {threshold} people took part, so no figures can be shown yet: write "
           "what they said in your own words.")
HIDDEN = ("Fewer than {threshold} people answered this, so its figures are hidden to keep "
          "everyone anonymous: write what they said in your own words.")
GROUPS_HIDDEN = ("Some groups who answered this are too small to show, so its figures are "
                 "hidden: write what they said in your own words.")
NOBODY = "Nobody has answered this yet."
NO_COMMENTS = "No comments have this theme yet."
GONE = "This is not in the results."


@dataclass(frozen=True)
class Said:
    text: str    # the sentence; '' when the published figures give none
    why: str = ""  # when `text` is '': why not, for the officer


def share(part: int, whole: int) -> str:
    """`part` of `whole` people in words (the module's docstring gives the rules)."""
    if not 0 <= part <= whole or whole <= 0:
        raise ValueError(f"{part} of {whole} is not a share of people")
    if part == 0:
        return "None of you"
    if part == whole:
        return "All of you"
    tenths = (20 * part + whole) // (2 * whole)      # 10 * part / whole, half rounds up
    exact = (10 * part) % whole == 0
    if tenths == 0:
        return "Fewer than 1 in 10 of you"
    if tenths == 10:
        return "Nearly all of you"
    words = "half of you" if tenths == 5 else f"{tenths} in 10 of you"
    return words[0].upper() + words[1:] if exact else f"About {words}"


def _quoted(text: str) -> str:
    return f"‘{text.strip().rstrip('.!?:;').strip()}’"


def _published(summary: ConsultationSummary) -> None:
    if not summary.published:
        raise ValueError("'You said' is worked out from a published summary only")


def statement_said(summary: ConsultationSummary, question_id: str, statement_id: str) -> Said:
    """The share of those who answered a statement who picked its top points."""
    _published(summary)
    if summary.too_few:
        return Said("", TOO_FEW.format(threshold=summary.threshold))
    likert = summary.likert.get(question_id)
    found = next((s for s in likert.statements if s.statement.id == statement_id),
                 None) if likert else None
    if found is None:
        return Said("", GONE)
    if not found.shown:
        return Said("", HIDDEN.format(threshold=summary.threshold))
    if not found.base:
        return Said("", NOBODY)
    scale = likert.question.scale
    top = scale.points[:scale.top_count]
    picked = " or ".join(_quoted(point.label) for point in top)
    return Said(f"{share(sum(found.counts[:scale.top_count]), found.base)} said {picked} "
                f"to {_quoted(found.statement.text)}.")


def question_said(summary: ConsultationSummary, question_id: str) -> Said:
    """A choice question: the share who picked its most picked option (the first, on a tie).
    A question to write in: how many wrote an answer."""
    _published(summary)
    if summary.too_few:
        return Said("", TOO_FEW.format(threshold=summary.threshold))
    question = next((q for q in summary.questionnaire.questions if q.id == question_id), None)
    if question is None:
        return Said("", GONE)
    choice = summary.choices.get(question_id)
    if choice is not None:
        if not choice.shown:
            return Said("", HIDDEN.format(threshold=summary.threshold))
        if not choice.base:
            return Said("", GROUPS_HIDDEN if choice.base is None else NOBODY)
        counted = [(n, -index, label) for index, ((_, label, n), pct)
                   in enumerate(zip(choice.counts, choice.percents))
                   if pct is not None and n is not None]
        if not counted:
            return Said("", NOBODY)
        n, _, label = max(counted)
        return Said(f"{share(n, choice.base)} picked {_quoted(label)} for "
                    f"{_quoted(question.text)}.")
    wrote = sum(1 for c in summary.comments.get(question_id, ()) if c.item_id == "")
    if not wrote:
        return Said("", NOBODY)
    people = "1 of you" if wrote == 1 else f"{wrote} of you"
    return Said(f"{people} wrote an answer to {_quoted(question.text)}.")


def theme_said(summary: ConsultationSummary, theme: str) -> Said:
    """How many published comments carry the theme."""
    _published(summary)
    if summary.too_few or summary.themes is None:
        return Said("", TOO_FEW.format(threshold=summary.threshold))
    count = summary.themes.total(theme)
    if not count:
        return Said("", NO_COMMENTS)
    if count == 1:
        return Said(f"1 of your comments was about {_quoted(theme)}.")
    return Said(f"{count} of your comments were about {_quoted(theme)}.")


# Officers' words for young people: a sentence suiting an age above this gets a warning (the aim
# is about 9, GOV.UK's reading age; 9 to 11 is left alone, since the figures' own words, a
# statement's text, often need it). The words are saved anyway.
WARN_AGE = 11
# How many long words a warning names.
LONG_WORDS = 6


def reading_warning(label: str, text: str) -> str:
    """A gentle warning naming the sentences of `text` above WARN_AGE and their long words;
    '' when every sentence suits age WARN_AGE or under (analysis.readability measures them)."""
    hard = [s for s in read([(label, text)]).sentences if s.reading_age > WARN_AGE]
    if not hard:
        return ""
    hardest = sorted(hard, key=lambda s: -s.grade)
    words = [w.strip("'’") for s in hardest for w in long_words(s.text)]
    words = list(dict.fromkeys(words))[:LONG_WORDS]
    sentences = "; ".join(f"‘{s.text}’ suits age {s.reading_age}" for s in hardest[:2])
    advice = f" Long words: {', '.join(words)}." if words else ""
    return (f"Saved, but {label} may be hard for some young people to read: {sentences}."
            f"{advice} Shorter words and sentences help; young people read most easily at "
            "about age 9.")
