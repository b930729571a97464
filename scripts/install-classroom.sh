#!/bin/sh
# Installs what the classroom (classroom/README.md) needs, as `make classroom-deps` calls it:
# 1. JupyterHub's HTTP proxy, configurable-http-proxy, from the npm registry at the version
#    classroom/package-lock.json pins;
# 2. the classroom's Python environment, classroom/.venv: the course's pinned packages plus the
#    `classroom` extra, built from a Python every classroom account can run (CLASSROOM_PYTHON,
#    default /usr/bin/python3; an interpreter under root's home is out of the trainees' reach).
# Without npm it says so and returns success: the classroom test then skips with that reason.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
python=${CLASSROOM_PYTHON:-/usr/bin/python3}
if ! command -v npm >/dev/null 2>&1; then
    echo "note: npm not found; the classroom (make classroom) and its test need configurable-http-proxy from npm"
    exit 0
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "note: the classroom needs a Python >= 3.11 that every account can run (set CLASSROOM_PYTHON); skipped"
    exit 0
fi
npm ci --prefix "$here/classroom" --no-audit --no-fund --loglevel=error >/dev/null
env="$here/classroom/.venv"
[ -x "$env/bin/python" ] || "$python" -m venv "$env"
constraints="$env/constraints.txt"
# soupsieve 4 needs Python >= 3.11.5; Debian 12's Python is 3.11.2, where 2.10 is the last release.
if "$python" -c 'import sys; sys.exit(sys.version_info >= (3, 11, 5))'; then
    grep -v '^soupsieve==' "$here/constraints.txt" > "$constraints"
    echo "soupsieve==2.10" >> "$constraints"
else
    cp "$here/constraints.txt" "$constraints"
fi
"$env/bin/python" -m pip install --quiet --upgrade pip
"$env/bin/python" -m pip install --quiet -c "$constraints" -e "$here[classroom]"
chmod -R a+rX "$env" "$here/classroom/node_modules"
