/**
 * Small, safe touches to the loader's article HTML for reading on any screen: wide tables and
 * code blocks scroll inside keyboard-focusable regions (WCAG 2.1.1), tables named by their headings.
 */
const stripTags = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&[a-z#0-9]+;/g, ' ')
    .trim();
const escapeAttr = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** `tableWord` names a table region in the page's language ("Table: Severity, …"). */
export function enhanceArticleHtml(html: string, tableWord = 'Table'): string {
  return html
    .replace(/<table>([\s\S]*?)<\/table>/g, (whole, inner: string) => {
      const headings = [...inner.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => stripTags(m[1])).filter(Boolean);
      const label = headings.length ? `${tableWord}: ${headings.join(', ')}` : tableWord;
      return `<div class="table-wrap" role="region" aria-label="${escapeAttr(label)}" tabindex="0">${whole}</div>`;
    })
    .replace(/<pre>/g, '<pre tabindex="0">');
}
