#!/usr/bin/env bash
# Creates (or brings up to date) a test-only Python virtualenv and prints its python's path.
#
#   hack/python-env.sh NAME REQUIREMENTS_FILE
#
# The venv lives at $KUBETUNE_VENV_DIR/NAME (default <repo>/.venv/NAME, which git ignores). The
# venv records a hash of the requirements and of the base interpreter; while both are unchanged
# a run only compares hashes, so callers can run this before every test. When either changes
# the venv is rebuilt from scratch, so packages dropped from the requirements do not linger.
# Only the python path goes to stdout; progress and pip's output go to stderr.
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 NAME REQUIREMENTS_FILE" >&2
  exit 2
fi
name=$1
requirements=$2
# The venv is rebuilt with --clear, so NAME must not reach outside its own directory.
if [[ ! $name =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]]; then
  echo "python-env: NAME must be a plain directory name, got '$name'" >&2
  exit 2
fi
if [[ ! -f $requirements ]]; then
  echo "python-env: no requirements file '$requirements'" >&2
  exit 2
fi

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv_root=${KUBETUNE_VENV_DIR:-$repo/.venv}
mkdir -p "$venv_root"
# Callers hand the printed path to builds that run elsewhere, so it must be absolute.
venv_root=$(cd "$venv_root" && pwd)
venv=$venv_root/$name
stamp=$venv/.kubetune-requirements.sha256

# Debian's interpreter (with python3-venv from hack/install-deps.sh) keeps CI independent of
# whatever python3 a developer has first on PATH.
base_python=/usr/bin/python3
if [[ ! -x $base_python ]]; then
  base_python=$(command -v python3) || {
    echo "python-env: no python3 found; run hack/install-deps.sh" >&2
    exit 1
  }
fi

want=$({
  cat "$requirements"
  echo "$base_python"
  "$base_python" -c 'import sys; print(sys.version)'
} | sha256sum | cut -d' ' -f1)

if [[ -f $stamp && $(<"$stamp") == "$want" && -x $venv/bin/python ]]; then
  echo "$venv/bin/python"
  exit 0
fi

# Two builds configuring at once must not install into the same venv together.
exec 9>"$venv_root/.$name.lock"
flock 9
if [[ -f $stamp && $(<"$stamp") == "$want" && -x $venv/bin/python ]]; then
  echo "$venv/bin/python"
  exit 0
fi

echo "python-env: building $venv from $requirements" >&2
rm -f "$stamp"
if ! "$base_python" -m venv --clear "$venv" >&2; then
  echo "python-env: '$base_python -m venv' failed; run hack/install-deps.sh (python3-venv)" >&2
  exit 1
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  --requirement "$requirements" >&2
echo "$want" >"$stamp"
echo "$venv/bin/python"
