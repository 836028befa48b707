import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LeadCapturedPayload } from '@streetteam/contracts';
import { withCanonicalClickId } from './click-id';

interface LeadRow {
  lead_id: string;
  program_id: string;
  customer_id: string;
  customer_email_hash: string;
  discount_code: string | null;
  click_id: string | null;
  captured_at: Date;
}

/** Leads from the shop, stored once by the shop's id: a second copy (any envelope) is not new. */
@Injectable()
export class LeadStore {
  async insertNew(manager: EntityManager, leads: LeadCapturedPayload[]): Promise<LeadCapturedPayload[]> {
    const unique = new Map<string, LeadCapturedPayload>();
    for (const l of leads) if (!unique.has(l.leadId)) unique.set(l.leadId, withCanonicalClickId(l));
    const list = [...unique.values()];
    if (list.length === 0) return [];
    const rows = (await manager.query(
      `INSERT INTO leads (lead_id, program_id, customer_id, customer_email_hash, discount_code, click_id, captured_at)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::char(64)[], $5::text[], $6::uuid[], $7::timestamptz[])
       ON CONFLICT (lead_id) DO NOTHING RETURNING lead_id`,
      [
        list.map((l) => l.leadId),
        list.map((l) => l.programId),
        list.map((l) => l.customerId),
        list.map((l) => l.customerEmailHash),
        list.map((l) => l.discountCode ?? null),
        list.map((l) => l.clickId ?? null),
        list.map((l) => l.capturedAt),
      ],
    )) as Array<{ lead_id: string }>;
    const fresh = new Set(rows.map((r) => r.lead_id));
    return list.filter((l) => fresh.has(l.leadId));
  }

  /** Stored leads as the shop sent them (a lead that waited for its click is decided from here). */
  async load(manager: EntityManager, leadIds: string[]): Promise<LeadCapturedPayload[]> {
    if (leadIds.length === 0) return [];
    const rows = (await manager.query(
      'SELECT lead_id, program_id, customer_id, customer_email_hash, discount_code, click_id, captured_at FROM leads WHERE lead_id = ANY($1::text[]) ORDER BY captured_at, lead_id',
      [leadIds],
    )) as LeadRow[];
    return rows.map((r) => ({
      leadId: r.lead_id,
      programId: r.program_id,
      customerId: r.customer_id,
      customerEmailHash: r.customer_email_hash,
      discountCode: r.discount_code ?? undefined,
      clickId: r.click_id ?? undefined,
      capturedAt: new Date(r.captured_at).toISOString(),
    }));
  }
}
