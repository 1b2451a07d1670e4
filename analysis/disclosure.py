"""What may leave the team: the one rule book for every figure managers, the board and the public see.

Three audiences:

  TEAM      participation officers. Their working view shows every count, every comment and
            single responses; row-level files (one row per response) are theirs alone.
  MANAGERS  managers and the corporate parenting board: aggregates only, through `publish`.
  PUBLIC    young people and anyone else: the same rules as managers.

Every output for managers or the public (workbooks, dashboards, charts and their alt text, the
waves comparison, retention's kept summary) takes a summary made by `publish`, or a table made by
`count_table`, and shows what it holds. None of them decides for itself what to hide, and a
published summary does not hold the figures it hides: a writer that forgot to check could not
show them. The rules, on unweighted counts of respondents (a group session is one response),
with the threshold T a setting (default 10):

1. A table whose total is below T shows no figures, only that there were fewer than T: a
   consultation with fewer than T responses shows no figures and no comments at all (counting
   the comments to a required question would give the number away, and with one response they
   would be one child's every answer); a statement or a choice question answered by 1 to T-1
   people shows how many answered and nothing else.
2. A group below T is hidden. Whenever any group is hidden, further groups are hidden, smallest
   first, until the hidden groups together number at least T, so the total minus the shown
   groups reveals nobody (`hidden_cells`). Empty groups reveal nobody and are left alone.
3. One hiding pattern per breakdown, used by every question and statement of it, so two tables
   cannot be set against each other. Within a shown group, a statement answered by fewer than T
   shows its n and no percentages; and where the answers left over, once the shown groups'
   answers are taken from everyone's, would come from 1 to T-1 people, the smallest shown
   group's percentages for that statement are held back too, until they come from T or more.
   The breakdown question's own table shows no percentages while any group is hidden (their
   base would give the hidden groups' total away). The splits by language and by age band's
   version (`ConsultationSummary.splits`, analysis.splits) are breakdowns too, each hidden by
   these same rules with its own pattern (`_breakdown`): no rule of their own.
4. Comments: only those nobody flagged, or flagged and reviewed as no concern; never one waiting
   for review or recorded as a concern (`withheld`), never with a response id or in the order
   people answered (so two comments cannot be put together as one person's), and never the
   "Other, please say" words of a hidden group of the breakdown. Nothing published says whether
   any comment was withheld: that alone would tell the board a referral was made.
5. Dates: the days of the first and last response, never their times; none for a consultation
   with fewer than T responses.
6. Versions for age bands: a question (or statement) that only some versions ask is, in
   effect, those versions' figures: how many answered it, or its comments, could give a hidden
   version group's size away (everyone in "8 to 12 year olds" answers a required question of
   theirs). So while any group that was asked it (those versions, and responses with no
   version) is hidden in the split by version, it is left out of what is published, with its
   comments, in every table of every breakdown; `not_shown` names it, so files can say why.
7. Waves: each wave is published on its own, by these rules, and a change beside a hidden figure
   is hidden (`analysis.waves`).

What must stay true: for every figure a reader can work out by adding and subtracting the
figures shown, the people it is about number 0 or at least T. `tests/results/test_disclosure_attack.py`
attacks the manager's files with generated consultations to check it.
"""
from __future__ import annotations

from dataclasses import replace
from enum import Enum
from typing import Hashable, Iterable, Mapping, TypeVar

from survey.definition import OTHER

from .splits import BY_VERSION
from .summary import (NOT_ANSWERED, Breakdown, ChoiceSummary, Comment, CommentKey,
                      ConsultationSummary, LikertSummary, StatementSummary, count_themes)

DEFAULT_THRESHOLD = 10  # Ofsted Parent View publishes a question's results only from 10 responses

# What a hidden group or figure shows instead of a number, in charts, pages and workbooks alike.
# It has to be true of every hidden group: one hidden by the second rule may have more than T.
HIDDEN = "not shown (small numbers)"

K = TypeVar("K", bound=Hashable)


