#!/usr/bin/env python3
"""Drive the ilusm REPL through a pseudo-terminal, as a person would.

Usage: repl_pty.py ILUSM

Checks the prompt, the value echo, a multi-line block with its continuation
prompt, that an error is reported and the session goes on, line editing
(a backspace), :quit with exit status 0, and the history file in $HOME.
"""
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


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAIL {e}")
        sys.exit(1)
