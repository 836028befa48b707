import { invalidRequest } from '../http/stripe-api-error';
import type { Page } from '../store/ordered-collection';

/** Stripe's list envelope. */
export function listOf<T>(url: string, page: Page<T> | undefined, cursorParam = 'starting_after'): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  if (!page) throw invalidRequest(`No such object for ${cursorParam}`, { code: 'resource_missing', param: cursorParam });
  return { object: 'list', data: page.data, has_more: page.hasMore, url };
}
