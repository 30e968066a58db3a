"""Small helpers shared by the corpus generators: read an sdist, write a
`git fast-import` stream. Standard library only."""

import os
import subprocess
import tarfile


def read_sdist(path):
    """Return {relative_path: (mode, bytes)} of a .tar.gz sdist, with its
    top-level directory (``Django-3.2/``) stripped. Regular files and symlinks
    only, sorted by path."""
    files = {}
    with tarfile.open(path, "r:*") as tar:
        for m in tar.getmembers():
            parts = m.name.split("/", 1)
            if len(parts) < 2 or not parts[1]:
                continue
            rel = parts[1]
            if m.isfile():
                data = tar.extractfile(m).read()
                mode = "100755" if m.mode & 0o111 else "100644"
                files[rel] = (mode, data)
            elif m.issym():
                files[rel] = ("120000", m.linkname.encode())
    return dict(sorted(files.items()))


def quote_path(path):
    """C-style quoting as git itself writes paths; always quoted, which
    fast-import accepts everywhere."""
    out = ['"']
    for b in path.encode("utf-8"):
        c = chr(b)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif b < 0x20 or b >= 0x7F:
            out.append("\\%03o" % b)
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


class FastImport:
    """Writes commits on one branch of a fresh repository through a single
    `git fast-import` process."""

    def __init__(self, repo, branch="main"):
        os.makedirs(repo, exist_ok=True)
        subprocess.run(["git", "init", "-q", "-b", branch, repo], check=True)
        self.repo = repo
        self.ref = "refs/heads/" + branch
        self.proc = subprocess.Popen(
            ["git", "-C", repo, "fast-import", "--quiet", "--done"],
            stdin=subprocess.PIPE,
        )
        self.out = self.proc.stdin
        self.count = 0

    def _w(self, s):
        self.out.write(s.encode("utf-8") if isinstance(s, str) else s)

    def commit(self, message, author, when, changes, deleteall=False):
        """changes: iterable of (path, mode, data) to write, or (path, None,
        None) to delete. author: (name, email). when: unix seconds, UTC."""
        ident = "%s <%s> %d +0000" % (author[0], author[1], when)
        msg = message.encode("utf-8")
        self._w("commit %s\n" % self.ref)
        self._w("author %s\ncommitter %s\n" % (ident, ident))
        self._w("data %d\n" % len(msg))
        self._w(msg + b"\n")
        if deleteall:
            self._w("deleteall\n")
        for path, mode, data in changes:
            if mode is None:
                self._w("D %s\n" % quote_path(path))
            else:
                self._w("M %s inline %s\n" % (mode, quote_path(path)))
                self._w("data %d\n" % len(data))
                self._w(data)
                self._w(b"\n")
        self._w("\n")
        self.count += 1

    def finish(self, checkout=True):
        self._w("done\n")
        self.out.close()
        if self.proc.wait() != 0:
            raise SystemExit("git fast-import failed")
        if checkout:
            subprocess.run(["git", "-C", self.repo, "reset", "-q", "--hard"], check=True)
