import { hash, randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { handleBeforeNest } from '../front-of-nest';
import { TRACKING_SETTINGS, TrackingSettings } from '../tracking-settings';
import { SLUG_PATTERN } from '../referral-links/referral-link-rules';
import { callerAddress } from './click-rules';
import { ClickPublisher } from './click-publisher';
import { DirectoryLink, LinkDirectory } from './link-directory';

const NOT_FOUND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link not found</title></head>
<body><h1>This link doesn't exist</h1><p>The referral link you followed is unknown. Check it with the person who shared it.</p></body></html>`;

/**
 * GET /r/:slug, the public redirect. It sits in front of Nest's router on the same
 * HTTP server: the answer is a map lookup and a 302, and neither Nest's pipeline
 * (guards, pipes, interceptors: nothing to authorize on a public link) nor Postgres
 * stands between the visitor and the destination. The click goes to Kafka after the
 * answer. Every other path goes to Nest as before.
 */
@Injectable()
export class RedirectRoute implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly directory: LinkDirectory,
    private readonly clicks: ClickPublisher,
    @Inject(TRACKING_SETTINGS) private readonly settings: TrackingSettings,
  ) {}

  onApplicationBootstrap(): void {
    handleBeforeNest(this.adapterHost.httpAdapter.getHttpServer() as Server, (req, res, pass) => {
      const url = req.url ?? '';
      if (url.startsWith('/r/') && (req.method === 'GET' || req.method === 'HEAD')) this.handle(req, res, url);
      else pass();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse, url: string): void {
    const end = url.indexOf('?');
    // Slugs are plain ASCII: anything needing decoding is not one of ours.
    const slug = url.slice(3, end === -1 ? undefined : end).replace(/\/$/, '');
    if (!SLUG_PATTERN.test(slug)) return notFound(res);
    const link = this.directory.find(slug);
    if (link) return this.redirect(req, res, link);
    void this.directory.lookUp(slug).then((found) => (found ? this.redirect(req, res, found) : notFound(res)));
  }

  private redirect(req: IncomingMessage, res: ServerResponse, link: DirectoryLink): void {
    const clickId = randomUUID();
    res.writeHead(302, { location: `${link.prefix}${clickId}${link.suffix}`, 'cache-control': 'no-store', 'content-length': '0' });
    res.end();
    const userAgent = req.headers['user-agent'] ?? '';
    const referer = req.headers.referer;
    const address = callerAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
    this.clicks.publish({
      clickId,
      linkId: link.id,
      campaignId: link.campaignId,
      ambassadorId: link.ambassadorId,
      addressHash: hash('sha256', this.settings.clickAddressSalt + address, 'hex'),
      userAgent: userAgent.slice(0, 1000),
      ...(referer ? { referer: referer.slice(0, 2000) } : {}),
      clickedAt: new Date().toISOString(),
    });
  }
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(NOT_FOUND_PAGE) });
  res.end(NOT_FOUND_PAGE);
}
