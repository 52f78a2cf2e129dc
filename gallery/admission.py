"""Who may open a new dashboard session: a cap on visitor kernels and a per-client rate limit.

A public page that starts a ~250 MB Python process per visit is an easy way to exhaust a
server, by accident (a class of 60 pressing reload) or on purpose. Two limits keep the gallery
up: the number of kernels visitors hold at once (:class:`KernelCap`) and how many new sessions
one client may open per minute (:class:`ClientRateLimit`). Both answer with a reason the page
can show; neither raises, because a refusal is an expected outcome, not an error.
"""

from __future__ import annotations

import ipaddress
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum


class Refusal(Enum):
    """Why a visitor was not given a kernel; each has its own HTTP status."""

    BUSY = 503          # the kernel cap is reached: try again soon
    RATE_LIMITED = 429  # this client opened too many sessions in the last minute


@dataclass
class ClientRateLimit:
    """At most ``per_minute`` admissions per client in any sliding 60 s window (0 = no limit)."""

    per_minute: int
    clock: Callable[[], float] = time.monotonic
    window_s: float = 60.0
    _seen: dict[str, deque[float]] = field(default_factory=dict)

    def admit(self, client: str) -> bool:
        """Record one new session for ``client`` if it is within its limit; say whether it was."""
        if self.per_minute <= 0:
            return True
        now = self.clock()
        times = self._seen.setdefault(client, deque())
        while times and now - times[0] >= self.window_s:
            times.popleft()
        if len(times) >= self.per_minute:
            return False
        times.append(now)
        self._forget_quiet_clients(now)
        return True

    def retry_after_s(self, client: str) -> int:
        """Seconds until ``client`` may open a session again (at least 1)."""
        times = self._seen.get(client)
        if not times:
            return 1
        return max(1, int(self.window_s - (self.clock() - times[0])) + 1)

    def _forget_quiet_clients(self, now: float) -> None:
        # Bounded memory: drop clients whose newest session left the window.
        if len(self._seen) > 10_000:
            quiet = [client for client, times in self._seen.items()
                     if not times or now - times[-1] >= self.window_s]
            for client in quiet:
                del self._seen[client]


@dataclass
class KernelCap:
    """Admit a visitor while fewer than ``cap`` kernels are held by visitors.

    ``visitor_kernels`` is asked each time (the kernel manager's live count minus the preheated
    pool), so kernels shut down by the culler or by a closing tab free their place at once.
    Renders that do not have their kernel yet are added (:meth:`started`/:meth:`finished`): a
    burst of requests all arrive before any of their kernels exists, and counting kernels alone
    let 20 visitors through a cap of 10 in the benchmark. A render stops counting as soon as its
    kernel exists (``gallery.kernel_handout``), so a visitor is never counted twice.
    """

    cap: int
    visitor_kernels: Callable[[], int]
    rendering: int = 0

    def admit(self) -> bool:
        return self.visitor_kernels() + self.rendering < self.cap

    def started(self) -> None:
        self.rendering += 1

    def finished(self) -> None:
        self.rendering = max(0, self.rendering - 1)


@dataclass
class Admission:
    """Both checks in the order that matters: the cap first, so a refused visitor's retries
    while the gallery is full do not also use up their rate limit."""

    cap: KernelCap
    rate: ClientRateLimit

    def decide(self, client: str) -> Refusal | None:
        """None (and the render counted as started) or why the visitor is refused."""
        if not self.cap.admit():
            return Refusal.BUSY
        if not self.rate.admit(client):
            return Refusal.RATE_LIMITED
        self.cap.started()
        return None


def client_address(remote_ip: str, forwarded_for: str | None) -> str:
    """The visitor's address: behind the hub's proxy (a loopback peer) the last hop that
    configurable-http-proxy appended to ``X-Forwarded-For``; otherwise the peer itself.

    Only a loopback peer is trusted to forward, so a visitor cannot dodge the rate limit by
    sending their own ``X-Forwarded-For`` header straight to the gallery.
    """
    try:
        peer_is_proxy = ipaddress.ip_address(remote_ip).is_loopback
    except ValueError:
        return remote_ip
    if peer_is_proxy and forwarded_for:
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return remote_ip
