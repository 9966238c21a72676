#!/usr/bin/env python3
"""Run one ilusm script test and compare it with its expectations.

Usage: run_one.py ILUSM SCRIPT.ilu    run `ilusm SCRIPT.ilu`
       run_one.py ILUSM SESSION.in    run the REPL (`ilusm`) with SESSION.in piped in

Beside SCRIPT.ilu (or SESSION.in):
  SCRIPT.out     expected stdout (missing: stdout must be empty)
  SCRIPT.err     expected stderr; its presence means the script must fail
                 (missing: stderr must be empty)
  SCRIPT.status  expected exit status (default: 1 when SCRIPT.err exists, else 0)
  SCRIPT.in      text fed to stdin (default: nothing)
  SCRIPT.args    extra command-line words after the script name, one per line

The script runs with its own directory as working directory and is named by
its base name, so error locations read `name.ilu:LINE:COL` on every machine.
"""
import difflib
import os
import shlex
import subprocess
import sys


def read(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return default


def diff(label, want, got):
    lines = difflib.unified_diff(
        want.splitlines(keepends=True), got.splitlines(keepends=True),
        fromfile=f"expected {label}", tofile=f"actual {label}")
    return "".join(lines)


# A cross build runs the program under its emulator (EXE_WRAPPER, set by meson).
WRAPPER = shlex.split(os.environ.get("EXE_WRAPPER", ""))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: run_one.py ILUSM SCRIPT.ilu|SESSION.in")
    ilusm = os.path.abspath(sys.argv[1])
    script = os.path.abspath(sys.argv[2])
    repl = script.endswith(".in")
    base = os.path.splitext(script)[0]

    want_out = read(base + ".out", "")
    want_err = read(base + ".err")
    status_text = read(base + ".status")
    if status_text is not None:
        want_status = int(status_text.strip())
    else:
        want_status = 1 if want_err is not None else 0
    stdin_text = read(base + ".in", "")
    extra = [w for w in read(base + ".args", "").splitlines() if w]
    argv = [ilusm] if repl else [ilusm, os.path.basename(script)] + extra

    try:
        proc = subprocess.run(WRAPPER + argv, cwd=os.path.dirname(script), input=stdin_text.encode(),
                              capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        print(f"FAIL {os.path.basename(script)}: timed out after 20 s")
        return 1
    got_out = proc.stdout.decode("utf-8", "replace")
    got_err = proc.stderr.decode("utf-8", "replace")

    problems = []
    if proc.returncode != want_status:
        problems.append(f"exit status: expected {want_status}, got {proc.returncode}")
    if got_out != want_out:
        problems.append(diff("stdout", want_out, got_out))
    if got_err != (want_err or ""):
        problems.append(diff("stderr", want_err or "", got_err))
    if not problems:
        return 0
    print(f"FAIL {os.path.basename(script)} ({' '.join(argv[1:])})")
    for p in problems:
        print(p.rstrip("\n"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
