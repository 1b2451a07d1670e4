"""A consultation's own words keyed by the ids that already exist, and the consultation one young
person answers: in the language they chose, in the version for their age.

Every text a young person can be shown has a key made of the ids on the way to it:

    title, introduction, start.about, start.who_reads, start.time,
    organisation.name, organisation.help,
    sections.<section>.title, sections.<section>.intro,
    questions.<question>.text | .hint | .other | .comment,
    questions.<question>.options.<option>, questions.<question>.statements.<statement>,
    questions.<question>.statement_comments.<statement>,
    scales.<scale>.<point>,
    versions.<version>.choice, and versions.<version>.<any key above> for a version's rewording.

Ids never hold a dot (survey.definition.check_shapes.ID_PATTERN), so a key splits back into its
ids, and the nested `translations:` and `words:` blocks of a definition are these keys written as
YAML mappings. A translator's spreadsheet or PO file carries the same keys.

What must stay true:
- `texts_of` lists exactly the texts `variant` can put in front of a young person, in page order,
  and nothing else: the parity check (every offered language has every key) rests on it.
- `variant` returns an ordinary Questionnaire, so every later stage (form, pages, journey) works
  on it unchanged, and its ids are the consultation's ids: answers in every language and version
  combine by id. Results are made from the consultation itself, never from a variant, so they
  are always in the working language.
- A translation loaded with gaps (a draft's, `Translation.missing`) simply has no words for
  those keys, so `variant` shows the working language's there; `place_of` names a key in an
  officer's words for the message that refuses to open it.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator, Mapping

from survey.definition.model import Question, Questionnaire, Section, Version
from survey.definition.shown import question_place

# Keys of a translation that are not texts.
NOT_TEXTS = ("needs_review",)


def _question_texts(question: Question) -> Iterator[tuple[str, str]]:
    at = f"questions.{question.id}"
    yield f"{at}.text", question.text
    yield f"{at}.hint", question.hint
    for statement in question.statements:
        yield f"{at}.statements.{statement.id}", statement.text
        yield f"{at}.statement_comments.{statement.id}", statement.comment
    for option in question.options:
        yield f"{at}.options.{option.id}", option.label
    yield f"{at}.other", question.other
    yield f"{at}.comment", question.comment
    if question.scale:
        for point in question.scale.choices:
            yield f"scales.{question.scale.id}.{point.id}", point.label


def _base_texts(questionnaire: Questionnaire, retired: bool = False) -> Iterator[tuple[str, str]]:
    asked = questionnaire if retired else questionnaire.asked
    organisation = asked.organisation
    yield "title", asked.title
    yield "introduction", asked.introduction
    yield "start.about", asked.start.about
    yield "start.who_reads", asked.start.who_reads
    yield "start.time", asked.start.time
    yield "organisation.name", organisation.name
    yield "organisation.help", organisation.help_text
    for section in asked.sections:
        yield f"sections.{section.id}.title", section.title
        yield f"sections.{section.id}.intro", section.intro
        for question in section.questions:
            yield from _question_texts(question)


def texts_of(questionnaire: Questionnaire, retired: bool = False) -> dict[str, str]:
    """Every text of the consultation a young person can be shown, in the working language, by
    key, in page order: its own words, then each version's choice and rewordings. Empty texts are
    left out (there is nothing to translate). With `retired`, the texts of retired questions,
    statements and options too: no longer needed, but a translation or a version may keep them
    (so retiring a part never makes a file fail to load)."""
    texts: dict[str, str] = {}
    for key, text in _base_texts(questionnaire, retired):
        if text and text.strip():
            texts.setdefault(key, text)
    for version in questionnaire.versions:
        texts[f"versions.{version.id}.choice"] = version.choice
        for key, text in version.words.items():
            texts[f"versions.{version.id}.{key}"] = text
    return texts


def flatten(nested: Mapping, prefix: str = "") -> dict[str, object]:
    """A nested mapping of ids (a `translations:` or `words:` block) as keys: {"questions":
    {"q1": {"text": "..."}}} reads {"questions.q1.text": "..."}."""
    flat: dict[str, object] = {}
    for key, value in nested.items():
        at = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, at + "."))
        else:
            flat[at] = value
    return flat


def nest(flat: Mapping[str, str]) -> dict:
    """The other way round: keys written back as the nested mapping a definition holds."""
    nested: dict = {}
    for key, value in flat.items():
        *path, last = key.split(".")
        place = nested
        for part in path:
            place = place.setdefault(part, {})
        place[last] = value
    return nested


# -- the consultation one young person answers ---------------------------------------------------
def _worded(question: Question, words: Mapping[str, str]) -> Question:
    at = f"questions.{question.id}"

    def word(key: str, text: str) -> str:
        return words.get(f"{at}.{key}", text) if text else text

    scale = question.scale
    if scale is not None:
        def point(choice):
            return replace(choice, label=words.get(f"scales.{scale.id}.{choice.id}", choice.label))
        scale = replace(scale, points=tuple(point(p) for p in scale.points),
                        dont_know=point(scale.dont_know) if scale.dont_know else None)
    return replace(
        question, text=word("text", question.text), hint=word("hint", question.hint),
        other=word("other", question.other), comment=word("comment", question.comment),
        statements=tuple(replace(s, text=word(f"statements.{s.id}", s.text),
                                 comment=word(f"statement_comments.{s.id}", s.comment))
                         for s in question.statements),
        options=tuple(replace(o, label=word(f"options.{o.id}", o.label)) for o in question.options),
        scale=scale)


def _with_words(questionnaire: Questionnaire, words: Mapping[str, str]) -> Questionnaire:
    """The questionnaire with every text that `words` has a key for replaced."""
    if not words:
        return questionnaire

    def word(key: str, text: str) -> str:
        return words.get(key, text) if text else text

    sections = tuple(replace(
        s, title=word(f"sections.{s.id}.title", s.title), intro=word(f"sections.{s.id}.intro", s.intro),
        questions=tuple(_worded(q, words) for q in s.questions)) for s in questionnaire.sections)
    start = questionnaire.start
    organisation = questionnaire.organisation
    return replace(
        questionnaire, title=word("title", questionnaire.title),
        introduction=word("introduction", questionnaire.introduction),
        start=replace(start, about=word("start.about", start.about),
                      who_reads=word("start.who_reads", start.who_reads), time=word("start.time", start.time)),
        organisation=replace(organisation, name=word("organisation.name", organisation.name),
                             help_text=word("organisation.help", organisation.help_text)),
        sections=sections)


def left_out(version: Version | None, section: Section) -> Section:
    """The section as a version asks it: without the questions and statements it leaves out, nor
    other versions' own questions. No version: only the questions every version asks."""
    kept = []
    for question in section.questions:
        if question.versions and (version is None or version.id not in question.versions):
            continue
        if version is not None and question.id in version.leave_out:
            continue
        if version is not None and question.statements:
            dropped = {s.id for s in question.statements
                       if f"{question.id}.{s.id}" in version.leave_out}
            if dropped:
                question = replace(question, statements=tuple(
                    s for s in question.statements if s.id not in dropped))
        kept.append(question)
    return replace(section, questions=tuple(kept))


