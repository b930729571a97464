#!/bin/sh
# Installs what the classroom (classroom/README.md) needs, as `make classroom-deps` calls it:
# 1. JupyterHub's HTTP proxy, configurable-http-proxy, from the npm registry at the version
#    classroom/package-lock.json pins (it runs as root, from classroom/node_modules);
# 2. the classroom's Python environment: the course's pinned packages, the `classroom` extra and the
#    analystlab package itself (a copy, not a link to this checkout), with classroom/jupyter's settings
#    beside it, under /opt/analystlab-classroom/<checkout id> (analystlab.classroom.ENV_DIR): the
#    trainees' servers run from it as the trainees, who may not be able to read this checkout.
#    It is built from a Python every account can run (CLASSROOM_PYTHON, default /usr/bin/python3).
# Without npm, or as another user than root, it says so and returns success: the classroom test
# then skips with that reason.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
python=${CLASSROOM_PYTHON:-/usr/bin/python3}
if ! command -v npm >/dev/null 2>&1; then
    echo "note: npm not found; the classroom (make classroom) and its test need configurable-http-proxy from npm"
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "note: the classroom environment is installed as root (it serves every account); skipped"
    exit 0
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "note: the classroom needs a Python >= 3.11 that every account can run (set CLASSROOM_PYTHON); skipped"
    exit 0
fi
npm ci --prefix "$here/classroom" --no-audit --no-fund --loglevel=error >/dev/null
env=$("$here/.venv/bin/python" -c 'from analystlab.classroom import ENV_DIR; print(ENV_DIR)')
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
# Built from a copy, so that the build leaves nothing (build/, *.egg-info) in the checkout.
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
cp -r "$here/pyproject.toml" "$here/README.md" "$here/src" "$src/"
rm -rf "$src"/src/*.egg-info
"$env/bin/python" -m pip install --quiet -c "$constraints" "$src[classroom]"
# The same version number after a change to the code: reinstall the package itself every time.
"$env/bin/python" -m pip install --quiet --no-deps --force-reinstall "$src"
rm -rf "$env/etc/analystlab-classroom"
mkdir -p "$env/etc"
cp -r "$here/classroom/jupyter" "$env/etc/analystlab-classroom"
chmod -R a+rX "$env" "$here/classroom/node_modules"
chmod a+x "$(dirname "$env")"
