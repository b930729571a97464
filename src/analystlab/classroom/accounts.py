"""Local Unix accounts for a training room: created with a home only their owner can enter, a
random password for JupyterHub's PAM login, and removed again (only those this package made)."""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import subprocess
from pathlib import Path

from ..errors import AnalystlabError
from . import ACCOUNT_MARK


def _run(*args: str, stdin: str | None = None) -> None:
    result = subprocess.run(args, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise AnalystlabError(f"{' '.join(args[:2])} failed: {result.stderr.strip()}")


def exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True


def is_ours(user: str) -> bool:
    return exists(user) and pwd.getpwnam(user).pw_gecos == ACCOUNT_MARK


def ensure_group(name: str) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        _run("groupadd", name)


def create(user: str, home: Path, groups: list[str] = ()) -> str:
    """Create the account (or reuse one this package made) and give it a new password."""
    if exists(user) and not is_ours(user):
        raise AnalystlabError(f"a user {user!r} already exists and is not a classroom account; choose another name")
    if not exists(user):
        home.parent.mkdir(parents=True, exist_ok=True)
        _run("useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash", "--comment", ACCOUNT_MARK,
             "--key", "UMASK=077", "--key", "HOME_MODE=0700", user)
    for group in groups:
        ensure_group(group)
        _run("usermod", "--append", "--groups", group, user)
    os.chmod(home, 0o700)
    password = secrets.token_urlsafe(12)
    _run("chpasswd", stdin=f"{user}:{password}\n")
    return password


def remove(user: str) -> None:
    """Delete a classroom account with its home; any other account is left alone."""
    if not is_ours(user):
        return
    account = pwd.getpwnam(user)
    stop_processes(account.pw_uid)
    subprocess.run(["userdel", user], capture_output=True)
    home = Path(account.pw_dir)
    shutil.rmtree(home, ignore_errors=True)


def stop_processes(uid: int) -> None:
    """Kill what a classroom account still runs (a server the hub did not stop), so it can be deleted."""
    import psutil

    for process in psutil.process_iter(["uids"]):
        if process.info["uids"] and process.info["uids"].real == uid:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass


def remove_group(name: str) -> None:
    try:
        group = grp.getgrnam(name)
    except KeyError:
        return
    if not group.gr_mem:
        subprocess.run(["groupdel", name], capture_output=True)


def chown_tree(path: Path, user: str, group: str | None = None) -> None:
    """Give a whole folder to a user (and group)."""
    uid = pwd.getpwnam(user).pw_uid
    gid = grp.getgrnam(group).gr_gid if group else pwd.getpwnam(user).pw_gid
    for folder, dirs, files in os.walk(path):
        os.chown(folder, uid, gid)
        for name in dirs + files:
            os.chown(os.path.join(folder, name), uid, gid, follow_symlinks=False)


def as_user(user: str, command: list[str], env: dict[str, str], cwd: Path) -> list[str]:
    """The command line that runs `command` as `user` with exactly this environment (needs root)."""
    home = pwd.getpwnam(user).pw_dir
    pairs = [f"{key}={value}" for key, value in {"HOME": home, "USER": user, "LOGNAME": user, **env}.items()]
    return ["runuser", "-u", user, "--", "env", "-i", *pairs, "sh", "-c", 'cd "$0" && exec "$@"', str(cwd), *command]
