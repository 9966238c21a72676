#!/usr/bin/env python3
"""Ctrl-C while JIT code loops forever (issue 14, item 6): the `ilusm` CLI
reports the ilusm error "interrupted" and exits 1; the REPL reports it and
goes on. usage: interrupt_test.py ILUSM HOST_CPU (x86-64 code: skipped elsewhere)."""
import os
import shlex
import signal
import subprocess
import sys
import time

ilusm, cpu = sys.argv[1:3]
if cpu != "x86_64":
    print("skipped: use asm code runs on x86-64 hosts only")
    sys.exit(77)
wrapper = shlex.split(os.environ.get("EXE_WRAPPER", ""))
settle = 1.0  # seconds for the program to reach the loop
loop = "use asm\nspin = asmse(asmpu(asmne(), [0xeb, 0xfe]))\n"  # jmp $
failures = []

cli = subprocess.Popen(wrapper + [ilusm, "-e", loop + "asmca4(spin)\nprn(\"not reached\")\n"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
time.sleep(settle)
cli.send_signal(signal.SIGINT)
out, err = cli.communicate(timeout=20)
if cli.returncode != 1 or "asmca4: interrupted" not in err or "not reached" in out:
    failures.append(f"CLI: status {cli.returncode}, stdout {out!r}, stderr {err!r}")

repl = subprocess.Popen(wrapper + [ilusm], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True)
repl.stdin.write(loop + "asmca4(spin)\n")
repl.stdin.flush()
time.sleep(settle)
repl.send_signal(signal.SIGINT)
repl.stdin.write("prn(6 * 7)\n")
repl.stdin.close()
out, err = repl.stdout.read(), repl.stderr.read()
repl.wait(timeout=20)
if "asmca4: interrupted" not in err or "42" not in out:
    failures.append(f"REPL: status {repl.returncode}, stdout {out!r}, stderr {err!r}")

# `use ras`: an endless loop in ras code (its JIT) ends the same way.
spin_ras = ('use ras\nh = rasas("prolog 0\\nget_label => @top\\njmp @top\\nret\\n", "spin.ras")\n'
            'rasca(h)\nprn("not reached")\n')
ras = subprocess.Popen(wrapper + [ilusm, "-e", spin_ras], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
time.sleep(settle)
ras.send_signal(signal.SIGINT)
out, err = ras.communicate(timeout=20)
if ras.returncode != 1 or "interrupted" not in err or "not reached" in out:
    failures.append(f"use ras: status {ras.returncode}, stdout {out!r}, stderr {err!r}")

for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
