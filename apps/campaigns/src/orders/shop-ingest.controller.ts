import { Controller, HttpCode, HttpException, HttpStatus, Inject, Post, Req } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Public } from '@streetteam/auth';
import { EventDefinition, LeadCaptured, OrderPlaced, OrderRefunded } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { TRACKING_SETTINGS, TrackingSettings } from '../tracking-settings';
import { checkShopSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './shop-signature';
import { RAW_BODY } from './raw-body.capture';

type RequestWithRawBody = Request & { [RAW_BODY]?: Buffer };

/**
 * The shop's machine door: signed orders and refunds become OrderPlaced / OrderRefunded
 * on shop.order.v1, signed leads LeadCaptured on shop.lead.v1, through the outbox (the
 * same topics the shop may publish to directly).
 * Public to the JWT guard: the HMAC signature is the authentication.
 */
@Controller('ingest')
export class ShopIngestController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(TRACKING_SETTINGS) private readonly settings: TrackingSettings,
  ) {}

  @Post('orders')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  orders(@Req() req: RequestWithRawBody): Promise<{ accepted: true; orderId: string }> {
    return this.ingest(req, OrderPlaced, (p) => ({ accepted: true, orderId: p.orderId }));
  }

  @Post('refunds')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  refunds(@Req() req: RequestWithRawBody): Promise<{ accepted: true; refundId: string }> {
    return this.ingest(req, OrderRefunded, (p) => ({ accepted: true, refundId: p.refundId }));
  }

  @Post('leads')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  leads(@Req() req: RequestWithRawBody): Promise<{ accepted: true; leadId: string }> {
    return this.ingest(req, LeadCaptured, (p) => ({ accepted: true, leadId: p.leadId }));
  }

  private async ingest<P, R>(req: RequestWithRawBody, definition: EventDefinition<P>, answer: (payload: P) => R): Promise<R> {
    const rawBody = req[RAW_BODY];
    if (!rawBody) throw new HttpException({ statusCode: 415, error: 'Unsupported Media Type', message: 'send the body as application/json' }, 415);
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const signature = header(SIGNATURE_HEADER);
    const check = checkShopSignature({ secret: this.settings.shopSigningSecret, rawBody, signature, timestamp: header(TIMESTAMP_HEADER), nowMs: Date.now(), toleranceSeconds: this.settings.shopSignatureToleranceSeconds });
    if (!check.ok) throw unauthorized(check.field, check.problem);

    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw badRequest([{ field: 'body', problems: ['is not valid JSON'] }]);
    }
    const parsed = definition.payload.safeParse(json);
    if (!parsed.success) throw badRequest(issuesOf(parsed.error));

    await this.dataSource.transaction(async (manager) => {
      // Within the window a signature is accepted once: a captured request sent again is refused.
      const seen = (await manager.query('INSERT INTO ingest_signatures (signature) VALUES ($1) ON CONFLICT DO NOTHING RETURNING signature', [signature])) as unknown[];
      if (seen.length === 0) throw unauthorized(SIGNATURE_HEADER, 'this signed request was already received (replay)');
      await this.outbox.append(manager, definition, parsed.data);
    });
    return answer(parsed.data);
  }
}

function unauthorized(field: string, message: string): HttpException {
  return new HttpException({ statusCode: 401, error: 'Unauthorized', field, message }, 401);
}

function badRequest(fields: Array<{ field: string; problems: string[] }>): HttpException {
  const message = fields.flatMap((f) => f.problems.map((p) => `${f.field}: ${p}`)).join('; ');
  return new HttpException({ statusCode: 400, error: 'Bad Request', message, fields }, 400);
}

function issuesOf(error: z.ZodError): Array<{ field: string; problems: string[] }> {
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join('.') : 'body';
    byField.set(field, [...(byField.get(field) ?? []), issue.message]);
  }
  return [...byField].map(([field, problems]) => ({ field, problems }));
}
