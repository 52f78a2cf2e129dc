"""Server settings of every academy user server (on JUPYTER_CONFIG_PATH via the spawners)."""

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)

# Students land in JupyterLab with the file browser on their home (courses/<id>/lessons/...).
c.ServerApp.default_url = "/lab"
# Culling of idle kernels inside a server; the hub's idle culler stops idle servers.
c.MappingKernelManager.cull_idle_timeout = 3600
c.MappingKernelManager.cull_interval = 300
# Grading happens in each course's formgrader service (/services/formgrader-<course>/), not in
# anyone's own server: a personal formgrader would make a stray gradebook in the home.
c.ServerApp.jpserver_extensions = {
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.course_list": False,
    # anywidget's front end with a 60 s, not 2 s, wait for a figure's module: on a slow link
    # a plotly figure otherwise draws once and never updates (widgets/anywidget_timeout.py).
    "widgets.anywidget_timeout": True,
}
# Widget messages leave the server as they are written (no Nagle delay): see
# academy/kernel_websocket.py for the ~35 ms per widget round trip this saves.
c.ServerApp.kernel_websocket_connection_class = "academy.kernel_websocket.NoDelayConnection"
