import type { Params } from './params';
import type { EmulatorStore, RequestOrigin } from '../store/emulator-store';

/** One API call, decoded: what a resource handler needs and nothing of HTTP. */
export interface ApiRequest {
  method: string;
  path: string;
  pathParams: Record<string, string>;
  /** The form body of a POST, the query of a GET. */
  params: Params;
  origin: RequestOrigin;
  /** The emulator's own URL, for links it hands out (account onboarding). */
  baseUrl: string;
  store: EmulatorStore;
}

/** Returns the JSON body of a 200 answer, or throws a StripeApiError. */
export type ApiHandler = (request: ApiRequest) => unknown;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: ApiHandler;
}

/** Method + path patterns like `/v1/transfers/:id/reversals`. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: 'GET' | 'POST' | 'DELETE', path: string, handler: ApiHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  /** The handler and path parameters, `undefined` when no route has this path, `'method'` when only the method is wrong. */
  match(method: string, path: string): { handler: ApiHandler; pathParams: Record<string, string> } | 'method' | undefined {
    let pathKnown = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      const pathParams: Record<string, string> = {};
      try {
        route.names.forEach((name, i) => (pathParams[name] = decodeURIComponent(found[i + 1])));
      } catch {
        return undefined; // a broken %-escape names no object: 404, never a 500
      }
      return { handler: route.handler, pathParams };
    }
    return pathKnown ? 'method' : undefined;
  }
}
