"""JupyterHub configuration of the analystlab classroom (see README.md beside this file).

Started by `python -m analystlab.classroom up` (`make classroom`), which writes the settings this
file reads (accounts, folders, ports) and passes their path in ANALYSTLAB_CLASSROOM_SETTINGS.
"""

import os
from pathlib import Path

from analystlab.classroom import SETTINGS_ENV, Settings

c = get_config()  # noqa: F821 - provided by traitlets

# Whatever the hub, its services and the servers it spawns create is their owner's alone by default.
os.umask(0o077)

settings = Settings.load(os.environ[SETTINGS_ENV])
course = settings.course_id
service_url = f"http://{settings.ip}:{settings.service_port}"

# Loopback only: the proxy, the hub's API and every server listen on 127.0.0.1.
c.JupyterHub.ip = settings.ip
c.JupyterHub.port = settings.port
c.JupyterHub.hub_ip = settings.ip
c.JupyterHub.hub_port = settings.hub_port
c.ConfigurableHTTPProxy.api_url = f"http://{settings.ip}:{settings.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [settings.proxy]
c.JupyterHub.db_url = f"sqlite:///{settings.hub_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(settings.hub_dir / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(settings.hub_dir / "jupyterhub.pid")

# Local Unix accounts, password login through PAM (no PAM session: nothing to mount or log).
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False
c.Authenticator.allowed_users = set(settings.users)

# Each user's server runs as that Unix user, from the course's Python environment, a trainee's within
# their own memory and task limits (analystlab.classroom.spawner; figures in classroom/README.md).
c.JupyterHub.spawner_class = "analystlab.classroom.spawner.ClassroomSpawner"
c.ClassroomSpawner.group_name = settings.cgroup_name
c.Spawner.cmd = [str(Path(settings.python_bin) / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60


def _prepare(spawner):
    """Trainees open their trainee content, with the trainee's panels; the instructor their home."""
    user = spawner.user.name
    role = "instructor" if user == settings.instructor else "trainee"
    spawner.environment.update(settings.environment(role, user))
    # The instructor's lab may run the grading; it is not one trainee among twenty.
    spawner.mem_limit = settings.memory_limit if role == "trainee" else None
    spawner.pids_limit = settings.pids_limit if role == "trainee" else 0
    spawner.notebook_dir = str(settings.home(user) if role == "instructor" else settings.trainee_content(user))


c.Spawner.pre_spawn_hook = _prepare

# Groups as nbgrader names them: formgrade-<course> reaches the formgrader, nbgrader-<course> takes it.
c.JupyterHub.load_groups = {
    f"formgrade-{course}": {"users": [settings.instructor]},
    f"nbgrader-{course}": {"users": list(settings.trainees)},
}
c.JupyterHub.load_roles = [
    {"name": f"formgrade-{course}", "groups": [f"formgrade-{course}"],
     "scopes": [f"access:services!service={course}", "list:services", f"read:services!service={course}"]},
    # The instructor runs the room from the hub's admin page (start and stop servers) without
    # access to trainees' servers: their work reaches the instructor through nbgrader collect only.
    {"name": "classroom-instructor", "users": [settings.instructor],
     "scopes": ["admin-ui", "list:users", "read:users", "admin:servers", "read:groups"]},
]

# The formgrader as a hub service: a Jupyter server run as the instructor in the instructor's course.
c.JupyterHub.services = [{
    "name": course,
    "url": service_url,
    "command": [str(Path(settings.python_bin) / "jupyterhub-singleuser"),
                f"--ServerApp.root_dir={settings.course_root}"],
    "user": settings.instructor,
    "cwd": str(settings.course_root),
    "environment": {**settings.environment("instructor", settings.instructor), "JUPYTERHUB_DEFAULT_URL": "/formgrader"},
    "oauth_no_confirm": True,
}]
