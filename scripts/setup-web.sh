#!/usr/bin/env bash
# Installs what the website widget and its browser test need: the npm packages in widget/
# (rasa-webchat, served as it is, and playwright-core for the test) and Debian's Chromium.
# Idempotent: `npm ci` runs only when widget/package-lock.json changed; apt only when Chromium is missing.
# Never downloads a browser of Playwright's own: the test drives /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

WIDGET_DIR=widget
LOCK="$WIDGET_DIR/package-lock.json"
STAMP="$WIDGET_DIR/node_modules/.installed-lock.sha256"
CHROMIUM=${WAYPOINT_CHROMIUM:-/usr/bin/chromium}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'setup-web: %s\n' "$*" >&2; exit 1; }
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# 1. npm packages, exactly as locked.
command -v node >/dev/null 2>&1 || die "the widget needs Node.js 18 or newer and npm (Debian: apt-get install nodejs npm)."
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' \
  || die "Node.js $(node --version) is too old: the widget's browser test needs Node.js 18 or newer."
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$(sha256_of "$LOCK")" ]; then
  say "Installing the widget's npm packages from $LOCK"
  # --ignore-scripts: nothing here needs an install script, and playwright-core must not fetch a browser.
  (cd "$WIDGET_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  sha256_of "$LOCK" > "$STAMP"
else
  say "Widget npm packages already installed"
fi
[ -f "$WIDGET_DIR/node_modules/rasa-webchat/lib/index.js" ] || die "rasa-webchat's bundle is missing after npm ci."

# 2. Chromium for the browser test, from Debian's packages (installed only when running as root).
if [ -x "$CHROMIUM" ]; then
  say "Chromium for the browser test: $("$CHROMIUM" --version 2>/dev/null | head -n1)"
elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  say "Installing Debian's chromium for the browser test"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] || die "apt-get installed chromium but $CHROMIUM is not there; set WAYPOINT_CHROMIUM to its path."
else
  # The widget itself runs without it; only the browser test (make test) needs it.
  printf 'setup-web: warning: no Chromium at %s, so the browser test cannot run.\n' "$CHROMIUM" >&2
  printf '  Install it as root (Debian/Ubuntu: sudo apt-get install chromium) or set WAYPOINT_CHROMIUM.\n' >&2
fi
