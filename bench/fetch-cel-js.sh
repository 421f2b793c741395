#!/usr/bin/env bash
# Fetches the JavaScript CEL implementation the CEL benchmark compares against (@bufbuild/cel and
# its runtime dependencies) from the npm registry with curl: no npm needed. Each tarball is pinned
# by version and by its sha512 integrity (the registry's `dist.integrity`), checked before it is
# unpacked into <dest>/node_modules/<name>. Cached: a package whose unpacked copy carries the
# pinned integrity is not fetched again.
#
# Usage: bench/fetch-cel-js.sh [dest]     (default <repo>/build-bench/cel-js)
# Needs: curl, tar, openssl (for the sha512), base64.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=${1:-$root/build-bench/cel-js}
registry=https://registry.npmjs.org

# name version integrity. @bufbuild/cel 0.6.1 depends on @bufbuild/cel-spec and @bufbuild/re2
# (exact versions) and peer-depends on @bufbuild/protobuf ^2.6.2, which cel-spec needs as well.
packages=(
  "@bufbuild/cel 0.6.1 sha512-tW7cvf5byb4zrVKsdkVk/UhD3dH6Q0hnfmeRyKaAGXx0pwebk7NjUgdR2GSwf74GXxkC7StMfgRLA2Ea/+zPKw=="
  "@bufbuild/cel-spec 0.6.1 sha512-m0Ac9qA669yxxC0Hy45qGsUZemjImVfxPl6r9jLbkJviEvv3R9hSYyH2ItGRbDguekX6eId0cb62ulNBK97ezg=="
  "@bufbuild/re2 0.6.1 sha512-VY7zV7bWKdAsf46epowVKidolEfMKw/FoHo2xYVDVzLj/hiP5qDL3nXqJt6seZClRYfG+uzAPFQBZBlj07wO5A=="
  "@bufbuild/protobuf 2.17.0 sha512-hcPkSz6D7MiTU/5VBBhK+kxaYDoOdQ6yJRFJ3kS8Nydp+VZXfg1vrpABKPNod8bXMufsVCmiUJVIKFzCzta4uw=="
)

mkdir -p "$dest/node_modules" "$dest/tarballs"
# bench.mjs is an ES module; node resolves the packages from <dest>/node_modules.
for entry in "${packages[@]}"; do
  read -r name version integrity <<<"$entry"
  target=$dest/node_modules/$name
  stamp=$target/.proofline-integrity
  if [[ -f $stamp && $(cat "$stamp") == "$integrity" ]]; then
    continue
  fi
  file=${name##*/}-$version.tgz
  tgz=$dest/tarballs/$file
  if [[ ! -f $tgz ]]; then
    echo "fetching $name@$version" >&2
    curl -fsSL --retry 3 -o "$tgz.tmp" "$registry/$name/-/$file"
    mv "$tgz.tmp" "$tgz"
  fi
  actual=sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)
  if [[ $actual != "$integrity" ]]; then
    rm -f "$tgz"
    echo "integrity mismatch for $name@$version: expected $integrity, got $actual" >&2
    exit 1
  fi
  rm -rf "$target"
  mkdir -p "$target"
  # npm tarballs hold everything under package/.
  tar -xzf "$tgz" -C "$target" --strip-components=1 --no-same-owner
  echo "$integrity" >"$stamp"
done
echo "$dest/node_modules"
