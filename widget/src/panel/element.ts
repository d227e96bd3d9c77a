/**
 * The widget's base element: lit-html rendering into an open shadow root, batched updates and
 * reactive controllers (connected, disconnected, updated) — the part of LitElement the panel and the chat use. LitElement's
 * reactive-element layer (attribute converters, property options, decorators) would add ~2.8 KB
 * gzipped to a widget with a 35 KB budget, for features it never uses.
 */
import { render, type nothing, type TemplateResult } from 'lit/html.js';
import type { ReactiveController } from 'lit';

type Renderable = TemplateResult | typeof nothing;

export class WidgetElement extends HTMLElement {
  readonly renderRoot: ShadowRoot;
  /** Settles after the pending render (true), like LitElement's. */
  updateComplete: Promise<boolean> = Promise.resolve(true);
  #queued = false;
  #controllers: ReactiveController[] = [];

  constructor(styles: CSSStyleSheet) {
    super();
    this.renderRoot = this.attachShadow({ mode: 'open' });
    this.renderRoot.adoptedStyleSheets = [styles];
  }

  addController(controller: ReactiveController): void {
    this.#controllers.push(controller);
    if (this.isConnected) controller.hostConnected?.();
  }

  connectedCallback(): void {
    for (const c of this.#controllers) c.hostConnected?.();
    this.requestUpdate();
  }

  disconnectedCallback(): void {
    for (const c of this.#controllers) c.hostDisconnected?.();
  }

  /** Renders once in a microtask, however many state changes asked for it. */
  requestUpdate(): void {
    if (this.#queued) return;
    this.#queued = true;
    this.updateComplete = Promise.resolve().then(() => {
      this.#queued = false;
      render(this.render(), this.renderRoot, { host: this });
      this.updated();
      for (const c of this.#controllers) c.hostUpdated?.();
      return true;
    });
  }

  render(): Renderable {
    return undefined as unknown as Renderable;
  }

  /** Called after each render. */
  updated(): void {}
}

/**
 * `state` made reactive as a whole: setting any of its fields schedules a render of `element`.
 * One object declares the fields and their first values (see state.ts), instead of a list of names.
 */
export function reactiveState<T extends object>(element: WidgetElement, state: T): T {
  return new Proxy(state, {
    set(target, key, value) {
      Reflect.set(target, key, value);
      element.requestUpdate();
      return true;
    },
  });
}

/** A constructable stylesheet from CSS text (works under `style-src 'self'`). */
export function sheet(cssText: string): CSSStyleSheet {
  const s = new CSSStyleSheet();
  s.replaceSync(cssText);
  return s;
}
