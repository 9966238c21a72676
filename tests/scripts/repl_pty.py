#!/usr/bin/env python3
"""Drive the ilusm REPL through a pseudo-terminal, as a person would.

Usage: repl_pty.py ILUSM

Checks the prompt, the value echo, a multi-line block with its continuation
prompt, that an error is reported and the session goes on, line editing
(a backspace), :quit with exit status 0, and the history file in $HOME.
Then Ctrl-C: it interrupts a running `whl tru:` and drops a line being typed,
never ending the REPL; history written after every entry, a multi-line entry
one item that the up arrow brings back whole; Tab completion of globals,
module members and commands. Last, the history file is written safely: a
new one is private (0600), an existing one keeps its mode, a symlink stays
a symlink (its target is written), and a FIFO (or a symlink to one) is
neither waited on nor replaced: the REPL says so once and goes on.
"""
import stat
import os
import pty
import select
import sys
import tempfile
import time


class Session:
    def __init__(self, argv, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        self.seen = ""

    def expect(self, text, timeout=10.0):
        """Reads until `text` appears after what earlier expects consumed."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {text!r}; output so far:\n{self.seen!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 4096).decode("utf-8", "replace")
            except OSError:  # the child closed the terminal
                chunk = ""
            if not chunk:
                raise AssertionError(f"REPL ended while waiting for {text!r}; output:\n{self.seen!r}")
            self.seen += chunk.replace("\r\n", "\n")
        cut = self.seen.index(text) + len(text)
        before, self.seen = self.seen[:cut], self.seen[cut:]
        return before

    def send(self, line):
        os.write(self.fd, line.encode())

    def wait(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            try:  # drain output so the child never blocks on a full terminal
                if select.select([self.fd], [], [], 0.05)[0]:
                    os.read(self.fd, 4096)
            except OSError:
                pass
        raise AssertionError("REPL did not exit after :quit")


def main():
    ilusm = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, TERM="dumb")
        s = Session([ilusm], env)
        s.expect(":help")            # banner
        s.expect("> ")               # prompt
        s.send("1 + 41\n")
        s.expect("42\n")
        s.expect("> ")
        s.send("f(x) =\n")
        s.expect("... ")             # continuation prompt while the block is open
        s.send("    x * 3\n")
        s.expect("... ")
        s.send("\n")                 # an empty line closes the block
        s.expect("> ")
        s.send("f(5)\n")
        s.expect("15\n")
        s.expect("> ")
        s.send("1 / 0\n")
        s.expect("error: division by zero")
        s.expect("> ")               # the error did not end the session
        s.send("prn \"still herx\x7fe\"\n")  # a backspace (DEL) edits the line
        s.expect("still here\n")
        s.expect("> ")
        s.send(":quit\n")
        status = s.wait()
        if status != 0:
            raise AssertionError(f":quit gave exit status {status}")
        history = open(os.path.join(home, ".ilusm_history"), encoding="utf-8",
                       errors="replace").read()
        if "f(5)" not in history:
            raise AssertionError(f"history file lacks the entries:\n{history!r}")
    print("ok: prompt, echo, block, error recovery, editing, :quit, history")
    ctrl_c_history_completion(ilusm)


def ctrl_c_history_completion(ilusm):
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, TERM="dumb")
        s = Session([ilusm], env)
        s.expect("> ")
        # Ctrl-C interrupts running code; the session goes on with its state.
        s.send("n = 0\n")
        s.expect("> ")
        s.send("whl tru: n = n + 1\n")
        time.sleep(0.3)
        s.send("\x03")
        s.expect("error: interrupted")
        s.expect("> ")
        s.send("prn $\"looped {n > 0}\"\n")
        s.expect("looped tru\n")
        s.expect("> ")
        # `try` does not swallow the interrupt: the loop around it stops too.
        s.send("whl tru: try(\\() n + 1)\n")
        time.sleep(0.3)
        s.send("\x03")
        s.expect("error: interrupted")
        s.expect("> ")
        # Ctrl-C while typing drops the line (and a half-typed block).
        s.send("prn \"dropped\"")
        time.sleep(0.2)
        s.send("\x03")
        s.expect("^C\n")
        s.send("f(x) =\n")
        s.expect("... ")
        s.send("    x")
        time.sleep(0.2)
        s.send("\x03")
        s.expect("^C\n")
        s.send("prn \"kept\"\n")
        out = s.expect("kept\n")
        if "dropped\n" in out:
            raise AssertionError(f"a dropped line ran:\n{out!r}")
        s.expect("> ")
        s.send("prn typ(f)\n")     # the dropped block defined nothing
        s.expect("undefined variable 'f'")
        s.expect("> ")
        # A block is one history item, saved as soon as it ran.
        s.send("k = 0\n")
        s.expect("> ")
        s.send("whl k < 3:\n")
        s.expect("... ")
        s.send("    k = k + 1\n")
        s.expect("... ")
        s.send("    prn $\"k={k}\"\n")
        s.expect("... ")
        s.send("\n")
        s.expect("k=3\n")
        s.expect("> ")
        history = open(os.path.join(home, ".ilusm_history"), encoding="utf-8", errors="replace").read()
        if "whl\\040k\\040<\\0403:\\012" not in history:
            raise AssertionError(f"the block is not one history item (saved now):\n{history!r}")
        # Up arrow twice: `k = 0`, then the whole block, which runs again.
        s.send("k = 0\n")
        s.expect("> ")
        s.send("\x1b[A\x1b[A\n")
        s.expect("k=1\n")
        s.expect("k=3\n")
        s.expect("> ")
        # Tab: a global name, a module member, a command.
        s.send("use asm\n")
        s.expect("> ")
        s.send("pr\t$\"tab {1 + 1}\"\n")
        s.expect("tab 2\n")
        s.expect("> ")
        s.send("asm.asmf\t(1)\n")
        s.expect("asmfr: argument h: expected a sealed handle")
        s.expect("> ")
        s.send(":he\t\n")
        s.expect("Commands:")
        s.expect("> ")
        s.send(":quit\n")
        status = s.wait()
        if status != 0:
            raise AssertionError(f":quit gave exit status {status}")
    print("ok: Ctrl-C interrupts and drops lines, block history, up arrow, Tab completion")
    history_file_safety(ilusm)


def session_with_history(ilusm, home, lines, notice=None):
    """Runs the REPL in `home`, sends the lines, quits; returns its output."""
    env = dict(os.environ, HOME=home, TERM="dumb")
    s = Session([ilusm], env)
    out = ""
    if notice:
        out += s.expect(notice)
    out += s.expect("> ")
    for line in lines:  # a line, or (line, output to wait for before the prompt)
        line, wait_for = line if isinstance(line, tuple) else (line, None)
        s.send(line + "\n")
        if wait_for:
            out += s.expect(wait_for)
        out += s.expect("> ")
    s.send(":quit\n")
    status = s.wait()
    if status != 0:
        raise AssertionError(f":quit gave exit status {status}")
    return out


def history_file_safety(ilusm):
    old = os.umask(0o022)
    try:
        with tempfile.TemporaryDirectory() as home:
            path = os.path.join(home, ".ilusm_history")
            # A new file is private.
            session_with_history(ilusm, home, ["1 + 1"])
            mode = stat.S_IMODE(os.stat(path).st_mode)
            if mode != 0o600:
                raise AssertionError(f"a new history file has mode {mode:o}, not 600")
            # An existing file keeps its mode; its entries are read back (the
            # up arrow recalls the last one, escapes decoded).
            os.chmod(path, 0o640)
            with open(path, "w") as f:
                f.write("_HiStOrY_V2_\nprn\\040\"a\\134\\134b\"\n")  # prn "a\\b"
            session_with_history(ilusm, home, [("\x1b[A", "a\\b\n")])  # times out if not recalled
            mode = stat.S_IMODE(os.stat(path).st_mode)
            if mode != 0o640:
                raise AssertionError(f"the history file's mode became {mode:o}, not 640")
            # A symlink stays a symlink; the file it names is written.
            os.unlink(path)
            target = os.path.join(home, "kept_history")
            with open(target, "w") as f:
                f.write("")
            os.chmod(target, 0o600)
            os.symlink(target, path)
            session_with_history(ilusm, home, ["2 + 2"])
            if not os.path.islink(path):
                raise AssertionError("the history symlink was replaced by a file")
            if "2\\040+\\0402" not in open(target).read():
                raise AssertionError(f"the symlink's target lacks the entry: {open(target).read()!r}")
            # A FIFO, or a symlink to one: no hang, nothing replaced.
            for link in (False, True):
                for name in (path, target):
                    if os.path.lexists(name):
                        os.unlink(name)
                if link:
                    os.mkfifo(target)
                    os.symlink(target, path)
                else:
                    os.mkfifo(path)
                out = session_with_history(ilusm, home, ["3 + 3"], notice="is a FIFO; not read")
                if "history not kept" not in out:
                    raise AssertionError(f"no notice for a FIFO history file:\n{out!r}")
                if not stat.S_ISFIFO(os.stat(path).st_mode) or os.path.islink(path) != link:
                    raise AssertionError("the FIFO history path was replaced")
    finally:
        os.umask(old)
    print("ok: history file: new 0600, mode kept, symlink kept, FIFO neither read nor replaced")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAIL {e}")
        sys.exit(1)
