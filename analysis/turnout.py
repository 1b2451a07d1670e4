"""How many took part, by channel, against how many were invited: the response rate in words.

A response typed in from a group session stands for everyone who took part in it (its group
size), so the rate counts people: "15 of 40 invited took part (37.5%): 6 online, 1 on paper, 8
in 1 group session". The small-number rules count responses, unweighted (a session is one
response), so the published sentence gives the people in all and only the channels whose
response counts `analysis.disclosure.count_table` shows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .disclosure import count_table, fewer_than

CHANNEL_WORDS = {"online": "online", "paper": "on paper", "group": "in {sessions}"}


@dataclass(frozen=True)
class Channel:
    responses: int
    people: int


@dataclass(frozen=True)
class Turnout:
    invited: int | None                       # recorded by an officer, or codes made; None: unknown
    channels: dict[str, Channel] = field(default_factory=dict)   # in the order to show them

    @property
    def responses(self) -> int:
        return sum(c.responses for c in self.channels.values())

    @property
    def people(self) -> int:
        return sum(c.people for c in self.channels.values())

    @property
    def percent(self) -> float | None:
        return 100.0 * self.people / self.invited if self.invited else None

    def sentence(self, threshold: int | None = None) -> str:
        """The rate in words: every figure for the team (`threshold` None); published, with
        small numbers hidden, for anyone else."""
        if threshold is not None and 0 < self.responses < threshold:
            invited = f", from the {self.invited:,} invited" if self.invited else ""
            return f"There were {fewer_than(threshold)} responses{invited}."
        counts = {key: c.responses for key, c in self.channels.items()}
        shown = counts if threshold is None else count_table(counts, threshold)
        head = (f"{self.people:,} of {self.invited:,} invited took part ({self.percent:.1f}%)"
                if self.invited else
                f"{self.people:,} {'person' if self.people == 1 else 'people'} took part")
        parts = [f"{self.channels[key].people:,} {_words(key, self.channels[key].responses)}"
                 for key, n in shown.items() if n]
        if parts and None in shown.values():
            parts.append("the rest not shown (small numbers)")
        return head + (": " + ", ".join(parts) if parts else "") + "."


def _words(channel: str, responses: int) -> str:
    words = CHANNEL_WORDS.get(channel, channel)
    return words.format(sessions=f"{responses:,} group session{'' if responses == 1 else 's'}")
