"""The scales page: a questionnaire's own scales as forms, the built-in ones shown to copy.

A scale lives in the model inside each question that uses it (Question.scale), and the own
scales written out are those the questions use (`dump.own_scales`). So a new scale is made for
the questions chosen to use it, and a changed scale replaces the one in every question using
it. Points are rows; "Add another point", "Move up" and "Remove" send the form back to be shown
again, changed, with nothing saved, so the page needs no JavaScript. Taking away a point that
has answers is refused on the builder's confirm page, as for any edit.

The change-question page can make a new scale too (`NEW`): its boxes are this form's, each name
with `IN_QUESTION` before it, read by `posted` and checked by `made_in_question`, so a scale made
there obeys the same rules and the question is saved using it in one go. The group counts and
names may be left empty on either page: the counts default as the loader's do
(`default_group`), the names to the words of the group's points, and the hints say which.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field as dataclass_field, replace

from flask import abort, render_template, request

from survey.definition import BUILTIN_SCALES
from survey.definition.dump import own_scales
from survey.definition.model import FACES, Choice, Questionnaire, Scale, default_group
from survey.definition.types import type_of
from survey.definition.validate import DIRECTIONS, ID_PATTERN
from survey.builder.ids import free_id, slug
from survey.builder.editing import token_problems
from survey.builder.settings import apply, bp, field
from survey.web.catalogue import editable_or_404
from survey.web.form_errors import FieldError, clean_text

MOST_POINTS = 20
# A path under /scales/ that is a page, not a scale's name.
KEPT_NAMES = {"new"}
ROW = re.compile(r"^point-([1-9]\d?)-label$")  # no leading 0: one name per row
MOVES = re.compile(r"^(up|down|remove)-(\d{1,2})$")
# The question page's choice "Make a new scale", the prefix of its boxes' names, and how many
# empty points it starts with (enough for most scales without pressing "Add another point").
NEW = "new"
IN_QUESTION = "new-scale-"
START_POINTS = 5
# The box on each option and scale point that marks it `safeguarding: true`, in the officer's
# words, and what it does (the question page shows these too).
SAFEGUARDING = "Send to the safeguarding review when picked"
SAFEGUARDING_ADVICE = (
    "Tick \u201cSend to the safeguarding review when picked\u201d for an answer such as "
    "\u201cI don\u2019t feel safe\u201d or \u201cReally bad\u201d: a response that picks it "
    "goes to the safeguarding review queue, and the young person is shown how to get help now. "
    "It is still counted in the results.")


@dataclass
class Draft:
    """A scale as the form holds it, before it is checked: texts as typed."""

    name: str = ""
    points: list[dict] = dataclass_field(default_factory=lambda: [_row(), _row()])
    direction: str = "one-way"
    top_count: str = ""  # empty: `default_group`, the name: the words of the group's points
    top_label: str = ""
    bottom_count: str = ""
    bottom_label: str = ""
    dont_know: str = ""
    dont_know_id: str = ""
    use: list[str] = dataclass_field(default_factory=list)


def _row(point_id: str = "", label: str = "", face: str = "", safeguarding: bool = False) -> dict:
    return {"id": point_id, "label": label, "face": face, "safeguarding": safeguarding}


def _draft(scale: Scale, name: str, use: list[str]) -> Draft:
    known = scale.dont_know
    return Draft(name, [_row(p.id, p.label, p.face, p.safeguarding) for p in scale.points],
                 scale.direction,
                 str(scale.top_count), scale.top_label, str(scale.bottom_count),
                 scale.bottom_label, known.label if known else "", known.id if known else "", use)


def posted(form, name: str, prefix: str = "") -> Draft:
    """The form as sent (its boxes' names after `prefix`). Anything the page never offers (a
    face, an id, a direction, a row number out of range) is a changed request: 400."""
    def text(key: str) -> str:
        return clean_text(form.get(prefix + key, ""))
    numbers = sorted(int(m.group(1)) for key in form
                     if key.startswith(prefix) and (m := ROW.match(key[len(prefix):])))
    points = [_row(form.get(f"{prefix}point-{n}-id", ""), text(f"point-{n}-label"),
                   form.get(f"{prefix}point-{n}-face", ""),
                   f"{prefix}point-{n}-safeguarding" in form) for n in numbers]
    ids = [p["id"] for p in points if p["id"]]
    known = form.get(prefix + "dont_know_id", "")
    direction = form.get(prefix + "direction", "one-way")
    if (any(p["face"] not in ("", *FACES) for p in points) or len(ids) != len(set(ids))
            or not all(ID_PATTERN.match(i) for i in ids + ([known] if known else []))
            or known in ids or direction not in DIRECTIONS or len(points) > MOST_POINTS):
        abort(400)
    return Draft(name, points, direction, text("top_count"), text("top_label"),
                 text("bottom_count"), text("bottom_label"), text("dont_know"), known,
                 form.getlist(prefix + "use"))


def _posted(name: str) -> Draft:
    return posted(request.form, name)


def _move(draft: Draft, action: str) -> None:
    """Add a blank point, or move or remove one: the page is shown again with it done."""
    if action == "add":
        if len(draft.points) < MOST_POINTS:
            draft.points.append(_row())
        return
    found = MOVES.match(action)
    if not found or not 1 <= int(found.group(2)) <= len(draft.points):
        abort(400)
    how, at = found.group(1), int(found.group(2)) - 1
    if how == "remove":
        del draft.points[at]
    else:
        to = at - 1 if how == "up" else at + 1
        if 0 <= to < len(draft.points):
            draft.points[at], draft.points[to] = draft.points[to], draft.points[at]


def add_point(draft: Draft) -> list[FieldError]:
    """The question page's "Add another point": one more empty point, up to MOST_POINTS."""
    if len(draft.points) >= MOST_POINTS:
        return [FieldError(IN_QUESTION + "points", f"A scale can have at most {MOST_POINTS} points")]
    draft.points.append(_row())
    return []


