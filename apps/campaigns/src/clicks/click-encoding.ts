import { randomUUID } from 'node:crypto';
import { clickShardKey, MAX_CLICKS_PER_EVENT, ReferralLinkClick, ReferralLinkClicks } from '@streetteam/contracts';
import { eventHeaders, OutgoingMessage } from '@streetteam/messaging';

/**
 * A piece stops taking clicks at this many bytes, so that an event of one piece stays well
 * under MAX_EVENT_BYTES (a click with the longest agent and referer is under 10 kB).
 */
const MAX_PIECE_BYTES = 256 * 1024;
/** Pieces are packed into one event up to this many bytes (always at least one). */
export const MAX_EVENT_BYTES = 512 * 1024;

/**
 * Clicks of one link as the bytes of version 2's `clicks` list, encoded as they arrive.
 * The bytes live off the JavaScript heap on purpose: clicks kept as objects for the 20 ms
 * until the next send outlived a young-generation collection and were promoted, which
 * made each scavenge several times longer (apps/campaigns/README.md, Benchmark).
 */
export class LinkClicksPiece {
  readonly shard: string;
  /** `{"linkId":…,"campaignId":…,"ambassadorId":…,"clicks":[`, said once for all the piece's clicks. */
  private readonly head: string;
  count = 0;
  private bytes = Buffer.allocUnsafe(1024);
  private length = 0;

  constructor({ linkId, campaignId, ambassadorId }: Pick<ReferralLinkClick, 'linkId' | 'campaignId' | 'ambassadorId'>) {
    this.shard = clickShardKey(linkId);
    this.head = `${JSON.stringify({ linkId, campaignId, ambassadorId }).slice(0, -1)},"clicks":[`;
  }

  /** No room for another click: at the clicks-per-event or the bytes limit. */
  get full(): boolean {
    return this.count >= MAX_CLICKS_PER_EVENT || this.length >= MAX_PIECE_BYTES;
  }

  /** The clicks' bytes and the head's (ASCII: three UUIDs and their names). */
  get byteLength(): number {
    return this.length + this.head.length + CLOSE_LINK.length;
  }

  /** The click's own fields, in the order version 2 lists them (JSON leaves out an undefined referer). */
  add({ clickId, addressHash, userAgent, referer, clickedAt }: ReferralLinkClick): void {
    const json = JSON.stringify({ clickId, addressHash, userAgent, referer, clickedAt });
    const needed = this.length + 1 + Buffer.byteLength(json);
    if (needed > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    if (this.count > 0) this.bytes[this.length++] = 0x2c; // ','
    this.length += this.bytes.write(json, this.length);
    this.count++;
  }

  /** `{"linkId":…,"campaignId":…,"ambassadorId":…,"clicks":[…]}` */
  encoded(): Buffer[] {
    return [Buffer.from(this.head), this.bytes.subarray(0, this.length), CLOSE_LINK];
  }
}

/** The clicks not yet turned into events: each link's open piece, and the pieces already full. */
export class PendingClicks {
  private open = new Map<string, LinkClicksPiece>();
  private sealed: LinkClicksPiece[] = [];
  count = 0;

  add(click: ReferralLinkClick): void {
    let piece = this.open.get(click.linkId);
    if (!piece) {
      piece = new LinkClicksPiece(click);
      this.open.set(click.linkId, piece);
    }
    piece.add(click);
    if (piece.full) {
      this.open.delete(click.linkId);
      this.sealed.push(piece);
    }
    this.count++;
  }

  /** Whether a piece is full: a full event's worth waits. */
  get hasFullPiece(): boolean {
    return this.sealed.length > 0;
  }

  /** Every piece, full ones first (each link's older clicks before its newer), leaving none. */
  take(): LinkClicksPiece[] {
    const pieces = [...this.sealed, ...this.open.values()];
    this.sealed = [];
    this.open = new Map();
    this.count = 0;
    return pieces;
  }
}

const CLOSE_LINK = Buffer.from(']}');
const COMMA = Buffer.from(',');
const CLOSE_EVENT = Buffer.from(']}}');

/** A ReferralLinkClicks event ready to send, with how many clicks and bytes it carries. */
export interface EncodedClicks {
  message: OutgoingMessage;
  clicks: number;
  bytes: number;
}

/**
 * Pieces packed into ReferralLinkClicks events: pieces of one shard share an event up to
 * MAX_CLICKS_PER_EVENT clicks and MAX_EVENT_BYTES, in the order given (so one link's
 * clicks keep theirs). Events come out in the order of their shard's first piece.
 */
export function clickEvents(pieces: LinkClicksPiece[]): EncodedClicks[] {
  const byShard = new Map<string, Array<{ pieces: LinkClicksPiece[]; clicks: number; bytes: number }>>();
  for (const piece of pieces) {
    const events = byShard.get(piece.shard) ?? byShard.set(piece.shard, []).get(piece.shard)!;
    let last = events[events.length - 1];
    if (!last || last.clicks + piece.count > MAX_CLICKS_PER_EVENT || last.bytes + piece.byteLength > MAX_EVENT_BYTES) {
      last = { pieces: [], clicks: 0, bytes: 0 };
      events.push(last);
    }
    last.pieces.push(piece);
    last.clicks += piece.count;
    last.bytes += piece.byteLength;
  }
  const occurredAt = new Date().toISOString();
  return [...byShard].flatMap(([key, events]) => events.map((event) => encodeEvent(key, event, occurredAt)));
}

function encodeEvent(key: string, { pieces, clicks }: { pieces: LinkClicksPiece[]; clicks: number }, occurredAt: string): EncodedClicks {
  const id = randomUUID();
  const envelope = { id, type: ReferralLinkClicks.type, version: ReferralLinkClicks.version, occurredAt, producer: 'campaigns', key, correlationId: id };
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(envelope).slice(0, -1)},"payload":{"links":[`)];
  pieces.forEach((piece, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(...piece.encoded());
  });
  parts.push(CLOSE_EVENT);
  const value = Buffer.concat(parts);
  return { message: { topic: ReferralLinkClicks.topic, key, value, headers: eventHeaders(envelope) }, clicks, bytes: value.length };
}
