/**
 * Search as you type, as a reactive controller of the panel's search box.
 *
 * Debounced adaptively: while searches are cheap (a few ms, the usual case) every keystroke
 * searches at once; if they turn out slow (huge index, slow device), keystrokes are debounced so
 * typing never stutters. Each search bumps a generation: a search still waiting for the index
 * when a newer one starts drops its result, so results never go back to an older query.
 * `cancel()` (or the element leaving the page) stops whatever is scheduled.
 *
 * When the knowledge base is searched on the server (a `remote` searcher), every keystroke is
 * debounced, and a search still on the wire when the next one starts is aborted, so only the
 * latest question costs the server anything and results never go back to an older query.
 */
import type { ReactiveController } from 'lit';
import type { PageContext, SearchHit, WidgetSearcher } from './search-service.ts';

const DEBOUNCE_MS = 120;
/** While searches average under this, every keystroke searches; above it, keystrokes are debounced. */
const FAST_SEARCH_MS = 12;
/** The count is announced once typing pauses, not on every keystroke. */
const STATUS_DELAY_MS = 350;

export interface SearchAsYouTypeHost {
  addController(controller: ReactiveController): void;
  requestUpdate(): void;
}

export interface SearchAsYouTypeOptions {
  /** The searcher (the index loaded once); rejects when the index cannot load. */
  load(): Promise<WidgetSearcher>;
  /** Where the user is, for the ranking. */
  context(): PageContext;
  /** The sentence announcing `count` results. */
  announce(count: number): string;
  /** A search was made (for the search reports). */
  searched(query: string, count: number): void;
}

export class SearchAsYouType implements ReactiveController {
  /** The search box's value. */
  query = '';
  hits: SearchHit[] = [];
  /** What the live region says: the result count, once typing paused. */
  status = '';
  indexError = false;
  #host: SearchAsYouTypeHost;
  #options: SearchAsYouTypeOptions;
  #searcher: WidgetSearcher | null = null;
  #inFlight: AbortController | undefined;
  #costMs = 0;
  #generation = 0;
  #debounce: ReturnType<typeof setTimeout> | undefined;
  #statusTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: SearchAsYouTypeHost, options: SearchAsYouTypeOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** The searcher, once the index is in (null when it could not load: `indexError` says so). */
  async load(): Promise<WidgetSearcher | null> {
    try {
      this.#searcher = await this.#options.load();
      this.indexError = false;
    } catch {
      this.indexError = true;
    }
    this.#host.requestUpdate();
    return this.indexError ? null : this.#searcher;
  }

  /** A keystroke in the search box. */
  input(value: string): void {
    this.query = value;
    clearTimeout(this.#debounce);
    if (this.#searcher && !this.#searcher.remote && this.#costMs < FAST_SEARCH_MS) this.#search(this.#searcher, value);
    else this.#debounce = setTimeout(() => this.now(value), DEBOUNCE_MS);
    this.#host.requestUpdate();
  }

  /** Searches `query` as soon as the index is in (unless a newer search started meanwhile). */
  async now(query: string): Promise<void> {
    this.query = query;
    this.#host.requestUpdate();
    const generation = ++this.#generation;
    let searcher: WidgetSearcher;
    try {
      searcher = await this.#options.load();
    } catch {
      this.indexError = true;
      this.#host.requestUpdate();
      return;
    }
    if (generation !== this.#generation) return;
    this.#searcher = searcher;
    this.#search(searcher, query);
  }

  /** Searches the current query again (the index just arrived). */
  refresh(): void {
    if (this.#searcher && this.query) this.#search(this.#searcher, this.query);
  }

  cancel(): void {
    ++this.#generation;
    this.#inFlight?.abort();
    clearTimeout(this.#debounce);
    clearTimeout(this.#statusTimer);
  }

  #search(searcher: WidgetSearcher, query: string): void {
    const generation = ++this.#generation;
    this.#inFlight?.abort();
    this.#inFlight = undefined;
    const q = query.trim();
    clearTimeout(this.#statusTimer);
    this.#host.requestUpdate();
    if (!q) {
      this.hits = [];
      this.status = '';
      return;
    }
    const started = performance.now();
    const options = { context: this.#options.context(), limit: 8 };
    if (!searcher.remote) {
      this.#show(q, searcher.search(q, options) as SearchHit[], started);
      return;
    }
    const inFlight = (this.#inFlight = new AbortController());
    Promise.resolve(searcher.search(q, { ...options, signal: inFlight.signal })).then(
      (hits) => generation === this.#generation && this.#show(q, hits, started),
      () => {
        // Aborted by a newer keystroke, or the network failed: the results stay as they were.
        if (generation !== this.#generation) return;
        this.indexError = true;
        this.#host.requestUpdate();
      },
    );
  }

  #show(q: string, hits: SearchHit[], started: number): void {
    this.hits = hits;
    this.indexError = false;
    // A moving average, so one slow search (a garbage collection) does not switch modes.
    this.#costMs = this.#costMs * 0.7 + (performance.now() - started) * 0.3;
    const count = hits.length;
    this.#statusTimer = setTimeout(() => {
      this.status = this.#options.announce(count);
      this.#host.requestUpdate();
    }, STATUS_DELAY_MS);
    this.#options.searched(q, count);
    this.#host.requestUpdate();
  }
}
