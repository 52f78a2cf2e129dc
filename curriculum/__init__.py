"""Courses as data: who teaches and who is enrolled (``courses``), which lessons and assignments
exist in which languages (``content``), read from each course's ``course.toml``."""
