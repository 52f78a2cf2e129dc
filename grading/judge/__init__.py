"""Hidden and visible tests judged in a clean process, apart from the student's kernel.

``program`` is the test process, ``bridge`` the student's end in the kernel, ``plain_values``
the only form in which values cross, and ``process`` the grader's side that starts the test
process and relays between the two. grading/README.md explains the design and its limits.
"""
