"""Tests of the Django demo's pure parts; from demos/django: python -m unittest discover tests"""
