/**
 * widget.js — the only module a host page loads up front.
 *
 * It defines `<helpway-widget>` as a plain custom element (no Lit here, to stay under 5 KB gzipped)
 * and renders just the launcher. Nothing else is fetched until the user shows intent: hovering,
 * focusing or clicking the launcher imports the Lit panel, the search engine and the index.
 */
import type { PanelElement, WidgetHost, WidgetConfig, PrefillData, IdentifyData } from './types.ts';

const TAG = 'helpway-widget';
const ENTRY_URL = import.meta.url;

const LAUNCHER_LABEL: Record<string, string> = { en: 'Help', fr: 'Aide', de: 'Hilfe' };
export const SUPPORTED_LOCALES = ['en', 'fr', 'de'];

/** Picks the locale: the element's `lang`, then `<html lang>`, then the browser, else English. */
export function resolveLocale(el: Element): string {
  const supported = (tag: string | null | undefined) => {
    const base = String(tag || '')
      .toLowerCase()
      .split('-')[0]
      .split('_')[0];
    return SUPPORTED_LOCALES.includes(base) ? base : '';
  };
  // The browser's languages only when the page names none the widget speaks: reading them is
  // slower than reading an attribute, and this runs on the host page's load.
  return (
    supported(el.getAttribute('lang')) ||
    supported(document.documentElement.getAttribute('lang')) ||
    (navigator.languages || [navigator.language]).map(supported).find(Boolean) ||
    'en'
  );
}

// The icon's "?" is in the label's font and weight: a second face (bold) to find and shape on the
// host page's load cost about 1 ms of the launcher's first layout and paint (bench/widget.bench.ts).
const BASE_CSS = `
:host{all:initial;display:block}
:host{transform:none!important;filter:none!important;perspective:none!important;contain:none!important;will-change:auto!important;backdrop-filter:none!important;container-type:normal!important;content-visibility:visible!important}
:host([hidden]){display:none}
.launcher{position:fixed;bottom:var(--helpway-offset,20px);right:var(--helpway-offset,20px);z-index:var(--hw-z,2147483000);display:inline-flex;align-items:center;gap:8px;
min-height:48px;padding:0 18px;border:2px solid transparent;border-radius:999px;cursor:pointer;
background:var(--helpway-accent,#1f5fbf);color:var(--helpway-accent-contrast,#fff);
font:600 16px/1.2 var(--helpway-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);
box-shadow:0 4px 14px rgba(0,0,0,.25);letter-spacing:normal;text-transform:none;text-align:center;white-space:nowrap}
:host([position=bottom-left]) .launcher{right:auto;left:var(--helpway-offset,20px)}
.launcher:hover{filter:brightness(1.1)}
.launcher:focus-visible{outline:3px solid var(--helpway-focus,#ffbf47);outline-offset:3px}
.launcher i{width:20px;height:20px;flex:none;border-radius:50%;background:var(--helpway-accent-contrast,#fff);color:var(--helpway-accent,#1f5fbf);font-size:14px;line-height:20px;font-style:normal;text-align:center}
@media (forced-colors:active){.launcher i{forced-color-adjust:none;background:ButtonText;color:ButtonFace}}
.launcher[aria-expanded=true]{display:none}
.launcher[popover]{top:auto;left:auto;margin:0;overflow:visible}
@media (forced-colors:active){.launcher{border-color:ButtonText}}
@media print{.launcher{display:none}}
`;

let panelModule: Promise<typeof import('./panel/panel.ts')> | undefined;

/**
 * The panel's words, one chunk per locale: fetched beside the panel chunk rather than after it
 * (panel/i18n.ts imports the same chunks, which the browser then already has).
 */
const MESSAGES: Record<string, () => Promise<unknown>> = {
  en: () => import('./panel/locales/en.ts'),
  fr: () => import('./panel/locales/fr.ts'),
  de: () => import('./panel/locales/de.ts'),
};

function loadPanelModule(): Promise<typeof import('./panel/panel.ts')> {
  panelModule ??= import('./panel/panel.ts');
  return panelModule;
}

