#!/usr/bin/env python3
"""rasm dis / run / interp from the command line.

usage: rasm_back_test.py RASM OBJDUMP FILE.ras...

dis: for every file, the listing's instruction boundaries and bytes must
match what GNU objdump decodes from the same bytes (an outside oracle), and
the listing names each source line. run/interp: bad arguments and bad files
fail with exit 1 and a message naming the argument or file:line:col.
"""
import os
import re
import subprocess
import sys
import tempfile

LINE = re.compile(r"^\s+([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)\s*(.*)$")


def listing(rasm, path):
    out = subprocess.run([rasm, "dis", path], capture_output=True, text=True, check=True).stdout
    insns, sources = [], 0
    for line in out.splitlines():
        if line.lstrip().startswith("; "):
            sources += 1
        m = LINE.match(line)
        if m:
            insns.append((int(m.group(1), 16), bytes.fromhex(m.group(2).replace(" ", "")), m.group(3)))
    return insns, sources


def objdump_offsets(objdump, code):
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(code)
        f.flush()
        out = subprocess.run([objdump, "-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", f.name],
                             capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"^\s+([0-9a-f]+):\t([0-9a-f ]+)\t(.*)$", line)
        if m:
            found[int(m.group(1), 16)] = m.group(3).strip()
    return found


def expect_failure(args, needle, failures):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 1 or needle not in done.stderr:
        failures.append(f"{' '.join(args)}: expected exit 1 with '{needle}', got {done.returncode}: {done.stderr}")


def main():
    rasm, objdump, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    failures = []
    for path in files:
        insns, sources = listing(rasm, path)
        if not insns or sources == 0:
            failures.append(f"{path}: empty listing or no source lines")
            continue
        code = b"".join(b for _, b, _ in insns)
        offsets = [o for o, _, _ in insns]
        if offsets != sorted(offsets) or offsets[0] != 0:
            failures.append(f"{path}: listing offsets are not contiguous from 0")
            continue
        decoded = objdump_offsets(objdump, code)
        for offset, _, text in insns:
            if offset not in decoded or "(bad)" in decoded[offset]:
                failures.append(f"{path}: objdump does not decode an instruction at {offset:#x} ({text})")
                break
        if len(decoded) != len(insns):
            failures.append(f"{path}: objdump decodes {len(decoded)} instructions, rasm dis lists {len(insns)}")
    fib = files[0]
    expect_failure([rasm, "run", fib, "ten"], "argument 1: expected an integer", failures)
    expect_failure([rasm, "interp", fib, "1x"], "argument 1: expected an integer", failures)
    expect_failure([rasm, "run", "/nonexistent.ras"], "/nonexistent.ras", failures)
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "bad.ras")
        with open(bad, "w") as f:
            f.write("prolog 0\nprepare 1\npusharg 1\nfinish !nope\nret\n")
        expect_failure([rasm, "run", bad], "bad.ras:4:8: finish: !nope is not a registered host function", failures)
        expect_failure([rasm, "interp", bad], "bad.ras:4:8: finish: !nope is not a registered host function", failures)
        expect_failure([rasm, "dis", bad], "bad.ras:4:8", failures)
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
