"""From stored responses to summaries: counts, percentages, measures and breakdowns.

These are the team's figures, every one of them; `analysis.disclosure.publish` makes what
managers and the public may see.

Pure functions: they take the validated questionnaire and an iterable of responses (anything with
`id` and `answers` like `survey.store.responses.StoredResponse`) and return plain dataclasses. Nothing here
knows about Flask, SQLite, charts or workbooks; those take these summaries as they are.

Measures for a Likert statement, on the scale's own points:
  base     respondents who picked a point of the scale ("Don't know" is counted, not in the base)
  percent  count / base for each point, in scale order
  top      % in the top `top_count` points (for the Trafford scale: "Informed" = Very well + Quite)
  bottom   % in the bottom `bottom_count` points ("Not informed" = Not very + Not at all)
  net      top - bottom, in percentage points
  median   the point where the cumulative count first reaches half the base

Comments are everything written in a box, per question: a text question's answers, the words of
an "Other, please say" answer, and "Tell us more" texts (stored under item '#comment' for the
question, '<statement id>#comment' for a statement). A Likert tally reads only its statements'
own items, so a "Tell us more" text is never counted as a point of the scale.

Languages and versions for age bands (issue 18): a consultation offered in more than one language,
or in versions for age bands, is summarised from its own model (`Questionnaire`, in the working
language, with every version's own questions), never from the variant one young person answered:
answers are keyed by question id, so every language's and every version's answers to a question
are counted together, under the working language's words. Each response's language and version
(survey.store.responses) also split the results, as `splits`: breakdowns like the breakdown
question's, by the synthetic single-choice questions of `analysis.splits`, hidden by
analysis.disclosure exactly as it hides the breakdown. A question (or statement) that only some
versions ask has as its base only the responses that were asked it: its percentages are of those
who answered it there, and `asked_only` names those versions so every output can say so, rather
than counting everyone else as not answering.

Themes are officers' tags on comments. Given the tags of each comment (keyed by response id,
question id, item id) and the consultation's theme names, each Comment carries its tags and
`themes` counts the comments tagged with each theme under each question.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Protocol, Sequence

from survey.definition import Question, Questionnaire, Statement
from survey.definition.model import COMMENT
from survey.definition.types import text_items, type_of

from .splits import NO_VERSION, asked_only, language_name, language_question, version_question

NOT_ANSWERED = "_not_answered"


class Response(Protocol):
    id: int
    answers: dict[tuple[str, str], tuple[str, ...]]
    # Read with getattr when present: `language` (a code) and `age_version` (a version id) it
    # was given in; '' or missing means the working language and no version.


@dataclass(frozen=True)
class StatementSummary:
    statement: Statement
    counts: tuple[int, ...]          # one per scale point, in scale order
    dont_know: int | None
    base: int                        # sum of counts: "Don't know" and no answer are outside it
    percents: tuple[float, ...]      # 0-100, one per point; all 0 when base is 0
    top: float | None
    bottom: float | None
    net: float | None
    median: str | None               # the label of the median point, None when base is 0
    # False in a published summary where too few answered (analysis.disclosure): only `base`
    # is kept; counts and percents are empty and the rest None.
    shown: bool = True


@dataclass(frozen=True)
class LikertSummary:
    question: Question
    statements: tuple[StatementSummary, ...]   # in the questionnaire's order

    def ranked(self) -> list[StatementSummary]:
        """Highest % top first (ties keep questionnaire order), statements whose figures are
        not shown last: the order charts show."""
        return sorted(self.statements, key=lambda s: -s.top if s.top is not None else 1.0)


@dataclass(frozen=True)
class ChoiceSummary:
    question: Question
    answered: int | None             # respondents who picked anything
    # (option id, label, count) in option order; in a published summary a hidden count is None
    counts: tuple[tuple[str, str, int | None], ...]
    # % of `base`; for multiple choice they can add up to more than 100. None for an option that
    # is not counted ("I'd prefer not to say"): it is reported, but kept out of the base.
    percents: tuple[float | None, ...]
    base: int | None = 0             # respondents who picked a counted option
    shown: bool = True               # False: published, and too few answered to show figures


@dataclass(frozen=True)
class Comment:
    response_id: int | None          # None in a published summary: it would link comments
    question_id: str
    text: str
    # '' for a text question's answer, 'other' for the "please say" text of a choice question,
    # '#comment' for a question's "Tell us more" text, '<statement id>#comment' for a statement's
    item_id: str = ""
    tags: tuple[str, ...] = ()       # the officers' themes on it, in name order

    @property
    def key(self) -> "CommentKey":
        return (self.response_id, self.question_id, self.item_id)

    @property
    def is_tell_us_more(self) -> bool:
        return self.item_id.endswith(COMMENT)

    @property
    def statement_id(self) -> str:
        """The statement a "Tell us more" text is about; '' for anything else."""
        return self.item_id.removesuffix(COMMENT) if self.is_tell_us_more else ""


CommentKey = tuple[int, str, str]     # (response id, question id, item id)


@dataclass(frozen=True)
class ThemeSummary:
    themes: tuple[str, ...]                  # the consultation's theme names, in name order
    question_ids: tuple[str, ...]            # questions with comments, in questionnaire order
    counts: dict[tuple[str, str], int]       # (theme, question id) -> comments tagged with it

    def count(self, theme: str, question_id: str) -> int:
        return self.counts.get((theme, question_id), 0)

    def total(self, theme: str) -> int:
        """Comments tagged with the theme, over every question."""
        return sum(self.count(theme, qid) for qid in self.question_ids)


@dataclass(frozen=True)
class Group:
    id: str                          # option id, or NOT_ANSWERED
    label: str
    respondents: int
    suppressed: bool = False         # set only in a published summary (analysis.disclosure)


@dataclass(frozen=True)
class Breakdown:
    question: Question
    threshold: int | None            # set when published
    groups: tuple[Group, ...]
    # (likert question id, group id) -> summary; when published, absent for suppressed groups
    likert: dict[tuple[str, str], LikertSummary]


@dataclass(frozen=True)
class ConsultationSummary:
    questionnaire: Questionnaire
    responses: int | None            # None only when published and below the threshold
    first_submitted: str | None      # when published: the day only
    last_submitted: str | None
    likert: dict[str, LikertSummary]
    choices: dict[str, ChoiceSummary]
    comments: dict[str, list[Comment]] = field(default_factory=dict)
    breakdown: Breakdown | None = None
    themes: ThemeSummary | None = None
    # Set by analysis.disclosure.publish: the small-number threshold it applied. None: the
    # team's own summary, with every figure.
    threshold: int | None = None
    # The results by language (splits.BY_LANGUAGE) and by age band's version (BY_VERSION), in that
    # order, each only when the consultation offers more than one language / has versions.
    splits: tuple[Breakdown, ...] = ()
    # Question id, or "<question id>.<statement id>", -> the ids of the versions that ask it,
    # for those not every version asks (see `asked_only`).
    asked_only: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Set when published: the questions and statements (keys as in `asked_only`) left out
    # because a version group that was asked them is hidden (analysis.disclosure, rule 6).
    not_shown: tuple[str, ...] = ()

    def split(self, split_id: str) -> Breakdown | None:
        """The split by analysis.splits.BY_LANGUAGE or BY_VERSION, if the consultation has it."""
        return next((b for b in self.splits if b.question.id == split_id), None)

    def asked_in(self, question_id: str, statement_id: str = "") -> tuple[str, ...]:
        """The officers' names of the versions that ask a question (or statement), when not
        every version does; () when every one does (or there are no versions)."""
        key = f"{question_id}.{statement_id}" if statement_id else question_id
        found = self.asked_only.get(key, ())
        return tuple(v.name for v in self.questionnaire.versions if v.id in found)

    @property
    def published(self) -> bool:
        return self.threshold is not None

    @property
    def too_few(self) -> bool:
        """Published with fewer responses than the threshold: no figures at all."""
        return self.responses is None


def percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def summarise_statement(question: Question, statement: Statement, values: Counter) -> StatementSummary:
    scale = question.scale
    counts = tuple(values.get(point.id, 0) for point in scale.points)
    base = sum(counts)
    percents = tuple(percent(c, base) for c in counts)
    top = percent(sum(counts[: scale.top_count]), base)
    bottom = percent(sum(counts[len(counts) - scale.bottom_count:]), base)
    median = None
    if base:
        running = 0
        for point, count in zip(scale.points, counts):
            running += count
            if running * 2 >= base:
                median = point.label
                break
    return StatementSummary(
        statement=statement,
        counts=counts,
        dont_know=values.get(scale.dont_know.id, 0) if scale.dont_know else 0,
        base=base,
        percents=percents,
        top=top,
        bottom=bottom,
        net=top - bottom,
        median=median,
    )


class _LikertTally:
    def __init__(self, question: Question):
        self.question = question
        self.values = {s.id: Counter() for s in question.statements}

    def add(self, response: Response) -> None:
        for statement_id, counter in self.values.items():
            for value in response.answers.get((self.question.id, statement_id), ()):
                counter[value] += 1

    def summary(self) -> LikertSummary:
        return LikertSummary(self.question, tuple(
            summarise_statement(self.question, s, self.values[s.id])
            for s in self.question.statements))


class _SplitTally:
    """The responses of each group of one split (the breakdown question, the language, the
    version), with a Likert tally per group."""

    def __init__(self, question: Question, likert_questions: Sequence[Question],
                 group_of, unknown=lambda gid: gid, missing: str = "Not answered"):
        self.question, self.likert_questions = question, likert_questions
        self.group_of, self.unknown, self.missing = group_of, unknown, missing
        self.sizes: Counter = Counter()
        self.tallies: dict[str, dict[str, _LikertTally]] = {}

    def add(self, response: Response) -> None:
        group = self.group_of(response)
        self.sizes[group] += 1
        tallies = self.tallies.setdefault(
            group, {q.id: _LikertTally(q) for q in self.likert_questions})
        for tally in tallies.values():
            tally.add(response)

    def breakdown(self) -> Breakdown:
        labels = [(c.id, c.label) for c in self.question.choices]
        # Answers to an option since removed from the definition keep a group of their own,
        # labelled by `unknown` (the stored id, for a question), so every response is counted
        # in some group.
        known = {gid for gid, _ in labels} | {NOT_ANSWERED}
        labels += [(gid, self.unknown(gid)) for gid in sorted(self.sizes) if gid not in known]
        labels.append((NOT_ANSWERED, self.missing))
        groups = tuple(Group(gid, label, self.sizes.get(gid, 0))
                       for gid, label in labels if self.sizes.get(gid, 0) > 0)
        return Breakdown(self.question, None, groups,
                         {(q.id, g.id): self.tallies[g.id][q.id].summary()
                          for g in groups for q in self.likert_questions})


def summarise(questionnaire: Questionnaire, responses: Iterable[Response],
              tags: Mapping[CommentKey, Sequence[str]] | None = None,
              themes: Sequence[str] | None = None) -> ConsultationSummary:
    """The team's summary, every figure in it: what managers and the public see is made from
    it by `analysis.disclosure.publish`, which alone decides what to hide.

    One pass over the responses; memory grows with the number of comments, not responses.

    `tags` gives each tagged comment's themes; `themes` the consultation's theme names (given,
    the summary counts them per question, including themes no comment has yet).

    `questionnaire` is the whole consultation, every version's questions: ValueError for the
    variant of one version made for one young person. Managers' outputs give it the
    consultation's own model, so their labels are in its working language; young people's
    results page may give it the whole consultation in their language (`in_language` set), whose
    ids, and so figures, are the same."""
    if questionnaire.in_version:
        raise ValueError(
            f"consultation '{questionnaire.id}': results are summarised from the whole "
            "consultation, every version's questions, not from the variant of version "
            f"'{questionnaire.in_version}' made for one young person")
    tags = tags or {}
    # Everything ever asked, retired parts marked "(no longer asked)": no answer is left out.
    questionnaire = questionnaire.reported
    likert_questions = [q for q in questionnaire.questions if type_of(q).on_scale]
    choice_questions = [q for q in questionnaire.questions if type_of(q).on_options]
    breakdown_q = questionnaire.breakdown_question

    likert = {q.id: _LikertTally(q) for q in likert_questions}
    splits = _splits(questionnaire, likert_questions)
    choice_counts = {q.id: Counter() for q in choice_questions}
    choice_answered = Counter()
    choice_base = Counter()
    uncounted = {q.id: {c.id for c in q.choices if not c.counted} for q in choice_questions}
    # Every (question, item) whose texts are comments, in the order the Comments sheet lists
    # them. "Other" and "Tell us more" items are read even where the definition no longer has
    # the box: a response given under an earlier version keeps what the young person wrote.
    texts: dict[tuple[str, str], list[Comment]] = {key: [] for key in _comment_items(questionnaire)}
    total = 0
    first = last = None

    for response in responses:
        total += 1
        stamp = getattr(response, "submitted_at", None)
        if stamp:
            first = stamp if first is None or stamp < first else first
            last = stamp if last is None or stamp > last else last
        for tally in likert.values():
            tally.add(response)
        for q in choice_questions:
            picked = response.answers.get((q.id, ""), ())
            if picked:
                choice_answered[q.id] += 1
                choice_counts[q.id].update(picked)
                if not uncounted[q.id].issuperset(picked):
                    choice_base[q.id] += 1
        for key, found in texts.items():
            for text in response.answers.get(key, ()):
                if text.strip():
                    found.append(Comment(response.id, key[0], text, key[1],
                                         tuple(tags.get((response.id, key[0], key[1]), ()))))
        for split in splits:
            split.add(response)

    choices = {}
    for q in choice_questions:
        base = choice_base[q.id]
        counts = tuple((c.id, c.label, choice_counts[q.id].get(c.id, 0)) for c in q.choices)
        percents = tuple(percent(n, base) if c.counted else None
                         for c, (_, _, n) in zip(q.choices, counts))
        choices[q.id] = ChoiceSummary(q, choice_answered[q.id], counts, percents, base)

    made = [split.breakdown() for split in splits]
    breakdown = made.pop(0) if breakdown_q is not None else None

    comments: dict[str, list[Comment]] = {q.id: [] for q in questionnaire.questions
                                          if _has_text_box(q)}
    for (question_id, _), found in texts.items():
        if found:
            comments.setdefault(question_id, []).extend(found)

    return ConsultationSummary(
        questionnaire=questionnaire,
        responses=total,
        first_submitted=first,
        last_submitted=last,
        likert={qid: tally.summary() for qid, tally in likert.items()},
        choices=choices,
        comments=comments,
        breakdown=breakdown,
        themes=count_themes(comments, themes) if themes is not None else None,
        splits=tuple(made),
        asked_only=asked_only(questionnaire),
    )


def _splits(questionnaire: Questionnaire,
            likert_questions: Sequence[Question]) -> list[_SplitTally]:
    """The breakdown question's split (first, if any), then by language, then by version."""
    found = []
    breakdown_q = questionnaire.breakdown_question
    if breakdown_q is not None:
        found.append(_SplitTally(breakdown_q, likert_questions, lambda r: (
            r.answers.get((breakdown_q.id, ""), ()) or (NOT_ANSWERED,))[0]))
    by_language = language_question(questionnaire)
    if by_language is not None:
        working = questionnaire.language
        found.append(_SplitTally(by_language, likert_questions,
                                 lambda r: getattr(r, "language", "") or working,
                                 unknown=language_name))
    by_version = version_question(questionnaire)
    if by_version is not None:
        found.append(_SplitTally(by_version, likert_questions,
                                 lambda r: getattr(r, "age_version", "") or NOT_ANSWERED,
                                 missing=NO_VERSION))
    return found


def count_themes(comments: Mapping[str, Sequence[Comment]], themes: Sequence[str]) -> ThemeSummary:
    """How many comments carry each theme, per question (a comment counts once per theme)."""
    counts: Counter = Counter()
    for question_id, found in comments.items():
        for comment in found:
            for theme in set(comment.tags):
                counts[(theme, question_id)] += 1
    names = tuple(sorted(set(themes) | {t for t, _ in counts}, key=str.casefold))
    return ThemeSummary(names, tuple(comments), dict(counts))


def _has_text_box(question: Question) -> bool:
    """Whether the definition gives this question a box to write in, so it is listed among the
    comments (with none yet) even before anyone has written anything."""
    return (type_of(question).free_text or bool(question.other) or bool(question.comment)
            or any(s.comment for s in question.statements))


def _comment_items(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """Per question: its own text, then "Other", then "Tell us more", then each statement's."""
    return [(q.id, item) for q in questionnaire.questions for item in text_items(q)]


has_text_box = _has_text_box  # for the officers' comments page: which questions to filter by
