"""The trainee worker: runs a submission's own cells, and nothing of the tests, inside the sandbox.

Start-up pays the expensive part once: an IPython shell is created and the libraries the exercises
import are loaded. Each submission then runs in a fresh `fork()` of that warm, untouched process
(the *zygote*): new address space, empty namespace, fresh HOME, temp and working folders. The
zygote relays the grader's requests to the child one at a time and holds the limits: time per
request (SIGINT, then SIGKILL), memory summed over every process of the submission, process count
and reply size. After the submission it kills whatever is left, wipes every folder the submission
could write and checks that all is as before; when it cannot, it says so and the grader starts a
new worker.

The child never sees a test. It answers four kinds of request: run a cell (its outputs come back),
export the values of some names (as plain data, plaindata.py), and read an attribute of, or call,
an object it exported earlier (a remote handle). No verdict passes through here, so there is
nothing to forge.

Run as `python -m analystlab.grading.trainee`; messages come on stdin and go to stdout.
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import os
import resource
import select
import shutil
import signal
import stat
import sys
import time
from pathlib import Path

from . import protocol
from .plaindata import Decoder, Encoder, unreadable

ADDRESS_SPACE_HEADROOM_MB = 8192

STREAM_LIMIT = 200_000  # characters per cell, as nbgrader's LimitOutput keeps outputs readable
MAX_OUTPUTS = 50
JOBS_ENV = "ANALYSTLAB_JOBS"


class Capture:
    """A text stream that appends nbformat stream outputs to the current cell (or to nothing)."""

    def __init__(self, cell: CellOutputs | None, name: str) -> None:
        self.cell, self.name = cell, name
        self.encoding = "utf-8"

    def write(self, text) -> int:
        text = str(text)
        if self.cell is not None:
            self.cell.stream(self.name, text)
        return len(text)

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
        if len(self.outputs) < MAX_OUTPUTS:
            self.outputs.append(output)


def _clean_data(data: dict) -> dict:
    cleaned = {}
    for mime, value in (data or {}).items():
        if isinstance(value, bytes):
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


# -- the child: one submission --------------------------------------------------------------------
class Submission:
    """Runs in the forked child: the trainee's cells, value exports and remote calls."""

    def __init__(self, shell, cell: CellOutputs, in_fd: int, out_fd: int) -> None:
        self.shell, self.cell, self.in_fd, self.out_fd = shell, cell, in_fd, out_fd
        self.encoder = Encoder()
        self.decoder = Decoder(remote=lambda node: self.encoder.resolve(node.get("id")))

    def serve(self) -> None:
        while True:
            request = protocol.read_message(self.in_fd)
            kind = request.get("t")
            if kind == "end":
                return
            handler = {"run": self.run_cell, "export": self.export, "getattr": self.get_attribute,
                       "call": self.call, "op": self.operate}.get(kind)
            reply = handler(request) if handler else {"t": "raised", "ename": "ValueError", "evalue": "bad request"}
            protocol.write_message(self.out_fd, reply)

    def run_cell(self, request: dict) -> dict:
        self.cell.reset()
        sys.stdout, sys.stderr = Capture(self.cell, "stdout"), Capture(self.cell, "stderr")
        try:
            self.shell.run_cell(str(request.get("source", "")), store_history=True)
        except BaseException as exc:  # noqa: BLE001 - SystemExit and the like end only this cell
            self.cell.add({"output_type": "error", "ename": type(exc).__name__, "evalue": str(exc)[:2000],
                           "traceback": [f"{type(exc).__name__}: {str(exc)[:2000]}"]})
        finally:
            sys.stdout, sys.stderr = Capture(None, "stdout"), Capture(None, "stderr")
        return {"t": "cell", "outputs": self.cell.outputs}

    def encode(self, value) -> dict:
        try:
            return self.encoder.encode(value)
        except Exception as exc:  # noqa: BLE001 - a value that breaks the encoder is reported, not fatal
            return unreadable(value, f"reading it failed ({type(exc).__name__})")

    def export(self, request: dict) -> dict:
        ns = self.shell.user_ns
        names = [str(n) for n in request.get("names", [])]
        return {"t": "values", "values": {name: self.encode(ns[name]) for name in names if name in ns}}

    def _remote(self, request: dict):
        return self.encoder.resolve(request.get("id"))

    def _quietly(self, action) -> dict:
        # Output printed while a test calls trainee code never reaches feedback.
        sys.stdout, sys.stderr = Capture(None, "stdout"), Capture(None, "stderr")
        try:
            return {"t": "value", "v": self.encode(action())}
        except BaseException as exc:  # noqa: BLE001 - the test sees the exception, by name
            return {"t": "raised", "ename": type(exc).__name__, "evalue": str(exc)[:1000]}

    def get_attribute(self, request: dict) -> dict:
        return self._quietly(lambda: getattr(self._remote(request), str(request.get("name"))))

    def call(self, request: dict) -> dict:
        def action():
            args = [self.decoder.decode(a) for a in request.get("args", [])]
            kwargs = {str(k): self.decoder.decode(v) for k, v in request.get("kwargs", [])}
            return self._remote(request)(*args, **kwargs)

        return self._quietly(action)

    def operate(self, request: dict) -> dict:
        target, op = self._remote(request), request.get("op")
        operations = {
            "len": lambda: len(target),
            "list": lambda: list(target),
            "getitem": lambda: target[self.decoder.decode(request.get("arg"))],
            "contains": lambda: self.decoder.decode(request.get("arg")) in target,
            "dir": lambda: sorted(str(name) for name in dir(target)),
            "str": lambda: str(target)[:10_000],
        }
        if op not in operations:
            return {"t": "raised", "ename": "TypeError", "evalue": f"unsupported operation {op!r}"}
        return self._quietly(operations[op])


