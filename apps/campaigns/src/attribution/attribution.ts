// Who an order or a lead is credited to, and why. Pure: the service loads the facts, this decides.
import { AttributionPrecedence, CampaignStatus, isRunningAt, tierIsEligible } from '../campaigns/campaign-rules';

/** What is credited: an order, or a lead (a sign-up or quote request: no sale, so no currency of its own). */
export interface ReferredFacts {
  kind: 'order' | 'lead';
  programId: string;
  customerEmailHash: string;
  /** The order's; null for a lead, which a campaign pays in the campaign's currency. */
  currency: string | null;
  discountCode?: string;
  clickId?: string;
  /** When the order was placed or the lead captured. */
  at: Date;
}

export interface CampaignFacts {
  id: string;
  programId: string;
  status: CampaignStatus;
  startsAt: Date;
  endsAt: Date | null;
  currency: string;
  attributionWindowDays: number;
  precedence: AttributionPrecedence;
  recurringMonths: number;
  eligibleTierIds: string[];
}

export interface AmbassadorFacts {
  id: string;
  programId: string;
  status: string;
  customerEmailHash: string | null;
  tierId: string | null;
  referralCode: string | null;
}

export interface ClickFacts {
  clickId: string;
  campaignId: string;
  ambassadorId: string;
  clickedAt: Date;
}

export interface Facts {
  referred: ReferredFacts;
  /** The ambassador whose referral code the order or lead carries, and the campaign the code counts in. */
  code?: { ambassador: AmbassadorFacts; campaign: CampaignFacts | null };
  /** The order's own click and the same visitor's other clicks (address and agent), any campaign of the program. */
  clicks: Array<ClickFacts & { campaign: CampaignFacts; ambassador: AmbassadorFacts | null }>;
  /** The customer's first referred order in the program, for recurring orders (never for a lead). */
  referredBefore?: { ambassador: AmbassadorFacts; campaign: CampaignFacts; placedAt: Date };
  /** How long the order or lead waited for its click before it was decided without it (click-wait.ts). */
  clickWaitedMinutes?: number;
}

export type Decision =
  | { outcome: 'ATTRIBUTED'; method: 'CODE' | 'CLICK' | 'RECURRING'; ambassadorId: string; campaignId: string; clickId: string | null; reason: string }
  | { outcome: 'REFUSED'; method: 'CODE' | 'CLICK' | 'RECURRING'; ambassadorId: string; campaignId: string; clickId: string | null; reason: string; selfReferral: true }
  | { outcome: 'UNATTRIBUTED'; reason: string };

const DAY = 86_400_000;

