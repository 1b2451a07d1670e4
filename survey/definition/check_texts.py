"""Read a definition's languages and versions: `language`, `translations` and `versions`, and
a question's `versions`.

Versions are read with the questions (`versions` before the model is made, since their
`leave_out` names questions); translations after it, since the parity check compares them with
`texts_of(model)`: every offered language must have every text the consultation can show, and
nothing else. So a translation's gaps are reported once the rest of the file is sound, each
with the line nearest to where the missing text belongs and its key, which is made of the ids
already in the file ("questions.q3.text").

What must stay true: a consultation loads only when every offered language has its interface
catalogue (survey.definition.languages) and every text, except when the loader is asked for
`unfinished_translations` (a draft built in the browser, whose new question has no Welsh yet):
then a missing text is recorded in `Translation.missing` instead of being an error, and an
unknown key is still an error; a version's `words` and `leave_out` name
only what exists; no version leaves out a question another question's condition, or the
breakdown, depends on.
"""
from __future__ import annotations

from survey.definition import messages as msg
from survey.definition.check_shapes import ShapeChecks, suggestion
from survey.definition.languages import LANGUAGES, WORKING_LANGUAGE, interface_languages
from survey.definition.model import Question, Questionnaire, Translation, Version
from survey.definition.texts import NOT_TEXTS, texts_of
from survey.definition.yamlnodes import Node, kind_of, shown

VERSION_KEYS = ("id", "name", "choice", "leave_out", "words")


def _leaves(node: Node, prefix: str = "") -> dict[str, Node]:
    """A nested block of ids as keys, each with its node (and so its line)."""
    flat: dict[str, Node] = {}
    for key, value in node.value.items():
        at = f"{prefix}{key}"
        if isinstance(value.value, dict):
            flat.update(_leaves(value, at + "."))
        else:
            flat[at] = value
    return flat


def _nearest_line(node: Node, key: str) -> int:
    """The line of the deepest mapping on the way to `key` that the block has: where a missing
    text belongs."""
    line = node.line
    for part in key.split("."):
        if not isinstance(node.value, dict) or part not in node.value:
            break
        node = node.value[part]
        line = node.line
    return line


