"""nbgrader settings every classroom account shares: where the exchange is, which course."""

import os

c = get_config()  # noqa: F821 - provided by traitlets

c.Exchange.root = os.environ.get("ANALYSTLAB_EXCHANGE", "/srv/nbgrader/exchange")
# <exchange>/<course>/{outbound,inbound,feedback}, and fetched work under <course>/<assignment>.
c.Exchange.path_includes_course = True
c.CourseDirectory.course_id = os.environ.get("ANALYSTLAB_COURSE_ID", "analystlab")
# Trainees fetch into the folder their lab opens on (their trainee content), not the server's cwd.
if os.environ.get("ANALYSTLAB_ASSIGNMENT_DIR"):
    c.Exchange.assignment_dir = os.environ["ANALYSTLAB_ASSIGNMENT_DIR"]

# nbgrader's exchange with the classroom's privacy rules: submissions closed to other trainees, collect
# refusing a submission not owned by the trainee it names, feedback readable by its trainee alone.
c.ExchangeFactory.submit = "analystlab.classroom.exchange.ExchangeSubmit"
c.ExchangeFactory.collect = "analystlab.classroom.exchange.ExchangeCollect"
c.ExchangeFactory.release_feedback = "analystlab.classroom.exchange.ExchangeReleaseFeedback"
