"""A corpus of broken definition files: each gives one clear, located message, quickly and in
bounded memory, and never stops the app serving the good files beside it."""
from __future__ import annotations

import shutil
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from survey import create_app
from survey.definition import (
    BUILTIN_SCALES, MAX_FILE_BYTES, DefinitionError, load_file, load_folder, load_text,
)
from survey.definition import messages as msg
from survey.definition import yamlnodes
from survey.definition.yamlnodes import MAX_DEPTH, MAX_VALUES

REPO = Path(__file__).resolve().parents[2]
TRAFFORD_FILE = REPO / "questionnaires" / "trafford-corporate-parenting-review-2018.yaml"
TRAFFORD = TRAFFORD_FILE.stem

SECONDS = 1.0
PEAK_BYTES = 50_000_000

# Line numbers below are this file's: keep them in step if it changes.
BASE = """\
id: corpus
title: Corpus
organisation: Test Council
sections:
  - id: first
    questions:
      - id: q1
        type: single_choice
        text: Who are you?
        options:
          - {id: a, label: A}
          - {id: b, label: B}
      - id: q2
        type: likert
        text: How informed?
        scale: informed
        statements:
          - {id: s1, text: One}
          - {id: s2, text: Two}
  - id: second
    questions:
      - id: q3
        type: short_text
        text: Anything else?
"""
MAPPING = "a mapping (key: value pairs)"
QUESTION_TYPES = "likert, long_text, multiple_choice, short_text, single_choice"
ROOT_KEYS = ("breakdown, closes, id, introduction, language, layout, numbering, opens, organisation, "
             "results_by, scales, sections, series, start, title, translations, versions, wave")


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def nested_blocks(levels: int) -> str:
    return "".join(" " * depth + "a:\n" for depth in range(levels))


def many_questions(count: int) -> str:
    head = "id: big\ntitle: Big\norganisation: Test Council\nsections:\n- id: only\n  questions:\n"
    return head + "".join(f"  - {{id: q{i:05d}, type: long_text, text: Q}}\n" for i in range(count))


BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
JUNK = bytes(range(256)) * 8
# 14 values before the first question (the root mapping, its keys and values, the section...),
# then 7 per question: the limit is passed at the 'id' key of question number 2,856, on line 2,862.
VALUES_HEAD, VALUES_EACH, HEAD_LINES = 14, 7, 6
LIMIT_QUESTION = (MAX_VALUES - VALUES_HEAD) // VALUES_EACH + 1


def wrong(where: str, key: str, expected: str, found: str) -> str:
    return msg.WRONG_KIND.format(where=where, key=key, expected=expected, found=found)


