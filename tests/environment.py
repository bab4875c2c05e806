"""Loaded first (pytest -p): tests use the development defaults of the environment-driven settings."""
import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-with-enough-length-and-entropy-0123456789")
