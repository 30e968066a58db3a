#!/usr/bin/env python3
"""Generate a deterministic synthetic git history from real Python code.

    gen-history.py --sdist PKG.tar.gz --repo OUT [--commits N] [--seed S]

Commit 1 imports the sdist's tree. Every later commit edits a few functions
of a few .py files with `random.Random(seed)`: insert a statement, modify a
line, delete a line, add or delete a function / method / nested function,
add a decorator; occasionally a file is renamed, added or deleted, and very
rarely a file is broken (a syntax error, fixed again a few commits later).
Some inserted code is what a security linter flags (shell=True, eval,
assert, hard-coded password, except/pass, ...). Every edit except the
deliberate breakages is checked with ast.parse, so the files stay valid
Python. The history is written with one `git fast-import`, with fixed
identities and dates: the same arguments give the same commit ids.
"""

import argparse
import ast
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _fastimport import FastImport, read_sdist  # noqa: E402

AUTHORS = [
    ("Ada Example", "ada@corpus.invalid"),
    ("Brian Example", "brian@corpus.invalid"),
    ("Chen Example", "chen@corpus.invalid"),
    ("Dana Example", "dana@corpus.invalid"),
]
BASE_DATE = 1704067200  # 2024-01-01T00:00:00Z

# Statements a security linter (Bandit) flags. Lists of lines; nested lines
# carry a relative indent of "\t" that is replaced by the file's indent unit.
FLAGGED = [
    ["subprocess.call(cmd, shell=True)"],
    ["subprocess.Popen(command_line, shell=True)"],
    ["result = eval(expression)"],
    ["exec(source_code)"],
    ["assert value is not None"],
    ['password = "hunter2"'],
    ['api_token = "s3cr3t-token-value"'],
    ["try:", "\trisky_operation()", "except Exception:", "\tpass"],
    ["try:", "\tcleanup()", "except Exception:", "\tcontinue_anyway = True"],
    ['os.system("rm -rf " + target_dir)'],
    ["data = pickle.loads(payload)"],
    ["config = yaml.load(stream)"],
    ["digest = hashlib.md5(content).hexdigest()"],
    ["token = random.random()"],
    ["tmp_name = tempfile.mktemp()"],
    ["response = requests.get(url, verify=False)"],
    ['query = "SELECT * FROM users WHERE name = \'%s\'" % user_name'],
    ['app.run(debug=True, host="0.0.0.0")'],
]
BENIGN = [
    ["counter = 0"],
    ["counter += 1"],
    ["result = compute(left, right)"],
    ['logger.debug("value: %r", value)'],
    ["items.append(item)"],
    ["total = sum(x * 2 for x in values)"],
    ["name = name.strip().lower()"],
    ["cache[key] = value"],
    ["if not items:", "\treturn None"],
    ["for entry in entries:", "\tprocess(entry)"],
    ["with open(path) as handle:", "\tcontents = handle.read()"],
    ["mapping = {k: v for k, v in pairs}"],
    ["pass"],
    ["del scratch"],
]
ONE_LINE = [s[0] for s in FLAGGED + BENIGN if len(s) == 1]
DECORATORS = ["@hg_trace", "@functools.lru_cache(maxsize=None)", "@contextlib.contextmanager",
              "@pytest.mark.slow", "@deprecated(reason=\"synthetic\")"]
BREAKERS = ["x = (", "def broken(:", "if value", "return ]"]


def indent_of(line):
    return line[: len(line) - len(line.lstrip(" \t"))]


def render(snippet, indent, unit):
    return [indent + s.replace("\t", unit) for s in snippet]


def first_line(node):
    decos = getattr(node, "decorator_list", None)
    return min([d.lineno for d in decos] + [node.lineno]) if decos else node.lineno


def stmt_lists(node):
    """(list_of_statements) fields of a node."""
    for field in ("body", "orelse", "finalbody"):
        v = getattr(node, field, None)
        if isinstance(v, list) and v and isinstance(v[0], ast.stmt):
            yield v
    for h in getattr(node, "handlers", None) or []:
        yield h.body
    for c in getattr(node, "cases", None) or []:
        yield c.body


