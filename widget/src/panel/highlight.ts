import { html, type TemplateResult } from 'lit/html.js';

/**
 * Wraps the matched ranges of `text` in <mark>. Ranges are the engine's inclusive
 * [start, end] character offsets; overlapping or out-of-range ones are tolerated.
 */
export function highlight(text: string, ranges?: ReadonlyArray<readonly [number, number]>): TemplateResult | string {
  if (!ranges || !ranges.length || !text) return text;
  const sorted = ranges
    .map(([s, e]) => [Math.max(0, s), Math.min(text.length - 1, e)] as [number, number])
    .filter(([s, e]) => e >= s)
    .sort((a, b) => a[0] - b[0]);
  const parts: Array<TemplateResult | string> = [];
  let at = 0;
  for (const [s, e] of sorted) {
    if (e < at) continue;
    const start = Math.max(s, at);
    if (start > at) parts.push(text.slice(at, start));
    parts.push(html`<mark>${text.slice(start, e + 1)}</mark>`);
    at = e + 1;
  }
  if (at < text.length) parts.push(text.slice(at));
  return html`${parts}`;
}
