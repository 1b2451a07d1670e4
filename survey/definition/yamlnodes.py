"""Read YAML into plain values that remember the line they came from.

`yaml.compose` keeps each node's position; we turn its node tree into `Node` objects holding a
Python value (dict of str -> Node, list of Node, or a scalar) and a 1-based line number, so that
every later message can say where the problem is. Duplicate keys, aliases and non-text keys are
reported here, since plain `yaml.safe_load` would silently accept or expand them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from survey.definition import messages as msg


@dataclass
class Node:
    value: Any
    line: int

    @property
    def kind(self) -> str:
        return kind_of(self.value)


def kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def shown(value: Any, limit: int = 60) -> Any:
    """A value as a message quotes it: a 900 KB id must not make a 900 KB message."""
    text = value if isinstance(value, str) else str(value)
    return value if len(text) <= limit else text[: limit - 1] + "…"


# Characters no one can see, that HTML and spreadsheets refuse; a file cannot hold them, but a
# quoted "\x0b" or "\udc80" escape can still write them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class ReadError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Reader:
    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        self.seen: set[int] = set()
        self._scalars = yaml.SafeLoader("")

    def convert(self, node: yaml.Node) -> Node:
        line = node.start_mark.line + 1
        if id(node) in self.seen:
            # The same node reached twice means an alias (*name). Definitions have no need of them,
            # and expanding them is how "billion laughs" files exhaust memory.
            raise ReadError(line, msg.ALIAS)
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Node] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise ReadError(key_line, msg.ALIAS)
                key = self.convert(key_node).value
                if not isinstance(key, str):
                    self.errors.append((key_line, msg.KEY_NOT_TEXT.format(found=kind_of(key))))
                    continue
                if key in result:
                    self.errors.append(
                        (key_line, msg.DUPLICATE_KEY.format(key=shown(key), first=result[key].line))
                    )
                    continue
                value = self.convert(value_node)
                # Keys carry the line of the key itself, which is where people look.
                result[key] = Node(value.value, key_line if value.value is None else value.line)
            return Node(result, line)
        if isinstance(node, yaml.SequenceNode):
            return Node([self.convert(item) for item in node.value], line)
        try:
            value = self._scalars.construct_object(node)
        except yaml.YAMLError as error:
            raise ReadError(line, msg.BAD_SCALAR.format(text=shown(node.value), reason=error.problem))
        except ValueError:
            # Looks like a date but is not one (2026-02-30): keep the text, so the check of
            # that key can say what a date must look like.
            value = node.value
        if isinstance(value, str):
            value = value.rstrip("\n")  # block scalars (|) end with a newline nobody meant
            control = CONTROL.search(value)
            if control:
                self.errors.append((line, msg.CONTROL_IN_TEXT.format(
                    text=shown(value), code=ord(control.group()))))
        return Node(value, line)


# libyaml's parser when PyYAML was built with it: a large file parses ten times faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A definition nests 7 deep (sections > questions > options > option); far deeper is a mistake,
# and PyYAML's composer is recursive, so thousands of levels would overflow the stack.
MAX_DEPTH = 20
# Values (every text, number, list and mapping). A long questionnaire has about 2,000.
MAX_VALUES = 20_000
# Explicit tags a definition may use (!!str 1). Others (!!python/object, !!binary, !custom) are
# refused rather than silently read as something else.
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
# What YAML allows in a file (the same set PyYAML checks); anything else is binary or a control
# character, found here so that the message can give its line.
NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _shown_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!", 1)


def _check_events(text: str) -> list[tuple[int, str]]:
    """One pass over the parser's events, stopping at the first thing that must not be composed:
    an alias, a tag, nesting too deep or too many values. The parser itself keeps no recursion."""
    depth = values = 0
    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            # Refused before anything is expanded: aliases are how "billion laughs" files blow up.
            return [(line, msg.ALIAS)]
        if event.tag is not None and event.tag not in PLAIN_TAGS:
            return [(line, msg.TAG.format(tag=_shown_tag(event.tag)))]
        values += 1
        if values > MAX_VALUES:
            return [(line, msg.TOO_MANY_VALUES.format(limit=MAX_VALUES))]
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return [(line, msg.TOO_DEEP.format(limit=MAX_DEPTH))]
    return []


def read(text: str) -> tuple[Node | None, list[tuple[int, str]]]:
    """Parse YAML text. Returns the root node (None if unreadable) and (line, message) errors."""
    errors: list[tuple[int, str]] = []
    bad = NOT_PRINTABLE.search(text)
    if bad:
        return None, [(line_of(text, bad.start()), msg.BAD_CHARACTER.format(code=ord(bad.group())))]
    try:
        refused = _check_events(text)
        if refused:
            return None, refused
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = error.problem or error.context or "this is not valid YAML"
        if "maximum nesting depth" in problem:  # libyaml 0.2.5+ stops there, before our count
            return None, [(line, msg.TOO_DEEP.format(limit=MAX_DEPTH))]
        lines = text.splitlines()
        bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = msg.TAB_HINT if "\t" in bad_line or "\t" in (error.problem or "") else ""
        return None, [(line, msg.NOT_YAML.format(problem=problem) + hint)]
    except yaml.YAMLError as error:  # not marked: rare (bad encoding and the like)
        return None, [(1, msg.NOT_YAML.format(problem=str(error)))]
    if root is None:
        return None, [(1, msg.EMPTY_FILE)]
    try:
        node = _Reader(errors).convert(root)
    except ReadError as error:
        return None, errors + [(error.line, error.message)]
    if node.value is None:  # only "---", or "~"
        return None, [(1, msg.EMPTY_FILE)]
    return node, errors