class Editor:
    def __init__(self, rng):
        self.rng = rng
        self.serial = 0

    def name(self, prefix):
        self.serial += 1
        return "%s_%d" % (prefix, self.serial)

    def snippet(self, flag_rate=0.3):
        pool = FLAGGED if self.rng.random() < flag_rate else BENIGN
        return self.rng.choice(pool)

    def function_text(self, name, indent, unit, method=False, decorated=None):
        rng = self.rng
        lines = []
        if decorated if decorated is not None else rng.random() < 0.25:
            lines.append(indent + rng.choice(DECORATORS))
        args = "self, value" if method else rng.choice(["value", "value, *args, **kwargs", "", "a, b=None"])
        kw = "async def" if rng.random() < 0.1 else "def"
        lines.append("%s%s %s(%s):" % (indent, kw, name, args))
        body = indent + unit
        if rng.random() < 0.5:
            lines.append('%s"""Synthetic %s."""' % (body, name))
        for _ in range(rng.randint(1, 4)):
            lines.extend(render(self.snippet(), body, unit))
        lines.append(body + rng.choice(["return value", "return None", "return result", "pass"]))
        return lines

    # Each edit takes (lines, tree, unit) and returns new lines or None.

    def functions(self, tree):
        return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]

    def own_line_stmts(self, fn, lines):
        """Statements inside fn that start their own line."""
        out = []
        for n in ast.walk(fn):
            if n is fn or not isinstance(n, ast.stmt):
                continue
            fl = first_line(n)
            line = lines[fl - 1]
            if fl == n.lineno and n.col_offset != len(indent_of(line)):
                continue
            out.append(n)
        return out

    def insert_stmt(self, lines, tree, unit):
        fns = self.functions(tree)
        if not fns:
            return None
        fn = self.rng.choice(fns)
        cands = self.own_line_stmts(fn, lines)
        if not cands:
            return None
        st = self.rng.choice(cands)
        ind = indent_of(lines[first_line(st) - 1])
        r = self.rng.random()
        if r < 0.12:
            # a nested function or class: exercises `f.<locals>.g`
            if self.rng.random() < 0.75:
                new = self.function_text(self.name("hg_inner"), ind, unit, decorated=False)
            else:
                cname = self.name("HgLocal")
                new = ["%sclass %s:" % (ind, cname)] + self.function_text(
                    self.name("hg_local_method"), ind + unit, unit, method=True)
        else:
            new = render(self.snippet(), ind, unit)
        at = first_line(st) - 1 if self.rng.random() < 0.5 else st.end_lineno
        return lines[:at] + new + lines[at:]

    def simple_single_line(self, tree, lines, need_sibling=False):
        out = []
        simple = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Raise,
                  ast.Pass, ast.Delete, ast.Assert, ast.Import, ast.ImportFrom)
        for parent in ast.walk(tree):
            for body in stmt_lists(parent):
                if need_sibling and len(body) < 2:
                    continue
                for n in body:
                    if isinstance(n, simple) and n.lineno == n.end_lineno \
                            and n.col_offset == len(indent_of(lines[n.lineno - 1])):
                        out.append(n)
        return out

    def modify_line(self, lines, tree, unit):
        fns = self.functions(tree)
        if not fns:
            return None
        fn = self.rng.choice(fns)
        cands = [n for n in self.simple_single_line(fn, lines)]
        if not cands:
            return None
        st = self.rng.choice(cands)
        i = st.lineno - 1
        line = lines[i]
        r = self.rng.random()
        if r < 0.3:
            new = line.rstrip() + "  # hg: reviewed %d" % self.rng.randint(1, 999)
        elif r < 0.5 and isinstance(st, ast.Return) and st.value is not None:
            new = line.rstrip() + " if value is not None else None"
        else:
            new = indent_of(line) + self.rng.choice(ONE_LINE)
        return lines[:i] + [new] + lines[i + 1:]

    def delete_line(self, lines, tree, unit):
        fns = self.functions(tree)
        if not fns:
            return None
        fn = self.rng.choice(fns)
        cands = self.simple_single_line(fn, lines, need_sibling=True)
        if not cands:
            return None
        st = self.rng.choice(cands)
        return lines[: st.lineno - 1] + lines[st.lineno:]

    def add_function(self, lines, tree, unit):
        tops = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        new = self.function_text(self.name("hg_func"), "", unit)
        if tops and self.rng.random() < 0.6:
            at = first_line(self.rng.choice(tops)) - 1
            return lines[:at] + new + ["", ""] + lines[at:]
        while lines and lines[-1] == "":
            lines = lines[:-1]
        return lines + ["", ""] + new + [""]

    def add_method(self, lines, tree, unit):
        classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        if not classes:
            return self.add_function(lines, tree, unit)
        cls = self.rng.choice(classes)
        cands = [n for n in cls.body if n.col_offset == len(indent_of(lines[first_line(n) - 1]))]
        if not cands:
            return None
        st = self.rng.choice(cands)
        ind = indent_of(lines[first_line(st) - 1])
        new = self.function_text(self.name("hg_method"), ind, unit, method=True)
        if self.rng.random() < 0.5:
            at = first_line(st) - 1
            return lines[:at] + new + [""] + lines[at:]
        at = st.end_lineno
        return lines[:at] + [""] + new + lines[at:]

    def delete_function(self, lines, tree, unit):
        cands = []
        for parent in ast.walk(tree):
            for body in stmt_lists(parent):
                if len(body) < 2:
                    continue
                for n in body:
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        cands.append(n)
        if not cands:
            return None
        ours = [n for n in cands if n.name.startswith("hg_")]
        pick = ours if ours and self.rng.random() < 0.8 else cands
        fn = self.rng.choice(pick)
        return lines[: first_line(fn) - 1] + lines[fn.end_lineno:]

    def add_decorator(self, lines, tree, unit):
        fns = self.functions(tree)
        if not fns:
            return None
        fn = self.rng.choice(fns)
        ind = indent_of(lines[fn.lineno - 1])
        at = first_line(fn) - 1
        return lines[:at] + [ind + self.rng.choice(DECORATORS)] + lines[at:]

    EDITS = [
        ("insert", 30), ("modify", 22), ("delete", 12), ("add-function", 6),
        ("add-method", 5), ("delete-function", 6), ("decorate", 3),
    ]

    def edit(self, text):
        """One random valid edit of text; returns (new_text, op) or (text, None)."""
        lines = text.split("\n")
        tree = ast.parse(text)
        unit = "\t" if any(l.startswith("\t") for l in lines) else "    "
        names, weights = zip(*self.EDITS)
        for _ in range(8):
            op = self.rng.choices(names, weights)[0]
            fn = {
                "insert": self.insert_stmt, "modify": self.modify_line, "delete": self.delete_line,
                "add-function": self.add_function, "add-method": self.add_method,
                "delete-function": self.delete_function, "decorate": self.add_decorator,
            }[op]
            new = fn(lines, tree, unit)
            if new is None:
                continue
            new_text = "\n".join(new)
            try:
                ast.parse(new_text)
            except (SyntaxError, ValueError):
                continue
            return new_text, op
        return text, None

    def new_module(self, unit):
        lines = ['"""Synthetic module %d."""' % self.serial, "import os", "import subprocess", "", ""]
        for _ in range(self.rng.randint(1, 3)):
            lines += self.function_text(self.name("hg_func"), "", unit) + ["", ""]
        lines.append("class %s:" % self.name("HgGenerated"))
        for k in range(self.rng.randint(1, 3)):
            if k:
                lines.append("")
            lines += self.function_text(self.name("hg_method"), unit, unit, method=True)
        return "\n".join(lines) + "\n"


