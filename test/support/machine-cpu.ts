// CPU time the whole machine spent (every process: PostgreSQL, Redis, the worker, this one),
// read from /proc/stat. On a shared, noisy host, CPU milliseconds per case vary far less
// between runs than cases per second, so the benches print both.
import { readFileSync } from 'node:fs';

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
