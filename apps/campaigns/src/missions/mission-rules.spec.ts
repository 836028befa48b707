import { checkMission, checkProof, defaultInvolvement, isMissionOpen, refusalToSubmit, reviewOutcome } from './mission-rules';

const at = new Date('2026-05-10T12:00:00Z');
const draft = { title: 'Post the drop', description: '', points: 50, bountyMinor: null, limitPerAmbassador: 1, startsAt: new Date('2026-05-01T00:00:00Z'), endsAt: null };
const campaign = { programId: 'p1', status: 'ACTIVE', eligibleTierIds: [] as string[] };
const mission = { startsAt: new Date('2026-05-01T00:00:00Z'), endsAt: new Date('2026-06-01T00:00:00Z'), limitPerAmbassador: 2 };
const ambassador = { status: 'ACTIVE', programId: 'p1', tierId: 'gold' };

describe('mission rules', () => {
  it('gives each kind a form of involvement, all four covered', () => {
    expect(new Set(['SOCIAL_POST', 'EVENT', 'PRODUCT_REVIEW', 'IDEA', 'REFERRAL_GOAL'].map((k) => defaultInvolvement(k as never)))).toEqual(
      new Set(['SALES_AND_MARKETING', 'DELIVER_SERVICE', 'IMPROVE_PRODUCTS']),
    );
  });

  it('accepts a sound mission and names each bad field', () => {
    expect(checkMission(draft, { startsAt: draft.startsAt, endsAt: null })).toEqual([]);
    const problems = checkMission({ ...draft, title: ' ', points: -1, bountyMinor: 0, limitPerAmbassador: 0, endsAt: new Date('2026-04-01T00:00:00Z') }, { startsAt: draft.startsAt, endsAt: null });
    expect(problems.map((p) => p.field)).toEqual(['title', 'points', 'bountyMinor', 'limitPerAmbassador', 'endsAt']);
  });

  it('refuses a mission that rewards nothing', () => {
    expect(checkMission({ ...draft, points: 0 }, { startsAt: draft.startsAt, endsAt: null })).toEqual([{ field: 'points', problem: 'points: a mission without a bounty must award points' }]);
    expect(checkMission({ ...draft, points: 0, bountyMinor: 500 }, { startsAt: draft.startsAt, endsAt: null })).toEqual([]);
  });

  it('is open from its start until (not at) its end', () => {
    expect(isMissionOpen(mission, new Date('2026-05-01T00:00:00Z'))).toBe(true);
    expect(isMissionOpen(mission, new Date('2026-06-01T00:00:00Z'))).toBe(false);
    expect(isMissionOpen({ ...mission, endsAt: null }, new Date('2030-01-01T00:00:00Z'))).toBe(true);
  });

  it('asks for the proof the mission names and checks a link is a web link', () => {
    expect(checkProof('LINK', { url: ' https://insta.example/p/1 ' })).toEqual({ ok: true, url: 'https://insta.example/p/1', text: null });
    expect(checkProof('LINK', { text: 'I posted' })).toMatchObject({ ok: false, field: 'proofUrl' });
    expect(checkProof('LINK', { url: 'javascript:alert(1)' })).toMatchObject({ ok: false, field: 'proofUrl', problem: 'proofUrl: must be an http or https link' });
    expect(checkProof('TEXT', { text: '   ' })).toMatchObject({ ok: false, field: 'proofText' });
    expect(checkProof('TEXT', { text: 'x'.repeat(2001) })).toMatchObject({ ok: false, field: 'proofText' });
    expect(checkProof('NONE', {})).toEqual({ ok: true, url: null, text: null });
  });

  it('lets an active ambassador of an eligible tier take part under the limit', () => {
    expect(refusalToSubmit(ambassador, campaign, mission, 1, at)).toBeNull();
    expect(refusalToSubmit(ambassador, { ...campaign, eligibleTierIds: ['gold'] }, mission, 0, at)).toBeNull();
  });

  it('refuses, with the reason, whoever may not take part now', () => {
    const code = (...args: Parameters<typeof refusalToSubmit>) => refusalToSubmit(...args)?.code;
    expect(code({ ...ambassador, status: 'PAUSED' }, campaign, mission, 0, at)).toBe('NOT_ACTIVE');
    expect(code({ ...ambassador, programId: 'p2' }, campaign, mission, 0, at)).toBe('OTHER_PROGRAM');
    expect(code({ ...ambassador, tierId: null }, { ...campaign, eligibleTierIds: ['gold'] }, mission, 0, at)).toBe('TIER_NOT_ELIGIBLE');
    expect(code(ambassador, { ...campaign, eligibleTierIds: ['silver'] }, mission, 0, at)).toBe('TIER_NOT_ELIGIBLE');
    expect(code(ambassador, { ...campaign, status: 'PAUSED' }, mission, 0, at)).toBe('CAMPAIGN_NOT_RUNNING');
    expect(code(ambassador, campaign, mission, 0, new Date('2026-07-01T00:00:00Z'))).toBe('MISSION_NOT_OPEN');
    expect(code(ambassador, campaign, mission, 2, at)).toBe('LIMIT_REACHED');
  });

  it('approves once: a second approval does nothing, a decided submission is not decided again', () => {
    expect(reviewOutcome('PENDING', 'APPROVED')).toBe('APPLY');
    expect(reviewOutcome('PENDING', 'REJECTED')).toBe('APPLY');
    expect(reviewOutcome('APPROVED', 'APPROVED')).toBe('ALREADY_DONE');
    expect(reviewOutcome('APPROVED', 'REJECTED')).toBe('CONFLICT');
    expect(reviewOutcome('REJECTED', 'APPROVED')).toBe('CONFLICT');
    expect(reviewOutcome('REJECTED', 'REJECTED')).toBe('CONFLICT');
  });
});
