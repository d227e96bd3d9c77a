/**
 * A ticket's next due time in words, in the portal's languages: "Reply due in 25 minutes",
 * "Reply due today 14:00", "Resolution due tomorrow 10:00", "First response overdue since 09:30".
 * Pure (the clock and time zone are passed in), tested in Node (test/portal/due-words.test.ts).
 */
export type Target = 'response' | 'reply' | 'resolution';
export type Lang = 'en' | 'fr' | 'de';

interface DueLang {
  targets: Record<Target, string>;
  due: (target: string, when: string) => string;
  overdue: (target: string, when: string) => string;
  minutes: (n: number) => string;
  today: string;
  tomorrow: string;
}

const WORDS: Record<Lang, DueLang> = {
  en: {
    targets: { response: 'First response', reply: 'Reply', resolution: 'Resolution' },
    due: (t, w) => `${t} due ${w}`,
    overdue: (t, w) => `${t} overdue since ${w}`,
    minutes: (n) => `in ${n} minute${n === 1 ? '' : 's'}`,
    today: 'today',
    tomorrow: 'tomorrow',
  },
  fr: {
    targets: { response: 'Première réponse', reply: 'Réponse', resolution: 'Résolution' },
    due: (t, w) => `${t} attendue ${w}`,
    overdue: (t, w) => `${t} en retard depuis ${w}`,
    minutes: (n) => `dans ${n} minute${n === 1 ? '' : 's'}`,
    today: 'aujourd’hui',
    tomorrow: 'demain',
  },
  de: {
    targets: { response: 'Erste Antwort', reply: 'Antwort', resolution: 'Lösung' },
    due: (t, w) => `${t} fällig ${w}`,
    overdue: (t, w) => `${t} überfällig seit ${w}`,
    minutes: (n) => `in ${n} Minute${n === 1 ? '' : 'n'}`,
    today: 'heute',
    tomorrow: 'morgen',
  },
};

/** The calendar day of `d` in `timeZone` (YYYY-MM-DD), to compare days, not instants. */
const dayOf = (d: Date, timeZone?: string) => new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(d);

/** When, relative to `now`: minutes within the hour, "today/tomorrow HH:MM", a weekday within the week, else the date. */
export function whenWords(at: Date, now: Date, lang: Lang, timeZone?: string): string {
  const w = WORDS[lang];
  const ms = at.getTime() - now.getTime();
  if (ms >= 0 && ms < 3_600_000) return w.minutes(Math.max(1, Math.round(ms / 60_000)));
  const time = new Intl.DateTimeFormat(lang, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  const day = dayOf(at, timeZone);
  if (day === dayOf(now, timeZone)) return `${w.today} ${time}`;
  if (day === dayOf(new Date(now.getTime() + 86_400_000), timeZone)) return `${w.tomorrow} ${time}`;
  const withinWeek = Math.abs(ms) < 6 * 86_400_000;
  const date = new Intl.DateTimeFormat(
    lang,
    withinWeek ? { timeZone, weekday: 'long' } : { timeZone, day: 'numeric', month: 'long' },
  ).format(at);
  return `${date} ${time}`;
}

export const targetWords = (target: Target, lang: Lang): string => WORDS[lang].targets[target];

/** The sentence for a due target: due in the future, overdue in the past. */
export function dueWords(due: { target: Target; at: string }, now: Date, lang: Lang, timeZone?: string): string {
  const at = new Date(due.at);
  const w = WORDS[lang];
  const when = whenWords(at, now, lang, timeZone);
  return at.getTime() < now.getTime() ? w.overdue(w.targets[due.target], when) : w.due(w.targets[due.target], when);
}
