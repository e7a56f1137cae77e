#!/bin/bash
# End-to-end tests of the ASPM extension in a real VS Code (code-server), offline:
#   1. setup.sh (apt if needed, Node 24, code-server + playwright-core; idempotent)
#   2. build the extension if client/dist, server/dist or the compiled tests are missing; package a vsix
#   3. per run, a fresh copy of a fixture workspace and (unless the run has none) a fixture backend on a free port
#      with a random API token and a random control token (test-fixtures/backend/README.md "Control API"): the
#      suites triage and ticket findings, which the backend remembers, and some inject faults at run time
#   4. extension-host runs (EXTHOST_RUNS below): mocha inside the extension host (extension loaded from the
#      repository), one code-server per workspace/scenario pair, running the suites named in ASPM_E2E_SUITE
#   5. ui suite: the vsix installed, the workbench driven with Playwright (screenshots)
# The last line printed is `N passed, N failed` over all runs; the exit code is non-zero if anything failed.
# Artifacts (logs, results JSON, screenshots) stay in <repo>/.e2e/. E2E_SAVE_SCREENSHOTS=1 copies the UI
# screenshots to client/media/screenshots/. E2E_VERBOSE=1 forwards every console line of the workbench.
# E2E_RUNS=REGEX runs only the runs whose name matches (exthost, exthost-resilience, exthost-dast, exthost-python,
# exthost-local, exthost-go, exthost-compliance, exthost-posture, exthost-platforms, ui), e.g. E2E_RUNS='resilience|dast' while working on those suites.
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

# Extension-host runs: NAME|WORKSPACE (test-fixtures/workspaces/…)|SCENARIO (- = no backend)|SUITES (ASPM_E2E_SUITE).
# One code-server each (~10-15 s): group suites that can share a workspace, its settings and a backend scenario.
EXTHOST_RUNS=(
  "exthost|node-express|node-express|extension"
  "exthost-resilience|node-express|node-express|resilience"
  "exthost-dast|node-express|node-express-dast|dast"
  "exthost-python|python-flask|python-flask|polyglot"
  "exthost-local|node-express|-|localSources"
  "exthost-go|go-fiber|-|goReachability"
  "exthost-compliance|node-express-deploy|node-express|compliance"
  "exthost-posture|node-express|node-express|posture"
  "exthost-platforms|node-express|platforms|platforms"
)
[ -n "${E2E_RUNS:-}" ] && echo "[run-all] only runs matching E2E_RUNS=$E2E_RUNS"

# Free ports from the OS, held together so that they differ (one per extension-host run, one for the ui run).
read -r -a PORTS < <(node -e '
  const net = require("net");
  const count = Number(process.argv[1]);
  const servers = [];
  const next = () => {
    if (servers.length === count) {
      console.log(servers.map((s) => s.address().port).join(" "));
      servers.forEach((s) => s.close());
      return;
    }
    const server = net.createServer().listen(0, "127.0.0.1", next);
    servers.push(server);
  };
  next();' $(( ${#EXTHOST_RUNS[@]} + 1 )))

random_hex() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }
TOKEN=e2e-$(random_hex)
CONTROL_TOKEN=e2e-control-$(random_hex)
# start_backend NAME SCENARIO: starts a fixture backend in its own process group, prints its URL.
start_backend() {
  setsid node out/test-fixtures/backend/main.js --scenario "$2" --port 0 --token "$TOKEN" --control-token "$CONTROL_TOKEN" \
    > "$TMP/backend-$1.json" 2> "$ART/backend-$1.log" &
  BACKENDS+=($!)
  for _ in $(seq 1 100); do grep -q '"url"' "$TMP/backend-$1.json" 2>/dev/null && break; sleep 0.1; done
  node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).url)' "$TMP/backend-$1.json" 2>/dev/null
}
# start_platform NAME KIND: a fixture platform (test-fixtures/platforms, scenario node-express) in its own process
# group, recording the writes it receives in $TMP/writes-NAME-KIND.jsonl; prints its {"kind","url","token","writes"}.
start_platform() {
  setsid node out/test-fixtures/platforms/main.js --kind "$2" --scenario node-express --port 0 --token "$TOKEN-$2" --writes "$TMP/writes-$1-$2.jsonl" \
    > "$TMP/platform-$1-$2.json" 2> "$ART/platform-$1-$2.log" &
  BACKENDS+=($!)
  for _ in $(seq 1 100); do grep -q '"url"' "$TMP/platform-$1-$2.json" 2>/dev/null && break; sleep 0.1; done
  node -e 'const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(JSON.stringify({ ...p, writes: process.argv[2] }))' \
    "$TMP/platform-$1-$2.json" "$TMP/writes-$1-$2.jsonl" 2>/dev/null
}
# prepare_workspace NAME FIXTURE: a fresh copy (fixtures are read-only and the suites edit their workspace).
prepare_workspace() {
  mkdir -p "$TMP/ws-$1" && cp -r "$ROOT/test-fixtures/workspaces/$2" "$TMP/ws-$1/$2"
}
export ASPM_E2E_TOKEN=$TOKEN ASPM_E2E_CONTROL_TOKEN=$CONTROL_TOKEN
RESULTS=()

