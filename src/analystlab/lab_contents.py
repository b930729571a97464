"""JupyterLab file access that keeps the course material as it was shipped.

A trainee works in `my-work/` (`analystlab workspace` copies the start page and every lesson there).
The course's own lessons, released exercises, datasets and start page are read-only in the lab:
JupyterLab shows them with a lock, never autosaves them, and offers "Save as…" for a change. So
running or editing them cannot change a tracked file (a later `git pull` never conflicts) or a dataset
(`data verify` stays green).

Enabled by the lab configurations (`classroom/jupyter/course-lab`, the edition's `jupyter/`, the
classroom's trainee servers) with ``ServerApp.contents_manager_class``. A course author who edits
lessons in the lab switches it off: ``--CourseContentsManager.protect_course=False``.
"""

from __future__ import annotations

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from tornado import web
from traitlets import Bool, List, Unicode


class CourseContentsManager(AsyncLargeFileManager):
    """The default contents manager, with the course material read-only."""

    protect_course = Bool(True, config=True,
                          help="Make the course's lessons, exercises, datasets and start page read-only.")
    protected_folders = List(Unicode(), ["modules", "exercises", "datasets"], config=True,
                             help="Top-level folders (relative to the lab's root) that are read-only.")
    protected_files = List(Unicode(), ["START.ipynb"], config=True,
                           help="Top-level files that are read-only.")

    def is_course_material(self, path: str) -> bool:
        """Whether an API path (relative to the root) is shipped course material, not the trainee's own."""
        if not self.protect_course:
            return False
        parts = [p for p in path.strip("/").split("/") if p]
        if not parts:
            return False
        if len(parts) == 1:
            return parts[0] in self.protected_files or parts[0] in self.protected_folders
        return parts[0] in self.protected_folders

    def _refuse(self, path: str, action: str) -> None:
        raise web.HTTPError(403, f"{path} is part of the course and read-only, so it cannot be {action}. "
                                 "Your own copies live in my-work/ (the start page opens them); "
                                 "use File → Save As… to keep a changed copy there.")

    def is_writable(self, path):
        """Course material reads as not writable, so JupyterLab neither autosaves nor offers Save."""
        return not self.is_course_material(path) and super().is_writable(path)

    async def save(self, model, path=""):
        """Save, except over course material (a new file inside a course folder is refused too)."""
        if self.is_course_material(path):
            self._refuse(path, "saved")
        return await super().save(model, path)

    async def delete_file(self, path):
        """Delete, except course material."""
        if self.is_course_material(path):
            self._refuse(path, "deleted")
        return await super().delete_file(path)

    async def rename_file(self, old_path, new_path):
        """Rename, except course material (either end)."""
        for path in (old_path, new_path):
            if self.is_course_material(path):
                self._refuse(path, "renamed or replaced")
        return await super().rename_file(old_path, new_path)
