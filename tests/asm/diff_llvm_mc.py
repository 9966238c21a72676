#!/usr/bin/env python3
"""Differential test: drive every asm emitter through the script API and
compare the bytes with llvm-mc.

Usage: diff_llvm_mc.py ILUSM LLVM_MC LLVM_OBJCOPY WORKDIR

One generated script prints `asmby` of a fresh program per case; the same
instructions, written in Intel syntax, go through `llvm-mc -show-encoding`.
Jumps and label calls are whole programs, assembled by llvm-mc into an object
file whose .text is compared with the program's bytes (both pick the shortest
jump forms, forward and backward).
"""
import os
import re
import subprocess
import sys

REGS = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
LOW8 = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
        "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"]
LOW16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
         "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"]
LOW32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
         "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"]
LOW = {8: LOW8, 16: LOW16, 32: LOW32}
CCS = ["o", "no", "b", "nae", "c", "ae", "nb", "nc", "e", "z", "ne", "nz",
       "be", "na", "a", "nbe", "s", "ns", "p", "pe", "np", "po", "l", "nge",
       "ge", "nl", "le", "ng", "g", "nle"]
IMM32 = [0, 1, -1, 127, -128, 128, -129, 255, 0x7fff, -0x8000, 0x10000,
         2**31 - 1, -2**31]
IMM64 = [0, 1, -1, 2**31, -2**31 - 1, 2**32, 2**53 + 1, 2**63 - 1, -2**63]
TWO_REG = {"asmmo1": "mov", "asmad": "add", "asmsu": "sub", "asmsn": "and",
           "asmso": "or", "asmsx": "xor", "asmcm": "cmp", "asmte": "test"}
# The emitters whose source is a register or an imm32 (shortest encoding).
REG_IMM = {"asmad": "add", "asmsu": "sub", "asmsn": "and", "asmso": "or",
           "asmsx": "xor", "asmcm": "cmp", "asmte": "test"}
UNARY = {"asmin": "inc", "asmde": "dec", "asmng": "neg", "asmnt": "not",
         "asmmu": "mul", "asmdv": "div", "asmiv": "idiv"}
# asmmo(p, opc, d, s) = REX.W opc ModRM(11, s, d): the "op r/m64, r64" forms.
MODRM_OPS = {0x89: "mov", 0x01: "add", 0x29: "sub", 0x21: "and", 0x09: "or",
             0x31: "xor", 0x39: "cmp", 0x11: "adc", 0x19: "sbb"}


def q(s):
    return '"' + s + '"'


def mem_cases():
    """(script operand, intel operand) pairs for memory operands."""
    out = []
    for b in REGS:
        out.append((q(b), f"[{b}]"))
        for d in (0, 1, -1, 127, -128, 128, -129, 2**31 - 1, -2**31):
            out.append((f"{{b: {q(b)}, d: {d}}}", f"[{b} + {d}]"))
    for i in REGS:
        if i == "rsp":
            continue
        for s in (1, 2, 4, 8):
            out.append((f"{{b: \"rbx\", i: {q(i)}, s: {s}}}", f"[rbx + {s}*{i}]"))
            out.append((f"{{b: \"r13\", i: {q(i)}, s: {s}, d: 8}}", f"[r13 + {s}*{i} + 8]"))
            out.append((f"{{i: {q(i)}, s: {s}, d: 16}}", f"[{s}*{i} + 16]"))
    out.append(("{d: 4096}", "[4096]"))
    return out


