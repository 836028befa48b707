import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { ServicePlan } from './dev-config';

const TAIL_LINES = 20;

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Thrown while waiting for readiness when the service's process ends first. */
export class ServiceExitedError extends Error {
  constructor(
    readonly service: RunningService,
    readonly exit: ServiceExit,
  ) {
    super(`${service.name} exited during start-up (${describeExit(exit)})`);
  }
}

export function describeExit({ code, signal }: ServiceExit): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

// Children run in their own process groups (so Ctrl-C reaches the launcher alone and it
// can stop them in order); if the launcher itself ends abruptly, none must outlive it.
const running = new Set<RunningService>();
process.once('exit', () => {
  for (const service of running) service.kill();
});

/**
 * One service's Node process: `node -r @swc-node/register apps/<name>/src/main.ts`, its
 * output (JSON log lines) appended to `<logDir>/<name>.log`, each line also handed to
 * `onLine`, and the last lines kept to explain a failed start.
 */
export class RunningService {
  readonly exited: Promise<ServiceExit>;
  private readonly recent: string[] = [];
  private exit?: ServiceExit;

  private constructor(
    readonly plan: ServicePlan,
    private readonly child: ChildProcess,
    private readonly startedAt: number,
    log: WriteStream,
    onLine: (service: RunningService, line: string) => void,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        log.write(`${line}\n`);
        this.recent.push(line);
        if (this.recent.length > TAIL_LINES) this.recent.shift();
        onLine(this, line);
      });
    }
    child.once('error', (error) => this.recent.push(`could not run ${plan.main}: ${error.message}`));
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': by then the last output lines have been read.
      child.once('close', (code, signal) => {
        this.exit = { code, signal };
        running.delete(this);
        log.end();
        resolve(this.exit);
      });
    });
  }

  static start(
    plan: ServicePlan,
    options: { root: string; logDir: string; env: NodeJS.ProcessEnv; onLine: (service: RunningService, line: string) => void },
  ): RunningService {
    const log = createWriteStream(path.join(options.logDir, `${plan.name}.log`), { flags: 'w' });
    const child = spawn(process.execPath, ['-r', '@swc-node/register', plan.main], {
      cwd: options.root,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const service = new RunningService(plan, child, performance.now(), log, options.onLine);
    running.add(service);
    return service;
  }

  get name(): string {
    return this.plan.name;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.plan.port}/graphql`;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** The last lines the service wrote (its start-up failure is among them). */
  lastLines(): string[] {
    return [...this.recent];
  }

  /**
   * Polls GET /health/ready until it answers 200 and returns the milliseconds from spawn
   * to ready. Throws ServiceExitedError if the process ends first, or at the deadline.
   */
  async waitReady(timeoutMs: number, abort: AbortSignal): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    const probe = `http://127.0.0.1:${this.plan.port}/health/ready`;
    while (!abort.aborted) {
      if (this.exit) throw new ServiceExitedError(this, this.exit);
      if (await answersOk(probe)) {
        // The port might belong to someone else; only our live process counts.
        if (this.exit) throw new ServiceExitedError(this, this.exit);
        return Math.round(performance.now() - this.startedAt);
      }
      if (Date.now() > deadline) throw new Error(`${this.name} was not ready on ${probe} within ${timeoutMs} ms`);
      await Promise.race([delay(250), this.exited]);
    }
    throw new Error(`${this.name}: start-up interrupted`);
  }

  /** SIGTERM (the service drains and closes), then SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<ServiceExit> {
    if (this.exit) return this.exit;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.kill(), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  kill(): void {
    if (!this.exit) this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      // The whole group: whatever the service spawned goes with it.
      process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface LogEntry {
  level: string;
  text: string;
}

/** A service's JSON log line, read for people: level, context and message (and a stack, if any). */
export function readLogLine(line: string): LogEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const level = String(entry.level ?? 'info').toUpperCase();
    const context = typeof entry.context === 'string' && entry.context ? `${entry.context}: ` : '';
    const msg = typeof entry.msg === 'string' ? entry.msg : JSON.stringify(entry.msg);
    const stack = typeof entry.stack === 'string' ? `\n${entry.stack}` : '';
    return { level, text: `${context}${msg}${stack}` };
  } catch {
    return undefined;
  }
}

/** Levels worth interrupting the launcher's console for. */
export function isErrorLevel(entry: LogEntry | undefined): entry is LogEntry {
  return entry?.level === 'ERROR' || entry?.level === 'FATAL';
}
