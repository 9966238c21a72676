#!/usr/bin/env python3
"""Run one .ras program through rasm and compare with its expected output.

usage: run_program.py RASM MODE FILE.ras FILE.expected
MODE: run (JIT), interp (reference interpreter), bc-run, bc-interp (the same
after `rasm bc`, i.e. text -> bytecode -> load).

Header comments in FILE.ras:
  # args: 1 2 3           integer arguments for the first function
  # error: TEXT           the run must fail (non-zero exit) with TEXT on stderr
  # run-error: TEXT       the same, JIT modes only (interp modes expect `# error:`)
  # interp-error: TEXT    the same, interpreter modes only
or, for a file that must stay verbatim, the arguments in FILE.args.
"""
import os
import subprocess
import sys
import tempfile


def header(lines, key):
    prefix = "# " + key + ":"
    for line in lines:
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    return None


def checks(lines):
    """The checks of a one-function program: for each `finish !print...`, its
    source line and the instructions since the previous print (the prepare and
    pusharg of the print left out). None for several functions (a print in a
    callee runs once per call: output lines cannot be told apart by position)."""
    if any(line.startswith("#function") for line in lines):
        return None
    code = [(n, line.split("#")[0].strip()) for n, line in enumerate(lines, 1)]
    code = [(n, text) for n, text in code if text]
    found, block = [], []
    for n, text in code:
        if text.startswith("finish !print"):
            found.append((n, [t for t in block if not t.startswith(("prepare", "pusharg"))]))
            block = []
        else:
            block.append(text)
    return found


def failed_checks(source, lines, expected, got):
    """One line per output line that differs, naming the check that printed it."""
    want, have = expected.splitlines(), got.splitlines()
    known = checks(lines)
    # One output line per print, then `rasm run`'s line with the return value.
    if known is not None and len(known) not in (len(want), len(want) - 1):
        known = None
    out = []
    for i in range(max(len(want), len(have))):
        w = want[i] if i < len(want) else "(nothing)"
        h = have[i] if i < len(have) else "(nothing)"
        if w == h:
            continue
        where = f"output line {i + 1}"
        if known is not None and i < len(known):
            n, block = known[i]
            where = f"check {i + 1} ({os.path.basename(source)}:{n}: {' / '.join(block[-4:])})"
        elif known is not None and i == len(known):
            where = "the return value"
        out.append(f"{where}: expected {w}, got {h}")
    return out


def main():
    rasm, mode, source, expected_path = sys.argv[1:5]
    with open(source) as f:
        lines = f.read().splitlines()
    args = (header(lines, "args") or "").split()
    args_file = os.path.splitext(source)[0] + ".args"  # for files kept verbatim (the seed's fib.ras)
    if os.path.exists(args_file):
        args = open(args_file).read().split()
    jit = mode in ("run", "bc-run")
    error = header(lines, "run-error" if jit else "interp-error") or header(lines, "error")
    with tempfile.TemporaryDirectory() as tmp:
        program = source
        if mode.startswith("bc-"):
            program = os.path.join(tmp, "program.rbc")
            made = subprocess.run([rasm, "bc", source, "-o", program], capture_output=True, text=True)
            if made.returncode != 0:
                print("rasm bc failed:", made.stderr)
                return 1
        command = "run" if jit else "interp"
        done = subprocess.run([rasm, command, program] + args, capture_output=True, text=True, timeout=60)
    expected = open(expected_path).read()
    if done.stdout != expected:
        print(f"{source} ({mode}): stdout differs")
        for line in failed_checks(source, lines, expected, done.stdout):
            print(line)
        print(f"--- expected\n{expected}--- got\n{done.stdout}--- stderr\n{done.stderr}")
        return 1
    if error is not None:
        if done.returncode == 0 or error not in done.stderr:
            print(f"{source} ({mode}): expected failure with '{error}', got exit {done.returncode}, stderr: {done.stderr}")
            return 1
    elif done.returncode != 0:
        print(f"{source} ({mode}): exit {done.returncode}, stderr: {done.stderr}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
