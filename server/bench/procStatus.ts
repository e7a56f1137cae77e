import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process from /proc/<pid>/status, in MB: current (VmRSS) and peak (VmHWM). */
export interface ProcessMemory {
  rssMb: number;
  peakRssMb: number;
  /** OS threads of the process (Node's own, plus one per worker thread). */
  threads: number;
}

/** Linux only; undefined when the process is gone or /proc is unavailable. */
export function processMemory(pid: number | 'self' = 'self'): ProcessMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const threads = Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024, threads };
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system) of each thread of this process so far, from /proc/self/task/<tid>/stat, in ms (10 ms
 * ticks). Profiles sample wall time, so on a loaded machine a descheduled thread still shows as busy; this does not.
 * Linux only; empty when /proc is unavailable.
 */
export function threadCpuMs(): { tid: number; cpuMs: number }[] {
  try {
    return readdirSync('/proc/self/task').flatMap((tid) => {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return [{ tid: Number(tid), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 }]; // utime, stime
      } catch {
        return []; // the thread ended meanwhile
      }
    });
  } catch {
    return [];
  }
}

/** Samples a process's memory every `intervalMs` and keeps the peak; VmHWM itself is also a peak, so both agree. */
export class MemorySampler {
  peakRssMb = 0;
  maxThreads = 0;
  samples = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number, intervalMs = 200) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    const memory = processMemory(this.pid);
    if (memory) {
      this.samples++;
      this.peakRssMb = Math.max(this.peakRssMb, memory.peakRssMb, memory.rssMb);
      this.maxThreads = Math.max(this.maxThreads, memory.threads);
    }
  }

  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return this.peakRssMb;
  }
}
