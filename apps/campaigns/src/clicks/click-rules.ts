// Which clicks count: a repeat from one visitor within 30 minutes counts once, and known bots never.

/** A repeat from the same address and agent within this long counts once. */
export const REPEAT_WINDOW_MS = 30 * 60 * 1000;

// Crawlers, link previewers and scripted clients: they follow links, people don't stand behind them.
const BOT_PATTERN =
  /bot\b|bot\/|crawler|spider|slurp|facebookexternalhit|facebookcatalog|embedly|quora link preview|whatsapp|telegrambot|slackbot|discordbot|skypeuripreview|bingpreview|headlesschrome|phantomjs|lighthouse|pingdom|uptimerobot|curl\/|wget\/|python-requests|python-urllib|go-http-client|java\/|okhttp|axios\/|node-fetch|libwww-perl|scrapy|httpclient/i;

export function isKnownBot(userAgent: string): boolean {
  return userAgent.trim() === '' || BOT_PATTERN.test(userAgent);
}

export interface ClickSeen {
  clickId: string;
  linkId: string;
  addressHash: string;
  agentHash: string;
  userAgent: string;
  clickedAt: Date;
}

export type ClickVerdict = { counted: true } | { counted: false; reason: 'REPEAT' | 'BOT' };

export const visitorKey = (c: { linkId: string; addressHash: string; agentHash: string }): string => `${c.linkId}|${c.addressHash}|${c.agentHash}`;

/**
 * Decides each click of a batch in order, against the last counted click of each visitor
 * on each link (`lastCounted`, updated in place for the counted ones).
 */
export function judgeClicks(clicks: ClickSeen[], lastCounted: Map<string, Date>): ClickVerdict[] {
  return clicks.map((click): ClickVerdict => {
    if (isKnownBot(click.userAgent)) return { counted: false, reason: 'BOT' };
    const key = visitorKey(click);
    const last = lastCounted.get(key);
    // Absolute: clicks of one link from two replicas may arrive slightly out of order.
    if (last && Math.abs(click.clickedAt.getTime() - last.getTime()) < REPEAT_WINDOW_MS) return { counted: false, reason: 'REPEAT' };
    lastCounted.set(key, click.clickedAt);
    return { counted: true };
  });
}

/**
 * The caller's address: the socket's, or when the socket is a trusted proxy (loopback,
 * the gateway or a load balancer on this host), the nearest untrusted X-Forwarded-For hop.
 */
export function callerAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined): string {
  const socket = normalizeAddress(socketAddress ?? '');
  if (!isLoopback(socket) || !forwardedFor) return socket;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((h) => normalizeAddress(h.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!isLoopback(hops[i])) return hops[i];
  return socket;
}

function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/** Where the redirect sends someone: the link's destination with the click id added (before any #fragment). */
export function redirectTemplate(destinationUrl: string): { prefix: string; suffix: string } {
  const hashAt = destinationUrl.indexOf('#');
  const base = hashAt === -1 ? destinationUrl : destinationUrl.slice(0, hashAt);
  const suffix = hashAt === -1 ? '' : destinationUrl.slice(hashAt);
  const separator = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return { prefix: `${base}${separator}st_click=`, suffix };
}
