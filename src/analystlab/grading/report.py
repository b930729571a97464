"""`analystlab report`: a cohort briefing (HTML with PNG figures) for the instructor.

Figures: score distribution per module; per-question difficulty (share of full marks) and
discrimination (corrected item-total correlation: do the trainees who do well overall get this
question right?); submission status per module; trainees at risk. Colours are the Okabe-Ito
palette, which stays distinguishable with the common colour-vision deficiencies.
"""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

import nbformat

from .export import collect
from .layout import GradingError, Layout

OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
             "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "grey": "#7f7f7f"}
STATUS_COLOURS = {"ok": OKABE_ITO["green"], "missing": OKABE_ITO["grey"], "timeout": OKABE_ITO["orange"],
                  "crashed": OKABE_ITO["purple"], "tampered": OKABE_ITO["vermillion"], "corrupt": OKABE_ITO["blue"]}
AT_RISK_PERCENT = 50.0


def _frames(layout: Layout):
    import pandas as pd

    rows, columns = collect(layout)
    if not rows:
        raise GradingError("the gradebook has no submissions yet: run `analystlab grade` first.")
    table = pd.DataFrame(rows)
    table["percent"] = 100 * table["score"] / table["max_score"].where(table["max_score"] > 0)
    items = []
    for column in columns:
        module, _, gid = column.partition(":")
        if column not in table:
            continue
        sub = table[(table["module"] == module) & (table["status"] != "missing")]
        points = pd.to_numeric(sub[column], errors="coerce")
        if points.notna().sum() == 0:
            continue
        items.append({"module": module, "question": gid, "points": points, "students": sub["student"],
                      "rest": sub["score"] - points.fillna(0)})
    return table, items


def _titles(layout: Layout, module: str) -> dict[str, str]:
    """{grade_id: task title} from the module's source notebooks ("Task 3 — Seizures at the border crossings")."""
    from ..notebooks import task_titles

    titles: dict[str, str] = {}
    for notebook in sorted((layout.source / module).glob("*.ipynb")):
        titles.update(task_titles(nbformat.read(notebook, as_version=4)))
    return titles


def _item_stats(items, titles: dict[str, dict[str, str]] | None = None) -> list[dict]:
    """Difficulty and discrimination per question, each with its task title (its grade id if unknown)."""
    titles = titles or {}
    stats = []
    for item in items:
        points = item["points"]
        full = points.max() if points.max() > 0 else 1
        valid = points.notna()
        share = float((points[valid] >= full).mean()) if valid.any() else float("nan")
        rest = item["rest"][valid]
        disc = float(points[valid].corr(rest)) if valid.sum() >= 3 and points[valid].std() > 0 and rest.std() > 0 \
            else float("nan")
        stats.append({"module": item["module"], "question": item["question"], "difficulty": share,
                      "discrimination": disc, "n": int(valid.sum()),
                      "title": titles.get(item["module"], {}).get(item["question"], item["question"])})
    return stats


DPI = 110  # with the sizes below, every figure fits a 1366 x 768 laptop screen at 100 %


def _save(fig, path: Path) -> None:
    fig.savefig(path, dpi=DPI, bbox_inches="tight")


# Thirteen module labels side by side fit a 1366 px screen at this size.
MODULE_LABEL_SIZE = 9


def module_label(module: str) -> str:
    """A module's x-axis label on two or three short lines: "03\ntelephone\nanalysis"."""
    number, _, name = module.partition("-")
    return number + "\n" + "\n".join(textwrap.wrap(name.replace("-", " "), 12)) if name else module


