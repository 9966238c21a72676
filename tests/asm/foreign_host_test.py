#!/usr/bin/env python3
"""`use asm` on the build's host: it emits x86-64 bytes everywhere; sealing them
is refused with a clear error on a host of another CPU (never a jump), and
runs on x86-64. usage: foreign_host_test.py ILUSM HOST_CPU (EXE_WRAPPER: qemu)."""
import os
import shlex
import subprocess
import sys

ilusm, cpu = sys.argv[1:3]
wrapper = shlex.split(os.environ.get("EXE_WRAPPER", ""))
names = {"x86_64": "x86-64", "aarch64": "aarch64", "riscv64": "riscv64"}
emit = 'use asm\np = asmne()\nasmmo1(p, "rax", "rdi")\nasmad(p, "rax", "rsi")\nasmre(p)\nprn(p.b)\n'
seal = emit + "prn(asmca3(asmse(p), 40, 2))\n"

def run(code):
    return subprocess.run(wrapper + [ilusm, "-e", code], capture_output=True, text=True, timeout=60)

failures = []
emitted = run(emit)
if emitted.returncode != 0 or emitted.stdout != "<bin 48 89 f8 48 01 f0 c3>\n":
    failures.append(f"emitting failed: {emitted.returncode} {emitted.stdout!r} {emitted.stderr!r}")
sealed = run(seal)
if cpu == "x86_64":
    if sealed.returncode != 0 or not sealed.stdout.endswith("42\n"):
        failures.append(f"seal and call on x86-64: {sealed.returncode} {sealed.stdout!r} {sealed.stderr!r}")
else:
    want = f"asmse: x86-64 code cannot run on this {names[cpu]} host"
    if sealed.returncode == 0 or want not in sealed.stderr:
        failures.append(f"expected {want!r}, got {sealed.returncode} {sealed.stdout!r} {sealed.stderr!r}")
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
