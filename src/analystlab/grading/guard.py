"""Keeps a submission's code from changing how the tests judge it.

Student cells and test cells share one interpreter (tests must see the answers), so the grader
defends the test run in layers, all set up in the pre-forked worker before any student code runs:

1. test cells never pass through IPython: input transformers, AST transformers, events and
   exception hooks that a submission installs do not touch them (the runner compiles them itself);
2. the modules tests rely on (builtins, numpy, pandas, math, operator, ...) are snapshotted; before
   every test cell anything a submission replaced is put back, and a change made *during* a test
   cell voids that cell. Every difference is reported as a tamper event;
3. an audit hook refuses the low-level routes to the grader's own state from submission code:
   frame access, garbage-collector enumeration, ctypes, trace/profile hooks, and rewriting the code
   of functions or the attributes of classes that existed before the submission ran;
4. values a test reads are vetted: an instance of a class the submission created, or anything that
   compares equal to a brand-new object, cannot earn points.
"""

from __future__ import annotations

import sys
import threading

PROTECTED_PREFIXES = (
    "builtins", "math", "cmath", "operator", "functools", "numbers", "decimal", "fractions", "re",
    "collections", "datetime", "statistics", "unittest", "numpy", "pandas", "analystlab",
)
# Filenames IPython gives code compiled from cells (plain InteractiveShell).
SUBMISSION_PREFIX = "<ipython-input-"
FRAME_ATTRS = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_back"})
BLOCKED_EVENTS = frozenset({
    "gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys.settrace", "sys.setprofile",
    "ctypes.dlopen", "ctypes.dlsym", "ctypes.dlsym/handle", "ctypes.cdata", "ctypes.addressof",
    "ctypes.string_at", "ctypes.wstring_at", "ctypes.call_function", "sys._current_frames",
    "sys.setrecursionlimit",
})


_MISSING = object()


class TamperingDetected(Exception):
    """Raised in a test cell whose verdict cannot be trusted."""


def _all_classes() -> set[int]:
    seen: set[int] = set()
    stack = [object]
    while stack:
        cls = stack.pop()
        if id(cls) in seen:
            continue
        seen.add(id(cls))
        try:
            stack.extend(type.__subclasses__(cls))
        except TypeError:
            pass
    return seen


def _caller_is_submission(getframe, depth: int) -> bool:
    frame = getframe(depth)
    return frame is not None and frame.f_code.co_filename.startswith(SUBMISSION_PREFIX)