def cases():
    c = []
    for fn, mn in TWO_REG.items():
        for d in REGS:
            for s in REGS:
                c.append((f"{fn}(p, {q(d)}, {q(s)})", f"{mn} {d}, {s}"))
    for opc, mn in MODRM_OPS.items():
        for d in REGS:
            for s in ("rax", "rsp", "rdi", "r8", "r12", "r15"):
                c.append((f"asmmo(p, {opc}, {q(d)}, {q(s)})", f"{mn} {d}, {s}"))
    for r in REGS:
        for imm in IMM32:
            c.append((f"asmmv(p, {q(r)}, {imm})", f"mov {r}, {imm}"))
            for fn, mn in REG_IMM.items():
                c.append((f"{fn}(p, {q(r)}, {imm})", f"{mn} {r}, {imm}"))
            c.append((f"asmim(p, {q(r)}, {q(r)}, {imm})", f"imul {r}, {r}, {imm}"))
            c.append((f"asmpu1(p, {imm})", f"push {imm}"))
        for fn, mn in UNARY.items():
            c.append((f"{fn}(p, {q(r)})", f"{mn} {r}"))
        for s in REGS:
            for cc in ("e", "ne", "l", "ge", "b", "a", "s", "o"):
                c.append((f"asmcv(p, {q(cc)}, {q(r)}, {q(s)})", f"cmov{cc} {r}, {s}"))
            for w in (8, 16):
                sub = LOW[w][REGS.index(s)]
                c.append((f"asmmz(p, {q(r)}, {q(s)}, {w})", f"movzx {r}, {sub}"))
                c.append((f"asmms(p, {q(r)}, {q(s)}, {w})", f"movsx {r}, {sub}"))
            c.append((f"asmms(p, {q(r)}, {q(s)}, 32)", f"movsxd {r}, {LOW32[REGS.index(s)]}"))
        for imm in IMM64:
            c.append((f"asmmq(p, {q(r)}, {imm})", f"movabs {r}, {imm}"))
        c.append((f"asmpu1(p, {q(r)})", f"push {r}"))
        c.append((f"asmpo(p, {q(r)})", f"pop {r}"))
        for s in REGS:
            c.append((f"asmim(p, {q(r)}, {q(s)})", f"imul {r}, {s}"))
        for fn, mn in (("asmsl", "shl"), ("asmsr", "shr"), ("asmsa", "sar")):
            for n in (0, 1, 2, 31, 63):
                c.append((f"{fn}(p, {q(r)}, {n})", f"{mn} {r}, {n}"))
            c.append((f"{fn}(p, {q(r)}, \"cl\")", f"{mn} {r}, cl"))
        for cc in CCS:
            c.append((f"asmsc(p, {q(cc)}, {q(r)})", f"set{cc} {LOW8[REGS.index(r)]}"))
    for r in ("rax", "rdi", "r8", "r15", "rsp", "rbp", "r12", "r13"):
        for m, mt in mem_cases():
            c.append((f"asmld(p, {q(r)}, {m})", f"mov {r}, qword ptr {mt}"))
            c.append((f"asmst(p, {m}, {q(r)})", f"mov qword ptr {mt}, {r}"))
            c.append((f"asmle(p, {q(r)}, {m})", f"lea {r}, {mt}"))
    c.append(("asmre(p)", "ret"))
    c.append(("asmno(p)", "nop"))
    c.append(("asmcq(p)", "cqo"))
    return c


