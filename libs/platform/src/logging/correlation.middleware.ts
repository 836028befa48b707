import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, isValidCorrelationId, newCorrelationId, runWithCorrelation } from './correlation';

/**
 * Express middleware: adopts the caller's `x-correlation-id` when it is well formed (else a
 * new uuid), echoes it on the response, and runs the rest of the request inside it.
 */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const offered = req.headers[CORRELATION_HEADER];
  const correlationId = isValidCorrelationId(offered) ? offered : newCorrelationId();
  // Downstream code reading the request (the gateway forwarding headers) sees the id in use.
  req.headers[CORRELATION_HEADER] = correlationId;
  res.setHeader(CORRELATION_HEADER, correlationId);
  runWithCorrelation({ correlationId }, () => next());
}

@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    correlationMiddleware(req, res, next);
  }
}
