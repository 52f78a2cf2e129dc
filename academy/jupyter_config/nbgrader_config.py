"""nbgrader settings every user server reads (the spawners put this folder on JUPYTER_CONFIG_PATH).

Why: nbgrader names a submission by the *Unix* user, which is ``academy-<name>`` (or the hub's
own account in 'simple' mode). Setting the student id to the hub user makes the hub identity the
one recorded in every submission, in both modes. Hub services (formgraders) are excluded: they act
for all students.
"""

import os

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)

exchange_root = os.environ.get("ACADEMY_EXCHANGE_DIR")
if exchange_root:
    c.Exchange.root = exchange_root
# Several courses share one exchange: keep each course's assignments under its own id.
c.Exchange.path_includes_course = True

hub_user = os.environ.get("JUPYTERHUB_USER")
if hub_user and not os.environ.get("JUPYTERHUB_SERVICE_NAME"):
    c.CourseDirectory.student_id = hub_user

# Submissions appear in the exchange whole or not at all (a full disk leaves nothing behind).
c.ExchangeFactory.submit = "grading.atomic_submit.AtomicExchangeSubmit"

# Inside the hub, a student's assignments come from their course groups (students-<course>).
if os.environ.get("JUPYTERHUB_API_TOKEN"):
    c.Authenticator.plugin_class = "grading.hub_auth.AcademyHubAuthPlugin"
