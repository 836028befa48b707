import { readdirSync, readFileSync } from 'node:fs';

// Linux's USER_HZ: /proc reports CPU time in these ticks on every mainstream kernel.
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat; undefined
 * where there is no /proc. Unlike wall-clock figures it hardly moves when other work
 * shares the machine, so it says what a request costs each process.
 */
export function cpuTimeMs(pid: number): number | undefined {
  return statTicks(pid, 2);
}

/**
 * Fields 14-17 of /proc/<pid>/stat (utime, stime, then cutime and cstime: the time of the
 * children it has waited for), the first `count` of them summed, in ms.
 */
function statTicks(pid: number, count: 2 | 4): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let ticks = 0;
    for (let i = 11; i < 11 + count; i++) ticks += Number(fields[i]);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * The machine's CPU time so far, in ticks, and how much of it the hypervisor gave to other
 * guests (steal, from /proc/stat); undefined where there is no /proc. On a shared VM a
 * throughput figure means little without it.
 */
export function machineTicks(): { total: number; steal: number } | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already within user).
    return { total: cpu.slice(0, 8).reduce((a, b) => a + b, 0), steal: cpu[7] ?? 0 };
  } catch {
    return undefined;
  }
}

/**
 * CPU time (ms) used so far by every process whose command line matches: a server made of
 * many processes (Postgres's backends) or one this program didn't start (the broker).
 * A backend that exits between two readings stays counted: its time moves to the
 * postmaster's children's time once reaped, which is counted too (without it a closed
 * connection made the figure go down, even below zero).
 */
export function cpuTimeOfMatchingMs(pattern: RegExp): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  let total = 0;
  for (const pid of pids) {
    try {
      if (!pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))) continue;
    } catch {
      continue;
    }
    total += statTicks(Number(pid), 4) ?? 0;
  }
  return total;
}
