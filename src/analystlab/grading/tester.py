"""The test worker: runs the tests, and never a line of a trainee's code.

For each submission the grader tells it the source notebook's cells. The *given* cells that depend
on nothing a trainee writes (loading the data, the instructor's own helpers) it runs itself, once per
source notebook, so tests compare answers with its own copy of `register` or `calls`, not with the
trainee's. Every other name a test reads is asked of the trainee process and arrives as plain data
(plaindata.py); a function, a fitted model or a chart arrives as a remote handle, and each use of it
is one more request. Hidden tests and expected values exist only here; so do the verdicts, which
come from the test's own pass or failure, never from reading outputs.

Run as `python -m analystlab.grading.tester`; messages come on stdin and go to stdout.
"""

from __future__ import annotations

import ast
import builtins
import copy
import hashlib
import importlib
import io
import os
import sys
import traceback
import warnings

from . import protocol
from .plaindata import CLASS_PREFIXES, DecodeError, Decoder, Encoder

BUILTIN_EXCEPTIONS = {name: getattr(builtins, name) for name in dir(builtins)
                      if isinstance(getattr(builtins, name), type) and issubclass(getattr(builtins, name), Exception)}


class TraineeUnavailable(RuntimeError):
    """The trainee's process stopped (time or memory limit, crash), so the test cannot read its answers."""


# -- static analysis of cells ---------------------------------------------------------------------
def _transform(source: str) -> str:
    if "%" in source or "!" in source:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    return source


def parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(_transform(source))
    except (SyntaxError, RecursionError, ValueError, MemoryError):
        return None


def bound_names(tree: ast.Module) -> set[str]:
    """Names a cell binds or changes at its top level (assignment, import, def, for, with, item or
    attribute assignment on a name)."""
    names: set[str] = set()

    def targets(node):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Tuple | ast.List):
            for element in node.elts:
                targets(element)
        elif isinstance(node, ast.Starred):
            targets(node.value)
        elif isinstance(node, ast.Subscript | ast.Attribute):
            base = node.value
            while isinstance(base, ast.Subscript | ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name):
                names.add(base.id)

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                targets(target)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.For | ast.AsyncFor):
            targets(node.target)
        elif isinstance(node, ast.NamedExpr):
            targets(node.target)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            targets(node.optional_vars)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def loaded_names(tree: ast.Module) -> set[str]:
    """Every name a cell reads, in nested scopes too (a test's helper reads globals when called)."""
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def free_names(tree: ast.Module) -> set[str]:
    return loaded_names(tree) - bound_names(tree) - set(dir(builtins))


# -- proxies for the trainee's objects ------------------------------------------------------------
class Remote:
    """An object that lives in the trainee's process; every use is a request answered with plain data.
    Equality, hashing and truth stay local: a trainee object cannot claim to equal an expected value."""

    __slots__ = ("_link", "_id", "_type", "_claimed")

    def __init__(self, link, node: dict) -> None:
        object.__setattr__(self, "_link", link)
        object.__setattr__(self, "_id", node.get("id"))
        object.__setattr__(self, "_type", str(node.get("type")))
        object.__setattr__(self, "_claimed", _claimed_class(str(node.get("class", ""))))

    @property
    def __class__(self):  # isinstance(chart, Axes) for a chart drawn in the trainee's process
        claimed = object.__getattribute__(self, "_claimed")
        return claimed if claimed is not None else type(self)

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._link.request({"t": "getattr", "id": self._id, "name": name})

    def __setattr__(self, name, value):
        raise TypeError("tests do not change objects of the trainee")

    def __call__(self, *args, **kwargs):
        encode = self._link.encode_argument
        return self._link.request({"t": "call", "id": self._id, "args": [encode(a) for a in args],
                                   "kwargs": [[k, encode(v)] for k, v in kwargs.items()]})

    def _op(self, op: str, arg=None):
        request = {"t": "op", "id": self._id, "op": op}
        if arg is not None:
            request["arg"] = self._link.encode_argument(arg)
        return self._link.request(request)

    def __len__(self):
        return int(self._op("len"))

    def __iter__(self):
        return iter(self._op("list"))

    def __getitem__(self, key):
        return self._op("getitem", key)

    def __contains__(self, item):
        return bool(self._op("contains", item))

    def __dir__(self):
        return list(self._op("dir"))

    def __bool__(self):
        raise TypeError(f"a {self._type} from your notebook has no truth value here")

    def __repr__(self):
        return f"<{self._type} from your notebook>"

    __str__ = __repr__


