/**
 * This tab's part in the team's presence (api/src/inbox/presence.ts): a random id per page load,
 * which ticket the tab shows and whether a reply is being written there, and what the live stream
 * says about everyone. Views read `presence.others(reference)` and listen for its `change` event.
 *
 * Where the tab is goes out one request at a time, the latest state each time, so a quick
 * "replying" then "viewing" can never arrive the other way round.
 */
import { api } from './api.ts';
import type { PresenceNotice, PresenceState, TicketPresence } from '../presence-shapes.ts';

export type PresentAgent = TicketPresence['agents'][number];

function randomTabId(): string {
  // getRandomValues works outside secure contexts too (an inbox served over plain http).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

class Presence extends EventTarget {
  readonly tab = randomTabId();
  #tickets = new Map<string, PresentAgent[]>();
  #me = 0;
  #where: { ticket: string | null; state: PresenceState } = { ticket: null, state: 'viewing' };
  #sent = JSON.stringify(this.#where);
  #sending: Promise<void> = Promise.resolve();

  /** The inbox's live stream for this tab: the server keeps the tab's place while it is open. */
  streamUrl(path: string): string {
    return `${path}?tab=${this.tab}`;
  }

  /** Who this tab belongs to: they are left out of `others`. */
  signedIn(agentId: number): void {
    this.#me = agentId;
  }

  /** A `presence` event from the live stream: everyone on every ticket. */
  received(notice: PresenceNotice): void {
    this.#tickets = new Map(notice.tickets.map((t) => [t.reference, t.agents]));
    this.dispatchEvent(new Event('change'));
  }

  /** The other agents on a ticket, replying ones first. */
  others(reference: string): PresentAgent[] {
    const agents = (this.#tickets.get(reference) ?? []).filter((a) => a.id !== this.#me);
    return [...agents.filter((a) => a.state === 'replying'), ...agents.filter((a) => a.state !== 'replying')];
  }

  /** Where this tab is now: on a ticket (viewing, or writing a reply) or on none. */
  report(ticket: string | null, state: PresenceState = 'viewing'): void {
    this.#where = { ticket, state: ticket ? state : 'viewing' };
    this.#flush();
  }

  /** The live stream (re)connected: say again where this tab is, its place may have lapsed meanwhile. */
  reconnected(): void {
    this.#sent = '';
    this.#flush();
  }

  #flush(): void {
    this.#sending = this.#sending.then(async () => {
      const where = this.#where;
      const key = JSON.stringify(where);
      if (key === this.#sent || (where.ticket === null && this.#sent === '')) return;
      try {
        await api.post('/api/inbox/presence', { tab: this.tab, ...where });
        this.#sent = key;
      } catch {
        // Signed out, or offline: said again when the stream reconnects.
        this.#sent = '';
      }
    });
  }
}

/** This tab's presence: one per page. */
export const presence = new Presence();
