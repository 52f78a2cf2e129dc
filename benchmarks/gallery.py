"""Benchmark of the public Voilà gallery: time to interactive, concurrency, and the kernel cap.

Three measurements, each with its baseline in the same run (shared machines drift):

1. Time to interactive of each dashboard, plain ``voila dashboards/`` (what a naive deployment
   runs) against the gallery (preheated pool, warm numba cache). "Interactive" is the moment
   the dashboard's widgets are drawn in Chromium: their views are built from state fetched from
   the kernel over the websocket, so the kernel has answered the page by then.
2. N visitors (default 30; ``--visitors 10 30`` runs several counts, a fresh server each), the
   five dashboards in turn, arriving at once or evenly over ``--arrival`` seconds, each
   waiting at most ``--visitor-timeout``, once the gallery's pools are warm: ``--browsers B``
   of them are pages of one Chromium (default all), the others replay a page's requests
   without a browser (page, kernel websocket, widget state), because 30 Chromium pages need
   more CPU than this 2-core machine has beside the server; ``--pool-size`` sets the
   preheated kernels per dashboard. p50/p95 time to interactive (browsers) and to the widget
   state (replayed), errors (HTTP errors, console errors, timeouts), memory per kernel, and
   the CPU seconds the server tree and the browser used (they share the machine's cores).
3. 100 page loads against a gallery capped at 10 visitor kernels: how many got a dashboard,
   how many the "busy" page, whether the server stayed up, and its memory.

Run: ``.venv/bin/python benchmarks/gallery.py [--quick] [--only tti|concurrent|cap]``
(``--quick``: one repetition, 10 visitors, 30 loads). Prints a table and writes
``test-artifacts/gallery-benchmark.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import psutil
import requests
from playwright.async_api import Error as PlaywrightError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from percentiles import nearest_rank  # noqa: E402  (benchmarks/: the script's own directory)

from academy.hub.services import free_loopback_port  # noqa: E402
from gallery.catalogue import DASHBOARDS  # noqa: E402
from gallery.page_messages import read_message, shell_message, visitor_session  # noqa: E402
from gallery.websocket_guard import V1_SUBPROTOCOL  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
READY_SELECTOR = ".academy-component .js-plotly-plot"
DENIED = ["@jupyter/nbgrader", "jupyterlab-jupytext", "@jupyter-notebook/lab-extension",
          "@voila-dashboards/jupyterlab-preview"]
ARTIFACTS = Path(os.environ.get("ACADEMY_TEST_ARTIFACTS", PROJECT_ROOT / "test-artifacts"))


@contextmanager
def server(command: list[str], env: dict[str, str], name: str,
           pools: int = 0) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start a Voilà-based server, wait until it answers (and ``pools`` pools are full)."""
    port = free_loopback_port()
    log_path = ARTIFACTS / f"bench-{name}.log"
    log = log_path.open("w")
    process = subprocess.Popen([*command, f"--port={port}"], env={**os.environ, **env},
                               stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    try:
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start; see {log_path}")
            try:
                up = requests.get(url + "/", timeout=5).status_code == 200
            except (requests.ConnectionError, requests.Timeout):
                up = False  # not listening yet, or too busy starting its kernels to answer
            if up and log_path.read_text().count("is filled with") >= pools:
                break
            time.sleep(0.5)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def kernel_memory_mb(process: subprocess.Popen) -> list[float]:
    """Resident memory of each kernel process under ``process``."""
    sizes = []
    for child in psutil.Process(process.pid).children(recursive=True):
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                sizes.append(child.memory_info().rss / 2**20)
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return sizes


def tree_memory_mb(process: subprocess.Popen) -> float:
    total = 0.0
    for proc in [psutil.Process(process.pid), *psutil.Process(process.pid).children(True)]:
        try:
            total += proc.memory_info().rss / 2**20
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return total


async def time_to_interactive(browser, url: str, timeout_s: float = 150) -> dict:
    """Seconds from requesting ``url`` until the dashboard's widgets are drawn (None when not
    within ``timeout_s`` in all), and errors."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # Plain Voilà asks a CDN for FontAwesome; answer locally so both sides pay the same.
    await page.route("https://cdn.jsdelivr.net/**",
                     lambda route: route.fulfill(status=200, content_type="text/css", body=""))
    start = time.perf_counter()
    status = None
    try:
        response = await page.goto(url, timeout=timeout_s * 1000)
        status = response.status if response else None
        left_s = max(1.0, timeout_s - (time.perf_counter() - start))
        await page.wait_for_selector(READY_SELECTOR, timeout=left_s * 1000)
        elapsed = time.perf_counter() - start
    except PlaywrightError as error:  # a timeout or a crashed page: one error, keep going
        elapsed = None
        errors.append(f"{type(error).__name__}: {str(error)[:120]}")
    try:
        await asyncio.wait_for(context.close(), 15)
    except TimeoutError:
        errors.append("browser context did not close within 15 s")
    return {"seconds": elapsed, "status": status, "errors": errors}


async def replayed_visit(url: str, timeout_s: float, hold: asyncio.Event) -> dict:
    """A visitor without a browser: what a dashboard page asks of the server, replayed.

    Why: 30 Chromium pages cost ~240 CPU-seconds on this 2-core machine (measured), so a
    crowd of browsers measures the machine's browsers, not the gallery; real visitors bring
    their own devices. This client makes the same server work as a page: it requests the page
    (the gallery hands out a preheated kernel and streams the HTML), opens the kernel websocket,
    does the handshake (``kernel_info_request``), opens ipywidgets' control comm and asks for
    every widget's state (``request_states``, which the kernel answers with the whole
    dashboard's state), then keeps the connection open as a visitor looking at the page would,
    until ``hold`` is set, reading what the kernel sends. It speaks the v1 websocket protocol,
    as the page does (the gallery refuses others). "seconds" is until the widget state has
    arrived.
    """
    import re
    import uuid

    import websockets

    start = time.perf_counter()
    errors: list[str] = []
    session = visitor_session()

    def message(msg_type: str, content: dict, metadata: dict | None = None) -> tuple[str, bytes]:
        return shell_message(session, msg_type, content, metadata)

    async def reply_to(ws, msg_id: str, wanted) -> dict:
        while True:
            incoming = read_message(await ws.recv())
            if incoming["parent_header"].get("msg_id") == msg_id and wanted(incoming):
                return incoming

    try:
        response = await asyncio.to_thread(requests.get, url, timeout=timeout_s)
        if response.status_code != 200:
            return {"seconds": None, "status": response.status_code, "errors": []}
        kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', response.text).group(1)
        base = url.split("/voila/render/")[0].replace("http://", "ws://")
        cookies = "; ".join(f"{k}={v}" for k, v in response.cookies.items())
        left = max(1.0, timeout_s - (time.perf_counter() - start))
        async with asyncio.timeout(left) as deadline:
            async with websockets.connect(
                    f"{base}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}",
                    additional_headers={"Cookie": cookies}, max_size=None,
                    subprotocols=[V1_SUBPROTOCOL]) as ws:
                info_id, info = message("kernel_info_request", {})
                await ws.send(info)
                await reply_to(ws, info_id, lambda m: m["msg_type"] == "kernel_info_reply")
                comm_id = uuid.uuid4().hex
                await ws.send(message("comm_open", {"comm_id": comm_id, "data": {},
                                                    "target_name": "jupyter.widget.control"},
                                      {"version": "1.0.0"})[1])
                request_id, request = message("comm_msg", {"comm_id": comm_id,
                                                           "data": {"method": "request_states"}})
                await ws.send(request)
                states = await reply_to(
                    ws, request_id,
                    lambda m: m["msg_type"] == "comm_msg"
                    and m["content"]["data"].get("method") == "update_states")
                elapsed = time.perf_counter() - start
                if not states["content"]["data"]["states"]:
                    errors.append("the kernel sent no widget state")
                    elapsed = None
                deadline.reschedule(None)  # the time limit was for reaching the state
                while not hold.is_set():  # a visitor looking at the page: read what comes
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(ws.recv(), 1.0)
        return {"seconds": elapsed, "status": 200, "errors": errors}
    except (OSError, TimeoutError, AttributeError, requests.RequestException,
            websockets.WebSocketException) as error:
        return {"seconds": None, "status": None,
                "errors": [f"replayed visitor: {type(error).__name__}: {str(error)[:100]}"]}


async def _browser_run(coroutine_factory):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return await coroutine_factory(browser)
        finally:
            await browser.close()


def bench_time_to_interactive(repeats: int, numba_env: dict[str, str]) -> dict:
    """Plain Voilà vs the gallery, dashboard by dashboard, alternating, same run."""
    voila = [str(Path(sys.executable).with_name("voila")), str(PROJECT_ROOT / "dashboards"),
             "--no-browser", "--Voila.ip=127.0.0.1",
             f"--VoilaConfiguration.extension_denylist={DENIED!r}"]
    gallery = [sys.executable, "-m", "gallery"]
    gallery_env = {**numba_env, "ACADEMY_GALLERY_POOL_SIZE": "1", "ACADEMY_GALLERY_RATE_LIMIT": "0",
                   "ACADEMY_GALLERY_KERNEL_CAP": "50"}
    results: dict[str, dict[str, list[float]]] = {d.slug: {"plain": [], "gallery": []}
                                                  for d in DASHBOARDS}
    failures: list[dict] = []
    with server(voila, numba_env, "plain-voila") as (plain_url, _plain), \
            server(gallery, gallery_env, "gallery-tti", pools=len(DASHBOARDS)) as (
                gallery_url, gallery_process):

        async def run(browser):
            for _round in range(repeats):
                for dashboard in DASHBOARDS:
                    plain = await time_to_interactive(
                        browser, f"{plain_url}/voila/render/{dashboard.notebook}")
                    results[dashboard.slug]["plain"].append(plain["seconds"])
                    # Let the pool refill (as between two real visitors), then measure.
                    await asyncio.sleep(2)
                    await wait_for_refill(gallery_process)
                    ours = await time_to_interactive(
                        browser, f"{gallery_url}/voila/render/{dashboard.notebook}")
                    results[dashboard.slug]["gallery"].append(ours["seconds"])
                    for side, outcome in (("plain", plain), ("gallery", ours)):
                        if outcome["seconds"] is None:
                            failures.append({"dashboard": dashboard.slug, "side": side,
                                             "errors": outcome["errors"][-3:]})
        asyncio.run(_browser_run(run))
    return {**results, "failures": failures}


async def wait_for_refill(process: subprocess.Popen, settle_s: float = 60,
                          quiet_for_s: int = 8) -> None:
    """Wait (at most ``settle_s``) until the gallery's CPU has been quiet for ``quiet_for_s``
    seconds in a row: its pools' notebooks have run (at start, or after a used pool kernel
    was replaced). One quiet second is not enough: just after start the pool kernels are
    still launching and look idle for a moment before their notebooks run."""
    deadline = time.monotonic() + settle_s
    quiet = 0
    # The same Process objects each second: cpu_percent is measured since the previous call
    # on that object (a new object's first call always says 0).
    known: dict[int, psutil.Process] = {}
    while time.monotonic() < deadline and quiet < quiet_for_s:
        for proc in psutil.Process(process.pid).children(recursive=True):
            if proc.pid not in known:  # a new process: its first call only starts the count
                known[proc.pid] = proc
                with contextlib.suppress(psutil.NoSuchProcess, psutil.ZombieProcess):
                    proc.cpu_percent(interval=None)
        await asyncio.sleep(1.0)
        busy = 0.0
        for pid, proc in list(known.items()):
            try:
                busy += proc.cpu_percent(interval=None)
            except (psutil.NoSuchProcess, psutil.ZombieProcess):
                known.pop(pid)
        quiet = quiet + 1 if busy < 15 else 0


def _cpu_seconds(times) -> float:
    """A process's CPU time plus its exited, reaped children's (a closed page's renderer, a
    shut-down kernel), which no longer appear among the live processes."""
    return times.user + times.system + times.children_user + times.children_system


class CpuMeter:
    """CPU seconds used by the gallery's process tree and by Chromium's, between two samples.

    Both run on the same cores here, so this shows who the cores were busy for: the server and
    its kernels, or the visitors' browsers."""

    def __init__(self, server_process: subprocess.Popen) -> None:
        self.server = psutil.Process(server_process.pid)
        self.start = self._sample()

    @staticmethod
    def _tree_cpu(root: psutil.Process) -> float:
        total = 0.0
        for proc in [root, *root.children(recursive=True)]:
            try:
                total += _cpu_seconds(proc.cpu_times())
            except (psutil.NoSuchProcess, psutil.ZombieProcess):
                continue
        return total

    @staticmethod
    def _browser_cpu() -> float:
        """Our own Chromium's processes (descendants of this benchmark), not anyone else's."""
        total = 0.0
        for proc in psutil.Process(os.getpid()).children(recursive=True):
            try:
                if "chrom" in proc.name().lower():
                    total += _cpu_seconds(proc.cpu_times())
            except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
                continue
        return total

    def _sample(self) -> tuple[float, float, float]:
        return time.monotonic(), self._tree_cpu(self.server), self._browser_cpu()

    def stop(self) -> dict:
        end = self._sample()
        wall = end[0] - self.start[0]
        server_s, browser_s = end[1] - self.start[1], end[2] - self.start[2]
        return {"wall_s": wall, "server_cpu_s": server_s, "browser_cpu_s": browser_s,
                "cores_busy": (server_s + browser_s) / wall if wall else None,
                "browser_share": browser_s / (server_s + browser_s)
                if server_s + browser_s else None}


