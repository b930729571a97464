"""The grading worker: runs inside the sandbox, one per core.

Start-up pays the expensive part once: an IPython shell is created and the libraries the exercises
import are loaded, then the protected state is snapshotted. Each submission then runs in a fresh
`fork()` of that warm process (new address space, empty namespace, own working directory) and the
worker cleans up after it: every process the submission left behind is killed and its files are
deleted before the next one starts. Limits: time per cell and per notebook (SIGINT, then SIGKILL),
memory (RLIMIT_AS plus a resident-size watchdog), process count and output size.

Run as `python -m analystlab.grading.runner`; messages come on stdin and go to stdout (protocol.py).
"""

from __future__ import annotations

import ast
import builtins
import importlib
import os
import resource
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback

from . import protocol
from .guard import Guard, collect_names, thread_count

compile_ = builtins.compile
exec_ = builtins.exec
eval_ = builtins.eval
STREAM_LIMIT = 200_000  # characters per cell, as nbgrader's LimitOutput keeps outputs readable


class Capture:
    """A text stream that appends nbformat stream outputs to the current cell."""

    def __init__(self, cell: CellOutputs, name: str) -> None:
        self.cell, self.name = cell, name
        self.encoding = "utf-8"

    def write(self, text) -> int:
        self.cell.stream(self.name, str(text))
        return len(str(text))

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError("captured stream has no file descriptor")