def _claimed_class(spec: str):
    """The real class a remote object claims, for the libraries whose objects tests inspect."""
    module, _, qualname = spec.partition(":")
    if not module.startswith(CLASS_PREFIXES) or not qualname or "<" in qualname:
        return None
    try:
        target = importlib.import_module(module)
        for part in qualname.split("."):
            target = getattr(target, part)
    except Exception:  # noqa: BLE001 - an unknown class is just not claimed
        return None
    return target if isinstance(target, type) else None


def _remote_type(link, node: dict) -> Remote:
    name = "".join(ch for ch in str(node.get("type", "object")) if ch.isalnum() or ch == "_")[:60] or "object"
    cls = link.proxy_classes.get(name)
    if cls is None:
        cls = type(name, (Remote,), {"__slots__": ()})
        link.proxy_classes[name] = cls
    return cls(link, node)


class Link:
    """The test worker's line to the trainee's process, through the grader."""

    def __init__(self, in_fd: int, out_fd: int) -> None:
        self.in_fd, self.out_fd = in_fd, out_fd
        self.proxy_classes: dict[str, type] = {}
        self.decoder = Decoder(remote=lambda node: _remote_type(self, node))
        self.encoder = Encoder()

    def encode_argument(self, value) -> dict:
        if isinstance(value, Remote):
            return {"t": "ref", "id": object.__getattribute__(value, "_id")}
        node = self.encoder.encode(value)
        if node.get("t") == "remote":
            raise TypeError(f"cannot pass a {type(value).__name__} to the trainee's code")
        return node

    def request(self, request: dict):
        protocol.write_message(self.out_fd, {"t": "rpc", "request": request})
        reply = protocol.read_message(self.in_fd)
        if reply.get("t") == "stopped":
            raise TraineeUnavailable("the notebook's own process had stopped, so this answer could not be read")
        self.decoder.nodes = 0
        if reply.get("t") == "raised":
            raise _exception(str(reply.get("ename")), str(reply.get("evalue")))
        if reply.get("t") == "values":
            return {str(k): self.decoder.decode(v) for k, v in dict(reply.get("values", {})).items()}
        if reply.get("t") == "value":
            return self.decoder.decode(reply.get("v"))
        raise DecodeError("unexpected reply from the trainee's process")


def _exception(ename: str, evalue: str) -> Exception:
    cls = BUILTIN_EXCEPTIONS.get(ename)
    if cls is None:
        return RuntimeError(f"{ename}: {evalue}")
    try:
        return cls(evalue)
    except Exception:  # noqa: BLE001 - exceptions with other signatures
        return RuntimeError(f"{ename}: {evalue}")


# -- trusted state from the given cells -----------------------------------------------------------
def _copy(value):
    """A private copy of a trusted value for one test: tests never see another submission's changes."""
    if isinstance(value, type(sys) | type) or callable(value):
        return value
    try:
        return copy.deepcopy(value)
    except Exception:  # noqa: BLE001 - objects that cannot be copied are shared (modules, handles)
        return value


def _imported(tree: ast.Module) -> list[str]:
    """The names a cell's top-level imports bind."""
    return [alias.asname or alias.name.split(".")[0] for node in tree.body
            if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names]


