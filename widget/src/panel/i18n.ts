/**
 * The widget's own words: English, French and German in ./locales/, each loaded on demand (a
 * session downloads only its own language; the panel renders once they are in).
 * Policy texts (ticket types, severities, scope guidance) are not here: the API serves them in
 * the widget's language (content/policy.<lang>.yaml), naming those it has only in English, and
 * articles from the knowledge base are English: such English texts are marked `lang="en"`.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';

export interface Messages {
  /** The language these messages are in (BCP 47). */
  lang: string;
  title: string;
  close: string;
  back: string;
  searchLabel: string;
  searchPlaceholder: string;
  suggested: string;
  results: string;
  resultCount: (n: number) => string;
  noResults: (q: string) => string;
  loading: string;
  indexError: string;
  contact: string;
  contactLead: string;
  myTickets: string;
  openInKb: string;
  helpful: string;
  yes: string;
  no: string;
  thanksFeedback: string;
  /** After a "No", following the thanks: we will try to fix the article. */
  fixArticle: string;
  articleError: string;
  formTitle: string;
  typeLegend: string;
  severityLegend: string;
  subject: string;
  maybeAnswer: string;
  description: string;
  name: string;
  email: string;
  attachments: string;
  attachHint: string;
  remove: (name: string) => string;
  pageContext: string;
  channelLegend: string;
  channelEmail: string;
  channelChat: string;
  channelPhone: string;
  chatClosed: (when: string) => string;
  /** When chat reopens without a time to give (in hours, but no agent online yet). */
  soon: string;
  phoneSuggested: string;
  phoneNumber: string;
  preferredTime: string;
  send: string;
  sending: string;
  required: string;
  invalidEmail: string;
  offline: (seconds: number) => string;
  retryNow: string;
  draftRestored: string;
  discardDraft: string;
  failed: string;
  sentTitle: string;
  sentReference: (ref: string) => string;
  follow: (ref: string) => string;
  sentDue: (when: string) => string;
  clockNotRunning: string;
  noTickets: string;
  ticketsError: string;
  scopeTitle: string;
  readArticle: string;
  policyError: string;
  pageTitle: string;
  optional: string;
  dropped: (n: number) => string;
}

const loaded: Record<string, Messages> = {};

/** Every locale loads on demand, so a session downloads only its own language's words. */
const LOADERS: Record<string, () => Promise<{ default: Messages }>> = {
  en: () => import('./locales/en.ts'),
  fr: () => import('./locales/fr.ts'),
  de: () => import('./locales/de.ts'),
};

/** The messages for `locale` if already loaded, else English if loaded, else undefined. */
export function messagesFor(locale: string): Messages | undefined {
  return loaded[locale] ?? loaded.en;
}

/**
 * Loads the messages for `locale`; English when the locale is unknown or its chunk fails to load
 * (a failed English load rejects, and is tried again next time).
 */
export async function loadMessages(locale: string): Promise<Messages> {
  if (loaded[locale]) return loaded[locale];
  const load = LOADERS[locale];
  if (locale !== 'en') {
    try {
      if (load) return (loaded[locale] = (await load()).default);
    } catch {
      // Fall through to English.
    }
    return loadMessages('en');
  }
  return (loaded.en = (await load!()).default);
}
/** A text in English (from the API or the knowledge base), marked as such for screen readers when the widget speaks another language. */
export function inEnglish(t: Messages, text: string): TemplateResult | string {
  return t.lang === 'en' || !text ? text : html`<span lang="en">${text}</span>`;
}

/** The `lang` of knowledge-base texts (articles are written in English): set when the widget speaks another language. */
export function kbLang(t: Messages): string | typeof nothing {
  return t.lang === 'en' ? nothing : 'en';
}

/** A due instant in the reader's language and time zone, e.g. "Monday 24 November, 11:30". */
export function formatDue(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(
    date,
  );
}
