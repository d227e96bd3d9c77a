/**
 * `<helpway-ticket-presence>`: the other agents on a ticket, live ("Sam Carter is replying.").
 * On the ticket page it is a polite live region, so a screen reader hears when someone starts
 * writing; in a queue row (`compact`) it is plain text, so a long queue does not chatter.
 */
import { LitElement, html, css, nothing } from 'lit';
import { baseStyles } from './styles.ts';
import { presence, type PresentAgent } from './presence-client.ts';

/** "Sam Carter is replying; Alex Moss is viewing this ticket." */
export function presenceSentence(agents: PresentAgent[]): string {
  if (!agents.length) return '';
  const parts = agents.map((a) => `${a.name} is ${a.state === 'replying' ? 'replying' : 'viewing'}`);
  return `${parts.join('; ')} ${agents.length === 1 && agents[0].state === 'replying' ? 'to this ticket' : 'this ticket'}.`;
}

export class HelpwayTicketPresence extends LitElement {
  static styles = [
    baseStyles,
    css`
      :host { display: block; }
      :host([compact]) { display: inline; }
      .presence { margin: 0 0 .5rem; padding: .3rem .6rem; border-left: 4px solid #1b5fc1; background: #eef4ff; }
      .presence.replying { border-left-color: #8a5a00; background: #fff6d6; font-weight: 600; }
      .presence:empty { display: none; }
      .compact { font-size: .8rem; }
      .compact.replying { font-weight: 700; }
    `,
  ];
  static properties = { reference: {}, compact: { type: Boolean, reflect: true } };
  /** The ticket whose other agents are shown. */
  declare reference: string;
  /** In a queue row: short, and not a live region. */
  declare compact: boolean;
  #onChange = () => this.requestUpdate();

  constructor() {
    super();
    this.reference = '';
    this.compact = false;
  }

  connectedCallback() {
    super.connectedCallback();
    presence.addEventListener('change', this.#onChange);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    presence.removeEventListener('change', this.#onChange);
  }

  render() {
    const agents = presence.others(this.reference);
    const replying = agents.some((a) => a.state === 'replying');
    if (this.compact) {
      if (!agents.length) return nothing;
      return html`<span class="compact ${replying ? 'replying' : ''}">${agents.map((a) => `${a.name} ${a.state}`).join(', ')}</span>`;
    }
    // Always in the page, so that the region exists before its first words and they are read.
    return html`<p class="presence ${replying ? 'replying' : ''}" role="status" aria-live="polite" data-testid="ticket-presence">${presenceSentence(agents)}</p>`;
  }
}

if (!customElements.get('helpway-ticket-presence')) customElements.define('helpway-ticket-presence', HelpwayTicketPresence);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-ticket-presence': HelpwayTicketPresence;
  }
}
