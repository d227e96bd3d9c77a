/**
 * Text that PostgreSQL would refuse (NUL) or that is not valid Unicode (lone surrogates) is
 * cleaned before validation, so it can never reach the store: NUL is dropped, a lone surrogate
 * becomes U+FFFD. Applies to every string in a JSON body, keys included. Nesting is bounded
 * before parsing (`checkJsonDepth`) and again by the iterative walk, so no body can exhaust the
 * stack or the event loop.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_CLEANING = /[\u0000\uD800-\uDFFF]/;

/** No API input nests deeper than a few levels; this is far above any honest body. */
export const MAX_JSON_DEPTH = 32;

export class TooDeeplyNestedError extends Error {
  constructor() {
    super(`the JSON document is nested more than ${MAX_JSON_DEPTH} levels deep`);
    this.name = 'TooDeeplyNestedError';
  }
}

/**
 * Refuses nesting deeper than `maxDepth` with one linear pass over the text (brackets outside
 * strings), before JSON.parse builds anything: a megabyte of `[` costs a scan, not a parse.
 * Invalid JSON is left for the parser to report.
 */
export function checkJsonDepth(text: string, maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // a backslash escapes the next character, a quote included
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > maxDepth) throw new TooDeeplyNestedError();
    } else if (ch === 0x5d || ch === 0x7d) {
      depth--;
    }
  }
}

export function cleanString(value: string): string {
  if (!NEEDS_CLEANING.test(value)) return value;
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

/** Cleans every string in a parsed JSON value in place (returns it, or the cleaned string). */
export function cleanJson(root: unknown, maxDepth = MAX_JSON_DEPTH): unknown {
  if (typeof root === 'string') return cleanString(root);
  if (root === null || typeof root !== 'object') return root;
  const stack: Array<[object, number]> = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > maxDepth) throw new TooDeeplyNestedError();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const value = node[i];
        if (typeof value === 'string') node[i] = cleanString(value);
        else if (value !== null && typeof value === 'object') stack.push([value, depth + 1]);
      }
      continue;
    }
    const obj = node as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      let value = obj[key];
      if (typeof value === 'string') value = cleanString(value);
      else if (value !== null && typeof value === 'object') stack.push([value, depth + 1]);
      const cleanKey = cleanString(key);
      if (cleanKey !== key) delete obj[key];
      // defineProperty: a key that becomes "__proto__" stays a plain property
      Object.defineProperty(obj, cleanKey, { value, writable: true, enumerable: true, configurable: true });
    }
  }
  return root;
}

/** Keys no honest client sends and that mean something to JavaScript objects. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Dotted paths of reserved keys anywhere in a parsed body (at most `limit`). Strict schemas would
 * refuse them as unknown, lenient ones would drop them silently: refusing them up front names them
 * the same way on every endpoint.
 */
export function reservedKeyPaths(root: unknown, limit = 5): string[] {
  const found: string[] = [];
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length && found.length < limit) {
    const [node, at] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    for (const key of Object.keys(node)) {
      const path = at ? `${at}.${key}` : key;
      if (RESERVED_KEYS.has(key)) found.push(path);
      stack.push([(node as Record<string, unknown>)[key], path]);
    }
  }
  return found;
}