# -- the zygote -----------------------------------------------------------------------------------
def _descendants(root_pid: int) -> list[int]:
    """Every process below root_pid (orphans are re-parented to us: we are a subreaper)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    found, stack = [], list(children.get(root_pid, []))
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _private_bytes(pids: list[int]) -> int:
    """Memory the processes hold for themselves: what a submission added, not the pages a fresh fork
    shares with the zygote (counting resident pages would count those once per process)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith((b"Private_Clean:", b"Private_Dirty:", b"Swap:")):
                        total += int(line.split()[1]) * 1024
        except (OSError, IndexError, ValueError):
            continue
    return total


def _disk_bytes(folders: list[Path], limit: int) -> bool:
    """True when the files under `folders` hold more than `limit` bytes (counting stops there)."""
    total = 0
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                with contextlib.suppress(OSError):
                    total += os.lstat(os.path.join(root, name)).st_blocks * 512
                if total > limit:
                    return True
    return False


def _prctl(option: int, value: int) -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _protected() -> list[Path]:
    """Folders bound into the sandbox (Python, the package, the data): they may lie under /tmp, as in
    a CI checkout, and are read-only; wiping /tmp walks around them."""
    import analystlab

    paths = [sys.prefix, sys.base_prefix, os.path.dirname(os.path.dirname(analystlab.__file__)),
             os.environ.get("ANALYSTLAB_DATA"), os.environ.get("ANALYSTLAB_MPL_SEED"), os.environ.get(JOBS_ENV)]
    return [Path(p).resolve() for p in paths if p]


def _wipe(folder: Path, keep: list[Path] | None = None) -> None:
    """Empty a folder the submission could write, whatever permissions it left behind."""
    keep = keep or []
    if not folder.is_dir() or folder.is_symlink():
        return
    with contextlib.suppress(OSError):
        os.chmod(folder, stat.S_IRWXU | (folder.stat().st_mode & 0o077))
    for entry in list(folder.iterdir()):
        resolved = entry.absolute()
        if any(resolved == k for k in keep):
            continue
        if entry.is_dir() and not entry.is_symlink():
            if any(k.is_relative_to(resolved) for k in keep):
                _wipe(entry, keep)
                continue
            for root, dirs, _files in os.walk(entry, topdown=True, followlinks=False):
                for name in dirs:
                    with contextlib.suppress(OSError):
                        os.chmod(os.path.join(root, name), stat.S_IRWXU)
            with contextlib.suppress(OSError):
                os.chmod(entry, stat.S_IRWXU)
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()


def _leftovers(folder: Path, keep: list[Path]) -> bool:
    for entry in folder.iterdir() if folder.is_dir() else []:
        resolved = entry.absolute()
        if any(resolved == k for k in keep):
            continue
        if entry.is_dir() and not entry.is_symlink() and any(k.is_relative_to(resolved) for k in keep):
            if _leftovers(entry, keep):
                return True
            continue
        return True
    return False


