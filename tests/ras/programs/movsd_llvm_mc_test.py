#!/usr/bin/env python3
"""The x86-64 back end's double loads, stores and literals against llvm-mc.

usage: movsd_llvm_mc_test.py RASM LLVM_MC FILE.ras...

For every instruction of `rasm dis FILE` that moves or computes a double
(movsd, movq, the movabs/xorpd that build a literal, the arithmetic and
ucomisd that use an immediate), llvm-mc assembles the listed text (capstone's
Intel syntax) and its encoding must equal the bytes the back end wrote. The
files together must list movsd loads and stores.
"""
import re
import subprocess
import sys

LINE = re.compile(r"^\s+([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)\s*(.*)$")
DOUBLE_MNEMONICS = ("movsd", "movq", "movabs", "xorpd", "addsd", "subsd", "mulsd", "divsd", "ucomisd")
ENCODING = re.compile(r"encoding: \[([^\]]*)\]")


def listing(rasm, path):
    out = subprocess.run([rasm, "dis", path], capture_output=True, text=True, check=True).stdout
    return [(bytes.fromhex(m.group(2).replace(" ", "")), m.group(3).strip())
            for m in map(LINE.match, out.splitlines()) if m]


def llvm_encodings(llvm_mc, texts):
    source = ".intel_syntax noprefix\n" + "\n".join(texts) + "\n"
    out = subprocess.run([llvm_mc, "-triple=x86_64", "-show-encoding"], input=source,
                         capture_output=True, text=True, check=True).stdout
    found = []
    for m in ENCODING.finditer(out):
        found.append(bytes(int(b, 16) for b in m.group(1).split(",")))
    return found


def main():
    rasm, llvm_mc, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    failures = []
    total_loads = total_stores = 0
    for path in files:
        wanted = [(code, text) for code, text in listing(rasm, path)
                  if text.split()[0] in DOUBLE_MNEMONICS]
        loads = [t for _, t in wanted if t.startswith("movsd xmm")]
        stores = [t for _, t in wanted if t.startswith("movsd qword")]
        total_loads += len(loads)
        total_stores += len(stores)
        if not wanted:
            failures.append(f"{path}: no double instruction in the listing")
            continue
        encodings = llvm_encodings(llvm_mc, [t for _, t in wanted])
        if len(encodings) != len(wanted):
            failures.append(f"{path}: llvm-mc encoded {len(encodings)} of {len(wanted)} instructions")
            continue
        for (code, text), oracle in zip(wanted, encodings):
            if code != oracle:
                failures.append(f"{path}: {text}: back end {code.hex(' ')}, llvm-mc {oracle.hex(' ')}")
        print(f"{path}: {len(wanted)} instructions ({len(loads)} movsd loads, {len(stores)} stores) match llvm-mc")
    if not total_loads or not total_stores:
        failures.append(f"expected movsd loads and stores, got {total_loads} and {total_stores}")
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
