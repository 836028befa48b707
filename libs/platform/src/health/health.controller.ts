import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@streetteam/auth';
import { CheckResult, HealthRegistry } from './health-registry';

/** Liveness and readiness probes for orchestrators and load balancers; public. */
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthRegistry) {}

  /** 200 while the process runs and serves HTTP. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when every readiness check passes; 503 listing the failing checks otherwise. */
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: 'ok'; checks: CheckResult[] } | { status: 'unavailable'; failing: CheckResult[]; checks: CheckResult[] }> {
    const report = await this.health.readiness();
    if (report.ready) return { status: 'ok', checks: report.checks };
    res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'unavailable', failing: report.checks.filter((check) => !check.ok), checks: report.checks };
  }
}
