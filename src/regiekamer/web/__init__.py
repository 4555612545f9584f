"""Regiekamer in the browser: the Django application (pages, REST API, users and roles) over the core library.

Start it with ``regiekamer serve``; configuration comes from the environment (docs/web.md).
"""
