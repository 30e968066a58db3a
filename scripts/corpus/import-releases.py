#!/usr/bin/env python3
"""Build a git history of successive releases from sdists.

    import-releases.py REPO VERSION=SDIST.tar.gz [VERSION=SDIST.tar.gz ...]

One commit per sdist, in the order given; each commit replaces the whole
tree with the sdist's content (top-level directory stripped). Author,
committer and dates are fixed, so the commit ids are the same on every run.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _fastimport import FastImport, read_sdist  # noqa: E402

AUTHOR = ("Corpus Release Bot", "releases@corpus.invalid")
BASE_DATE = 1609459200  # 2021-01-01T00:00:00Z
STEP = 86400 * 7


def main(argv):
    if len(argv) == 2 and argv[1] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        return 0
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    repo = argv[1]
    fi = FastImport(repo)
    for i, spec in enumerate(argv[2:]):
        version, _, tarball = spec.partition("=")
        files = read_sdist(tarball)
        changes = [(p, mode, data) for p, (mode, data) in files.items()]
        fi.commit("release %s\n" % version, AUTHOR, BASE_DATE + i * STEP, changes, deleteall=True)
        print("  release %s: %d files" % (version, len(files)), flush=True)
    fi.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
