#!/usr/bin/env python3
"""The script tests of a folder, found by their file names, for meson.build
(Meson has no glob): prints the NAME of every DIR/NAME.SUFFIX, sorted, one per
line; with --needs EXT, only those that have DIR/NAME.EXT beside them.

usage: list_tests.py DIR SUFFIX [--needs EXT]
       list_tests.py --check DIR SUFFIX [--needs EXT] -- NAME...

The list is made when Meson configures. --check (a test of its own) fails when
the folder holds a test that is not in the list given, i.e. one added since:
reconfigure (`meson setup --reconfigure build`) to pick it up.
"""
import os
import sys


def names(directory, suffix, needs):
    found = []
    for entry in sorted(os.listdir(directory)):
        stem, ext = os.path.splitext(entry)
        if ext != "." + suffix or not os.path.isfile(os.path.join(directory, entry)):
            continue
        if needs and not os.path.exists(os.path.join(directory, stem + "." + needs)):
            continue
        found.append(stem)
    return found


def main(argv):
    check = argv[:1] == ["--check"]
    if check:
        argv = argv[1:]
    registered = []
    if "--" in argv:
        registered = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    needs = None
    if "--needs" in argv:
        needs = argv[argv.index("--needs") + 1]
        argv = argv[:argv.index("--needs")] + argv[argv.index("--needs") + 2:]
    if len(argv) != 2:
        sys.exit(__doc__)
    directory, suffix = argv
    found = names(directory, suffix, needs)
    if not check:
        print("\n".join(found))
        return 0
    missing = sorted(set(found) - set(registered))
    gone = sorted(set(registered) - set(found))
    for name in missing:
        print(f"{directory}/{name}.{suffix}: a test not registered yet; run `meson setup --reconfigure BUILD_DIR`")
    for name in gone:
        print(f"{directory}/{name}.{suffix}: registered but missing; run `meson setup --reconfigure BUILD_DIR`")
    return 1 if missing or gone else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
