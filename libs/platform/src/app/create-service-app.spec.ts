import { BeforeApplicationShutdown, Controller, Injectable, Module, OnModuleDestroy, Post, Req } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import request from 'supertest';
import { HealthRegistry } from '../health/health-registry';
import { createServiceApp } from './create-service-app';
import { PlatformModule } from './platform.module';

const logLines: Array<Record<string, unknown>> = [];
const shutdownSteps: string[] = [];

@Controller('webhooks')
class WebhookController {
  @Post('stripe')
  receive(@Req() req: RawBodyRequest<Request>): { rawBody: string | undefined } {
    return { rawBody: req.rawBody?.toString('utf8') };
  }
}

@Injectable()
class OutboxRelayStandIn implements OnModuleDestroy, BeforeApplicationShutdown {
  constructor(private readonly health: HealthRegistry) {}

  async onModuleDestroy(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    shutdownSteps.push('in-flight work finished');
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const { ready } = await this.health.readiness();
    shutdownSteps.push(`before shutdown (signal ${signal ?? 'none'}, ready ${ready})`);
  }
}

@Module({
  imports: [PlatformModule.forRoot({ service: 'payouts', writeLog: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) })],
  controllers: [WebhookController],
  providers: [OutboxRelayStandIn],
})
class PayoutsTestModule {}

@Injectable()
class BrokenDependency {
  constructor() {
    throw new Error('cannot connect to postgres://payouts:pw-123456@127.0.0.1:1/payouts');
  }
}

@Module({ providers: [BrokenDependency] })
class BrokenModule {}

describe('createServiceApp', () => {
  let app: NestExpressApplication;
  let signalListenersBefore: number;

  beforeAll(async () => {
    signalListenersBefore = process.listenerCount('SIGTERM');
    app = await createServiceApp(PayoutsTestModule, { service: 'payouts', port: 0 });
  });

  afterAll(async () => {
    if (app) await app.close();
  });

  it('does listen on 127.0.0.1 and log one line with the address and start-up time', () => {
    const address = app.getHttpServer().address();
    expect(address).toMatchObject({ address: '127.0.0.1' });
    const listening = logLines.filter((line) => typeof line.msg === 'string' && line.msg.includes('listening'));
    expect(listening).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'payouts',
        context: 'Bootstrap',
        msg: `payouts listening on http://127.0.0.1:${(address as { port: number }).port}`,
        startupMs: expect.any(Number),
      }),
    ]);
  });

  it('does route Nest start-up logs through the JSON logger', () => {
    expect(logLines.some((line) => line.context === 'RoutesResolver' || line.context === 'RouterExplorer')).toBe(true);
  });

  it('does keep the raw body for webhook signature checks', async () => {
    const payload = '{"id":"evt_1", "type":"payout.paid"}';
    const response = await request(app.getHttpServer()).post('/webhooks/stripe').set('content-type', 'application/json').send(payload);
    expect(response.body).toEqual({ rawBody: payload });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('does listen for termination signals to shut down gracefully', () => {
    expect(process.listenerCount('SIGTERM')).toBeGreaterThan(signalListenersBefore);
  });

  it('does finish in-flight work and stop being ready before the app closes', async () => {
    await app.close();
    expect(shutdownSteps).toEqual(['in-flight work finished', 'before shutdown (signal none, ready false)']);
    expect(process.listenerCount('SIGTERM')).toBe(signalListenersBefore);
  });

  it('does throw start-up errors, printing nothing itself, instead of aborting the process', async () => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(createServiceApp(BrokenModule, { service: 'broken', port: 0 })).rejects.toThrow('cannot connect');
      // runService reports the failure in one line; Nest's own multi-line dump would bury it.
      expect(stdout).not.toHaveBeenCalled();
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
