"""Load generators: wrk (preferred) or an asyncio client for HTTP at a concurrency, one
keep-alive connection for sequential latency, and the invite transaction without HTTP."""

from __future__ import annotations

import asyncio
import http.client
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass

from _setup import Target, bench_settings, fresh_trainer_id
from hirehall.auth.service import authenticate
from hirehall.proposals.service import invite
from hirehall.runtime import Runtime


@dataclass
class Result:
    label: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx answers + socket errors/timeouts
    tool: str

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Invites:
    """What each request of a run sends: `Authorization`, the job, fresh trainers
    `first .. first+count-1`, shared out in disjoint slices between the client's threads."""

    token: str
    job_id: str
    first: int
    count: int


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


# --- wrk -----------------------------------------------------------------------------------

_LUA_DONE = """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,' ..
    '"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""

_LUA_INVITES = """
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  base = FIRST + tid * SLICE
  n = 0
end
wrk.method = "POST"
wrk.path = "PATH"
wrk.headers["Authorization"] = "Bearer TOKEN"
wrk.headers["Content-Type"] = "application/json"
function request()
  local id = string.format("bt%024d", base + (n % SLICE))
  n = n + 1
  return wrk.format(nil, nil, nil, '{"freelancerId":"' .. id .. '"}')
end
"""


def _wrk(url: str, connections: int, seconds: float, threads: int, lua: str) -> dict[str, int]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="hirehall-bench-") as script:
        script.write(lua + _LUA_DONE)
        script.flush()
        cmd = [
            "wrk",
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            url,
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("BENCH_JSON "):
            data: dict[str, int] = json.loads(line.removeprefix("BENCH_JSON "))
            return data
    raise RuntimeError(f"wrk printed no summary:\n{out}")


def _from_wrk(label: str, data: dict[str, int]) -> Result:
    errors = sum(data[k] for k in ("status", "connect", "read", "write", "timeout"))
    return Result(
        label,
        data["requests"],
        data["duration_us"] / 1e6,
        data["p50_us"] / 1000,
        data["p99_us"] / 1000,
        errors,
        "wrk",
    )


# --- the asyncio fallback (competes with the server for the cores; wrk is preferred) -------


async def _py_worker(
    port: int, request_for: list[bytes] | None, fixed: bytes, stop: float, lat: list[float]
) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    errors = 0
    try:
        while time.perf_counter() < stop:
            if request_for is not None and not request_for:
                break  # out of fresh trainers
            payload = request_for.pop() if request_for else fixed
            start = time.perf_counter()
            writer.write(payload)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            lat.append(time.perf_counter() - start)
            errors += not 200 <= status < 300
    finally:
        writer.close()
    return errors


def _request(method: str, path: str, token: str | None = None, body: bytes = b"") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
    return head.encode() + b"\r\n" + body


async def _py_load(
    port: int, connections: int, seconds: float, invites: Invites | None
) -> tuple[int, float, list[float], int]:
    fixed = _request("GET", "/healthz")
    requests: list[bytes] | None = None
    if invites is not None:
        path = f"/api/public/v1/jobs/{invites.job_id}/invites"
        requests = [
            _request("POST", path, invites.token, _invite_body(invites.first + i))
            for i in reversed(range(invites.count))
        ]
    lat: list[float] = []
    start = time.perf_counter()
    stop = start + seconds
    errors = await asyncio.gather(
        *(_py_worker(port, requests, fixed, stop, lat) for _ in range(connections))
    )
    return len(lat), time.perf_counter() - start, sorted(lat), sum(errors)


def _invite_body(n: int) -> bytes:
    return json.dumps({"freelancerId": fresh_trainer_id(n)}).encode()


def http_load(
    label: str,
    port: int,
    connections: int,
    seconds: float,
    invites: Invites | None,
    *,
    threads: int = 2,
    use_wrk: bool = True,
) -> Result:
    """Drives /healthz (invites=None) or the invite endpoint for `seconds`."""
    if use_wrk:
        if invites is None:
            return _from_wrk(
                label, _wrk(f"http://127.0.0.1:{port}/healthz", connections, seconds, threads, "")
            )
        slice_ = invites.count // min(threads, connections)
        lua = (
            _LUA_INVITES.replace("FIRST", str(invites.first))
            .replace("SLICE", str(slice_))
            .replace("PATH", f"/api/public/v1/jobs/{invites.job_id}/invites")
            .replace("TOKEN", invites.token)
        )
        return _from_wrk(
            label, _wrk(f"http://127.0.0.1:{port}", connections, seconds, threads, lua)
        )
    n, took, lat, errors = asyncio.run(_py_load(port, connections, seconds, invites))
    return Result(
        label, n, took, percentile(lat, 50) * 1000, percentile(lat, 99) * 1000, errors, "python"
    )


def sequential(label: str, port: int, invites: Invites) -> Result:
    """`invites.count` invites one after another on one keep-alive connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    path = f"/api/public/v1/jobs/{invites.job_id}/invites"
    headers = {"Authorization": f"Bearer {invites.token}", "Content-Type": "application/json"}
    lat: list[float] = []
    errors = 0
    start = time.perf_counter()
    try:
        for i in range(invites.count):
            t0 = time.perf_counter()
            conn.request("POST", path, _invite_body(invites.first + i), headers)
            response = conn.getresponse()
            response.read()
            lat.append(time.perf_counter() - t0)
            errors += response.status != 201  # every trainer is fresh: anything else is wrong
    finally:
        conn.close()
    took = time.perf_counter() - start
    lat.sort()
    return Result(
        label,
        len(lat),
        took,
        percentile(lat, 50) * 1000,
        percentile(lat, 99) * 1000,
        errors,
        "http.client",
    )


# --- the same transaction without HTTP -----------------------------------------------------


async def _no_http(
    target: Target, invites: Invites, tasks: int, seconds: float
) -> tuple[int, float, list[float], int]:
    runtime = Runtime(bench_settings(target.url))
    authorization = f"Bearer {invites.token}"
    slice_ = invites.count // tasks
    lat: list[float] = []
    errors = 0
    done = [0] * tasks  # invites made so far by each task (its slice of fresh trainers)

    async def worker(k: int, stop: float) -> None:
        nonlocal errors
        while done[k] < slice_ and time.perf_counter() < stop:
            fid = fresh_trainer_id(invites.first + k * slice_ + done[k])
            done[k] += 1
            t0 = time.perf_counter()
            async with runtime.uow(write=True) as uow:
                principal = await authenticate(uow, authorization)
                _, created = await invite(uow, principal, job_id=invites.job_id, freelancer_id=fid)
            lat.append(time.perf_counter() - t0)
            errors += not created  # every trainer is fresh: a repeat would be wrong

    try:
        # Warm the pool and the statement caches first, outside the measurement.
        await asyncio.gather(*(worker(k, time.perf_counter() + 0.5) for k in range(tasks)))
        lat.clear()
        errors = 0
        start = time.perf_counter()
        stop = start + seconds
        await asyncio.gather(*(worker(k, stop) for k in range(tasks)))
        took = time.perf_counter() - start
    finally:
        await runtime.dispose()
    return len(lat), took, sorted(lat), errors


def no_http(label: str, target: Target, invites: Invites, tasks: int, seconds: float) -> Result:
    n, took, lat, errors = asyncio.run(_no_http(target, invites, tasks, seconds))
    return Result(
        label, n, took, percentile(lat, 50) * 1000, percentile(lat, 99) * 1000, errors, "asyncio"
    )
