#!/usr/bin/env bash
# Build deterministic git repositories for hunkguard's benchmarks and oracles.
#
#   scripts/corpus/make-corpus.sh [--commits N] [--seed S] [DIR]     (DIR defaults to target/corpus)
#
#   DIR/sdists/          cached PyPI sdists (pip download)
#   DIR/releases/        one commit per Django release, 3.2 .. 5.1.x ("release X.Y.Z")
#   DIR/synthetic/       N commits (default 1000) of generated edits to flask's code;
#                        another N goes to DIR/synthetic-N, so both can coexist
#
# Idempotent: a repository that is already complete is left alone. Environment:
# CORPUS_COMMITS and CORPUS_SEED are the defaults of --commits and --seed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
commits=${CORPUS_COMMITS:-1000}
seed=${CORPUS_SEED:-1}
out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --commits) commits=$2; shift 2 ;;
        --commits=*) commits=${1#*=}; shift ;;
        --seed) seed=$2; shift 2 ;;
        --seed=*) seed=${1#*=}; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "make-corpus: unknown option $1" >&2; exit 2 ;;
        *) out=$1; shift ;;
    esac
done
case "$commits" in ''|*[!0-9]*) echo "make-corpus: --commits needs a number" >&2; exit 2 ;; esac
[ "$commits" -ge 2 ] || { echo "make-corpus: --commits must be at least 2" >&2; exit 2; }
out=${out:-target/corpus}
mkdir -p "$out/sdists"
out=$(cd "$out" && pwd)
sdists=$out/sdists

# Version order (not date order): a run of consecutive patch releases gives
# small commits, a new minor or major version gives large ones.
DJANGO_VERSIONS=(
    3.2 3.2.1 3.2.2 3.2.3 3.2.8 3.2.12 3.2.16 3.2.20 3.2.25
    4.0 4.0.1 4.0.4 4.0.8 4.0.10
    4.1 4.1.1 4.1.4 4.1.8 4.1.13
    4.2 4.2.1 4.2.4 4.2.8 4.2.13 4.2.16 4.2.20
    5.0 5.0.1 5.0.4 5.0.8 5.0.14
    5.1 5.1.1 5.1.4 5.1.8 5.1.15
)
SYNTH_PKG=flask
SYNTH_VERSION=3.0.3

t0=$SECONDS
sdist_path() {  # NAME VERSION -> path of the cached sdist, or nothing
    find "$sdists" -maxdepth 1 -iname "$1-$2.tar.gz" -print -quit
}

# 1. Fetch the sdists not cached yet, two pip processes at a time.
missing=()
for v in "${DJANGO_VERSIONS[@]}"; do
    [ -n "$(sdist_path django "$v")" ] || missing+=("django==$v")
done
[ -n "$(sdist_path "$SYNTH_PKG" "$SYNTH_VERSION")" ] || missing+=("$SYNTH_PKG==$SYNTH_VERSION")
if [ ${#missing[@]} -gt 0 ]; then
    echo "fetching ${#missing[@]} sdists into $sdists"
    printf '%s\n' "${missing[@]}" |
        xargs -P 2 -I{} pip download --quiet --disable-pip-version-check \
            --no-deps --no-binary :all: -d "$sdists" {}
fi
for v in "${DJANGO_VERSIONS[@]}"; do
    [ -n "$(sdist_path django "$v")" ] || { echo "make-corpus: sdist of django $v missing" >&2; exit 1; }
done
echo "sdists ready ($((SECONDS - t0))s)"

# build NAME STAMP COMMAND...: run COMMAND with the repository path appended,
# in a temporary directory, then move it in place; skip when the stamp matches.
build() {
    local name=$1 stamp=$2; shift 2
    local repo=$out/$name
    if [ -f "$repo/.git/corpus-stamp" ] && [ "$(cat "$repo/.git/corpus-stamp")" = "$stamp" ]; then
        echo "$name: up to date"
        return
    fi
    local t=$SECONDS
    rm -rf "$repo" "$repo.tmp"
    echo "$name: building"
    "$@" "$repo.tmp"
    printf '%s\n' "$stamp" > "$repo.tmp/.git/corpus-stamp"
    mv "$repo.tmp" "$repo"
    echo "$name: built in $((SECONDS - t))s"
}

import_releases() {
    local args=() v
    for v in "${DJANGO_VERSIONS[@]}"; do args+=("$v=$(sdist_path django "$v")"); done
    python3 "$here/import-releases.py" "$1" "${args[@]}"
}
gen_synthetic() {
    python3 "$here/gen-history.py" --sdist "$(sdist_path "$SYNTH_PKG" "$SYNTH_VERSION")" \
        --commits "$commits" --seed "$seed" --repo "$1"
}

# The stamps name the inputs and the generators' content, so editing a
# generator rebuilds its repository.
gen_sum=$(cat "$here/_fastimport.py" "$here/gen-history.py" | sha1sum | cut -c1-12)
rel_sum=$(cat "$here/_fastimport.py" "$here/import-releases.py" | sha1sum | cut -c1-12)
build releases "django ${DJANGO_VERSIONS[*]} $rel_sum" import_releases
synth=synthetic
[ "$commits" = 1000 ] && [ "$seed" = 1 ] || synth=synthetic-$commits
[ "$seed" = 1 ] || synth=$synth-seed$seed
build "$synth" "$SYNTH_PKG $SYNTH_VERSION commits=$commits seed=$seed $gen_sum" gen_synthetic

echo
echo "corpus in $out ($((SECONDS - t0))s)"
for name in releases "$synth"; do
    repo=$out/$name
    printf '  %-28s %6d commits  HEAD %s  root %s\n' "$repo" \
        "$(git -C "$repo" rev-list --count HEAD)" "$(git -C "$repo" rev-parse --short HEAD)" \
        "$(git -C "$repo" rev-list --max-parents=0 HEAD | cut -c1-7)"
done
