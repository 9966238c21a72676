#!/usr/bin/env python3
"""The `ilusm` command line: --help, --version, -e, FILE args, exit statuses."""
import os
import shlex
import subprocess
import sys
import tempfile

ilusm = sys.argv[1]
# A cross build runs the program under its emulator (EXE_WRAPPER, set by meson).
WRAPPER = shlex.split(os.environ.get("EXE_WRAPPER", ""))
failures = []


def check(args, out=None, err=None, status=0, contains=None):
    r = subprocess.run(WRAPPER + [ilusm] + args, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    problems = []
    if r.returncode != status:
        problems.append(f"status {r.returncode}, expected {status}")
    if out is not None and r.stdout != out:
        problems.append(f"stdout {r.stdout!r}, expected {out!r}")
    if err is not None and r.stderr != err:
        problems.append(f"stderr {r.stderr!r}, expected {err!r}")
    if contains is not None and contains not in r.stdout + r.stderr:
        problems.append(f"output lacks {contains!r}: {r.stdout + r.stderr!r}")
    if problems:
        failures.append(f"ilusm {args}: " + "; ".join(problems))


check(["--help"], status=0, contains="usage: ilusm")
check(["--version"], out="ilusm 0.1.0\n")
check(["-e", "prn 6 * 7"], out="42\n", err="")
check(["-e", "prn args", "a", "b"], out='["a", "b"]\n')
check(["-e", "prn 1\nx = 1 / 0"], out="1\n",
      err="error: division by zero\n  at <eval>:2:7\n  x = 1 / 0\n        ^\n", status=1)
check(["-e"], status=2, contains="-e needs CODE")
check(["--bogus"], status=2, contains="unknown option '--bogus'")
check(["no_such_file.ilu"], status=1, err="error: no_such_file.ilu: cannot open: No such file or directory\n")
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "s.ilu")
    with open(path, "w") as f:
        f.write("prn len(args), args[0]\n")
    check([path, "x", "y"], out="2 x\n")

if failures:
    print("\n".join(failures))
    sys.exit(1)