def _question_figure(module: str, stats: list[dict], path: Path) -> None:
    """One module's questions: difficulty and discrimination side by side, labelled with task titles,
    the value axes repeated at the top so a tall chart reads without scrolling to its foot."""
    import matplotlib.pyplot as plt
    import numpy as np

    labels = [textwrap.shorten(s["title"], 48, placeholder="…") for s in stats]
    y = np.arange(len(stats))
    # Constrained layout keeps the figure title clear of the panel titles above the top value axes.
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 0.34 * len(stats) + 1.8), sharey=True, layout="constrained")
    fig.get_layout_engine().set(wspace=0.1)
    left.barh(y, [100 * s["difficulty"] for s in stats], color=OKABE_ITO["blue"])
    left.set(xlim=(0, 100), xlabel="trainees with full marks (%)")
    left.set_title("Difficulty: share of full marks", fontsize=10)
    left.set_yticks(y, labels)
    left.invert_yaxis()
    disc = [s["discrimination"] for s in stats]
    colours = [OKABE_ITO["vermillion"] if (d == d and d < 0.2) else OKABE_ITO["green"] for d in disc]
    right.barh(y, [d if d == d else 0 for d in disc], color=colours)
    right.axvline(0.2, color=OKABE_ITO["grey"], linestyle="--", linewidth=1)
    right.set(xlim=(-1, 1), xlabel="corrected item-total correlation")
    right.set_xticks([-1, -0.5, 0, 0.5, 1], ["−1", "−0.5", "0", "0.5", "1"])
    right.set_title("Discrimination (below 0.2: review the question)", fontsize=10)
    for ax in (left, right):
        ax.tick_params(axis="x", top=True, labeltop=True)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
    fig.suptitle(f"Questions of {module}", fontweight="bold", x=0.02, ha="left")
    _save(fig, path)
    plt.close(fig)


def figures(layout: Layout, table, stats, out: Path) -> list[tuple[str, str]]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    made = []
    plt.rcParams.update({"font.size": 10, "axes.spines.top": False, "axes.spines.right": False})
    graded = table[table["status"] != "missing"]
    modules = sorted(table["module"].unique())

    fig, ax = plt.subplots(figsize=(max(6.0, 0.78 * len(modules) + 2.4), 4.2))
    data = [graded.loc[graded["module"] == m, "percent"].dropna().to_numpy() for m in modules]
    ax.boxplot(data, tick_labels=[module_label(m) for m in modules], widths=0.5, showfliers=False,
               medianprops={"color": "black", "linewidth": 2})
    ax.tick_params(axis="x", labelsize=MODULE_LABEL_SIZE)
    rng = np.random.default_rng(0)
    for position, module in enumerate(modules, start=1):
        sub = graded[graded["module"] == module]
        for status, group in sub.groupby("status"):
            x = position + rng.uniform(-0.15, 0.15, len(group))
            ax.scatter(x, group["percent"], s=22, color=STATUS_COLOURS.get(status, "black"), alpha=0.85,
                       label=status, edgecolor="white", linewidth=0.5, zorder=3)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=False))
    ax.legend(unique.values(), unique.keys(), title="submission status", loc="upper left", bbox_to_anchor=(1, 1))
    ax.axhline(AT_RISK_PERCENT, color=OKABE_ITO["grey"], linestyle="--", linewidth=1)
    ax.set(ylim=(-5, 105), ylabel="automatic score (% of available points)",
           title=f"Score distribution per module ({graded['student'].nunique()} trainees)")
    _save(fig, out / "scores_by_module.png")
    plt.close(fig)
    made.append(("scores_by_module.png", "Score distribution per module; dashed line: at-risk threshold."))

    for module in modules:
        per_module = [s for s in stats if s["module"] == module]
        if per_module:
            name = f"questions-{module}.png"
            _question_figure(module, per_module, out / name)
            made.append((name, f"{module}, per question: how many trainees got full marks, and whether the question "
                               "separates stronger from weaker trainees (vermillion: below 0.2)."))

    counts = table.groupby(["module", "status"]).size().unstack(fill_value=0).reindex(modules, fill_value=0)
    fig, ax = plt.subplots(figsize=(max(6.0, 0.78 * len(modules) + 2.4), 3.8))
    bottom = np.zeros(len(counts))
    positions = np.arange(len(counts))
    for status in ("ok", "timeout", "crashed", "tampered", "corrupt", "missing"):
        if status in counts:
            ax.bar(positions, counts[status], bottom=bottom, color=STATUS_COLOURS[status], label=status, width=0.6)
            bottom += counts[status].to_numpy()
    ax.set_xticks(positions, [module_label(m) for m in counts.index], fontsize=MODULE_LABEL_SIZE)
    ax.set(ylabel="submissions", title="Submission status per module")
    ax.legend(title="status", loc="upper left", bbox_to_anchor=(1, 1))
    _save(fig, out / "status.png")
    plt.close(fig)
    made.append(("status.png", "Submission status per module: anything but green needs a look."))

    per = _trainees(table)
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(per) + 1.5))
    colours = [OKABE_ITO["vermillion"] if r else OKABE_ITO["blue"] for r in per["at_risk"]]
    ax.barh(per["student"], per["mean_percent"], color=colours)
    ax.axvline(AT_RISK_PERCENT, color=OKABE_ITO["grey"], linestyle="--", linewidth=1)
    ax.invert_yaxis()
    ax.set(xlim=(0, 100), xlabel="mean automatic score over modules (%)", ylabel="trainee",
           title="Trainees at risk (vermillion): low scores, missing or flagged work")
    _save(fig, out / "trainees.png")
    plt.close(fig)
    made.append(("trainees.png", "Mean score per trainee; vermillion marks trainees at risk."))
    return made