def bench_concurrent(visitors: int, numba_env: dict[str, str], arrival_s: float = 0.0,
                     timeout_s: float = 150, pool_size: int = 2,
                     preheat_concurrency: int = 1, browsers: int | None = None) -> dict:
    """``visitors`` visitors, the dashboards in turn, arriving evenly over ``arrival_s``
    seconds (0: all at once), each given ``timeout_s``: ``browsers`` of them (default all) are
    pages of one Chromium (a context each), the others replay a page's requests
    (:func:`replayed_visit`), spread among them. The gallery refills its pools
    ``preheat_concurrency`` kernels at a time (16: all at once, as Voilà does by itself)."""
    browsers = visitors if browsers is None else max(0, min(browsers, visitors))
    in_browser = {round(j * visitors / browsers) for j in range(browsers)} if browsers else set()
    env = {**numba_env, "ACADEMY_GALLERY_POOL_SIZE": str(pool_size),
           "ACADEMY_GALLERY_RATE_LIMIT": "0", "ACADEMY_GALLERY_KERNEL_CAP": str(visitors + 10),
           "ACADEMY_GALLERY_PREHEAT_CONCURRENCY": str(preheat_concurrency)}
    with server([sys.executable, "-m", "gallery"], env, "gallery-concurrent",
                pools=len(DASHBOARDS)) as (url, process):

        async def visit(browser, i: int, hold: asyncio.Event) -> dict:
            await asyncio.sleep(i * arrival_s / visitors)
            page_url = f"{url}/voila/render/{DASHBOARDS[i % len(DASHBOARDS)].notebook}"
            if i in in_browser:
                outcome = await time_to_interactive(browser, page_url, timeout_s=timeout_s)
            else:
                outcome = await replayed_visit(page_url, timeout_s, hold)
            return {**outcome, "browser": i in in_browser}

        async def run(browser):
            # Voilà logs a pool "filled" when its kernels have *started*; their notebooks
            # still run. Visitors arrive once the gallery is idle, i.e. the pools are warm.
            await wait_for_refill(process, settle_s=900)
            meter = CpuMeter(process)
            hold = asyncio.Event()
            tasks = [asyncio.create_task(visit(browser, i, hold)) for i in range(visitors)]
            browser_tasks = [t for i, t in enumerate(tasks) if i in in_browser]
            await asyncio.gather(*browser_tasks)
            # replayed visitors stay connected until every browser page is done
            hold.set()
            outcomes = await asyncio.gather(*tasks)
            return outcomes, meter.stop()

        outcomes, cpu = asyncio.run(_browser_run(run))
        kernels = kernel_memory_mb(process)
        total = tree_memory_mb(process)
    times = sorted(o["seconds"] for o in outcomes if o["seconds"] is not None)
    in_page = sorted(o["seconds"] for o in outcomes if o["seconds"] is not None and o["browser"])
    replayed = sorted(o["seconds"] for o in outcomes
                      if o["seconds"] is not None and not o["browser"])
    errors = [e for o in outcomes for e in o["errors"]] + [
        f"HTTP {o['status']}" for o in outcomes if o["status"] not in (200, None)]
    return {"visitors": visitors, "browsers": browsers, "arrival_s": arrival_s,
            "timeout_s": timeout_s,
            "pool_per_dashboard": pool_size, "preheat_concurrency": preheat_concurrency,
            "interactive": len(times),
            "p50_s": _median(times),
            "p95_s": nearest_rank(times, 0.95),
            "max_s": times[-1] if times else None,
            "browser_pages": {"interactive": len(in_page), "p50_s": _median(in_page),
                              "p95_s": nearest_rank(in_page, 0.95)},
            "replayed": {"state_received": len(replayed), "p50_s": _median(replayed),
                         "p95_s": nearest_rank(replayed, 0.95)},
            "errors": errors, "kernels": len(kernels),
            "kernel_mb_median": statistics.median(kernels) if kernels else None,
            "server_tree_mb": total, "cpu": cpu, "load_avg_after": os.getloadavg()}


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def bench_cap(loads: int, cap: int, numba_env: dict[str, str]) -> dict:
    """``loads`` page requests (20 at a time) against a gallery capped at ``cap`` kernels."""
    env = {**numba_env, "ACADEMY_GALLERY_POOL_SIZE": "1", "ACADEMY_GALLERY_RATE_LIMIT": "0",
           "ACADEMY_GALLERY_KERNEL_CAP": str(cap)}
    with server([sys.executable, "-m", "gallery"], env, "gallery-cap",
                pools=len(DASHBOARDS)) as (url, process):
        asyncio.run(wait_for_refill(process, settle_s=900))

        def load(i: int) -> tuple[int, float]:
            dashboard = DASHBOARDS[i % len(DASHBOARDS)]
            start = time.perf_counter()
            try:
                status = requests.get(f"{url}/voila/render/{dashboard.notebook}",
                                      timeout=300).status_code
            except requests.RequestException:
                status = -1
            return status, time.perf_counter() - start

        with ThreadPoolExecutor(max_workers=20) as pool:
            outcomes = list(pool.map(load, range(loads)))
        alive = process.poll() is None and requests.get(url + "/", timeout=30).ok
        kernels = kernel_memory_mb(process)
        total = tree_memory_mb(process)
    statuses: dict[str, int] = {}
    for status, _seconds in outcomes:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    busy_times = [s for status, s in outcomes if status == 503]
    return {"loads": loads, "cap": cap, "statuses": statuses, "alive_after": alive,
            "kernels_after": len(kernels), "server_tree_mb": total,
            "busy_page_median_s": statistics.median(busy_times) if busy_times else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and visitors")
    parser.add_argument("--only", choices=["tti", "concurrent", "cap"], action="append")
    parser.add_argument("--visitors", type=int, nargs="+", default=None,
                        help="concurrent part: visitor counts to run, one server each "
                        "(default 30, or 10 with --quick)")
    parser.add_argument("--arrival", type=float, default=0.0,
                        help="concurrent part: spread the visitors' arrivals evenly over this "
                        "many seconds (default 0: all at once)")
    parser.add_argument("--preheat-concurrency", type=int, nargs="+", default=[16, 1],
                        help="concurrent part: pool refills at once, one server each, same "
                        "visitors (default: 16 = all at once, Voilà's own way, then 1)")
    parser.add_argument("--pool-size", type=int, default=2,
                        help="concurrent part: preheated kernels per dashboard (default 2; "
                        "an event expecting a crowd sizes it to the crowd)")
    parser.add_argument("--browsers", type=int, default=None,
                        help="concurrent part: how many visitors are Chromium pages (default "
                        "all); the rest replay a page's requests without a browser")
    parser.add_argument("--visitor-timeout", type=float, default=150,
                        help="concurrent part: seconds each visitor waits (default 150)")
    args = parser.parse_args()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    numba_cache = ARTIFACTS / "bench-numba-cache"
    numba_env = {"ACADEMY_NUMBA_CACHE_DIR": str(numba_cache), "NUMBA_CACHE_DIR": str(numba_cache)}
    parts = args.only or ["tti", "concurrent", "cap"]
    report: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                "load_avg": os.getloadavg(), "platform": platform.platform()},
                    "versions": _versions()}
    if "tti" in parts:
        tti = bench_time_to_interactive(1 if args.quick else 2, numba_env)
        report["time_to_interactive_s"] = tti
        report["load_avg_after_tti"] = os.getloadavg()
        print(f"{'dashboard':<24}{'plain voila (s)':>18}{'gallery (s)':>14}{'ratio':>8}")
        for failure in tti["failures"]:
            print("not interactive:", failure)
        for slug, runs in tti.items():
            if slug == "failures":
                continue
            plain = statistics.median([t for t in runs["plain"] if t is not None] or [float("nan")])
            ours = statistics.median([t for t in runs["gallery"] if t is not None]
                                     or [float("nan")])
            print(f"{slug:<24}{plain:>18.2f}{ours:>14.2f}{ours / plain:>8.2f}")
    if "concurrent" in parts:
        report["concurrent"] = []
        for visitors in args.visitors or [10 if args.quick else 30]:
            runs = []
            for preheat in args.preheat_concurrency:
                concurrent = bench_concurrent(visitors, numba_env, arrival_s=args.arrival,
                                              timeout_s=args.visitor_timeout,
                                              pool_size=args.pool_size,
                                              preheat_concurrency=preheat,
                                              browsers=args.browsers)
                report["concurrent"].append(concurrent)
                runs.append(concurrent)
                print(json.dumps({**concurrent, "errors": _summarise(concurrent["errors"])},
                                 indent=1))
            _print_preheat_comparison(runs)
    if "cap" in parts:
        cap = bench_cap(30 if args.quick else 100, 10, numba_env)
        report["cap"] = cap
        print(json.dumps(cap, indent=1))
    out = ARTIFACTS / "gallery-benchmark.json"
    out.write_text(json.dumps(report, indent=1))
    print(f"wrote {out}")
    return 0


def _print_preheat_comparison(runs: list[dict]) -> None:
    """One line per refill setting, and p50 time to interactive against the first (baseline)."""
    base = runs[0]
    for run in runs:
        ratio = (f"{run['p50_s'] / base['p50_s']:.2f}" if run["p50_s"] and base["p50_s"]
                 else "-")
        print(f"visitors {run['visitors']:>3} ({run['browsers']} in Chromium)  "
              f"pool {run['pool_per_dashboard']:>2}  "
              f"refills at once {run['preheat_concurrency']:>2}  "
              f"interactive {run['interactive']:>3}  p50 {run['p50_s'] or float('nan'):7.1f} s  "
              f"p95 {run['p95_s'] or float('nan'):7.1f} s  p50 vs first {ratio}  "
              f"errors {len(run['errors'])}")


def _summarise(errors: list[str]) -> dict[str, int]:
    """Errors counted by their first 60 characters (30 identical timeouts are one line)."""
    counts: dict[str, int] = {}
    for error in errors:
        counts[error[:60]] = counts.get(error[:60], 0) + 1
    return counts


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("voila", "jupyter_server", "ipywidgets", "plotly",
                                             "tornado", "playwright")}


if __name__ == "__main__":
    sys.exit(main())
