#!/bin/bash
# End-to-end tests of the ASPM extension in a real VS Code (code-server), offline:
#   1. setup.sh (apt if needed, Node 24, code-server + playwright-core; idempotent)
#   2. build the extension if client/dist, server/dist or the compiled tests are missing; package a vsix
#   3. start a fixture backend per suite (scenario node-express) on a free port with a random token: the suites
#      triage and ticket findings, which the backend remembers
#   4. exthost suite: mocha inside the extension host (extension loaded from the repository)
#   5. ui suite: the vsix installed, the workbench driven with Playwright (screenshots)
# The last line printed is `N passed, N failed` over both suites; the exit code is non-zero if anything failed.
# Artifacts (logs, results JSON, screenshots) stay in <repo>/.e2e/. E2E_SAVE_SCREENSHOTS=1 copies the UI
# screenshots to client/media/screenshots/. E2E_VERBOSE=1 forwards every console line of the workbench.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
ART=$ROOT/.e2e
TMP=$(mktemp -d /tmp/aspm-e2e.XXXXXX)
BACKENDS=()
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

cleanup() {
  for pgid_file in "$ART"/*/code-server.pgid; do
    [ -f "$pgid_file" ] && kill -- "-$(cat "$pgid_file")" 2>/dev/null
  done
  for pid in "${BACKENDS[@]}"; do kill -- "-$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail_early() { echo "[run-all] $1" >&2; echo "0 passed, 1 failed"; exit 1; }

rm -rf "$ART" && mkdir -p "$ART"
T=$(date +%s%N)
bash "$HERE/setup.sh" > "$ART/setup.log" 2>&1 || { tail -30 "$ART/setup.log" >&2; fail_early "setup.sh failed (log: $ART/setup.log)"; }
echo "[run-all] setup: $(ms_since "$T") ms"

cd "$ROOT" || exit 1
T=$(date +%s%N)
for built in client/dist/extension.js server/dist/server.js out/client/src/test/index.js out/test-fixtures/backend/main.js; do
  if [ ! -f "$built" ]; then
    echo "[run-all] $built missing: npm run build"
    npm run build > "$ART/build.log" 2>&1 || { tail -30 "$ART/build.log" >&2; fail_early "build failed (log: $ART/build.log)"; }
    break
  fi
done
[ -f .vscodeignore ] || fail_early ".vscodeignore is missing: the vsix would contain the whole repository"
# vsce runs the vscode:prepublish script (minified bundles) before packaging.
npx --no-install vsce package --no-dependencies --skip-license --no-rewrite-relative-links -o "$TMP/aspm.vsix" > "$ART/vsce.log" 2>&1 \
  || { tail -30 "$ART/vsce.log" >&2; fail_early "vsce package failed (log: $ART/vsce.log)"; }
echo "[run-all] build + package: $(ms_since "$T") ms ($(du -k "$TMP/aspm.vsix" | cut -f1) KiB vsix)"

# Free ports from the OS, held together so that they differ.
read -r PORT_EXTHOST PORT_UI < <(node -e '
  const net = require("net");
  const a = net.createServer().listen(0, "127.0.0.1", () => {
    const b = net.createServer().listen(0, "127.0.0.1", () => {
      console.log(a.address().port, b.address().port); a.close(); b.close();
    });
  });')

TOKEN=e2e-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
# start_backend NAME: starts a fixture backend in its own process group, prints its URL.
start_backend() {
  setsid node out/test-fixtures/backend/main.js --scenario node-express --port 0 --token "$TOKEN" \
    > "$TMP/backend-$1.json" 2> "$ART/backend-$1.log" &
  BACKENDS+=($!)
  for _ in $(seq 1 100); do grep -q '"url"' "$TMP/backend-$1.json" 2>/dev/null && break; sleep 0.1; done
  node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).url)' "$TMP/backend-$1.json" 2>/dev/null
}
declare -A BACKEND_URL
for suite in exthost ui; do
  # Not in $(…): the backend's pid must stay in BACKENDS of this shell.
  start_backend "$suite" > "$TMP/url-$suite" || fail_early "fixture backend ($suite) did not start: $(cat "$ART/backend-$suite.log")"
  BACKEND_URL[$suite]=$(cat "$TMP/url-$suite")
  echo "[run-all] fixture backend for $suite at ${BACKEND_URL[$suite]}"
done

# Fixtures are read-only: each suite gets its own copy (both apply the lodash fix).
for suite in exthost ui; do
  mkdir -p "$TMP/ws-$suite" && cp -r "$ROOT/test-fixtures/workspaces/node-express" "$TMP/ws-$suite/node-express"
done
export ASPM_E2E_TOKEN=$TOKEN

T=$(date +%s%N)
ASPM_BACKEND_URL=${BACKEND_URL[exthost]} E2E_RESULTS_FILE=$ART/exthost-results.json bash "$HERE/run.sh" exthost "$PORT_EXTHOST" "$ART/exthost" \
  "$TMP/ws-exthost/node-express" "$ROOT" 2>&1 | tee "$ART/exthost.log"
echo "[run-all] exthost suite: $(ms_since "$T") ms"

T=$(date +%s%N)
ASPM_BACKEND_URL=${BACKEND_URL[ui]} E2E_RESULTS_FILE=$ART/ui-results.json bash "$HERE/run.sh" ui "$PORT_UI" "$ART/ui" \
  "$TMP/ws-ui/node-express" "$ROOT" "$TMP/aspm.vsix" 2>&1 | tee "$ART/ui.log"
echo "[run-all] ui suite: $(ms_since "$T") ms"

if [ "${E2E_SAVE_SCREENSHOTS:-}" = 1 ]; then
  mkdir -p "$ROOT/client/media/screenshots"
  cp "$ART"/ui/shots/[0-9]-*.png "$ROOT/client/media/screenshots/" 2>/dev/null
  echo "[run-all] screenshots copied to client/media/screenshots/"
fi

# A suite that produced no results file (crash, timeout) counts as one failure.
read -r PASSED FAILED < <(node -e '
  let passed = 0, failed = 0;
  for (const file of process.argv.slice(1)) {
    try { const r = JSON.parse(require("fs").readFileSync(file, "utf8")); passed += r.passed; failed += r.failed; }
    catch { console.error(`[run-all] no results in ${file}`); failed += 1; }
  }
  console.log(passed, failed);' "$ART/exthost-results.json" "$ART/ui-results.json")
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
