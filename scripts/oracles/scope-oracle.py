#!/usr/bin/env python3
"""Check hunkguard's scopes against Python's own `ast`.

    scope-oracle.py REPO RANGE [--hunkguard PATH | --json FILE] [--jobs N] [--show N]

Runs `hunkguard range RANGE --repo REPO --format json --scope file` (or reads
its saved output with --json), then, for every commit of
`git rev-list --reverse --no-merges RANGE` and every changed *.py file in it,
parses the new version of the file with `ast` and computes the innermost
enclosing scope of each changed line that hunkguard lists (`changed_lines`):
the deepest FunctionDef / AsyncFunctionDef / ClassDef whose span, from its
first decorator (or the def/class line) to `end_lineno`, contains the line,
named as Python's `__qualname__` (`A.B`, `A.m`, `f.<locals>.g`), or
`<module>`. A line agrees when hunkguard gives the same qualname and, for a
function or class, the same start_line and end_line.

Prints the totals and the first disagreements; exits 1 when agreement is
below --threshold percent (default 99.9), when a commit is missing from
hunkguard's output or nothing was checked, and 2 when hunkguard or git fails.
"""

import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile
from multiprocessing import Pool

MODULE = "<module>"


# ---------------------------------------------------------------- the oracle

def oracle_scopes(tree):
    """Scopes of a module in preorder: (start, end, qualname, kind)."""
    out = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                q = prefix + child.name
                start = min([d.lineno for d in child.decorator_list] + [child.lineno])
                is_class = isinstance(child, ast.ClassDef)
                out.append((start, child.end_lineno, q, "class" if is_class else "function"))
                visit(child, q + ("." if is_class else ".<locals>."))
            else:
                visit(child, prefix)

    visit(tree, "")
    return out


def innermost_table(source):
    """Parse source (bytes); return (nlines, table) where table[L] is the
    innermost scope tuple of line L or None for module level. Raises
    SyntaxError / ValueError when the file does not parse."""
    tree = ast.parse(source)
    scopes = oracle_scopes(tree)
    nlines = source.count(b"\n") + (0 if source.endswith(b"\n") or not source else 1)
    size = max([nlines] + [e for _, e, _, _ in scopes])
    table = [None] * (size + 2)
    for sc in scopes:  # preorder: inner scopes paint over their parents
        start, end = sc[0], sc[1]
        table[start:end + 1] = [sc] * (end - start + 1)
    return nlines, table


def check_file(task):
    """task: (commit, path, blob bytes, changed ranges, hunkguard line map,
    hunkguard parse status). Returns a result dict."""
    commit, path, blob, ranges, hg, hg_parse = task
    res = {"checked": 0, "agree": 0, "kind_mismatch": 0, "dis": [], "skipped": False,
           "lone_cr": b"\r" in blob.replace(b"\r\n", b""), "commit": commit, "path": path,
           "hg_parse": hg_parse, "lines": 0}
    try:
        nlines, table = innermost_table(blob)
    except (SyntaxError, ValueError) as e:
        res["skipped"] = True
        res["lines"] = sum(b - a + 1 for a, b in ranges)
        res["error"] = "%s: %s" % (type(e).__name__, getattr(e, "msg", e))
        return res
    for a, b in ranges:
        for line in range(a, b + 1):
            res["checked"] += 1
            got = hg.get(line)
            if line < 1 or line > nlines:
                want = ("<beyond end of file: %d lines>" % nlines, None, None, None)
            else:
                sc = table[line]
                want = (MODULE, None, None, "module") if sc is None else (sc[2], sc[0], sc[1], sc[3])
            if got is not None and got[0] == want[0] and (
                    want[0] == MODULE or (got[1] == want[1] and got[2] == want[2])):
                res["agree"] += 1
                if want[3] != got[3]:
                    res["kind_mismatch"] += 1
            else:
                res["dis"].append((line, want, got))
    return res


# ------------------------------------------------------------- the plumbing

