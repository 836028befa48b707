import { IncomingMessage, Server, ServerResponse } from 'node:http';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts `handler` in front of whatever already answers the HTTP server's requests
 * (Nest, or an earlier handler): it sees each request first and calls `pass` for those
 * it leaves to them. For paths that must not pay for Nest's pipeline or its body parser.
 */
export function handleBeforeNest(server: Server, handler: (req: IncomingMessage, res: ServerResponse, pass: () => void) => void): void {
  const next = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) =>
    handler(req, res, () => {
      for (const listener of next) listener(req, res);
    }),
  );
}
