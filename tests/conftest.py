"""Shared pytest configuration."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

# Test data holds scripts that regenerate recorded results with optional tools
# (tests/data/axelrod/record_scores.py needs axelrod): they are not tests.
collect_ignore_glob = ["data/*"]
