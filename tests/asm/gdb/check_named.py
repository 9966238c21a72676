#!/usr/bin/env python3
"""asmse(p, NAME) registers NAME with the GDB JIT interface: run named.ilu
under gdb, stop at the int3 inside the sealed code, and expect NAME in frame #0.

Usage: check_named.py GDB ILUSM SCRIPT"""
import re
import subprocess
import sys

gdb, ilusm, script = sys.argv[1:4]
out = subprocess.run([gdb, "-nx", "-batch", "-ex", "run", "-ex", "bt", "--args", ilusm, script],
                     capture_output=True, text=True, timeout=120).stdout
frame0 = re.search(r"^#0 .*$", out, re.M)
if not frame0 or "asm_gdb_probe" not in frame0.group(0):
    sys.exit(f"frame #0 does not name the JIT code:\n{out[-3000:]}")
print(frame0.group(0))
