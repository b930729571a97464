"""The instructor's grading pipeline: intake, parallel sandboxed autograding, feedback, export, report."""
