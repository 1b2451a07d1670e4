"""Read YAML into plain values that remember the line they came from.

`yaml.compose` keeps each node's position; we turn its node tree into `Node` objects holding a
Python value (dict of str -> Node, list of Node, or a scalar) and a 1-based line number, so that
every later message can say where the problem is. Duplicate keys, aliases and non-text keys are
reported here, since plain `yaml.safe_load` would silently accept or expand them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from . import messages as msg


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
                    self.errors.append((key_line, msg.KEY_NOT_TEXT.format(key=key)))
                    continue
                if key in result:
                    self.errors.append(
                        (key_line, msg.DUPLICATE_KEY.format(key=key, first=result[key].line))
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
            raise ReadError(line, msg.BAD_SCALAR.format(text=node.value, reason=error.problem))
        except ValueError:
            # Looks like a date but is not one (2026-02-30): keep the text, so the check of
            # that key can say what a date must look like.
            value = node.value
        if isinstance(value, str):
            value = value.rstrip("\n")  # block scalars (|) end with a newline nobody meant
        return Node(value, line)


def read(text: str) -> tuple[Node | None, list[tuple[int, str]]]:
    """Parse YAML text. Returns the root node (None if unreadable) and (line, message) errors."""
    errors: list[tuple[int, str]] = []
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = error.problem or error.context or "this is not valid YAML"
        lines = text.splitlines()
        bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = msg.TAB_HINT if "\t" in bad_line or "\t" in (error.problem or "") else ""
        return None, [(line, msg.NOT_YAML.format(problem=problem) + hint)]
    except yaml.YAMLError as error:  # not marked: rare (bad encoding and the like)
        return None, [(1, msg.NOT_YAML.format(problem=str(error)))]
    if root is None:
        return None, [(1, msg.EMPTY_FILE)]
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        # Refused before anything is expanded: aliases are how "billion laughs" files blow up.
        if isinstance(event, yaml.AliasEvent):
            return None, [(event.start_mark.line + 1, msg.ALIAS)]
    try:
        return _Reader(errors).convert(root), errors
    except ReadError as error:
        return None, errors + [(error.line, error.message)]
