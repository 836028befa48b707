import { randomUUID } from 'node:crypto';
import { ContractViolation, parseEnvelope, validatePayload } from './catalog';
import { hashEmail } from './fields';
import { OrderPlaced } from './events/order-placed';
import { OrderRefunded } from './events/order-refunded';
import { LeadCaptured } from './events/lead-captured';
import { CommissionEarned } from './events/commission-earned';
import { CommissionReversed } from './events/commission-reversed';
import { ProgramCreated } from './events/program-created';
import { clicksIn, clickShardKey, linkClicksPayload, MAX_CLICKS_PER_EVENT, ReferralLinkClicks, ReferralLinkClicksV1 } from './events/referral-link-clicks';

const payload = {
  programId: randomUUID(),
  name: 'Spring street team',
  currency: 'USD',
  guaranteeWindowDays: 30,
  createdAt: new Date().toISOString(),
};

function envelope(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type: 'ProgramCreated',
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: 'enrollment',
    key: payload.programId,
    payload,
    ...overrides,
  };
}

describe('parseEnvelope', () => {
  it('returns the typed event when envelope and payload are valid', () => {
    const event = parseEnvelope(envelope());
    expect(event.type).toBe('ProgramCreated');
    expect(event.payload).toEqual(payload);
  });

  it('names the field when the envelope id is not a uuid', () => {
    expect(() => parseEnvelope(envelope({ id: 'nope' }))).toThrow(/id: Invalid uuid/);
  });

  it('refuses an event type the catalog does not know', () => {
    expect(() => parseEnvelope(envelope({ type: 'Mystery' }))).toThrow('unknown event Mystery v1');
  });

  it('names the payload field that breaks the schema', () => {
    expect(() => parseEnvelope(envelope({ payload: { ...payload, currency: 'usd' } }))).toThrow(
      /invalid ProgramCreated payload: currency/,
    );
  });
});

describe('validatePayload', () => {
  it('throws a ContractViolation when a payload is invalid before publishing', () => {
    expect(() => validatePayload(ProgramCreated, { ...payload, guaranteeWindowDays: -1 })).toThrow(ContractViolation);
  });

  it('keys program events by program id so they stay in order', () => {
    expect(ProgramCreated.key(payload)).toBe(payload.programId);
  });
});

describe('commission payloads', () => {
  const earned = {
    commissionId: randomUUID(),
    ambassadorId: randomUUID(),
    programId: randomUUID(),
    campaignId: randomUUID(),
    source: 'ORDER' as const,
    orderId: 'order-1',
    amountMinor: 1250,
    currency: 'EUR',
    saleAmountMinor: 12500,
    points: 12,
    earnedAt: new Date().toISOString(),
    holdUntil: new Date().toISOString(),
  };

  it('accepts a commission in integer minor units', () => {
    expect(validatePayload(CommissionEarned, earned)).toEqual(earned);
  });

  it('refuses a fractional or negative amount', () => {
    expect(() => validatePayload(CommissionEarned, { ...earned, amountMinor: 12.5 })).toThrow(/amountMinor/);
    expect(() => validatePayload(CommissionEarned, { ...earned, saleAmountMinor: -1 })).toThrow(/saleAmountMinor/);
  });

  it('refuses a reversal without a reason', () => {
    const reversal = { reversalId: randomUUID(), cause: 'REFUND' as const, commissionId: earned.commissionId, ambassadorId: earned.ambassadorId, programId: earned.programId, amountMinor: 1250, saleAmountMinor: 12500, points: 12, currency: 'EUR', reason: '', reversedAt: earned.earnedAt };
    expect(() => validatePayload(CommissionReversed, reversal)).toThrow(/reason/);
  });
});

