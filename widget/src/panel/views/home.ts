/** The panel's first view: the search box, then the search results, or the articles suggested for the page. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Messages } from '../i18n.ts';
import type { SearchHit } from '../search-service.ts';
import type { SearchAsYouType } from '../search-as-you-type.ts';
import { onListKeydown, renderHits } from './hits.ts';

export function renderHome(
  t: Messages,
  search: SearchAsYouType,
  suggestions: SearchHit[],
  open: (hit: SearchHit, from: 'suggestion' | 'search') => void,
): TemplateResult {
  const q = search.query.trim();
  return html`
    <form class="search" role="search" @submit=${(e: Event) => e.preventDefault()}>
      <label class="sr-only" for="q">${t.searchLabel}</label>
      <input id="q" type="search" autocomplete="off" spellcheck="false" enterkeyhint="search" placeholder=${t.searchPlaceholder}
        .value=${search.query} @input=${(e: Event) => search.input((e.target as HTMLInputElement).value)} @keydown=${onListKeydown} aria-describedby="hw-count" />
    </form>
    <p id="hw-count" class="sr-only" role="status" aria-live="polite">${search.status}</p>
    ${search.indexError ? html`<p class="notice warn">${t.indexError}</p>` : nothing}
    ${
      q
        ? html`<h3>${t.results}</h3>
          ${search.hits.length ? renderHits(t, search.hits, (hit) => open(hit, 'search')) : html`<p class="muted">${t.noResults(q)}</p>`}`
        : suggestions.length
          ? html`<h3>${t.suggested}</h3>${renderHits(t, suggestions, (hit) => open(hit, 'suggestion'))}`
          : search.indexError
            ? nothing
            : html`<p class="muted">${t.loading}</p>`
    }
  `;
}
