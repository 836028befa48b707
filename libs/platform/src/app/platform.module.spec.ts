import { Body, Controller, Get, INestApplication, Logger, Module, NotFoundException, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AUTHORIZATION_POLICY } from '@streetteam/auth';
import { IsEmail, IsInt, Min } from 'class-validator';
import request from 'supertest';
import { HealthController } from '../health/health.controller';
import { HealthRegistry } from '../health/health-registry';
import { JsonLogger } from '../logging/json-logger';
import { MetricsController } from '../metrics/metrics.controller';
import { Metrics } from '../metrics/metrics';
import { PlatformModule } from './platform.module';

class ApplicationBody {
  @IsEmail()
  email!: string;

  @IsInt()
  @Min(18)
  age!: number;
}

@Controller('campaigns')
class CampaignController {
  private readonly logger = new Logger('CampaignController');

  @Get(':id')
  find(@Param('id') id: string): { id: string } {
    if (id === 'missing') throw new NotFoundException(`Campaign ${id} not found`);
    this.logger.log({ msg: 'Campaign read', campaignId: id });
    return { id };
  }

  @Post('applications')
  apply(@Body() body: ApplicationBody): { email: string } {
    return { email: body.email };
  }
}

@Module({
  imports: [PlatformModule.forRoot({ service: 'campaigns', health: { checkTimeoutMs: 200 }, writeLog: (line) => logLines.push(line) })],
  controllers: [CampaignController],
})
class CampaignsTestModule {}

const logLines: string[] = [];

