#!/usr/bin/env bash
# Benchmark hunkguard against git and its peers on the deterministic corpora.
#
#   scripts/bench/bench.sh [--runs N] [--sample N] [--only a,b,c,d,e,p] [--peers-releases]
#                    [--releases-sample N] [--hunkguard PATH] [--no-build] [--skip-10k]
#                    [--json FILE] [--keep] [--before PATH]
#
# Builds target/release/hunkguard when missing or older than src/ or Cargo.*, Bandit 1.9.4 and
# Ruff into target/bench-venv, and the corpora (scripts/corpus/make-corpus.sh, 1,000 and 10,000
# synthetic commits), then runs bench.py beside it, which prints a markdown table of medians on
# stdout (progress on stderr). --runs (5) repeats every measurement; --sample (10) runs Bandit
# and Ruff on every Nth commit of the synthetic range, extrapolated. See scripts/README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
BANDIT_VERSION=1.9.4
RUFF_VERSION=0.17.6

hg="" build=1 skip10k=0 pass=()
while [ $# -gt 0 ]; do
    case "$1" in
        --hunkguard) hg=$2; shift 2 ;;
        --hunkguard=*) hg=${1#*=}; shift ;;
        --no-build) build=0; shift ;;
        --skip-10k) skip10k=1; shift ;;
        --runs|--sample|--only|--releases-sample|--json|--before) pass+=("$1" "$2"); shift 2 ;;
        --runs=*|--sample=*|--only=*|--releases-sample=*|--json=*|--before=*|--peers-releases|--keep)
            pass+=("$1"); shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench: unknown argument $1" >&2; exit 2 ;;
    esac
done
cd "$root"

# 1. The binary: the one given, else target/release, rebuilt when missing or stale.
if [ -z "$hg" ]; then
    hg=$root/target/release/hunkguard
    if [ ! -x "$hg" ] || [ -n "$(find src Cargo.toml Cargo.lock -newer "$hg" -print -quit)" ]; then
        if [ "$build" = 1 ]; then
            echo "bench: building $hg (cargo build --release)" >&2
            cargo build --release --quiet
        elif [ -x "$hg" ]; then
            echo "bench: warning: $hg is older than the sources (--no-build)" >&2
        else
            echo "bench: $hg is missing (and --no-build)" >&2; exit 2
        fi
    fi
fi
[ -x "$hg" ] || { echo "bench: $hg is not executable" >&2; exit 2; }
# Measure a copy: a cargo build running meanwhile must not swap the binary mid-benchmark.
mkdir -p target/bench
cp "$hg" target/bench/hunkguard
hg=$root/target/bench/hunkguard

# 2. Bandit and Ruff, pinned, in their own virtualenv.
venv=$root/target/bench-venv
if ! "$venv/bin/bandit" --version 2>/dev/null | grep -q "^bandit $BANDIT_VERSION\$" ||
   ! "$venv/bin/ruff" --version 2>/dev/null | grep -q "^ruff $RUFF_VERSION\$"; then
    echo "bench: installing bandit $BANDIT_VERSION and ruff $RUFF_VERSION into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        "bandit==$BANDIT_VERSION" "ruff==$RUFF_VERSION" >&2
fi

# GNU time launches each measured command, so its peak RSS is its own (see bench.py).
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "bench: installing GNU time (apt-get install time)" >&2
        apt-get install -y -qq time >&2 || echo "bench: warning: no GNU time; RSS will be overstated" >&2
    else
        echo "bench: warning: no /usr/bin/time (GNU time); peak RSS will be overstated" >&2
    fi
fi

# 3. The corpora (idempotent: built ones are left alone).
"$root/scripts/corpus/make-corpus.sh" --commits 1000 --seed 1 target/corpus >&2
[ "$skip10k" = 1 ] || "$root/scripts/corpus/make-corpus.sh" --commits 10000 --seed 1 target/corpus >&2

# 4. The measurements.
echo "bench: load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" >&2
exec python3 "$here/bench.py" --hunkguard "$hg" --venv "$venv" --corpus target/corpus ${pass[@]+"${pass[@]}"}
