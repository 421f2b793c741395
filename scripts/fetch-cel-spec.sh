#!/usr/bin/env bash
# Fetches the public CEL conformance suite for src/cel/conformance_test.cc: the npm package
# @bufbuild/cel-spec (the cel-spec test data as JavaScript), pinned by version and checked
# against its registry sha512 integrity, unpacked into build/cel-spec and converted with node to
# build/cel-spec/conformance.json. Cached: a second run with the same version does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.6.1
integrity=sha512-m0Ac9qA669yxxC0Hy45qGsUZemjImVfxPl6r9jLbkJviEvv3R9hSYyH2ItGRbDguekX6eId0cb62ulNBK97ezg==
url=https://registry.npmjs.org/@bufbuild/cel-spec/-/cel-spec-$version.tgz

dir=build/cel-spec
tgz=$dir/cel-spec-$version.tgz
out=$dir/conformance.json
stamp=$dir/VERSION

if [[ -f $out && -f $stamp && $(<"$stamp") == "$version" ]]; then
  exit 0
fi
mkdir -p "$dir"

sri() { echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }

if [[ ! -f $tgz || $(sri "$tgz") != "$integrity" ]]; then
  echo "fetch-cel-spec: downloading @bufbuild/cel-spec $version" >&2
  curl -fsSL --retry 3 -o "$tgz.tmp" "$url"
  actual=$(sri "$tgz.tmp")
  if [[ $actual != "$integrity" ]]; then
    rm -f "$tgz.tmp"
    echo "fetch-cel-spec: integrity mismatch for $url: got $actual" >&2
    exit 1
  fi
  mv "$tgz.tmp" "$tgz"
fi

rm -rf "$dir/package"
tar -xzf "$tgz" -C "$dir"
node -e 'process.stdout.write(JSON.stringify(require(process.argv[1]).tests))' \
  "$PWD/$dir/package/dist/cjs/testdata/conformance.js" >"$out.tmp"
mv "$out.tmp" "$out"
echo "$version" >"$stamp"
echo "fetch-cel-spec: wrote $out" >&2
