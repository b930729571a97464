c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file
load_subconfig("grading/nbgrader_config.py")  # noqa: F821
