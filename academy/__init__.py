"""Space Academy: the apps layer (hub wiring, the ``academy`` operator CLI, backup and restore).

The layers, lowest first; imports only point down (``tests/unit/test_layering.py``):

* foundation: ``foundation`` (configuration, errors, translation, paths, upstream patches);
* domain: ``telemetry``, ``spacecraft``, ``curriculum`` (courses), ``grading``;
* views: ``widgets``;
* apps: ``gallery`` and this package.
"""

__version__ = "0.1.0"
