"""`python -m analystlab.classroom setup|up|remove`: build, start or take down the classroom (as root);
`release-feedback MODULE`: the instructor hands out `analystlab feedback` pages through the exchange."""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import stat
import subprocess
import sys
from pathlib import Path

from ..errors import AnalystlabError
from . import CLASSROOM_DIR, REPO, SETTINGS_ENV, Settings, accounts, content, limits

# nbgrader's exchange folders for one course, as nbgrader's release_assignment would make them, except
# inbound/: sticky as well as set-group-id, so nobody can rename or delete a submission not their own.
EXCHANGE_MODES = {"": 0o755, "outbound": 0o755, "inbound": 0o3733, "feedback": 0o711}


def formgrade_group(settings: Settings) -> str:
    return f"formgrade-{settings.course_id}"


def setup(settings: Settings) -> dict[str, str]:
    """Accounts, homes, the instructor's course, the trainees' content and the exchange; returns passwords."""
    if os.geteuid() != 0:
        raise AnalystlabError("the classroom creates Unix accounts: run it as root")
    if not Path(settings.proxy).exists():
        raise AnalystlabError("configurable-http-proxy is missing: run `make classroom-deps` (needs npm)")
    if not (Path(settings.python_bin) / "jupyterhub").exists():
        raise AnalystlabError(f"the classroom environment {settings.python_bin} is missing: run `make classroom-deps`")
    Path(settings.base).mkdir(parents=True, exist_ok=True)
    os.chmod(settings.base, 0o755)
    settings.home_root.mkdir(exist_ok=True)
    os.chmod(settings.home_root, 0o755)
    settings.save()
    group = formgrade_group(settings)
    passwords = {settings.instructor: accounts.create(settings.instructor, settings.home(settings.instructor), [group])}
    for trainee in settings.trainees:
        passwords[trainee] = accounts.create(trainee, settings.home(trainee))
    content.install_course(settings, group)
    content.install_trainee_content(settings)
    install_exchange(settings, group)
    settings.passwords_file.touch(mode=0o600)
    settings.passwords_file.write_text("".join(f"{user} {password}\n" for user, password in passwords.items()))
    if readable_by_others(REPO / "solutions"):
        print(f"warning: every account on this machine can read the course checkout {REPO} (its solutions/ and "
              f"datasets/truth/ too); the classroom does not need it: chmod o-rwx {REPO}", file=sys.stderr)
    return passwords


def install_exchange(settings: Settings, group: str) -> Path:
    """nbgrader's exchange with the course's folders made ahead, the instructor's and the course group's:
    outbound/ read-only to trainees, inbound/ write-only, feedback/ passable but not listable. The root
    stays writable by all (nbgrader checks it is), sticky so nobody deletes another's folder."""
    settings.exchange.mkdir(exist_ok=True)
    os.chmod(settings.exchange, 0o1777)
    course = settings.exchange / settings.course_id
    instructor = pwd.getpwnam(settings.instructor).pw_uid
    gid = grp.getgrnam(group).gr_gid
    for name, mode in EXCHANGE_MODES.items():
        folder = course / name
        folder.mkdir(exist_ok=True)
        os.chown(folder, instructor, gid)
        os.chmod(folder, mode)
    return course


def readable_by_others(path: Path) -> bool:
    """Whether an account neither owning nor in the group of `path` and its parents can read it."""
    if not path.exists():
        return False
    for part in [path, *path.parents]:
        if not part.stat().st_mode & stat.S_IXOTH:
            return False
    return bool(path.stat().st_mode & stat.S_IROTH)


def hub_command(settings: Settings) -> tuple[list[str], dict[str, str]]:
    """How to start JupyterHub for these settings: the command line and its environment."""
    env = {**os.environ, SETTINGS_ENV: str(settings.settings_file)}
    env["PATH"] = settings.python_bin + os.pathsep + env.get("PATH", "")
    command = [str(Path(settings.python_bin) / "jupyterhub"), "-f", str(CLASSROOM_DIR / "jupyterhub_config.py")]
    return command, env


def start_hub(settings: Settings, log) -> subprocess.Popen:
    """JupyterHub in the background, in its own process group (stop it with stop_hub)."""
    command, env = hub_command(settings)
    return subprocess.Popen(command, env=env, cwd=settings.hub_dir, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def remove(settings: Settings) -> None:
    """Delete the classroom's accounts, their homes and the classroom folder."""
    import shutil

    for user in settings.users:
        accounts.remove(user)
    accounts.remove_group(formgrade_group(settings))
    limits.remove_groups(settings.cgroup_name)
    shutil.rmtree(settings.base, ignore_errors=True)


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings(base=args.base)
    if Path(settings.settings_file).is_file():
        settings = Settings.load(settings.settings_file)
    if args.trainees:
        settings.trainees = args.trainees.split(",")
    if args.instructor:
        settings.instructor = args.instructor
    if args.port:
        settings.port = args.port
    if args.memory_gib is not None:
        settings.memory_limit = int(args.memory_gib * 1024**3)
    if args.tasks is not None:
        settings.pids_limit = args.tasks
    return settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analystlab.classroom", description=__doc__)
    parser.add_argument("action", choices=["setup", "up", "remove", "release-feedback"])
    parser.add_argument("module", nargs="?", help="with release-feedback: the module, e.g. 00")
    parser.add_argument("--base", default=Settings.base, help="the classroom's folder (homes, exchange, hub state)")
    parser.add_argument("--instructor", help="the instructor's account name (default: instructor)")
    parser.add_argument("--trainees", help="comma-separated trainee account names (default: trainee01,trainee02)")
    parser.add_argument("--port", type=int, help="the hub's port on 127.0.0.1 (default: 8000)")
    parser.add_argument("--memory-gib", type=float, help="memory per trainee in GiB, 0 for none (default: 3)")
    parser.add_argument("--tasks", type=int, help="processes and threads per trainee, 0 for none (default: 512)")
    args = parser.parse_args(argv)
    if args.action == "release-feedback":
        from .feedback import release_feedback

        return release_feedback(args.module or parser.error("release-feedback needs a module"))
    settings = _settings(args)
    try:
        if args.action == "remove":
            remove(settings)
            print(f"removed the classroom at {settings.base} and its accounts")
            return 0
        setup(settings)
        print(f"classroom ready: {settings.url}  (accounts and passwords: {settings.passwords_file}, root only)")
        if args.action == "up":
            command, env = hub_command(settings)
            os.chdir(settings.hub_dir)
            os.execvpe(command[0], command, env)
    except AnalystlabError as exc:
        print(f"classroom: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
