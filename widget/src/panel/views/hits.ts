/** A list of articles (suggestions or search results), with arrow-key moves between them and the search box. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { highlight } from '../highlight.ts';
import { kbLang, type Messages } from '../i18n.ts';
import type { SearchHit } from '../search-service.ts';

export function renderHits(t: Messages, hits: SearchHit[], open: (hit: SearchHit) => void): TemplateResult {
  return html`<ul class="hits" lang=${kbLang(t)} @keydown=${onListKeydown}>
    ${hits.map(
      (hit) => html`<li>
        <button type="button" class="hit" @click=${() => open(hit)}>
          <span class="hit-title">${highlight(hit.title, hit.highlights?.title)}</span>
          ${hit.summary ? html`<span class="hit-summary">${highlight(hit.summary, hit.highlights?.summary)}</span>` : nothing}
        </button>
      </li>`,
    )}
  </ul>`;
}

/** Up and Down move through the articles listed (Up from the first one goes back to the search box); Home and End jump. */
export function onListKeydown(event: KeyboardEvent): void {
  const root = (event.currentTarget as Element).getRootNode() as ShadowRoot;
  const items = Array.from(root.querySelectorAll<HTMLElement>('.hit'));
  if (!items.length) return;
  const index = items.indexOf(root.activeElement as HTMLElement);
  let next = -2;
  if (event.key === 'ArrowDown') next = index + 1 >= items.length ? items.length - 1 : index + 1;
  else if (event.key === 'ArrowUp') next = index - 1;
  else if (event.key === 'Home' && index >= 0) next = 0;
  else if (event.key === 'End' && index >= 0) next = items.length - 1;
  if (next === -2) return;
  event.preventDefault();
  if (next < 0) root.querySelector<HTMLElement>('#q')?.focus();
  else items[next].focus();
}
