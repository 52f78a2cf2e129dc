"""The ground floor: what every other package may use, and which uses none of them.

``config`` (the one traitlets configuration surface), ``errors`` (the typed error hierarchy),
``i18n`` (the translation catalogue) and ``paths`` (where the checkout's files are).
"""
