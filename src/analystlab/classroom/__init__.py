"""The classroom on JupyterHub: local Unix accounts, nbgrader's exchange, the formgrader as a hub
service, each trainee's own copy of the trainee content (classroom/README.md).

`python -m analystlab.classroom setup|up|remove` (and `make classroom`) drive it; the hub's own
configuration is classroom/jupyterhub_config.py, which reads the settings written here.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .limits import MEMORY_LIMIT, PIDS_LIMIT

REPO = Path(__file__).resolve().parents[3]
CLASSROOM_DIR = REPO / "classroom"
# The classroom's Python environment (scripts/install-classroom.sh) lives outside the repository, where
# every account can run it, whatever the permissions of the checkout; one per checkout.
ENV_ROOT = Path(os.environ.get("ANALYSTLAB_CLASSROOM_ENV_ROOT", "/opt/analystlab-classroom"))
ENV_DIR = ENV_ROOT / hashlib.sha1(str(REPO).encode()).hexdigest()[:12]
SETTINGS_ENV = "ANALYSTLAB_CLASSROOM_SETTINGS"
# Marks the Unix accounts this package created, so `remove` never deletes anyone else's.
ACCOUNT_MARK = "analystlab classroom"
TRAINEE_CONTENT = "analystlab-trainee"


@dataclass
class Settings:
    """One classroom: where it lives, who is in it, which loopback ports it uses."""

    base: str = "/srv/analystlab-classroom"
    course_id: str = "analystlab"
    instructor: str = "instructor"
    trainees: list[str] = field(default_factory=lambda: ["trainee01", "trainee02"])
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    service_port: int = 8090
    # Per trainee, over everything their server starts (limits.py says why these figures); 0: none.
    memory_limit: int = MEMORY_LIMIT
    pids_limit: int = PIDS_LIMIT
    python_bin: str = str(ENV_DIR / "bin")
    # Trainee and common Jupyter settings, copied from classroom/jupyter/ beside the environment.
    jupyter_config: str = str(ENV_DIR / "etc" / "analystlab-classroom")
    proxy: str = str(CLASSROOM_DIR / "node_modules" / ".bin" / "configurable-http-proxy")

    @property
    def home_root(self) -> Path:
        return Path(self.base) / "home"

    def home(self, user: str) -> Path:
        return self.home_root / user

    @property
    def exchange(self) -> Path:
        return Path(self.base) / "exchange"

    @property
    def hub_dir(self) -> Path:
        """The hub's state (database, cookie secret, passwords, log): root's alone."""
        return Path(self.base) / "hub"

    @property
    def cgroup_name(self) -> str:
        """The parent control group of this classroom's per-account groups."""
        return "analystlab-classroom-" + hashlib.sha1(str(Path(self.base).resolve()).encode()).hexdigest()[:8]

    @property
    def settings_file(self) -> Path:
        return self.hub_dir / "classroom.json"

    @property
    def passwords_file(self) -> Path:
        return self.hub_dir / "passwords.txt"

    @property
    def course_root(self) -> Path:
        """The instructor's course: solutions, gradebook, grading folders."""
        return self.home(self.instructor) / self.course_id

    def trainee_content(self, user: str) -> Path:
        return self.home(user) / TRAINEE_CONTENT

    @property
    def url(self) -> str:
        return f"http://{self.ip}:{self.port}"

    @property
    def users(self) -> list[str]:
        return [self.instructor, *self.trainees]

    def jupyter_config_path(self, role: str) -> str:
        """JUPYTER_CONFIG_PATH for a role's servers and commands: trainees' own folder (no instructor
        panels), then the settings everyone shares (the exchange)."""
        folders = Path(self.jupyter_config)
        roles = ["trainee"] if role == "trainee" else []
        return os.pathsep.join([*(str(folders / name) for name in roles), str(folders / "common")])

    def environment(self, role: str, user: str) -> dict[str, str]:
        """Variables every server and command of this user needs (exchange, config, tools, data)."""
        env = {
            "JUPYTER_CONFIG_PATH": self.jupyter_config_path(role),
            "ANALYSTLAB_EXCHANGE": str(self.exchange),
            "ANALYSTLAB_COURSE_ID": self.course_id,
            "PATH": os.pathsep.join([self.python_bin, "/usr/local/bin", "/usr/bin", "/bin"]),
        }
        if role == "instructor":
            env["ANALYSTLAB_ROOT"] = str(self.course_root)
            env["ANALYSTLAB_DATA"] = str(self.course_root / "datasets")
        else:
            env["ANALYSTLAB_DATA"] = str(self.trainee_content(user) / "datasets")
            env["ANALYSTLAB_ASSIGNMENT_DIR"] = str(self.trainee_content(user))
        return env

    def save(self) -> Path:
        self.hub_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.hub_dir, 0o700)
        self.settings_file.write_text(json.dumps(asdict(self), indent=2) + "\n")
        return self.settings_file

    @classmethod
    def load(cls, path: str | Path) -> Settings:
        return cls(**json.loads(Path(path).read_text()))
