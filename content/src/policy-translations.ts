/**
 * The policy's texts in other languages: `policy.fr.yaml`, `policy.de.yaml` beside policy.yaml,
 * keyed by where the English text sits in the policy (`severities.S1.name`,
 * `ticketTypes.bug.fields.expected.label`, `scope.legal.who`), each entry with `source`, a short
 * hash of the English it was translated from. When the English changes, the hash no longer
 * matches: the load warns (naming the file, the key and the hash to write once the translation is
 * updated) and the text is served in English until then, never a translation of older words.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ContentError } from './errors.ts';
import type { Policy } from './policy-schema.ts';
import { LANGUAGES, TRANSLATION_LANGUAGES, type Language, type TranslationLanguage } from './languages.ts';

export { LANGUAGES, type Language };
/** Languages the policy may be translated into (English is the policy itself). */
export const POLICY_LANGUAGES = TRANSLATION_LANGUAGES;
export type PolicyLanguage = TranslationLanguage;
/** A request's `lang`: which language to word the policy's texts in. */
export const LanguageSchema = z
  .enum(LANGUAGES, { error: `use one of ${LANGUAGES.join(', ')} (English is the default)` })
  .describe('Language of the policy texts; a text without a current translation is in English and its id listed in `untranslated`.');

/** Eight base64url characters of the SHA-256 of the English text: short, and changes with any edit. */
export const sourceHash = (english: string): string => createHash('sha256').update(english).digest('base64url').slice(0, 8);

const Entry = z
  .object({
    text: z.string().trim().min(1, 'write the translation, or remove the entry to show the English text'),
    // Any value is accepted: a mismatch is a warning that gives the hash to write.
    source: z.string().min(1, 'write the hash of the English text this translates (a load with a wrong one prints it)'),
  })
  .strict();
export type TranslationEntry = z.infer<typeof Entry>;

/** A translation file: policy text id → translation and the hash of its English source. */
export const TranslationFileSchema = z.record(
  z.string().regex(/^[a-zA-Z]+(?:\.[A-Za-z0-9_-]+)+$/, 'use a dotted policy text id such as "severities.S1.name"'),
  Entry,
);
export type TranslationFile = z.infer<typeof TranslationFileSchema>;

/** Translation files by language, checked against the policy they translate. */
export type PolicyTranslations = Partial<Record<PolicyLanguage, TranslationFile>>;

export interface TranslationWarning {
  file: string;
  key: string;
  message: string;
}

interface TextSlot {
  key: string;
  text: string;
  set(text: string): void;
}

/**
 * Every translatable text of a policy, with its id and a setter: the texts the API serves to
 * requesters (calendar labels, plans, ticket types and their fields, severities, channels, scope)
 * and those the KB's French and German pages and articles show (plan features, rates, budget,
 * escalation, maintenance).
 */
function textSlots(policy: Policy): TextSlot[] {
  const slots: TextSlot[] = [];
  const field = <K extends string>(prefix: string, holder: { [P in K]?: string }, name: K): void => {
    const text = holder[name];
    if (typeof text === 'string' && text.length > 0) {
      slots.push({ key: `${prefix}.${name}`, text, set: (value) => void (holder[name] = value) });
    }
  };
  const list = (prefix: string, items: string[]): void =>
    items.forEach((text, i) => slots.push({ key: `${prefix}.${i}`, text, set: (value) => void (items[i] = value) }));

  field('calendar', policy.calendar, 'label');
  for (const plan of policy.plans) {
    field(`plans.${plan.id}`, plan, 'name');
    field(`plans.${plan.id}`, plan, 'description');
    if (plan.calendar) field(`plans.${plan.id}.calendar`, plan.calendar, 'label');
    list(`plans.${plan.id}.features`, plan.features);
  }
  for (const type of policy.ticketTypes) {
    for (const name of ['name', 'description', 'prompt'] as const) field(`ticketTypes.${type.id}`, type, name);
    for (const f of type.fields) {
      field(`ticketTypes.${type.id}.fields.${f.name}`, f, 'label');
      field(`ticketTypes.${type.id}.fields.${f.name}`, f, 'help');
    }
  }
  for (const severity of policy.severities) {
    field(`severities.${severity.id}`, severity, 'name');
    field(`severities.${severity.id}`, severity, 'definition');
    list(`severities.${severity.id}.examples`, severity.examples);
  }
  for (const channel of policy.channels) {
    field(`channels.${channel.id}`, channel, 'name');
    list(`channels.${channel.id}.whenToUse`, channel.whenToUse);
  }
  for (const rule of policy.scope) {
    field(`scope.${rule.id}`, rule, 'topic');
    field(`scope.${rule.id}`, rule, 'who');
  }
  for (const rate of policy.rates.list) {
    field(`rates.${rate.id}`, rate, 'name');
    field(`rates.${rate.id}`, rate, 'description');
  }
  field('budget', policy.budget, 'description');
  field('escalation', policy.escalation, 'description');
  for (const level of policy.escalation.levels) {
    field(`escalation.levels.${level.level}`, level, 'role');
    field(`escalation.levels.${level.level}`, level, 'when');
  }
  field('maintenance', policy.maintenance, 'description');
  return slots;
}

