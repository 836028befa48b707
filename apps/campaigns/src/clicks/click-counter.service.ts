import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReferralLinkClick } from '@streetteam/contracts';
import { returning } from '@streetteam/persistence';
import { FraudService } from '../fraud/fraud.service';
import { ClickSeen, judgeClicks, visitorKey } from './click-rules';

/**
 * Stores clicks a batch at a time (multi-row inserts through unnest) and keeps the
 * per-link, per-day counters. A click id seen before changes nothing (the redirect's
 * batch may have been sent twice): the insert skips it, and only the clicks it wrote are
 * counted. Judging a stored click again changes no other's verdict: it was judged when
 * stored, and its visitor's last counted click already says so.
 */
@Injectable()
export class ClickCounterService {
  constructor(private readonly fraud: FraudService) {}

  async store(manager: EntityManager, received: ReferralLinkClick[]): Promise<void> {
    const byId = new Map<string, ReferralLinkClick>();
    for (const click of received) byId.set(click.clickId, click);
    if (byId.size === 0) return;

    // Most clicks of a batch come from a handful of browsers: each agent is hashed once.
    const agentHashes = new Map<string, string>();
    const agentHash = (agent: string): string => {
      let hash = agentHashes.get(agent);
      if (hash === undefined) agentHashes.set(agent, (hash = createHash('sha256').update(agent).digest('hex')));
      return hash;
    };
    const clicks: Array<ClickSeen & { payload: ReferralLinkClick }> = [...byId.values()].map((payload) => ({
      payload,
      clickId: payload.clickId,
      linkId: payload.linkId,
      addressHash: payload.addressHash,
      agentHash: agentHash(payload.userAgent),
      userAgent: payload.userAgent,
      clickedAt: new Date(payload.clickedAt),
    }));

    const visitors = new Map<string, { linkId: string; addressHash: string; agentHash: string }>();
    for (const c of clicks) visitors.set(visitorKey(c), c);
    const keys = [...visitors.values()];
    // One primary-key probe per visitor, whatever the statistics say. As a plain join, on
    // click_visitors' statistics from when it was small (autovacuum analyzes it again only
    // after its nap and 10% growth) the planner hash-joined a full scan of it: 8–10 ms a
    // batch at 50,000 visitors against 0.5 ms. LIMIT 1 keeps the subquery from being
    // flattened back into that join.
    const rows = (await manager.query(
      `SELECT k.link_id, k.address_hash, k.agent_hash, v.last_counted_at
         FROM unnest($1::uuid[], $2::char(64)[], $3::char(64)[]) AS k(link_id, address_hash, agent_hash)
         CROSS JOIN LATERAL (
           SELECT last_counted_at FROM click_visitors v
            WHERE v.link_id = k.link_id AND v.address_hash = k.address_hash AND v.agent_hash = k.agent_hash
            LIMIT 1
         ) v`,
      [keys.map((k) => k.linkId), keys.map((k) => k.addressHash), keys.map((k) => k.agentHash)],
    )) as Array<{ link_id: string; address_hash: string; agent_hash: string; last_counted_at: Date }>;
    const lastCounted = new Map(rows.map((r) => [visitorKey({ linkId: r.link_id, addressHash: r.address_hash, agentHash: r.agent_hash }), new Date(r.last_counted_at)]));
    const before = new Map(lastCounted);
    const verdicts = judgeClicks(clicks, lastCounted);

    const stored = await returning<{ id: string }>(
      manager,
      `INSERT INTO clicks (id, link_id, campaign_id, ambassador_id, address_hash, agent_hash, user_agent, referer, clicked_at, counted, not_counted_reason)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::boolean[], $11::text[])
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        clicks.map((c) => c.clickId),
        clicks.map((c) => c.linkId),
        clicks.map((c) => c.payload.campaignId),
        clicks.map((c) => c.payload.ambassadorId),
        clicks.map((c) => c.addressHash),
        clicks.map((c) => c.agentHash),
        clicks.map((c) => c.userAgent),
        clicks.map((c) => c.payload.referer ?? null),
        clicks.map((c) => c.payload.clickedAt),
        verdicts.map((v) => v.counted),
        verdicts.map((v) => (v.counted ? null : v.reason)),
      ],
    );

    const changed = [...lastCounted].filter(([key, at]) => before.get(key)?.getTime() !== at.getTime());
    if (changed.length > 0) {
      const parts = changed.map(([key]) => key.split('|'));
      await manager.query(
        `INSERT INTO click_visitors (link_id, address_hash, agent_hash, last_counted_at)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
         ON CONFLICT (link_id, address_hash, agent_hash) DO UPDATE SET last_counted_at = greatest(click_visitors.last_counted_at, excluded.last_counted_at)`,
        [parts.map((p) => p[0]), parts.map((p) => p[1]), parts.map((p) => p[2]), changed.map(([, at]) => at.toISOString())],
      );
    }

    const written = new Set(stored.map((r) => r.id));
    const fresh = clicks.flatMap((c, i) => (written.has(c.clickId) ? [{ ...c, counted: verdicts[i].counted }] : []));
    if (fresh.length === 0) return;
    const daily = new Map<string, { linkId: string; day: string; counted: number; received: number }>();
    for (const c of fresh) {
      const day = c.payload.clickedAt.slice(0, 10);
      const key = `${c.linkId}|${day}`;
      const entry = daily.get(key) ?? { linkId: c.linkId, day, counted: 0, received: 0 };
      entry.received++;
      if (c.counted) entry.counted++;
      daily.set(key, entry);
    }
    const counters = [...daily.values()];
    await manager.query(
      `INSERT INTO link_daily_clicks (link_id, day, counted, received)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::int[], $4::int[])
       ON CONFLICT (link_id, day) DO UPDATE SET counted = link_daily_clicks.counted + excluded.counted, received = link_daily_clicks.received + excluded.received`,
      [counters.map((c) => c.linkId), counters.map((c) => c.day), counters.map((c) => c.counted), counters.map((c) => c.received)],
    );

    await this.fraud.checkClickBursts(manager, fresh.map((c) => ({ linkId: c.linkId, campaignId: c.payload.campaignId, ambassadorId: c.payload.ambassadorId, addressHash: c.addressHash, clickedAt: c.clickedAt })));
  }
}
