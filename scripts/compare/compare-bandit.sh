#!/usr/bin/env bash
# Compare hunkguard's findings with Bandit 1.9.4's on whole source trees.
#
#   scripts/compare/compare-bandit.sh [options] SRC_DIR [SRC_DIR...]
#   scripts/compare/compare-bandit.sh [options] --corpora [SRC_DIR...]
#
# For each SRC_DIR its *.py files (Bandit's default excludes applied) are committed
# in one commit of a fresh temporary git repository R, then
#   hunkguard commit HEAD --repo R --format json --scope file --tests strict
#   bandit -r R -f json -q
# run on it, and the findings of the files both looked at are compared by
# (path, line, id): per-id counts, recall (matched/Bandit), precision
# (matched/hunkguard), severity/confidence mismatches, the first differences.
#
# Options:
#   --hunkguard PATH  the binary (default: $HUNKGUARD, else the newer of
#                     target/debug/hunkguard and target/release/hunkguard, else PATH)
#   --show N          print the first N differences per SRC_DIR (default 30)
#   --known-only      only the ids hunkguard knows (first column of `hunkguard rules`)
#   --corpora         also fetch (pip download, cached in target/sdists) and run:
#                     Bandit 1.9.4's examples/, Django 5.1.15's django/,
#                     ansible-core 2.17.14's lib/ansible
#   --keep            keep the temporary repositories
#
# Bandit is installed once into target/bandit-venv (pip install bandit==1.9.4).
# Exit status 0 (it is a report); 2 when a tool could not be set up or run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BANDIT_VERSION=1.9.4
VENV="$ROOT/target/bandit-venv"
SDISTS="$ROOT/target/sdists"
PY="${PYTHON:-python3}"

usage() { sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "compare-bandit: $*" >&2; exit 2; }

HG="${HUNKGUARD:-}"
SHOW=30
KNOWN=()
KEEP=()
CORPORA=0
SRCS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --hunkguard) [ $# -ge 2 ] || die "--hunkguard needs a path"; HG="$2"; shift 2 ;;
    --hunkguard=*) HG="${1#*=}"; shift ;;
    --show) [ $# -ge 2 ] || die "--show needs a number"; SHOW="$2"; shift 2 ;;
    --show=*) SHOW="${1#*=}"; shift ;;
    --known-only) KNOWN=(--known-only); shift ;;
    --keep) KEEP=(--keep); shift ;;
    --corpora) CORPORA=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; SRCS+=("$@"); break ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) SRCS+=("$1"); shift ;;
  esac
done
[[ "$SHOW" =~ ^[0-9]+$ ]] || die "--show needs a number, not '$SHOW'"
[ "$CORPORA" = 1 ] || [ ${#SRCS[@]} -gt 0 ] || { usage >&2; exit 2; }

# --- the hunkguard binary
if [ -z "$HG" ]; then
  for c in "$ROOT/target/debug/hunkguard" "$ROOT/target/release/hunkguard"; do
    if [ -x "$c" ] && { [ -z "$HG" ] || [ "$c" -nt "$HG" ]; }; then HG="$c"; fi
  done
  [ -n "$HG" ] || HG="$(command -v hunkguard || true)"
fi
[ -n "$HG" ] && [ -x "$HG" ] || die "no hunkguard binary (build it, or pass --hunkguard PATH)"

# --- Bandit, in its own virtualenv, created once
BANDIT="$VENV/bin/bandit"
if ! { [ -x "$BANDIT" ] && "$BANDIT" --version 2>/dev/null | head -1 | grep -qx "bandit $BANDIT_VERSION"; }; then
  echo "compare-bandit: installing bandit==$BANDIT_VERSION into $VENV" >&2
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV" || die "cannot create $VENV"
  "$VENV/bin/python" -m pip install -q "bandit==$BANDIT_VERSION" >&2 || die "pip install bandit==$BANDIT_VERSION failed"
fi

# --- corpora: pip download an sdist once, unpack it once, name a dir inside it
fetch() {  # fetch REQUIREMENT GLOB  -> prints the unpacked top directory
  local req="$1" glob="$2" tarball dir
  mkdir -p "$SDISTS"
  tarball="$(compgen -G "$SDISTS/$glob" | head -1 || true)"
  if [ -z "$tarball" ]; then
    echo "compare-bandit: downloading $req" >&2
    "$PY" -m pip download -q --no-deps --no-binary :all: "$req" -d "$SDISTS" >&2 || die "pip download $req failed"
    tarball="$(compgen -G "$SDISTS/$glob" | head -1 || true)"
    [ -n "$tarball" ] || die "pip download $req left no $glob in $SDISTS"
  fi
  dir="${tarball%.tar.gz}"
  if [ ! -d "$dir" ]; then
    tar -xzf "$tarball" -C "$SDISTS" || die "cannot unpack $tarball"
  fi
  [ -d "$dir" ] || die "$tarball did not unpack into $dir"
  echo "$dir"
}

LABELS=()
ALL=()
if [ "$CORPORA" = 1 ]; then
  d="$(fetch "bandit==$BANDIT_VERSION" "[bB]andit-$BANDIT_VERSION.tar.gz")"
  ALL+=("$d/examples"); LABELS+=(--label "bandit-$BANDIT_VERSION-examples")
  d="$(fetch "django==5.1.15" "[dD]jango-5.1.15.tar.gz")"
  ALL+=("$d/django"); LABELS+=(--label "django-5.1.15")
  d="$(fetch "ansible-core==2.17.14" "ansible[-_]core-2.17.14.tar.gz")"
  ALL+=("$d/lib/ansible"); LABELS+=(--label "ansible-core-2.17.14")
fi
for s in ${SRCS[@]+"${SRCS[@]}"}; do
  [ -d "$s" ] || die "$s is not a directory"
  ALL+=("$s"); LABELS+=(--label "$(basename "$(cd "$s" && pwd)")")
done

echo "hunkguard: $HG ($("$HG" --version 2>/dev/null | head -1 || true))"
echo "bandit:    $("$BANDIT" --version 2>/dev/null | head -1)"
exec "$PY" "$ROOT/scripts/compare/compare-bandit.py" --hunkguard "$HG" --bandit "$BANDIT" \
  --show "$SHOW" ${KNOWN[@]+"${KNOWN[@]}"} ${KEEP[@]+"${KEEP[@]}"} "${LABELS[@]}" "${ALL[@]}"