# Whole programs with labels: (script body using p, intel source).
def label_programs():
    progs = []
    for cc in CCS:
        progs.append((
            f'top = asmlb(p)\nasmbd(p, top)\nfwd = asmlb(p)\n'
            f'asmjc(p, "{cc}", fwd)\nasmno(p)\nasmjc(p, "{cc}", top)\n'
            f'asmbd(p, fwd)\nasmre(p)',
            f"top:\nj{cc} fwd\nnop\nj{cc} top\nfwd:\nret\n"))
    # Backward distances around the rel8 boundary: -128 fits, -129 does not.
    for pad in (0, 1, 123, 124, 125, 126, 200):
        progs.append((
            f'top = asmlb(p)\nasmbd(p, top)\ni <- 1..{pad}: asmno(p)\n' if pad else
            'top = asmlb(p)\nasmbd(p, top)\n',
            "top:\n" + "nop\n" * pad))
        progs[-1] = (progs[-1][0] + 'asmjm(p, top)\nasmjc(p, "ne", top)\n'
                     'asmcl(p, top)\nf = asmlb(p)\nasmjm(p, f)\nasmcl(p, f)\n'
                     'asmbd(p, f)\nasmre(p)',
                     progs[-1][1] + "jmp top\njne top\ncall top\n"
                     "jmp f\ncall f\nf:\nret\n")
    # Forward distances around the rel8 boundary.
    for pad in (125, 126, 127, 128, 129, 300):
        progs.append((
            f'f = asmlb(p)\nasmjm(p, f)\ni <- 1..{pad}: asmno(p)\nasmbd(p, f)\nasmre(p)',
            "jmp f\n" + "nop\n" * pad + "f:\nret\n"))
        progs.append((
            f'f = asmlb(p)\nasmjc(p, "ge", f)\ni <- 1..{pad}: asmno(p)\nasmbd(p, f)\nasmre(p)',
            "jge f\n" + "nop\n" * pad + "f:\nret\n"))
    return progs


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"command failed ({r.returncode}): {' '.join(cmd)}\n"
                 f"{r.stdout[-2000:]}\n{r.stderr[-4000:]}")
    return r.stdout


def parse_lists(text):
    return [[int(x) for x in line.strip()[1:-1].split(",") if x.strip()]
            for line in text.splitlines() if line.startswith("[")]


def main():
    ilusm, llvm_mc, objcopy, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    cs = cases()
    script = os.path.join(work, "diff_cases.ilu")
    with open(script, "w") as f:
        f.write("use asm\n")
        for call, _ in cs:
            f.write(f"p = asmne()\n{call}\nprn(asmby(p))\n")
    got = parse_lists(run([ilusm, script]))
    src = "".join(asm + "\n" for _, asm in cs)
    mc = run([llvm_mc, "-triple=x86_64", "-x86-asm-syntax=intel",
              "-show-encoding"], input=src)
    want = [[int(x, 16) for x in m.group(1).split(",")]
            for m in re.finditer(r"encoding: \[([^\]]*)\]", mc)]
    if len(got) != len(cs) or len(want) != len(cs):
        sys.exit(f"count mismatch: {len(cs)} cases, {len(got)} from ilusm, "
                 f"{len(want)} from llvm-mc")
    bad = 0
    for (call, asm), g, w in zip(cs, got, want):
        if g != w:
            bad += 1
            if bad <= 20:
                print(f"MISMATCH {call}  [{asm}]\n  ilusm:   {bytes(g).hex(' ')}\n"
                      f"  llvm-mc: {bytes(w).hex(' ')}")
    progs = label_programs()
    pscript = os.path.join(work, "diff_labels.ilu")
    with open(pscript, "w") as f:
        f.write("use asm\n")
        for body, _ in progs:
            f.write("p = asmne()\n" + body + "\nprn(asmby(p))\n")
    pgot = parse_lists(run([ilusm, pscript]))
    if len(pgot) != len(progs):
        sys.exit(f"label programs: {len(progs)} expected, {len(pgot)} printed")
    for n, ((body, asm), g) in enumerate(zip(progs, pgot)):
        s, o, b = (os.path.join(work, f"lab{n}.{e}") for e in ("s", "o", "bin"))
        with open(s, "w") as f:
            f.write(".intel_syntax noprefix\n" + asm)
        run([llvm_mc, "-triple=x86_64", "-filetype=obj", "-o", o, s])
        run([objcopy, "-O", "binary", "--only-section=.text", o, b])
        w = list(open(b, "rb").read())
        if g != w:
            bad += 1
            print(f"MISMATCH label program {n}:\n{asm}  ilusm:   "
                  f"{bytes(g).hex(' ')}\n  llvm-mc: {bytes(w).hex(' ')}")
    total = len(cs) + len(progs)
    print(f"{total - bad}/{total} encodings match llvm-mc")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
