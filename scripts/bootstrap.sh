#!/usr/bin/env bash
# Creates the project venv (.venv) and installs the pinned dependencies and the Python
# helper. When .venv is current it does nothing: after an install it stores a hash of
# what the install read (requirements.txt, constraints.txt, python/pyproject.toml) in
# .venv/firstparty-bootstrap.sha256, and skips pip while the hash matches.
#   scripts/bootstrap.sh --check   exit 0 when .venv is current, 1 when an install is due
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
STAMP=.venv/firstparty-bootstrap.sha256
INPUTS=(requirements.txt constraints.txt python/pyproject.toml)

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: Python 3.11 or newer is needed ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
    exit 1
fi
wanted="$("$PYTHON" - "${INPUTS[@]}" <<'PY'
import hashlib
import sys

digest = hashlib.sha256()
for name in sys.argv[1:]:
    with open(name, "rb") as file:
        digest.update(name.encode() + b"\0" + hashlib.sha256(file.read()).digest())
print(digest.hexdigest())
PY
)"
current=false
if [ -x .venv/bin/python ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ]; then
    current=true
fi

if "$current"; then
    exit 0
elif [ "${1:-}" = "--check" ]; then
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
rm -f "$STAMP"
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt -c constraints.txt -e python/
echo "$wanted" >"$STAMP"
