"""Open-loop load: requests sent at a steady rate whatever the replies, as young people arrive.

Request i is planned for `start + i / rate` and sent at that time by whichever sender is free.
Its latency is measured from the planned time, not from when it was sent, so the time a request
waited for a free sender, because the server was slow to answer the ones before it, counts: a
stall cannot hide by slowing the load down ("coordinated omission", which a closed loop suffers,
where each client waits for its reply before sending again).

There are enough senders (threads with a keep-alive connection each, spread over a few
processes) to keep the schedule while replies take under senders / rate seconds. A request sent
more than LATE_AFTER behind its planned time is counted, by why: no sender was free at its time
(the senders fell behind: too few for how slowly the server answered), or its sender was free
but woke late (the machine running the senders was busy, as it is when they share the server's
cores).

Every sender of a process shares one session (one GET of the form: its cookie and CSRF token,
as many tabs of one browser would); each request carries a new submission id. Before the
schedule starts, each process sends one request that is not measured (a server just started
builds a form, a template, a connection the first time), but whose submission id is counted as
acknowledged, so that stored == acknowledged still holds.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from harness import (CONNECTION_ERRORS, REQUEST_TIMEOUT, Client, LoadResult, PageError,
                     percentile, send_one)

LATE_AFTER = 0.010     # seconds behind its planned time a request may be sent without counting
SETUP_SECONDS = 3.0    # for every process to start and fetch its form before the first request
MODES = ("post", "floor")


@dataclass
class RateResult(LoadResult):
    planned: int = 0      # requests the schedule held
    no_sender: int = 0    # sent over LATE_AFTER late because no sender was free at their time
    woke_late: int = 0    # sent over LATE_AFTER late by a sender that was waiting for it
    latest: float = 0.0   # seconds: the furthest behind schedule a request was sent

    def merge(self, other: "LoadResult") -> "RateResult":
        super().merge(other)
        if isinstance(other, RateResult):
            self.planned += other.planned
            self.no_sender += other.no_sender
            self.woke_late += other.woke_late
            self.latest = max(self.latest, other.latest)
        return self

    @property
    def kept_schedule(self) -> bool:
        """No request waited for a free sender."""
        return self.no_sender == 0


def default_senders(rate: float) -> int:
    """Two seconds of replies in flight at the planned rate, and never fewer than 20."""
    return max(20, int(2 * rate + 0.999))


def _sender_process(mode: str, port: int, threads: int, planned: list[float]) -> RateResult:
    """Send requests at the `planned` times (time.monotonic(), the same clock in every process
    on Linux) from `threads` senders sharing one session."""
    result = RateResult(started=planned[0] if planned else time.monotonic(), planned=len(planned))
    lock = threading.Lock()
    schedule = iter(planned)
    first = Client(port)
    fields = first.form() if mode == "post" else {}
    clients = [first] + [Client(port) for _ in range(threads - 1)]
    for client in clients[1:]:
        client.cookie = first.cookie
    sid, _, good = send_one(first, mode, fields)   # the warm-up, not measured
    if good and sid:
        result.acknowledged.append(sid)

    def run(client: Client) -> None:
        while True:
            with lock:
                at = next(schedule, None)
            if at is None:
                return
            free_late = time.monotonic() - at > LATE_AFTER
            if (wait := at - time.monotonic()) > 0:
                time.sleep(wait)
            sent = time.monotonic()
            try:
                sid, status, good = send_one(client, mode, fields)
            except CONNECTION_ERRORS as error:
                outcome = type(error).__name__
            except PageError as error:
                outcome = str(error)
            else:
                outcome = ""
            answered = time.monotonic()
            with lock:
                behind = sent - at
                result.latest = max(result.latest, behind)
                result.no_sender += free_late
                result.woke_late += behind > LATE_AFTER and not free_late
                if outcome:
                    result.errors[outcome] += 1
                else:
                    result.latencies.append(answered - at)
                    result.count(sid, status, good)

    workers = [threading.Thread(target=run, args=(client,)) for client in clients]
    for worker in workers:
        worker.start()
    deadline = (planned[-1] if planned else time.monotonic()) + 2 * REQUEST_TIMEOUT + 10
    for worker in workers:
        worker.join(timeout=max(0.0, deadline - time.monotonic()))
    result.ended = time.monotonic()
    result.reopened = sum(client.reopened for client in clients)
    for client in clients:
        client.close()
    return result


def load_at_rate(mode: str, port: int, rate: float, seconds: float, senders: int,
                 processes: int = 5) -> RateResult:
    """`rate` requests a second for `seconds` (mode `post`: complete Trafford responses;
    `floor`: the floor app's insert), from `senders` senders over `processes` processes; each
    process sends every processes-th request of the one schedule."""
    if mode not in MODES:
        raise ValueError(f"open-loop mode must be one of {', '.join(MODES)}, not {mode!r}")
    total = int(rate * seconds)
    processes = max(1, min(processes, senders, total))
    start_at = time.monotonic() + SETUP_SECONDS
    times = [start_at + i / rate for i in range(total)]
    share = [senders // processes + (1 if p < senders % processes else 0) for p in range(processes)]
    result = RateResult(started=start_at)
    with ProcessPoolExecutor(max_workers=processes) as pool:
        futures = [pool.submit(_sender_process, mode, port, share[p], times[p::processes])
                   for p in range(processes)]
        for future in futures:
            result.merge(future.result(timeout=SETUP_SECONDS + seconds + 3 * REQUEST_TIMEOUT + 30))
    return result


def rate_line(result: RateResult) -> str:
    ms = [1000 * x for x in result.latencies]
    return (f"p50 {percentile(ms, 50):6.1f} ms  p95 {percentile(ms, 95):6.1f} ms  "
            f"p99 {percentile(ms, 99):6.1f} ms  max {max(ms, default=float('nan')):6.1f} ms")


def schedule_line(result: RateResult) -> str:
    """Whether the senders kept the schedule, in words."""
    late = f"{1000 * LATE_AFTER:.0f} ms"
    words = ("the senders kept the schedule" if result.kept_schedule else
             f"the senders FELL BEHIND: {result.no_sender} of {result.planned} requests found no "
             f"sender free until over {late} after their time")
    if result.woke_late:
        words += (f"; {result.woke_late} were sent over {late} late by a sender woken late (a "
                  "busy machine)")
    return words + (f"; at most {1000 * result.latest:.0f} ms behind, which counts in the "
                    "latency")
