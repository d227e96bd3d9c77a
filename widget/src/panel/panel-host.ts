/**
 * What the parts shown inside the panel (the contact form, "My recent tickets") may use of it:
 * its configuration, services and words, where the user is, and a few moves between views.
 * They depend on this, never on the panel element, so none of them imports the panel.
 */
import type { ReactiveController } from 'lit';
import type { HelpwayApi, TicketCreated } from './api-client.ts';
import type { Messages } from './i18n.ts';
import type { HostPageContext } from './page-context.ts';
import type { WidgetStorage } from './storage.ts';
import type { WidgetConfig, WidgetHost } from '../types.ts';
import type { StatusBanner } from './status-banner.ts';

/** What the user did before asking for help, carried by the ticket. */
export interface Journey {
  searches: string[];
  articlesRead: string[];
}

export interface PanelHost {
  readonly renderRoot: ShadowRoot;
  /** Settles after the pending render. */
  readonly updateComplete: Promise<boolean>;
  addController(controller: ReactiveController): void;
  requestUpdate(): void;
  readonly cfg: WidgetConfig;
  readonly t: Messages;
  readonly api: HelpwayApi;
  readonly storage: WidgetStorage;
  readonly page: HostPageContext;
  readonly journey: Journey;
  /** The site's open incident or maintenance, when there is one (./status-banner.ts). */
  readonly status?: StatusBanner;
  readonly host: Pick<WidgetHost, 'emit'>;
  /** Focus on `selector` (inside the body) after the next render. */
  focusLater(selector: string): void;
  showSent(): void;
  /** Shows the live chat of a ticket just filed with channel chat (its own view, its own chunk). */
  openChat(created: TicketCreated): void;
  openArticleBySlug(slug: string, title?: string): void;
  openTickets(): void;
  /** The requester's status page for a ticket filed from this browser ('' if this browser has no token for it). */
  statusPageUrl(reference: string): string;
}
