#!/usr/bin/env python3
"""The measurements behind scripts/bench/bench.sh (which builds the binary, the virtualenv and the
corpora first, then runs this). Python 3 standard library only.

Every command runs as a child process reaped with os.wait4, which gives its wall time, its CPU
time (user + system, all threads) and its peak resident set size. Each case runs --runs times,
round-robin over its tools so a change in machine load hits them alike; the table shows medians
and the 1-minute load average seen during the case.

Cases (--only picks some, default a,b,c,d,e):
  a  synthetic range: hunkguard range vs git log -p vs Bandit and Ruff run once per commit on
     the commit's changed .py files (every --sample'th commit, extrapolated to the range)
  b  releases range: hunkguard range vs git log -p (with --peers-releases also Bandit, one run,
     and Ruff, every --releases-sample'th commit)
  c  pre-commit: three large files partly staged in a scratch clone of the releases corpus,
     hunkguard staged vs git diff --cached
  d  memory: hunkguard range over synthetic (1,000) and synthetic-10000
  e  hunkguard range --jobs 1 vs --jobs 2 on the synthetic range
  p  phases (not by default): the synthetic range with --select B101 and with --ignore HG201
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY_SPECS = ["*.py", "*.pyi"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


class Failed(Exception):
    pass


# A process's peak RSS (ru_maxrss) survives exec, so a command forked straight from this
# (large) Python process would report Python's own peak. GNU time, a small process, launches
# it instead and reports the command's peak; wall and CPU time still come from wait4.
GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


def run(cmd, cwd=None, ok=(0,), stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall s, cpu s, peak RSS KiB). Raises Failed on another exit code."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
        full = [GNU_TIME, "-q", "-f", "%M", "-o", rss.name, *cmd] if GNU_TIME else list(cmd)
        t0 = time.perf_counter()
        p = subprocess.Popen(full, cwd=cwd, stdout=stdout, stderr=err, stdin=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode not in ok:
            err.seek(0)
            text = err.read().decode(errors="replace").strip()
            raise Failed(f"{' '.join(map(str, cmd))[:200]}: exit {p.returncode}: {text[:500]}")
        peak = ru.ru_maxrss
        if GNU_TIME:
            lines = [l for l in rss.read().split("\n") if l.strip().isdigit()]
            peak = int(lines[-1]) if lines else peak
    return wall, ru.ru_utime + ru.ru_stime, peak


def git(repo, *args, text=True):
    out = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)
    return out.stdout.decode() if text else out.stdout


class Row:
    """One command's samples: (wall, cpu, rss KiB) per run, and the loads seen."""

    def __init__(self, case, label, scale=1.0, note=""):
        self.case, self.label, self.scale, self.note = case, label, scale, note
        self.samples, self.loads = [], []

    def add(self, wall, cpu, rss, load):
        self.samples.append((wall * self.scale, cpu * self.scale, rss))
        self.loads.append(load)

    def med(self, i):
        return statistics.median(s[i] for s in self.samples) if self.samples else float("nan")

    wall = property(lambda self: self.med(0))
    cpu = property(lambda self: self.med(1))
    rss_mb = property(lambda self: (max(s[2] for s in self.samples) / 1024) if self.samples else float("nan"))

    def as_json(self):
        return {"case": self.case, "label": self.label, "scale": self.scale, "note": self.note,
                "samples": self.samples, "loads": self.loads}


class PerCommit:
    """A peer tool run once per sampled commit, in a directory holding that commit's changed
    Python files; one measurement is the sum over the sampled commits."""

    def __init__(self, dirs, cmd_of, ok):
        self.dirs, self.cmd_of, self.ok = dirs, cmd_of, ok

    def measure(self):
        wall = cpu = rss = 0
        for d, files in self.dirs:
            w, c, r = run(self.cmd_of(files), cwd=d, ok=self.ok)
            wall, cpu, rss = wall + w, cpu + c, max(rss, r)
        return wall, cpu, rss


def rounds(runs, tools):
    """tools: [(Row, callable returning (wall, cpu, rss))]; round-robin, `runs` times."""
    for r in range(runs):
        for row, measure in tools:
            load = loadavg()
            w, c, m = measure()
            row.add(w, c, m, max(load, loadavg()))
        log(f"    run {r + 1}/{runs}: " + ", ".join(f"{row.label.strip('`').split(' ')[0]} {row.samples[-1][0]:.2f}s"
                                                   for row, _ in tools))


