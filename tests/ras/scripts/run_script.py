#!/usr/bin/env python3
"""Run one `use ras` script and compare its output.

usage: run_script.py ILUSM NAME.ilu
NAME.out: the expected stdout (exact). NAME.err, if present: text the
stderr must contain, and the script must exit non-zero.
"""
import os
import shlex
import subprocess
import sys


# A cross build runs the program under its emulator (EXE_WRAPPER, set by meson).
WRAPPER = shlex.split(os.environ.get("EXE_WRAPPER", ""))


def main():
    ilusm, script = (os.path.abspath(p) for p in sys.argv[1:3])
    base = os.path.splitext(script)[0]
    done = subprocess.run(WRAPPER + [ilusm, script], capture_output=True, text=True, timeout=60,
                          cwd=os.path.dirname(script))
    expected = open(base + ".out").read()
    if done.stdout != expected:
        print(f"{script}: stdout differs\n--- expected\n{expected}--- got\n{done.stdout}--- stderr\n{done.stderr}")
        return 1
    if os.path.exists(base + ".err"):
        want = open(base + ".err").read().strip()
        if done.returncode == 0 or want not in done.stderr:
            print(f"{script}: expected failure with '{want}', got exit {done.returncode}, stderr: {done.stderr}")
            return 1
    elif done.returncode != 0:
        print(f"{script}: exit {done.returncode}, stderr: {done.stderr}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
