"""IPython kernel settings for every academy kernel.

Installed into ``<venv>/etc/ipython/`` by ``deploy/install.sh`` (IPython reads config from
``sys.prefix/etc/ipython``). Why: boinor's numba functions are compiled without ``cache=True``;
this makes the first ``import boinor`` in a kernel turn the cache on, so a student's first orbit
loads compiled code instead of waiting ~6 s for the compiler.
"""

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)
c.InteractiveShellApp.exec_lines = ["import telemetry.numba_hook as _h; _h.install(); del _h"]
