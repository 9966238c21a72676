#!/usr/bin/env python3
"""The AArch64 back end's encodings against llvm-mc (an outside oracle).

usage: test_a64_llvm_mc.py RASM LLVM_MC FILE.ras...

For every instruction of `rasm dis --target=aarch64 FILE`, llvm-mc
(-triple=aarch64) assembles the text Capstone listed and its encoding must
equal the 4 bytes the back end wrote. Branch targets, listed as code
offsets, become pc-relative first. Forms are counted by mnemonic and operand
shape (registers, immediates, memory); every mnemonic in EXPECTED must occur,
so the corpus (forms.ras and the check programs) keeps covering what the
back end emits. Runs on any host: cross-generation, no emulator.
"""
import re
import subprocess
import sys

LINE = re.compile(r"^\s+([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)\s*(\S+)\s*(.*)$")
ENCODING = re.compile(r"encoding: \[([^\]]*)\]")
BRANCHES = {"b", "bl", "cbz", "cbnz", "tbz", "tbnz"}
# What the back end emits, as Capstone names it (aliases included).
EXPECTED = {
    "add", "sub", "cmp", "cmn", "and", "orr", "eor", "mvn", "mov", "movz", "movk", "movn", "mul", "msub",
    "sdiv", "udiv", "lsl", "lsr", "asr", "sxtb", "sxth", "sxtw", "ubfx", "cset", "ccmp", "neg",
    "ldr", "ldrb", "ldrh", "ldrsb", "ldrsh", "ldrsw", "ldur", "ldurh", "str", "strb", "strh", "stur",
    "fmov", "fadd", "fsub", "fmul", "fdiv", "fneg", "fabs", "fsqrt", "scvtf", "fcvtzs", "fcmp",
    "b", "bl", "blr", "ret", "brk", "cbz", "cbnz", "b.vc",
    "b.lt", "b.le", "b.eq", "b.ne", "b.ge", "b.gt", "b.lo", "b.ls", "b.hs", "b.hi", "b.mi", "b.vs",
}


def listing(rasm, path):
    out = subprocess.run([rasm, "dis", "--target=aarch64", path], capture_output=True, text=True, check=True).stdout
    found = []
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            found.append((int(m.group(1), 16), bytes.fromhex(m.group(2).replace(" ", "")), m.group(3), m.group(4).strip()))
    return found


def llvm_text(address, mnemonic, operands):
    """The listed instruction as llvm-mc input: branch targets pc-relative."""
    if mnemonic in BRANCHES or mnemonic.startswith("b."):
        m = re.search(r"#(0x[0-9a-f]+|\d+)$", operands)
        if m:
            delta = int(m.group(1), 0) - address
            operands = operands[:m.start()] + ("#" if delta >= 0 else "#-") + hex(abs(delta))
    return f"{mnemonic} {operands}".strip()


def shape(mnemonic, operands):
    parts = [p.strip() for p in re.split(r",(?![^\[]*\])", operands) if p.strip()]
    kinds = []
    for p in parts:
        if p.startswith("["):
            kinds.append("m" + ("r" if re.search(r",\s*[xw]\d", p) else "i" if "#" in p else ""))
        elif p.startswith("#"):
            kinds.append("i")
        elif p.startswith("lsl"):
            kinds.append("s")
        elif re.fullmatch(r"[xwd]\d+|xzr|wzr|sp", p):
            kinds.append(p[0] if p != "sp" else "x")
        else:
            kinds.append("c")  # condition
    return mnemonic + " " + ",".join(kinds)


def main():
    rasm, llvm_mc, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    failures, forms, mnemonics, total = [], set(), set(), 0
    for path in files:
        insns = listing(rasm, path)
        if not insns:
            failures.append(f"{path}: empty listing")
            continue
        total += len(insns)
        # Each distinct (bytes, text) once: a long filler is one instruction to llvm-mc.
        unique = {}
        for a, code, m, o in insns:
            unique.setdefault((code, llvm_text(a, m, o)), (a, code, m, o))
        insns = list(unique.values())
        texts = [text for _, text in unique]
        done = subprocess.run([llvm_mc, "-triple=aarch64", "-show-encoding"], input="\n".join(texts) + "\n",
                              capture_output=True, text=True)
        if done.returncode != 0:
            failures.append(f"{path}: llvm-mc rejected the listing: {done.stderr[:2000]}")
            continue
        encodings = [bytes(int(b, 16) for b in m.group(1).split(",")) for m in ENCODING.finditer(done.stdout)]
        if len(encodings) != len(insns):
            failures.append(f"{path}: llvm-mc encoded {len(encodings)} of {len(insns)} instructions")
            continue
        for (address, code, mnemonic, operands), text, oracle in zip(insns, texts, encodings):
            if code != oracle:
                failures.append(f"{path}: {address:#x} {text}: back end {code.hex(' ')}, llvm-mc {oracle.hex(' ')}")
            forms.add(shape(mnemonic, operands))
            mnemonics.add(mnemonic)
    missing = sorted(EXPECTED - mnemonics)
    if missing:
        failures.append(f"the corpus no longer emits: {' '.join(missing)}")
    for f in failures:
        print(f)
    print(f"aarch64: {total} instructions, {len(forms)} distinct forms ({len(mnemonics)} mnemonics) "
          f"{'match' if not failures else 'checked against'} llvm-mc")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
