/**
 * The widget's words: English here, French and German in ./locales/ (loaded on demand).
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

const en: Messages = {
  lang: 'en',
  title: 'Help',
  close: 'Close',
  back: 'Back',
  searchLabel: 'Search help articles',
  searchPlaceholder: 'Describe what you need',
  suggested: 'Suggested for this page',
  results: 'Results',
  resultCount: (n) => (n === 0 ? 'No articles found' : n === 1 ? '1 article found' : `${n} articles found`),
  noResults: (q) => `Nothing matches “${q}”. Try other words, or contact support.`,
  loading: 'Loading…',
  indexError: 'Articles could not be loaded. You can still contact support.',
  contact: 'Contact support',
  contactLead: 'Didn’t find the answer?',
  myTickets: 'My recent tickets',
  openInKb: 'Open in the knowledge base',
  helpful: 'Was this helpful?',
  yes: 'Yes',
  no: 'No',
  thanksFeedback: 'Thank you for your feedback.',
  articleError: 'This article could not be loaded.',
  formTitle: 'Contact support',
  typeLegend: 'What do you need?',
  severityLegend: 'How bad is it?',
  subject: 'Subject',
  maybeAnswer: 'These articles may answer it:',
  description: 'Description',
  name: 'Your name',
  email: 'Your email',
  attachments: 'Attachments',
  attachHint: 'Drop files here, paste a screenshot, or choose files.',
  remove: (name) => `Remove ${name}`,
  pageContext: 'We will include this page:',
  channelLegend: 'How should we reply?',
  channelEmail: 'By email',
  channelChat: 'Live chat',
  channelPhone: 'Call me back',
  chatClosed: (when) => `Chat is closed — back ${when}. We’ll reply by email.`,
  phoneSuggested: 'For a critical problem we can call you back.',
  phoneNumber: 'Phone number',
  preferredTime: 'Preferred time for the call',
  send: 'Send',
  sending: 'Sending…',
  required: 'Please fill this in.',
  invalidEmail: 'Enter an email address like name@example.com.',
  offline: (s) => `No connection. Your message is saved on this device and will be sent automatically (next try in ${s} s).`,
  retryNow: 'Try again now',
  draftRestored: 'We restored the message you started.',
  discardDraft: 'Start over',
  failed: 'The message could not be sent:',
  sentTitle: 'Message received',
  sentReference: (ref) => `Your reference is ${ref}.`,
  follow: (ref) => `Follow ${ref} and reply`,
  sentDue: (when) => `We’ll reply by ${when}.`,
  clockNotRunning: 'We are closed now; the clock starts when we open.',
  noTickets: 'You have no tickets from this browser yet.',
  ticketsError: 'Your tickets could not be loaded.',
  scopeTitle: 'Good to know',
  readArticle: 'Read the article',
  policyError: 'The support form could not be loaded. Please try again in a moment.',
  pageTitle: 'Title',
  optional: 'optional',
  dropped: (n) => (n === 1 ? '1 file was not added (type or size not allowed).' : `${n} files were not added (type or size not allowed).`),
};

const loaded: Record<string, Messages> = { en };

/** Other locales load on demand, so an English session never downloads French or German. */
const LOADERS: Record<string, () => Promise<{ default: Messages }>> = {
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

/** The messages for `locale` if already loaded, else English. */
export function messagesFor(locale: string): Messages {
  return loaded[locale] ?? en;
}

/** Loads the messages for `locale` (English when unknown or when loading fails). */
export async function loadMessages(locale: string): Promise<Messages> {
  if (loaded[locale]) return loaded[locale];
  const load = LOADERS[locale];
  if (!load) return en;
  try {
    loaded[locale] = withOwn((await load()).default);
    return loaded[locale];
  } catch {
    return en;
  }
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
