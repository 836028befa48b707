import { DynamicModule, NestApplicationOptions, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { JsonLogger } from '../logging/json-logger';

export interface ServiceAppOptions {
  service: string;
  port: number;
  /** Interface to bind; 127.0.0.1 by default, so nothing is exposed unless asked for. */
  host?: string;
  /** Express `trust proxy`: whose X-Forwarded-For is believed (e.g. 'loopback' for a gateway on this host). */
  trustProxy?: string;
  /** Extra Nest options (cors, …); logger, rawBody and abort behaviour are set here. */
  nest?: Omit<NestApplicationOptions, 'logger' | 'bufferLogs' | 'autoFlushLogs' | 'rawBody' | 'abortOnError'>;
}

/**
 * Creates, starts and returns a service: JsonLogger (start-up logs buffered until it is in
 * place), raw bodies kept for webhook signatures, graceful shutdown on SIGTERM/SIGINT
 * (onModuleDestroy and beforeApplicationShutdown run, so in-flight work can finish), then
 * listens and logs "<service> listening on http://host:port" with the start-up time.
 * Start-up errors are thrown (not process.abort()), for runService to report in one line.
 */
export async function createServiceApp(
  appModule: Type<unknown> | DynamicModule,
  options: ServiceAppOptions,
): Promise<NestExpressApplication> {
  const startedAt = performance.now();
  const host = options.host ?? '127.0.0.1';
  const app = await NestFactory.create<NestExpressApplication>(appModule, {
    ...options.nest,
    bufferLogs: true,
    // Buffered start-up logs are flushed by hand once JsonLogger is in place; on a failed
    // start they are dropped, so runService's one line is all an operator sees.
    autoFlushLogs: false,
    rawBody: true,
    abortOnError: false,
  });
  const logger = platformLogger(app, options.service);
  app.useLogger(logger);
  app.flushLogs();
  app.disable('x-powered-by');
  if (options.trustProxy) app.set('trust proxy', options.trustProxy);
  app.enableShutdownHooks();
  await app.listen(options.port, host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const startupMs = Math.round(performance.now() - startedAt);
  logger.log({ msg: `${options.service} listening on http://${host}:${port}`, startupMs }, 'Bootstrap');
  return app;
}

// The module's JsonLogger when PlatformModule is imported (it carries LOG_LEVEL), else a
// default one, so even a bare app logs JSON.
function platformLogger(app: NestExpressApplication, service: string): JsonLogger {
  try {
    return app.get(JsonLogger, { strict: false });
  } catch {
    return new JsonLogger({ service });
  }
}
