/**
 * The panel's view state, declared once: its type and its first values. The panel keeps it
 * in a reactive object (element.ts, `reactiveState`), so setting any field re-renders it.
 * What belongs to one part lives in that part's controller (the search box in
 * search-as-you-type.ts, the form in contact/).
 */
import type { Article } from './api-client.ts';
import type { SearchHit } from './search-service.ts';
import type { TicketRow } from './recent-tickets.ts';

export type View = 'home' | 'article' | 'contact' | 'sent' | 'tickets' | 'chat';

export interface PanelState {
  open: boolean;
  view: View;
  /** Articles for the page the user is on. */
  suggestions: SearchHit[];
  /** The article shown; its body one element for its lifetime, so re-renders keep focus inside it. */
  article: (Article & { body: HTMLElement }) | null;
  articleSlug: string;
  articleError: boolean;
  /** 'not_helpful': sent, and the answer was No. */
  feedback: '' | 'sent' | 'not_helpful';
  tickets: TicketRow[] | null;
  ticketsError: boolean;
  /** The contact form could not start (its code or the policy would not load). */
  formError: boolean;
}

export const initialState = (): PanelState => ({
  open: false,
  view: 'home',
  suggestions: [],
  article: null,
  articleSlug: '',
  articleError: false,
  feedback: '',
  tickets: null,
  ticketsError: false,
  formError: false,
});