class Given:
    """The names the source's self-contained given cells define, as of each cell position.

    Built from the given cells alone (the same for every submission of a notebook, so it is built once
    and reused); `for_answers` adds a submission's answer cells, whose names are never trusted.
    """

    def __init__(self, cells: list[dict]) -> None:
        self.ns: dict = {"__name__": "__main__", "__builtins__": builtins}
        self.snapshots: list[tuple[int, dict]] = []
        self.definer: dict[str, list[tuple[int, bool]]] = {}  # name -> [(position, trusted)]
        known: set[str] = set()
        for spec in cells:
            if spec["kind"] != "given":
                continue
            tree = parse(spec["source"])
            if tree is None:
                continue
            defined = bound_names(tree)
            trusted = free_names(tree) <= known and self._run(tree)
            if not trusted:
                self._run_imports(tree)
            for name in defined:
                self.definer.setdefault(name, []).append((spec["i"], bool(trusted)))
            for name in _imported(tree):  # imports always run here, so modules are the test process's own
                self.definer.setdefault(name, []).append((spec["i"], True))
            if trusted:
                known |= defined
            self.snapshots.append((spec["i"], dict(self.ns)))

    @staticmethod
    def key(cells: list[dict]) -> str:
        """What a Given depends on: the given cells and their positions."""
        given = [(c["i"], c["source"]) for c in cells if c["kind"] == "given"]
        return hashlib.sha256(repr(given).encode()).hexdigest()

    def for_answers(self, cells: list[dict]) -> Given:
        """A view of this Given in which the names a submission's answer cells bind are untrusted
        from their position on; shares the executed given cells."""
        view = copy.copy(self)
        view.definer = {name: list(entries) for name, entries in self.definer.items()}
        for spec in cells:
            tree = parse(spec["source"]) if spec["kind"] == "answer" else None
            if tree is None:
                continue
            for name in bound_names(tree):
                view.definer.setdefault(name, []).append((spec["i"], False))
            for name in _imported(tree):  # a module is the test process's own, wherever it is imported
                view.definer.setdefault(name, []).append((spec["i"], True))
        for entries in view.definer.values():
            entries.sort(key=lambda entry: entry[0])
        return view

    def _run(self, tree: ast.Module) -> bool:
        try:
            with _silenced():
                exec(compile(tree, "<given>", "exec"), self.ns)  # noqa: S102 - instructor code only
            return True
        except BaseException:  # noqa: BLE001 - then the trainee's value is used instead
            return False

    def _run_imports(self, tree: ast.Module) -> None:
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                self._run(ast.Module(body=[node], type_ignores=[]))

    def trusted(self, name: str, position: int) -> bool:
        before = [entry for entry in self.definer.get(name, []) if entry[0] < position]
        return bool(before) and before[-1][1]

    def namespace(self, position: int) -> dict:
        snapshot = {"__name__": "__main__", "__builtins__": builtins}
        for index, ns in self.snapshots:
            if index < position:
                snapshot = ns
        return snapshot


class _silenced:
    def __enter__(self):
        self.saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        self.warnings = warnings.catch_warnings()
        self.warnings.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        self.warnings.__exit__(*exc)
        sys.stdout, sys.stderr = self.saved
        return False


