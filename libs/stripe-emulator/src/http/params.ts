import type { FormObject, FormValue } from './form-decoding';
import { invalidRequest, missingParameter } from './stripe-api-error';

export interface CreatedRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

const MAX_METADATA_KEYS = 50;
const MAX_METADATA_KEY_LENGTH = 40;
const MAX_METADATA_VALUE_LENGTH = 500;

/**
 * Typed reads of one request's parameters, with Stripe's errors and wording. Every key
 * read is remembered so `rejectUnknown()` can answer `parameter_unknown`, as Stripe does
 * for a parameter the endpoint doesn't have.
 */
export class Params {
  private readonly seen = new Set<string>(['expand']);

  constructor(private readonly raw: FormObject) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined;
  }

  private take(name: string): FormValue | undefined {
    this.seen.add(name);
    return this.raw[name];
  }

  string(name: string, options: { required: true; maxLength?: number }): string;
  string(name: string, options?: { required?: false; maxLength?: number }): string | undefined;
  string(name: string, options: { required?: boolean; maxLength?: number } = {}): string | undefined {
    const value = this.take(name);
    if (value === undefined || value === '') {
      if (options.required) throw missingParameter(name);
      return undefined;
    }
    if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${name} must be a string.`, { code: 'parameter_invalid_string', param: name });
    const maxLength = options.maxLength ?? 5000;
    if (value.length > maxLength) {
      throw invalidRequest(`Invalid string: ${name} must be at most ${maxLength} characters.`, { code: 'parameter_invalid_string', param: name });
    }
    return value;
  }

  integer(name: string, options: { required: true; min?: number; max?: number }): number;
  integer(name: string, options?: { required?: false; min?: number; max?: number }): number | undefined;
  integer(name: string, options: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.take(name);
    if (value === undefined || value === '') {
      if (options.required) throw missingParameter(name);
      return undefined;
    }
    return readInteger(value, name, options.min, options.max);
  }

  boolean(name: string): boolean | undefined {
    const value = this.take(name);
    if (value === undefined || value === '') return undefined;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw invalidRequest(`Invalid boolean: ${typeof value === 'string' ? value : name}`, { code: 'parameter_invalid_boolean', param: name });
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], options: { required?: boolean } = {}): T | undefined {
    const value = options.required ? this.string(name, { required: true }) : this.string(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidRequest(`Invalid ${name}: must be one of ${allowed.join(', ')}`, { code: 'parameter_invalid_string', param: name });
    }
    return value as T;
  }

  /** A lower-case ISO 4217 code, as Stripe writes currencies. */
  currency(name = 'currency', options: { required?: boolean } = { required: true }): string | undefined {
    const value = options.required ? this.string(name, { required: true }) : this.string(name);
    if (value === undefined) return undefined;
    if (!/^[a-zA-Z]{3}$/.test(value)) throw invalidRequest(`Invalid currency: ${value.toLowerCase()}.`, { code: 'parameter_invalid_string', param: name });
    return value.toLowerCase();
  }

  /** `metadata[key]=value`; an empty value means "unset" on updates. */
  metadata(name = 'metadata'): Record<string, string> | undefined {
    const value = this.take(name);
    if (value === undefined) return undefined;
    if (value === '') return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('Invalid object', { code: 'parameter_invalid_object', param: name });
    const entries = Object.entries(value);
    if (entries.length > MAX_METADATA_KEYS) throw invalidRequest(`Invalid ${name}: at most ${MAX_METADATA_KEYS} keys.`, { param: name });
    const metadata: Record<string, string> = {};
    for (const [key, entry] of entries) {
      if (typeof entry !== 'string') throw invalidRequest(`Invalid ${name}[${key}]: must be a string.`, { param: `${name}[${key}]` });
      if (key.length > MAX_METADATA_KEY_LENGTH) throw invalidRequest(`Invalid ${name}: keys are at most ${MAX_METADATA_KEY_LENGTH} characters.`, { param: `${name}[${key}]` });
      if (entry.length > MAX_METADATA_VALUE_LENGTH) throw invalidRequest(`Invalid ${name}[${key}]: at most ${MAX_METADATA_VALUE_LENGTH} characters.`, { param: `${name}[${key}]` });
      metadata[key] = entry;
    }
    return metadata;
  }

  /** A nested hash read as-is (business_profile, settings…): accepted and stored, not interpreted. */
  object(name: string): FormObject | undefined {
    const value = this.take(name);
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('Invalid object', { code: 'parameter_invalid_object', param: name });
    return value;
  }

  stringList(name: string): string[] | undefined {
    const value = this.take(name);
    if (value === undefined || value === '') return undefined;
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((entry): entry is string => typeof entry === 'string')) throw invalidRequest('Invalid array', { code: 'parameter_invalid_array', param: name });
    return list;
  }

  /** `created=123` or `created[gte]=…&created[lt]=…`. */
  createdRange(name = 'created'): CreatedRange | undefined {
    const value = this.take(name);
    if (value === undefined || value === '') return undefined;
    if (typeof value === 'string') {
      const exact = readInteger(value, name, 0);
      return { gte: exact, lte: exact };
    }
    if (Array.isArray(value)) throw invalidRequest('Invalid object', { code: 'parameter_invalid_object', param: name });
    const range: CreatedRange = {};
    for (const [bound, raw] of Object.entries(value)) {
      if (bound !== 'gt' && bound !== 'gte' && bound !== 'lt' && bound !== 'lte') {
        throw invalidRequest(`Received unknown parameter: ${name}[${bound}]`, { code: 'parameter_unknown', param: `${name}[${bound}]` });
      }
      range[bound] = readInteger(raw, `${name}[${bound}]`, 0);
    }
    return range;
  }

  /** `limit` (1–100, default 10), `starting_after`, `ending_before`. */
  page(): { limit: number; startingAfter?: string; endingBefore?: string } {
    const limit = this.integer('limit', { min: 1, max: 100 }) ?? 10;
    const startingAfter = this.string('starting_after');
    const endingBefore = this.string('ending_before');
    if (startingAfter && endingBefore) {
      throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', { param: 'ending_before' });
    }
    return { limit, startingAfter, endingBefore };
  }

  /** Stripe refuses parameters an endpoint doesn't know. Call after reading all of them. */
  rejectUnknown(): void {
    for (const name of Object.keys(this.raw)) {
      if (!this.seen.has(name)) {
        throw invalidRequest(`Received unknown parameter: ${name}`, { code: 'parameter_unknown', param: name });
      }
    }
  }
}

function readInteger(value: FormValue, name: string, min?: number, max?: number): number {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
    throw invalidRequest(`Invalid integer: ${typeof value === 'string' ? value : name}`, { code: 'parameter_invalid_integer', param: name });
  }
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw invalidRequest(`Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param: name });
  if (min !== undefined && parsed < min) {
    throw invalidRequest(`This value must be greater than or equal to ${min}.`, { code: 'parameter_invalid_integer', param: name });
  }
  if (max !== undefined && parsed > max) {
    throw invalidRequest(`This value must be less than or equal to ${max}.`, { code: 'parameter_invalid_integer', param: name });
  }
  return parsed;
}