class Audience(str, Enum):
    """Who a page or file is for. Only TEAM sees anything `publish` would hide."""
    TEAM = "team"
    MANAGERS = "managers"
    PUBLIC = "public"

    @property
    def published(self) -> bool:
        return self is not Audience.TEAM

    @property
    def description(self) -> str:
        return AUDIENCES[self]


AUDIENCES = {
    Audience.TEAM: "The consultation team (participation officers) only. It holds personal data: "
                   "keep it on the council's systems, do not pass it on, and delete it when the "
                   "work it was made for is done.",
    Audience.MANAGERS: "Managers and the corporate parenting board. It holds figures only, with "
                       "small groups hidden, so no child can be picked out.",
    Audience.PUBLIC: "Anyone, young people included. It holds figures only, with small groups "
                     "hidden, so no child can be picked out.",
}


def fewer_than(threshold: int) -> str:
    """What a table with too few responses says instead of its figures."""
    return f"fewer than {threshold}"


def rule(threshold: int) -> str:
    """The small-number rule in one sentence, for notes under tables and charts."""
    return (f"Groups of fewer than {threshold} responses are not shown, and more are hidden "
            f"until the hidden ones add up to at least {threshold}, so no group can be worked "
            "out from the total.")


def rules(threshold: int) -> list[tuple[str, str]]:
    """Every rule in plain words, for the About sheet of a published file and the README."""
    return [
        (f"Fewer than {threshold} answers",
         f"Where a question or a statement has fewer than {threshold} answers, only how many "
         f"answered is shown. Where the whole consultation has fewer than {threshold} "
         "responses, no figures and no comments are shown at all."),
        ("Small groups",
         f"A group of fewer than {threshold} responses is not shown. When one group is hidden, "
         "the next smallest groups are hidden too, until the hidden groups add up to at least "
         f"{threshold} responses, so nobody can take the shown groups from the total and work "
         "out a hidden one. Every table of a breakdown hides the same groups. A group session "
         "counts as one response, however many took part."),
        ("Small answers within a group",
         f"Where fewer than {threshold} people in a group answered a statement, only that "
         "number is shown, not the percentages; the same is done for the next smallest group "
         "where taking the shown groups from everyone would leave the answers of fewer than "
         f"{threshold} people."),
        ("Comments",
         "Only comments that nobody flagged for safeguarding, or that an officer reviewed and "
         "found no concern in; whether any were left out is not said. Comments are listed in "
         "alphabetical order, not in the order people answered, with no response numbers, so "
         "no two can be matched to one person."),
        ("Dates", "Only the days of the first and last response, never the times."),
    ]


def hidden_cells(counts: Mapping[K, int], threshold: int = DEFAULT_THRESHOLD) -> set[K]:
    """The cells of a table (group -> people) that must not be shown.

    Primary: every cell of 1 to T-1. Secondary: while some are hidden and together they number
    fewer than T, the smallest shown cell is hidden too (ties broken by the key's text, so the
    pattern is the same on every run). If every cell ends up hidden the total itself is below T,
    which rule 1 deals with."""
    hidden = {key for key, n in counts.items() if 0 < n < threshold}
    while hidden and sum(counts[key] for key in hidden) < threshold:
        shown = sorted((n, str(key), key) for key, n in counts.items()
                       if key not in hidden and n > 0)
        if not shown:
            break
        hidden.add(shown[0][2])
    return hidden


def count_table(counts: Mapping[K, int], threshold: int = DEFAULT_THRESHOLD) -> dict[K, int | None]:
    """A published table of counts: each count, or None where it is hidden (every one, when the
    table's total is below T)."""
    if 0 < sum(counts.values()) < threshold:
        return {key: None for key in counts}
    hidden = hidden_cells(counts, threshold)
    return {key: None if key in hidden else n for key, n in counts.items()}


def shown_total(total: int, threshold: int = DEFAULT_THRESHOLD) -> int | None:
    """A total as published: None when it is 1 to T-1."""
    return None if 0 < total < threshold else total


