import { BadRequestException, Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '@streetteam/auth';
import { Stripe, StripeSignatureError, verifyStripeWebhook } from '@streetteam/stripe';
import { PAYOUTS_CONFIG, PayoutsConfig } from '../payouts-config';
import { STRIPE } from '../stripe.provider';
import { StripeWebhookService } from './stripe-webhook.service';

@Controller('webhooks')
export class StripeWebhookController {
  constructor(
    private readonly webhooks: StripeWebhookService,
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(PAYOUTS_CONFIG) private readonly config: PayoutsConfig,
  ) {}

  // Public: Stripe has no token; the signature over the raw body is the authentication.
  @Post('stripe')
  @HttpCode(200)
  @Public()
  async receive(@Req() request: RawBodyRequest<Request>, @Headers('stripe-signature') signature?: string): Promise<{ received: true; outcome: string }> {
    if (!request.rawBody) throw new BadRequestException({ error: 'body', message: 'body: a raw JSON body is required' });
    let event: Stripe.Event;
    try {
      event = verifyStripeWebhook(this.stripe, request.rawBody, signature, this.config.stripe);
    } catch (error) {
      if (error instanceof StripeSignatureError) throw new BadRequestException({ error: 'stripe-signature', message: `stripe-signature: ${error.message}` });
      throw error;
    }
    return { received: true, outcome: await this.webhooks.handle(event) };
  }
}