def _for_version(asked: Questionnaire, version: Version | None) -> Questionnaire:
    if version is None and not asked.versions:
        return asked
    sections = tuple(left_out(version, s) for s in asked.sections)
    return replace(asked, sections=tuple(s for s in sections if s.questions))


def words_in(questionnaire: Questionnaire, language: str, version: Version | None) -> dict[str, str]:
    """The words that replace the working language's: the version's rewording, then the
    translation's own words for the whole consultation and for that version."""
    words: dict[str, str] = dict(version.words) if version else {}
    translation = questionnaire.translation(language)
    if translation is not None:
        words.update(translation.texts)
        if version is not None:
            mine = f"versions.{version.id}."
            words.update((key[len(mine):], text) for key, text in translation.texts.items()
                         if key.startswith(mine))
    return words


# Made variants, by the questionnaire object they were made from (kept alongside, so that an id
# is never mistaken for a later object's), its language and its version.
_made: dict[tuple[int, str, str], tuple[Questionnaire, Questionnaire]] = {}
MAX_KEPT = 256


def variant(questionnaire: Questionnaire, language: str = "", version: str = "") -> Questionnaire:
    """What one young person answers: the consultation as asked now, in `language` (one it offers;
    "" or another is the working language) and as `version` asks it ("" or an unknown id: the
    questions every version shares). Made once per definition, language and version."""
    language = language if language in questionnaire.languages[1:] else ""
    chosen = questionnaire.version_named(version) if version else None
    key = (id(questionnaire), language, chosen.id if chosen else "")
    kept = _made.get(key)
    if kept is not None and kept[0] is questionnaire:
        return kept[1]
    asked = _for_version(questionnaire.asked, chosen)
    made = replace(_with_words(asked, words_in(questionnaire, language, chosen)),
                   in_language=language, in_version=chosen.id if chosen else "",
                   whole=questionnaire.itself)
    if len(_made) >= MAX_KEPT:
        _made.clear()
    _made[key] = (questionnaire, made)
    return made