class Zygote:
    """The warm parent: forks one child per submission, relays requests and holds the limits."""

    def __init__(self, in_fd: int, out_fd: int) -> None:
        self.in_fd, self.out_fd = in_fd, out_fd
        self.cell = CellOutputs()
        self.jobs = Path(os.environ.get(JOBS_ENV) or "/jobs")
        self.sandboxed = os.environ.get("ANALYSTLAB_SANDBOXED") == "1"

    def start(self, config: dict) -> dict:
        os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
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
        self.pristine_path = list(sys.path)
        self.pristine_env = dict(os.environ)
        self.keep = _protected()
        _prctl(36, 1)  # PR_SET_CHILD_SUBREAPER: orphans of a submission come back to us to be killed
        _prctl(4, 0)  # PR_SET_DUMPABLE=0: a submission cannot ptrace or read the memory of this process
        return {"ready": True, "loaded": loaded, "failed": failed, "pid": os.getpid()}

    # -- one job ---------------------------------------------------------------------------------
    def fresh_folders(self) -> dict[str, str]:
        """HOME, temp, matplotlib config and working folder, new and empty for each submission."""
        if self.sandboxed:
            _wipe(Path("/tmp"), self.keep)
        _wipe(self.jobs)
        folders = {}
        for name in ("home", "tmp", "mpl", "work"):
            path = self.jobs / name
            path.mkdir(mode=0o700)
            folders[name] = str(path)
        seed = os.environ.get("ANALYSTLAB_MPL_SEED")
        if seed and os.path.isdir(seed):  # the host's font cache: no rebuild per submission
            shutil.copytree(seed, folders["mpl"], dirs_exist_ok=True)
        return folders

    def run_job(self, job: dict) -> None:
        folders = self.fresh_folders()
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: becomes the submission's interpreter
            try:
                for fd in (to_child_w, from_child_r, self.in_fd, self.out_fd):
                    os.close(fd)
                self._become_submission(job, folders)
                Submission(self.shell, self.cell, to_child_r, from_child_w).serve()
                os._exit(0)
            except BaseException:  # noqa: BLE001 - the child must never return into the zygote's loop
                os._exit(70)
        os.close(to_child_r)
        os.close(from_child_w)
        protocol.write_message(self.out_fd, {"t": "started"})
        try:
            ended = self._relay(pid, to_child_w, from_child_r, job)
        finally:
            os.close(to_child_w)
            os.close(from_child_r)
        exit_code = self._finish(pid, ended)
        dirty = self._clean_up()
        protocol.write_message(self.out_fd, {"t": "ended", "exit": exit_code, "dirty": dirty})

    def _become_submission(self, job: dict, folders: dict[str, str]) -> None:
        os.setpgid(0, 0)
        _prctl(4, 1)  # the zygote stays undumpable; the submission's memory must be measurable by it
        os.chdir(folders["work"])
        os.environ.clear()
        os.environ.update(self.pristine_env)
        os.environ.update({"HOME": folders["home"], "TMPDIR": folders["tmp"], "MPLCONFIGDIR": folders["mpl"],
                           "IPYTHONDIR": os.path.join(folders["home"], ".ipython")})
        sys.path[:] = self.pristine_path
        import tempfile

        tempfile.tempdir = folders["tmp"]
        with open("/proc/self/statm", "rb") as handle:
            vm_now = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        # Address space is only a backstop against one absurd allocation: the memory limit itself is the
        # watchdog's private-memory sum (and the cgroup's, as root). Threaded libraries (DuckDB, BLAS)
        # reserve far more address space than they use (a malloc arena per thread), hence the headroom.
        limit = vm_now + (int(job["memory_mb"]) + ADDRESS_SPACE_HEADROOM_MB) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024 * 1024, 256 * 1024 * 1024))
        if os.getuid() != 0:  # the kernel does not enforce RLIMIT_NPROC for root; the cgroup does
            nproc = len([p for p in os.listdir("/proc") if p.isdigit()]) + int(job["max_processes"])
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        for signum in (signal.SIGTERM, signal.SIGALRM, signal.SIGUSR1, signal.SIGUSR2, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.setitimer(signal.ITIMER_REAL, 0)

    def _relay(self, pid: int, to_child: int, from_child: int, job: dict) -> bool:
        """Forward requests to the child and its replies back, one at a time; True if it ended well."""
        stopped = None
        while True:
            try:
                request = protocol.read_message(self.in_fd)
            except protocol.ProtocolError:
                return False
            if request.get("t") == "end":
                if stopped is None:
                    with contextlib.suppress(OSError):
                        protocol.write_message(to_child, {"t": "end"})
                return stopped is None
            if stopped is not None:
                protocol.write_message(self.out_fd, {"t": "stopped", "reason": stopped})
                continue
            timeout = float(job["cell_timeout"])
            try:
                protocol.write_message(to_child, request)
            except OSError:
                stopped = "exited"
                protocol.write_message(self.out_fd, {"t": "stopped", "reason": stopped})
                continue
            reply, stopped = self._await_reply(pid, from_child, job, timeout)
            protocol.write_message(self.out_fd, reply if stopped is None else {"t": "stopped", "reason": stopped,
                                                                               **(reply or {})})

    def _await_reply(self, pid: int, fd: int, job: dict, timeout: float) -> tuple[dict | None, str | None]:
        buffer = protocol.MessageBuffer(limit=int(job["max_output_mb"]) * 1024 * 1024)
        started = time.monotonic()
        interrupted_at = None
        memory_limit = int(job["memory_mb"]) * 1024 * 1024
        disk_limit = int(job.get("max_disk_mb", 512)) * 1024 * 1024
        disk_checked = started
        watched = started  # quick replies (a test reading a value) skip the watchdog entirely
        while True:
            ready, _, _ = select.select([fd], [], [], 0.02)
            now = time.monotonic()
            if not ready:
                if now - started > timeout:
                    if interrupted_at is None:
                        interrupted_at = now
                        with contextlib.suppress(OSError):
                            os.killpg(pid, signal.SIGINT)
                    elif now - interrupted_at > float(job["interrupt_grace"]):
                        return None, "cell_timeout"
                if now - watched > 0.05:  # processes and memory summed over the whole submission
                    watched = now
                    procs = _descendants(os.getpid())
                    if len(procs) > int(job["max_processes"]):
                        return None, "too_many_processes"
                    if _private_bytes(procs) > memory_limit:
                        return None, "memory"
                if now - disk_checked > 0.5:
                    disk_checked = now
                    if _disk_bytes([self.jobs] + ([Path("/tmp")] if self.sandboxed else []), disk_limit):
                        return None, "disk"
                continue
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                return None, "exited"
            try:
                messages = buffer.feed(chunk)
            except protocol.ProtocolError as exc:
                return None, "output_limit" if "limit" in str(exc) else "garbled"
            if messages:
                reply = messages[0]
                if interrupted_at is not None:
                    reply["timed_out"] = True
                return reply, None

    def _finish(self, pid: int, ended_well: bool) -> int | None:
        """Let a child that said goodbye exit on its own for a moment, then kill everything left."""
        if ended_well:
            for _ in range(100):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    self._kill_rest()
                    return os.waitstatus_to_exitcode(status)
                time.sleep(0.005)
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        self._kill_rest()
        try:
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status)
        except ChildProcessError:
            return None

    def _kill_rest(self) -> bool:
        """Kill every process the submission left; True when none is left after repeated passes."""
        for _ in range(200):
            left = _descendants(os.getpid())
            if not left:
                return True
            for pid in left:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            self._reap()
            time.sleep(0.002)
        return not _descendants(os.getpid())

    @staticmethod
    def _reap() -> None:
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return

    def _clean_up(self) -> list[str]:
        """Reasons this worker is no longer as clean as a cold start (empty when it is)."""
        problems = []
        if not self._kill_rest():
            problems.append("processes of the submission survived")
        try:
            if self.sandboxed:
                _wipe(Path("/tmp"), self.keep)
            _wipe(self.jobs)
        except OSError as exc:
            problems.append(f"could not empty the scratch folders: {exc}")
        leftovers = [p for p in ([Path("/tmp")] if self.sandboxed else []) + [self.jobs] if _leftovers(p, self.keep)]
        if not os.access(self.jobs, os.W_OK) or (self.sandboxed and not os.access("/tmp", os.W_OK)):
            problems.append("a scratch folder is no longer writable")
        if leftovers:
            problems.append(f"files left in {', '.join(map(str, leftovers))}")
        if list(sys.path) != self.pristine_path:
            problems.append("import path changed")
        return problems


def main() -> None:
    in_fd, out_fd = protocol.claim_stdio()
    zygote = Zygote(in_fd, out_fd)
    protocol.write_message(out_fd, zygote.start(protocol.read_message(in_fd)))
    while True:
        try:
            job = protocol.read_message(in_fd)
        except protocol.ProtocolError:
            return
        if job.get("t") == "stop":
            return
        zygote.run_job(job)


if __name__ == "__main__":
    main()
