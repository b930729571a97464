"""analystlab: an auto-graded JupyterLab curriculum in criminal intelligence analysis."""

__version__ = "0.1.0"
