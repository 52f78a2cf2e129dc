"""The public Voilà gallery: the dashboards in ``dashboards/`` served to anyone, safely.

Voilà does the rendering; this package adds what a public, login-free service needs around it:
an index page with embed snippets (:mod:`gallery.pages`), admission control (a kernel cap and a
per-client rate limit, :mod:`gallery.admission`), a kernel websocket that only carries widget
traffic (:mod:`gallery.websocket_guard`), ``?lang=`` and ``?kiosk=1`` for visitors
(:mod:`gallery.visitor`, :mod:`gallery.kiosk`), and the launcher that wires them into one Voilà
application (:mod:`gallery.app`, started by ``academy gallery``).
"""