def for_question() -> Draft:
    """The question page's new scale, before anything is typed."""
    return Draft(points=[_row() for _ in range(START_POINTS)])


def _labels(draft: Draft) -> list[str]:
    return [p["label"] for p in draft.points if p["label"]]


def _group(labels: list[str], count: str, top: bool) -> list[str]:
    """The words of the points in the top (or bottom) group, as the counts typed say."""
    n = int(count) if count.isascii() and count.isdigit() and 0 < int(count) < len(labels) \
        else default_group(len(labels))
    return labels[:n] if top else labels[len(labels) - n:]


def _named(words: list[str]) -> str:
    return " or ".join(words)


def group_hints(draft: Draft) -> dict[str, str]:
    """The hints of the group boxes, from this scale's own words where it has some."""
    labels = _labels(draft)
    if len(labels) < 2:
        return {"count": "Leave it empty for 1 point on a scale of 2 or 3 points, or 2 points on "
                         "a longer scale",
                "top_label": "Leave it empty to use the words of its points",
                "bottom_label": "Leave it empty to use the words of its points"}
    return {"count": f"Leave it empty for {default_group(len(labels))} on a scale of "
                     f"{len(labels)} points",
            "top_label": "Leave it empty to call it \u2018"
                         f"{_named(_group(labels, draft.top_count, True))}\u2019",
            "bottom_label": "Leave it empty to call it \u2018"
                            f"{_named(_group(labels, draft.bottom_count, False))}\u2019"}


def _count(text: str, name: str, where: str, points: int, errors: list[FieldError]) -> int:
    if not text:
        return default_group(points)
    if text.isascii() and text.isdigit() and len(text) < 4 and int(text) >= 1:
        return int(text)
    errors.append(FieldError(name, f"Enter how many points are in the {where} group, as a "
                                   f"whole number of 1 or more, or leave it empty for "
                                   f"{default_group(points)}"))
    return 1


def _scale(draft: Draft, errors: list[FieldError]) -> Scale:
    """The draft as a Scale, new points given ids made from their words; problems to `errors`."""
    rows = [p for p in draft.points if p["id"] or p["label"]]  # blank new rows are left out
    for number, row in enumerate(draft.points, 1):
        if row["id"] and not row["label"]:
            errors.append(FieldError(f"point-{number}-label",
                                     f"Enter the words for point {number}, or remove it"))
    if len(rows) < 2:
        errors.append(FieldError("point-1-label", "Give the scale at least 2 points"))
    taken = {p["id"] for p in rows if p["id"]} | {draft.dont_know_id or "dont-know"}
    points = []
    for row in rows:
        point_id = row["id"] or free_id(slug(row["label"], "point"), taken)
        taken.add(point_id)
        points.append(Choice(point_id, row["label"], row["face"],
                             safeguarding=row["safeguarding"]))
    top = _count(draft.top_count, "top_count", "top", len(points), errors)
    bottom = _count(draft.bottom_count, "bottom_count", "bottom", len(points), errors)
    if len(points) >= 2 and top + bottom > len(points):
        errors.append(FieldError("top_count", f"The top and bottom groups together can have at "
                                              f"most the {len(points)} points of the scale. Make "
                                              f"them smaller, for example "
                                              f"{default_group(len(points))} point each"))
    labels = [p.label for p in points]
    top_label = draft.top_label or _named(labels[:top])
    bottom_label = draft.bottom_label or _named(labels[len(labels) - bottom:])
    dont_know = (Choice(draft.dont_know_id or "dont-know", draft.dont_know)
                 if draft.dont_know else None)
    return Scale(draft.name, tuple(points), draft.direction, top, top_label, bottom,
                 bottom_label, dont_know)