def git(repo, *args):
    r = subprocess.run(["git", "-C", repo] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.stderr.write("scope-oracle: git %s failed: %s" % (" ".join(args), r.stderr.decode()))
        sys.exit(2)
    return r.stdout.decode()


class Blobs:
    """One `git cat-file --batch` for every blob."""

    def __init__(self, repo):
        self.p = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def get(self, commit, path):
        if "\n" in path:
            return None
        self.p.stdin.write(("%s:%s\n" % (commit, path)).encode("utf-8"))
        self.p.stdin.flush()
        header = self.p.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            return None
        size = int(header[2])
        data = self.p.stdout.read(size)
        self.p.stdout.read(1)
        return data

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def find_hunkguard(explicit):
    if explicit:
        return explicit
    if os.environ.get("HUNKGUARD"):
        return os.environ["HUNKGUARD"]
    # scripts/oracles/ -> the repository root, whose target/ holds the builds.
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for kind in ("release", "debug"):
        p = os.path.join(root, "target", kind, "hunkguard")
        if os.access(p, os.X_OK):
            return p
    return "hunkguard"


def run_hunkguard(hg, repo, rng):
    cmd = [hg, "range", rng, "--repo", repo, "--format", "json", "--scope", "file"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            code = subprocess.call(cmd, stdout=out, stderr=err)
        except OSError as e:
            sys.stderr.write("scope-oracle: cannot run %s: %s\n" % (hg, e))
            sys.exit(2)
        out.seek(0)
        err.seek(0)
        if code not in (0, 1):
            sys.stderr.write("scope-oracle: %s exited %d: %s" % (" ".join(cmd), code,
                                                                 err.read().decode(errors="replace")))
            sys.exit(2)
        return json.load(out)


def hg_line_map(f):
    """line -> (qualname, start, end, kind) from one file of hunkguard's JSON,
    and the lines that two scopes both claim."""
    m, dup = {}, []
    for sc in f.get("scopes") or []:
        entry = (sc.get("qualname"), sc.get("start_line"), sc.get("end_line"), sc.get("kind"))
        for a, b in sc.get("changed_lines") or []:
            for line in range(a, b + 1):
                if line in m:
                    dup.append(line)
                m[line] = entry
    return m, dup


def fmt(sc):
    if sc is None:
        return "(no scope)"
    q, s, e, _ = sc
    return q if s is None else "%s [%s-%s]" % (q, s, e)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1].strip(),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("repo")
    ap.add_argument("range")
    ap.add_argument("--hunkguard", help="the binary (default: $HUNKGUARD, target/release, "
                                        "target/debug, then PATH)")
    ap.add_argument("--json", help="read hunkguard's JSON from this file instead of running it")
    ap.add_argument("--save-json", help="also write hunkguard's JSON here")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--show", type=int, default=20, help="disagreements to print (default 20)")
    ap.add_argument("--threshold", type=float, default=99.9, help="percent (default 99.9)")
    args = ap.parse_args()

    repo = args.repo
    commits = git(repo, "rev-list", "--reverse", "--no-merges", args.range).split()
    if args.json:
        with open(args.json) as fh:
            report = json.load(fh)
        hg = args.json
    else:
        hg = find_hunkguard(args.hunkguard)
        report = run_hunkguard(hg, repo, args.range)
    if args.save_json:
        with open(args.save_json, "w") as fh:
            json.dump(report, fh)
    by_id = {c.get("id"): c for c in report.get("commits", [])}
    missing = [c for c in commits if c not in by_id]
    extra = [c for c in by_id if c not in set(commits)]

    blobs = Blobs(repo)
    dup_lines = []
    missing_files = []

    def tasks():
        for cid in commits:
            c = by_id.get(cid)
            if c is None:
                continue
            for f in c.get("files", []):
                path = f.get("path", "")
                ranges = f.get("changed_lines") or []
                if not path.endswith(".py") or f.get("status") == "deleted" or not ranges:
                    continue
                blob = blobs.get(cid, path)
                if blob is None:
                    missing_files.append((cid, path))
                    continue
                m, dup = hg_line_map(f)
                if dup:
                    dup_lines.append((cid, path, dup[:5]))
                yield (cid, path, blob, ranges, m, f.get("parse"))

    tot = {"files": 0, "checked": 0, "agree": 0, "kind": 0, "skipped": 0, "skipped_lines": 0,
           "lone_cr": 0, "dis": 0}
    shown, skipped = [], []
    dis_files = {}
    pool = Pool(args.jobs) if args.jobs > 1 else None
    results = pool.imap(check_file, tasks(), chunksize=8) if pool else map(check_file, tasks())
    for r in results:
        tot["files"] += 1
        tot["lone_cr"] += r["lone_cr"]
        if r["skipped"]:
            tot["skipped"] += 1
            tot["skipped_lines"] += r["lines"]
            skipped.append(r)
            continue
        tot["checked"] += r["checked"]
        tot["agree"] += r["agree"]
        tot["kind"] += r["kind_mismatch"]
        tot["dis"] += len(r["dis"])
        if r["dis"]:
            dis_files[(r["commit"], r["path"])] = len(r["dis"])
        for line, want, got in r["dis"]:
            if len(shown) < args.show:
                shown.append((r["commit"], r["path"], line, want, got))
    if pool:
        pool.close()
        pool.join()
    blobs.close()

    print("scope-oracle: %s %s (hunkguard: %s)" % (repo, args.range, hg))
    print("commits: %d in range, %d missing from hunkguard's output, %d extra in it"
          % (len(commits), len(missing), len(extra)))
    for cid in missing[:5]:
        print("  missing %s" % cid)
    print("files: %d changed .py files, %d skipped because ast.parse failed (%d changed lines)"
          % (tot["files"], tot["skipped"], tot["skipped_lines"]))
    for r in skipped[:5]:
        print("  skipped %s %s: %s (hunkguard parse: %s)"
              % (r["commit"][:10], r["path"], r["error"], r["hg_parse"]))
    if missing_files:
        print("files in hunkguard's output that git does not have: %d" % len(missing_files))
        for cid, path in missing_files[:5]:
            print("  %s %s" % (cid[:10], path))
    if tot["lone_cr"]:
        print("files with a lone CR (ast counts it as a line end, git does not): %d" % tot["lone_cr"])
    if dup_lines:
        print("files where hunkguard puts one line in two scopes: %d" % len(dup_lines))
        for cid, path, lines in dup_lines[:5]:
            print("  %s %s lines %s" % (cid[:10], path, lines))
    pct = 100.0 * tot["agree"] / tot["checked"] if tot["checked"] else 0.0
    print("changed lines checked: %d" % tot["checked"])
    print("agreement: %d (%.3f%%), disagreements: %d in %d files"
          % (tot["agree"], pct, tot["dis"], len(dis_files)))
    if tot["kind"]:
        print("lines agreeing on scope but not on kind: %d" % tot["kind"])
    if shown:
        print("first %d disagreements (commit path:line  oracle | hunkguard):" % len(shown))
        for cid, path, line, want, got in shown:
            print("  %s %s:%d  %s | %s" % (cid[:10], path, line, fmt(want), fmt(got)))
    if not tot["checked"]:
        print("FAIL: nothing was checked")
        return 1
    if missing:
        print("FAIL: commits missing from hunkguard's output")
        return 1
    if pct < args.threshold:
        print("FAIL: agreement below %.3f%%" % args.threshold)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