/** The policy's translatable texts: id → English. */
export function policyTexts(policy: Policy): Map<string, string> {
  return new Map(textSlots(policy).map((s) => [s.key, s.text]));
}

/**
 * Validates a parsed translation file against the policy. Malformed entries and ids the policy
 * does not have are errors (ContentError: file, key, fix); stale entries are returned as warnings.
 */
export function checkTranslationFile(
  policy: Policy,
  raw: unknown,
  file: string,
): { entries: TranslationFile; warnings: TranslationWarning[] } {
  const parsed = TranslationFileSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) throw ContentError.fromZod(file, parsed.error);
  const texts = policyTexts(policy);
  const unknown = Object.keys(parsed.data).filter((key) => !texts.has(key));
  if (unknown.length) {
    throw new ContentError(
      file,
      unknown.map((key) => ({
        field: key,
        message: `the policy has no text "${key}": check the id against policy.yaml (ids look like ${nearbyIds(texts, key)}), or remove the entry`,
      })),
    );
  }
  const warnings: TranslationWarning[] = [];
  for (const [key, entry] of Object.entries(parsed.data)) {
    const english = texts.get(key)!;
    const hash = sourceHash(english);
    if (entry.source !== hash) {
      warnings.push({
        file,
        key,
        message: `stale: the English text is now ${JSON.stringify(english)}, so the English is shown; update the translation, then set source to "${hash}"`,
      });
    }
  }
  return { entries: parsed.data, warnings };
}

/** A few real ids sharing the unknown one's first part, to show the expected form. */
function nearbyIds(texts: Map<string, string>, key: string): string {
  const head = key.split('.')[0];
  const same = [...texts.keys()].filter((k) => k.startsWith(`${head}.`));
  return (same.length ? same : [...texts.keys()])
    .slice(0, 3)
    .map((k) => `"${k}"`)
    .join(', ');
}

export interface TranslatedPolicy {
  lang: Language;
  /** The policy with every text that has a current translation in `lang`. */
  policy: Policy;
  /** Ids of the texts left in English (no translation, or a stale one); empty for English. */
  untranslated: string[];
}

/** The policy in `lang`: a copy with current translations in place, English for the rest. */
export function translatePolicy(policy: Policy, lang: Language, entries: TranslationFile | undefined): TranslatedPolicy {
  if (lang === 'en') return { lang, policy, untranslated: [] };
  const copy = structuredClone(policy);
  const untranslated: string[] = [];
  for (const slot of textSlots(copy)) {
    const entry = entries && Object.hasOwn(entries, slot.key) ? entries[slot.key] : undefined;
    if (entry && entry.source === sourceHash(slot.text)) slot.set(entry.text);
    else untranslated.push(slot.key);
  }
  return { lang, policy: copy, untranslated };
}

/** The policy in each language, translated on first use and kept (policies do not change while served). */
export function policyInLanguages(policy: Policy, translations: PolicyTranslations = {}): (lang: Language) => TranslatedPolicy {
  const done = new Map<Language, TranslatedPolicy>();
  return (lang) => {
    let translated = done.get(lang);
    if (!translated) done.set(lang, (translated = translatePolicy(policy, lang, lang === 'en' ? undefined : translations[lang])));
    return translated;
  };
}
