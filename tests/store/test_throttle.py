"""The throttle's rules: a guess is counted before it is checked, a target's wrong tries wait
longer and longer, and a right guess gives its count back."""
from __future__ import annotations

import pytest

from survey.store import throttle

START = 1_800_000_000.0


@pytest.fixture
def clock(monkeypatch):
    now = [START]
    monkeypatch.setattr(throttle, "now", lambda: now[0])
    return now


def wrong(db, **keys) -> throttle.Slot | throttle.Wait:
    return throttle.take(db, keys)


def test_a_browsers_wrong_tries_wait_longer_and_longer_then_stop(db, clock):
    for _ in range(5):
        assert isinstance(wrong(db, **{"code-browser": "b1"}), throttle.Slot)
    waits, tries = [], 5
    for _ in range(100):  # each wait kept, until the most is reached
        slot = wrong(db, **{"code-browser": "b1"})
        if isinstance(slot, throttle.Slot):
            tries += 1
        elif slot.limit:
            break
        else:
            waits.append(slot.seconds)
            clock[0] += slot.seconds
    assert tries == throttle.RULES["code-browser"].most
    assert waits[:7] == [2, 4, 8, 16, 32, 60, 60]
    assert slot.limit and slot.seconds == throttle.WINDOW_SECONDS
    clock[0] += throttle.WINDOW_SECONDS  # a window later, the browser starts again
    assert isinstance(wrong(db, **{"code-browser": "b1"}), throttle.Slot)


def test_a_wait_is_counted_from_the_last_try(db, clock):
    for _ in range(5):
        wrong(db, **{"resume-browser": "b1"})
    clock[0] += 1.5
    assert wrong(db, **{"resume-browser": "b1"}) == throttle.Wait(1, limit=False)
    assert isinstance(wrong(db, **{"resume-browser": "b2"}), throttle.Slot)  # another browser


def test_a_right_guess_gives_back_its_slot_and_clears_its_target(db, clock):
    address = throttle.address_hash("secret", "10.0.0.1")
    for _ in range(4):
        wrong(db, **{"code-browser": "b1", "code-address": address})
    slot = wrong(db, **{"code-browser": "b1", "code-address": address})
    throttle.succeeded(db, slot)
    tries = dict(db.execute("SELECT key, count(*) FROM sign_in_failures GROUP BY key"))
    assert tries == {f"code-address:{address}": 4}  # the four wrong ones still count there


def test_refused_tries_are_not_counted(db, clock):
    for _ in range(7):
        wrong(db, account="officer1")
    assert db.execute("SELECT count(*) FROM sign_in_failures").fetchone()[0] == 5
