"""Scrape Lab's Django demo: the talk's app under gunicorn, with its /metrics done three ways."""