def publish(summary: ConsultationSummary, threshold: int = DEFAULT_THRESHOLD,
            withheld: Iterable[CommentKey] = ()) -> ConsultationSummary:
    """The summary as managers and the public may see it (the rules above).

    `summary` is the team's (`analysis.summary.summarise`); `withheld` the comments that must not
    be published (waiting for safeguarding review, or recorded as a concern). The result has
    `threshold` set, and holds no figure that these rules hide."""
    if summary.threshold is not None:
        raise ValueError("this summary is already published")
    withheld = set(withheld)
    if 0 < summary.responses < threshold:
        return replace(summary, threshold=threshold, responses=None, first_submitted=None,
                       last_submitted=None, likert={}, choices={}, breakdown=None,
                       comments={qid: [] for qid in summary.comments}, themes=None, splits=())
    breakdown = _breakdown(summary, summary.breakdown, threshold)
    hidden_groups = ({g.id for g in breakdown.groups if g.suppressed}
                     if breakdown is not None else set())
    # The breakdown question's "Other" words say who wrote them: not when that group is hidden.
    hide_other = breakdown.question.id if OTHER in hidden_groups else None
    splits = tuple(_breakdown(summary, split, threshold) for split in summary.splits)
    gone = _asked_of_hidden(summary, splits)
    comments = {qid: [] if qid in gone else found
                for qid, found in _comments(summary, withheld, hide_other).items()}
    themes = (count_themes(comments, summary.themes.themes)
              if summary.themes is not None else None)
    choices = {qid: _choice(choice, threshold, hidden_groups
                            if breakdown is not None and breakdown.question.id == qid else None)
               for qid, choice in summary.choices.items() if qid not in gone}
    likert = {qid: _likert(found, threshold) for qid, found in summary.likert.items()}
    return replace(
        summary,
        first_submitted=_day(summary.first_submitted),
        last_submitted=_day(summary.last_submitted),
        likert=_without(likert, gone),
        choices=choices,
        breakdown=_split_without(breakdown, gone),
        comments=comments,
        themes=themes,
        threshold=threshold,
        splits=tuple(_split_without(split, gone) for split in splits),
        not_shown=tuple(sorted(gone)),
    )


def _asked_of_hidden(summary: ConsultationSummary, splits: Iterable[Breakdown]) -> set[str]:
    """The questions and statements (keys of `asked_only`) asked of a group that the published
    split by version hides (rule 6)."""
    by_version = next((b for b in splits if b.question.id == BY_VERSION), None)
    hidden = {g.id for g in by_version.groups if g.suppressed} if by_version else set()
    if not hidden:
        return set()
    return {key for key, versions in summary.asked_only.items()
            if hidden & {*versions, NOT_ANSWERED}}


def _without(likert: dict[K, LikertSummary], gone: set[str]) -> dict[K, LikertSummary]:
    """Likert summaries (keyed by question id, or by (question id, group id)) without the
    questions and statements in `gone`."""
    kept = {}
    for key, found in likert.items():
        qid = key[0] if isinstance(key, tuple) else key
        if qid in gone:
            continue
        statements = tuple(s for s in found.statements if f"{qid}.{s.statement.id}" not in gone)
        kept[key] = found if len(statements) == len(found.statements) else replace(
            found, statements=statements)
    return kept


def _split_without(split: Breakdown | None, gone: set[str]) -> Breakdown | None:
    if split is None or not gone:
        return split
    return replace(split, likert=_without(split.likert, gone))


def quoted_only(published: ConsultationSummary,
                quoted: Iterable[tuple[str, str, str]]) -> ConsultationSummary:
    """A published summary holding only the comments an officer picked to quote, named by
    (question id, item id, text): what young people's results page and the board report show,
    since neither shows a young person's words unless an officer chose them. A comment that
    `publish` left out (withheld by safeguarding, a hidden group's "Other" words) stays out
    whatever is quoted: this only ever takes away. Theme counts are kept as published."""
    if not published.published:
        raise ValueError("quotes are chosen from a published summary only")
    wanted = set(quoted)
    return replace(published, comments={
        qid: [c for c in found if (c.question_id, c.item_id, c.text) in wanted]
        for qid, found in published.comments.items()})


def _day(stamp: str | None) -> str | None:
    return stamp[:10] if stamp else None


