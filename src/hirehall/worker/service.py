"""The worker itself: runs the registry's tasks (worker/tasks.py) and the network work
(webhook deliveries, emails) in the background of a process (`hirehall serve` unless
`--no-worker`, or `hirehall worker`), or everything due now at once (`POST /worker/run`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from hirehall.outbox.sending import EmailSender
from hirehall.runtime import Runtime
from hirehall.webhooks.delivery import Deliverer
from hirehall.worker.network import NetworkWork, wait_for_work
from hirehall.worker.rules import BATCH, COUNTERS, MAX_ROUNDS, POLL_SECONDS
from hirehall.worker.tasks import TASKS, Task

log = logging.getLogger("hirehall.worker")

# Seconds a stopping worker gives its running attempts before it abandons them (their leases
# end and another worker takes them again).
STOP_SECONDS = 5.0


class Worker:
    def __init__(
        self,
        runtime: Runtime,
        *,
        tasks: Sequence[Task] = TASKS,
        network: Sequence[NetworkWork] | None = None,
    ) -> None:
        self._runtime = runtime
        self._tasks = tuple(tasks)
        self._network: tuple[NetworkWork, ...] = (
            tuple(network) if network is not None else default_network(runtime)
        )
        self._running: list[asyncio.Task[None]] = []
        self._stop: asyncio.Event | None = None
        self._wake: list[asyncio.Event] = []
        # One `run_due` at a time per process: a second call waits and then finds little due.
        self._run_lock: asyncio.Lock | None = None

    async def run_due(self) -> dict[str, int]:
        """Does everything due now on the server clock, round after round until nothing is
        left, and says how much of each kind it did."""
        if self._run_lock is None:
            self._run_lock = asyncio.Lock()
        ran = dict.fromkeys(COUNTERS, 0)
        async with self._run_lock:
            for _ in range(MAX_ROUNDS):
                progress = 0
                for task in self._tasks:
                    done = await self._run_task(task)
                    ran[task.counter] += done
                    progress += done
                for work in self._network:
                    done = await work.run_due(BATCH)
                    ran[work.counter] += done
                    progress += done
                if progress == 0:
                    break
        return ran

    async def _run_task(self, task: Task) -> int:
        async with self._runtime.uow(write=True) as uow:
            return await task.run(uow, BATCH)

    def start(self) -> None:
        """Starts the background work on the running event loop."""
        if self._running:
            return
        self._stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        tasks_wake = asyncio.Event()
        self._wake = [tasks_wake]
        self._running.append(loop.create_task(self._serve_tasks(self._stop, tasks_wake)))
        for work in self._network:
            wake = asyncio.Event()
            self._wake.append(wake)
            self._running.append(loop.create_task(work.serve(self._stop, wake)))

    def wake(self) -> None:
        """New work may be due now (e.g. the sandbox clock moved)."""
        for event in self._wake:
            event.set()

    async def _serve_tasks(self, stop: asyncio.Event, wake: asyncio.Event) -> None:
        while not stop.is_set():
            progress = 0
            for task in self._tasks:
                try:
                    progress += await self._run_task(task)
                except Exception:  # one failing task must not stop the others
                    log.exception("worker task %s failed", task.name)
            if progress == 0:
                await wait_for_work(stop, wake, POLL_SECONDS * 2)

    async def stop(self) -> None:
        """Stops the background work and closes the network clients."""
        if self._stop is not None:
            self._stop.set()
        if self._running:
            _, pending = await asyncio.wait(self._running, timeout=STOP_SECONDS)
            for task in pending:
                task.cancel()
            for task in pending:
                with contextlib.suppress(BaseException):
                    await task
        self._running = []
        for work in self._network:
            await work.close()

    async def serve_forever(self) -> None:
        """`hirehall worker`: works until cancelled (SIGINT/SIGTERM)."""
        self.start()
        try:
            await asyncio.Event().wait()
        finally:
            await self.stop()


def default_network(runtime: Runtime) -> tuple[NetworkWork, ...]:
    deliverer = Deliverer(runtime.uow, runtime.settings, runtime.secret_key, runtime.clock.now)
    return (deliverer, EmailSender(runtime.uow, runtime.settings))
