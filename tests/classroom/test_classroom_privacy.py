"""Classroom privacy end to end, on 127.0.0.1 (issue 25): two trainees and the instructor in a fresh
classroom. Both trainees fetch, submit and later read their own feedback; meanwhile trainee A, from
a terminal of A's own server (A's Unix account, A's server environment and token), tries to read B's
home, notebook, submission and feedback, the instructor's course, to list inbound/, to write into
outbound/, to hand in work as B or a link to the solution as A's own, to use the hub's admin API and
the formgrader, and to exhaust memory and processes. Every attempt must fail, and the test prints
why (the folder or file that refused it, its mode and owner; the HTTP answer).

Needs root (it creates Unix accounts, removed again afterwards) and `make classroom-deps`.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import pwd
import subprocess
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from classroom_harness import instructor_runs, running_classroom, why_no_classroom
from course_harness import answer_sources
from hub_client import HubUser
from nbgrader.utils import notebook_hash

from analystlab.classroom import REPO, TRAINEE_CONTENT
from analystlab.classroom.__main__ import readable_by_others

pytestmark = [pytest.mark.slow, pytest.mark.skipif(why_no_classroom() is not None, reason=why_no_classroom() or "")]

MODULE, NOTEBOOK, COURSE = "00-orientation", "00-exercise", "analystlab"
ATTEMPTS = Path(__file__).with_name("attempts.py")
# Small limits, so that exceeding them is quick; the classroom's own figures are in limits.py.
MEMORY_LIMIT, PIDS_LIMIT = 512 * 1024**2, 96
TIMEOUT = 240  # seconds for the whole round


def _stamp(offset_hours: float) -> str:
    """A submission timestamp as nbgrader writes them."""
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=offset_hours)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f %Z")


def _server_process(user: str) -> psutil.Process:
    uid = pwd.getpwnam(user).pw_uid
    for process in psutil.process_iter(["uids", "cmdline"]):
        if process.info["uids"] and process.info["uids"].real == uid and \
                any("jupyterhub-singleuser" in part for part in process.info["cmdline"] or []):
            return process
    raise AssertionError(f"no server process of {user}")


def _memory_group(cgroups: str) -> dict:
    """The limit and the out-of-memory count of a process's memory group (cgroup v1, else v2)."""
    groups = {controllers: path.lstrip("/") for _, controllers, path in
              (line.split(":", 2) for line in cgroups.splitlines())}
    v1 = next((path for controllers, path in groups.items() if "memory" in controllers.split(",")), None)
    if v1 is not None:
        group = Path("/sys/fs/cgroup/memory") / v1
        return {"limit": (group / "memory.limit_in_bytes").read_text().strip(),
                "oom kills or failures": int((group / "memory.failcnt").read_text())}
    group = Path("/sys/fs/cgroup") / groups[""]
    events = dict(item.split() for item in (group / "memory.events").read_text().splitlines())
    return {"limit": (group / "memory.max").read_text().strip(), "oom kills or failures": int(events["oom_kill"])}


def _run_attempts(trainee: HubUser, content: Path, plan: list[dict], name: str) -> dict[str, dict]:
    """Upload the plan and attempts.py into the trainee's folder and run them in the trainee's terminal."""
    trainee.upload("attempts.py", ATTEMPTS.read_text())
    trainee.upload(f"{name}.json", json.dumps(plan))
    status, output = trainee.terminal(f"cd {content} && python3 attempts.py {name}.json {name}-results.json")
    assert status == 0, output
    assert (content / "attempts.py").stat().st_uid == pwd.getpwnam(trainee.name).pw_uid
    return {attempt["id"]: attempt for attempt in json.loads((content / f"{name}-results.json").read_text())}


