import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderPlacedPayload } from '@streetteam/contracts';
import { withCanonicalClickId } from './click-id';

interface OrderRow {
  order_id: string;
  program_id: string;
  customer_id: string;
  customer_email_hash: string;
  amount_minor: string;
  currency: string;
  items: OrderPlacedPayload['items'];
  discount_code: string | null;
  click_id: string | null;
  payment_fingerprint: string | null;
  stripe_payment_intent_id: string | null;
  placed_at: Date;
}

/** Orders from the shop, stored once by the shop's id: a second copy (any envelope) is not new. */
@Injectable()
export class OrderStore {
  async insertNew(manager: EntityManager, orders: OrderPlacedPayload[]): Promise<OrderPlacedPayload[]> {
    const unique = new Map<string, OrderPlacedPayload>();
    for (const o of orders) if (!unique.has(o.orderId)) unique.set(o.orderId, withCanonicalClickId(o));
    const list = [...unique.values()];
    if (list.length === 0) return [];
    const rows = (await manager.query(
      `INSERT INTO orders (order_id, program_id, customer_id, customer_email_hash, amount_minor, currency, items, discount_code, click_id, payment_fingerprint, stripe_payment_intent_id, placed_at)
       SELECT * FROM ROWS FROM (unnest($1::text[]), unnest($2::uuid[]), unnest($3::text[]), unnest($4::char(64)[]), unnest($5::bigint[]), unnest($6::char(3)[]),
         json_array_elements($7::json), unnest($8::text[]), unnest($9::uuid[]), unnest($10::text[]), unnest($11::text[]), unnest($12::timestamptz[]))
       ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
      [
        list.map((o) => o.orderId),
        list.map((o) => o.programId),
        list.map((o) => o.customerId),
        list.map((o) => o.customerEmailHash),
        list.map((o) => o.amountMinor),
        list.map((o) => o.currency),
        // One JSON array rather than a jsonb[] literal, whose escaping in pg costs more than the JSON (as in the outbox).
        JSON.stringify(list.map((o) => o.items)),
        list.map((o) => o.discountCode ?? null),
        list.map((o) => o.clickId ?? null),
        list.map((o) => o.paymentFingerprint ?? null),
        list.map((o) => o.stripePaymentIntentId ?? null),
        list.map((o) => o.placedAt),
      ],
    )) as Array<{ order_id: string }>;
    const fresh = new Set(rows.map((r) => r.order_id));
    return list.filter((o) => fresh.has(o.orderId));
  }

  /**
   * Stored orders as the shop sent them, to decide an order that waited for its click. Locked
   * against a refund or claim of one of them handled meanwhile (they take a key share lock
   * first): it waits and then finds the commission, or the decision waits and finds it.
   */
  async lockForDecision(manager: EntityManager, orderIds: string[]): Promise<OrderPlacedPayload[]> {
    if (orderIds.length === 0) return [];
    const rows = (await manager.query(
      `SELECT order_id, program_id, customer_id, customer_email_hash, amount_minor, currency, items, discount_code, click_id, payment_fingerprint, stripe_payment_intent_id, placed_at
         FROM orders WHERE order_id = ANY($1::text[]) ORDER BY order_id FOR UPDATE`,
      [orderIds],
    )) as OrderRow[];
    return rows.map((r) => ({
      orderId: r.order_id,
      programId: r.program_id,
      customerId: r.customer_id,
      customerEmailHash: r.customer_email_hash,
      amountMinor: Number(r.amount_minor),
      currency: r.currency,
      items: r.items,
      discountCode: r.discount_code ?? undefined,
      clickId: r.click_id ?? undefined,
      paymentFingerprint: r.payment_fingerprint ?? undefined,
      stripePaymentIntentId: r.stripe_payment_intent_id ?? undefined,
      placedAt: new Date(r.placed_at).toISOString(),
    }));
  }
}
