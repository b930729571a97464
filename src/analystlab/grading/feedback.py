"""`analystlab feedback`: one HTML page per graded notebook, safe to hand to the trainee.

It shows the trainee's answers and outputs, each test's visible checks and its result, and for a
failed hidden check only which test failed and its message — never the hidden tests' source.
Any output of the trainee's own that happens to contain a line of hidden test code is withheld.
Pages go to grading/feedback/<student>/<module>/<notebook>.html, where `nbgrader release_feedback`
looks for them.
"""

from __future__ import annotations

import ast
import base64
import html
import re
from pathlib import Path

import nbformat

from ..notebooks import task_titles
from .grade import read_status
from .layout import GradingError, Layout
from .restore import grade_id, is_answer, is_test, split_test, visible_source

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
TRAINEE_STATUS = {
    "ok": "graded",
    "timeout": "some of your code ran too long and was stopped; the tests after it could not pass",
    "crashed": "your notebook stopped part-way (memory, processes or a crash); later tests could not pass",
    "tampered": "your submission is flagged for review by your instructor",
    "corrupt": "your file could not be read as a notebook; please re-save and resubmit",
}
STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;border-radius:4px;font-size:.9rem}
.cell{margin:1rem 0}.test{border-left:4px solid #999;padding-left:.8rem}
.pass{border-color:#009E73}.fail{border-color:#D55E00}.verdict{font-weight:600}
.pass .verdict{color:#00704f}.fail .verdict{color:#a84300}.note{color:#555;font-style:italic}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}
.summary td:nth-child(2){text-align:right;white-space:nowrap}.checks{list-style:none;padding-left:0}
.back{font-weight:400;font-size:.85rem;margin-left:.5rem}
.checks li{margin:.2rem 0}.ok{color:#00704f}.bad{color:#a84300;font-weight:600}.skip{color:#777}
"""


def _hidden_lines(source_nb) -> set[str]:
    lines = set()
    for cell in source_nb.cells:
        if is_test(cell):
            for kind, code in split_test(cell.source):
                if kind == "hidden":
                    lines |= {line.strip() for line in code.splitlines() if len(line.strip()) >= 12}
    return lines


def _render_outputs(outputs, hidden: set[str]) -> str:
    parts = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            text = out.get("text", "")
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            if "image/png" in data:
                image = _png(data["image/png"])
                parts.append(f'<img alt="figure" src="data:image/png;base64,{image}">' if image else
                             '<p class="note">[an image that is not a valid PNG was left out]</p>')
                continue
            text = data.get("text/plain", "")
        elif kind == "error":
            text = ANSI.sub("", "\n".join(out.get("traceback", [])) or f"{out.get('ename')}: {out.get('evalue')}")
        else:
            continue
        if any(line in text for line in hidden):
            parts.append('<p class="note">[output withheld: it contains hidden test code]</p>')
            continue
        parts.append(f"<pre>{html.escape(text[-20000:])}</pre>")
    return "".join(parts)


_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]+")
ALLOWED_TAGS = {"a", "b", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li",
                "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul"}


def _png(value) -> str | None:
    """The base64 text of a real PNG, or None: nothing else may reach an src attribute."""
    if not isinstance(value, str) or not _BASE64.fullmatch(value):
        return None
    try:
        head = base64.b64decode(value[:64] + "=" * (-len(value[:64]) % 4))
    except ValueError:
        return None
    return "".join(value.split()) if head.startswith(b"\x89PNG\r\n\x1a\n") else None


def _markdown(text: str) -> str:
    """Markdown as HTML with only harmless tags left (cells a trainee added are rendered here too)."""
    import bleach

    try:
        from nbconvert.filters.markdown import markdown2html

        rendered = markdown2html(text)
    except Exception:  # noqa: BLE001 - fall back to plain text rather than lose the prompt
        return f"<pre>{html.escape(text)}</pre>"
    return bleach.clean(rendered, tags=ALLOWED_TAGS, attributes={"a": ["href", "title"]},
                        protocols={"http", "https", "mailto"}, strip=True)


def _assert_call(node: ast.AST) -> bool:
    """A bare call of an assertion helper (np.testing.assert_allclose(...), assert_frame_equal(...))."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return False
    func = node.value.func
    return "assert" in (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))


def visible_checks(source: str) -> list[tuple[str, re.Pattern | None]]:
    """A test's visible checks in source order, each as the message it raises when it fails and a
    pattern that recognises that message: fixed text as written, values the message is built from
    (an f-string's fields) as "…". A check without a message shows its condition as code ("check: …").
    Only the visible part of the test is read: hidden tests never reach this function's result."""
    code, _ = visible_source(source)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.msg is not None:
            message = node.msg
            if isinstance(message, ast.Constant) and isinstance(message.value, str):
                text, pattern = message.value, re.compile(re.escape(message.value))
            elif isinstance(message, ast.JoinedStr):
                parts = [(v.value, re.escape(v.value)) if isinstance(v, ast.Constant) else ("…", ".*?")
                         for v in message.values]
                text = "".join(shown for shown, _ in parts)
                pattern = re.compile("".join(regex for _, regex in parts), re.DOTALL)
            else:
                text, pattern = f"check: {ast.get_source_segment(code, message)}", None
            found.append((node.lineno, node.col_offset, text, pattern))
        elif isinstance(node, ast.Assert) or _assert_call(node):
            condition = node.test if isinstance(node, ast.Assert) else node
            found.append((node.lineno, node.col_offset, f"check: {ast.get_source_segment(code, condition)}", None))
    return [(text, pattern) for *_, text, pattern in sorted(found, key=lambda item: item[:2])]


def _failed_check(checks: list[tuple[str, re.Pattern | None]], test: dict) -> int | None:
    """Which visible check raised the test's failure, when its message says so."""
    if test.get("failed_in") != "visible" or test.get("ename") != "AssertionError":
        return None
    evalue = str(test.get("evalue") or "").strip()
    return next((i for i, (_, pattern) in enumerate(checks) if pattern and pattern.fullmatch(evalue)), None)


def _checks_html(checks: list[tuple[str, re.Pattern | None]], test: dict) -> str:
    """The visible checks as a list: ✓ passed, ✗ the one that failed (with the message it raised), then
    the ones after it, which did not run."""
    if not checks:
        return ""
    where, evalue = test.get("failed_in"), str(test.get("evalue") or "")
    failed = _failed_check(checks, test)
    items = []
    for index, (text, _) in enumerate(checks):
        if test.get("passed") or where == "hidden" or (failed is not None and index < failed):
            items.append(f"<li class='ok'>✓ {html.escape(text)}</li>")
        elif index == failed:
            items.append(f"<li class='bad'>✗ {html.escape(evalue[:1000])}</li>")
        else:
            items.append(f"<li class='skip'>· {html.escape(text)} <i>(not checked)</i></li>")
    return f"<p>What this test checks (the visible part):</p><ul class='checks'>{''.join(items)}</ul>"


def _anchor(gid: str | None) -> str:
    return "task-" + re.sub(r"[^A-Za-z0-9_-]", "-", gid or "")


def _summary(graded, tests: dict, titles: dict[str, str]) -> str:
    """A table of every graded task with its points and result, each linking to its place on the page."""
    rows = []
    for cell in graded.cells:
        gid = grade_id(cell)
        if gid not in tests or not (is_test(cell) or is_answer(cell)):
            continue
        test = tests[gid]
        if test.get("manual"):
            points, result = f"– / {test['max_points']:g}", "marked by your instructor"
        else:
            points = f"{test.get('points') or 0:g} / {test.get('max_points', 0):g}"
            result = "passed" if test.get("passed") else {
                "hidden": "a hidden check failed", "not run": "did not run"}.get(test.get("failed_in"),
                                                                                  "a visible check failed")
        colour = "ok" if test.get("passed") else ""
        rows.append(f"<tr><td><a href='#{_anchor(gid)}'>{html.escape(titles.get(gid, gid))}</a></td>"
                    f"<td>{points}</td><td class='{colour}'>{html.escape(result)}</td></tr>")
    return ("<table class='summary' id='summary'><tr><th>task</th><th>points</th><th>result</th></tr>" + "".join(rows)
            + "</table>") if rows else ""


def render(student: str, module: str, name: str, graded, info: dict, hidden: set[str],
           titles: dict[str, str] | None = None) -> str:
    """The feedback page for one graded notebook. Task titles come from `titles` (read from the source
    notebook, so a trainee's added cell cannot rename a task), else from the graded notebook."""
    tests = {t["grade_id"]: t for t in info.get("tests", [])}
    auto = [t for t in tests.values() if not t.get("manual")]
    score = sum(t["points"] or 0 for t in auto)
    total = sum(t["max_points"] for t in auto)
    status = info.get("status", "ok")
    body = [f"<h1>{html.escape(module)} — {html.escape(name)}</h1>",
            f"<p>Trainee: <b>{html.escape(student)}</b>. Automatic score: <b>{score:g} / {total:g}</b>"
            f" ({html.escape(TRAINEE_STATUS.get(status, status))}).</p>"]
    manual = [t for t in tests.values() if t.get("manual")]
    if manual:
        body.append(f"<p class='note'>{len(manual)} written answer(s) are marked by your instructor.</p>")
    if titles is None:
        titles = task_titles(graded) if graded is not None else {}
    if graded is not None:
        body.append(_summary(graded, tests, titles))
    for cell in graded.cells if graded is not None else []:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if cell.cell_type == "markdown" and not is_answer(cell):
            body.append(f"<div class='cell'>{_markdown(cell.source)}</div>")
        elif is_test(cell):
            test = tests.get(gid, {})
            shown, n_hidden = visible_source(cell.source)
            passed = test.get("passed")
            verdict = f"passed — {test.get('points', 0):g} / {test.get('max_points', 0):g} points" if passed else (
                f"not passed — {test.get('points') or 0:g} / {test.get('max_points', 0):g} points")
            detail = ""
            if not passed:
                where = test.get("failed_in")
                message = html.escape(f"{test.get('ename') or ''}: {test.get('evalue') or ''}".strip(": "))
                if where == "hidden":
                    if not test.get("authored"):  # a library's message would show the expected value
                        message = html.escape(f"{test.get('ename')} (details withheld: they would reveal the answer)")
                    detail = f"<p>A hidden check of <code>{html.escape(gid)}</code> failed: <code>{message}</code></p>"
                elif where == "not run":
                    detail = "<p>This test did not run (your notebook stopped before it).</p>"
                elif message:
                    detail = f"<p>Visible check failed: <code>{message}</code></p>"
            checks = visible_checks(cell.source)
            if _failed_check(checks, test) is not None:
                detail = ""  # the failed check is marked in the list, with the message it raised
            note = f"<p class='note'>+ {n_hidden} hidden check line(s), not shown.</p>" if n_hidden else ""
            listed = _checks_html(checks, test) if checks else (f"<pre>{html.escape(shown)}</pre>" if shown else "")
            body.append(f"<div class='cell test {'pass' if passed else 'fail'}' id='{_anchor(gid)}'>"
                        f"<p class='verdict'>{html.escape(titles.get(gid, gid or ''))} — test "
                        f"{html.escape(gid or '')}: {verdict} <a class='back' href='#summary'>↑ all tasks</a></p>"
                        f"{listed}{note}{detail}</div>")
        elif cell.cell_type == "code":
            label = f"<p id='{_anchor(gid)}'><b>Your answer ({html.escape(gid)})</b></p>" if is_answer(cell) else ""
            body.append(f"<div class='cell'>{label}<pre>{html.escape(cell.source)}</pre>"
                        f"{_render_outputs(cell.get('outputs', []), hidden)}</div>")
        elif is_answer(cell):
            body.append(f"<div class='cell' id='{_anchor(gid)}'><p><b>Your written answer ({html.escape(gid)})</b></p>"
                        f"<pre>{html.escape(cell.source)}</pre></div>")
    if graded is None:
        body.append(f"<p>{html.escape('; '.join(info.get('reasons', [])))}</p>")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Feedback {html.escape(module)}</title>"
            f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>")


def _release_files(layout: Layout, student: str, module: str, folder: Path) -> None:
    """The files `nbgrader release_feedback` reads beside the pages (submission time and secret)."""
    for name in ("timestamp.txt", "submission_secret.txt"):
        for origin in (layout.submitted / student / module, layout.autograded / student / module):
            if (origin / name).is_file():
                (folder / name).write_bytes((origin / name).read_bytes())
                break


def generate(layout: Layout, module: str | None = None, student: str | None = None) -> list[Path]:
    """Write feedback pages for every graded submission (optionally one module or student)."""
    if not layout.autograded.is_dir():
        raise GradingError("nothing has been graded yet: run `analystlab grade` first.")
    modules = [layout.resolve_module(module)] if module else layout.modules()
    students = sorted(p.name for p in layout.autograded.iterdir() if p.is_dir())
    if student:
        if student not in students:
            raise GradingError(f"no graded work from student {student!r}. Graded: {', '.join(students) or 'none'}")
        students = [student]
    written = []
    for mod in modules:
        sources = {nb: nbformat.read(layout.source / mod / f"{nb}.ipynb", as_version=4) for nb in layout.notebooks(mod)}
        hidden_by_nb = {nb: _hidden_lines(source) for nb, source in sources.items()}
        titles_by_nb = {nb: task_titles(source) for nb, source in sources.items()}
        for stu in students:
            status = read_status(layout, stu, mod)
            for name, info in status.items():
                path = layout.autograded / stu / mod / f"{name}.ipynb"
                readable = path.is_file() and info.get("status") != "corrupt"
                graded = nbformat.read(path, as_version=4) if readable else None
                page = render(stu, mod, name, graded, info, hidden_by_nb.get(name, set()), titles_by_nb.get(name, {}))
                out = layout.feedback / stu / mod / f"{name}.html"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(page, encoding="utf-8")
                _release_files(layout, stu, mod, out.parent)
                written.append(out)
    return written
