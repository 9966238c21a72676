#!/usr/bin/env python3
"""`ilusm --caps=` makes no executable memory, whatever the script tries.

Usage: no_exec_test.py ILUSM DIR   (DIR holds jit_paths.ilu and jit_paths.nocaps)

1. `ilusm --caps= jit_paths.ilu` prints jit_paths.nocaps: every JIT path (asm
   seal/call, the natives called directly, a callback, ras text and bytecode
   JIT, a `use "file"` import, unsetting or widening __ilusm_caps) fails with
   the missing capability, and the reference interpreter still runs.
2. The same script in the REPL under `--caps=`, then /proc/PID/maps is read
   while the process is still alive: no executable mapping of JIT memory (a
   memfd, or an anonymous mapping) exists.
3. The control: without --caps the same check finds jitmem's executable
   mapping, so step 2 would have seen one.
"""
import os
import subprocess
import sys


def exec_jit_mappings(pid):
    found = []
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            parts = line.split(maxsplit=5)
            perms = parts[1]
            path = parts[5].strip() if len(parts) > 5 else ""
            if "x" not in perms:
                continue
            if path == "" or "memfd:" in path:
                found.append(line.strip())
    return found


def repl_maps(ilusm, cwd, options, extra):
    proc = subprocess.Popen([ilusm] + options, cwd=cwd, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write('use "jit_paths.ilu"\n' + extra + 'prn("checkpoint")\n')
    proc.stdin.flush()
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if line.strip() == "checkpoint":
            break
    else:
        proc.kill()
        sys.exit("FAIL: the REPL ended before the checkpoint:\n" + "".join(seen) + proc.stderr.read())
    found = exec_jit_mappings(proc.pid)
    proc.stdin.close()
    proc.wait(timeout=20)
    return found, "".join(seen)


def main():
    ilusm, cwd = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with open(os.path.join(cwd, "jit_paths.nocaps")) as f:
        want = f.read()
    run = subprocess.run([ilusm, "--caps=", "jit_paths.ilu"], cwd=cwd, capture_output=True, text=True,
                         timeout=20)
    if run.returncode != 0 or run.stdout != want or run.stderr:
        sys.exit(f"FAIL ilusm --caps= jit_paths.ilu: status {run.returncode}\n{run.stdout}{run.stderr}")
    found, seen = repl_maps(ilusm, cwd, ["--caps="], "")
    for line in want.splitlines():
        if line not in seen:
            sys.exit(f"FAIL: the REPL under --caps= did not print {line!r}:\n{seen}")
    if found:
        sys.exit("FAIL: executable JIT memory under --caps=:\n" + "\n".join(found))
    control, _ = repl_maps(ilusm, cwd, [], "keep = asmtr()\n")
    if not control:
        sys.exit("FAIL: the control run (all capabilities) shows no executable JIT mapping")
    print("ok: no executable JIT mapping under --caps=; the control has", len(control))
    return 0


if __name__ == "__main__":
    sys.exit(main())
