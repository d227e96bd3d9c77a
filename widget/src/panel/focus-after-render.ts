/**
 * Moves focus where a view change leaves the user (the search box, the form, a heading), as a
 * reactive controller: asked for before a render, done after the render that shows the target,
 * and tried again after later renders until it appears (e.g. an article arriving).
 */
import type { ReactiveController } from 'lit';
import { FOCUSABLE } from './focus-trap.ts';

export interface FocusAfterRenderHost {
  readonly renderRoot: ShadowRoot;
  addController(controller: ReactiveController): void;
  requestUpdate(): void;
}

export class FocusAfterRender implements ReactiveController {
  #host: FocusAfterRenderHost;
  #find: (selector: string) => HTMLElement | null;
  #selector: string | null = null;

  /** `find` resolves a selector to the element to focus (null: not rendered yet). */
  constructor(host: FocusAfterRenderHost, find: (selector: string) => HTMLElement | null) {
    this.#host = host;
    this.#find = find;
    host.addController(this);
  }

  /** Focus `selector` after the render the caller's state change schedules. */
  set(selector: string | null): void {
    this.#selector = selector;
  }

  /** Focus `selector` after the next render, which this asks for. */
  later(selector: string): void {
    this.#selector = selector;
    this.#host.requestUpdate();
  }

  hostUpdated(): void {
    const selector = this.#selector;
    if (!selector) return;
    const target = this.#find(selector);
    if (!target) return;
    this.#selector = null;
    if (!target.matches(FOCUSABLE) && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: false });
  }
}
