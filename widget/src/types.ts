/** Types shared by the entry module and the lazily loaded panel (types only: nothing here ships). */

export interface WidgetConfig {
  /** Site key registered with the API. */
  site: string;
  /** API origin (no trailing slash); defaults to the origin widget.js came from. */
  api: string;
  /** Knowledge-base origin serving /search-index.json and /articles/<slug>.json; defaults to `api`. */
  kb: string;
  locale: string;
  userName: string;
  userEmail: string;
  userHash: string;
  /** Extra words describing the host page, from the `context` attribute. */
  context: string;
  /** `light` (default), `dark`, or `auto` (follows the user's colour scheme). */
  theme: string;
  /** `bottom-right` (default) or `bottom-left`. */
  position: string;
  /** Show the panel in the top layer (set when host CSS traps `position: fixed`). */
  topLayer: boolean;
}

export interface PrefillData {
  subject?: string;
  description?: string;
  type?: string;
  severity?: string;
  name?: string;
  email?: string;
}

export interface IdentifyData {
  name?: string;
  email?: string;
  hash?: string;
}

export type WidgetEventName = 'helpway-open' | 'helpway-close' | 'helpway-article-view' | 'helpway-ticket-created';

/** What the panel may ask of the element that owns it. */
export interface WidgetHost {
  config(): WidgetConfig;
  emit(name: WidgetEventName, detail?: unknown): void;
  requestClose(): void;
}

/** The panel element as the entry module sees it. */
export interface PanelElement extends HTMLElement {
  readonly open: boolean;
  show(): Promise<void>;
  hide(): void;
  runSearch(query: string): void;
  prefill(data: PrefillData): void;
  configChanged(): void;
}
