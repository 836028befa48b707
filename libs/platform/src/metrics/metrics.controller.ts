import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@streetteam/auth';
import { Metrics } from './metrics';

/** Prometheus scrape endpoint; public (no auth) like the health probes. */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    const body = await this.metrics.render();
    res.setHeader('Content-Type', this.metrics.contentType);
    return body;
  }
}
