#!/usr/bin/env python3
"""Generate the self-checking .ras programs of tests/ras/check (in the style
of GNU Lightning's check/ suite).

usage: gen_checks.py NAME OUT.ras OUT.expected

Each program's first function runs numbered checks and returns 0, or prints
and returns the number of the first check that failed; every check carries a
`# check N: what` comment, so a failure names itself (run_program.py prints
the comment). The expected values come from the ras semantics of
docs/ras-run.md, computed here, never from a back end.

NAME: alu (every binary and unary integer op over every register triple or
pair, and immediates of every size), clobber (callee-saved registers across
calls of every kind), branch_range (conditional branches just inside and just
beyond the AArch64 +-1 MiB reach, forward and backward), imm64 (64-bit
immediates of every halfword shape, in mov and as operands), recursion (deep
recursion through the JIT and the interpreter), double_edges (double
arithmetic, compares and conversions at their edges).
"""
import math
import struct
import sys

MASK = (1 << 64) - 1
MIN, MAX = -(1 << 63), (1 << 63) - 1
REGS = ["%r0", "%r1", "%r2", "%r3", "%v0", "%v1", "%v2", "%v3", "%v4", "%ret"]
VALUES = [0, 1, -1, 2, -7, 63, 64, 65, 0x7fffffff, -0x80000000, 0x100000000, 0x123456789abcdef, MIN, MAX,
          -0x5555555555555556, 0xfff, 0x1000, 4095 << 12]


def s64(v):
    v &= MASK
    return v - (1 << 64) if v >> 63 else v


def u64(v):
    return v & MASK


def tdiv(a, b):
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