def cmd_measure(cmd, cwd=None, ok=(0,)):
    return lambda: run(cmd, cwd=cwd, ok=ok)


def range_commits(repo, spec):
    return git(repo, "rev-list", "--reverse", "--no-merges", spec).split()


def export_changed(repo, commits, into):
    """Writes each commit's added/modified/renamed/copied Python files under into/<n>/;
    returns [(dir, [relative paths])] for the commits with any, and the seconds it took."""
    t0 = time.perf_counter()
    out = []
    for n, c in enumerate(commits):
        raw = git(repo, "diff-tree", "-r", "-M", "--no-commit-id", "--name-only",
                  "--diff-filter=AMRC", "-z", c, "--", *PY_SPECS, text=False)
        files = [p.decode() for p in raw.split(b"\0") if p]
        if not files:
            continue
        d = Path(into) / str(n)
        d.mkdir(parents=True)
        tar = subprocess.run(["git", "-C", str(repo), "--literal-pathspecs", "archive",
                              "--format=tar", c, "--", *files], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(d)], input=tar, check=True)
        out.append((str(d), files))
    return out, time.perf_counter() - t0


class Bench:
    def __init__(self, a):
        self.a = a
        self.hg = str(Path(a.hunkguard).resolve())
        # An older build measured in the same rounds, for before/after figures of one run.
        self.before = str(Path(a.before).resolve()) if a.before else None
        self.venv = Path(a.venv).resolve()
        self.corpus = Path(a.corpus).resolve()
        self.rows = []
        self.facts = {}
        self.notes = []
        self.tmp = Path(tempfile.mkdtemp(prefix="hunkguard-bench-"))

    def row(self, *args, **kw):
        r = Row(*args, **kw)
        self.rows.append(r)
        return r

    def spec(self, repo):
        root = git(repo, "rev-list", "--max-parents=0", "HEAD").split()[0]
        return f"{root}..HEAD"

    def hg_range(self, repo, spec, *extra, hg=None):
        return [hg or self.hg, "range", spec, "--repo", str(repo), "--format", "json", "-q", *extra]

    def with_before(self, case, command, tools, argv):
        """Adds the `--before` build's run of `argv(binary)` to a case's tools."""
        if self.before:
            row = self.row(case, f"{command}, before (`{self.before}`)")
            tools.append((row, cmd_measure(argv(self.before), ok=(0, 1))))
        return tools

    def git_log(self, repo, spec):
        return ["git", "-C", str(repo), "log", "-p", spec, "--", "*.py"]

    def bandit(self, files):
        return [str(self.venv / "bin/bandit"), "-q", "-f", "json", *files]

    def ruff(self, files):
        return [str(self.venv / "bin/ruff"), "check", "--isolated", "--select", "S", "--no-cache",
                "--output-format", "json", "--exit-zero", "-q", *files]

    def peers(self, case, repo, commits, every, tag):
        """Rows for Bandit and Ruff per commit over every `every`'th commit of `commits`."""
        picked = commits[::every]
        dirs, secs = export_changed(repo, picked, self.tmp / tag)
        scale = len(commits) / len(picked)
        what = (f"{len(picked)} of {len(commits)} commits ({len(dirs)} with .py changes, "
                f"{sum(len(f) for _, f in dirs)} files)")
        extra = f", every {every}th, extrapolated x{scale:.1f}" if every > 1 else ""
        self.notes.append(f"{case}: checking out the changed files of {what} for the peers took "
                          f"{secs:.1f}s (x{scale:.1f}: {secs * scale:.1f}s), not counted in their times.")
        bandit = self.row(case, f"Bandit per commit ({what}{extra})", scale)
        ruff = self.row(case, f"Ruff `check --select S` per commit ({what}{extra})", scale)
        return (bandit, PerCommit(dirs, self.bandit, (0, 1)).measure), \
               (ruff, PerCommit(dirs, self.ruff, (0,)).measure)

    # -- cases ------------------------------------------------------------------------------
    def case_a(self):
        repo = self.corpus / "synthetic"
        spec = self.spec(repo)
        commits = range_commits(repo, spec)
        self.facts["a_commits"] = len(commits)
        log(f"a: synthetic range {spec} ({len(commits)} commits)")
        case = f"a. synthetic, {len(commits)} commits"
        hg = self.row(case, "`hunkguard range --format json`")
        gl = self.row(case, "`git log -p -- '*.py'`")
        bandit, ruff = self.peers(case, repo, commits, self.a.sample, "a")
        tools = [(hg, cmd_measure(self.hg_range(repo, spec), ok=(0, 1))),
                 (gl, cmd_measure(self.git_log(repo, spec))), bandit, ruff]
        rounds(self.a.runs, self.with_before(case, "`hunkguard range --format json`", tools,
                                             lambda b: self.hg_range(repo, spec, hg=b)))
        self.a_rows = dict(hg=hg, git=gl, bandit=bandit[0], ruff=ruff[0])

    def case_b(self):
        repo = self.corpus / "releases"
        spec = self.spec(repo)
        commits = range_commits(repo, spec)
        log(f"b: releases range {spec} ({len(commits)} commits)")
        case = f"b. releases, {len(commits)} commits"
        hg = self.row(case, "`hunkguard range --format json`")
        gl = self.row(case, "`git log -p -- '*.py'`")
        tools = [(hg, cmd_measure(self.hg_range(repo, spec), ok=(0, 1))),
                 (gl, cmd_measure(self.git_log(repo, spec)))]
        self.with_before(case, "`hunkguard range --format json`", tools,
                         lambda b: self.hg_range(repo, spec, hg=b))
        peers = None
        if self.a.peers_releases:
            peers = self.peers(case, repo, commits, self.a.releases_sample, "b")
            tools.append(peers[1])
        rounds(self.a.runs, tools)
        if peers:
            log("    Bandit on releases, one run")
            rounds(1, [peers[0]])
            peers[0][0].note = "one run"
        self.b_rows = dict(hg=hg, git=gl)
        if peers:
            self.b_rows.update(bandit=peers[0][0], ruff=peers[1][0])

    def case_c(self):
        src = self.corpus / "releases"
        repo = self.tmp / "staged"
        log(f"c: pre-commit: scratch clone of {src} in {repo}")
        subprocess.run(["git", "clone", "-q", "--shared", str(src), str(repo)], check=True)
        files = ["django/db/models/query.py", "django/db/models/sql/query.py",
                 "django/contrib/admin/options.py"]
        final = {}
        for f in files:
            text = (repo / f).read_text()
            staged, full = craft_edits(text)
            (repo / f).write_text(staged)
            final[f] = full
        patch = git(repo, "diff", "--", *files, text=False)
        subprocess.run(["git", "-C", str(repo), "checkout", "-q", "--", *files], check=True)
        subprocess.run(["git", "-C", str(repo), "apply", "--cached", "-"], input=patch, check=True)
        for f, full in final.items():
            (repo / f).write_text(full)
        def numstat(*args):
            rows = [l.split("\t") for l in git(repo, "diff", "--numstat", *args).split("\n") if l]
            return [f"+{r[0]}/-{r[1]}" for r in rows]
        cached, unstaged = numstat("--cached"), numstat()
        out = subprocess.run([self.hg, "staged", "--repo", str(repo), "--format", "json", "-q"],
                             capture_output=True)
        result = json.loads(out.stdout)["commits"][0]
        self.notes.append(
            f"c: {len(cached)} files of 2,500-2,750 lines partly staged ({', '.join(cached)} lines "
            f"staged, {', '.join(unstaged)} left unstaged); "
            f"hunkguard judged {result['scanned']['files']} files, "
            f"{result['scanned']['changed_lines']} changed lines, {len(result['findings'])} findings.")
        case = "c. pre-commit, releases tip, 3 files partly staged"
        hg = self.row(case, "`hunkguard staged --format json`")
        gd = self.row(case, "`git diff --cached`")
        tools = [(hg, cmd_measure([self.hg, "staged", "--format", "json", "-q"], cwd=repo, ok=(0, 1))),
                 (gd, cmd_measure(["git", "diff", "--cached"], cwd=repo))]
        if self.before:
            row = self.row(case, f"`hunkguard staged --format json`, before (`{self.before}`)")
            tools.append((row, cmd_measure([self.before, "staged", "--format", "json", "-q"],
                                           cwd=repo, ok=(0, 1))))
        rounds(self.a.runs, tools)
        self.c_rows = dict(hg=hg, git=gd)

    def case_d(self):
        big = self.corpus / "synthetic-10000"
        small = self.a_rows["hg"] if hasattr(self, "a_rows") else None
        if small is None:
            repo = self.corpus / "synthetic"
            spec = self.spec(repo)
            small = self.row("d. memory", f"`hunkguard range` synthetic, {len(range_commits(repo, spec))} commits")
            rounds(self.a.runs, [(small, cmd_measure(self.hg_range(repo, spec), ok=(0, 1)))])
        if not (big / ".git").is_dir():
            self.notes.append("d: no synthetic-10000 corpus (bench.sh --skip-10k?): 10,000-commit memory not measured.")
            self.d_rows = dict(small=small, big=None)
            return
        spec = self.spec(big)
        n = len(range_commits(big, spec))
        log(f"d: memory, synthetic-10000 ({n} commits)")
        row = self.row(f"d. memory, synthetic-10000, {n} commits", "`hunkguard range --format json`")
        # The same history's last 1,000 commits: the first 1,000 (the synthetic corpus) edit
        # smaller files, so only this pair isolates what the range's length costs.
        last = self.row("d. memory, synthetic-10000, last 1000 commits", "`hunkguard range --format json`")
        # Its ten 1,000-commit windows one after the other: the largest peak among them is
        # what the data itself needs, since later windows edit larger files.
        windows = self.row("d. memory, synthetic-10000, its ten 1000-commit windows (total time, largest peak)",
                           "`hunkguard range --format json`")
        root = spec.split("..")[0]
        specs = [f"{root}..HEAD~9000"] + [f"HEAD~{k + 1}000..HEAD~{k}000" for k in range(8, 0, -1)]
        specs.append("HEAD~1000..HEAD")

        def all_windows():
            runs = [run(self.hg_range(big, w), ok=(0, 1)) for w in specs]
            return (sum(r[0] for r in runs), sum(r[1] for r in runs), max(r[2] for r in runs))
        tools = [(row, cmd_measure(self.hg_range(big, spec), ok=(0, 1))),
                 (last, cmd_measure(self.hg_range(big, "HEAD~1000..HEAD"), ok=(0, 1))),
                 (windows, all_windows)]
        rounds(self.a.runs, self.with_before(row.case, "`hunkguard range --format json`", tools,
                                             lambda b: self.hg_range(big, spec, hg=b)))
        self.d_rows = dict(small=small, big=row, last=last, windows=windows)

    def case_e(self):
        repo = self.corpus / "synthetic"
        spec = self.spec(repo)
        log("e: --jobs 1 vs --jobs 2")
        case = f"e. synthetic, {len(range_commits(repo, spec))} commits, threads"
        j1 = self.row(case, "`hunkguard range --jobs 1`")
        j2 = self.row(case, "`hunkguard range --jobs 2`")
        rounds(self.a.runs, [(j1, cmd_measure(self.hg_range(repo, spec, "--jobs", "1"), ok=(0, 1))),
                             (j2, cmd_measure(self.hg_range(repo, spec, "--jobs", "2"), ok=(0, 1)))])
        self.e_rows = dict(j1=j1, j2=j2)

    def case_p(self):
        repo = self.corpus / "synthetic"
        spec = self.spec(repo)
        log("p: phases")
        case = "p. synthetic, phases (--jobs 1)"
        tools = []
        nothing = self.tmp / "exclude-all.toml"
        nothing.write_text('exclude = ["**"]\n')
        for label, extra in [("all rules", []), ("`--ignore HG201`", ["--ignore", "HG201"]),
                             ("`--select B101` (parse, scopes, facts, one rule)", ["--select", "B101"]),
                             ("excluding every file (git walk, tree diffs, renames, JSON only)",
                              ["--config", str(nothing)])]:
            r = self.row(case, f"`hunkguard range` {label}")
            tools.append((r, cmd_measure(self.hg_range(repo, spec, "--jobs", "1", *extra), ok=(0, 1))))
        rounds(self.a.runs, tools)

    # -- report -----------------------------------------------------------------------------
    def versions(self):
        def first(cmd):
            try:
                return subprocess.run(cmd, capture_output=True, text=True).stdout.split("\n")[0].strip()
            except OSError:
                return "?"
        return {"hunkguard": first([self.hg, "--version"]), "git": first(["git", "--version"]),
                "bandit": first([str(self.venv / "bin/bandit"), "--version"]),
                "ruff": first([str(self.venv / "bin/ruff"), "--version"])}

    def report(self, started):
        v = self.versions()
        print(f"## hunkguard benchmark, {time.strftime('%Y-%m-%d %H:%M', time.localtime(started))}\n")
        print(f"{os.cpu_count()} cores; {v['hunkguard']}, {v['git']}, {v['bandit']}, {v['ruff']}. "
              f"Medians of {self.a.runs} runs (round-robin); CPU = user + system of all threads; "
              f"load = 1-minute load average during the row's runs. Per-commit peers get the "
              f"commit's added/modified .py files already checked out and are run one process "
              f"per commit; hunkguard reads git itself. Ratios are hunkguard / row (wall, CPU). "
              + ("Peak RSS by GNU time (%M)." if GNU_TIME else
                 "Peak RSS by wait4, without GNU time: it includes this script's own peak.")
              + "\n")
        print("| case | command | wall s | CPU s | peak RSS MB | load | ratio wall | ratio CPU |")
        print("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |")
        for r in self.rows:
            hg = next((x for x in self.rows if x.case == r.case and x.label.startswith("`hunkguard")), None)
            ratio = lambda i: (f"{hg.med(i) / r.med(i):.2f}" if hg and hg is not r and r.med(i) > 0 else "")
            load = f"{min(r.loads):.1f}–{max(r.loads):.1f}" if r.loads else ""
            print(f"| {r.case} | {r.label}{' (' + r.note + ')' if r.note else ''} | {r.wall:.3f} | "
                  f"{r.cpu:.3f} | {r.rss_mb:.1f} | {load} | {ratio(0)} | {ratio(1)} |")
        targets = self.targets()
        if targets:
            print("\n| target | measured (wall) | measured (CPU) | met (wall) |")
            print("| --- | --- | --- | --- |")
            for name, w, c, met in targets:
                print(f"| {name} | {w} | {c} | {'yes' if met else '**no**'} |")
        if self.notes:
            print()
            for n in self.notes:
                print(f"- {n}")

    def targets(self):
        t = []
        if hasattr(self, "a_rows"):
            a = self.a_rows
            t.append(("range ≤ 2× `git log -p` (synthetic)", f"{a['hg'].wall / a['git'].wall:.2f}×",
                      f"{a['hg'].cpu / a['git'].cpu:.2f}×", a["hg"].wall <= 2 * a["git"].wall))
        if hasattr(self, "b_rows"):
            b = self.b_rows
            t.append(("range ≤ 2× `git log -p` (releases)", f"{b['hg'].wall / b['git'].wall:.2f}×",
                      f"{b['hg'].cpu / b['git'].cpu:.2f}×", b["hg"].wall <= 2 * b["git"].wall))
        if hasattr(self, "a_rows"):
            a = self.a_rows
            for peer, want in (("bandit", 50), ("ruff", 5)):
                name = "Bandit" if peer == "bandit" else "Ruff"
                t.append((f"≥ {want}× faster than {name} per commit (synthetic)",
                          f"{a[peer].wall / a['hg'].wall:.1f}×", f"{a[peer].cpu / a['hg'].cpu:.1f}×",
                          a[peer].wall >= want * a["hg"].wall))
        if hasattr(self, "c_rows"):
            c = self.c_rows
            t.append(("pre-commit ≤ 3× `git diff --cached`", f"{c['hg'].wall / c['git'].wall:.2f}×",
                      f"{c['hg'].cpu / c['git'].cpu:.2f}×", c["hg"].wall <= 3 * c["git"].wall))
        if hasattr(self, "d_rows") and self.d_rows["big"]:
            s, b = self.d_rows["small"], self.d_rows["big"]
            t.append(("peak RSS of 10,000-commit range < 200 MB", f"{b.rss_mb:.1f} MB", "",
                      b.rss_mb < 200))
            t.append(("… within 20% of the 1,000-commit range's (synthetic)", f"{b.rss_mb:.1f} / {s.rss_mb:.1f} MB = "
                      f"{b.rss_mb / s.rss_mb:.2f}", "", b.rss_mb <= 1.2 * s.rss_mb))
            l = self.d_rows["last"]
            t.append(("… within 20% of its own last 1,000 commits'", f"{b.rss_mb:.1f} / {l.rss_mb:.1f} MB = "
                      f"{b.rss_mb / l.rss_mb:.2f}", "", b.rss_mb <= 1.2 * l.rss_mb))
            w = self.d_rows["windows"]
            t.append(("… within 20% of the largest of its ten 1,000-commit windows'",
                      f"{b.rss_mb:.1f} / {w.rss_mb:.1f} MB = {b.rss_mb / w.rss_mb:.2f}", "",
                      b.rss_mb <= 1.2 * w.rss_mb))
        return t


