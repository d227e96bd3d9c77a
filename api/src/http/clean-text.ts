/**
 * Text that PostgreSQL would refuse (NUL) or that is not valid Unicode (lone surrogates) is
 * cleaned before validation, so it can never reach the store: NUL is dropped, a lone surrogate
 * becomes U+FFFD. Applies to every string in a JSON body, keys included.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_CLEANING = /[\u0000\uD800-\uDFFF]/;

export function cleanString(value: string): string {
  if (!NEEDS_CLEANING.test(value)) return value;
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

export function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return cleanString(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = cleanJson(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[cleanString(key)] = cleanJson(inner);
    return out;
  }
  return value;
}
