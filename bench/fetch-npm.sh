#!/usr/bin/env bash
# Fetches the JavaScript peers some benchmarks compare against from the npm registry with curl:
# no npm needed. Each tarball is pinned by version and by its sha512 integrity (the registry's
# `dist.integrity`), checked before it is unpacked into <dest>/node_modules/<name>. Cached: a
# package whose unpacked copy carries the pinned integrity is not fetched again.
#
# Usage: bench/fetch-npm.sh cel|hcl2json [dest]   (default <repo>/build-bench/<set>-js)
#   cel       @bufbuild/cel, the CEL benchmark's reference (bench/cel_js/bench.mjs)
#   hcl2json  @cdktf/hcl2json, HashiCorp's HCL parser (Go, compiled to wasm): the IaC
#             benchmark's parsing reference (bench/iac_parse.mjs)
# Needs: curl, tar, openssl (for the sha512), base64.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
set_name=${1:?usage: fetch-npm.sh cel|hcl2json [dest]}
dest=${2:-$root/build-bench/$set_name-js}
registry=https://registry.npmjs.org

# name version integrity, with the runtime dependencies at the versions the registry resolves.
case $set_name in
  cel)
    # @bufbuild/cel 0.6.1 depends on @bufbuild/cel-spec and @bufbuild/re2 (exact versions) and
    # peer-depends on @bufbuild/protobuf ^2.6.2, which cel-spec needs as well.
    packages=(
      "@bufbuild/cel 0.6.1 sha512-tW7cvf5byb4zrVKsdkVk/UhD3dH6Q0hnfmeRyKaAGXx0pwebk7NjUgdR2GSwf74GXxkC7StMfgRLA2Ea/+zPKw=="
      "@bufbuild/cel-spec 0.6.1 sha512-m0Ac9qA669yxxC0Hy45qGsUZemjImVfxPl6r9jLbkJviEvv3R9hSYyH2ItGRbDguekX6eId0cb62ulNBK97ezg=="
      "@bufbuild/re2 0.6.1 sha512-VY7zV7bWKdAsf46epowVKidolEfMKw/FoHo2xYVDVzLj/hiP5qDL3nXqJt6seZClRYfG+uzAPFQBZBlj07wO5A=="
      "@bufbuild/protobuf 2.17.0 sha512-hcPkSz6D7MiTU/5VBBhK+kxaYDoOdQ6yJRFJ3kS8Nydp+VZXfg1vrpABKPNod8bXMufsVCmiUJVIKFzCzta4uw=="
    )
    ;;
  hcl2json)
    # @cdktf/hcl2json 0.21.0 needs fs-extra 11.3.0 (to read its wasm), which needs graceful-fs,
    # jsonfile and universalify.
    packages=(
      "@cdktf/hcl2json 0.21.0 sha512-cwX3i/mSJI/cRrtqwEPRfawB7pXgNioriSlkvou8LWiCrrcDe9ZtTbAbu8W1tEJQpe1pnX9VEgpzf/BbM7xF8Q=="
      "fs-extra 11.3.0 sha512-Z4XaCL6dUDHfP/jT25jJKMmtxvuwbkrD1vNSMFlo9lNLY2c5FHYSQgHPRZUjAB26TpDEoW9HCOgplrdbaPV/ew=="
      "graceful-fs 4.2.11 sha512-RbJ5/jmFcNNCcDV5o9eTnBLJ/HszWV0P73bc+Ff4nS/rJj+YaS6IGyiOL0VoBYX+l1Wrl3k63h/KrH+nhJ0XvQ=="
      "jsonfile 6.1.0 sha512-5dgndWOriYSm5cnYaJNhalLNDKOqFwyDB/rr1E9ZsGciGvKPs8R2xYGCacuf3z6K1YKDz182fd+fY3cn3pMqXQ=="
      "universalify 2.0.1 sha512-gptHNQghINnc/vTGIk0SOFGFNXw7JVrlRUtConJRlvaw6DuX0wO5Jeko9sWrMBhh+PsYAZ7oXAiOnf/UKogyiw=="
    )
    ;;
  *)
    echo "fetch-npm.sh: unknown set '$set_name' (cel or hcl2json)" >&2
    exit 2
    ;;
esac

mkdir -p "$dest/node_modules" "$dest/tarballs"
# The scripts that use them are run with NODE_PATH or from <dest>: node resolves <dest>/node_modules.
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
