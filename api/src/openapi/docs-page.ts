/** A readable, dependency-free HTML reference rendered from the OpenAPI document. */

type Schema = Record<string, any>;

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

function typeOf(s: Schema): string {
  if (s.$ref) return String(s.$ref).split('/').pop()!;
  if (s.const !== undefined) return `= ${JSON.stringify(s.const)}`;
  if (s.enum) return s.enum.map((v: unknown) => JSON.stringify(v)).join(' | ');
  if (s.anyOf || s.oneOf) return (s.anyOf ?? s.oneOf).map(typeOf).join(' or ');
  if (s.type === 'array') return `array of ${s.items ? typeOf(s.items) : 'any'}`;
  return Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
}

function constraints(s: Schema): string {
  const out: string[] = [];
  if (s.format) out.push(`format ${s.format}`);
  if (s.minLength !== undefined) out.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) out.push(`max length ${s.maxLength}`);
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.minItems !== undefined) out.push(`min ${s.minItems} items`);
  if (s.maxItems !== undefined) out.push(`max ${s.maxItems} items`);
  if (s.pattern) out.push(`pattern <code>${esc(s.pattern)}</code>`);
  if (s.default !== undefined) out.push(`default <code>${esc(JSON.stringify(s.default))}</code>`);
  return out.join(', ');
}

function renderSchema(s: Schema, depth = 0): string {
  if (depth > 6) return '';
  const variants = s.oneOf ?? s.anyOf;
  if (variants && !s.properties) {
    return `<ul class="variants">${variants
      .map(
        (v: Schema) =>
          `<li>${v.description ? `<p>${esc(v.description)}</p>` : `<p>${esc(typeOf(v))}</p>`}${renderSchema(v, depth + 1)}</li>`,
      )
      .join('')}</ul>`;
  }
  const target = s.type === 'array' && s.items?.properties ? s.items : s;
  if (!target.properties) return '';
  const required = new Set<string>(target.required ?? []);
  const rows = Object.entries(target.properties as Record<string, Schema>).map(([name, p]) => {
    const inner =
      p.properties || p.items?.properties || p.oneOf || p.anyOf?.some((v: Schema) => v.properties) ? renderSchema(p, depth + 1) : '';
    return `<li><code>${esc(name)}</code>${required.has(name) ? ' <em>required</em>' : ''} — ${esc(typeOf(p))}${constraints(p) ? ` (${constraints(p)})` : ''}${p.description ? `: ${esc(p.description)}` : ''}${inner}</li>`;
  });
  return `<ul>${rows.join('')}</ul>`;
}

export function renderDocsPage(doc: Schema): string {
  const ops: string[] = [];
  const toc: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const id = op.operationId ?? `${method}-${path}`;
      toc.push(`<li><a href="#${esc(id)}"><code>${method.toUpperCase()} ${esc(path)}</code></a> — ${esc(op.summary ?? '')}</li>`);
      const params = (op.parameters ?? []) as Schema[];
      const body = op.requestBody?.content?.['application/json']?.schema;
      const responses = Object.entries((op.responses ?? {}) as Record<string, Schema>);
      ops.push(`<section id="${esc(id)}">
<h2><code>${method.toUpperCase()} ${esc(path)}</code></h2>
<p>${esc(op.summary ?? '')}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
${op.security ? '<p><strong>Auth:</strong> <code>Authorization: Bearer &lt;ticket token&gt;</code></p>' : ''}
${params.length ? `<h3>Parameters</h3><ul>${params.map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''}) — ${esc(typeOf(p.schema ?? {}))}${p.description ? `: ${esc(p.description)}` : ''}</li>`).join('')}</ul>` : ''}
${body ? `<h3>Request body (JSON)</h3>${renderSchema(body)}` : ''}
<h3>Responses</h3><ul>${responses.map(([status, r]) => `<li><strong>${esc(status)}</strong> ${esc(r.description ?? '')}${r.content?.['application/json']?.schema ? renderSchema(r.content['application/json'].schema) : ''}</li>`).join('')}</ul>
</section>`);
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} reference</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem 1.5rem;color:#1a1a1a;background:#fff}
code{font:0.9em ui-monospace,monospace;background:#f3f3f3;padding:0 .2em;border-radius:3px}
section{border-top:1px solid #ddd;margin-top:2rem}h2{font-size:1.2rem}h3{font-size:1rem;margin-bottom:.25rem}
ul ul{border-left:2px solid #eee;margin-left:.3rem}em{color:#a40000;font-style:normal;font-size:.85em}a{color:#0b57d0}
</style></head><body>
<header><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p></header>
<nav aria-label="Endpoints"><h2>Endpoints</h2><ul>${toc.join('')}</ul></nav>
<main>${ops.join('\n')}</main>
</body></html>`;
}
