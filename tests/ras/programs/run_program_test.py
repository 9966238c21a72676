#!/usr/bin/env python3
"""run_program.py names the check that failed: a copy of branch.expected with
one line flipped must be reported as that check, with its source line.

usage: run_program_test.py RASM"""
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
rasm = sys.argv[1]
lines = open(os.path.join(here, "branch.expected")).read().splitlines()
lines[6] = "1" if lines[6] == "0" else "0"
source = open(os.path.join(here, "branch.ras")).read().splitlines()
print_line = [n for n, line in enumerate(source, 1) if line.startswith("finish !print")][6]
with tempfile.TemporaryDirectory() as tmp:
    wrong = os.path.join(tmp, "branch.expected")
    open(wrong, "w").write("\n".join(lines) + "\n")
    for mode in ("run", "interp"):
        done = subprocess.run([sys.executable, os.path.join(here, "run_program.py"), rasm, mode,
                               os.path.join(here, "branch.ras"), wrong], capture_output=True, text=True)
        want = f"check 7 (branch.ras:{print_line}: "
        if done.returncode == 0 or want not in done.stdout:
            sys.exit(f"{mode}: expected a failure naming '{want}', got exit {done.returncode}:\n{done.stdout}")
print("ok")
