/**
 * Help while the user writes: knowledge-base articles matching the subject (they may answer
 * it), and the support scope's guidance for what the subject and description describe
 * (e.g. "your LMS administrator handles this"). Each waits for a pause in typing.
 */
import { loadSearcher, type SearchHit } from '../search-service.ts';
import type { ScopeMatch } from '../api-client.ts';
import type { PanelHost } from '../panel-host.ts';
import type { DraftFields } from '../storage.ts';

const MATCHES_AFTER_MS = 250;
const SCOPE_AFTER_MS = 600;

export class Guidance {
  matches: SearchHit[] = [];
  /** Only the topics the API says are not (or not only) in scope. */
  scope: ScopeMatch[] = [];
  #panel: PanelHost;
  #fields: () => DraftFields;
  #untranslated: (ids: string[]) => void;
  #matchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by each search of the subject: an answer from the server to an older subject is dropped. */
  #matchGeneration = 0;
  #scopeTimer: ReturnType<typeof setTimeout> | undefined;

  /** `fields` are read when typing pauses; `untranslated` hears of the scope texts the API had only in English. */
  constructor(panel: PanelHost, fields: () => DraftFields, untranslated: (ids: string[]) => void) {
    this.#panel = panel;
    this.#fields = fields;
    this.#untranslated = untranslated;
  }

  /** The subject changed: articles for it, once typing pauses. */
  subjectChanged(): void {
    clearTimeout(this.#matchTimer);
    this.#matchTimer = setTimeout(async () => {
      const mine = ++this.#matchGeneration;
      const q = this.#fields().subject.trim();
      let matches: SearchHit[] = [];
      if (q.length >= 3)
        try {
          const searcher = await loadSearcher(this.#panel.api, this.#panel.t.lang);
          matches = await searcher.search(q, { context: this.#panel.page, limit: 3 });
        } catch {
          /* no index, or no answer from the server (offline): no articles to offer */
        }
      if (mine !== this.#matchGeneration) return;
      this.matches = matches;
      this.#panel.requestUpdate();
    }, MATCHES_AFTER_MS);
  }

  /** The subject or description changed: the scope check, once typing pauses. */
  textChanged(): void {
    clearTimeout(this.#scopeTimer);
    this.#scopeTimer = setTimeout(async () => {
      const { subject, description } = this.#fields();
      const text = `${subject}\n${description}`.trim();
      let scope: ScopeMatch[] = [];
      if (text.length >= 6)
        try {
          const { matches, untranslated } = await this.#panel.api.scopeCheck(text, this.#panel.t.lang);
          this.#untranslated(untranslated);
          scope = matches.filter((m) => m.verdict && m.verdict !== 'in');
        } catch {
          /* the check is advice: the form works without it */
        }
      this.scope = scope;
      this.#panel.requestUpdate();
    }, SCOPE_AFTER_MS);
  }

  clear(): void {
    this.matches = [];
    this.scope = [];
  }
}