describe('hashEmail', () => {
  it('gives one identity for an email whatever its case or surrounding spaces', () => {
    expect(hashEmail(' Kim@Example.com ')).toBe(hashEmail('kim@example.com'));
    expect(hashEmail('kim@example.com')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('order payloads', () => {
  const order = {
    orderId: 'shop-1001',
    programId: randomUUID(),
    customerId: 'cust-1',
    customerEmailHash: hashEmail('kim@example.com'),
    amountMinor: 5000,
    currency: 'USD',
    items: [{ sku: 'TEE-1', quantity: 2, unitAmountMinor: 2500 }],
    placedAt: new Date().toISOString(),
  };

  it('keys an order and its refunds by order id so they stay in order', () => {
    const refund = { refundId: 'r-1', orderId: order.orderId, amountMinor: 100, currency: 'USD', refundedAt: order.placedAt };
    expect(OrderPlaced.key(validatePayload(OrderPlaced, order))).toBe('shop-1001');
    expect(OrderRefunded.key(validatePayload(OrderRefunded, refund))).toBe('shop-1001');
  });

  it('refuses an order without items and a refund of nothing', () => {
    expect(() => validatePayload(OrderPlaced, { ...order, items: [] })).toThrow(/items/);
    expect(() => validatePayload(OrderRefunded, { refundId: 'r', orderId: 'o', amountMinor: 0, currency: 'USD', refundedAt: order.placedAt })).toThrow(/amountMinor/);
  });
});

describe('lead payloads', () => {
  const lead = { leadId: 'lead-1', programId: randomUUID(), customerId: 'c-1', customerEmailHash: hashEmail('Someone@Example.com '), capturedAt: new Date().toISOString() };

  it('accepts a lead with or without a code and a click, keyed by its id on the shop\'s lead topic', () => {
    expect(validatePayload(LeadCaptured, lead)).toEqual(lead);
    expect(validatePayload(LeadCaptured, { ...lead, discountCode: 'AMB1', clickId: randomUUID() }).discountCode).toBe('AMB1');
    expect(LeadCaptured.key(lead)).toBe('lead-1');
    expect(LeadCaptured.topic).toBe('shop.lead.v1');
  });

  it('names the field of a lead with a clear email, a bad click id or no time', () => {
    expect(() => validatePayload(LeadCaptured, { ...lead, customerEmailHash: 'someone@example.com' })).toThrow(/customerEmailHash/);
    expect(() => validatePayload(LeadCaptured, { ...lead, clickId: 'k1' })).toThrow(/clickId/);
    const { capturedAt: _capturedAt, ...untimed } = lead;
    expect(() => validatePayload(LeadCaptured, untimed as typeof lead)).toThrow(/capturedAt/);
  });
});

describe('click payloads', () => {
  const click = (linkId: string) => ({ clickId: randomUUID(), linkId, campaignId: randomUUID(), ambassadorId: randomUUID(), addressHash: 'a'.repeat(64), userAgent: 'Mozilla/5.0', clickedAt: new Date().toISOString() });
  const linkInShard = (shard: string) => {
    for (;;) {
      const id = randomUUID();
      if (clickShardKey(id) === shard) return id;
    }
  };

  it('keys clicks by their links\' shard, the same for every click of one link, in either version', () => {
    const linkId = randomUUID();
    expect(ReferralLinkClicks.key(linkClicksPayload([click(linkId)]))).toBe(clickShardKey(linkId));
    expect(ReferralLinkClicksV1.key({ clicks: [click(linkId)] })).toBe(clickShardKey(linkId));
    expect(clickShardKey(linkId)).toMatch(/^links-[0-7]$/);
  });

  it('names each link once for its clicks, and gives every click back whole', () => {
    const [a, b] = [linkInShard('links-3'), linkInShard('links-3')];
    const first = click(a);
    const clicks = [first, click(b), { ...click(a), campaignId: first.campaignId, ambassadorId: first.ambassadorId }];
    const payload = validatePayload(ReferralLinkClicks, linkClicksPayload(clicks));
    expect(payload.links.map((l) => [l.linkId, l.clicks.length])).toEqual([[a, 2], [b, 1]]);
    expect(clicksIn(payload)).toEqual([clicks[0], clicks[2], clicks[1]]);
    expect(clicksIn(validatePayload(ReferralLinkClicksV1, { clicks }))).toEqual(clicks);
  });

  it('refuses an event mixing shards, with no clicks, or with more than it may carry, in either version', () => {
    const [inZero, inOne] = [click(linkInShard('links-0')), click(linkInShard('links-1'))];
    expect(() => validatePayload(ReferralLinkClicksV1, { clicks: [inZero, inOne] })).toThrow(/clicks: clicks of one event belong to links of one shard/);
    expect(() => validatePayload(ReferralLinkClicks, linkClicksPayload([inZero, inOne]))).toThrow(/links: clicks of one event belong to links of one shard/);
    expect(() => validatePayload(ReferralLinkClicksV1, { clicks: [] })).toThrow(/clicks/);
    expect(() => validatePayload(ReferralLinkClicks, { links: [] })).toThrow(/links/);
    const linkId = randomUUID();
    const { links } = linkClicksPayload([click(linkId)]);
    expect(() => validatePayload(ReferralLinkClicks, { links: [{ ...links[0], clicks: [] }] })).toThrow(/links\.0\.clicks/);
    const tooMany = Array.from({ length: MAX_CLICKS_PER_EVENT + 1 }, () => click(linkId));
    expect(() => validatePayload(ReferralLinkClicksV1, { clicks: tooMany })).toThrow(/clicks/);
    expect(() => validatePayload(ReferralLinkClicks, linkClicksPayload(tooMany))).toThrow(/links: at most 1000 clicks in one event/);
    expect(clicksIn(validatePayload(ReferralLinkClicks, linkClicksPayload(tooMany.slice(1))))).toHaveLength(MAX_CLICKS_PER_EVENT);
  });

  it('names the field of a click that is wrong', () => {
    const { links } = linkClicksPayload([click(randomUUID())]);
    expect(() => validatePayload(ReferralLinkClicks, { links: [{ ...links[0], clicks: [{ ...links[0].clicks[0], addressHash: '198.51.100.7' }] }] })).toThrow(/links\.0\.clicks\.0\.addressHash/);
    expect(() => validatePayload(ReferralLinkClicks, { links: [{ ...links[0], campaignId: 'c1' }] })).toThrow(/links\.0\.campaignId/);
  });
});

describe('timestamps', () => {
  const at = (createdAt: string) => () => validatePayload(ProgramCreated, { ...payload, createdAt });

  it('takes ISO 8601 with a zone, with or without fractions of a second', () => {
    for (const ok of ['2026-12-01T21:31:06Z', '2026-12-01T21:31:06.123Z', '2026-12-01T21:31:06+01:00', '2026-12-01T21:31:06.5-0530', '2026-12-01T21:31:06+05']) expect(at(ok)).not.toThrow();
  });

  it('refuses a date without a zone, an impossible month or hour, or no time at all', () => {
    for (const bad of ['2026-12-01T21:31:06', '2026-13-01T21:31:06Z', '2026-12-01T24:00:00Z', '2026-12-01', 'yesterday']) expect(at(bad)).toThrow(/createdAt: Invalid datetime/);
  });
});
