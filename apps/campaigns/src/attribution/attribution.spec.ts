import { AmbassadorFacts, attribute, CampaignFacts, Facts, ReferredFacts } from './attribution';

const placedAt = new Date('2026-03-10T12:00:00Z');
const days = (n: number) => new Date(placedAt.getTime() - n * 86_400_000);
const campaign = (over: Partial<CampaignFacts> = {}): CampaignFacts => ({
  id: 'c1', programId: 'p', status: 'ACTIVE', startsAt: new Date('2026-01-01'), endsAt: null, currency: 'USD',
  attributionWindowDays: 30, precedence: 'CODE_BEATS_CLICK', recurringMonths: 0, eligibleTierIds: [], ...over,
});
const ambassador = (id: string, over: Partial<AmbassadorFacts> = {}): AmbassadorFacts => ({
  id, programId: 'p', status: 'ACTIVE', customerEmailHash: `hash-${id}`, tierId: null, referralCode: `CODE-${id}`, ...over,
});
const order = (over: Partial<ReferredFacts> = {}): ReferredFacts => ({
  kind: 'order', programId: 'p', customerEmailHash: 'hash-customer', currency: 'USD', at: placedAt, ...over,
});
const lead = (over: Partial<ReferredFacts> = {}): ReferredFacts => order({ kind: 'lead', currency: null, ...over });
const click = (clickId: string, ambassadorId: string, clickedAt: Date, c = campaign()) => ({ clickId, campaignId: c.id, ambassadorId, clickedAt, campaign: c, ambassador: ambassador(ambassadorId) });

