import { Provider } from '@nestjs/common';
import { createStripeClient, Stripe } from '@streetteam/stripe';
import { PAYOUTS_CONFIG, PayoutsConfig } from './payouts-config';

/** The real Stripe SDK, pointed by configuration at Stripe, the emulator or stripe-mock. */
export const STRIPE = Symbol('STRIPE');

export const stripeProvider: Provider = {
  provide: STRIPE,
  inject: [PAYOUTS_CONFIG],
  useFactory: (config: PayoutsConfig): Stripe => createStripeClient(config.stripe),
};
