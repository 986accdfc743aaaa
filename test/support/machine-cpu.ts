// CPU time the whole machine spent (every process: PostgreSQL, Redis, the worker, this one),
// read from /proc/stat. On a shared, noisy host, CPU milliseconds per case vary far less
// between runs than cases per second, so the benches print both.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux.

/** Busy CPU milliseconds since boot (user, nice, system, irq, softirq); null off Linux. */
export function machineCpuMs(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/);
    if (cpu?.[0] !== 'cpu') return null;
    const [user, nice, system, , , irq, softirq] = cpu.slice(1).map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) * TICK_MS;
  } catch {
    return null;
  }
}

/** Starts a reading; `perItem(n)` is the machine's CPU ms per item since then, or null. */
export function startCpuReading() {
  const start = machineCpuMs();
  return {
    perItem(items: number): number | null {
      const end = machineCpuMs();
      return start === null || end === null || items === 0 ? null : (end - start) / items;
    },
  };
}

/** CPU ms (user + system) of one process so far, or null once it is gone or off Linux. */
function processCpuMs(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Processes whose command name is `comm` (e.g. every PostgreSQL backend). */
export function pidsNamed(comm: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) found.push(Number(entry));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

/**
 * Starts a reading of CPU per group of processes (the worker, this process, PostgreSQL…);
 * `perItem(n)` gives each group's CPU ms per item since then. A process that appeared since
 * the start counts from zero; one that exited is left out (its share is lost, not invented).
 */
export function startProcessCpuReading(groups: Record<string, () => readonly number[]>) {
  const start = new Map<number, number>();
  for (const pids of Object.values(groups)) {
    for (const pid of pids()) start.set(pid, processCpuMs(pid) ?? 0);
  }
  return {
    perItem(items: number): Record<string, number> {
      const out: Record<string, number> = {};
      for (const [name, pids] of Object.entries(groups)) {
        let total = 0;
        for (const pid of pids()) total += (processCpuMs(pid) ?? 0) - (start.get(pid) ?? 0);
        out[name] = items === 0 ? 0 : total / items;
      }
      return out;
    },
  };
}
