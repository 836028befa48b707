import { decodeForm } from './form-decoding';
import { Params } from './params';
import { StripeApiError } from './stripe-api-error';

function params(body: string): Params {
  return new Params(decodeForm(body));
}

function errorOf(read: () => unknown): ReturnType<StripeApiError['body']>['error'] {
  try {
    read();
  } catch (error) {
    if (error instanceof StripeApiError) return error.body().error;
    throw error;
  }
  throw new Error('expected a StripeApiError');
}

describe('Params', () => {
  it('reads integers, booleans, currencies and metadata', () => {
    const p = params('amount=1200&confirm=true&currency=USD&metadata[payout_id]=p1');
    expect(p.integer('amount', { required: true, min: 1 })).toBe(1200);
    expect(p.boolean('confirm')).toBe(true);
    expect(p.currency()).toBe('usd');
    expect(p.metadata()).toEqual({ payout_id: 'p1' });
  });

  it('names a missing or malformed parameter as Stripe does', () => {
    expect(errorOf(() => params('').integer('amount', { required: true }))).toMatchObject({ code: 'parameter_missing', param: 'amount', message: 'Missing required param: amount.' });
    expect(errorOf(() => params('amount=12.5').integer('amount'))).toMatchObject({ code: 'parameter_invalid_integer', param: 'amount' });
    expect(errorOf(() => params('amount=0').integer('amount', { min: 1 }))).toMatchObject({ param: 'amount', message: expect.stringContaining('greater than or equal to 1') });
    expect(errorOf(() => params('confirm=yes').boolean('confirm'))).toMatchObject({ code: 'parameter_invalid_boolean', param: 'confirm' });
    expect(errorOf(() => params('currency=dollars').currency())).toMatchObject({ param: 'currency' });
  });

  it('refuses parameters the endpoint did not read', () => {
    const p = params('amount=1&colour=blue&expand[0]=x');
    p.integer('amount');
    expect(errorOf(() => p.rejectUnknown())).toMatchObject({ code: 'parameter_unknown', param: 'colour', message: 'Received unknown parameter: colour' });
  });

  it('reads a created range or an exact created time', () => {
    expect(params('created[gte]=10&created[lt]=20').createdRange()).toEqual({ gte: 10, lt: 20 });
    expect(params('created=15').createdRange()).toEqual({ gte: 15, lte: 15 });
    expect(errorOf(() => params('created[after]=1').createdRange())).toMatchObject({ code: 'parameter_unknown', param: 'created[after]' });
  });

  it('reads a page: limit 1 to 100, default 10, one cursor at most', () => {
    expect(params('').page()).toEqual({ limit: 10, startingAfter: undefined, endingBefore: undefined });
    expect(params('limit=100&starting_after=txn_1').page()).toEqual({ limit: 100, startingAfter: 'txn_1', endingBefore: undefined });
    expect(errorOf(() => params('limit=101').page())).toMatchObject({ param: 'limit' });
    expect(errorOf(() => params('starting_after=a&ending_before=b').page())).toMatchObject({ param: 'ending_before' });
  });

  it('limits metadata as Stripe does', () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => `metadata[k${i}]=v`).join('&');
    expect(errorOf(() => params(tooMany).metadata())).toMatchObject({ param: 'metadata' });
    expect(errorOf(() => params(`metadata[${'k'.repeat(41)}]=v`).metadata())).toMatchObject({ param: expect.stringContaining('metadata[') });
    expect(params('metadata=').metadata()).toEqual({});
  });
});
