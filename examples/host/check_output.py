#!/usr/bin/env python3
"""Run a program and compare its stdout with an expected file."""
import os
import shlex
import subprocess
import sys

program, expected_path = sys.argv[1], sys.argv[2]
# A cross build runs the program under its emulator (EXE_WRAPPER, set by meson).
result = subprocess.run(shlex.split(os.environ.get("EXE_WRAPPER", "")) + [program], capture_output=True, text=True, timeout=60)
expected = open(expected_path).read()
if result.returncode != 0 or result.stdout != expected:
    print(f"exit status {result.returncode}\n--- expected\n{expected}--- got\n{result.stdout}"
          f"--- stderr\n{result.stderr}")
    sys.exit(1)
