#!/bin/sh
# The artifact digest of a directory with nothing but coreutils, as `proofline attest artifact`
# and `proofline deploy` compute it (src/evidence/artifact.h): SHA-256 over the sorted
# "DIGEST  PATH" lines of every file.   tree-digest.sh DIR
set -eu
cd "$1"
find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs -r -d '\n' sha256sum -- | sha256sum | cut -c1-64
