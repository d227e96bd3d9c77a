/**
 * A small allowlist sanitiser for article HTML. The HTML is parsed inert (DOMParser runs no
 * scripts and loads nothing), then rebuilt element by element: only listed tags and attributes
 * survive, URLs must be http(s)/mailto, and links open in a new tab.
 */
const TAGS = new Set([
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'code',
  'dd',
  'del',
  'details',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
]);
/** Elements dropped with their content (everything else unknown is unwrapped: its text is kept). */
const DROP = new Set([
  'script',
  'style',
  'template',
  'iframe',
  'object',
  'embed',
  'noscript',
  'svg',
  'math',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'link',
  'meta',
  'base',
  'frame',
  'frameset',
]);
const ATTRS: Record<string, string[]> = {
  a: ['href', 'title'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  ol: ['start'],
  abbr: ['title'],
};

function safeUrl(value: string, base: string, allowMail: boolean): string | null {
  try {
    const url = new URL(value.trim(), base);
    if (url.protocol === 'https:' || url.protocol === 'http:' || (allowMail && url.protocol === 'mailto:')) return url.href;
  } catch {
    /* not a URL */
  }
  return null;
}

function copy(source: Node, target: Node, doc: Document, base: string, tables = { n: 0 }): void {
  for (const child of Array.from(source.childNodes)) {
    if (child.nodeType === 3) {
      target.appendChild(doc.createTextNode(child.textContent || ''));
      continue;
    }
    if (child.nodeType !== 1) continue;
    const el = child as Element;
    const tag = el.localName;
    if (DROP.has(tag)) continue;
    if (!TAGS.has(tag)) {
      copy(el, target, doc, base, tables);
      continue;
    }
    // Headings inside the panel start below its own title.
    const outTag = tag === 'h1' ? 'h3' : tag === 'h2' ? 'h3' : tag === 'h3' ? 'h4' : tag;
    const out = doc.createElement(outTag);
    for (const name of ATTRS[tag] || []) {
      const value = el.getAttribute(name);
      if (value == null) continue;
      if (name === 'href' || name === 'src') {
        const url = safeUrl(value, base, name === 'href');
        if (url) out.setAttribute(name, url);
      } else if (/^(colspan|rowspan|width|height|start)$/.test(name)) {
        if (/^\d{1,4}$/.test(value)) out.setAttribute(name, value);
      } else {
        out.setAttribute(name, value.slice(0, 300));
      }
    }
    if (tag === 'a') {
      out.setAttribute('target', '_blank');
      out.setAttribute('rel', 'noopener noreferrer');
    }
    if (tag === 'img') {
      if (!out.hasAttribute('src')) continue;
      if (!out.hasAttribute('alt')) out.setAttribute('alt', '');
      out.setAttribute('loading', 'lazy');
    }
    if (tag === 'table') {
      // Wide tables scroll inside their own box instead of widening the panel.
      const wrap = doc.createElement('div');
      wrap.setAttribute('class', 'table-wrap');
      wrap.setAttribute('tabindex', '0');
      wrap.setAttribute('role', 'region');
      // Landmarks need distinct names: the caption, else a number.
      tables.n++;
      wrap.setAttribute('aria-label', el.querySelector('caption')?.textContent?.trim() || `Table ${tables.n}`);
      wrap.appendChild(out);
      target.appendChild(wrap);
      copy(el, out, doc, base, tables);
      continue;
    }
    target.appendChild(out);
    copy(el, out, doc, base, tables);
  }
}

interface TrustedTypePolicyLike {
  createHTML(input: string): unknown;
}
let policy: TrustedTypePolicyLike | null | undefined;

/**
 * On hosts that enforce Trusted Types, DOMParser wants TrustedHTML. Passing the string through is
 * sound here only because the parse is inert and its result is rebuilt through the allowlist
 * below; nothing parsed is ever inserted as is. If the host forbids our policy name, parsing
 * fails and the article view falls back to a link to the knowledge base.
 */
function forParser(html: string): string {
  if (policy === undefined) {
    const tt = (
      globalThis as unknown as {
        trustedTypes?: { createPolicy(name: string, rules: { createHTML(s: string): string }): TrustedTypePolicyLike };
      }
    ).trustedTypes;
    try {
      policy = tt ? tt.createPolicy('helpway-article', { createHTML: (s) => s }) : null;
    } catch {
      policy = null;
    }
  }
  return (policy ? policy.createHTML(html) : html) as string;
}

/** Returns a fragment owned by `document`, safe to insert; relative URLs resolve against `base`. */
export function sanitizeArticleHtml(html: string, base: string): DocumentFragment {
  const parsed = new DOMParser().parseFromString(forParser(`<!doctype html><body>${html}`), 'text/html');
  const fragment = document.createDocumentFragment();
  copy(parsed.body, fragment, document, base);
  return fragment;
}