def craft_edits(text):
    """(staged, full): four edits spread over the file, two of them (the 1st and 3rd) staged.
    Edits insert module-level lines before a top-level def/class, or append a comment to a
    `return` line, so the file still parses."""
    lines = text.splitlines(keepends=True)
    tops = [i for i, l in enumerate(lines) if re.match(r"(async def|def|class) ", l)]
    rets = [i for i, l in enumerate(lines)
            if re.match(r"\s+return \w", l) and not l.rstrip().endswith(("\\", ",", "(", "[", "{"))]
    n = len(lines)

    def near(cands, frac):
        return min(cands, key=lambda i: abs(i - frac * n))

    edits = [  # (line index, kind, payload), top to bottom
        (near(tops, 0.2), "insert", '_bench_password = "hunter2-bench"  # hunkguard bench, staged\n'),
        (near(tops, 0.4), "insert", '_bench_unstaged = eval("1")  # hunkguard bench, unstaged\n'),
        (near(rets, 0.6), "comment", "  # hunkguard bench: staged edit"),
        (near(rets, 0.8), "comment", "  # hunkguard bench: unstaged edit"),
    ]

    def apply(chosen):
        out = list(lines)
        for i, kind, payload in sorted(chosen, key=lambda e: -e[0]):
            if kind == "insert":
                out[i:i] = [payload, "\n", "\n"]
            else:
                body = out[i].rstrip("\r\n")
                out[i] = body + payload + out[i][len(body):]
        return "".join(out)

    return apply([edits[0], edits[2]]), apply(edits)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hunkguard", required=True)
    ap.add_argument("--before", help="an older hunkguard measured in the same rounds (a-d)")
    ap.add_argument("--venv", required=True, help="virtualenv with bandit and ruff")
    ap.add_argument("--corpus", default="target/corpus")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sample", type=int, default=10, help="peers on every Nth commit of (a)")
    ap.add_argument("--peers-releases", action="store_true", help="Bandit and Ruff in (b) too")
    ap.add_argument("--releases-sample", type=int, default=5, help="peers on every Nth commit of (b)")
    ap.add_argument("--only", default="a,b,c,d,e", help="cases to run, of a,b,c,d,e,p")
    ap.add_argument("--json", help="also write every sample here")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    a = ap.parse_args()
    if a.runs < 1 or a.sample < 1 or a.releases_sample < 1:
        ap.error("--runs, --sample and --releases-sample must be at least 1")
    cases = [c.strip() for c in a.only.split(",") if c.strip()]
    bad = [c for c in cases if c not in "abcdep" or len(c) != 1]
    if bad:
        ap.error(f"unknown cases {bad}")
    b = Bench(a)
    started = time.time()
    try:
        for c in "abcdep":
            if c in cases:
                getattr(b, f"case_{c}")()
    except Failed as e:
        log(f"bench: {e}")
        return 2
    finally:
        if a.keep:
            log(f"scratch kept in {b.tmp}")
        else:
            shutil.rmtree(b.tmp, ignore_errors=True)
    b.report(started)
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps({"started": started, "versions": b.versions(),
                                            "rows": [r.as_json() for r in b.rows],
                                            "notes": b.notes}, indent=1))
    log(f"bench: done in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
