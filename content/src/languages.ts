/**
 * The languages Helpway's content speaks: English is the source of everything; the policy's texts
 * and the knowledge base's articles may be translated into the others.
 */
export const TRANSLATION_LANGUAGES = ['fr', 'de'] as const;
export type TranslationLanguage = (typeof TRANSLATION_LANGUAGES)[number];
/** Every language content can be asked for, English first. */
export const LANGUAGES = ['en', ...TRANSLATION_LANGUAGES] as const;
export type Language = (typeof LANGUAGES)[number];

export const isTranslationLanguage = (value: string): value is TranslationLanguage =>
  (TRANSLATION_LANGUAGES as readonly string[]).includes(value);

/** Each language's name in itself, for language switchers. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', de: 'Deutsch' };

/** The locale dates and amounts are written in, per language. */
export const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', de: 'de-DE' };
