#!/bin/sh
# `make test` runs this first: the browser tests need Chromium. As root with apt-get, Debian's
# chromium package is installed (as `make bench` installs wrk); otherwise this stops at once, before
# the suite, with the one command to run. OUTREACH_UID overrides `id -u` (the tests of this script).
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
found() { [ -x "$CHROMIUM" ] || command -v "$CHROMIUM" >/dev/null 2>&1; }
found && exit 0
if [ "${OUTREACH_UID:-$(id -u)}" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing Chromium (Debian package) for the browser tests..."
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq chromium >/dev/null 2>&1 \
		|| { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; }
	found && exit 0
fi
echo "The browser tests need Chromium at $CHROMIUM. Install it with: sudo apt-get install -y chromium" >&2
echo "(or point CHROMIUM_PATH at a Chromium binary)" >&2
exit 1