@pytest.fixture(scope="module")
def privacy():
    """The whole round, recorded for the tests below: honest path, attempts, collect, feedback."""
    started = time.monotonic()
    with running_classroom(memory_limit=MEMORY_LIMIT, pids_limit=PIDS_LIMIT) as (settings, passwords, warnings):
        a_name, b_name = settings.trainees
        seen: dict = {"settings": settings, "warnings": warnings}
        instructor = HubUser(settings.url, settings.instructor)
        assert instructor.login(passwords[settings.instructor]).status_code == 302
        seen["instructor admin page"] = instructor.get("/hub/admin").status_code
        instructor_runs(settings, "analystlab", "release", MODULE)
        instructor_runs(settings, "nbgrader", "release_assignment", MODULE)

        # The honest path, part 1: both fetch, answer and submit from their own servers.
        right = answer_sources(nbformat.read(REPO / "solutions" / MODULE / f"{NOTEBOOK}.ipynb", as_version=4))
        trainees, path = {}, f"{COURSE}/{MODULE}/{NOTEBOOK}.ipynb"
        for name in settings.trainees:
            trainee = trainees[name] = HubUser(settings.url, name)
            assert trainee.login(passwords[name]).status_code == 302
            trainee.take_token()
            trainee.start_server()
            seen[f"{name} fetch"] = trainee.nbgrader("fetch", COURSE, MODULE)
            notebook = trainee.read_json(path)
            for cell in notebook["cells"]:
                grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
                if cell["metadata"].get("nbgrader", {}).get("solution") and grade_id in right:
                    cell["source"] = right[grade_id] + f"\n# {name}'s answer"
            trainee.write_notebook(path, notebook)
            seen[f"{name} submit"] = trainee.nbgrader("submit", COURSE, MODULE)
        a, b = trainees[a_name], trainees[b_name]
        seen["trainee admin page"] = a.get("/hub/admin").status_code
        # B works on: the notebook in progress.
        draft = b.read_json(path)
        draft["cells"].append(nbformat.v4.new_markdown_cell(f"{b_name}'s draft, not handed in").dict())
        b.write_notebook(path, draft)

        exchange = settings.exchange / COURSE
        inbound, outbound, feedback = exchange / "inbound", exchange / "outbound", exchange / "feedback"
        submissions = {name: sorted(p.name for p in inbound.iterdir() if p.name.startswith(f"{name}+"))
                       for name in settings.trainees}
        seen["submissions"] = submissions
        b_home, course = settings.home(b_name), settings.course_root
        b_notebook = settings.trainee_content(b_name) / path
        a_content = settings.trainee_content(a_name)
        a_env = _server_process(a_name).environ()
        b_server = _server_process(b_name).environ()["JUPYTERHUB_SERVICE_URL"].rstrip("/")
        hub, direct_hub = f"{settings.url}/hub/api", f"http://{settings.ip}:{settings.hub_port}/hub/api"
        formgrader = f"/services/{COURSE}/formgrader"
        solution = course / "solutions" / MODULE / f"{NOTEBOOK}.ipynb"
        seen["a env"] = {key: a_env.get(key, "") for key in ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_USER")}

        def http(id_, url, method="GET", token=True):
            return {"id": id_, "kind": "http", "url": url, "method": method, "with_token": token}

        plan = [
            {"id": "own notebook (control)", "kind": "read", "path": str(a_content / path)},
            http("own hub model with the server's token (control)", f"{hub}/user"),
            {"id": "B's home", "kind": "list", "path": str(b_home)},
            {"id": "B's notebook in progress", "kind": "read", "path": str(b_notebook)},
            {"id": "B's submission in inbound/", "kind": "read",
             "path": str(inbound / submissions[b_name][0] / f"{NOTEBOOK}.ipynb")},
            {"id": "move B's submission away", "kind": "rename", "path": str(inbound / submissions[b_name][0])},
            {"id": "list inbound/", "kind": "list", "path": str(inbound)},
            {"id": "write into outbound/", "kind": "write", "path": str(outbound / "planted.txt")},
            {"id": "overwrite the released notebook", "kind": "write",
             "path": str(outbound / MODULE / f"{NOTEBOOK}.ipynb")},
            {"id": "move the release away", "kind": "rename", "path": str(outbound / MODULE)},
            {"id": "instructor's solutions/", "kind": "read", "path": str(solution)},
            {"id": "instructor's datasets/truth/", "kind": "list", "path": str(course / "datasets" / "truth")},
            {"id": "instructor's gradebook.db", "kind": "read", "path": str(course / "grading" / "gradebook.db")},
            {"id": "the course checkout's solutions/", "kind": "read",
             "path": str(REPO / "solutions" / MODULE / f"{NOTEBOOK}.ipynb")},
            {"id": "hand in as B", "kind": "forge", "inbound": str(inbound), "claimed": b_name,
             "assignment": MODULE, "timestamp": _stamp(1),
             "files": {f"{NOTEBOOK}.ipynb": (a_content / path).read_text()}},
            {"id": "hand in a link to the solution as A's own", "kind": "forge", "inbound": str(inbound),
             "claimed": a_name, "assignment": MODULE, "timestamp": _stamp(2),
             "files": {f"{NOTEBOOK}.ipynb": {"link": str(solution)}}},
            http("hub API: list users", f"{hub}/users"),
            http("hub API on the hub's own port: list users", f"{direct_hub}/users"),
            http("hub API: B's model", f"{hub}/users/{b_name}"),
            http("hub API: stop B's server", f"{hub}/users/{b_name}/server", "DELETE"),
            http("hub API: make A an admin", f"{hub}/users/{a_name}", "PATCH"),
            http("hub API: a new token for A", f"{hub}/users/{a_name}/tokens", "POST"),
            http("hub admin page", f"{settings.url}/hub/admin"),
            http("formgrader through the proxy", f"{settings.url}{formgrader}"),
            http("formgrader API through the proxy", f"{settings.url}{formgrader}/api/assignments"),
            http("formgrader on its own port", f"http://{settings.ip}:{settings.service_port}{formgrader}"),
            http("B's server through the proxy", f"{settings.url}/user/{b_name}/api/contents"),
            http("B's server on its own port", f"{b_server}/api/contents"),
            http("the proxy's API", f"http://{settings.ip}:{settings.proxy_api_port}/api/routes", token=False),
        ]
        seen["files and services"] = _run_attempts(a, a_content, plan, "attempts")

        seen["collect"] = instructor_runs(settings, "nbgrader", "collect", MODULE)
        submitted = course / "grading" / "submitted"
        seen["collected"] = {name: (submitted / name / MODULE / "timestamp.txt").read_text()
                             for name in settings.trainees}
        seen["handed in"] = {name: (inbound / submissions[name][0] / "timestamp.txt").read_text()
                             for name in settings.trainees}
        seen["collected notebooks"] = {name: (submitted / name / MODULE / f"{NOTEBOOK}.ipynb").read_text()
                                       for name in settings.trainees}
        report = course / "grading" / "reports" / "refused_submissions.csv"
        seen["refused"] = list(csv.DictReader(report.open())) if report.is_file() else []

        # Feedback pages (what they say does not matter here), released through the exchange.
        instructor_uid = pwd.getpwnam(settings.instructor).pw_uid
        for name in settings.trainees:
            page = course / "grading" / "feedback" / name / MODULE / f"{NOTEBOOK}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"<html><body>Feedback for {name}</body></html>")
            for folder in (page.parents[2], page.parents[1], page.parent, page):
                os.chown(folder, instructor_uid, -1)
        instructor_runs(settings, "python", "-m", "analystlab.classroom", "release-feedback", MODULE)
        released = {name: feedback / "{}.html".format(notebook_hash(
            secret=(submitted / name / MODULE / "submission_secret.txt").read_text(), notebook_id=NOTEBOOK))
            for name in settings.trainees}
        seen["released"] = released

        # The honest path, part 2: each fetches and reads their own feedback.
        for name, trainee in trainees.items():
            seen[f"{name} fetch_feedback"] = trainee.nbgrader("fetch_feedback", COURSE, MODULE)
            folder = f"{COURSE}/{MODULE}/feedback"
            stamps = [item["name"] for item in trainee.server("GET", f"/api/contents/{folder}").json()["content"]]
            seen[f"{name} feedback"] = [trainee.server("GET", f"/api/contents/{folder}/{stamp}/{NOTEBOOK}.html",
                                                       params={"type": "file", "format": "text"}).json()["content"]
                                        for stamp in stamps]

        server = _server_process(a_name)
        seen["a cgroups"] = Path(f"/proc/{server.pid}/cgroup").read_text()
        seen["feedback and limits"] = _run_attempts(a, a_content, [
            {"id": "own feedback in the exchange (control)", "kind": "read", "path": str(released[a_name])},
            {"id": "B's feedback in the exchange", "kind": "read", "path": str(released[b_name])},
            {"id": "list feedback/", "kind": "list", "path": str(feedback)},
            {"id": "fill twice the memory limit", "kind": "memory", "bytes": 2 * MEMORY_LIMIT},
            {"id": "start 2x the task limit in processes", "kind": "processes", "count": 2 * PIDS_LIMIT},
        ], "limits")
        seen["a server alive"] = a.server("GET", "/api/status").status_code
        seen["a memory"] = _memory_group(seen["a cgroups"])
        seen["b feedback acl"] = " ".join(subprocess.run(["getfacl", "--omit-header", str(released[b_name])],
                                                         capture_output=True, text=True).stdout.split())
        seen["transcript"] = [*instructor.transcript, *a.transcript, *b.transcript]
        seen["seconds"] = time.monotonic() - started
        yield seen


def _show(title: str, results: dict[str, dict]) -> None:
    print(f"\n{title}")
    for key, attempt in results.items():
        detail = " ".join(attempt["detail"].split())[:200]
        print(f"  {'WENT THROUGH' if attempt['done'] else 'refused':12} {key}: {detail}")


def _assert_refused(results: dict[str, dict], keys: list[str]) -> None:
    through = {key: results[key]["detail"] for key in keys if results[key]["done"]}
    assert not through, f"these went through: {through}"


def test_classroom_privacy_files(privacy):
    """A cannot read B's home, notebook in progress or submission, nor the instructor's course."""
    results = privacy["files and services"]
    keys = ["own notebook (control)", "B's home", "B's notebook in progress", "B's submission in inbound/",
            "instructor's solutions/", "instructor's datasets/truth/", "instructor's gradebook.db",
            "the course checkout's solutions/"]
    _show("A's file attempts, from A's terminal:", {key: results[key] for key in keys})
    assert results["own notebook (control)"]["done"], results["own notebook (control)"]
    _assert_refused(results, keys[1:-1])
    for key in keys[1:-1]:  # the reason: permission denied by a named folder or file, with its mode and owner
        assert "PermissionError [13]" in results[key]["detail"] and " is " in results[key]["detail"], results[key]
    # The checkout the classroom was started from is the host's to protect: setup warns when it is open.
    if results["the course checkout's solutions/"]["done"]:
        assert readable_by_others(REPO / "solutions")
        assert f"chmod o-rwx {REPO}" in privacy["warnings"], privacy["warnings"]
        print(f"  (the checkout {REPO} is open on this machine; setup warned: {privacy['warnings'].strip()})")


def test_classroom_privacy_exchange_folders(privacy):
    """inbound/ is write-only (no listing, no moving others' work), outbound/ read-only to trainees."""
    results = privacy["files and services"]
    keys = ["list inbound/", "move B's submission away", "write into outbound/", "overwrite the released notebook",
            "move the release away"]
    _show("A's exchange attempts:", {key: results[key] for key in keys})
    _assert_refused(results, keys)
    settings = privacy["settings"]
    modes = {name: oct((settings.exchange / COURSE / name).stat().st_mode & 0o7777)
             for name in ("outbound", "inbound", "feedback")}
    print(f"  exchange modes: {modes}")
    assert modes == {"outbound": "0o755", "inbound": "0o3733", "feedback": "0o711"}


def test_classroom_privacy_submission_as_someone_else_is_not_collected(privacy):
    """A's folder named as B (newer than B's own) and A's link to the solution are refused and reported."""
    results = privacy["files and services"]
    settings = privacy["settings"]
    a_name, b_name = settings.trainees
    _show("A's hand-ins:", {key: results[key] for key in ("hand in as B", "hand in a link to the solution as A's own")})
    assert results["hand in as B"]["done"], "the write-only inbound/ should take the folder; collect must refuse it"
    print("  instructor's collect said:\n    " + "\n    ".join(
        line for line in privacy["collect"].splitlines() if "Refused" in line or "Collecting" in line))
    # What was collected for each trainee is what they handed in themselves.
    assert privacy["collected"] == privacy["handed in"], (privacy["collected"], privacy["handed in"])
    assert f"{b_name}'s answer" in privacy["collected notebooks"][b_name]
    assert f"{a_name}'s answer" in privacy["collected notebooks"][a_name]
    refused = {(row["claimed"], row["owner"]): row["reason"] for row in privacy["refused"]}
    print(f"  grading/reports/refused_submissions.csv: {refused}")
    assert refused[(b_name, a_name)] == f"named as {b_name} but owned by {a_name}"
    assert "holds a link" in refused[(a_name, a_name)]
    assert privacy["collect"].count("; not collected as") == 2, privacy["collect"]


def test_classroom_privacy_feedback(privacy):
    """Each page in the exchange's feedback/ is readable by its trainee alone."""
    results = privacy["feedback and limits"]
    keys = ["own feedback in the exchange (control)", "B's feedback in the exchange", "list feedback/"]
    _show("A's feedback attempts:", {key: results[key] for key in keys})
    assert results[keys[0]]["done"], results[keys[0]]
    _assert_refused(results, keys[1:])
    print(f"  ACL of B's page: {privacy['b feedback acl']}")
    b_name = privacy["settings"].trainees[1]
    assert f"user:{b_name}:r--" in privacy["b feedback acl"] and "other::---" in privacy["b feedback acl"]


def test_classroom_privacy_services(privacy):
    """From A's terminal, with A's server token: no hub admin API, no formgrader, no B's server, no proxy API."""
    results = privacy["files and services"]
    keys = [key for key, attempt in results.items() if attempt["kind"] == "http"]
    _show("A's calls from A's terminal (JUPYTERHUB_API_TOKEN of A's server):", {key: results[key] for key in keys})
    a_name = privacy["settings"].trainees[0]
    assert privacy["a env"]["JUPYTERHUB_API_TOKEN"] and privacy["a env"]["JUPYTERHUB_USER"] == a_name
    control = results["own hub model with the server's token (control)"]
    assert control["done"] and a_name in control["detail"], control
    attacks = [key for key in keys if "control" not in key]
    _assert_refused(results, attacks)
    for key in attacks:
        assert results[key]["detail"].split(":")[0] in ("HTTP 403", "HTTP 404") or \
            results[key]["detail"].startswith("HTTP 302 to /hub/login"), results[key]
    print(f"  hub admin page: instructor {privacy['instructor admin page']}, trainee {privacy['trainee admin page']}")
    assert (privacy["instructor admin page"], privacy["trainee admin page"]) == (200, 403)


def test_classroom_privacy_limits(privacy):
    """A's server runs in A's control group; a memory hog is killed and a process flood refused, the server lives."""
    results = privacy["feedback and limits"]
    keys = ["fill twice the memory limit", "start 2x the task limit in processes"]
    _show(f"A's attempts on the limits (test limits: {MEMORY_LIMIT // 1024**2} MiB, {PIDS_LIMIT} tasks):",
          {key: results[key] for key in keys})
    _assert_refused(results, keys)
    assert "killed" in results[keys[0]]["detail"], results[keys[0]]
    print(f"  A's memory group after it: {privacy['a memory']}")
    assert privacy["a memory"]["oom kills or failures"] > 0, privacy["a memory"]
    started = int(results[keys[1]]["detail"].split("after ")[1].split()[0])
    assert started < PIDS_LIMIT, results[keys[1]]
    group = privacy["settings"].cgroup_name
    print(f"  A's server's groups: {' '.join(line for line in privacy['a cgroups'].split() if group in line)}")
    assert group in privacy["a cgroups"]
    assert privacy["a server alive"] == 200


def test_classroom_privacy_honest_path(privacy):
    """Both trainees fetched, submitted and read feedback addressed to them; the round stayed bounded."""
    settings = privacy["settings"]
    for name in settings.trainees:
        for step in ("fetch", "submit", "fetch_feedback"):
            assert privacy[f"{name} {step}"]["success"], (name, step, privacy[f"{name} {step}"])
        assert len(privacy[f"{name} feedback"]) == 1 and f"Feedback for {name}" in privacy[f"{name} feedback"][0]
    for name in settings.trainees:
        home = settings.home(name)
        print(f"  {home}: {oct(home.stat().st_mode & 0o777)}; {TRAINEE_CONTENT}/ inside it")
    print("\n".join(privacy["transcript"]))
    print(f"whole privacy round: {privacy['seconds']:.0f} s")
    assert privacy["seconds"] < TIMEOUT
