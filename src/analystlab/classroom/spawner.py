"""JupyterHub's LocalProcessSpawner with limits per account (analystlab.classroom.limits) and a
private umask.

`mem_limit` is JupyterHub's own Spawner setting, read as systemdspawner and KubeSpawner read it;
LocalProcessSpawner ignores it, and systemdspawner needs systemd as the init, which containers and
many classroom machines lack. RLIMIT_NPROC (the shell's `ulimit -u`) caps an account's processes
even where no control group can be made.
"""

from __future__ import annotations

import os
import resource

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer, Unicode

from . import limits


class ClassroomSpawner(LocalProcessSpawner):
    """Each server in a control group of its account, with a memory and a task limit, and umask 077."""

    pids_limit = Integer(
        limits.PIDS_LIMIT, help="Tasks (processes and threads) one account's server and everything it starts "
                                "may run at once; 0 for no limit.").tag(config=True)
    group_name = Unicode(
        "analystlab-classroom", help="The parent control group of the classroom's per-account groups.").tag(config=True)

    cgroup = None

    async def start(self):
        """Start the server inside its account's control group (made, or reused, here)."""
        try:
            self.cgroup = limits.account_group(self.group_name, self.user.name, int(self.mem_limit or 0),
                                               self.pids_limit)
        except OSError as exc:
            self.log.warning("No control group for %s (%s)", self.user.name, exc)
            self.cgroup = None
        if self.cgroup is None and self.mem_limit:
            self.log.warning("No memory limit for %s: the hub cannot make control groups here", self.user.name)
        return await super().start()

    def make_preexec_fn(self, name):
        """Join the account's group, set the process limit and umask while still root, then become the user."""
        become_user = super().make_preexec_fn(name)
        cgroup, nproc = self.cgroup, self.pids_limit

        def preexec():
            if cgroup is not None:
                cgroup.join()
            if nproc:
                # Counted per account over all its processes; the kernel enforces it for every user but root.
                resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
            os.umask(0o077)
            become_user()

        return preexec

    async def stop(self, now=False):
        """Stop the server, then whatever it left running in its group (kernels, terminals, their children)."""
        await super().stop(now=now)
        if self.cgroup is not None:
            self.cgroup.kill()