def _statement_shown(statement: StatementSummary, threshold: int) -> bool:
    answered = statement.base + (statement.dont_know or 0)
    return not (0 < answered < threshold or 0 < statement.base < threshold)


def _hide(statement: StatementSummary) -> StatementSummary:
    """Only n is left: how many picked a point of the scale."""
    return replace(statement, shown=False, counts=(), percents=(), dont_know=None, top=None,
                   bottom=None, net=None, median=None)


def _likert(likert: LikertSummary, threshold: int) -> LikertSummary:
    return replace(likert, statements=tuple(
        s if _statement_shown(s, threshold) else _hide(s) for s in likert.statements))


def _choice(choice: ChoiceSummary, threshold: int, hidden_groups: set | None) -> ChoiceSummary:
    """A choice question's table; `hidden_groups` given when it is the breakdown question."""
    if 0 < choice.answered < threshold:
        return replace(choice, shown=False, base=None, percents=(None,) * len(choice.counts),
                       counts=tuple((oid, label, None) for oid, label, _ in choice.counts))
    if not hidden_groups:
        return choice
    return replace(
        choice,
        counts=tuple((oid, label, None if oid in hidden_groups else n)
                     for oid, label, n in choice.counts),
        percents=(None,) * len(choice.counts),
        base=None,
        answered=None if NOT_ANSWERED in hidden_groups else choice.answered,
    )


def _breakdown(summary: ConsultationSummary, raw: Breakdown | None,
               threshold: int) -> Breakdown | None:
    """One hiding pattern for a breakdown (the breakdown question's, or a split by language or
    version), then each statement's percentages per shown group."""
    if raw is None:
        return None
    hidden = hidden_cells({g.id: g.respondents for g in raw.groups}, threshold)
    groups = tuple(replace(g, suppressed=g.id in hidden) for g in raw.groups)
    shown = [g for g in groups if not g.suppressed]
    likert: dict[tuple[str, str], LikertSummary] = {}
    for qid, everyone in summary.likert.items():
        per_group = {g.id: raw.likert[(qid, g.id)] for g in shown}
        keep = {g.id: [] for g in shown}
        for index, statement in enumerate(everyone.statements):
            with_percents = _percents_shown(
                statement, {gid: found.statements[index] for gid, found in per_group.items()},
                threshold)
            for gid, found in per_group.items():
                s = found.statements[index]
                keep[gid].append(s if gid in with_percents else _hide(s))
        for gid, found in per_group.items():
            likert[(qid, gid)] = replace(found, statements=tuple(keep[gid]))
    return replace(raw, threshold=threshold, groups=groups, likert=likert)


def _percents_shown(everyone: StatementSummary, groups: Mapping[str, StatementSummary],
                    threshold: int) -> set[str]:
    """The shown groups whose percentages for one statement may be shown (rule 3)."""
    # A group in which nobody picked a point has no percentages to give anything away.
    empty = {gid for gid, s in groups.items() if s.base == 0}
    if not _statement_shown(everyone, threshold):
        return empty
    shown = {gid for gid, s in groups.items() if s.base >= threshold}
    while shown:
        left_over = everyone.base - sum(groups[gid].base for gid in shown)
        if not 0 < left_over < threshold:
            break
        shown.discard(min(shown, key=lambda gid: (groups[gid].base, gid)))
    return shown | empty


def _comments(summary: ConsultationSummary, withheld: set[CommentKey],
              hide_other: str | None) -> dict[str, list[Comment]]:
    """Published comments per question; `hide_other`: the question whose "Other" words go."""
    published: dict[str, list[Comment]] = {}
    for question_id, found in summary.comments.items():
        kept = []
        for comment in found:
            if comment.key in withheld:
                continue
            if not (question_id == hide_other and comment.item_id == OTHER):
                kept.append(replace(comment, response_id=None))
        order = {item: n for n, item in enumerate(dict.fromkeys(c.item_id for c in found))}
        kept.sort(key=lambda c: (order[c.item_id], c.text.casefold(), c.text))
        published[question_id] = kept
    return published