class TextChecks(ShapeChecks):
    """Reads the working language, the versions and the translations."""

    def __init__(self, unfinished_translations: bool = False) -> None:
        super().__init__()
        # A draft's translation may lack texts (listed in Translation.missing), not a file's.
        self.unfinished_translations = unfinished_translations
        # Each question's `versions`, with where it is, checked once the versions are read.
        self._question_versions: list[tuple[str, list[tuple[str, int]]]] = []

    def language_code(self, node: Node, where: str) -> str:
        code = node.value if isinstance(node.value, str) else str(node.value)
        row = LANGUAGES.get(code)
        if row is None:
            self.error(node.line, msg.UNKNOWN_LANGUAGE.format(
                where=where, found=shown(code), allowed=", ".join(sorted(LANGUAGES)),
                suggestion=suggestion(code, sorted(LANGUAGES))))
        elif not row.interface:
            self.error(node.line, msg.NO_INTERFACE.format(
                where=where, name=row.english, allowed=", ".join(
                    LANGUAGES[c].english for c in interface_languages())))
        return code

    def working_language(self, fields: dict[str, Node]) -> str:
        node = fields.get("language")
        return self.language_code(node, "language") if node is not None else WORKING_LANGUAGE

    # -- versions -------------------------------------------------------------------------------
    def versions(self, fields: dict[str, Node]) -> list[tuple[Version, Node]]:
        """Each version with its node; their `words` are checked with the model (check_words)."""
        nodes = self.items(fields, "versions", "the questionnaire", "version")
        if len(nodes) == 1:
            self.error(fields["versions"].line, msg.VERSIONS_TOO_FEW)
        seen: dict[str, int] = {}
        read = []
        for number, node in enumerate(nodes, 1):
            where = f"version {number}"
            parts = self.mapping(node, where, VERSION_KEYS, ("id", "name", "choice"))
            if parts is None:
                continue
            ident = self.ident(parts, where, seen, "among the versions")
            leave_out = []
            for item in self.items(parts, "leave_out", where, "question"):
                if isinstance(item.value, str):
                    leave_out.append((item.value.strip(), item.line))
                else:
                    self.error(item.line, msg.WRONG_KIND.format(
                        where=where, key="leave_out", expected="a question's id", found=item.kind))
            words_node = parts.get("words")
            if words_node is not None and not isinstance(words_node.value, dict):
                self.error(words_node.line, msg.NOT_MAPPING.format(
                    where=f"{where}, words", found=words_node.kind))
                words_node = None
            words = self.texts(words_node, f"version '{ident}', words") if words_node else {}
            version = Version(
                id=ident, name=self.text(parts, "name", where, required=True),
                choice=self.text(parts, "choice", where, required=True),
                leave_out=tuple(item for item, _ in leave_out), words=words, line=node.line)
            read.append((version, node, leave_out, words_node))
        return read

    def question_versions(self, fields: dict[str, Node], where: str) -> tuple[str, ...]:
        found = []
        for item in self.items(fields, "versions", where, "version"):
            if isinstance(item.value, str):
                found.append((item.value.strip(), item.line))
            else:
                self.error(item.line, msg.WRONG_KIND.format(
                    where=where, key="versions", expected="a version's id", found=item.kind))
        self._question_versions.append((where, found))
        return tuple(value for value, _ in found)

    def check_versions(self, fields: dict[str, Node], read, questions: dict[str, Question],
                       breakdown: str | None) -> None:
        """`leave_out` and a question's `versions` name what exists; nothing left out is needed."""
        ids = [version.id for version, *_ in read]
        for where, found in self._question_versions:
            for value, line in found:
                if not ids:
                    self.error(line, msg.QUESTION_VERSION_NONE.format(where=where, found=shown(value)))
                elif value not in ids:
                    self.error(line, msg.QUESTION_VERSION_UNKNOWN.format(
                        where=where, found=shown(value), allowed=", ".join(ids),
                        suggestion=suggestion(value, ids)))
        parts = [q.id for q in questions.values()] + [
            f"{q.id}.{s.id}" for q in questions.values() for s in q.statements]
        for version, node, leave_out, _ in read:
            where = f"version '{version.id}'"
            left = set()
            for value, line in leave_out:
                if value not in parts:
                    self.error(line, msg.LEAVE_OUT_UNKNOWN.format(
                        where=where, found=shown(value), suggestion=suggestion(value, parts)))
                elif value == breakdown:
                    self.error(line, msg.LEAVE_OUT_BREAKDOWN.format(where=where, found=value))
                left.add(value)
            for question in questions.values():
                asked = question.id not in left and (
                    not question.versions or version.id in question.versions)
                condition = question.show_if
                if asked and condition and (condition.question in left
                                            or f"{condition.question}.{condition.statement}" in left):
                    self.error(node.line, msg.LEAVE_OUT_NEEDED.format(
                        where=where, found=condition.question, other=f"question '{question.id}'"))
            if not any(q.id not in left and (not q.versions or version.id in q.versions)
                       and not q.retired for q in questions.values()):
                self.error(node.line, msg.NOT_EVERY_VERSION_ASKS.format(
                    where=where, version=version.id))

    def check_words(self, read, questionnaire: Questionnaire) -> None:
        """A version rewords only texts the consultation has."""
        known = [key for key in texts_of(questionnaire, retired=True) if not key.startswith("versions.")]
        for version, _, _, words_node in read:
            if words_node is None:
                continue
            for key, leaf in _leaves(words_node).items():
                if key not in known:
                    self.error(leaf.line, msg.WORDS_UNKNOWN.format(
                        where=f"version '{version.id}', words", key=shown(key),
                        suggestion=suggestion(key, known)))

    # -- translations ---------------------------------------------------------------------------
    def texts(self, node: Node, where: str) -> dict[str, str]:
        texts = {}
        for key, leaf in _leaves(node).items():
            if key in NOT_TEXTS:
                continue
            if isinstance(leaf.value, (str, int, float)) and not isinstance(leaf.value, bool) \
                    and str(leaf.value).strip():
                texts[key] = str(leaf.value).strip()
            else:
                self.error(leaf.line, msg.TEXT_NOT_TEXT.format(
                    where=where, key=shown(key), found=kind_of(leaf.value)
                    if not isinstance(leaf.value, str) else "no words"))
        return texts

    def translations(self, fields: dict[str, Node], questionnaire: Questionnaire) -> tuple[Translation, ...]:
        node = fields.get("translations")
        if node is None:
            return ()
        if not isinstance(node.value, dict):
            self.error(node.line, msg.NOT_MAPPING.format(where="translations", found=node.kind))
            return ()
        wanted = texts_of(questionnaire)
        keys = list(wanted)
        allowed = texts_of(questionnaire, retired=True)  # a retired part's words may stay
        read = []
        for code, block in node.value.items():
            where = f"translations, {shown(code)}"
            self.language_code(Node(code, block.line), "translations")
            if code == questionnaire.language:
                self.error(block.line, msg.TRANSLATION_OF_WORKING.format(where=where, code=code))
                continue
            if not isinstance(block.value, dict):
                self.error(block.line, msg.NOT_MAPPING.format(where=where, found=block.kind))
                continue
            leaves = _leaves(block)
            texts = self.texts(block, where)
            name = LANGUAGES[code].english if code in LANGUAGES else code
            missing = []
            for key in keys:
                if key in leaves:
                    continue
                if self.unfinished_translations:
                    missing.append(key)
                else:
                    self.error(_nearest_line(block, key), msg.TRANSLATION_MISSING.format(
                        code=code, name=name, key=key, english=shown(wanted[key], 50)))
            for key, leaf in leaves.items():
                if key not in allowed and key not in NOT_TEXTS:
                    self.error(leaf.line, msg.TRANSLATION_UNKNOWN.format(
                        code=code, key=shown(key), suggestion=suggestion(key, keys)))
            review = block.value.get("needs_review")
            if review is not None and review.value is True:
                needs = LANGUAGES[code].reviewer if code in LANGUAGES else "a native speaker"
            elif review is not None and isinstance(review.value, str):
                needs = review.value.strip()
            else:
                needs = ""
            read.append(Translation(code, texts, needs,
                                    {key: leaf.line for key, leaf in leaves.items()},
                                    missing=tuple(missing)))
        return tuple(read)
