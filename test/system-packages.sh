#!/usr/bin/env bash
# The Debian packages the tests need besides node_modules: Chromium (browser tests), tshark (the
# decoder oracle), keepalived (the config oracle) and psmisc (killall, the Panda check script in the
# recording lab). Run before the tests (`npm test`'s pretest step, and .ci/run): when one is missing,
# root installs them here with apt-get; anyone else is stopped at once with the one command to run.
# VRRPSCOPE_ALLOW_MISSING_TOOLS=1 skips the check (the tests needing a tool then skip themselves).
set -euo pipefail
[ "${VRRPSCOPE_ALLOW_MISSING_TOOLS:-}" = 1 ] && exit 0

need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v keepalived >/dev/null 2>&1 || need+=(keepalived)
command -v killall >/dev/null 2>&1 || need+=(psmisc)
[ ${#need[@]} -eq 0 ] && exit 0

# Chromium renders the UI screenshots with DejaVu; tshark's setup must not ask about capture rights.
packages=("${need[@]}" fonts-dejavu-core)
command="apt-get install -y --no-install-recommends ${packages[*]}"
if [ "$EUID" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing the Debian packages the tests need: ${need[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
  exit 0
fi
{
  echo "The tests need these Debian packages, which are missing: ${need[*]}"
  echo "Install them with:"
  echo
  echo "  sudo $command"
  echo
  echo "(or run the tests without them: VRRPSCOPE_ALLOW_MISSING_TOOLS=1 npm test)"
} >&2
exit 1
