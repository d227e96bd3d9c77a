/**
 * The panel's modal keyboard, as a reactive controller: Tab and Shift+Tab cycle inside the
 * dialog (through nested shadow roots too: the live chat has its own), and Escape closes it,
 * also when focus fell back to the page body (e.g. a pressed button went away).
 */
import type { ReactiveController } from 'lit';

export const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface FocusTrapHost extends HTMLElement {
  readonly renderRoot: ShadowRoot;
  addController(controller: ReactiveController): void;
}

export class FocusTrap implements ReactiveController {
  #host: FocusTrapHost;
  #selector: string;
  #close: () => void;

  /** Traps focus in the host's element matching `selector`; `close` is asked for on Escape. */
  constructor(host: FocusTrapHost, selector: string, close: () => void) {
    this.#host = host;
    this.#selector = selector;
    this.#close = close;
    host.addController(this);
  }

  /** While the dialog is open, Escape on the page itself closes it too. */
  activate(): void {
    document.addEventListener('keydown', this.#onDocumentKeydown);
  }

  deactivate(): void {
    document.removeEventListener('keydown', this.#onDocumentKeydown);
  }

  hostDisconnected(): void {
    this.deactivate();
  }

  #onDocumentKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    const active = document.activeElement;
    if (!active || active === document.body || active === (this.#host.getRootNode() as ShadowRoot).host) {
      event.preventDefault();
      this.#close();
    }
  };

  /** The dialog's own keydown listener. */
  onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.#close();
      return;
    }
    if (event.key !== 'Tab') return;
    const root = this.#host.renderRoot;
    const dialog = root.querySelector(this.#selector);
    if (!dialog) return;
    const focusable = focusablesIn(dialog);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    // The really focused element, also inside nested components.
    let active: Element | null = root.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const inside = !!active && (dialog.contains(active) || focusable.includes(active as HTMLElement));
    if (event.shiftKey && (active === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  };
}

/** Visible focusable elements under `root` in document order, descending into open shadow roots. */
function focusablesIn(root: Element | ShadowRoot, out: HTMLElement[] = []): HTMLElement[] {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
    if (el.matches(FOCUSABLE) && el.getClientRects().length > 0) out.push(el);
    if (el.shadowRoot) focusablesIn(el.shadowRoot, out);
  }
  return out;
}
