"""``make fuzz``: the fuzz suite with the ``fuzz`` profile (over 10,000 cases), one pytest
process per group of tests, side by side, each limited to 2 GB of address space (a reader
that blows up memory fails with MemoryError instead of taking the machine down).
Prints the cases run, the time, and failures; exit 1 when any test failed.

    python -m tests.fuzz.run [--memory-gb 2] [pytest args...]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time

GROUPS = [  # about the same time each, on two cores
    ["tests/fuzz/test_fuzz_check.py::test_policy_list", "tests/fuzz/test_fuzz_check.py::test_settings",
     "tests/fuzz/test_fuzz_roster.py::test_cards_command"],
    ["tests/fuzz/test_fuzz_check.py::test_submission", "tests/fuzz/test_fuzz_check.py::test_experience",
     "tests/fuzz/test_fuzz_check.py::test_measures", "tests/fuzz/test_fuzz_roster.py::test_csv_roster",
     "tests/fuzz/test_fuzz_roster.py::test_xlsx_roster"],
]
_CASES = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid test cases")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--memory-gb", type=float, default=2.0)
    args, extra = ap.parse_known_args()
    limit = int(args.memory_gb * 2**30)

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = dict(os.environ, HYPOTHESIS_PROFILE="fuzz")
    started = time.perf_counter()
    runs = [subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "--hypothesis-show-statistics", *group, *extra],
                             env=env, preexec_fn=limited,  # noqa: PLW1509 (no threads here)
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for group in GROUPS]
    outputs = [run.communicate()[0] for run in runs]
    seconds = time.perf_counter() - started
    passing = failing = 0
    for output in outputs:
        for m in _CASES.finditer(output):
            passing += int(m.group(1))
            failing += int(m.group(2))
    for output in outputs:
        print(output)
    failed = any(run.returncode for run in runs)
    print(f"fuzz: {passing + failing} cases ({failing} failing) in {seconds / 60:.1f} min, "
          f"address space limited to {args.memory_gb:g} GB per process: {'FAILED' if failed else 'passed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