i=0
for run in "${EXTHOST_RUNS[@]}"; do
  IFS='|' read -r NAME FIXTURE SCENARIO SUITES <<< "$run"
  PORT=${PORTS[$i]}; i=$((i + 1))
  if [ -n "${E2E_RUNS:-}" ] && ! [[ "$NAME" =~ ${E2E_RUNS} ]]; then continue; fi
  RESULTS+=("$ART/$NAME-results.json")
  prepare_workspace "$NAME" "$FIXTURE"
  WS=$TMP/ws-$NAME/$FIXTURE
  URL=
  PLATFORMS=
  if [ "$SCENARIO" = platforms ]; then
    # No ASPM backend: a DefectDojo and a GitHub fixture platform as "aspm.sources" (user settings, machine scope).
    start_platform "$NAME" defectdojo > "$TMP/dojo-$NAME" && start_platform "$NAME" github > "$TMP/hub-$NAME" \
      || { echo "[run-all] fixture platforms ($NAME) did not start: $(cat "$ART"/platform-"$NAME"-*.log)" >&2; continue; }
    PLATFORMS="[$(cat "$TMP/dojo-$NAME"),$(cat "$TMP/hub-$NAME")]"
    echo "[run-all] $NAME: $FIXTURE workspace, fixture platforms $(node -e 'console.log(JSON.parse(process.argv[1]).map((p) => `${p.kind} at ${p.url}`).join(", "))' "$PLATFORMS"), suites: $SUITES"
  elif [ "$SCENARIO" = - ]; then
    # No backend: local OSV advisories instead (aspm.osv.path is resource-scoped: a workspace setting is enough). The
    # records are copied into the workspace: the server reads no path outside the folder, whatever the settings say.
    cp -r "$ROOT/test-fixtures/osv/records" "$WS/osv-advisories"
    node -e '
      const fs = require("fs");
      const file = process.argv[1];
      const settings = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
      settings["aspm.osv.path"] = process.argv[2];
      fs.mkdirSync(require("path").dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(settings, null, 2));' "$WS/.vscode/settings.json" osv-advisories
    echo "[run-all] $NAME: $FIXTURE workspace, no backend, suites: $SUITES"
  else
    # Not in $(…): the backend's pid must stay in BACKENDS of this shell.
    start_backend "$NAME" "$SCENARIO" > "$TMP/url-$NAME" || { echo "[run-all] fixture backend ($NAME) did not start: $(cat "$ART/backend-$NAME.log")" >&2; continue; }
    URL=$(cat "$TMP/url-$NAME")
    echo "[run-all] $NAME: $FIXTURE workspace, backend scenario $SCENARIO at $URL, suites: $SUITES"
  fi
  T=$(date +%s%N)
  ASPM_BACKEND_URL=$URL ASPM_E2E_PLATFORMS=$PLATFORMS ASPM_E2E_SUITE=$SUITES E2E_RESULTS_FILE=$ART/$NAME-results.json \
    bash "$HERE/run.sh" exthost "$PORT" "$ART/$NAME" "$WS" "$ROOT" 2>&1 | tee "$ART/$NAME.log"
  echo "[run-all] $NAME: $(ms_since "$T") ms"
done

if [ -z "${E2E_RUNS:-}" ] || [[ ui =~ ${E2E_RUNS} ]]; then
  RESULTS+=("$ART/ui-results.json")
  start_backend ui node-express > "$TMP/url-ui" || fail_early "fixture backend (ui) did not start: $(cat "$ART/backend-ui.log")"
  prepare_workspace ui node-express
  echo "[run-all] ui: node-express workspace, backend scenario node-express at $(cat "$TMP/url-ui")"
  T=$(date +%s%N)
  # No backend URL in the settings: the UI suite configures it through the status item, as a new user would.
  ASPM_E2E_BACKEND_URL=$(cat "$TMP/url-ui") E2E_RESULTS_FILE=$ART/ui-results.json bash "$HERE/run.sh" ui "${PORTS[$i]}" "$ART/ui" \
    "$TMP/ws-ui/node-express" "$ROOT" "$TMP/aspm.vsix" 2>&1 | tee "$ART/ui.log"
  echo "[run-all] ui suite: $(ms_since "$T") ms"
fi

if [ "${E2E_SAVE_SCREENSHOTS:-}" = 1 ]; then
  mkdir -p "$ROOT/client/media/screenshots"
  cp "$ART"/ui/shots/[0-9]*-*.png "$ROOT/client/media/screenshots/" 2>/dev/null
  echo "[run-all] screenshots copied to client/media/screenshots/"
fi

# A suite that produced no results file (crash, timeout) counts as one failure.
read -r PASSED FAILED < <(node -e '
  let passed = 0, failed = 0;
  for (const file of process.argv.slice(1)) {
    try { const r = JSON.parse(require("fs").readFileSync(file, "utf8")); passed += r.passed; failed += r.failed; }
    catch { console.error(`[run-all] no results in ${file}`); failed += 1; }
  }
  console.log(passed, failed);' "${RESULTS[@]}")
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
