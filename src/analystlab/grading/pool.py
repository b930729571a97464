"""Warm grading workers on the instructor's side, two to a slot: a trainee worker and a test worker.

A slot grades one submission at a time. It walks the notebook in order: the trainee's and the given
cells go to the trainee worker (trainee.py), each test cell to the test worker (tester.py); when a
test asks for a trainee's value or calls a trainee's function, the slot carries the request over and
the plain-data answer back. The two workers live in separate sandboxes and never talk directly.
The slot holds a hard deadline on every reply, replaces a worker that dies, hangs or reports that it
is no longer clean, and the batch goes on; a submission's trouble costs at most that submission.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import protocol
from .cgroup import Cgroup
from .sandbox import WorkerSpec

START_TIMEOUT = 120.0
GIVEN_TIMEOUT = 300.0  # the test worker runs a notebook's given cells once (loading data)


class WorkerFailure(Exception):
    """A worker died, hung or sent garbage."""


class WorkerProcess:
    """One running worker and the pipes to it."""

    def __init__(self, spec: WorkerSpec, preload: list[str], cgroup: Cgroup | None = None) -> None:
        self.spec, self.preload, self.cgroup = spec, preload, cgroup
        self.log = tempfile.TemporaryFile()
        self.proc: subprocess.Popen | None = None
        self.info: dict = {}

    def start(self) -> None:
        join = self.cgroup.join if self.cgroup is not None else None
        self.proc = subprocess.Popen(self.spec.argv, env=self.spec.env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log, start_new_session=True,
                                     preexec_fn=join)  # noqa: PLW1509 - joins the cgroup before exec
        self.send({"preload": self.preload})
        self.info = self.read(time.monotonic() + START_TIMEOUT)

    def stderr_tail(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-1500:]

    def send(self, message: dict) -> None:
        try:
            protocol.write_message(self.proc.stdin.fileno(), message)
        except (OSError, ValueError) as exc:
            raise WorkerFailure(f"worker gone: {exc}") from exc

    def read(self, deadline: float, limit: int = protocol.MAX_MESSAGE) -> dict:
        buffer = protocol.MessageBuffer(limit=limit)
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

    def kill(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.cgroup is not None:
            self.cgroup.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            self.send({"t": "stop"})
            self.proc.wait(timeout=5)
        except (WorkerFailure, subprocess.TimeoutExpired):
            pass
        self.kill()


class Slot:
    """A trainee worker and a test worker that grade one submission at a time."""

    def __init__(self, make_specs, preload: list[str], tester_preload: list[str], limits: dict) -> None:
        self.jobs = Path(tempfile.mkdtemp(prefix="analystlab-jobs-"))
        os.chmod(self.jobs, 0o755)
        self.trainee_spec, self.tester_spec = make_specs(self.jobs)
        self.preload, self.tester_preload = preload, tester_preload
        self.cgroup = Cgroup.create(limits)
        self.trainee: WorkerProcess | None = None
        self.tester: WorkerProcess | None = None
        self.failed_imports: list[str] = []

    def _trainee(self) -> WorkerProcess:
        if self.trainee is None:
            worker = WorkerProcess(self.trainee_spec, self.preload, self.cgroup)
            try:
                worker.start()
            except (WorkerFailure, OSError) as exc:
                worker.kill()
                raise WorkerFailure(f"a grading worker did not start: {exc}") from exc
            self.failed_imports = worker.info.get("failed", [])
            self.trainee = worker
        return self.trainee

    def _tester(self) -> WorkerProcess:
        if self.tester is None:
            worker = WorkerProcess(self.tester_spec, self.tester_preload)
            try:
                worker.start()
            except (WorkerFailure, OSError) as exc:
                worker.kill()
                raise WorkerFailure(f"the test worker did not start: {exc}") from exc
            self.tester = worker
        return self.tester

    def _drop(self, which: str) -> None:
        worker = getattr(self, which)
        if worker is not None:
            worker.kill()
        setattr(self, which, None)

    def close(self) -> None:
        for which in ("trainee", "tester"):
            worker = getattr(self, which)
            if worker is not None:
                worker.stop()
            setattr(self, which, None)
        if self.cgroup is not None:
            self.cgroup.remove()
        shutil.rmtree(self.jobs, ignore_errors=True)

    def grade(self, job: dict) -> dict:
        """Run one submission; the reply has each cell's outputs and each test's verdict."""
        trainee, tester = self._trainee(), self._tester()
        cells: dict[str, dict] = {}
        result = {"cells": cells, "stopped": None, "finished": False, "exit": None, "events": []}
        started = time.monotonic()
        grace = float(job["cell_timeout"]) + float(job["interrupt_grace"]) + 15
        limit = int(job["max_output_mb"]) * 1024 * 1024
        try:
            trainee.send({"t": "job", **{k: job[k] for k in ("cell_timeout", "interrupt_grace", "memory_mb",
                                                            "max_processes", "max_output_mb", "max_disk_mb")
                                             if k in job}})
            trainee.read(time.monotonic() + 30)
        except WorkerFailure as exc:
            self._drop("trainee")
            raise WorkerFailure(f"the trainee worker did not take the job: {exc}") from exc
        try:
            tester.send({"t": "job", "cells": job["source_cells"], "workdir": str(self._workdir(trainee))})
            tester.read(time.monotonic() + GIVEN_TIMEOUT)
        except WorkerFailure as exc:
            self._drop("tester")
            self._drop("trainee")
            raise WorkerFailure(f"the test worker could not prepare the notebook: {exc}") from exc
        stopped = None
        for spec in job["cells"]:
            if stopped is None and time.monotonic() - started > float(job["notebook_timeout"]):
                stopped = "notebook_timeout"
            if stopped is not None:
                break
            if spec["kind"] == "test":
                stopped = self._test(spec, cells, grace, limit)
            else:
                stopped = self._cell(spec, cells, grace, limit)
        result["stopped"] = stopped
        result["finished"] = stopped is None
        result["exit"], dirty = self._end(grace)
        if dirty:
            result["worker_note"] = "; ".join(dirty)
        if stopped is not None or dirty or result["exit"] not in (0, None):
            self._drop("trainee")  # the next submission starts in a new worker, as clean as a cold start
        result["seconds"] = round(time.monotonic() - started, 3)
        return result

    def _workdir(self, trainee: WorkerProcess) -> Path:
        return Path("/jobs/work") if trainee.spec.sandboxed else self.jobs / "work"

    def _cell(self, spec: dict, cells: dict, grace: float, limit: int) -> str | None:
        try:
            self.trainee.send({"t": "run", "source": spec["source"]})
            reply = self.trainee.read(time.monotonic() + grace, limit)
        except WorkerFailure as exc:
            self._drop("trainee")
            cells[str(spec["i"])] = {"outputs": []}
            return "worker_unresponsive" if str(exc) == "timeout" else (
                "output_limit" if "limit" in str(exc) else "worker_died")
        outputs = reply.get("outputs") if isinstance(reply.get("outputs"), list) else []
        cells[str(spec["i"])] = {"outputs": outputs, "timed_out": bool(reply.get("timed_out"))
                                 or reply.get("reason") == "cell_timeout"}
        return str(reply.get("reason")) if reply.get("t") == "stopped" else None

    def _test(self, spec: dict, cells: dict, grace: float, limit: int) -> str | None:
        stopped = None
        tester = self.tester
        try:
            tester.send({"t": "test", "i": spec["i"], "grade_id": spec["grade_id"], "segments": spec["segments"]})
            while True:
                message = tester.read(time.monotonic() + grace + 30)
                if message.get("t") == "verdict":
                    cells[str(spec["i"])] = message
                    return stopped
                if message.get("t") != "rpc":
                    raise WorkerFailure(f"unexpected message from the test worker: {message.get('t')!r}")
                if stopped is not None or self.trainee is None:
                    tester.send({"t": "stopped"})
                    continue
                try:
                    self.trainee.send(message.get("request", {}))
                    reply = self.trainee.read(time.monotonic() + grace, limit)
                except WorkerFailure as exc:
                    self._drop("trainee")
                    stopped = "worker_died" if str(exc) != "timeout" else "worker_unresponsive"
                    reply = {"t": "stopped"}
                if reply.get("t") == "stopped":
                    stopped = stopped or str(reply.get("reason"))
                tester.send(reply)
        except WorkerFailure as exc:
            self._drop("tester")
            cells[str(spec["i"])] = {"passed": False, "failed_in": "visible", "ename": "GraderError",
                                     "evalue": "the test could not be completed", "outputs": []}
            return stopped or f"test_failed: {str(exc)[:200]}"

    def _end(self, grace: float) -> tuple[int | None, list[str]]:
        if self.trainee is None:
            return None, []
        try:
            self.trainee.send({"t": "end"})
            reply = self.trainee.read(time.monotonic() + grace)
        except WorkerFailure:
            self._drop("trainee")
            return None, ["the worker did not finish the submission"]
        dirty = reply.get("dirty") if isinstance(reply.get("dirty"), list) else []
        return reply.get("exit"), [str(d) for d in dirty]


class Pool:
    """`workers` slots; `run(jobs)` yields (job, reply) in completion order."""

    def __init__(self, make_specs, workers: int, preload: list[str], tester_preload: list[str],
                 limits: dict) -> None:
        self.make_specs, self.size = make_specs, max(1, workers)
        self.preload, self.tester_preload, self.limits = preload, tester_preload, limits
        self.failed_imports: list[str] = []

    def run(self, jobs: Iterable[dict]) -> Iterator[tuple[dict, dict]]:
        todo: queue.Queue = queue.Queue()
        for job in jobs:
            todo.put(job)
        done: queue.Queue = queue.Queue()
        count = todo.qsize()

        def serve() -> None:
            slot = Slot(self.make_specs, self.preload, self.tester_preload, self.limits)
            try:
                while True:
                    try:
                        job = todo.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        reply = slot.grade(job)
                    except WorkerFailure as exc:
                        reply = {"stopped": f"worker error: {exc}", "cells": {}, "events": []}
                    except Exception as exc:  # noqa: BLE001 - one submission never stops the batch
                        slot._drop("trainee")
                        slot._drop("tester")
                        reply = {"stopped": f"grader_error: {type(exc).__name__}: {str(exc)[:200]}", "cells": {},
                                 "events": []}
                    self.failed_imports = slot.failed_imports
                    done.put((job, reply))
            finally:
                slot.close()

        threads = [threading.Thread(target=serve, daemon=True) for _ in range(min(self.size, count))]
        for thread in threads:
            thread.start()
        for _ in range(count):
            yield done.get()
        for thread in threads:
            thread.join()
