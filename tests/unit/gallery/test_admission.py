"""The kernel cap and the per-client rate limit, with an injected clock."""

from __future__ import annotations

from gallery.admission import Admission, ClientRateLimit, KernelCap, Refusal, client_address


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limit_is_a_sliding_minute_per_client():
    clock = FakeClock()
    limit = ClientRateLimit(per_minute=3, clock=clock)
    assert [limit.admit("a") for _ in range(4)] == [True, True, True, False]
    assert limit.admit("b")  # another client has its own budget
    assert limit.retry_after_s("a") == 61
    clock.now += 59.0
    assert not limit.admit("a")
    clock.now += 1.0  # the first session leaves the window
    assert limit.admit("a")


def test_zero_switches_the_rate_limit_off():
    limit = ClientRateLimit(per_minute=0)
    assert all(limit.admit("a") for _ in range(1000))


def test_cap_reads_the_live_count_each_time():
    live = [0]
    admission = Admission(KernelCap(2, lambda: live[0]), ClientRateLimit(per_minute=100))
    assert admission.decide("a") is None
    admission.cap.finished()  # its render is done; from now on only kernels count
    live[0] = 2
    assert admission.decide("a") is Refusal.BUSY
    live[0] = 1  # the culler freed one
    assert admission.decide("a") is None


def test_a_burst_is_capped_before_any_kernel_exists():
    admission = Admission(KernelCap(3, lambda: 0), ClientRateLimit(per_minute=0))
    decisions = [admission.decide(f"client{i}") for i in range(5)]
    assert decisions == [None, None, None, Refusal.BUSY, Refusal.BUSY]
    admission.cap.finished()  # one render done (its kernel would now be counted instead)
    assert admission.decide("late") is None


def test_refusals_while_full_do_not_use_up_the_rate_limit():
    live = [5]
    rate = ClientRateLimit(per_minute=1)
    admission = Admission(KernelCap(5, lambda: live[0]), rate)
    for _ in range(10):
        assert admission.decide("a") is Refusal.BUSY
    live[0] = 0
    assert admission.decide("a") is None
    admission.cap.finished()
    assert admission.decide("a") is Refusal.RATE_LIMITED
    assert Refusal.BUSY.value == 503 and Refusal.RATE_LIMITED.value == 429


def test_forwarded_address_is_trusted_only_from_the_local_proxy():
    assert client_address("127.0.0.1", "198.51.100.7") == "198.51.100.7"
    assert client_address("127.0.0.1", "10.0.0.1, 203.0.113.9") == "203.0.113.9"
    assert client_address("203.0.113.9", "127.0.0.1") == "203.0.113.9"  # spoofed header
    assert client_address("127.0.0.1", None) == "127.0.0.1"