# (name, file content as text or bytes, line, exact message or None for "any YAML error")
CORPUS = [
    ("tab indentation", edit("      - id: q3\n", "\t- id: q3\n"), 22, None),
    ("tab inside a mapping", edit("        type: short_text\n", "\ttype: short_text\n"), 23, None),
    ("duplicate key", edit("title: Corpus\n", "title: Corpus\ntitle: Again\n"), 3,
     msg.DUPLICATE_KEY.format(key="title", first=2)),
    ("duplicate key in a question", edit("        text: Anything else?\n",
                                         "        text: Anything else?\n        text: Again\n"), 25,
     msg.DUPLICATE_KEY.format(key="text", first=24)),
    ("duplicate question id", edit("id: q3", "id: q1"), 22,
     msg.DUPLICATE_ID.format(where="question 'q1'", id="q1", first=7, scope="across the questionnaire")),
    ("duplicate statement id", edit("id: s2", "id: s1"), 19,
     msg.DUPLICATE_ID.format(where="question 'q2', statement 2", id="s1", first=18,
                             scope="within question 'q2'")),
    ("duplicate option id", edit("id: b,", "id: a,"), 12,
     msg.DUPLICATE_ID.format(where="question 'q1', option 2", id="a", first=11,
                             scope="within question 'q1'")),
    ("duplicate section id", edit("id: second", "id: first"), 20,
     msg.DUPLICATE_ID.format(where="section 'first'", id="first", first=5,
                             scope="across the questionnaire")),
    ("list where a mapping is expected", edit("organisation: Test Council", "organisation: [a, b]"), 3,
     msg.NOT_MAPPING.format(where="organisation", found="a list")),
    ("a question that is a list", edit("      - id: q3\n        type: short_text\n        text: Anything else?\n",
                                       "      - [q3, short_text]\n"), 22,
     msg.NOT_MAPPING.format(where="question 1", found="a list")),
    ("mapping where text is expected", edit("        text: Anything else?", "        text: {a: b}"), 24,
     wrong("question 'q3'", "text", "text", MAPPING)),
    ("number where a list is expected", edit("        options:\n          - {id: a, label: A}\n"
                                             "          - {id: b, label: B}\n", "        options: 5\n"), 10,
     wrong("question 'q1'", "options", "a list of options", "a number")),
    ("null text", edit("        text: Anything else?", "        text:"), 24,
     wrong("question 'q3'", "text", "text", "nothing")),
    ("null sections", BASE.split("sections:")[0] + "sections: ~\n", 4,
     wrong("the questionnaire", "sections", "a list of sections", "nothing")),
    ("null section", BASE.split("sections:")[0] + "sections:\n  -\n", 5,
     msg.NOT_MAPPING.format(where="section 1", found="nothing")),
    ("boolean for text", edit("        text: Anything else?", "        text: yes"), 24,
     wrong("question 'q3'", "text", "text", "true/false") + msg.YES_NO_HINT),
    ("list as an id", edit("id: q3", "id: [q3]"), 22, wrong("question 1", "id", "text", "a list")),
    ("number as a key", edit("title: Corpus\n", "title: Corpus\n1: one\n"), 3,
     msg.KEY_NOT_TEXT.format(found="a number")),
    ("unknown scale", edit("scale: informed", "scale: informd"), 16,
     msg.UNKNOWN_SCALE.format(where="question 'q2'", found="informd", allowed=", ".join(sorted(BUILTIN_SCALES)),
                              suggestion=msg.DID_YOU_MEAN.format(guess="informed"))),
    ("unknown question type", edit("type: short_text", "type: rating"), 23,
     msg.UNKNOWN_TYPE.format(where="question 'q3'", found="rating", allowed=QUESTION_TYPES, suggestion="")),
    ("date and time where a day is expected", BASE + "opens: 2026-01-05 10:00:00\n", 25,
     msg.BAD_DATE.format(where="the questionnaire", key="opens", found="2026-01-05 10:00:00")),
    ("10,000 nested lists", "[" * 10_000 + "]" * 10_000, 1, msg.TOO_DEEP.format(limit=MAX_DEPTH)),
    ("10,000 nested mappings", "{a: " * 10_000 + "}" * 10_000, 1, msg.TOO_DEEP.format(limit=MAX_DEPTH)),
    ("10,000 nested dashes", "- " * 10_000 + "x\n", 1, msg.TOO_DEEP.format(limit=MAX_DEPTH)),
    ("1,000 indented mappings", nested_blocks(1_000), MAX_DEPTH + 1, msg.TOO_DEEP.format(limit=MAX_DEPTH)),
    ("deep nesting inside a definition", BASE + "introduction: " + "[" * 5_000 + "]" * 5_000 + "\n", 25,
     msg.TOO_DEEP.format(limit=MAX_DEPTH)),
    ("just over 1 MB", BASE + "# " + "x" * (MAX_FILE_BYTES - len(BASE)) + "\n", 1,
     msg.TOO_LARGE.format(limit=MAX_FILE_BYTES // 1000)),
    ("20,000 questions in 900 KB", many_questions(20_000), HEAD_LINES + LIMIT_QUESTION,
     msg.TOO_MANY_VALUES.format(limit=MAX_VALUES)),
    ("20,000 keys on one line", "{" + ", ".join(f"k{i}: 1" for i in range(20_000)) + "}\n", 1,
     msg.TOO_MANY_VALUES.format(limit=MAX_VALUES)),
    ("billion laughs", BOMB, 2, msg.ALIAS),
    ("merge key", BASE + "extra: &x {a: 1}\nmore:\n  <<: *x\n", 27, msg.ALIAS),
    ("latin-1 bytes", edit("Test Council", "Caf\xe9 Council").encode("latin-1"), 3, msg.NOT_UTF8),
    ("UTF-16", BASE.encode("utf-16"), 1, msg.NOT_UTF8),
    ("binary junk", JUNK, JUNK[:0x80].count(b"\n") + 1, msg.NOT_UTF8),
    ("control characters", bytes(range(32)) * 4, 1, msg.BAD_CHARACTER.format(code=0)),
    ("NUL in a line", edit("Anything else?", "Anything\x00 else?").encode(), 24, msg.BAD_CHARACTER.format(code=0)),
    ("escaped control character", edit("text: Anything else?", 'text: "Anything\\x0b else?"'), 24,
     msg.CONTROL_IN_TEXT.format(text="Anything\x0b else?", code=0x0B)),
    ("empty file", "", 1, msg.EMPTY_FILE),
    ("only a comment", "# a questionnaire will go here\n", 1, msg.EMPTY_FILE),
    ("only a document marker", "---\n", 1, msg.EMPTY_FILE),
    ("top-level list", "- id: corpus\n- title: Corpus\n", 1, msg.ROOT_NOT_MAPPING.format(found="a list")),
    ("top-level text", "Corpus\n", 1, msg.ROOT_NOT_MAPPING.format(found="text")),
    ("top-level number", "42\n", 1, msg.ROOT_NOT_MAPPING.format(found="a number")),
    ("python object tag", "!!python/object:os.system {}\n", 1,
     msg.TAG.format(tag="!!python/object:os.system")),
    ("python apply tag", BASE + "introduction: !!python/object/apply:os.system [echo hi]\n", 25,
     msg.TAG.format(tag="!!python/object/apply:os.system")),
    ("python name tag", edit("title: Corpus", "title: !!python/name:os.system ''"), 2,
     msg.TAG.format(tag="!!python/name:os.system")),
    ("binary tag", edit("title: Corpus", "title: !!binary aGk="), 2, msg.TAG.format(tag="!!binary")),
    ("custom tag", edit("title: Corpus", "title: !shout Corpus"), 2, msg.TAG.format(tag="!shout")),
    ("very long id", edit("id: corpus", "id: " + "X" * 500_000), 1,
     msg.BAD_ID.format(where="the questionnaire", found="X" * 59 + "…")),
    ("very long unknown key", edit("title: Corpus", "title: Corpus\n" + "k" * 1_000 + ": 1"), 3,
     msg.UNKNOWN_KEY.format(where="the questionnaire", key="k" * 59 + "…", allowed=ROOT_KEYS, suggestion="")),
    ("two documents", BASE + "---\nid: again\n", 25, None),
    ("unclosed bracket", edit("{id: b, label: B}", "{id: b, label: B"), 13, None),
    ("broken, with Windows line endings", edit("title: Corpus\n", "title: Corpus\ntitle: Again\n")
     .replace("\n", "\r\n"), 3, msg.DUPLICATE_KEY.format(key="title", first=2)),
    ("broken, with a byte order mark", "\ufeff" + edit("scale: informed", "scale: informd"), 16,
     msg.UNKNOWN_SCALE.format(where="question 'q2'", found="informd", allowed=", ".join(sorted(BUILTIN_SCALES)),
                              suggestion=msg.DID_YOU_MEAN.format(guess="informed"))),
]

LOADABLE = [
    ("Windows line endings", BASE.replace("\n", "\r\n")),
    ("a byte order mark", "\ufeff" + BASE),
    ("both", "\ufeff" + BASE.replace("\n", "\r\n")),
    ("a 900 KB line", edit("title: Corpus", "title: Corpus\nintroduction: " + "word " * 180_000)),
    ("Trafford with Windows line endings", TRAFFORD_FILE.read_text(encoding="utf-8").replace("\n", "\r\n")),
    ("Trafford with a byte order mark", "\ufeff" + TRAFFORD_FILE.read_text(encoding="utf-8")),
]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / (name.replace(" ", "-").replace(",", "") + ".yaml")
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
    else:
        path.write_bytes(content)
    return path


def measured(load, *args):
    """Run a load, returning (result or error, seconds, peak bytes)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = load(*args)
    except DefinitionError as error:
        result = error
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, seconds, peak


@pytest.mark.parametrize("content,line,message", [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_broken_file_gives_one_located_message_quickly(tmp_path, content, line, message):
    path = write(tmp_path, "broken", content)
    error, seconds, peak = measured(load_file, path)
    assert isinstance(error, DefinitionError), "the broken file loaded"
    problems = [(p.filename, p.line, p.message) for p in error.problems]
    if message is None:
        assert problems[0][:2] == (str(path), line), problems
        assert problems[0][2].startswith(msg.NOT_YAML.split("{")[0]), problems
    else:
        assert (str(path), line, message) in problems, problems
    assert all(len(p.message) < 400 for p in error.problems), "a message quotes too much"
    assert seconds < SECONDS, f"took {seconds:.2f} s"
    assert peak < PEAK_BYTES, f"used {peak / 1e6:.0f} MB"


@pytest.mark.parametrize("content", [c[1] for c in LOADABLE], ids=[c[0] for c in LOADABLE])
def test_line_endings_and_byte_order_marks_load(tmp_path, content):
    questionnaire, seconds, peak = measured(load_file, write(tmp_path, "fine", content))
    assert not isinstance(questionnaire, DefinitionError), str(questionnaire)
    assert questionnaire.questions
    assert all("\r" not in q.text and not q.text.startswith("\ufeff") for q in questionnaire.questions)
    assert seconds < SECONDS and peak < PEAK_BYTES


def test_without_libyaml_the_messages_are_the_same(tmp_path, monkeypatch):
    """PyYAML built without libyaml falls back to its Python parser: slower, same answers."""
    monkeypatch.setattr(yamlnodes, "LOADER", yaml.SafeLoader)
    for name, content, line, message in CORPUS:
        path = write(tmp_path, name, content)
        started = time.perf_counter()  # no tracemalloc here: it slows pure Python several times
        with pytest.raises(DefinitionError) as raised:
            load_file(path)
        seconds = time.perf_counter() - started
        error = raised.value
        found = [(p.line, p.message) for p in error.problems]
        if message is None:
            assert found[0][0] == line, (name, found)
        else:
            assert (line, message) in found, (name, found)
        assert seconds < 3 * SECONDS, (name, seconds)


def test_crlf_file_reads_the_same_as_lf():
    lf = load_text(BASE)
    crlf = load_text(BASE.replace("\n", "\r\n"))
    assert crlf.sections == lf.sections


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(200_000_000)  # sparse: 200 MB of NUL bytes, no disk used
    error, seconds, peak = measured(load_file, path)
    assert [(p.line, p.message) for p in error.problems] == [
        (1, msg.TOO_LARGE.format(limit=MAX_FILE_BYTES // 1000))]
    assert seconds < SECONDS and peak < 3 * MAX_FILE_BYTES


def test_text_too_large_is_refused_before_parsing():
    text = BASE + "# " + "é" * (MAX_FILE_BYTES // 2) + "\n"  # under a million characters, over in bytes
    error, seconds, _ = measured(load_text, text, "big.yaml")
    assert [(p.line, p.message) for p in error.problems] == [
        (1, msg.TOO_LARGE.format(limit=MAX_FILE_BYTES // 1000))]
    assert seconds < SECONDS


def test_lone_surrogates_in_text_are_located():
    error, _, _ = measured(load_text, edit("Anything else?", "Anything \udc80else?"), "s.yaml")
    assert [(p.line, p.message) for p in error.problems] == [(24, msg.BAD_CHARACTER.format(code=0xDC80))]


def test_the_corpus_does_not_stop_trafford(tmp_path):
    for name, content, _, _ in CORPUS:
        write(tmp_path, name, content)
    shutil.copy(TRAFFORD_FILE, tmp_path)
    (loaded, failures), seconds, peak = measured(load_folder, tmp_path)
    assert list(loaded) == [TRAFFORD]
    assert len(failures) == len(CORPUS)
    for failure in failures:
        assert failure.error.problems, failure.path
        assert all(p.filename == failure.path and p.line >= 1 and p.message for p in failure.error.problems)
    assert seconds < len(CORPUS) * SECONDS and peak < PEAK_BYTES


def test_the_app_serves_trafford_beside_the_corpus(tmp_path):
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    for name, content, _, _ in CORPUS:
        write(folder, name, content)
    shutil.copy(TRAFFORD_FILE, folder)
    app = create_app({"TESTING": True, "SECRET_KEY": "test-only-secret",
                      "DATABASE": str(tmp_path / "test.db"), "QUESTIONNAIRES": str(folder)})
    client = app.test_client()
    home = client.get("/")
    assert home.status_code == 200 and f'href="/c/{TRAFFORD}"' in home.text
    assert client.get(f"/c/{TRAFFORD}").status_code == 200
    assert client.get("/c/corpus").status_code == 404
