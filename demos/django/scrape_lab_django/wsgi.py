"""The WSGI application each gunicorn worker loads: settings from config.py, then Django."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from . import config
from .settings import django_settings

# configure(), not DJANGO_SETTINGS_MODULE: config.py stays the only reader of the environment.
settings.configure(**django_settings(config.current()))
application = get_wsgi_application()
