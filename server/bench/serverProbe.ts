// Preloaded into the language server by the bench (`node --require serverProbe.js server.js --stdio`); the server
// itself is unchanged. It timestamps, inside the server process, each `textDocument/didChange` as it arrives on stdin
// and each `textDocument/publishDiagnostics` as it is written to stdout, and reports on stderr (never stdout, which
// is the LSP transport) one line per publication:
//   ASPM_BENCH {"event":"publish","version":N,"uri":…,"wallMs":…,"activeMs":…,"cpuMs":…,"bytes":…}
// `wallMs`: server wall time since the didChange of `version` arrived (includes the publisher's 50 ms debounce).
// `activeMs`: time the server's event loop was busy (not waiting) in that interval, from
// `performance.eventLoopUtilization`: the server-side work the edit caused, without the debounce wait. On a loaded
// machine it also counts time the thread was runnable but not scheduled.
// `cpuMs`: CPU time of the whole server process in that interval (process.cpuUsage), which load does not inflate.
// An edit whose diagnostics do not change publishes nothing (the client already holds them); so that its cost is still
// measured, once the event loop has been idle for a whole `idleWindowMs` after a change, one more line says so:
//   ASPM_BENCH {"event":"idle","version":N,"wallMs":…,"activeMs":…,"cpuMs":…}
// with the same timings taken up to the start of that idle window (the idle window itself is not counted).
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

interface Change {
  version: number;
  at: number;
  utilization: EventLoopUtilization;
  cpu: NodeJS.CpuUsage;
}

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

const emit = (event: Record<string, unknown>): void => {
  process.stderr.write(`ASPM_BENCH ${JSON.stringify(event)}\n`);
};

/** A window this long with less than {@link idleActiveMs} of work means the server is done with the change. */
const idleWindowMs = 100;
const idleActiveMs = 1;

let change: Change | undefined;
let idleTimer: NodeJS.Timeout | undefined;

/** Checks every {@link idleWindowMs} whether the loop was idle since the last check; reports the change's cost then. */
function watchForIdle(watched: Change): void {
  clearTimeout(idleTimer);
  let last = { at: performance.now(), utilization: performance.eventLoopUtilization(), cpu: process.cpuUsage() };
  const check = (): void => {
    if (change !== watched) {
      return;
    }
    if (performance.eventLoopUtilization(last.utilization).active < idleActiveMs) {
      emit({
        event: 'idle',
        version: watched.version,
        wallMs: last.at - watched.at,
        activeMs: performance.eventLoopUtilization(last.utilization, watched.utilization).active,
        cpuMs: cpuMs(process.cpuUsage(watched.cpu)) - cpuMs(process.cpuUsage(last.cpu)),
      });
      return;
    }
    last = { at: performance.now(), utilization: performance.eventLoopUtilization(), cpu: process.cpuUsage() };
    idleTimer = setTimeout(check, idleWindowMs).unref();
  };
  idleTimer = setTimeout(check, idleWindowMs).unref();
}
const didChange = /"method":"textDocument\/didChange".*?"version":(\d+)/s;

// Registered before the server's own reader (this file runs first); both receive every chunk.
process.stdin.on('data', (chunk: Buffer) => {
  const version = didChange.exec(chunk.toString('latin1'))?.[1];
  if (version !== undefined) {
    change = { version: Number(version), at: performance.now(), utilization: performance.eventLoopUtilization(), cpu: process.cpuUsage() };
    watchForIdle(change);
  }
});

const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
process.stdout.write = ((...args: unknown[]): boolean => {
  const result = write(...args);
  const chunk = args[0];
  if ((typeof chunk === 'string' || Buffer.isBuffer(chunk)) && chunk.includes('"textDocument/publishDiagnostics"')) {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('latin1', 0, 2000);
    // Publications before the first edit (after indexing, after a backend pull) carry version 0 and no timings.
    emit({
      event: 'publish',
      version: change?.version ?? 0,
      uri: /"uri":"([^"]+)"/.exec(text)?.[1],
      wallMs: change ? performance.now() - change.at : null,
      activeMs: change ? performance.eventLoopUtilization(change.utilization).active : null,
      cpuMs: change ? cpuMs(process.cpuUsage(change.cpu)) : null,
      bytes: typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length,
    });
  }
  return result;
}) as typeof process.stdout.write;
