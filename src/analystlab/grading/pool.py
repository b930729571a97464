"""A pool of warm grading workers on the instructor's side.

Each worker is one sandboxed `runner` process that has already started Python and imported the
libraries; it grades one submission at a time in a fresh fork. The pool hands out jobs, enforces a
hard deadline per job from outside the sandbox, and replaces a worker that dies or hangs — the job
it was running is reported as crashed or timed out, and the batch goes on.
"""

from __future__ import annotations

import os
import queue
import select
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator

from . import protocol
from .sandbox import WorkerSpec

START_TIMEOUT = 120.0


class WorkerFailure(Exception):
    """A worker died, hung or sent garbage."""


class WorkerProcess:
    """One running worker and the pipes to it."""

    def __init__(self, spec: WorkerSpec, preload: list[str]) -> None:
        self.spec, self.preload = spec, preload
        self.log = tempfile.TemporaryFile()
        self.proc: subprocess.Popen | None = None
        self.info: dict = {}

    def start(self) -> None:
        self.proc = subprocess.Popen(self.spec.argv, env=self.spec.env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log, start_new_session=True)
        protocol.write_message(self.proc.stdin.fileno(), {"preload": self.preload})
        self.info = self._read(time.monotonic() + START_TIMEOUT)

    def stderr_tail(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-1500:]

    def _read(self, deadline: float) -> dict:
        buffer = protocol.MessageBuffer()
        fd = self.proc.stdout.fileno()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerFailure("timeout")
            ready, _, _ = select.select([fd], [], [], min(remaining, 1.0))
            if not ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise WorkerFailure(f"worker exited: {self.stderr_tail()}")
            try:
                messages = buffer.feed(chunk)
            except protocol.ProtocolError as exc:
                raise WorkerFailure(str(exc)) from exc
            if messages:
                return messages[0]

    def run(self, job: dict, deadline_seconds: float) -> dict:
        try:
            protocol.write_message(self.proc.stdin.fileno(), job)
        except OSError as exc:
            raise WorkerFailure(f"worker gone: {exc}") from exc
        return self._read(time.monotonic() + deadline_seconds)

    def kill(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            protocol.write_message(self.proc.stdin.fileno(), {"t": "stop"})
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class Pool:
    """`workers` warm workers; `run(jobs)` yields (job, reply) in completion order."""

    def __init__(self, spec: WorkerSpec, workers: int, preload: list[str]) -> None:
        self.spec, self.size, self.preload = spec, max(1, workers), preload
        self.failed_imports: list[str] = []

    def _new_worker(self) -> WorkerProcess:
        worker = WorkerProcess(self.spec, self.preload)
        try:
            worker.start()
        except (WorkerFailure, OSError) as exc:
            worker.kill()
            raise WorkerFailure(f"a grading worker did not start: {exc}") from exc
        self.failed_imports = worker.info.get("failed", [])
        return worker

    def run(self, jobs: Iterable[dict], deadline_for) -> Iterator[tuple[dict, dict]]:
        todo: queue.Queue = queue.Queue()
        for job in jobs:
            todo.put(job)
        done: queue.Queue = queue.Queue()
        count = todo.qsize()

        def serve() -> None:
            worker = None
            try:
                while True:
                    try:
                        job = todo.get_nowait()
                    except queue.Empty:
                        return
                    if worker is None:
                        try:
                            worker = self._new_worker()
                        except WorkerFailure as exc:
                            done.put((job, {"stopped": f"worker error: {exc}", "cells": {}, "events": []}))
                            continue
                    try:
                        reply = worker.run(job, deadline_for(job))
                    except WorkerFailure as exc:
                        worker.kill()
                        worker = None
                        stopped = "notebook_timeout" if str(exc) == "timeout" else "worker_died"
                        reply = {"stopped": stopped, "cells": {}, "events": [], "worker_error": str(exc)}
                    done.put((job, reply))
            finally:
                if worker is not None:
                    worker.stop()

        threads = [threading.Thread(target=serve, daemon=True) for _ in range(min(self.size, count))]
        for thread in threads:
            thread.start()
        for _ in range(count):
            yield done.get()
        for thread in threads:
            thread.join()
