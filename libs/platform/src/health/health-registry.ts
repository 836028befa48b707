import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { scrubSecrets } from '../secrets';

/** A readiness check: resolves when the dependency is usable; rejects (or resolves false) when not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface CheckResult {
  name: string;
  ok: boolean;
  durationMs: number;
  /** Why the check failed; absent when it passed. */
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: CheckResult[];
}

export interface HealthOptions {
  /** A check slower than this counts as failed; 2000 ms by default. */
  checkTimeoutMs?: number;
}

const DEFAULT_CHECK_TIMEOUT_MS = 2000;

/**
 * Named readiness checks (database ping, Kafka connected) that GET /health/ready runs.
 * The service stops being ready as soon as shutdown begins, so load balancers stop sending
 * it traffic while in-flight work finishes.
 */
@Injectable()
export class HealthRegistry implements OnModuleDestroy {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly timeoutMs: number;
  private shuttingDown = false;

  constructor(options: HealthOptions = {}) {
    this.timeoutMs = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  }

  /** Registers (or replaces) the check of that name. */
  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  /** Runs every check concurrently, each bounded by the timeout. */
  async readiness(): Promise<ReadinessReport> {
    const results = await Promise.all([...this.checks].map(([name, check]) => this.run(name, check)));
    if (this.shuttingDown) {
      results.push({ name: 'shutdown', ok: false, durationMs: 0, error: 'service is shutting down' });
    }
    return { ready: results.every((result) => result.ok), checks: results };
  }

  onModuleDestroy(): void {
    this.shuttingDown = true;
  }

  private async run(name: string, check: ReadinessCheck): Promise<CheckResult> {
    const startedAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const outcome = await Promise.race([Promise.resolve().then(check), timeout]);
      if (outcome === false) return { name, ok: false, durationMs: Date.now() - startedAt, error: 'check reported not ready' };
      return { name, ok: true, durationMs: Date.now() - startedAt };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { name, ok: false, durationMs: Date.now() - startedAt, error: scrubSecrets(reason) };
    } finally {
      clearTimeout(timer);
    }
  }
}
