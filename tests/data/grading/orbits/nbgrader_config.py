# Test course for tests/*/grading: the course id nbgrader files submissions under.
c = get_config()  # noqa: F821 (traitlets injects get_config)
c.CourseDirectory.course_id = "orbits"
