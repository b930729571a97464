#!/bin/sh
# Installs the Debian packages listed in scripts/system-packages.txt when they are missing.
# Needs root and apt-get; otherwise it says which features will skip and returns success.
here=$(dirname "$0")
missing=""
for pkg in $(grep -v '^#' "$here/system-packages.txt" | awk '{print $1}'); do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "note: system packages not installed:$missing (needs root and apt-get);"
    echo "      sandboxed grading warns and browser-based map tests skip without them."
    exit 0
fi
echo "installing system packages:$missing"
apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 \
    || echo "warning: could not install:$missing (features that need them will warn or skip)"
exit 0