class Guard:
    """Snapshot, audit hook and checks; one instance lives in each pre-forked worker."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self._armed = False
        self._in_hook = threading.local()
        self._getframe = sys._getframe
        self._trusted_classes: set[int] = set()
        self._modules: dict[str, tuple[object, dict, list]] = {}
        self._module_entries: dict[str, object] = {}

    # -- snapshot -------------------------------------------------------------------------------
    def snapshot(self) -> None:
        """Record the pristine state of protected modules (call after pre-imports, before forking)."""
        self._trusted_classes = _all_classes()
        self._modules.clear()
        for name, module in sorted(sys.modules.items()):
            if module is None or name.split(".")[0] not in PROTECTED_PREFIXES:
                continue
            namespace = getattr(module, "__dict__", None)
            if isinstance(namespace, dict):
                self._modules[name] = (module, dict(namespace), list(namespace.values()))
        self._module_entries = {name: entry[0] for name, entry in self._modules.items()}

    def _changed_modules(self) -> list[str]:
        """Protected modules whose namespace differs from the snapshot (fast identity check)."""
        changed = []
        for name, (module, saved, values) in self._modules.items():
            current = module.__dict__
            if len(current) != len(saved) or any(a is not b for a, b in zip(current.values(), values, strict=False)):
                changed.append(name)
            if sys.modules.get(name) is not module:
                changed.append(f"sys.modules[{name!r}]")
        return changed

    def _repair(self, name: str) -> list[str]:
        """Put one module's namespace back; returns the names that had been replaced or deleted.

        Names that were only added are removed silently: libraries add attributes lazily (numpy
        loads submodules on first use), and a new name cannot change what an existing one does.
        """
        module, saved, _ = self._modules[name]
        current = module.__dict__
        altered = sorted(str(k) for k, v in saved.items() if current.get(k, _MISSING) is not v)
        module.__dict__.clear()
        module.__dict__.update(saved)
        self._modules[name] = (module, saved, list(module.__dict__.values()))
        return altered

    def restore(self, when: str) -> list[str]:
        """Put protected modules back as snapshotted; returns descriptions of what had been changed."""
        changes = []
        for name in self._changed_modules():
            if name.startswith("sys.modules["):
                key = name[len("sys.modules['"):-2]
                sys.modules[key] = self._module_entries[key]
                changes.append(f"replaced {name}")
                continue
            altered = self._repair(name)
            if altered:
                changes.append(f"changed {name}.{{{', '.join(altered[:5])}}}")
        sys.settrace(None)
        sys.setprofile(None)
        threading.settrace(None)  # type: ignore[arg-type]
        threading.setprofile(None)  # type: ignore[arg-type]
        for change in changes:
            self.record(f"{when}: submission {change} (undone before any test ran)")
        return changes

    def verify_unchanged(self) -> list[str]:
        """Protected names replaced since the last restore (a change made while a test ran)."""
        altered = []
        for name in self._changed_modules():
            if name.startswith("sys.modules["):
                altered.append(name)
                continue
            module, saved, _ = self._modules[name]
            keys = [str(k) for k, v in saved.items() if module.__dict__.get(k, _MISSING) is not v]
            if keys:
                altered.append(f"{name}.{{{', '.join(sorted(keys)[:5])}}}")
        return altered

    # -- audit hook -------------------------------------------------------------------------------
    def record(self, message: str) -> None:
        if message not in self.events:
            self.events.append(message)

    def install_audit_hook(self) -> None:
        """Install once per worker, before forking; it only acts after arm()."""
        guard = self

        def hook(event: str, args: tuple) -> None:
            if not guard._armed or getattr(guard._in_hook, "busy", False):
                return
            guard._in_hook.busy = True
            try:
                guard._audit(event, args)
            finally:
                guard._in_hook.busy = False

        sys.addaudithook(hook)

    def _audit(self, event: str, args: tuple) -> None:
        if event == "object.__getattr__":
            if args[1] in FRAME_ATTRS and _caller_is_submission(self._getframe, 3):
                self._refuse(f"frame access ({args[1]})")
        elif event == "sys._getframe":
            frame = args[0]
            if _caller_is_submission(self._getframe, 3) or (
                frame is not None and frame.f_code.co_filename.startswith(SUBMISSION_PREFIX)
            ):
                self._refuse("sys._getframe")
        elif event == "object.__setattr__":
            target, attr = args[0], args[1]
            if isinstance(target, type) and id(target) in self._trusted_classes:
                if _caller_is_submission(self._getframe, 3):
                    self._refuse(f"setting {getattr(target, '__qualname__', target)}.{attr}")
            elif attr in ("__code__", "__defaults__", "__kwdefaults__") and callable(target):
                code = getattr(target, "__code__", None)
                if (code is not None and not code.co_filename.startswith(SUBMISSION_PREFIX)
                        and _caller_is_submission(self._getframe, 3)):
                    self._refuse(f"rewriting {attr} of {getattr(target, '__qualname__', target)}")
        elif event == "object.__delattr__":
            target = args[0]
            if isinstance(target, type) and id(target) in self._trusted_classes:
                self._refuse(f"deleting {getattr(target, '__qualname__', target)}.{args[1]}")
        elif event in BLOCKED_EVENTS:
            if event.startswith("ctypes") or event.startswith("gc") or _caller_is_submission(self._getframe, 3):
                self._refuse(event)

    def _refuse(self, what: str) -> None:
        self.record(f"blocked {what} from submission code")
        raise PermissionError(f"the grader does not allow {what} in a submission")

    def arm(self) -> None:
        self._armed = True

    def disarm(self) -> None:
        self._armed = False

    # -- values a test reads -----------------------------------------------------------------------
    def suspicious_value(self, name: str, value: object, depth: int = 0) -> str | None:
        """Why `value` cannot be trusted as an answer, or None."""
        cls = type(value)
        if id(cls) not in self._trusted_classes and not _installed_class(cls):
            return f"`{name}` is an instance of {cls.__qualname__}, a class defined by the submission"
        if depth == 0 and not isinstance(value, type) and not callable(value):
            try:
                verdict = value == _Probe()
                if type(verdict) is bool and verdict:
                    return f"`{name}` claims to equal any object (always-equal __eq__)"
            except Exception:  # noqa: BLE001 - arrays and frames refuse bool(); that is fine
                pass
        if depth < 2 and isinstance(value, list | tuple | set | frozenset | dict):
            items = list(value.items())[:200] if isinstance(value, dict) else list(value)[:200]
            for item in items:
                pairs = item if isinstance(value, dict) else (item,)
                for part in pairs:
                    reason = self.suspicious_value(name, part, depth + 1)
                    if reason:
                        return reason
        return None


class _Probe:
    """A fresh object nothing legitimate compares equal to."""

    __slots__ = ()


def _installed_class(cls: type) -> bool:
    """Classes created after the snapshot by installed libraries (lazy imports) are trusted."""
    module = sys.modules.get(getattr(cls, "__module__", "") or "")
    filename = getattr(module, "__file__", None) or ""
    if not filename or filename.startswith("<") or cls.__module__ == "__main__":
        return False
    for value in vars(cls).values():
        code = getattr(value, "__code__", None)
        if code is not None and code.co_filename.startswith(SUBMISSION_PREFIX):
            return False
    return True


def collect_names(code) -> set[str]:
    """Global names a compiled test reads, including inside nested functions and comprehensions."""
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= collect_names(const)
    return names


def thread_count() -> int:
    """Threads of this process that run Python code, including those started with _thread (which
    threading.enumerate misses). Native worker pools of libraries (Arrow's, which pandas 3 uses for
    text columns, or jemalloc's) run no Python code and cannot touch the tests, so they are not counted."""
    return len(sys._current_frames())


