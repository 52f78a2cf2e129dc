#!/usr/bin/env bash
# Install the academy into .venv from the lock files; the one install path for `make` and the
# Dockerfile. Idempotent: a stamp keyed on the lock files' hashes skips work that is done.
#
#   deploy/install.sh            platform (Python deps, configurable-http-proxy)
#   deploy/install.sh --test     also the test tools, and (as root) Debian's Chromium
#   deploy/install.sh --system   (as root) Debian packages the platform needs: bubblewrap, fonts
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
want_system=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    --system) want_system=1 ;;
    *) echo "install.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

VENV=${ACADEMY_VENV:-.venv}
# Debian's Python, not one under /root: per-student Unix accounts must be able to run it.
PYTHON=${ACADEMY_PYTHON:-$(command -v /usr/bin/python3.11 || command -v python3.11 || command -v python3)}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: please install these Debian packages as root: ${missing[*]}" >&2
    return 1
  fi
  echo "==> apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [ $want_system -eq 1 ]; then
  apt_install bubblewrap fonts-dejavu-core
fi
if [ $want_test -eq 1 ]; then
  # Chromium for the browser tests; PostgreSQL to run the hub and grading tests on it too.
  apt_install chromium postgresql
fi

extras=""
[ $want_test -eq 1 ] && extras="[test]"
stamp_key=$( (cat constraints.txt pyproject.toml package-lock.json; echo "$extras"; "$PYTHON" --version) | sha256sum | cut -c1-16)
stamp="$VENV/.academy-installed-$stamp_key"

if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$stamp" ]; then
  echo "==> pip install -c constraints.txt -e .$extras"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade "pip==26.3" "setuptools==84.2.1" "wheel==0.48.0"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c constraints.txt --config-settings editable_mode=compat -e ".$extras"
  rm -f "$VENV"/.academy-installed-*
  touch "$stamp"
fi

# Kernel start-up config (numba cache for boinor): IPython reads sys.prefix/etc/ipython.
mkdir -p "$VENV/etc/ipython"
cp academy/jupyter_config/ipython_kernel_config.py "$VENV/etc/ipython/ipython_kernel_config.py"

if [ ! -x node_modules/.bin/configurable-http-proxy ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci (configurable-http-proxy)"
  npm ci --no-audit --no-fund --loglevel=error
fi