/**
 * The Helpway support widget.
 *
 * @fires helpway-open - the panel opened
 * @fires helpway-close - the panel closed
 * @fires helpway-article-view - an article was opened inside the widget; detail `{slug, title}`
 * @fires helpway-ticket-created - a ticket was filed; detail `{reference, sla}`
 * @csspart launcher - the "Help" button
 * @csspart panel - the dialog
 * @cssprop --helpway-accent - accent colour (buttons, links); also the `accent` attribute
 * @cssprop --helpway-accent-contrast - text on the accent colour
 * @cssprop --helpway-font - font family
 * @cssprop --helpway-radius - corner radius of the panel
 * @cssprop --helpway-offset - distance from the viewport edge
 */
export class HelpwayWidget extends HTMLElement {
  static observedAttributes = [
    'z-index',
    'accent',
    'lang',
    'label',
    'theme',
    'position',
    'user-name',
    'user-email',
    'user-hash',
    'context',
  ];

  #root: ShadowRoot;
  #sheet: CSSStyleSheet;
  #sheetText = '';
  #launcher: HTMLButtonElement;
  #panel: PanelElement | undefined;
  #panelLoading: Promise<PanelElement> | undefined;
  #returnFocus: HTMLElement | null = null;
  #identity: IdentifyData = {};
  #topLayer = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#sheet = new CSSStyleSheet();
    const base = new CSSStyleSheet();
    base.replaceSync(BASE_CSS);
    this.#root.adoptedStyleSheets = [base, this.#sheet];
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'launcher';
    button.setAttribute('part', 'launcher');
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    this.#launcher = button;
    this.#root.append(button);
    const warm = () => void this.#loadPanel().catch(() => {});
    button.addEventListener('pointerenter', warm, { once: true });
    button.addEventListener('focus', warm, { once: true });
    button.addEventListener('click', () => void this.open());
  }

  connectedCallback(): void {
    this.#renderLauncher();
    this.#applyDynamicStyles();
    // Where the launcher landed is read from the first intersection report, which the browser
    // computes with its own rendering, rather than by forcing a layout on the host page.
    if (this.#topLayer || !('showPopover' in this.#launcher)) return;
    const watch = new IntersectionObserver((entries) => {
      watch.disconnect();
      const entry = entries[entries.length - 1];
      if (entry.rootBounds) this.#placeIfMisplaced(entry.boundingClientRect, entry.rootBounds);
    });
    watch.observe(this.#launcher);
  }

  /**
   * A transformed or filtered ancestor (or `contain` on one) makes `position: fixed` relative to
   * that ancestor instead of the viewport, which can push the launcher off screen. When that
   * happens, launcher and panel move to the top layer (popover), which no host CSS can trap.
   */
  #checkPlacement(): void {
    this.#placeIfMisplaced(this.#launcher.getBoundingClientRect(), { width: innerWidth, height: innerHeight });
  }

  #placeIfMisplaced(r: DOMRectReadOnly, view: { width: number; height: number }): void {
    if (this.#topLayer || !this.isConnected || !('showPopover' in this.#launcher) || !r.width) return;
    const misplaced = r.bottom > view.height + 1 || r.top < 0 || r.right > view.width + 1 || r.left < 0 || view.height - r.bottom > 120;
    if (!misplaced) return;
    this.#topLayer = true;
    this.#launcher.setAttribute('popover', 'manual');
    this.#launcher.showPopover();
    this.#panel?.configChanged();
  }

  disconnectedCallback(): void {
    // Removed by the host (an SPA re-rendering its layout): do not leave a dialog open behind it.
    if (this.#panel?.open) {
      this.#panel.hide();
      this.#launcher.setAttribute('aria-expanded', 'false');
    }
  }

  attributeChangedCallback(): void {
    if (!this.isConnected) return;
    this.#renderLauncher();
    this.#applyDynamicStyles();
    this.#panel?.configChanged();
  }

  #renderLauncher(): void {
    const label = this.getAttribute('label') || LAUNCHER_LABEL[resolveLocale(this)] || 'Help';
    // The icon is a "?" in a circle drawn by CSS: an SVG path costs the host page's main
    // thread more to parse and paint on every load.
    const icon = document.createElement('i');
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = '?';
    const span = document.createElement('span');
    span.textContent = label;
    this.#launcher.replaceChildren(icon, span);
  }

  #applyDynamicStyles(): void {
    const z = Number.parseInt(this.getAttribute('z-index') || '', 10);
    const accent = this.getAttribute('accent') || '';
    // Only a plain colour token gets through, so an attribute cannot inject CSS.
    // (The pattern only runs when there is an accent: compiling it costs the host page's load.)
    const safeAccent = accent && /^(#[0-9a-f]{3,8}|[a-z]+|rgba?\([\d\s.,%]+\)|hsla?\([\d\s.,%deg]+\))$/i.test(accent) ? accent : '';
    const rules = [Number.isFinite(z) ? `--hw-z:${z}` : '', safeAccent ? `--helpway-accent:${safeAccent}` : ''].filter(Boolean);
    // Without either attribute the sheet stays empty (the launcher's and the panel's CSS hold the
    // default z-index): no stylesheet to parse on the host page's load.
    const text = rules.length ? `:host{${rules.join(';')}}` : '';
    if (text !== this.#sheetText) this.#sheet.replaceSync((this.#sheetText = text));
  }

  /** The configuration the panel reads, always from the current attributes. */
  config(): WidgetConfig {
    const entryOrigin = new URL(ENTRY_URL).origin;
    const api = (this.getAttribute('api') || entryOrigin).replace(/\/+$/, '');
    return {
      site: this.getAttribute('site') || 'demo',
      api,
      kb: (this.getAttribute('kb') || api).replace(/\/+$/, ''),
      locale: resolveLocale(this),
      userName: this.#identity.name ?? this.getAttribute('user-name') ?? '',
      userEmail: this.#identity.email ?? this.getAttribute('user-email') ?? '',
      userHash: this.#identity.hash ?? this.getAttribute('user-hash') ?? '',
      context: this.getAttribute('context') || '',
      theme: this.getAttribute('theme') || 'light',
      position: this.getAttribute('position') === 'bottom-left' ? 'bottom-left' : 'bottom-right',
      topLayer: this.#topLayer,
    };
  }

  #host(): WidgetHost {
    return {
      config: () => this.config(),
      emit: (name, detail) => this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true })),
      requestClose: () => this.close(),
    };
  }

  #loadPanel(): Promise<PanelElement> {
    if (!this.#panelLoading) void MESSAGES[this.config().locale]?.().catch(() => {});
    this.#panelLoading ??= loadPanelModule().then((mod) => {
      const panel = mod.createPanel(this.#host());
      this.#root.append(panel);
      this.#panel = panel;
      return panel;
    });
    this.#panelLoading.catch(() => {
      this.#panelLoading = undefined;
    });
    return this.#panelLoading;
  }

  get isOpen(): boolean {
    return this.#panel?.open ?? false;
  }

  /** Opens the panel (loading it first if needed). */
  async open(): Promise<void> {
    if (!this.#panel?.open) {
      const active = document.activeElement;
      this.#returnFocus = active instanceof HTMLElement && active !== document.body ? active : null;
    }
    this.#launcher.setAttribute('aria-busy', 'true');
    let panel: PanelElement;
    try {
      panel = await this.#loadPanel();
    } finally {
      this.#launcher.removeAttribute('aria-busy');
    }
    if (panel.open) return;
    this.#checkPlacement();
    this.#launcher.setAttribute('aria-expanded', 'true');
    await panel.show();
    this.dispatchEvent(new CustomEvent('helpway-open', { bubbles: true, composed: true }));
  }

  /** Closes the panel and returns focus to where it was (the launcher if it came from there). */
  close(): void {
    if (!this.#panel?.open) return;
    this.#panel.hide();
    this.#launcher.setAttribute('aria-expanded', 'false');
    const target = this.#returnFocus && this.#returnFocus.isConnected && this.#returnFocus !== this ? this.#returnFocus : this.#launcher;
    target.focus();
    this.#returnFocus = null;
    this.dispatchEvent(new CustomEvent('helpway-close', { bubbles: true, composed: true }));
  }

  /** Opens the panel and searches for `query`. */
  async search(query: string): Promise<void> {
    await this.open();
    this.#panel?.runSearch(String(query ?? ''));
  }

  /** Opens the contact form with fields filled in (subject, description, type, severity, name, email). */
  async prefill(data: PrefillData): Promise<void> {
    await this.open();
    this.#panel?.prefill(data ?? {});
  }

  /** Tells the widget who the user is (name, email, optional HMAC `hash`), without opening it. */
  identify(data: IdentifyData): void {
    this.#identity = { ...this.#identity, ...(data ?? {}) };
    this.#panel?.configChanged();
  }
}

// A second copy of widget.js on the page must not throw.
if (!customElements.get(TAG)) customElements.define(TAG, HelpwayWidget);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-widget': HelpwayWidget;
  }
}
