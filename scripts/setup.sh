#!/usr/bin/env bash
# Installs the Debian 12 packages Proofline needs to build, test and run its demo.
# Idempotent: installs only what is missing and runs `apt-get update` at most once.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  clang clang-format clang-tidy libclang-rt-14-dev
  libsqlite3-dev sqlite3 libssl-dev openssl
  nlohmann-json3-dev libcli11-dev libgit2-dev libyaml-cpp-dev libre2-dev libexpat1-dev
  libvalijson-dev libvectorscan-dev libtomlplusplus-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  curl nodejs tzdata
  nginx-light  # the nginx blue-green example is tested for real (examples/deploy/nginx)
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
# Packages must not start system services (nginx on port 80): tests start their own on free
# ports. policy-rc.d is Debian's switch for that; ours is removed again after the install.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee "$policy" >/dev/null
  "${sudo_cmd[@]}" chmod 755 "$policy"
  own_policy=true
fi
status=0
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
if $own_policy; then "${sudo_cmd[@]}" rm -f "$policy"; fi
exit $status
