import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Metrics } from './metrics';

export interface HttpMetricsOptions {
  /** Where Apollo is mounted; its requests are labelled with this path. */
  graphqlPath?: string;
}

export const HTTP_METRICS_OPTIONS = Symbol('HTTP_METRICS_OPTIONS');

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Express middleware recording streetteam_http_requests_total and
 * streetteam_http_request_duration_seconds when each response ends. The route label is
 * the matched route pattern (`/webhooks/:provider`), the GraphQL path, or `unmatched`:
 * never the raw URL, whose ids and query strings would explode the series count.
 */
export function httpMetricsMiddleware(metrics: Metrics, options: HttpMetricsOptions = {}): RequestHandler {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  return (req: Request, res: Response, next: NextFunction) => {
    const startedAt = process.hrtime.bigint();
    let recorded = false;
    const record = (status: string) => {
      if (recorded) return;
      recorded = true;
      const labels = { method: methodLabel(req.method), route: routeLabel(req, graphqlPath), status };
      metrics.httpRequests.inc(labels);
      metrics.httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - startedAt) / 1e9);
    };
    res.on('finish', () => record(String(res.statusCode)));
    // The client went away before the response was complete (nginx's 499).
    res.on('close', () => record(res.writableFinished ? String(res.statusCode) : '499'));
    next();
  };
}

function methodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : 'OTHER';
}

function routeLabel(req: Request, graphqlPath: string): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl ?? ''}${route.path}`;
  const path = req.originalUrl.split('?')[0];
  if (path === graphqlPath || path.startsWith(`${graphqlPath}/`)) return graphqlPath;
  return 'unmatched';
}

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly handler: RequestHandler;

  constructor(metrics: Metrics, @Inject(HTTP_METRICS_OPTIONS) options: HttpMetricsOptions) {
    this.handler = httpMetricsMiddleware(metrics, options);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    void this.handler(req, res, next);
  }
}
