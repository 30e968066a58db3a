#!/usr/bin/env bash
# Proves that the scripts still run, in seconds and without the network: every entry point
# answers --help, then the corpus generators build two small histories from a package written
# here, the scope oracle checks hunkguard's scopes on one, and compare-builds compares a build
# with itself on both.
#
#   scripts/smoke.sh [HUNKGUARD]     (default: target/debug/hunkguard, which `cargo test` builds)
#
# bench and compare-bandit install Bandit and Ruff and fetch sdists from PyPI, and take minutes,
# so they get --help only. Exits 1 on the first script that fails.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case "${1:-}" in -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
hg=${1:-$root/target/debug/hunkguard}
[ -x "$hg" ] || { echo "smoke: no hunkguard binary at $hg (cargo build first)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
s=$root/scripts

step() {  # step NAME COMMAND...: runs COMMAND quietly, showing its output only when it fails
    local name=$1
    shift
    if "$@" >"$tmp/out" 2>&1; then
        echo "smoke: ok    $name"
    else
        echo "smoke: FAIL  $name (exit $?):" >&2
        cat "$tmp/out" >&2
        exit 1
    fi
}

for script in corpus/make-corpus.sh corpus/gen-history.py corpus/import-releases.py \
    bench/bench.sh bench/bench.py compare/compare-builds.sh compare/compare-bandit.sh \
    compare/compare-bandit.py oracles/scope-oracle.py; do
    step "$script --help" "$s/$script" --help
done

# Two versions of a small package as sdists: modules with functions, methods, a nested function
# and a decorator, which is what gen-history edits.
python3 - "$tmp/src" <<'EOF'
import os, sys
out = sys.argv[1]
for version, extra in (("1.0", ""), ("1.1", "\n\ndef added(value):\n    return eval(value)\n")):
    top = os.path.join(out, "tinypkg-" + version, "tinypkg")
    os.makedirs(top)
    for i in range(4):
        with open(os.path.join(top, "mod%d.py" % i), "w") as f:
            f.write(
                "import functools\nimport subprocess\n\n\n"
                "def run(cmd):\n    subprocess.call(cmd)\n    return cmd\n\n\n"
                "@functools.lru_cache(maxsize=None)\n"
                "def outer(value):\n    def inner(x):\n        total = x + 1\n        return total\n"
                "    result = inner(value)\n    return result\n\n\n"
                "class Thing%d:\n    def __init__(self, value):\n        self.value = value\n\n"
                "    def get(self, value):\n        seen = self.value\n        return seen\n%s" % (i, extra)
            )
EOF
for v in 1.0 1.1; do tar -czf "$tmp/tinypkg-$v.tar.gz" -C "$tmp/src" "tinypkg-$v"; done

step "gen-history.py (60 commits)" python3 "$s/corpus/gen-history.py" \
    --sdist "$tmp/tinypkg-1.0.tar.gz" --repo "$tmp/synthetic" --commits 60 --seed 1
step "import-releases.py (2 releases)" python3 "$s/corpus/import-releases.py" "$tmp/releases" \
    "1.0=$tmp/tinypkg-1.0.tar.gz" "1.1=$tmp/tinypkg-1.1.tar.gz"
first=$(git -C "$tmp/synthetic" rev-list --max-parents=0 HEAD)
step "scope-oracle.py on the synthetic history" python3 "$s/oracles/scope-oracle.py" \
    "$tmp/synthetic" "$first..HEAD" --hunkguard "$hg" --jobs 2
step "compare-builds.sh of the build against itself" "$s/compare/compare-builds.sh" \
    "$hg" "$hg" "$tmp/synthetic" "$tmp/releases"
echo "smoke: every script ran"
