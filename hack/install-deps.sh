#!/usr/bin/env bash
# Installs every build and test dependency of Kubetune on a Debian machine.
# Idempotent: when every package is present it only checks and returns.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  clang-format
  libssl-dev
  libboost-dev libboost-system-dev
  libcpprest-dev
  libyaml-cpp-dev
  libprotobuf-dev protobuf-compiler
  libgrpc++-dev protobuf-compiler-grpc
  libgtest-dev libgmock-dev
  nlohmann-json3-dev
  libeigen3-dev liblbfgspp-dev
  libspdlog-dev libfmt-dev
  libcli11-dev
  zlib1g-dev
  clang-14 libclang-rt-14-dev
  r-cran-palmerpenguins
  python3 python3-venv
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
