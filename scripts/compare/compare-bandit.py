#!/usr/bin/env python3
"""Compare hunkguard's findings with Bandit's on whole source trees.

Called by scripts/compare/compare-bandit.sh (beside it), which creates the Bandit virtualenv and
fetches the corpora; this file does the work for one or more source dirs:

  1. copy the dir's *.py files (relative paths kept, Bandit's default excludes
     applied) into a fresh temporary git repository and commit them at once;
  2. run `hunkguard commit HEAD --repo R --format json --scope file --tests strict`
     and `bandit -r R -f json -q`;
  3. compare the findings of the files both tools looked at by (path, line, id).

Python 3 standard library only.  Exit status: 0 (it is a report), 2 when a tool
could not be run or gave output that is not its JSON report.
"""

import argparse
import collections
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile

# bandit/core/constants.py EXCLUDE: Bandit drops a file when its path matches
# one of these as an fnmatch glob, or contains one of them as a substring
# (bandit/core/manager.py _is_file_included).
BANDIT_EXCLUDE = (".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".eggs", "*.egg")


class ToolError(Exception):
    pass


def bandit_excludes(path):
    return any(fnmatch.fnmatch(path, g) for g in BANDIT_EXCLUDE) or any(
        x in path for x in BANDIT_EXCLUDE
    )


def collect_sources(src):
    """The *.py files Bandit's `-r src` would look at, and those its excludes drop."""
    kept, dropped = [], []
    for root, dirs, files in os.walk(src):  # like Bandit: no following of dir symlinks
        dirs.sort()
        for name in sorted(files):
            if not fnmatch.fnmatch(name, "*.py"):
                continue
            full = os.path.join(root, name)
            rel = os.path.relpath(full, src).replace(os.sep, "/")
            # Bandit tests the path it walked (here: tmp repo + rel); the tmp repo's
            # own path is checked to be neutral, so testing "./rel" is equivalent.
            (dropped if bandit_excludes("./" + rel) else kept).append(rel)
    return kept, dropped


def git(repo, *args):
    cmd = [
        "git", "-C", repo,
        "-c", "user.name=compare-bandit", "-c", "user.email=compare-bandit@localhost",
        "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null",
        "-c", "core.autocrlf=false", "-c", "core.safecrlf=false",
    ] + list(args)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise ToolError("git %s failed: %s" % (" ".join(args), r.stderr.strip()))
    return r.stdout


def build_repo(src, files, workdir):
    repo = os.path.join(workdir, "repo")
    os.makedirs(repo)
    if bandit_excludes(repo):
        raise ToolError("temporary path %s contains one of Bandit's excludes; set TMPDIR" % repo)
    git(repo, "init", "-q")
    for rel in files:
        dst = os.path.join(repo, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(os.path.join(src, rel), dst)  # follows file symlinks, as Bandit reads them
    # -f: a global core.excludesFile must not hide files from the commit
    git(repo, "add", "-f", "-A", ".")
    git(repo, "commit", "-q", "--allow-empty", "--no-verify", "-m", "corpus " + os.path.basename(src.rstrip("/")))
    return repo


def run_hunkguard(hg, repo):
    cmd = [hg, "commit", "HEAD", "--repo", repo, "--format", "json", "--scope", "file", "--tests", "strict"]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 1):
        raise ToolError("hunkguard exited %d: %s" % (r.returncode, r.stderr.strip()[-2000:]))
    try:
        doc = json.loads(r.stdout)
        commit = doc["commits"][0]
    except (ValueError, KeyError, IndexError) as e:
        raise ToolError("hunkguard gave no JSON report (%s): %s" % (e, r.stdout[:300]))
    looked, skipped = set(), {}
    for f in commit.get("files", []):
        if f.get("status") == "deleted":
            continue
        if f.get("parse") in ("ok", "recovered"):
            looked.add(f["path"])
            if f.get("parse") == "recovered":
                skipped.setdefault(f["path"], "parsed with recovery")
        else:
            skipped[f["path"]] = "parse " + str(f.get("parse"))
    findings = []
    for x in commit.get("findings", []):
        findings.append({
            "path": x["path"], "line": x["line"], "id": x["rule"],
            "severity": str(x.get("severity", "")).lower(),
            "confidence": str(x.get("confidence", "")).lower(),
        })
    return looked, skipped, findings, commit.get("notes", [])


def run_bandit(bandit, repo):
    cmd = [bandit, "-r", repo, "-f", "json", "-q"]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        doc = json.loads(r.stdout)
        results = doc["results"]
    except (ValueError, KeyError) as e:
        raise ToolError("bandit exited %d without a JSON report (%s): %s" % (r.returncode, e, r.stderr.strip()[-2000:]))
    if r.returncode not in (0, 1):
        raise ToolError("bandit exited %d: %s" % (r.returncode, r.stderr.strip()[-2000:]))
    prefix = repo.rstrip("/") + "/"

    def rel(p):
        return p[len(prefix):] if p.startswith(prefix) else p

    errors = {rel(e["filename"]): e.get("reason", "error") for e in doc.get("errors", [])}
    looked = {rel(p) for p in doc.get("metrics", {}) if p != "_totals"} - set(errors)
    findings = [{
        "path": rel(x["filename"]), "line": x["line_number"], "id": x["test_id"],
        "severity": x["issue_severity"].lower(), "confidence": x["issue_confidence"].lower(),
    } for x in results]
    return looked, errors, findings


class Stats:
    def __init__(self):
        self.b = collections.Counter()        # id -> Bandit count
        self.h = collections.Counter()        # id -> hunkguard count
        self.m = collections.Counter()        # id -> matched
        self.sev = collections.defaultdict(collections.Counter)   # id -> (b, h) -> n
        self.conf = collections.defaultdict(collections.Counter)
        self.diffs = []                       # (corpus, path, line, id, side, srcline, note)

    def merge(self, other):
        self.b.update(other.b)
        self.h.update(other.h)
        self.m.update(other.m)
        for k, v in other.sev.items():
            self.sev[k].update(v)
        for k, v in other.conf.items():
            self.conf[k].update(v)
        self.diffs.extend(other.diffs)


def compare(label, repo, b_findings, h_findings, both, keep_id):
    st = Stats()
    lines_cache = {}

    def src_line(path, line):
        if path not in lines_cache:
            try:
                with open(os.path.join(repo, path), "rb") as fh:
                    lines_cache[path] = fh.read().decode("utf-8", "replace").splitlines()
            except OSError:
                lines_cache[path] = []
        ls = lines_cache[path]
        return ls[line - 1].strip() if 0 < line <= len(ls) else ""

    bk = collections.defaultdict(list)
    hk = collections.defaultdict(list)
    for f in b_findings:
        if f["path"] in both and keep_id(f["id"]):
            bk[(f["path"], f["line"], f["id"])].append(f)
    for f in h_findings:
        if f["path"] in both and keep_id(f["id"]):
            hk[(f["path"], f["line"], f["id"])].append(f)
    for key in sorted(set(bk) | set(hk)):
        path, line, rid = key
        bl, hl = bk.get(key, []), hk.get(key, [])
        st.b[rid] += len(bl)
        st.h[rid] += len(hl)
        n = min(len(bl), len(hl))
        st.m[rid] += n
        for bf, hf in zip(sorted(bl, key=lambda f: (f["severity"], f["confidence"])),
                          sorted(hl, key=lambda f: (f["severity"], f["confidence"]))):
            st.sev[rid][(bf["severity"], hf["severity"])] += 1
            st.conf[rid][(bf["confidence"], hf["confidence"])] += 1
        if len(bl) != len(hl):
            side = "bandit-only" if len(bl) > len(hl) else "hunkguard-only"
            text = src_line(path, line)
            note = ""
            if "nosec" in text:
                note = "  [line has '# nosec': Bandit suppresses it]"
            for _ in range(abs(len(bl) - len(hl))):
                st.diffs.append((label, path, line, rid, side, text, note))
    return st


def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


def print_table(st, title):
    print("\n%s" % title)
    ids = sorted(set(st.b) | set(st.h))
    hdr = "%-7s %7s %9s %7s %8s %9s" % ("id", "bandit", "hunkguard", "matched", "recall", "precision")
    print(hdr)
    print("-" * len(hdr))
    for rid in ids:
        print("%-7s %7d %9d %7d %8s %9s" % (rid, st.b[rid], st.h[rid], st.m[rid],
                                           pct(st.m[rid], st.b[rid]), pct(st.m[rid], st.h[rid])))
    tb, th, tm = sum(st.b.values()), sum(st.h.values()), sum(st.m.values())
    print("-" * len(hdr))
    print("%-7s %7d %9d %7d %8s %9s" % ("total", tb, th, tm, pct(tm, tb), pct(tm, th)))
    # severity / confidence on matched findings
    mism = []
    for rid in ids:
        for what, table in (("severity", st.sev[rid]), ("confidence", st.conf[rid])):
            bad = {k: v for k, v in table.items() if k[0] != k[1]}
            if bad:
                parts = ", ".join("bandit %s / hunkguard %s: %d" % (k[0], k[1], v) for k, v in sorted(bad.items()))
                mism.append("  %-7s %-10s %d of %d matched differ (%s)" % (rid, what, sum(bad.values()), sum(table.values()), parts))
    if mism:
        print("severity/confidence mismatches on matched findings:")
        print("\n".join(mism))
    else:
        print("severity/confidence: all matched findings agree")


def print_diffs(st, show, with_label):
    diffs = sorted(st.diffs, key=lambda d: (d[0], d[1], d[2], d[3], d[4]))
    by_side = collections.Counter(d[4] for d in diffs)
    print("\ndifferences: %d (bandit-only %d, hunkguard-only %d); first %d:" % (
        len(diffs), by_side["bandit-only"], by_side["hunkguard-only"], min(show, len(diffs))))
    for label, path, line, rid, side, text, note in diffs[:show]:
        where = ("%s/%s" % (label, path)) if with_label else path
        print("  %s:%d %s %s    %s%s" % (where, line, rid, side, text[:120], note))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hunkguard", required=True)
    ap.add_argument("--bandit", required=True)
    ap.add_argument("--show", type=int, default=30)
    ap.add_argument("--known-only", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary repositories and print their paths")
    ap.add_argument("--label", action="append", default=[], help="a name for each SRC_DIR, in order")
    ap.add_argument("src", nargs="+")
    a = ap.parse_args()

    known = None
    if a.known_only:
        r = subprocess.run([a.hunkguard, "rules"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            print("compare-bandit: `hunkguard rules` failed: %s" % r.stderr.strip(), file=sys.stderr)
            return 2
        known = set()
        for ln in r.stdout.splitlines():
            w = ln.split()
            if w and w[0] != "id" and w[0][:1].isalpha() and any(c.isdigit() for c in w[0]):
                known.add(w[0])
        print("restricted to the %d ids hunkguard knows: %s" % (len(known), " ".join(sorted(known))))

    def keep_id(rid):
        return known is None or rid in known

    total = Stats()
    for i, src in enumerate(a.src):
        label = a.label[i] if i < len(a.label) else os.path.basename(os.path.normpath(src))
        print("=" * 78)
        print("%s  (%s)" % (label, os.path.abspath(src)))
        if not os.path.isdir(src):
            print("compare-bandit: %s is not a directory" % src, file=sys.stderr)
            return 2
        files, dropped = collect_sources(src)
        workdir = tempfile.mkdtemp(prefix="compare-bandit-")
        try:
            repo = build_repo(src, files, workdir)
            h_looked, h_skipped, h_find, notes = run_hunkguard(a.hunkguard, repo)
            b_looked, b_errors, b_find = run_bandit(a.bandit, repo)
            # empty files: git records no line, hunkguard skips them, Bandit finds nothing in them
            empty = {f for f in files if os.path.getsize(os.path.join(repo, f)) == 0}
            both = (h_looked & b_looked) - empty
            print("files: %d *.py copied (%d dropped by Bandit's default excludes, %d empty), "
                  "hunkguard looked at %d, Bandit at %d, compared %d" % (
                      len(files), len(dropped), len(empty), len(h_looked), len(b_looked), len(both)))
            for p in dropped[:10]:
                print("  excluded (Bandit default excludes): %s" % p)
            if len(dropped) > 10:
                print("  ... and %d more excluded" % (len(dropped) - 10))
            only_h = sorted((h_looked - b_looked) - empty)
            only_b = sorted((b_looked - h_looked) - empty)
            n_h = collections.Counter(f["path"] for f in h_find if keep_id(f["id"]))
            n_b = collections.Counter(f["path"] for f in b_find if keep_id(f["id"]))
            for p in only_h:
                print("  not compared, Bandit skipped it: %s (Bandit: %s; hunkguard: %s, %d findings)" % (
                    p, b_errors.get(p, "not scanned"), h_skipped.get(p, "parse ok"), n_h[p]))
            for p in only_b:
                print("  not compared, hunkguard skipped it: %s (hunkguard: %s; Bandit: %d findings)" % (
                    p, h_skipped.get(p, "not listed"), n_b[p]))
            for p in sorted(set(b_errors) & set(h_skipped)):
                if p not in only_h:
                    print("  not compared, both skipped it: %s (Bandit: %s; hunkguard: %s)" % (p, b_errors[p], h_skipped[p]))
            missing = sorted(set(files) - h_looked - b_looked - empty - set(b_errors) - set(h_skipped))
            for p in missing:
                print("  not compared, neither tool reported it: %s" % p)
            if notes:
                print("hunkguard notes: %d%s" % (len(notes), " (first 5)" if len(notes) > 5 else ""))
                for n in notes[:5]:
                    print("  " + n)
            st = compare(label, repo, b_find, h_find, both, keep_id)
            print_table(st, "findings in the %d compared files of %s:" % (len(both), label))
            print_diffs(st, a.show, False)
            total.merge(st)
        finally:
            if a.keep:
                print("kept repository: %s" % os.path.join(workdir, "repo"))
            else:
                shutil.rmtree(workdir, ignore_errors=True)
    if len(a.src) > 1:
        print("=" * 78)
        print_table(total, "all %d source dirs together:" % len(a.src))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ToolError as e:
        print("compare-bandit: %s" % e, file=sys.stderr)
        sys.exit(2)
