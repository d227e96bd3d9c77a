/** Markdown → HTML with stable heading ids, plus the headings and plain text for search. */
import { Marked, type Token, type Tokens } from 'marked';

export interface Heading {
  depth: number;
  text: string;
  id: string;
}

export const slugifyHeading = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'section';

function plainText(tokens: Token[]): string {
  const out: string[] = [];
  const walk = (list: Token[]) => {
    for (const t of list) {
      if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length) walk(t.tokens);
      else if (t.type === 'list') for (const item of (t as Tokens.List).items) walk(item.tokens);
      else if (t.type === 'table') {
        const table = t as Tokens.Table;
        for (const cell of table.header) walk(cell.tokens);
        for (const row of table.rows) for (const cell of row) walk(cell.tokens);
      } else if ('text' in t && typeof t.text === 'string' && t.type !== 'html') out.push(t.text);
      if (t.type === 'paragraph' || t.type === 'heading' || t.type === 'list_item' || t.type === 'code') out.push('\n');
    }
  };
  walk(tokens);
  return out
    .join(' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

export function renderMarkdown(markdown: string): { html: string; headings: Heading[]; text: string } {
  const headings: Heading[] = [];
  const used = new Map<string, number>();
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading(this: { parser: { parseInline(tokens: Token[]): string } }, token: Tokens.Heading) {
        const base = slugifyHeading(token.text);
        const n = used.get(base) ?? 0;
        used.set(base, n + 1);
        const id = n ? `${base}-${n}` : base;
        headings.push({ depth: token.depth, text: token.text.replace(/[*_`]/g, ''), id });
        return `<h${token.depth} id="${id}">${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
      },
    },
  });
  const tokens = marked.lexer(markdown);
  const text = plainText(tokens);
  const html = marked.parser(tokens);
  return { html, headings, text };
}
