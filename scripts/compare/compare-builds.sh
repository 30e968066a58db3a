#!/usr/bin/env bash
# Checks that two hunkguard builds report the same thing, byte for byte, on the corpora:
# for a change that should only make hunkguard faster or leaner.
#
#   scripts/compare/compare-builds.sh NEW OLD [REPO...]
#
# Each REPO (default: target/corpus/synthetic and target/corpus/releases, built by
# scripts/corpus/make-corpus.sh) is scanned from its root commit to HEAD with --format json under
# --scope hunk, function and file, plus --tests strict and --merges under --scope hunk, and
# with --format review and --format text. Prints one line per comparison; exits 1 when any
# output or exit code differs, 2 on bad arguments.
set -uo pipefail

case "${1:-}" in -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
if [ $# -lt 2 ]; then
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
new=$1 old=$2
shift 2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
repos=("$@")
[ ${#repos[@]} -gt 0 ] || repos=("$root/target/corpus/synthetic" "$root/target/corpus/releases")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failed=0
compare() {
    local repo=$1 spec=$2
    shift 2
    "$new" range "$spec" --repo "$repo" -q "$@" >"$tmp/new" 2>"$tmp/new.err"
    local a=$?
    "$old" range "$spec" --repo "$repo" -q "$@" >"$tmp/old" 2>"$tmp/old.err"
    local b=$?
    if [ "$a" != "$b" ] || ! cmp -s "$tmp/new" "$tmp/old"; then
        echo "DIFFERENT $repo $* (exit $a / $b)"
        failed=1
    else
        echo "same      $repo $* ($(wc -c <"$tmp/new") bytes, exit $a)"
    fi
}

for repo in "${repos[@]}"; do
    if ! git -C "$repo" rev-parse -q --verify HEAD >/dev/null; then
        echo "compare-builds: not a repository with commits: $repo" >&2
        exit 2
    fi
    first=$(git -C "$repo" rev-list --max-parents=0 HEAD | tail -n 1)
    spec="$first..HEAD"
    for scope in hunk function file; do
        compare "$repo" "$spec" --format json --scope "$scope"
    done
    compare "$repo" "$spec" --format json --tests strict
    compare "$repo" "$spec" --format json --merges
    compare "$repo" "$spec" --format review
    compare "$repo" "$spec" --format text --color never
done
exit $failed
