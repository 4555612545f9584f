"""WSGI entry point (gunicorn ``regiekamer.web.wsgi:application``; ``regiekamer serve`` starts it)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.web.settings")
application = get_wsgi_application()
