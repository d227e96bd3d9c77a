/** Wrap matched ranges of `text` in <mark>, building DOM nodes (never HTML strings from data). */
export type Range = readonly [number, number];

/** Ranges are [start, end] with `end` inclusive, as Fuse.js reports them; overlaps are merged. */
export function highlightInto(target: HTMLElement, text: string, ranges: readonly Range[] = []): void {
  target.textContent = '';
  const sorted = [...ranges].filter(([s, e]) => e >= s && s < text.length).sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [start, end] of sorted) {
    const s = Math.max(start, at);
    const e = Math.min(end + 1, text.length);
    if (e <= s) continue;
    if (s > at) target.append(text.slice(at, s));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(s, e);
    target.append(mark);
    at = e;
  }
  if (at < text.length) target.append(text.slice(at));
}
