/**
 * Stripe's request encoding, as the SDK sends it: `application/x-www-form-urlencoded` with
 * nested keys (`metadata[order]=7`, `capabilities[transfers][requested]=true`) and arrays
 * as indices (`expand[0]=data.source`) or empty brackets (`expand[]=x`). Values stay text:
 * each endpoint says which are integers or booleans, as Stripe does.
 */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

const MAX_DEPTH = 8;

export class FormDecodingError extends Error {}

/** Splits `a[b][c]` into ['a', 'b', 'c']; `a[]` gives ['a', '']. */
export function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    const match = /^\[([^\]]*)\]/.exec(rest);
    if (!match) throw new FormDecodingError(`Invalid parameter name: ${key}`);
    parts.push(match[1]);
    rest = rest.slice(match[0].length);
  }
  if (parts.length > MAX_DEPTH) throw new FormDecodingError(`Parameter nested too deeply: ${key}`);
  return parts;
}

// Objects whose keys are exactly 0..n-1 were arrays on the client. Metadata keys are the
// caller's own words, so a metadata object is never turned into an array.
function arraysFromIndices(value: FormValue, parentKey: string | undefined): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = arraysFromIndices(value[key], key);
  if (parentKey === 'metadata' || keys.length === 0) return value;
  const indices = keys.every((key, position) => key === String(position));
  return indices ? keys.map((key) => value[key]) : value;
}

/** Decodes a form body or query string into nested objects. */
export function decodeForm(text: string): FormObject {
  const root: FormObject = Object.create(null) as FormObject;
  if (text.trim() === '') return root;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawKey = equals < 0 ? pair : pair.slice(0, equals);
    const rawValue = equals < 0 ? '' : pair.slice(equals + 1);
    const key = decodeComponent(rawKey);
    const value = decodeComponent(rawValue);
    assign(root, splitKey(key), value, key);
  }
  return arraysFromIndices(root, undefined) as FormObject;
}

function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new FormDecodingError(`Invalid URL encoding: ${raw.slice(0, 40)}`);
  }
}

function assign(root: FormObject, path: string[], value: string, fullKey: string): void {
  let node: FormObject = root;
  for (let i = 0; i < path.length; i += 1) {
    let part = path[i];
    if (part === '__proto__' || part === 'constructor' || part === 'prototype') {
      throw new FormDecodingError(`Invalid parameter name: ${fullKey}`);
    }
    // `a[]=x&a[]=y`: each empty bracket appends.
    if (part === '') part = String(Object.keys(node).length);
    const last = i === path.length - 1;
    if (last) {
      if (typeof node[part] === 'object') throw new FormDecodingError(`Parameter given as both a value and an object: ${fullKey}`);
      node[part] = value;
      return;
    }
    const next = node[part];
    if (next === undefined) {
      const child = Object.create(null) as FormObject;
      node[part] = child;
      node = child;
    } else if (typeof next === 'string' || Array.isArray(next)) {
      throw new FormDecodingError(`Parameter given as both a value and an object: ${fullKey}`);
    } else {
      node = next;
    }
  }
}
