#!/bin/bash
# usage: run.sh exthost|ui PORT RUNDIR WORKSPACE EXT_DIR [VSIX]
#   exthost: mocha suite inside the real (Node) extension host, loading the extension from EXT_DIR (the repository:
#            client/dist, server/dist and out/client/src/test/index.js must be built)
#   ui:      installs VSIX with --install-extension, then drives the workbench UI with Playwright
# Environment: ASPM_BACKEND_URL (written into the USER settings: aspm.backend.url is machine-scoped),
#   ASPM_E2E_PLATFORMS (JSON [{kind,url,token,writes}] of fixture platforms: their kind and url become aspm.sources),
#   ASPM_E2E_TOKEN (reaches the extension host and ui-e2e.mjs), E2E_RESULTS_FILE (results JSON of this suite).
set -u
MODE=$1; PORT=$2; RUN=$3; WS=$4; EXT=$5; VSIX=${6:-}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$RUN"/{ext,data/User,config}
node -e '
  const fs = require("fs");
  const settings = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  if (process.env.ASPM_BACKEND_URL) settings["aspm.backend.url"] = process.env.ASPM_BACKEND_URL;
  if (process.env.ASPM_E2E_PLATFORMS) settings["aspm.sources"] = JSON.parse(process.env.ASPM_E2E_PLATFORMS).map((p) => ({ kind: p.kind, url: p.url }));
  fs.writeFileSync(process.argv[2], JSON.stringify(settings, null, 2));
' "$HERE/settings.json" "$RUN/data/User/settings.json"
T0=$(date +%s%N)
ms() { echo $(( ($(date +%s%N) - T0) / 1000000 )); }
EXTRA=()
if [ "$MODE" = ui ]; then
  "$HERE/cs.sh" 0 "$RUN" --install-extension "$VSIX" > "$RUN/install-ext.log" 2>&1 || { cat "$RUN/install-ext.log"; exit 1; }
else
  EXTRA=(--vscode-option enable-smoke-test-driver)   # without it the workbench ignores the payload's dev/test paths
fi
# Own process group: code-server, its extension host and the language server are stopped together.
setsid "$HERE/cs.sh" "$PORT" "$RUN" "${EXTRA[@]}" > "$RUN/code-server.log" 2>&1 &
CS=$!
echo "$CS" > "$RUN/code-server.pgid"
stop() { kill -- "-$CS" 2>/dev/null; wait "$CS" 2>/dev/null; rm -f "$RUN/code-server.pgid"; }
trap stop EXIT
trap 'exit 130' INT TERM
UP=0; for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && { UP=1; break; }; sleep 0.2; done
[ $UP = 1 ] || { echo "[run.sh] code-server did not come up:"; tail -20 "$RUN/code-server.log"; exit 1; }
echo "[run.sh] $MODE: code-server up after $(ms) ms"
cd "$HERE/harness" || exit 1
export XDG_CONFIG_HOME=$RUN/config   # Chromium would otherwise create ~/.config/chromium/Crash Reports
if [ "$MODE" = ui ]; then
  node ui-e2e.mjs "http://127.0.0.1:$PORT" "$WS" "$RUN/shots"
else
  node exthost-tests.mjs "http://127.0.0.1:$PORT" "$WS" "$EXT" "$EXT/out/client/src/test/index.js" 300 "$RUN/exthost-failure.png"
fi
RC=$?
echo "[run.sh] $MODE rc=$RC after $(ms) ms"
exit $RC