# -- the tests ------------------------------------------------------------------------------------
class Tester:
    def __init__(self, in_fd: int, out_fd: int) -> None:
        self.link = Link(in_fd, out_fd)
        self.given: dict[str, Given] = {}
        self.current: Given | None = None
        self.workdir = None

    def start(self, config: dict) -> dict:
        loaded, failed = [], []
        for name in config.get("preload", []):
            try:
                importlib.import_module(name)
                loaded.append(name)
            except Exception as exc:  # noqa: BLE001
                failed.append(f"{name}: {exc}")
        return {"ready": True, "loaded": loaded, "failed": failed}

    def job(self, message: dict) -> dict:
        cells = message.get("cells", [])
        key = Given.key(cells)
        if key not in self.given:
            self.given[key] = Given(cells)
        self.current = self.given[key].for_answers(cells)
        self.workdir = message.get("workdir")
        self.link.proxy_classes.clear()
        return {"t": "ready"}

    def run_test(self, message: dict) -> dict:
        position, grade_id = int(message["i"]), str(message.get("grade_id", "?"))
        outputs: list[dict] = []
        given = self.current
        base = given.namespace(position) if given else {"__builtins__": builtins}
        ns = {name: _copy(value) for name, value in base.items()}
        ns["__builtins__"] = builtins
        segments = []
        for kind, source in message.get("segments", []):
            try:
                segments.append((kind, *self.compile_segment(source, grade_id, kind)))
            except SyntaxError as exc:
                return self.fail(outputs, kind, exc)
        trees = [parse(source) for _, source in message.get("segments", [])]
        wanted = set().union(*(free_names(t) for t in trees if t is not None))
        wanted = sorted(name for name in wanted if not (given and given.trusted(name, position)))
        if self.workdir and os.path.isdir(self.workdir):
            os.chdir(self.workdir)
        stdout = io.StringIO()
        saved = sys.stdout, sys.stderr
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a library warning is not a failed test
                sys.stdout, sys.stderr = stdout, io.StringIO()
                try:
                    if wanted:
                        for name in wanted:
                            ns.pop(name, None)
                        ns.update(self.link.request({"t": "export", "names": wanted}))
                except Exception as exc:  # noqa: BLE001 - an unreadable answer fails this test only
                    return self.fail(outputs, "visible", exc, stdout)
                for index, (kind, code, last) in enumerate(segments):
                    try:
                        exec(code, ns)  # noqa: S102 - the instructor's test
                        if last is not None:
                            value = eval(last, ns)  # noqa: S307
                            if value is not None and index == len(segments) - 1:
                                outputs.append({"output_type": "execute_result", "metadata": {},
                                                "data": {"text/plain": repr(value)[:2000]}, "execution_count": None})
                    except BaseException as exc:  # noqa: BLE001 - every failure is a verdict
                        return self.fail(outputs, kind, exc, stdout)
        finally:
            sys.stdout, sys.stderr = saved
        self._stream(outputs, stdout)
        return {"t": "verdict", "passed": True, "outputs": outputs}

    @staticmethod
    def _stream(outputs: list[dict], stdout: io.StringIO) -> None:
        text = stdout.getvalue()
        if text:
            outputs.insert(0, {"output_type": "stream", "name": "stdout", "text": text[:20_000]})

    @staticmethod
    def compile_segment(source: str, grade_id: str, kind: str):
        """Compile a test segment; a trailing expression is evaluated separately so its value can become
        an execute_result (nbgrader's partial credit)."""
        tree = ast.parse(_transform(source), filename=f"<test {grade_id} {kind}>")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = compile(ast.Expression(tree.body.pop().value), f"<test {grade_id} {kind}>", "eval",
                           dont_inherit=True)
        return compile(tree, f"<test {grade_id} {kind}>", "exec", dont_inherit=True), last

    def fail(self, outputs: list[dict], kind: str, exc: BaseException, stdout: io.StringIO | None = None) -> dict:
        if isinstance(exc, TraineeUnavailable):
            kind = "not run"
        ename = type(exc).__name__
        evalue = str(exc)[:2000]
        # A message from the test's own `assert` was written for the trainee; one raised inside a
        # helper (numpy's "DESIRED: 7.125") would reveal the expected answer, so a hidden test's is dropped.
        frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
        authored = bool(frames) and frames[-1].filename.startswith("<test ")
        if kind == "hidden" and not authored:
            evalue = "a hidden check failed"
        if stdout is not None:
            self._stream(outputs, stdout)
        if kind == "hidden":
            lines = [f"{ename}: {evalue}", "(raised by a hidden test)"]
        else:
            lines = traceback.format_exception_only(type(exc), exc)
        outputs.append({"output_type": "error", "ename": ename, "evalue": evalue, "traceback": lines})
        return {"t": "verdict", "passed": False, "failed_in": kind, "ename": ename, "evalue": evalue,
                "authored": authored, "outputs": outputs}


def main() -> None:
    in_fd, out_fd = protocol.claim_stdio()
    os.environ.setdefault("MPLBACKEND", "Agg")
    tester = Tester(in_fd, out_fd)
    protocol.write_message(out_fd, tester.start(protocol.read_message(in_fd)))
    while True:
        try:
            message = protocol.read_message(in_fd)
        except protocol.ProtocolError:
            return
        kind = message.get("t")
        if kind == "stop":
            return
        if kind == "job":
            reply = tester.job(message)
        elif kind == "test":
            try:
                reply = tester.run_test(message)
            except (DecodeError, RecursionError, protocol.ProtocolError) as exc:
                reply = {"t": "verdict", "passed": False, "failed_in": "visible", "ename": "UnreadableAnswer",
                         "evalue": str(exc)[:500], "authored": False,
                         "outputs": [{"output_type": "error", "ename": "UnreadableAnswer", "evalue": str(exc)[:500],
                                      "traceback": [f"UnreadableAnswer: {str(exc)[:500]}"]}]}
        else:
            reply = {"t": "error", "evalue": f"unknown message {kind!r}"}
        protocol.write_message(out_fd, reply)


if __name__ == "__main__":
    main()
