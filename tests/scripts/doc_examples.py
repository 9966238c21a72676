#!/usr/bin/env python3
"""Check that a page of docs/ shows tested files literally.

Usage: doc_examples.py DOC.md FILE [FILE ...]

Each FILE (a script test and its expected output, say) must appear in DOC.md
as the whole content of one fenced code block, so the examples a reader
copies are the ones the tests run.
"""
import re
import sys


def blocks(text):
    return [m.group(1) for m in re.finditer(r"^```[a-z]*\n(.*?)^```$", text, re.S | re.M)]


def main():
    doc, files = sys.argv[1], sys.argv[2:]
    shown = blocks(open(doc, encoding="utf-8").read())
    bad = 0
    for f in files:
        want = open(f, encoding="utf-8").read()
        if want not in shown:
            bad += 1
            print(f"{doc}: no code block is exactly {f}:\n{want}")
    print(f"{len(files) - bad}/{len(files)} files shown literally in {doc}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
