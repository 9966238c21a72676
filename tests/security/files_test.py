#!/usr/bin/env python3
"""Files in and out of the programs (issue 14, items 10 and 11).

Usage: files_test.py ILUSM RASM EXAMPLE.ras

Input: a directory, a source that never ends (/dev/zero), a missing file: a
clear error naming it, never a hang or an out-of-memory.
Output (`rasm bc -o FILE`): a symlink is followed to its regular file (the
link stays), a hard-linked file is rewritten in place (every link sees it),
the mode of an existing file is kept, a FIFO, a device, a directory and a
dangling symlink are refused, and a failed write (file size limit) leaves the
old content and no temporary file.
"""
import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile

failures = []


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else ": " + detail))
    if not cond:
        failures.append(name)


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, **kw)


def expect_error(name, argv, want):
    r = run(argv)
    check(name, r.returncode == 1 and want in r.stderr, f"status {r.returncode}, stderr {r.stderr!r}, want {want!r}")


def main():
    ilusm, rasm, example = (os.path.abspath(a) for a in sys.argv[1:4])
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "adir")
        os.mkdir(d)
        expect_error("ilusm DIR", [ilusm, d], f"error: {d}: is a directory, not a file")
        expect_error("rasm check DIR", [rasm, "check", d], f"rasm: {d}: is a directory, not a file")
        expect_error("ilusm /dev/zero", [ilusm, "/dev/zero"], "error: /dev/zero: larger than the limit of 67108864 bytes")
        expect_error("rasm check /dev/zero", [rasm, "check", "/dev/zero"], "rasm: /dev/zero: larger than the limit")
        missing = os.path.join(tmp, "missing.ilu")
        expect_error("ilusm missing", [ilusm, missing], f"error: {missing}: cannot open: No such file or directory")
        with open(os.path.join(tmp, "imports_dir.ilu"), "w") as f:
            f.write('use "adir"\n')
        r = run([ilusm, "imports_dir.ilu"], cwd=tmp)
        check("use \"DIR\"", r.returncode == 1 and "error: adir: is a directory, not a file" in r.stderr, r.stderr)

        good = run([rasm, "bc", example, "-o", os.path.join(tmp, "ref.rbc")])
        check("bc", good.returncode == 0, good.stderr)
        with open(os.path.join(tmp, "ref.rbc"), "rb") as f:
            want = f.read()

        def bc(out, **kw):
            return run([rasm, "bc", example, "-o", out], **kw)

        # Mode kept.
        private = os.path.join(tmp, "private.rbc")
        with open(private, "w") as f:
            f.write("old")
        os.chmod(private, 0o600)
        r = bc(private)
        check("mode 600 kept", r.returncode == 0 and stat.S_IMODE(os.stat(private).st_mode) == 0o600,
              f"{r.stderr} mode {oct(os.stat(private).st_mode)}")
        check("mode 600 content", open(private, "rb").read() == want)

        # A symlink is followed: the link stays, its target gets the bytes.
        target = os.path.join(tmp, "target.rbc")
        link = os.path.join(tmp, "link.rbc")
        with open(target, "w") as f:
            f.write("old")
        os.chmod(target, 0o640)
        os.symlink(target, link)
        r = bc(link)
        check("symlink followed", r.returncode == 0 and os.path.islink(link) and open(target, "rb").read() == want,
              r.stderr)
        check("symlink target mode kept", stat.S_IMODE(os.stat(target).st_mode) == 0o640)

        # A hard link: written in place, both names see it.
        a, b = os.path.join(tmp, "a.rbc"), os.path.join(tmp, "b.rbc")
        with open(a, "w") as f:
            f.write("old content, longer than nothing")
        os.link(a, b)
        ino = os.stat(a).st_ino
        r = bc(b)
        check("hard link in place", r.returncode == 0 and os.stat(a).st_ino == ino and os.stat(b).st_ino == ino
              and open(a, "rb").read() == want, r.stderr)

        # Refused: FIFO, device, directory, dangling symlink; nothing replaced.
        fifo = os.path.join(tmp, "fifo")
        os.mkfifo(fifo)
        r = bc(fifo)
        check("FIFO refused", r.returncode == 1 and "is a FIFO; refusing to write" in r.stderr
              and stat.S_ISFIFO(os.lstat(fifo).st_mode), r.stderr)
        r = bc("/dev/null")
        check("device refused", r.returncode == 1 and "/dev/null: is a character device; refusing to write" in r.stderr,
              r.stderr)
        r = bc(d)
        check("directory refused", r.returncode == 1 and "is a directory; refusing to write" in r.stderr, r.stderr)
        dangling = os.path.join(tmp, "dangling.rbc")
        os.symlink(os.path.join(tmp, "nowhere", "x.rbc"), dangling)
        r = bc(dangling)
        check("dangling symlink refused", r.returncode == 1 and "symlink to a missing file" in r.stderr, r.stderr)

        # A write that fails half way (the file size limit) leaves the old file whole.
        old = os.path.join(tmp, "old.rbc")
        with open(old, "w") as f:
            f.write("x")

        def small_files():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (16, 16))

        r = run([rasm, "bc", example, "-o", old], preexec_fn=small_files)
        check("failed write leaves the old file", r.returncode == 1 and open(old).read() == "x", r.stderr)
        leftovers = [n for n in os.listdir(tmp) if n.startswith("old.rbc.")]
        check("failed write leaves no temporary file", not leftovers, str(leftovers))
        # A fixed temporary name would follow a planted symlink: the name is random and made exclusively.
        planted = os.path.join(tmp, "victim")
        with open(planted, "w") as f:
            f.write("keep")
        os.symlink(planted, os.path.join(tmp, "new.rbc.tmp"))
        r = bc(os.path.join(tmp, "new.rbc"))
        check("planted temp symlink not followed", r.returncode == 0 and open(planted).read() == "keep", r.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