def editable(path, data):
    if not path.endswith(".py") or b"\r" in data:
        return None
    try:
        text = data.decode("utf-8")
        ast.parse(text)
    except (UnicodeDecodeError, SyntaxError, ValueError):
        return None
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sdist", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--commits", type=int, default=1000, help="total commits, the import included")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    ed = Editor(rng)
    files = read_sdist(args.sdist)  # path -> (mode, bytes)
    texts = {}  # editable .py files: path -> str
    for p, (mode, data) in files.items():
        if mode != "120000":
            t = editable(p, data)
            if t is not None:
                texts[p] = t
    fi = FastImport(args.repo)
    name = os.path.basename(args.sdist)
    fi.commit("import %s\n" % name, AUTHORS[0], BASE_DATE,
              [(p, m, d) for p, (m, d) in files.items()])
    pending_fix = {}  # commit number -> [(path, good text)]
    broken = set()
    stats = {}
    for i in range(1, args.commits):
        changes = {}  # path -> str text, or None for deletion
        ops = []
        for path, good in pending_fix.pop(i, []):
            if path in broken:
                broken.discard(path)
                texts[path] = good
                changes[path] = good
                ops.append("fix")
        pool = sorted(p for p in texts if p not in broken)
        r = rng.random()
        if r < 0.02 and pool:  # rename, with or without edits
            old = rng.choice(pool)
            d, b = os.path.split(old)
            new = os.path.join(d, "%s_r%d.py" % (b[:-3], i))
            text = texts.pop(old)
            if rng.random() < 0.5:
                text, _ = ed.edit(text)
            texts[new] = text
            changes[old] = None
            changes[new] = text
            ops.append("rename")
        elif r < 0.03:  # new file
            dirs = sorted({os.path.dirname(p) for p in pool}) or [""]
            new = os.path.join(rng.choice(dirs), "hg_generated_%d.py" % i)
            unit = "    "
            texts[new] = changes[new] = ed.new_module(unit)
            ops.append("add-file")
        elif r < 0.035 and len(pool) > 20:  # delete a file
            old = rng.choice(pool)
            del texts[old]
            changes[old] = None
            ops.append("delete-file")
        elif r < 0.04 and pool:  # break a file, fixed 1-3 commits later
            path = rng.choice(pool)
            good = texts[path]
            lines = good.split("\n")
            tree = ast.parse(good)
            fns = ed.functions(tree)
            if fns:
                fn = rng.choice(fns)
                at = fn.end_lineno
                ind = indent_of(lines[fn.lineno - 1]) + "    "
                bad = "\n".join(lines[:at] + [ind + rng.choice(BREAKERS)] + lines[at:])
                broken.add(path)
                changes[path] = bad
                pending_fix.setdefault(i + rng.randint(1, 3), []).append((path, good))
                ops.append("break")
        pool = sorted(p for p in texts if p not in broken)
        nfiles = rng.choice([1, 1, 1, 2, 2, 3])
        for _ in range(nfiles):
            if not pool:
                break
            path = rng.choice(pool)
            text = texts[path]
            for _ in range(rng.choice([1, 1, 2, 3])):
                text, op = ed.edit(text)
                if op:
                    ops.append(op)
            if text != texts[path]:
                texts[path] = changes[path] = text
        if not changes:
            # always change something: append a comment to a file
            path = rng.choice(pool)
            texts[path] = changes[path] = texts[path].rstrip("\n") + "\n# hg: touched %d\n" % i + "\n"
            ops.append("comment")
        for op in ops:
            stats[op] = stats.get(op, 0) + 1
        summary = ", ".join(sorted(set(ops)))
        out = []
        for p, t in changes.items():
            if t is None:
                out.append((p, None, None))
            else:
                mode = files.get(p, ("100644",))[0]
                out.append((p, mode, t.encode("utf-8")))
        fi.commit("synthetic %d: %s\n" % (i, summary), rng.choice(AUTHORS), BASE_DATE + i * 3600, out)
        if i % 1000 == 0:
            print("  %d commits" % i, flush=True)
    fi.finish()
    print("  operations: " + ", ".join("%s=%d" % kv for kv in sorted(stats.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
