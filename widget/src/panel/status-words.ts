/**
 * The words of the status banner and of the contact form's "Is it this?" question, in the
 * widget's languages. They live in the banner's chunk (imported only by ./status-banner.ts), not
 * in ./locales: every session loads its language file, few meet an incident.
 */

export interface StatusWords {
  /** The banner's accessible name. */
  region: string;
  /** Incident statuses as the API names them. */
  statuses: Record<string, string>;
  maintenance: string;
  /** When an active maintenance window ends, in the reader's words. */
  until: (when: string) => string;
  /** "updated 5 minutes ago", the relative time already in the reader's language. */
  updated: (ago: string) => string;
  askTitle: string;
  askLead: string;
  affected: string;
  other: string;
  sending: string;
  subscribed: (email: string) => string;
  noTicket: string;
  somethingElse: string;
  failed: string;
}

export const STATUS_WORDS: Record<string, StatusWords> = {
  en: {
    region: 'Service status',
    statuses: { investigating: 'Investigating', identified: 'Cause identified', monitoring: 'Monitoring a fix', resolved: 'Resolved' },
    maintenance: 'Maintenance in progress',
    until: (when) => `Until ${when}.`,
    updated: (ago) => `Updated ${ago}`,
    askTitle: 'Is it this?',
    askLead: 'We already know about this problem and are working on it:',
    affected: 'I’m affected too',
    other: 'No, it’s something else',
    sending: 'Sending…',
    subscribed: (email) => `Thank you. We will send the updates on this problem to ${email}.`,
    noTicket: 'No need to send a ticket: you will hear from us when it is fixed.',
    somethingElse: 'Write about something else',
    failed: 'That did not work. Try again, or choose “No, it’s something else”.',
  },
  fr: {
    region: 'État du service',
    statuses: {
      investigating: 'En cours d’analyse',
      identified: 'Cause identifiée',
      monitoring: 'Correctif sous surveillance',
      resolved: 'Résolu',
    },
    maintenance: 'Maintenance en cours',
    until: (when) => `Jusqu’à ${when}.`,
    updated: (ago) => `Mis à jour ${ago}`,
    askTitle: 'Est-ce ce problème ?',
    askLead: 'Nous connaissons déjà ce problème et nous y travaillons :',
    affected: 'Je suis concerné aussi',
    other: 'Non, c’est autre chose',
    sending: 'Envoi…',
    subscribed: (email) => `Merci. Nous enverrons les nouvelles de ce problème à ${email}.`,
    noTicket: 'Inutile d’envoyer une demande : nous vous écrirons quand ce sera réparé.',
    somethingElse: 'Écrire à propos d’autre chose',
    failed: 'Cela n’a pas fonctionné. Réessayez, ou choisissez « Non, c’est autre chose ».',
  },
  de: {
    region: 'Dienststatus',
    statuses: {
      investigating: 'Wird untersucht',
      identified: 'Ursache gefunden',
      monitoring: 'Lösung wird beobachtet',
      resolved: 'Behoben',
    },
    maintenance: 'Wartung läuft',
    until: (when) => `Bis ${when}.`,
    updated: (ago) => `Aktualisiert ${ago}`,
    askTitle: 'Geht es darum?',
    askLead: 'Dieses Problem ist uns bekannt, wir arbeiten daran:',
    affected: 'Ich bin auch betroffen',
    other: 'Nein, es geht um etwas anderes',
    sending: 'Wird gesendet…',
    subscribed: (email) => `Danke. Wir senden die Neuigkeiten zu diesem Problem an ${email}.`,
    noTicket: 'Sie müssen kein Ticket senden: Wir melden uns, sobald es behoben ist.',
    somethingElse: 'Über etwas anderes schreiben',
    failed: 'Das hat nicht geklappt. Versuchen Sie es erneut oder wählen Sie „Nein, es geht um etwas anderes“.',
  },
};

/** How long ago `iso` was, in the reader's language: "5 minutes ago", "il y a 2 heures", "vor 1 Tag". */
export function timeAgo(iso: string, lang: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  const abs = Math.abs(seconds);
  const [unit, size] = abs < 60 ? ['second', 1] : abs < 3600 ? ['minute', 60] : abs < 86400 ? ['hour', 3600] : ['day', 86400];
  // Rounded on the size, so half an hour past the hour is the next hour in the past as in the future.
  const count = Math.sign(seconds) * Math.round(abs / size) || 0;
  return new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(count, unit as Intl.RelativeTimeFormatUnit);
}
