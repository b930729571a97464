"""nbgrader's default exchange with the classroom's privacy rules (classroom/README.md), plugged in
through nbgrader's own extension point (`c.ExchangeFactory.submit`, `.collect`, `.release_feedback`
in classroom/jupyter/common/nbgrader_config.py):

- submit: a submission in `inbound/` is the trainee's and the instructor's group's only (nbgrader
  leaves it world-readable and world-writable, hidden only by an unlisted name);
- collect: a submission is collected only when its owner is the trainee its name claims and it holds
  no links (nbgrader's `check_owner` only warns, then collects it, and picks a forged newer one over
  the real one); every refused submission is logged as an error and appended to
  `grading/reports/refused_submissions.csv`;
- release_feedback: each page in `feedback/` is readable by its trainee alone (a POSIX ACL; nbgrader
  makes them world-readable and relies on unguessable names).
"""

from __future__ import annotations

import csv
import datetime
import glob
import os
import pwd
import stat
import subprocess
from pathlib import Path

from nbgrader.exchange.default import collect, release_feedback, submit
from nbgrader.utils import notebook_hash

REFUSED_REPORT = Path("grading") / "reports" / "refused_submissions.csv"


class ExchangeSubmit(submit.ExchangeSubmit):
    """nbgrader's submit, then the submission closed to everyone but its owner and the course's group."""

    def copy_files(self):
        super().copy_files()
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        # inbound/ is set-group-id, so the submission's own folder belongs to the instructor's course group:
        # closing it to others closes everything inside (files written after the copy have the trainee's group).
        if os.stat(dest).st_gid == os.stat(self.inbound_path).st_gid:
            os.chmod(dest, 0o770)  # the group may still delete it (nbgrader's reason for 0777)
        else:
            self.log.warning("%s is not set-group-id: the submission stays readable by anyone who knows its name",
                             self.inbound_path)


def submission_problem(path: str, claimed: str) -> tuple[str, str] | None:
    """Why a submission folder in inbound/ must not be collected as `claimed`'s, as (owner, reason);
    None when it is genuine: a real folder owned by that account, with no links inside."""
    info = os.lstat(path)
    try:
        owner = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        owner = f"uid {info.st_uid}"
    if not stat.S_ISDIR(info.st_mode):
        return owner, "not a folder (a link or a file)"
    if owner != claimed:
        return owner, f"named as {claimed} but owned by {owner}"
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            if os.path.islink(os.path.join(folder, name)):
                target = os.path.relpath(os.path.join(folder, name), path)
                return owner, f"holds a link ({target}), which collect would follow as the instructor"
    return None


class ExchangeCollect(collect.ExchangeCollect):
    """nbgrader's collect, refusing submissions whose owner is not the trainee their name claims."""

    def _path_to_record(self, path):
        record = super()._path_to_record(path)
        problem = submission_problem(path, record["username"])
        if problem is not None:
            record["claimed"], record["owner"], record["problem"] = record["username"], *problem
            # A name of its own keeps it out of the claimed trainee's group of records, so it can neither
            # be collected nor displace the trainee's genuine latest submission.
            record["username"] = ("refused", record["filename"])
        return record

    def copy_files(self):
        refused = [record for record in self.src_records if "problem" in record]
        self.src_records = [record for record in self.src_records if "problem" not in record]
        for record in refused:
            self.log.error("Refused submission %s: %s; not collected as %s's", record["filename"], record["problem"],
                           record["claimed"])
        if refused:
            self._report(refused)
        super().copy_files()

    def _report(self, refused: list[dict]) -> None:
        report = Path(self.coursedir.root) / REFUSED_REPORT
        report.parent.mkdir(parents=True, exist_ok=True)
        new = not report.exists()
        now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        with open(report, "a", newline="") as handle:
            writer = csv.writer(handle)
            if new:
                writer.writerow(["collected_at", "assignment", "submission", "claimed", "owner", "reason"])
            for record in refused:
                writer.writerow([now, self.coursedir.assignment_id, record["filename"], record["claimed"],
                                 record["owner"], record["problem"]])
        self.log.error("Refused submissions are listed in %s", report)


class ExchangeReleaseFeedback(release_feedback.ExchangeReleaseFeedback):
    """nbgrader's release_feedback, then each page readable by its trainee alone."""

    def copy_files(self):
        super().copy_files()
        for page in sorted(glob.glob(os.path.join(self.src_path, "*.html"))):
            self._restrict(Path(page))

    def _restrict(self, page: Path) -> None:
        student = page.parent.parent.name
        secret = (page.parent / "submission_secret.txt").read_text()
        released = Path(self.dest_path) / f"{notebook_hash(secret=secret, notebook_id=page.stem)}.html"
        if not released.is_file():
            return
        os.chmod(released, 0o600)
        try:
            pwd.getpwnam(student)
        except KeyError:
            self.log.error("Feedback for %s stays unreadable to everyone: no account of that name", student)
            return
        try:
            result = subprocess.run(["setfacl", "-m", f"u:{student}:r", str(released)], capture_output=True,
                                    text=True)
            why = result.stderr.strip() if result.returncode else ""
        except FileNotFoundError:
            why = "setfacl is missing (Debian package acl)"
        if why:
            self.log.error("Feedback for %s stays unreadable to them: %s", student, why)