function mayEarn(ambassador: AmbassadorFacts, campaign: CampaignFacts, referred: ReferredFacts): string | null {
  if (campaign.programId !== referred.programId) return 'the campaign belongs to another program';
  if (!isRunningAt(campaign, referred.at)) return `campaign ${campaign.id} was not running when the ${referred.kind === 'order' ? 'order was placed' : 'lead was captured'}`;
  if (referred.currency !== null && campaign.currency !== referred.currency) return `the order is in ${referred.currency}, the campaign pays in ${campaign.currency}`;
  if (ambassador.status !== 'ACTIVE') return `ambassador ${ambassador.id} is not active`;
  if (!tierIsEligible(campaign.eligibleTierIds, ambassador.tierId)) return `ambassador ${ambassador.id}'s tier is not eligible in campaign ${campaign.id}`;
  return null;
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/**
 * The code used, else the last click inside the window; with both, the code's campaign
 * says which wins (code beats click by default). Without either, a recurring order of a
 * referred customer within the campaign's months. The winner's own customer identity on
 * the order or lead is a self-referral: refused. Orders and leads go through this one rule.
 */
export function attribute(facts: Facts): Decision {
  const { referred } = facts;
  const notes: string[] = [];

  let byCode: { ambassador: AmbassadorFacts; campaign: CampaignFacts } | null = null;
  if (referred.discountCode) {
    if (!facts.code) notes.push(`code ${referred.discountCode} is no ambassador's`);
    else if (!facts.code.campaign) notes.push(`code ${referred.discountCode}: no running campaign of the program admits ambassador ${facts.code.ambassador.id}`);
    else {
      const refusal = mayEarn(facts.code.ambassador, facts.code.campaign, referred);
      if (refusal) notes.push(`code ${referred.discountCode}: ${refusal}`);
      else byCode = { ambassador: facts.code.ambassador, campaign: facts.code.campaign };
    }
  }

  let byClick: (typeof facts.clicks)[number] | null = null;
  const clicks = [...facts.clicks].sort((a, b) => b.clickedAt.getTime() - a.clickedAt.getTime() || (a.clickId < b.clickId ? -1 : 1));
  for (const click of clicks) {
    if (click.clickedAt > referred.at) continue;
    const windowStart = referred.at.getTime() - click.campaign.attributionWindowDays * DAY;
    if (click.clickedAt.getTime() < windowStart) {
      notes.push(`click ${click.clickId} at ${click.clickedAt.toISOString()} is outside the ${click.campaign.attributionWindowDays}-day window`);
      continue;
    }
    const refusal = click.ambassador ? mayEarn(click.ambassador, click.campaign, referred) : `ambassador ${click.ambassadorId} is unknown`;
    if (refusal) {
      notes.push(`click ${click.clickId}: ${refusal}`);
      continue;
    }
    byClick = click;
    break;
  }
  if (referred.clickId && !facts.clicks.some((c) => c.clickId === referred.clickId)) {
    notes.push(facts.clickWaitedMinutes === undefined ? `click ${referred.clickId} is not known` : `click ${referred.clickId} never arrived (waited ${facts.clickWaitedMinutes} minutes for it)`);
  }

  let winner: Extract<Decision, { outcome: 'ATTRIBUTED' }> | null = null;
  const clickReason = (c: ClickFacts & { campaign: CampaignFacts }) =>
    `last click ${c.clickId} at ${c.clickedAt.toISOString()}, inside the ${c.campaign.attributionWindowDays}-day window${c.clickId === referred.clickId ? '' : ' (same visitor)'}`;
  if (byCode && byClick && byClick.ambassadorId !== byCode.ambassador.id) {
    if (byCode.campaign.precedence === 'CLICK_BEATS_CODE') {
      winner = { outcome: 'ATTRIBUTED', method: 'CLICK', ambassadorId: byClick.ambassadorId, campaignId: byClick.campaignId, clickId: byClick.clickId, reason: `${clickReason(byClick)}; click beats code ${referred.discountCode}` };
    } else {
      winner = { outcome: 'ATTRIBUTED', method: 'CODE', ambassadorId: byCode.ambassador.id, campaignId: byCode.campaign.id, clickId: null, reason: `code ${referred.discountCode} of ambassador ${byCode.ambassador.id}; code beats click ${byClick.clickId}` };
    }
  } else if (byCode) {
    const sameClick = byClick && byClick.ambassadorId === byCode.ambassador.id ? byClick.clickId : null;
    winner = { outcome: 'ATTRIBUTED', method: 'CODE', ambassadorId: byCode.ambassador.id, campaignId: byCode.campaign.id, clickId: sameClick, reason: `code ${referred.discountCode} of ambassador ${byCode.ambassador.id}` };
  } else if (byClick) {
    winner = { outcome: 'ATTRIBUTED', method: 'CLICK', ambassadorId: byClick.ambassadorId, campaignId: byClick.campaignId, clickId: byClick.clickId, reason: clickReason(byClick) };
  } else if (facts.referredBefore && !referred.discountCode && !referred.clickId) {
    const { ambassador, campaign, placedAt } = facts.referredBefore;
    const until = addMonths(placedAt, campaign.recurringMonths);
    const refusal = mayEarn(ambassador, campaign, referred);
    if (campaign.recurringMonths === 0) notes.push(`campaign ${campaign.id} pays no recurring orders`);
    else if (referred.at < placedAt) notes.push(`placed before the customer was referred on ${placedAt.toISOString()}`);
    else if (referred.at >= until) notes.push(`recurring order after the ${campaign.recurringMonths} months from the referral on ${placedAt.toISOString()}`);
    else if (refusal) notes.push(`recurring: ${refusal}`);
    else winner = { outcome: 'ATTRIBUTED', method: 'RECURRING', ambassadorId: ambassador.id, campaignId: campaign.id, clickId: null, reason: `recurring order of a customer referred on ${placedAt.toISOString()} (within ${campaign.recurringMonths} months)` };
  }

  if (!winner) return { outcome: 'UNATTRIBUTED', reason: notes.length > 0 ? notes.join('; ') : 'no code, no click' };

  const ambassador =
    winner.method === 'CODE' ? byCode!.ambassador : winner.method === 'CLICK' ? byClick!.ambassador! : facts.referredBefore!.ambassador;
  if (ambassador.customerEmailHash && ambassador.customerEmailHash === referred.customerEmailHash) {
    return { ...winner, outcome: 'REFUSED', selfReferral: true, reason: `self-referral: the ${referred.kind}'s customer is ambassador ${ambassador.id} (${winner.reason})` };
  }
  return winner;
}