def _trainees(table):
    grouped = table.groupby("student")
    per = grouped.agg(mean_percent=("percent", lambda s: float(s.fillna(0).mean())),
                      missing=("status", lambda s: int((s == "missing").sum())),
                      flagged=("status", lambda s: int(s.isin(["timeout", "crashed", "tampered", "corrupt"]).sum())))
    per = per.reset_index().sort_values("mean_percent")
    per["at_risk"] = (per["mean_percent"] < AT_RISK_PERCENT) | (per["missing"] > 0) | (per["flagged"] > 0)
    return per


def build(layout: Layout, out: Path | None = None) -> Path:
    """Write the report folder (index.html and figures); returns the HTML path."""
    out = out or layout.reports / "cohort"
    out.mkdir(parents=True, exist_ok=True)
    table, items = _frames(layout)
    stats = _item_stats(items, {module: _titles(layout, module) for module in sorted(table["module"].unique())})
    made = figures(layout, table, stats, out)
    per = _trainees(table)
    flagged = table[table["status"].isin(["timeout", "crashed", "tampered", "corrupt"])]
    risky = per[per["at_risk"]]
    esc = html.escape
    parts = [f"<h1>Cohort report</h1><p>{table['student'].nunique()} trainees, {table['module'].nunique()} module(s), "
             f"{len(table)} submissions expected, {int((table['status'] != 'missing').sum())} graded.</p>"]
    for name, caption in made:
        parts.append(f"<figure><img src='{name}' alt='{esc(caption)}'><figcaption>{esc(caption)}</figcaption></figure>")
    parts.append("<h2>Flagged submissions</h2>")
    if flagged.empty:
        parts.append("<p>None.</p>")
    else:
        parts.append("<table><tr><th>trainee</th><th>module</th><th>status</th><th>reasons</th></tr>" + "".join(
            f"<tr><td>{esc(r.student)}</td><td>{esc(r.module)}</td><td>{esc(r.status)}</td><td>{esc(r.reasons)}</td></tr>"
            for r in flagged.itertuples()) + "</table>")
    parts.append(f"<h2>Trainees at risk</h2><p>Mean below {AT_RISK_PERCENT:g} %, or missing or flagged work.</p>")
    parts.append("<table><tr><th>trainee</th><th>mean %</th><th>missing</th><th>flagged</th></tr>" + "".join(
        f"<tr><td>{esc(r.student)}</td><td>{r.mean_percent:.0f}</td><td>{r.missing}</td><td>{r.flagged}</td></tr>"
        for r in risky.itertuples()) + "</table>")
    parts.append("<h2>Questions</h2><table><tr><th>module</th><th>task</th><th>question</th><th>full marks %</th>"
                 "<th>discrimination</th><th>n</th></tr>" + "".join(
                     f"<tr><td>{esc(s['module'])}</td><td>{esc(s['title'])}</td><td>{esc(s['question'])}</td>"
                     f"<td>{100 * s['difficulty']:.0f}</td>"
                     f"<td>{s['discrimination']:.2f}</td><td>{s['n']}</td></tr>" for s in stats) + "</table>")
    page = out / "index.html"
    page.write_text("<!doctype html><html><head><meta charset='utf-8'><title>Cohort report</title><style>"
                    "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}"
                    "img{max-width:100%}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
                    "</style></head><body>" + "".join(parts) + "</body></html>", encoding="utf-8")
    return page