BINARY = {
    "add": lambda a, b: s64(a + b), "sub": lambda a, b: s64(a - b), "mul": lambda a, b: s64(a * b),
    "and": lambda a, b: s64(a & b), "or": lambda a, b: s64(a | b), "xor": lambda a, b: s64(a ^ b),
    "lsh": lambda a, b: s64(a << (b & 63)), "rsh": lambda a, b: a >> (b & 63),
    "rsh_ul": lambda a, b: s64(u64(a) >> (b & 63)),
    "div": lambda a, b: s64(tdiv(a, b)), "rem": lambda a, b: s64(a - tdiv(a, b) * b),
    "div_ul": lambda a, b: s64(u64(a) // u64(b)), "rem_ul": lambda a, b: s64(u64(a) % u64(b)),
    "lt": lambda a, b: int(a < b), "le": lambda a, b: int(a <= b), "eq": lambda a, b: int(a == b),
    "ne": lambda a, b: int(a != b), "ge": lambda a, b: int(a >= b), "gt": lambda a, b: int(a > b),
    "lt_ul": lambda a, b: int(u64(a) < u64(b)), "le_ul": lambda a, b: int(u64(a) <= u64(b)),
    "ge_ul": lambda a, b: int(u64(a) >= u64(b)), "gt_ul": lambda a, b: int(u64(a) > u64(b)),
}
UNARY = {"neg": lambda a: s64(-a), "not": lambda a: s64(~a)}
IMMEDIATES = [5, 4095, 4096, 0x123000, -9, -4096, 0x7fffffff, -0x80000000, 0x123456789, -0x123456789abc, MIN, MAX]


def allowed(op, a, b):
    if op.startswith(("div", "rem")):
        return b != 0 and not (not op.endswith("_ul") and a == MIN and b == -1)
    return True


class Program:
    def __init__(self):
        self.lines = []
        self.checks = 0
        self.fails = []  # check numbers with a failure exit in the current function
        self.prints = []  # what the program prints when every check passes (before the 0)

    def emit(self, *lines):
        self.lines.extend(lines)

    def check(self, what, register, expected, kind=""):
        """Branch to this check's failure exit unless `register` == expected."""
        self.checks += 1
        n = self.checks
        self.emit(f"# check {n}: {what}", f"bne{kind} !forward {register} {expected} => @f{n}")
        self.fails.append(n)
        return n

    def function(self, name, body, args=0):
        self.emit(f"#function {name}", f"prolog {args}")
        self.fails = []
        body()
        self.emit("mov %ret 0", "ret")
        for n in self.fails:
            self.emit(f"patch @f{n}", f"mov %ret {n}", "ret")

    def main(self, names):
        """The first function: call each check function, stop at the first failure."""
        out = ["#function main", "prolog 0"]
        for k, name in enumerate(names):
            out += ["prepare 0", f"finish @{name}", "retval %v0", f"bne !forward %v0 0 => @m{k}"]
        out += ["mov %ret 0", "ret"]
        for k in range(len(names)):
            out += [f"patch @m{k}", "prepare 1", "pusharg %v0", "finish !print", "mov %ret %v0", "ret"]
        self.lines = out + self.lines

    def text(self, header):
        return header + "\n" + "\n".join(self.lines) + "\n"


def gen_alu(p):
    names = []
    for op, fn in BINARY.items():
        def body(op=op, fn=fn):
            i = 0
            for d in REGS:
                for a in REGS:
                    for b in REGS:
                        i += 1
                        va, vb = VALUES[i % len(VALUES)], VALUES[(i * 7 + 3) % len(VALUES)]
                        if a == b:
                            va = vb
                        if not allowed(op, va, vb):
                            continue
                        p.emit(f"mov {a} {va}", f"mov {b} {vb}", f"{op} {d} {a} {b}")
                        p.check(f"{op} {d} {a} {b} with {va}, {vb}", d, fn(va, vb))
            for d in REGS:
                for a in REGS:
                    i += 1
                    va = VALUES[i % len(VALUES)]
                    for imm in IMMEDIATES[i % 4::4]:
                        if not allowed(op, va, imm) or (op.startswith(("div", "rem")) and imm == 0):
                            continue
                        p.emit(f"mov {a} {va}", f"{op} {d} {a} {imm}")
                        p.check(f"{op} {d} {a} {imm} with {va}", d, fn(va, imm))
        name = "alu_" + op
        p.function(name, body)
        names.append(name)
    for op, fn in UNARY.items():
        def body(op=op, fn=fn):
            for i, d in enumerate(REGS):
                for j, a in enumerate(REGS):
                    va = VALUES[(i * 10 + j) % len(VALUES)]
                    p.emit(f"mov {a} {va}", f"{op} {d} {a}")
                    p.check(f"{op} {d} {a} with {va}", d, fn(va))
        name = "alu_" + op
        p.function(name, body)
        names.append(name)
    return names


def gen_clobber(p):
    saved = ["%v0", "%v1", "%v2", "%v3", "%v4"]
    values = [0x1111111111111111, -0x2222222222222222, 0x3333, -4, MAX]

    def smash():  # a callee that writes every register
        for k, r in enumerate(REGS):
            p.emit(f"mov {r} {-1 - k}")
        for k in range(8):
            p.emit(f"mov_d %f{k} {k}.5")
        p.emit("mov_d %ret 9.5")

    p.emit("#function smash", "prolog 0")
    smash()
    p.emit("ret")
    p.emit("#function many", "prolog 10")  # ten arguments: some on the stack
    for k in range(10):
        p.emit(f"arg => $a{k}")
    for k in range(10):
        p.emit(f"getarg %r0 $a{k}", f"add %v0 %v0 %r0" if k else "mov %v0 %r0")
    smash()
    p.emit("mov %ret 45", "ret")

    def body():
        for r, v in zip(saved, values):
            p.emit(f"mov {r} {v}")
        p.emit("prepare 0", "finish @smash")
        for r, v in zip(saved, values):
            p.check(f"{r} preserved across a call of a function writing every register", r, v)
        p.emit("prepare 1", "pusharg 7", "finish !print")
        p.prints.append(7)
        for r, v in zip(saved, values):
            p.check(f"{r} preserved across a host call", r, v)
        p.emit("prepare 10")
        for k in range(10):
            p.emit(f"pusharg {k}")
        p.emit("finish @many", "retval %r1")
        p.check("ten arguments, two on the stack: their sum", "%r1", 45)
        for r, v in zip(saved, values):
            p.check(f"{r} preserved across a call with stack arguments", r, v)
        p.emit("mov %r2 3", "prepare 1", "pusharg %r2", "finish !print", "mov %ret 0", "prepare 0", "finish @smash")
        p.prints.append(3)
        for r, v in zip(saved, values):
            p.check(f"{r} preserved after three calls", r, v)
    p.function("clobber", body)
    return ["clobber"]


# A conditional branch is `cmp; b.cond`; on AArch64 the filler below is k
# words exactly, so its target is k + 1 words past the b.cond.
REACH = 1 << 18  # words: b.cond and cbz reach [-2^18, 2^18) words
BIG = 0x123456789  # add of it: movz, movk, movk, add (four words)


def filler(p, words):
    """`words` AArch64 words of adds to %r0; returns what they add."""
    p.emit(*([f"add %r0 %r0 {BIG}"] * (words // 4)), *(["add %r0 %r0 1"] * (words % 4)))
    return s64(words // 4 * BIG + words % 4)


def gen_branch_range(p):
    names = []
    for name, k in (("forward_inside", REACH - 2), ("forward_beyond", REACH - 1)):
        def body(k=k, name=name):
            # The division's checks branch to trap stubs after the filler: far.
            p.emit("mov %r2 -9223372036854775807", "mov %r1 -1", "div %v0 %r2 %r1")
            p.check(f"{name}: a division whose trap stubs are beyond +-1 MiB", "%v0", MAX)
            p.emit("mov %r0 0", "mov %r1 1", "beq !forward %r1 1 => @skip")
            filler(p, k)
            p.emit("patch @skip")
            p.check(f"{name}: a taken forward branch over {k} words skips them", "%r0", 0)
        p.function("branch_" + name, body)
        names.append("branch_" + name)
    for name, k in (("backward_inside", REACH), ("backward_beyond", REACH + 1)):
        # The b.cond jumps back over the counter add, the filler and the cmp.
        def body(k=k, name=name):
            p.emit("mov %r0 0", "mov %r1 0", "get_label => @top", "add %r1 %r1 1")
            added = filler(p, k - 2)
            p.emit("blt @top %r1 2")
            p.check(f"{name}: a backward branch over {k} words loops twice", "%r0", s64(2 * added))
        p.function("branch_" + name, body)
        names.append("branch_" + name)
    return names


def shapes():
    """64-bit values of every halfword shape: each halfword 0, ffff or other."""
    out = []
    for code in range(81):
        v = 0
        for hw in range(4):
            kind = (code // 3 ** hw) % 3
            v |= [0, 0xffff, 0x1234 + 0x1111 * hw][kind] << (16 * hw)
        out.append(s64(v))
    return out + [MIN, MAX, 1 << 32, -(1 << 32), 0x8000, -0x8000, 0xffff, -0x10000]


def gen_imm64(p):
    def build(reg, v):  # the value from 16-bit pieces, without a 64-bit immediate
        u = u64(v)
        p.emit(f"mov {reg} {u >> 48}")
        for hw in (2, 1, 0):
            p.emit(f"lsh {reg} {reg} 16", f"or {reg} {reg} {(u >> (16 * hw)) & 0xffff}")

    def body():
        for k, v in enumerate(shapes()):
            build("%r0", v)
            d = REGS[k % len(REGS)] if REGS[k % len(REGS)] != "%r0" else "%v0"
            p.emit(f"mov {d} {v}")
            p.check(f"mov {d} {v:#x}", d, "%r0")
        for k, v in enumerate(shapes()[::3]):
            build("%r0", v)
            p.emit("mov %v1 12345", f"add %v2 %v1 {v}", "add %r1 %v1 %r0")
            p.check(f"add %v2 %v1 {v:#x}", "%v2", "%r1")
            p.emit(f"and %v2 %v1 {v}", "and %r1 %v1 %r0")
            p.check(f"and %v2 %v1 {v:#x}", "%v2", "%r1")
            p.emit(f"mul %v2 %v1 {v}", "mul %r1 %v1 %r0")
            p.check(f"mul %v2 %v1 {v:#x}", "%v2", "%r1")
            p.emit(f"lt_ul %v2 %v1 {v}", "lt_ul %r1 %v1 %r0")
            p.check(f"lt_ul %v2 %v1 {v:#x}", "%v2", "%r1")
    p.function("imm64", body)
    return ["imm64"]


def gen_recursion(p):
    # Below the interpreter's default call-depth limit (10000), and within the
    # native stack of its recursive run() in an ASan build.
    depth = 3000
    p.emit("#function sum", "prolog 1", "arg => $n", "getarg %v0 $n", "beq !forward %v0 0 => @zero",
           "sub %r0 %v0 1", "prepare 1", "pusharg %r0", "finish @sum", "retval %v1", "add %ret %v1 %v0", "ret",
           "patch @zero", "mov %ret 0", "ret")
    p.emit("#function sum3", "prolog 3", "arg => $n", "arg_d => $x", "arg => $k", "getarg %v0 $n",
           "getarg_d %f0 $x", "getarg %v1 $k", "beq !forward %v0 0 => @zero", "sub %r0 %v0 1", "add_d %f0 %f0 0.5",
           "prepare 3", "pusharg %r0", "pusharg_d %f0", "pusharg %v1", "finish @sum3", "retval %v2",
           "add %ret %v2 %v1", "ret", "patch @zero", "trunc_d %ret %f0", "ret")

    def body():
        p.emit("prepare 1", f"pusharg {depth}", "finish @sum", "retval %v0")
        p.check(f"sum(1..{depth}) by {depth}-deep recursion", "%v0", depth * (depth + 1) // 2)
        p.emit("mov_d %f1 0", "prepare 3", f"pusharg {depth}", "pusharg_d %f1", "pusharg 3", "finish @sum3",
               "retval %v0")
        p.check(f"{depth}-deep recursion passing an integer, a double and an integer", "%v0",
                3 * depth + depth // 2)
    p.function("recursion", body)
    return ["recursion"]


def dbl(v):
    return "nan" if math.isnan(v) else "inf" if v == math.inf else "-inf" if v == -math.inf else repr(float(v))


def gen_double_edges(p):
    inf, nan = math.inf, math.nan
    tiny = 5e-324
    cases = [  # (op, a, b, expected)
        ("add", inf, -inf, nan), ("add", 1e308, 1e308, inf), ("sub", 0.0, 0.0, 0.0), ("mul", tiny, 0.5, 0.0),
        ("mul", -0.0, 5.0, -0.0), ("div", 1.0, 0.0, inf), ("div", -1.0, 0.0, -inf), ("div", 0.0, 0.0, nan),
        ("div", tiny, 2.0, 0.0), ("mul", 1e200, -1e200, -inf), ("sub", inf, inf, nan), ("add", tiny, tiny, 1e-323),
    ]

    def bits_check(what, reg, expected):
        """Compare the bits: NaN and -0.0 are told apart from 0.0 that way."""
        p.emit("prepare 0", "finish @zero_int")  # keeps %ret an integer in this function
        p.emit(f"movi_d %f7 0", f"stxi_d 0 %v4 {reg}", "ldxi %r3 %v4 0")
        want = struct.unpack("<q", struct.pack("<d", expected))[0]
        if math.isnan(expected):  # any NaN: exponent all ones and a mantissa
            p.emit("and %r2 %r3 0x7ff0000000000000")
            p.check(what + " (exponent of a NaN)", "%r2", 0x7ff0000000000000)
            p.emit("and %r2 %r3 0xfffffffffffff")
            p.check(what + " (a NaN's mantissa is not 0)", "%r2", 0, "")
            p.fails.pop()
            p.lines[-1] = p.lines[-1].replace("bne !forward", "beq !forward")
            p.fails.append(p.checks)
        else:
            p.check(what, "%r3", want)

    def body():
        p.emit("prepare 1", "pusharg 64", "finish !alloc", "retval %v4")
        for op, a, b, expected in cases:
            p.emit(f"movi_d %f1 {dbl(a)}", f"movi_d %f2 {dbl(b)}", f"{op}_d %f3 %f1 %f2")
            bits_check(f"{op}_d {dbl(a)} {dbl(b)} = {dbl(expected)}", "%f3", expected)
        for a, expected in ((-0.0, 0.0), (-inf, inf), (nan, nan)):
            p.emit(f"movi_d %f1 {dbl(a)}", "abs_d %f3 %f1")
            bits_check(f"abs_d {dbl(a)}", "%f3", expected)
        for a, expected in ((0.0, -0.0), (inf, -inf)):
            p.emit(f"movi_d %f1 {dbl(a)}", "neg_d %f3 %f1")
            bits_check(f"neg_d {dbl(a)}", "%f3", expected)
        for a, expected in ((-1.0, nan), (-0.0, -0.0), (inf, inf), (tiny, 2.2227587494850775e-162)):
            p.emit(f"movi_d %f1 {dbl(a)}", "sqrt_d %f3 %f1")
            bits_check(f"sqrt_d {dbl(a)}", "%f3", expected)
        for v, expected in ((MIN, -9.223372036854775808e18), (MAX, 9.223372036854775808e18), (-1, -1.0),
                            ((1 << 53) + 1, float(1 << 53))):
            p.emit(f"mov %r1 {v}", "extr_d %f3 %r1")
            bits_check(f"extr_d {v}", "%f3", expected)
        for v, expected in ((nan, 0), (inf, MAX), (-inf, MIN), (9.3e18, MAX), (-9.3e18, MIN), (-0.0, 0),
                            (0.9999999999999999, 0), (-2.5, -2), (4503599627370497.0, 4503599627370497)):
            p.emit(f"movi_d %f1 {dbl(v)}", "truncr_d %r1 %f1")
            p.check(f"truncr_d {dbl(v)} = {expected}", "%r1", expected)
        branches = {"blt": lambda a, b: a < b, "ble": lambda a, b: a <= b, "beq": lambda a, b: a == b,
                    "bne": lambda a, b: a != b, "bge": lambda a, b: a >= b, "bgt": lambda a, b: a > b}
        for op, fn in branches.items():
            for a, b in ((nan, 1.0), (1.0, nan), (-0.0, 0.0), (inf, inf), (1.0, 2.0)):
                taken = fn(a, b)
                p.checks += 1
                n = p.checks
                p.emit(f"# check {n}: {op}_d {dbl(a)} {dbl(b)} is {'taken' if taken else 'not taken'}",
                       f"movi_d %f1 {dbl(a)}", f"movi_d %f2 {dbl(b)}",
                       f"{op}_d !forward %f1 %f2 => @t{n}")
                if taken:
                    p.emit(f"jmp !forward => @f{n}", f"patch @t{n}")
                else:
                    p.emit(f"jmp !forward => @ok{n}", f"patch @t{n}", f"jmp !forward => @f{n}", f"patch @ok{n}")
                p.fails.append(n)
        p.emit("prepare 1", "pusharg %v4", "finish !free")
    p.emit("#function zero_int", "prolog 0", "mov %ret 0", "ret")
    p.function("double_edges", body)
    return ["double_edges"]


GENERATORS = {"alu": gen_alu, "clobber": gen_clobber, "branch_range": gen_branch_range, "imm64": gen_imm64,
              "recursion": gen_recursion, "double_edges": gen_double_edges}


def main():
    name, out, expected = sys.argv[1], sys.argv[2], sys.argv[3]
    p = Program()
    names = GENERATORS[name](p)
    p.main(names)
    header = (f"# Generated by tests/ras/check/gen_checks.py {name}: {p.checks} checks; prints and returns\n"
              f"# the number of the first failing check (see its `# check N:` comment), else returns 0.")
    with open(out, "w") as f:
        f.write(p.text(header))
    with open(expected, "w") as f:
        f.write("".join(f"{v}\n" for v in p.prints + [0]))


if __name__ == "__main__":
    main()