describe('attribution', () => {
  it('credits the code\'s ambassador when the order carries a code', () => {
    const d = attribute({ referred: order({ discountCode: 'CODE-a' }), code: { ambassador: ambassador('a'), campaign: campaign() }, clicks: [] });
    expect(d).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CODE', ambassadorId: 'a', campaignId: 'c1' });
  });

  it('lets the code beat another ambassador\'s click by default', () => {
    const d = attribute({ referred: order({ discountCode: 'CODE-a', clickId: 'k1' }), code: { ambassador: ambassador('a'), campaign: campaign() }, clicks: [click('k1', 'b', days(1))] });
    expect(d).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CODE', ambassadorId: 'a', reason: expect.stringContaining('code beats click') });
  });

  it('lets the click win when the campaign says click beats code', () => {
    const c = campaign({ precedence: 'CLICK_BEATS_CODE' });
    const d = attribute({ referred: order({ discountCode: 'CODE-a', clickId: 'k1' }), code: { ambassador: ambassador('a'), campaign: c }, clicks: [click('k1', 'b', days(1), c)] });
    expect(d).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CLICK', ambassadorId: 'b', clickId: 'k1' });
  });

  it('credits the last click inside the window', () => {
    const d = attribute({ referred: order({ clickId: 'k1' }), clicks: [click('k1', 'a', days(5)), click('k2', 'b', days(2)), click('k3', 'c', days(40))] });
    expect(d).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CLICK', ambassadorId: 'b', clickId: 'k2' });
  });

  it('ignores a click outside the window, and says so', () => {
    const d = attribute({ referred: order({ clickId: 'k1' }), clicks: [click('k1', 'a', days(31))] });
    expect(d).toEqual({ outcome: 'UNATTRIBUTED', reason: expect.stringContaining('outside the 30-day window') });
  });

  it('says a click is not known, or that it never arrived when the order waited for it', () => {
    expect(attribute({ referred: order({ clickId: 'k1' }), clicks: [] })).toEqual({ outcome: 'UNATTRIBUTED', reason: 'click k1 is not known' });
    expect(attribute({ referred: order({ clickId: 'k1' }), clicks: [], clickWaitedMinutes: 61 })).toEqual({ outcome: 'UNATTRIBUTED', reason: 'click k1 never arrived (waited 61 minutes for it)' });
  });

  it('ignores clicks after the order and campaigns not running', () => {
    const paused = campaign({ id: 'c2', status: 'PAUSED' });
    const d = attribute({ referred: order({ clickId: 'k1' }), clicks: [click('k1', 'a', new Date(placedAt.getTime() + 1000)), click('k2', 'b', days(1), paused)] });
    expect(d.outcome).toBe('UNATTRIBUTED');
  });

  it('refuses a self-referral: the order\'s customer is the ambassador', () => {
    const d = attribute({ referred: order({ discountCode: 'CODE-a', customerEmailHash: 'hash-a' }), code: { ambassador: ambassador('a'), campaign: campaign() }, clicks: [] });
    expect(d).toMatchObject({ outcome: 'REFUSED', selfReferral: true, ambassadorId: 'a', reason: expect.stringContaining('self-referral') });
  });

  it('pays a referred customer\'s recurring order within the campaign\'s months, not after', () => {
    const c = campaign({ recurringMonths: 3 });
    const facts = (at: Date): Facts => ({ referred: order({ at }), clicks: [], referredBefore: { ambassador: ambassador('a'), campaign: c, placedAt: new Date('2026-01-15T00:00:00Z') } });
    expect(attribute(facts(placedAt))).toMatchObject({ outcome: 'ATTRIBUTED', method: 'RECURRING', ambassadorId: 'a' });
    expect(attribute(facts(new Date('2026-04-16T00:00:00Z')))).toMatchObject({ outcome: 'UNATTRIBUTED', reason: expect.stringContaining('after the 3 months') });
    // Placed before the referral (and only received after it): nothing to recur on.
    expect(attribute(facts(new Date('2026-01-14T00:00:00Z')))).toMatchObject({ outcome: 'UNATTRIBUTED', reason: expect.stringContaining('placed before the customer was referred') });
  });

  it('refuses a code of an ambassador not active or not eligible, and an order in another currency', () => {
    expect(attribute({ referred: order({ discountCode: 'X' }), code: { ambassador: ambassador('a', { status: 'PAUSED' }), campaign: campaign() }, clicks: [] }).outcome).toBe('UNATTRIBUTED');
    expect(attribute({ referred: order({ discountCode: 'X' }), code: { ambassador: ambassador('a'), campaign: campaign({ eligibleTierIds: ['gold'] }) }, clicks: [] }).outcome).toBe('UNATTRIBUTED');
    expect(attribute({ referred: order({ discountCode: 'X', currency: 'EUR' }), code: { ambassador: ambassador('a'), campaign: campaign() }, clicks: [] })).toMatchObject({ reason: expect.stringContaining('EUR') });
  });

  it('attributes a lead by the same rule: its code beats a click, else the last click; it has no currency to refuse', () => {
    const byCode = attribute({ referred: lead({ discountCode: 'CODE-a', clickId: 'k1' }), code: { ambassador: ambassador('a'), campaign: campaign({ currency: 'EUR' }) }, clicks: [click('k1', 'b', days(1))] });
    expect(byCode).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CODE', ambassadorId: 'a' });
    expect(attribute({ referred: lead({ clickId: 'k1' }), clicks: [click('k1', 'b', days(1))] })).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CLICK', ambassadorId: 'b', clickId: 'k1' });
  });

  it('refuses a lead from the ambassador themself, and one captured while the campaign was not running', () => {
    expect(attribute({ referred: lead({ discountCode: 'CODE-a', customerEmailHash: 'hash-a' }), code: { ambassador: ambassador('a'), campaign: campaign() }, clicks: [] })).toMatchObject({
      outcome: 'REFUSED',
      selfReferral: true,
      reason: expect.stringContaining("self-referral: the lead's customer is ambassador a"),
    });
    const ended = campaign({ endsAt: days(1) });
    expect(attribute({ referred: lead({ discountCode: 'CODE-a' }), code: { ambassador: ambassador('a'), campaign: ended }, clicks: [] })).toMatchObject({ outcome: 'UNATTRIBUTED', reason: expect.stringContaining('when the lead was captured') });
  });
});
