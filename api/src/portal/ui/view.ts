/** What every portal page shares: its words, language and contact, the styles, and how it formats times. */
import { LitElement, css } from 'lit';
import { baseStyles } from '../../inbox/ui/styles.ts';
import type { Me } from './api.ts';
import type { Lang } from './due-words.ts';
import { LANGS, type Words } from './words.ts';

export const portalStyles = [
  baseStyles,
  css`
    table { width: 100%; border-collapse: collapse; background: #fff; }
    th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #e3e7eb; vertical-align: top; }
    .field { margin-bottom: .7rem; } .field input:not([type=checkbox]):not([type=radio]), .field select { width: 100%; max-width: 32rem; }
    .row { display: flex; gap: .75rem; flex-wrap: wrap; align-items: end; }
    fieldset { border: 1px solid #d8dde3; border-radius: 6px; margin: 0 0 .7rem; }
    .inline label, label.inline { display: inline; font-weight: 400; }
    .message { border-left: 4px solid #8a96a3; padding: .4rem .8rem; margin-bottom: .8rem; background: #fff; white-space: pre-wrap; }
    .message.support { border-color: #1b5fc1; }
    .avatar { display: inline-grid; place-items: center; width: 1.6rem; height: 1.6rem; border-radius: 50%; background: #1b5fc1; color: #fff; font-size: .72rem; font-weight: 600; vertical-align: middle; }
    button.small { padding: .1rem .45rem; }
  `,
];

export class PortalView extends LitElement {
  static properties = { lang: {}, me: { attribute: false } };
  static styles = portalStyles;
  declare lang: Lang;
  declare me: Me['contact'] | null;

  constructor() {
    super();
    this.lang = 'en';
    this.me = null;
  }

  get w(): Words {
    return LANGS[this.lang].words;
  }

  time(iso: string | null | undefined): string {
    return iso ? new Intl.DateTimeFormat(this.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—';
  }

  /** Another page of the portal (main.ts routes it). */
  go(path: string): void {
    this.dispatchEvent(new CustomEvent('portal-go', { detail: path, bubbles: true, composed: true }));
  }
}