def translated(questionnaire: Questionnaire, language: str) -> Questionnaire:
    """The whole consultation, every version's questions and retired ones too, in `language`
    where it has the words: what the young people's results page shows its figures under. Its
    ids are the consultation's, so a summary made with it counts exactly what the working
    language's would."""
    if language not in questionnaire.languages[1:]:
        return questionnaire
    return replace(_with_words(questionnaire, words_in(questionnaire, language, None)),
                   in_language=language, whole=questionnaire.itself)


def version_choice(questionnaire: Questionnaire, version: Version, language: str = "") -> str:
    """A version's words on the start page ("I am 8 to 12") in `language`."""
    translation = questionnaire.translation(language)
    key = f"versions.{version.id}.choice"
    return translation.texts.get(key, version.choice) if translation else version.choice




# -- a key in an officer's words -------------------------------------------------------------
PLACES = {"title": "the title", "introduction": "the introduction",
          "start.about": "the start page’s “about” words",
          "start.who_reads": "the start page’s “who reads” words",
          "start.time": "the start page’s “how long” words",
          "organisation.name": "the council’s name",
          "organisation.help": "the “Get help now” words"}
# A question's texts: (the part's name, and whether it is one of several: "a statement").
QUESTION_PARTS = {"text": "words", "hint": "hint", "other": "“Other” box",
                  "comment": "“Tell us more” box", "statements": "a statement",
                  "statement_comments": "a statement’s “Tell us more” box",
                  "options": "an answer to pick"}


def _of(place: str, part: str) -> str:
    if part.startswith("a ") or part.startswith("an "):
        return f"{part} in {place}"
    return f"{place}’s {part}" if place.startswith("question ") else f"the {part} of {place}"


def place_of(questionnaire: Questionnaire, key: str) -> str:
    """Where a text is, in the words an officer sees (never an id): "question 4’s words",
    "an answer to pick in question 1", "section 2’s title", "what young people pick for 8
    to 12 year olds". A key the consultation does not have is shown as it is."""
    parts = key.split(".")
    if key in PLACES:
        return PLACES[key]
    if parts[0] == "versions" and len(parts) >= 3:
        version = questionnaire.version_named(parts[1])
        name = version.name if version else parts[1]
        if parts[2:] == ["choice"]:
            return f"what young people pick for {name}"
        return f"{place_of(questionnaire, '.'.join(parts[2:]))} for {name}"
    if parts[0] == "sections" and len(parts) == 3:
        for number, section in enumerate(questionnaire.sections, 1):
            if section.id == parts[1]:
                return f"section {number}’s {'title' if parts[2] == 'title' else 'introduction'}"
    if parts[0] == "questions" and len(parts) >= 3 and parts[2] in QUESTION_PARTS:
        question = next((q for q in questionnaire.questions if q.id == parts[1]), None)
        if question is not None:
            return _of(question_place(question), QUESTION_PARTS[parts[2]])
    if parts[0] == "scales" and len(parts) == 3:
        for question in questionnaire.questions:
            if question.scale and question.scale.id == parts[1]:
                point = next((p for p in question.scale.choices if p.id == parts[2]), None)
                if point is not None:
                    return f"the scale point ‘{point.label}’"
    return key
