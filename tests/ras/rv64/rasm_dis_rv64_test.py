#!/usr/bin/env python3
"""rasm dis --target=riscv64 against llvm-objdump -M no-aliases.

usage: test_rasm_dis_rv64.py RASM LLVM_MC LLVM_OBJDUMP FILE.ras...

For every file the listing's bytes are assembled back (.word lines through
llvm-mc into an object) and disassembled by llvm-objdump; each listed
instruction must read the same, every word must be listed, and the listing
names the source lines.
"""
import os
import re
import subprocess
import sys
import tempfile

LINE = re.compile(r"^\s+([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)\s*(.*)$")
OBJDUMP = re.compile(r"^\s*([0-9a-f]+):\s+(?:[0-9a-f]{2} )+\s*\t(.*)$")


def main():
    rasm, mc, objdump, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    checked = failures = 0
    for path in files:
        out = subprocess.run([rasm, "dis", "--target=riscv64", path], capture_output=True, text=True, check=True).stdout
        listed = [(int(m.group(1), 16), bytes.fromhex(m.group(2).replace(" ", "")), m.group(3).strip())
                  for m in map(LINE.match, out.splitlines()) if m]
        if "; " not in out or not listed:
            print(f"{path}: listing without source lines or instructions")
            failures += 1
            continue
        code = b"".join(b for _, b, _ in listed)
        if [a for a, _, _ in listed] != list(range(0, len(code), 4)) or len(code) % 4:
            print(f"{path}: instructions are not consecutive 4-byte words")
            failures += 1
            continue
        with tempfile.TemporaryDirectory() as tmp:
            src, obj = os.path.join(tmp, "w.s"), os.path.join(tmp, "w.o")
            with open(src, "w") as f:
                for at in range(0, len(code), 4):
                    f.write(".word 0x%08x\n" % int.from_bytes(code[at:at + 4], "little"))
            subprocess.run([mc, "-triple=riscv64", "-mattr=+m,+d", "-filetype=obj", src, "-o", obj], check=True)
            dump = subprocess.run([objdump, "-d", "-M", "no-aliases", "--mattr=+m,+d", obj],
                                  capture_output=True, text=True, check=True).stdout
        theirs = {}
        for line in dump.splitlines():
            m = OBJDUMP.match(line)
            if m:
                text = re.sub(r"\s+<[^>]*>$", "", m.group(2)).replace("\t", " ").strip()
                theirs[int(m.group(1), 16)] = text
        for address, _, text in listed:
            checked += 1
            if theirs.get(address) != text:
                print(f"{path} at {address:#x}: rasm dis '{text}', llvm-objdump '{theirs.get(address)}'")
                failures += 1
    print(f"rasm dis --target=riscv64: {len(files)} files, {checked} instructions checked against llvm-objdump, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