class CellOutputs:
    """Outputs of the cell being run (shared by the capture streams and display hooks)."""

    def __init__(self) -> None:
        self.outputs: list[dict] = []
        self.chars = 0
        self.truncated = False

    def reset(self) -> None:
        self.outputs, self.chars, self.truncated = [], 0, False

    def stream(self, name: str, text: str) -> None:
        if self.truncated:
            return
        if self.chars + len(text) > STREAM_LIMIT:
            text = text[: max(0, STREAM_LIMIT - self.chars)] + "\n[output truncated by the grader]\n"
            self.truncated = True
        self.chars += len(text)
        if self.outputs and self.outputs[-1].get("output_type") == "stream" and self.outputs[-1]["name"] == name:
            self.outputs[-1]["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def add(self, output: dict) -> None:
        if len(self.outputs) < 50:
            self.outputs.append(output)


def _clean_data(data: dict) -> dict:
    cleaned = {}
    for mime, value in (data or {}).items():
        if isinstance(value, bytes):
            import base64

            value = base64.b64encode(value).decode("ascii")
        if isinstance(value, str) and len(value) > 5_000_000:
            continue
        cleaned[str(mime)] = value
    return cleaned


def make_shell(cell: CellOutputs):
    """An InteractiveShell whose displays, results and tracebacks become nbformat outputs."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            cell.add({"output_type": "display_data", "data": _clean_data(data), "metadata": metadata or {}})

        def clear_output(self, wait=False):
            cell.reset()

    class Hook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            cell.add({"output_type": "execute_result", "data": _clean_data(format_dict),
                      "metadata": md_dict or {}, "execution_count": self.shell.execution_count})

    class Shell(InteractiveShell):
        def _showtraceback(self, etype, evalue, stb):
            cell.add({"output_type": "error", "ename": getattr(etype, "__name__", str(etype)),
                      "evalue": str(evalue)[:2000], "traceback": [str(line)[:5000] for line in stb[-30:]]})

    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    config.HistoryManager.enabled = False
    return Shell.instance(config=config, displayhook_class=Hook, display_pub_class=Publisher)


class Executor:
    """Runs one submission's cells in a forked child and streams each cell's outputs back."""

    def __init__(self, shell, cell: CellOutputs, guard: Guard, out_fd: int) -> None:
        self.shell, self.cell, self.guard, self.out_fd = shell, cell, guard, out_fd
        self.sent_events = 0

    def send(self, message: dict) -> None:
        message["events"] = self.guard.events[self.sent_events:]
        self.sent_events = len(self.guard.events)
        protocol.write_message(self.out_fd, message)

    def run(self, job: dict) -> None:
        ns = self.shell.user_ns
        baseline_threads = thread_count()
        hooks = self.ipython_hooks()
        for spec in job["cells"]:
            self.send({"t": "start", "i": spec["i"]})
            self.cell.reset()
            sys.stdout, sys.stderr = Capture(self.cell, "stdout"), Capture(self.cell, "stderr")
            started = time.monotonic()
            verdict: dict = {}
            if spec["kind"] == "test":
                verdict = self.run_test(spec, ns, job.get("imports", {}), baseline_threads)
            else:
                self.guard.arm()
                self.shell.run_cell(spec["source"], store_history=True)
                self.guard.disarm()
                # Undo patches at once, so the grader's own code never runs on a tampered library.
                self.guard.restore(f"cell {spec['i']}")
                if self.ipython_hooks() != hooks:
                    hooks = self.ipython_hooks()
                    self.guard.record("submission installed IPython input or AST transformers "
                                      "(tests do not pass through them)")
            self.send({"t": "cell", "i": spec["i"], "outputs": self.cell.outputs,
                       "seconds": round(time.monotonic() - started, 4), **verdict})
        self.send({"t": "end"})

    def ipython_hooks(self) -> tuple:
        # Event callbacks are left out: matplotlib registers one itself when the first figure is drawn.
        shell = self.shell
        return (len(shell.input_transformers_cleanup), len(shell.input_transformer_manager.line_transforms),
                len(shell.input_transformers_post), len(shell.ast_transformers),
                getattr(shell, "custom_exceptions", ()) != ())

    def run_test(self, spec: dict, ns: dict, imports: dict, baseline_threads: int) -> dict:
        grade_id = spec.get("grade_id", "?")
        guard = self.guard
        guard.disarm()
        guard.restore(f"before {grade_id}")
        if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            guard.record(f"before {grade_id}: submission changed the SIGINT handler (restored)")
            signal.signal(signal.SIGINT, signal.default_int_handler)
        ns["__builtins__"] = builtins
        if thread_count() > baseline_threads:
            guard.record(f"{grade_id}: background threads were running while the tests ran")
        try:
            segments = [(kind, self.compile_segment(source, grade_id, kind)) for kind, source in spec["segments"]]
        except SyntaxError as exc:
            return self.fail(grade_id, "visible", exc)
        names = set().union(*(collect_names(code) for _, (code, last) in segments),
                            *(collect_names(last) for _, (code, last) in segments if last is not None))
        shadowed = {}
        for name in sorted(names):
            if name not in ns:
                continue
            value = ns[name]
            if name in imports:
                ns[name] = self.resolve_import(imports[name])
                continue
            if hasattr(builtins, name) and value is not getattr(builtins, name) and callable(value):
                guard.record(f"{grade_id}: submission redefined the built-in `{name}` the tests use (ignored)")
                shadowed[name] = value
                ns[name] = getattr(builtins, name)
                continue
            reason = guard.suspicious_value(name, value)
            if reason:
                guard.record(f"{grade_id}: {reason}; no points for this test")
                return self.fail(grade_id, "tamper", RuntimeError(reason), ename="TamperingDetected")
        try:
            for index, (kind, (code, last)) in enumerate(segments):
                try:
                    exec_(code, ns)
                    if last is not None:
                        value = eval_(last, ns)
                        if value is not None and index == len(segments) - 1:
                            self.cell.add({"output_type": "execute_result", "metadata": {},
                                           "data": {"text/plain": repr(value)}, "execution_count": None})
                except BaseException as exc:  # noqa: BLE001 - every failure is a verdict, including exits
                    return self.fail(grade_id, kind, exc)
        finally:
            ns.update(shadowed)
        changed = guard.verify_unchanged()
        if changed:
            guard.record(f"{grade_id}: {', '.join(changed)} changed while the test ran; no points for this test")
            guard.restore(f"after {grade_id}")
            return self.fail(grade_id, "tamper", RuntimeError("protected modules changed during the test"),
                             ename="TamperingDetected")
        return {"passed": True}

    def compile_segment(self, source: str, grade_id: str, kind: str):
        """Compile with the pristine compiler; a trailing expression is evaluated separately so its
        value can become an execute_result (nbgrader's partial credit)."""
        from IPython.core.inputtransformer2 import TransformerManager

        text = TransformerManager().transform_cell(source) if "%" in source or "!" in source else source
        tree = ast.parse(text, filename=f"<test {grade_id} {kind}>")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = compile_(ast.Expression(tree.body.pop().value), f"<test {grade_id} {kind}>", "eval",
                            dont_inherit=True, optimize=0)
        return compile_(tree, f"<test {grade_id} {kind}>", "exec", dont_inherit=True, optimize=0), last

    @staticmethod
    def resolve_import(target: str):
        module, _, attr = target.partition(":")
        loaded = importlib.import_module(module)
        return getattr(loaded, attr) if attr else loaded

    def fail(self, grade_id: str, kind: str, exc: BaseException, ename: str | None = None) -> dict:
        ename = ename or type(exc).__name__
        evalue = str(exc)[:2000]
        if kind == "hidden":
            lines = [f"{ename}: {evalue}", "(raised by a hidden test)"]
        else:
            lines = traceback.format_exception_only(type(exc), exc)
        self.cell.add({"output_type": "error", "ename": ename, "evalue": evalue, "traceback": lines})
        # A message from the test's own `assert` was written for the trainee; one raised inside a
        # helper (numpy's "DESIRED: 7.125") would reveal the expected answer.
        frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
        authored = bool(frames) and frames[-1].filename.startswith("<test ")
        return {"passed": False, "failed_in": kind, "ename": ename, "evalue": evalue, "authored": authored}


# -- the worker process -------------------------------------------------------------------------


def _descendants(root_pid: int) -> list[int]:
    """Every process below root_pid (orphans are re-parented to us: we are a subreaper)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(stat[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    found, stack = [], list(children.get(root_pid, []))
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


def _kill_all(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _prctl(option: int, value: int) -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class Worker:
    """The warm parent: forks one child per job and enforces the limits on it."""

    def __init__(self, in_fd: int, out_fd: int) -> None:
        self.in_fd, self.out_fd = in_fd, out_fd
        self.cell = CellOutputs()
        self.guard = Guard()

    def start(self, config: dict) -> dict:
        os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        seed, target = os.environ.get("ANALYSTLAB_MPL_SEED"), os.environ.get("MPLCONFIGDIR")
        if seed and target and os.path.isdir(seed):  # reuse the host's font cache: no rebuild per worker
            shutil.copytree(seed, target, dirs_exist_ok=True)
        self.shell = make_shell(self.cell)
        loaded, failed = [], []
        for name in config.get("preload", []):
            try:
                importlib.import_module(name)
                loaded.append(name)
            except Exception as exc:  # noqa: BLE001 - a missing optional library must not stop grading
                failed.append(f"{name}: {exc}")
        self.shell.run_cell("pass", store_history=False)  # warm IPython's compile and display paths
        self.shell.execution_count = 1
        self.guard.snapshot()
        self.guard.install_audit_hook()
        _prctl(36, 1)  # PR_SET_CHILD_SUBREAPER: orphans of a submission come back to us to be killed
        _prctl(4, 0)  # PR_SET_DUMPABLE=0: a submission cannot ptrace or read the memory of this process
        return {"ready": True, "loaded": loaded, "failed": failed, "pid": os.getpid()}

    def run_job(self, job: dict) -> dict:
        workdir = tempfile.mkdtemp(prefix="submission-")
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: becomes the submission's interpreter
            try:
                os.close(read_fd)
                os.close(self.in_fd)
                os.close(self.out_fd)
                os.setpgid(0, 0)
                os.chdir(workdir)
                self._limit_child(job)
                Executor(self.shell, self.cell, self.guard, write_fd).run(job)
                os._exit(0)
            except BaseException:  # noqa: BLE001 - the child must never return into the worker loop
                os._exit(70)
        os.close(write_fd)
        try:
            return self._supervise(pid, read_fd, job)
        finally:
            os.close(read_fd)
            _kill_all(_descendants(os.getpid()))
            shutil.rmtree(workdir, ignore_errors=True)
            self._reap()

    @staticmethod
    def _reap() -> None:
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return

    def _limit_child(self, job: dict) -> None:
        with open("/proc/self/statm", "rb") as handle:
            vm_now = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = vm_now + int(job["memory_mb"]) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024 * 1024, 256 * 1024 * 1024))
        if os.getuid() != 0:  # the kernel does not enforce RLIMIT_NPROC for root
            nproc = len([p for p in os.listdir("/proc") if p.isdigit()]) + int(job["max_processes"])
            try:
                resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
            except (ValueError, OSError):
                pass
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def _supervise(self, pid: int, read_fd: int, job: dict) -> dict:
        buffer = protocol.MessageBuffer(limit=int(job["max_output_mb"]) * 1024 * 1024)
        cells: dict[str, dict] = {}
        events: list[str] = []
        result = {"cells": cells, "events": events, "stopped": None, "exit": None}
        start = time.monotonic()
        cell_started, current, interrupted_at = start, None, None
        # The child starts sharing the worker's pages, so its own growth is what is limited.
        memory_limit = _rss_bytes([os.getpid()]) + int(job["memory_mb"]) * 1024 * 1024
        finished = False
        while not finished:
            now = time.monotonic()
            if now - start > job["notebook_timeout"]:
                result["stopped"] = "notebook_timeout"
                break
            if current is not None and now - cell_started > job["cell_timeout"]:
                if interrupted_at is None:
                    interrupted_at = now
                    cells.setdefault(str(current), {})["timed_out"] = True
                    try:
                        os.killpg(pid, signal.SIGINT)
                    except OSError:
                        pass
                elif now - interrupted_at > job["interrupt_grace"]:
                    result["stopped"] = "cell_timeout"
                    break
            procs = _descendants(os.getpid())
            if len(procs) > int(job["max_processes"]):
                result["stopped"] = "too_many_processes"
                break
            if _rss_bytes([pid]) > memory_limit:
                result["stopped"] = "memory"
                break
            ready, _, _ = select.select([read_fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(read_fd, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                break
            try:
                messages = buffer.feed(chunk)
            except protocol.ProtocolError as exc:
                result["stopped"] = "output_limit" if "limit" in str(exc) else "garbled"
                break
            for message in messages:
                events.extend(str(e) for e in message.pop("events", []) if str(e) not in events)
                kind = message.get("t")
                if kind == "start":
                    current, cell_started, interrupted_at = message.get("i"), time.monotonic(), None
                elif kind == "cell":
                    cells.setdefault(str(message.get("i")), {}).update(message)
                    current = None
                elif kind == "end":
                    finished = True
        if finished:  # let a child that said goodbye exit on its own for a moment
            for _ in range(20):
                if os.waitpid(pid, os.WNOHANG)[0]:
                    result["exit"], pid = 0, None
                    break
                time.sleep(0.005)
        if pid is not None:
            _kill_all([pid, *_descendants(os.getpid())])
            _, status = os.waitpid(pid, 0)
            result["exit"] = os.waitstatus_to_exitcode(status)
        result["finished"] = finished
        result["seconds"] = round(time.monotonic() - start, 3)
        return result


def main() -> None:
    in_fd, out_fd = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)  # stray prints must not corrupt the protocol
    worker = Worker(in_fd, out_fd)
    protocol.write_message(out_fd, worker.start(protocol.read_message(in_fd)))
    while True:
        try:
            job = protocol.read_message(in_fd)
        except protocol.ProtocolError:
            return
        if job.get("t") == "stop":
            return
        try:
            reply = worker.run_job(job)
        except Exception as exc:  # noqa: BLE001 - report and keep serving
            reply = {"cells": {}, "events": [], "stopped": f"worker error: {exc}", "exit": None}
        reply["id"] = job.get("id")
        protocol.write_message(out_fd, reply)


if __name__ == "__main__":
    main()