describe('PlatformModule', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await NestFactory.create(CampaignsTestModule, { bufferLogs: true });
    app.useLogger(app.get(JsonLogger));
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  it('does answer live while the process runs', async () => {
    const response = await http().get('/health/live');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('does answer ready with every check when all pass', async () => {
    const health = app.get(HealthRegistry);
    health.register('database', async () => undefined);
    try {
      const response = await http().get('/health/ready');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok', checks: [{ name: 'database', ok: true, durationMs: expect.any(Number) }] });
    } finally {
      health.unregister('database');
    }
  });

  it('does answer 503 listing the failing checks when one fails or hangs', async () => {
    const health = app.get(HealthRegistry);
    health.register('database', async () => undefined);
    health.register('kafka', async () => {
      throw new Error('broker 127.0.0.1:9092 unreachable');
    });
    health.register('stripe', () => new Promise(() => undefined));
    try {
      const response = await http().get('/health/ready');
      expect(response.status).toBe(503);
      expect(response.body.status).toBe('unavailable');
      expect(response.body.failing).toEqual([
        { name: 'kafka', ok: false, durationMs: expect.any(Number), error: 'broker 127.0.0.1:9092 unreachable' },
        { name: 'stripe', ok: false, durationMs: expect.any(Number), error: 'timed out after 200 ms' },
      ]);
    } finally {
      ['database', 'kafka', 'stripe'].forEach((name) => health.unregister(name));
    }
  });

  it('does echo a correlation id on every response, unknown routes included', async () => {
    const known = await http().get('/campaigns/c-1').set('x-correlation-id', 'portal-1');
    const unknown = await http().get('/nowhere').set('x-correlation-id', 'portal-2');
    expect(known.headers['x-correlation-id']).toBe('portal-1');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['x-correlation-id']).toBe('portal-2');
  });

  it('does log JSON lines carrying the request correlation id when a handler logs', async () => {
    await http().get('/campaigns/c-logged').set('x-correlation-id', 'portal-log-1');
    const line = logLines.map((raw) => JSON.parse(raw) as Record<string, unknown>).find((entry) => entry.campaignId === 'c-logged');
    expect(line).toMatchObject({
      level: 'info',
      service: 'campaigns',
      context: 'CampaignController',
      msg: 'Campaign read',
      correlationId: 'portal-log-1',
    });
  });

  it('does count requests by matched route pattern, not raw URL, and serve them on /metrics', async () => {
    await http().get('/campaigns/route-a');
    await http().get('/campaigns/route-b');
    await http().get('/campaigns/missing');
    await http().get('/no/such/path?x=1');
    const response = await http().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.text;
    expect(text).toMatch(/streetteam_http_requests_total\{method="GET",route="\/campaigns\/:id",status="200"\} \d+/);
    expect(text).toContain('streetteam_http_requests_total{method="GET",route="/campaigns/:id",status="404"} 1');
    expect(text).toMatch(/streetteam_http_requests_total\{method="GET",route="unmatched",status="404"\} \d+/);
    expect(text).toContain('streetteam_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/campaigns/:id",status="200"}');
    expect(text).not.toContain('route-a');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('does expose every named instrument on /metrics when recorded through the getters', async () => {
    const metrics = app.get(Metrics);
    metrics.eventsHandled.inc({ consumer: 'payouts.commissions', type: 'CommissionEarned', outcome: 'handled' });
    metrics.messagingObserver().outboxState('campaigns', 3, 1.5);
    metrics.messagingObserver().consumerLag('payouts.commissions', 'campaigns.commission.v1', 0, 7);
    metrics.graphqlOperations.inc({ operation: 'MyCampaigns', outcome: 'ok' });
    const text = (await http().get('/metrics')).text;
    expect(text).toContain(
      'streetteam_events_handled_total{consumer="payouts.commissions",type="CommissionEarned",outcome="handled"} 1',
    );
    expect(text).toContain('streetteam_outbox_pending{service="campaigns"} 3');
    expect(text).toContain('streetteam_outbox_lag_seconds{service="campaigns"} 1.5');
    const readAt = Number(/streetteam_outbox_read_timestamp_seconds\{service="campaigns"\} ([\d.]+)/.exec(text)?.[1]);
    expect(Math.abs(readAt - Date.now() / 1000)).toBeLessThan(60);
    expect(text).toContain('streetteam_consumer_lag{group="payouts.commissions",topic="campaigns.commission.v1",partition="0"} 7');
    expect(text).toContain('streetteam_graphql_operations_total{operation="MyCampaigns",outcome="ok"} 1');
  });

  it('does drop the lag of partitions a group no longer holds, and keeps the others', async () => {
    const observer = app.get(Metrics).messagingObserver();
    observer.consumerLag('campaigns.orders', 'shop.order.v1', 0, 4);
    observer.consumerLag('campaigns.orders', 'shop.order.v1', 1, 9);
    observer.consumerLag('payouts.commissions', 'campaigns.commission.v1', 1, 2);
    observer.consumerPartitions('campaigns.orders', [{ topic: 'shop.order.v1', partition: 0 }]);
    let text = (await http().get('/metrics')).text;
    expect(text).toContain('streetteam_consumer_lag{group="campaigns.orders",topic="shop.order.v1",partition="0"} 4');
    expect(text).not.toContain('streetteam_consumer_lag{group="campaigns.orders",topic="shop.order.v1",partition="1"}');
    expect(text).toContain('streetteam_consumer_lag{group="payouts.commissions",topic="campaigns.commission.v1",partition="1"} 2');
    observer.consumerPartitions('campaigns.orders', []);
    text = (await http().get('/metrics')).text;
    expect(text).not.toContain('streetteam_consumer_lag{group="campaigns.orders"');
  });

  it('does reject an invalid HTTP body with 400 naming each field when the global pipe validates it', async () => {
    const response = await http().post('/campaigns/applications').send({ email: 'not-an-email', age: 16, extra: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('email: email must be an email; age: age must not be less than 18');
    expect(response.body.fields).toEqual([
      { field: 'email', problems: ['email must be an email'] },
      { field: 'age', problems: ['age must not be less than 18'] },
    ]);
  });

  it('does start without warnings when the middleware is applied to every route', () => {
    const entries = logLines.map((raw) => JSON.parse(raw) as Record<string, unknown>);
    expect(entries.some((entry) => entry.context === 'RouterExplorer')).toBe(true);
    expect(entries.filter((entry) => entry.level === 'warn')).toEqual([]);
  });

  it('does mark the infrastructure controllers public for the auth guard', () => {
    expect(Reflect.getMetadata(AUTHORIZATION_POLICY, HealthController)).toEqual({ kind: 'public' });
    expect(Reflect.getMetadata(AUTHORIZATION_POLICY, MetricsController)).toEqual({ kind: 'public' });
  });
});
