"""The validated questionnaire model.

Everything after the loader works from these frozen dataclasses and never looks at YAML again.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Mapping


@dataclass(frozen=True)
class Choice:
    """One option of a choice question, or one point of a scale. `id` is the stored value."""

    id: str
    label: str
    # A scale point's picture on a faces scale (a name in FACES); its label is still the words
    # shown beside it and read by screen readers.
    face: str = ""
    # False for an option such as "I'd prefer not to say": counted and reported, but kept out of
    # the base of the question's percentages.
    counted: bool = True
    # No longer offered to young people; answers already given stay in the results.
    retired: bool = False
    # A young person who picks it is sent to the safeguarding review queue (survey.store.flags)
    # and shown the "Get help now" box next: "I don't feel safe" need not wait for a listed word.
    safeguarding: bool = False


# The faces a scale point can show, most positive first.
FACES = ("very-happy", "happy", "neutral", "sad", "very-sad")


@dataclass(frozen=True)
class Condition:
    """Show a question or section only when an earlier answer is one of `values`."""

    question: str
    values: tuple[str, ...]
    statement: str = ""  # for a Likert question: which statement's answer
    line: int = field(default=0, compare=False)  # where it was written; not part of its meaning

    def holds(self, answers: dict[tuple[str, str], list[str]]) -> bool:
        """`answers` maps (question id, item) to the values given."""
        return any(v in self.values for v in answers.get((self.question, self.statement), ()))


@dataclass(frozen=True)
class Scale:
    id: str
    points: tuple[Choice, ...]
    # "one-way" scales run from most to least (sequential colours); "two-way" scales have a
    # neutral middle (diverging colours).
    direction: str = "one-way"
    # The top `top_count` points are reported together as `top_label` (for example "Informed"),
    # the bottom `bottom_count` as `bottom_label`.
    top_count: int = 2
    top_label: str = "Positive"
    bottom_count: int = 2
    bottom_label: str = "Negative"
    # Shown as a last option, counted and reported, but kept out of percentage bases: "Don't
    # know", "Not sure" or "Prefer not to say".
    dont_know: Choice | None = None

    @property
    def faces(self) -> bool:
        return any(p.face for p in self.points)

    @property
    def choices(self) -> tuple[Choice, ...]:
        """Every option a respondent can pick, in the order shown."""
        return self.points + ((self.dont_know,) if self.dont_know else ())

    def label_of(self, value: str) -> str:
        return next((c.label for c in self.choices if c.id == value), value)


def default_group(points: int) -> int:
    """How many points the top and the bottom group each have when a scale does not say: 2,
    as ever, where 2 and 2 fit; 1 on a scale of 2 or 3 points, where they would not. So a short
    scale is valid without counts, and no scale that loaded before reads differently now."""
    return 2 if points >= 4 else 1


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    # Label of an optional "Tell us more" box for this statement; empty: none.
    comment: str = ""
    # No longer asked; answers already given stay in the results.
    retired: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    number: str = ""
    hint: str = ""
    required: bool = False
    options: tuple[Choice, ...] = ()
    # Label of an extra "Other" option that comes with a "please say" text box, if any.
    other: str = ""
    scale: Scale | None = None
    statements: tuple[Statement, ...] = ()
    max_length: int | None = None
    # Label of an optional "Tell us more" box for the whole question; empty: none.
    comment: str = ""
    show_if: Condition | None = None
    line: int = 0
    # No longer asked; answers already given stay in the results and exports.
    retired: bool = False
    # Asked only in these versions (age bands) of the consultation: a version's own question.
    # Empty: asked in every version.
    versions: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.text}" if self.number else self.text

    @property
    def choices(self) -> tuple[Choice, ...]:
        extra = (Choice(OTHER, self.other),) if self.other else ()
        return self.options + extra

    def label_of(self, value: str) -> str:
        return next((c.label for c in self.choices if c.id == value), value)


# The stored value of the "Other" option, and the item id its text is stored under.
OTHER = "other"
# The item a question's "Tell us more" text is stored under; a statement's is "<id>#comment".
# Ids cannot hold "#", so these never clash with a statement's id.
COMMENT = "#comment"
# Longest "Tell us more" text.
COMMENT_LENGTH = 1000


def comment_item(statement_id: str = "") -> str:
    return f"{statement_id}{COMMENT}"


# Put before the words of a retired question, statement or option wherever results are shown
# (before, so that a shortened heading keeps it).
RETIRED = "(no longer asked) "


def _asked(question: Question) -> Question:
    """The question as it is asked now: without its retired statements and options."""
    if not any(p.retired for p in question.statements + question.options):
        return question
    return replace(question, statements=tuple(s for s in question.statements if not s.retired),
                   options=tuple(o for o in question.options if not o.retired))


def _reported(question: Question) -> Question:
    """The question as results show it: everything kept, retired parts marked as such."""
    if not (question.retired or any(p.retired for p in question.statements + question.options)):
        return question
    return replace(
        question, text=RETIRED + question.text if question.retired else question.text,
        statements=tuple(replace(s, text=RETIRED + s.text) if s.retired else s
                         for s in question.statements),
        options=tuple(replace(o, label=RETIRED + o.label) if o.retired else o
                      for o in question.options))


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str = ""
    show_if: Condition | None = None


HELP_TEXT = "Childline: call 0800 1111, free, any time"
# How questions are numbered: "automatic" gives the questions asked 1, 2, 3... in order (and a
# young person's pages number them along the path they take); "as written" keeps each
# question's own `number` (the default, so a shipped file keeps its "2a"); "off" shows none.
NUMBERINGS = ("automatic", "as written", "off")
HELP_URL = "https://www.childline.org.uk/get-support/"
LAYOUTS = ("one-page", "pages")


@dataclass(frozen=True)
class Organisation:
    name: str
    contact: str = ""
    privacy_url: str = ""
    # The header's colour (#rrggbb, dark enough for white text) and logo (a file name in the
    # questionnaires folder's logos/ folder).
    colour: str = ""
    logo: str = ""
    # The "Get help now" link on every page a young person sees.
    help_text: str = HELP_TEXT
    help_url: str = HELP_URL


@dataclass(frozen=True)
class StartPage:
    """What the start page says beyond the fixed words on anonymity and safety."""

    about: str = ""
    who_reads: str = ""
    time: str = ""


@dataclass(frozen=True)
class Translation:
    """A consultation's own words in one more language than its working one: every text it shows
    a young person, keyed as survey.definition.texts names them ("questions.q1.text"). Loading
    refuses a translation that lacks any text (the parity check), so a young person never meets
    a sentence in a language they did not choose. Only a draft built in the browser may be
    loaded with gaps (`load_text(..., unfinished_translations=True)`): they are listed in
    `missing`, `variant` shows the working language's words for them, and the consultation
    cannot be opened until there are none."""

    language: str  # a code of survey.definition.languages.LANGUAGES
    texts: Mapping[str, str] = field(default_factory=dict, hash=False)
    # Who still has to check it ("a Welsh speaker"); empty once someone has.
    needs_review: str = ""
    # Where each text was written, for messages about it; not part of its meaning.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    # The keys of the texts it still lacks, in page order (only in an unfinished draft). Made
    # from `texts` and the consultation at load, so not part of its meaning.
    missing: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Version:
    """A version of the consultation for an age band ("8 to 12"). It shares the consultation's
    ids, so its answers combine with every other version's: it can reword a text (`words`,
    keyed like a translation), leave out a question or statement (`leave_out`: "q4" or
    "q2.adoption") and have questions of its own (a question whose `versions` names it)."""

    id: str
    name: str     # the officers' name of the band: "8 to 12 year olds"
    choice: str   # what a young person picks on the start page: "I am 8 to 12"
    leave_out: tuple[str, ...] = ()
    words: Mapping[str, str] = field(default_factory=dict, hash=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Questionnaire:
    id: str
    title: str
    organisation: Organisation
    introduction: str
    sections: tuple[Section, ...]
    version: str
    source: str = field(repr=False, default="")
    path: str = ""
    opens: date | None = None
    closes: date | None = None
    # The day by which young people are told what was done with their answers ("We will tell
    # you what we did by 30 June 2027", on the thanks page and the poster). Never before
    # `closes`; a day already past still loads (an old file must read the same any day), and
    # `survey check` warns of it.
    results_by: date | None = None
    # The single-choice question whose answer splits the results ("who answered").
    breakdown: str | None = None
    # "pages": one section per page, with a check-your-answers page; "one-page": all at once.
    layout: str = "one-page"
    start: StartPage = StartPage()
    # Waves: consultations with the same `series` are runs of one questionnaire (same ids),
    # compared side by side; `wave` names this run ("Spring 2027").
    series: str = ""
    wave: str = ""
    numbering: str = "as written"
    # The council's working language (a code of survey.definition.languages.LANGUAGES): the
    # language the file is written in, and of every result.
    language: str = "en"
    # The other languages it is offered in, and its versions for age bands.
    translations: tuple[Translation, ...] = ()
    versions: tuple[Version, ...] = ()
    # Set only on what survey.definition.texts.variant makes for one young person: the language
    # its words are in ("" is the working language) and the version it is ("" is none).
    in_language: str = ""
    in_version: str = ""
    # On such a variant, the consultation it was made from: what is stored and reported.
    whole: "Questionnaire | None" = field(default=None, compare=False, hash=False, repr=False)

    @property
    def itself(self) -> "Questionnaire":
        """The consultation itself, in the working language with every version's questions,
        whether this is it or a variant made for one young person."""
        return self.whole or self

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language it is offered in, the working language first."""
        return (self.language,) + tuple(t.language for t in self.translations)

    @property
    def words_language(self) -> str:
        """The language this model's words are in."""
        return self.in_language or self.language

    def translation(self, language: str) -> Translation | None:
        return next((t for t in self.translations if t.language == language), None)

    def version_named(self, version_id: str) -> Version | None:
        return next((v for v in self.versions if v.id == version_id), None)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    @cached_property
    def asked(self) -> "Questionnaire":
        """What young people are asked now: retired questions, statements and options left out,
        and any section left with no questions. Every page a respondent sees is made from this;
        results are made from the whole questionnaire (`reported`), so no answer is lost."""
        sections = []
        for section in self.sections:
            questions = tuple(_asked(q) for q in section.questions if not q.retired)
            if questions:
                sections.append(replace(section, questions=questions))
        if tuple(sections) == self.sections:
            return self
        return replace(self, sections=tuple(sections))

    @cached_property
    def reported(self) -> "Questionnaire":
        """Everything ever asked, retired questions, statements and options marked "(no longer
        asked)": what summaries, charts and exports show."""
        sections = tuple(replace(s, questions=tuple(_reported(q) for q in s.questions))
                         for s in self.sections)
        return self if sections == self.sections else replace(self, sections=sections)

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    @property
    def breakdown_question(self) -> Question | None:
        return self.question(self.breakdown) if self.breakdown else None

    def is_open(self, today: date) -> bool:
        if self.opens and today < self.opens:
            return False
        if self.closes and today > self.closes:
            return False
        return True
