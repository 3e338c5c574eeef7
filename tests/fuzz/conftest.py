"""Hypothesis profiles for the fuzz suite.

``ci`` (the default, run by ``make test``): few cases per test, derandomized (the same cases
on every run, no example database), so a failure in CI is reproducible. ``fuzz`` (``make
fuzz``, HYPOTHESIS_PROFILE=fuzz): the same tests with :func:`cases`' larger numbers, random.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
           HealthCheck.function_scoped_fixture]
settings.register_profile("ci", derandomize=True, database=None, deadline=timedelta(seconds=20),
                          suppress_health_check=_CHECKS, print_blob=True)
settings.register_profile("fuzz", derandomize=False, database=None, deadline=timedelta(seconds=20),
                          suppress_health_check=_CHECKS, print_blob=True)
settings.load_profile("fuzz" if FUZZ else "ci")


def cases(ci: int, fuzz: int) -> int:
    """Examples for one test: ``ci`` in make test, ``fuzz`` in make fuzz."""
    return fuzz if FUZZ else ci
