// Who an order is credited to, and why. Pure: the service loads the facts, this decides.
import { AttributionPrecedence, CampaignStatus, isRunningAt, tierIsEligible } from '../campaigns/campaign-rules';

export interface OrderFacts {
  orderId: string;
  programId: string;
  customerId: string;
  customerEmailHash: string;
  amountMinor: number;
  currency: string;
  discountCode?: string;
  clickId?: string;
  placedAt: Date;
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
  order: OrderFacts;
  /** The ambassador whose referral code the order carries, and the campaign the code counts in. */
  code?: { ambassador: AmbassadorFacts; campaign: CampaignFacts | null };
  /** The order's own click and the same visitor's other clicks (address and agent), any campaign of the program. */
  clicks: Array<ClickFacts & { campaign: CampaignFacts; ambassador: AmbassadorFacts | null }>;
  /** The customer's first referred order in the program, for recurring orders. */
  referredBefore?: { ambassador: AmbassadorFacts; campaign: CampaignFacts; placedAt: Date };
}

export type Decision =
  | { outcome: 'ATTRIBUTED'; method: 'CODE' | 'CLICK' | 'RECURRING'; ambassadorId: string; campaignId: string; clickId: string | null; reason: string }
  | { outcome: 'REFUSED'; method: 'CODE' | 'CLICK' | 'RECURRING'; ambassadorId: string; campaignId: string; clickId: string | null; reason: string; selfReferral: true }
  | { outcome: 'UNATTRIBUTED'; reason: string };

const DAY = 86_400_000;

function mayEarn(ambassador: AmbassadorFacts, campaign: CampaignFacts, order: OrderFacts): string | null {
  if (campaign.programId !== order.programId) return 'the campaign belongs to another program';
  if (!isRunningAt(campaign, order.placedAt)) return `campaign ${campaign.id} was not running when the order was placed`;
  if (campaign.currency !== order.currency) return `the order is in ${order.currency}, the campaign pays in ${campaign.currency}`;
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
 * the order is a self-referral: refused.
 */
export function attribute(facts: Facts): Decision {
  const { order } = facts;
  const notes: string[] = [];

  let byCode: { ambassador: AmbassadorFacts; campaign: CampaignFacts } | null = null;
  if (order.discountCode) {
    if (!facts.code) notes.push(`code ${order.discountCode} is no ambassador's`);
    else if (!facts.code.campaign) notes.push(`code ${order.discountCode}: no running campaign of the program admits ambassador ${facts.code.ambassador.id}`);
    else {
      const refusal = mayEarn(facts.code.ambassador, facts.code.campaign, order);
      if (refusal) notes.push(`code ${order.discountCode}: ${refusal}`);
      else byCode = { ambassador: facts.code.ambassador, campaign: facts.code.campaign };
    }
  }

  let byClick: (typeof facts.clicks)[number] | null = null;
  const clicks = [...facts.clicks].sort((a, b) => b.clickedAt.getTime() - a.clickedAt.getTime() || (a.clickId < b.clickId ? -1 : 1));
  for (const click of clicks) {
    if (click.clickedAt > order.placedAt) continue;
    const windowStart = order.placedAt.getTime() - click.campaign.attributionWindowDays * DAY;
    if (click.clickedAt.getTime() < windowStart) {
      notes.push(`click ${click.clickId} at ${click.clickedAt.toISOString()} is outside the ${click.campaign.attributionWindowDays}-day window`);
      continue;
    }
    const refusal = click.ambassador ? mayEarn(click.ambassador, click.campaign, order) : `ambassador ${click.ambassadorId} is unknown`;
    if (refusal) {
      notes.push(`click ${click.clickId}: ${refusal}`);
      continue;
    }
    byClick = click;
    break;
  }
  if (order.clickId && !facts.clicks.some((c) => c.clickId === order.clickId)) notes.push(`click ${order.clickId} is not known`);

  let winner: Extract<Decision, { outcome: 'ATTRIBUTED' }> | null = null;
  const clickReason = (c: ClickFacts & { campaign: CampaignFacts }) =>
    `last click ${c.clickId} at ${c.clickedAt.toISOString()}, inside the ${c.campaign.attributionWindowDays}-day window${c.clickId === order.clickId ? '' : ' (same visitor)'}`;
  if (byCode && byClick && byClick.ambassadorId !== byCode.ambassador.id) {
    if (byCode.campaign.precedence === 'CLICK_BEATS_CODE') {
      winner = { outcome: 'ATTRIBUTED', method: 'CLICK', ambassadorId: byClick.ambassadorId, campaignId: byClick.campaignId, clickId: byClick.clickId, reason: `${clickReason(byClick)}; click beats code ${order.discountCode}` };
    } else {
      winner = { outcome: 'ATTRIBUTED', method: 'CODE', ambassadorId: byCode.ambassador.id, campaignId: byCode.campaign.id, clickId: null, reason: `code ${order.discountCode} of ambassador ${byCode.ambassador.id}; code beats click ${byClick.clickId}` };
    }
  } else if (byCode) {
    const sameClick = byClick && byClick.ambassadorId === byCode.ambassador.id ? byClick.clickId : null;
    winner = { outcome: 'ATTRIBUTED', method: 'CODE', ambassadorId: byCode.ambassador.id, campaignId: byCode.campaign.id, clickId: sameClick, reason: `code ${order.discountCode} of ambassador ${byCode.ambassador.id}` };
  } else if (byClick) {
    winner = { outcome: 'ATTRIBUTED', method: 'CLICK', ambassadorId: byClick.ambassadorId, campaignId: byClick.campaignId, clickId: byClick.clickId, reason: clickReason(byClick) };
  } else if (facts.referredBefore && !order.discountCode && !order.clickId) {
    const { ambassador, campaign, placedAt } = facts.referredBefore;
    const until = addMonths(placedAt, campaign.recurringMonths);
    const refusal = mayEarn(ambassador, campaign, order);
    if (campaign.recurringMonths === 0) notes.push(`campaign ${campaign.id} pays no recurring orders`);
    else if (order.placedAt >= until) notes.push(`recurring order after the ${campaign.recurringMonths} months from the referral on ${placedAt.toISOString()}`);
    else if (refusal) notes.push(`recurring: ${refusal}`);
    else winner = { outcome: 'ATTRIBUTED', method: 'RECURRING', ambassadorId: ambassador.id, campaignId: campaign.id, clickId: null, reason: `recurring order of a customer referred on ${placedAt.toISOString()} (within ${campaign.recurringMonths} months)` };
  }

  if (!winner) return { outcome: 'UNATTRIBUTED', reason: notes.length > 0 ? notes.join('; ') : 'no code, no click' };

  const ambassador =
    winner.method === 'CODE' ? byCode!.ambassador : winner.method === 'CLICK' ? byClick!.ambassador! : facts.referredBefore!.ambassador;
  if (ambassador.customerEmailHash && ambassador.customerEmailHash === order.customerEmailHash) {
    return { ...winner, outcome: 'REFUSED', selfReferral: true, reason: `self-referral: the order's customer is ambassador ${ambassador.id} (${winner.reason})` };
  }
  return winner;
}
