"""nbgrader configuration for the analystlab course.

Loaded by the two-line shim in the repository root, so `nbgrader ...` and the JupyterLab
formgrader work from the root. Paths are absolute (derived from this file), so the
configuration holds whatever the current directory is.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets

_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

c.CourseDirectory.course_id = "analystlab"
c.CourseDirectory.root = _root
# Exercises are authored in solutions/ (nbgrader "source") and released into exercises/.
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# Runtime folders: git-ignored, under grading/.
c.CourseDirectory.submitted_directory = os.path.join("grading", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("grading", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("grading", "feedback")
c.CourseDirectory.solution_directory = os.path.join("grading", "released_solutions")
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(_root, "grading", "gradebook.db")
# Datasets are found through analystlab.data, never copied into assignments.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*"]

# A test cell that takes longer than this is a runaway, not a slow answer.
c.ExecutePreprocessor.timeout = 120
c.Execute.timeout = 120
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Feedback (`nbgrader generate_feedback` and the formgrader's Generate Feedback button) runs the same
# converter: strip hidden tests, and outputs that would show them, before the HTML export.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "analystlab.feedback_filter.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
