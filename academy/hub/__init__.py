"""Wiring the academy into JupyterHub: one small module per area, applied by :mod:`.configure`."""
