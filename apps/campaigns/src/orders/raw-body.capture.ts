import { IncomingMessage, Server } from 'node:http';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { handleBeforeNest } from '../front-of-nest';

export const RAW_BODY = Symbol('rawBody');
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The shop's signature covers the exact bytes it sent, so POST /ingest/* bodies are
 * read here, before Nest's JSON parser would re-serialize them: kept raw on the
 * request (and marked parsed, so the parser leaves them), then handed to Nest.
 */
@Injectable()
export class RawBodyCapture implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    handleBeforeNest(this.adapterHost.httpAdapter.getHttpServer() as Server, (req, res, pass) => {
      if (req.method !== 'POST' || !(req.url ?? '').startsWith('/ingest/')) return pass();
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          res.writeHead(413, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ statusCode: 413, error: 'Payload Too Large', message: `body over ${MAX_BODY_BYTES} bytes` }));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (res.writableEnded) return;
        const raw = Buffer.concat(chunks);
        const marked = req as IncomingMessage & { [RAW_BODY]?: Buffer; _body?: boolean; body?: unknown };
        marked[RAW_BODY] = raw;
        marked._body = true;
        marked.body = {};
        pass();
      });
    });
  }
}
