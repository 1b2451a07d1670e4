"""The board report's document: sections of blocks (paragraphs, bullet lists, tables, pictures,
quotes) that `exports.board.word` and `exports.board.html` lay out, block by block. Made by
`exports.board.model.build`; nothing here knows where the words or figures came from.

What must stay true: every table has a header row; every picture its alt text; sections are
level 1 or 2, in reading order.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Union


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "not set"


# -- the blocks a section holds ------------------------------------------------------------------

@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # The first column names each row (a statement, an answer): written as a row header.
    row_headers: bool = True


@dataclass(frozen=True)
class Picture:
    title: str
    alt: str
    png: bytes


@dataclass(frozen=True)
class Quote:
    text: str


Block = Union[Paragraph, Bullets, Table, Picture, Quote]


@dataclass(frozen=True)
class Section:
    heading: str
    level: int                       # 1 or 2
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Report:
    title: str
    council: str
    made_on: date
    sections: tuple[Section, ...]
    includes_demo: bool = False

    @property
    def header(self) -> str:
        """The running header of every page: the council's name and the date."""
        return f"{self.council}: board report, {long_date(self.made_on)}"

    @property
    def outline(self) -> list[tuple[int, str]]:
        return [(s.level, s.heading) for s in self.sections]