def made_in_question(draft: Draft, scales: dict[str, Scale]) -> tuple[Scale, list[FieldError]]:
    """The new scale typed on the question page, named from its top and bottom points' words
    (a name no scale in `scales` has), and what to fix first, on that page's boxes."""
    errors: list[FieldError] = []
    labels = _labels(draft)
    name = free_id(slug(" ".join(labels[:1] + labels[-1:]), "scale"), set(scales) | KEPT_NAMES)
    made = _scale(replace(draft, name=name), errors)
    return made, [FieldError(IN_QUESTION + e.name, e.message) for e in errors]


def _with_scale(current: Questionnaire, scale: Scale, question_ids: set[str]) -> Questionnaire:
    """The questionnaire with `scale` in each of these questions."""
    return replace(current, sections=tuple(
        replace(s, questions=tuple(replace(q, scale=scale) if q.id in question_ids else q
                                   for q in s.questions)) for s in current.sections))


def _users(current: Questionnaire, scale_id: str) -> list:
    return [q for q in current.questions if q.scale is not None and q.scale.id == scale_id]


def _likert(current: Questionnaire) -> list:
    return [q for q in current.questions if type_of(q).on_scale and not q.retired]


def _name_problem(current: Questionnaire, name: str) -> str | None:
    if not name:
        return "Enter a name for the scale"
    if not ID_PATTERN.match(name):
        return ("Enter a name that starts with a small letter and has only small letters, "
                "numbers, hyphens and underscores, for example how-often")
    if name in BUILTIN_SCALES:
        return f"\u2018{name}\u2019 is the name of a built-in scale. Choose another name"
    if name in own_scales(current) or name in KEPT_NAMES:
        return (f"This questionnaire already has a scale called \u2018{name}\u2019. "
                "Choose another name")
    return None


def _form(current: Questionnaire, draft: Draft, errors: list, new: bool, status: int = 200):
    return render_template("builder/scales/scale.html", q=current, d=draft, new=new,
                           errors=errors, faces=FACES, likert=_likert(current),
                           hints=group_hints(draft), safeguarding=SAFEGUARDING,
                           safeguarding_advice=SAFEGUARDING_ADVICE,
                           users=[] if new else _users(current, draft.name)), status


@bp.get("/scales")
def scales(consultation_id: str):
    current = editable_or_404(consultation_id)
    used: dict[str, list] = {}
    for question in current.questions:
        if question.scale is not None:
            used.setdefault(question.scale.id, []).append(question)
    own = own_scales(current)
    return render_template(
        "builder/scales/scales.html", q=current, own=own, used=used,
        scales={**BUILTIN_SCALES, **own}, likert=_likert(current),
        others=[s for name, s in BUILTIN_SCALES.items() if name not in used])


@bp.route("/scales/new", methods=["GET", "POST"])
def new_scale(consultation_id: str):
    current = editable_or_404(consultation_id)
    if request.method == "GET":
        draft = Draft()
        if request.args.get("copy"):
            copied = BUILTIN_SCALES.get(request.args["copy"]) or own_scales(current).get(
                request.args["copy"]) or abort(404)
            taken = set(BUILTIN_SCALES) | set(own_scales(current)) | KEPT_NAMES
            draft = _draft(copied, free_id(copied.id, taken),
                           [q.id for q in _users(current, copied.id)])
        return _form(current, draft, [], new=True)
    draft = _posted(field("name"))
    likert = {q.id for q in _likert(current)}
    if not set(draft.use) <= likert:
        abort(400)  # a question the page never offered
    return _save(current, draft, new=True, chosen=set(draft.use))


@bp.route("/scales/<scale_id>", methods=["GET", "POST"])
def scale(consultation_id: str, scale_id: str):
    current = editable_or_404(consultation_id)
    own = own_scales(current).get(scale_id)
    if own is None:
        builtin = BUILTIN_SCALES.get(scale_id)
        if builtin is None:
            abort(404)
        if request.method == "POST":
            abort(400)  # built-in scales are shown, never changed: they are copied
        return render_template("builder/scales/builtin.html", q=current, scale=builtin,
                               users=_users(current, scale_id), errors=[])
    if request.method == "GET":
        return _form(current, _draft(own, scale_id, []), [], new=False)
    return _save(current, _posted(scale_id), new=False,
                 chosen={q.id for q in _users(current, scale_id)})


def _save(current: Questionnaire, draft: Draft, new: bool, chosen: set[str]):
    """Do a row button's change and show the form again, or check the scale and save it."""
    action = request.form.get("action", "save")
    if action != "save":
        _move(draft, action)
        return _form(current, draft, token_problems(), new)
    errors = token_problems()
    if new and (problem := _name_problem(current, draft.name)):
        errors.append(FieldError("name", problem))
    built = _scale(draft, errors)
    if new and not chosen:
        errors.append(FieldError("use", "Select at least one question to use this scale"))
    if not errors:
        result = apply(current, _with_scale(current, built, chosen))
        if not isinstance(result, list):
            return result
        errors = result
    return _form(current, draft, errors, new)
