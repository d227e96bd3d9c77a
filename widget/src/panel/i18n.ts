/**
 * The widget's words: English, French and German in ./locales/, each loaded on demand (a session
 * downloads only its own language; the panel renders once they are in).
 * Policy texts (ticket types, severities, scope guidance, statuses) come from the API in English,
 * and articles from the knowledge base are English too: a locale may carry its own words for them
 * (`own`, looked up by the English text, so a reworded policy falls back to English instead of
 * showing a stale translation); whatever it lacks is shown in English, marked `lang="en"`.
 * The locale files key those words by `textKey(English)`, a short hash, so the long English texts
 * are not downloaded with every French or German session.
 */
import { html, type TemplateResult } from 'lit/html.js';

export interface Messages {
  /** The language these messages are in (BCP 47). */
  lang: string;
  /** The locale's words for English texts from the API, looked up by the English text (set on load from `words`). */
  own?: Record<string, string>;
  /** In a locale file: its words for English texts from the API, keyed by `textKey(English)`. */
  words?: Record<string, string>;
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

/**
 * A short stable key for an English text: 32-bit FNV-1a over its UTF-16 code units, in base 36.
 * A reworded text gets another key, so it finds no (stale) translation.
 */
export function textKey(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/**
 * A locale's `words` (keyed by textKey) as `own`, looked up by the English text. A textKey is at
 * most 7 base-36 characters and starts with a digit when 7 long, so it never names an
 * Object.prototype member.
 */
function withOwn(m: Messages): Messages {
  const words = m.words ?? {};
  return { ...m, own: new Proxy(words, { get: (w, text) => w[textKey(String(text))] }) };
}

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
      if (load) return (loaded[locale] = withOwn((await load()).default));
    } catch {
      // Fall through to English.
    }
    return loadMessages('en');
  }
  return (loaded.en = (await load!()).default);
}
/**
 * A text the API or the knowledge base wrote in English, for display in `t`'s language: the
 * locale's own words when it has them, else the English marked as such for screen readers.
 */
export function fromEnglish(t: Messages, text: string): TemplateResult | string {
  if (t.lang === 'en' || !text) return text;
  return t.own?.[text] ?? html`<span lang="en">${text}</span>`;
}

/** A due instant in the reader's language and time zone, e.g. "Monday 24 November, 11:30". */
export function formatDue(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(date);
}
