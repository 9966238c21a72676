#!/usr/bin/env python3
"""The bytecode files in x86_bytecode/ (run by the cross builds to show that
bytecode written on x86-64 runs unchanged elsewhere) must be what `rasm bc`
writes now; regenerate them with `rasm bc FILE.ras -o x86_bytecode/NAME.rbc`.

usage: x86_bytecode_current_test.py RASM DIR FILE.ras...
"""
import os
import subprocess
import sys
import tempfile


def main():
    rasm, directory, sources = sys.argv[1], sys.argv[2], sys.argv[3:]
    stale = 0
    with tempfile.TemporaryDirectory() as tmp:
        for source in sources:
            name = os.path.splitext(os.path.basename(source))[0]
            out = os.path.join(tmp, name + ".rbc")
            subprocess.run([rasm, "bc", source, "-o", out], check=True)
            committed = os.path.join(directory, name + ".rbc")
            if not os.path.exists(committed) or open(out, "rb").read() != open(committed, "rb").read():
                print(f"{committed}: not what `rasm bc {source}` writes now")
                stale += 1
    print(f"{len(sources)} bytecode files checked, {stale} stale")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
