#!/usr/bin/env bash
# The browser tests drive Debian's chromium (tools that download their own browser fail here).
# Installs it when missing; needs root, as on a fresh CI or developer machine of this project.
set -euo pipefail
[ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/truetype/noto ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "The browser tests need Debian's chromium: run 'sudo apt-get install -y chromium fonts-noto-color-emoji' and try again." >&2
  exit 1
fi
echo "Installing Debian's chromium (and the emoji font the node icons use) for the browser tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null
