/**
 * The words policy facts are put into, per language: what policy-prose.ts and policy-blocks.ts
 * say around the policy's values (day names, durations, table headings, verdicts, escalation
 * triggers). The rules of how facts become sentences stay there, written once; only the words
 * and the grammar a language needs (plurals, word order, cases) are here. The policy's own texts
 * (names, definitions) come translated from policy.fr.yaml / policy.de.yaml.
 */
import type { Weekday } from './calendar.ts';
import type { Language } from './languages.ts';
import type { EscalationTrigger, ScopeRule } from './policy-schema.ts';

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
/** French and German write decimals with a comma ("1,5"). */
const decimal = (n: number): string => String(n).replace('.', ',');
/** French takes the singular below 2 ("1,5 heure ouvrée"). */
const countFr = (n: number, one: string, many: string): string => `${decimal(n)} ${n < 2 ? one : many}`;
/** "lorsque" before a clause, elided before a vowel ("lorsqu’un délai…"). */
const lorsque = (clause: string): string => (/^[aeiouéèêàâîôû]/i.test(clause) ? `lorsqu’${clause}` : `lorsque ${clause}`);
const countDe = (n: number, one: string, many: string): string => `${decimal(n)} ${n === 1 ? one : many}`;
/** a, b and c */
const list = (items: string[], last: string): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;

export interface PolicyWords {
  days: Record<Weekday, string>;
  and: string;
  or: string;
  workingHours(n: number): string;
  workingMinutes(n: number): string;
  workingDays(n: number): string;
  halfWorkingDay: string;
  /** A table cell with no target. */
  noTarget: string;
  /** The same in running text, after a response target. */
  noResolutionTarget: string;
  /** "Monday to Friday" (three days or more in a row). */
  dayRange(first: string, last: string): string;
  /** The days, their windows: "Monday to Friday, 09:00–17:00". */
  dayWindows(days: string, windows: string): string;
  /** The whole week's hours and the zone: "Monday to Friday, 09:00–17:00 UK time". */
  hoursIn(parts: string, zone: string): string;
  allDayEveryDay: string;
  closed: string;
  /** "Friday 3 April" */
  weekdayDate(weekday: string, dayMonth: string): string;
  everyYear: string;
  /** Ticket type names as running text: "requests and bugs". */
  ticketTypes(names: string[]): string;
  noTicketType: string;
  planIncludes: {
    accountManager: string;
    directLine: string;
    monthlyCheckIns: string;
    endUserSupport: string;
    administrationServices: string;
    uptimeGuarantee(share: string): string;
  };
  workingHoursAvailability(hours: string): string;
  anyTimeAnsweredInHours: string;
  anyTime: string;
  byAppointment: string;
  /** A channel that comes with some plans: "With Priority dedicated support" ("the plan that includes it" without one). */
  withPlans(plans: string[]): string;
  verdicts: Record<ScopeRule['verdict'], string>;
  triggers: Record<EscalationTrigger, string>;
  siteCrm: string;
  /** After the previous level's wait: "the ticket has not moved for 8 working hours after escalation to level 1 (Support team lead)". */
  notMovedAfter(wait: string, level: number, role: string): string;
  maintenanceClockPaused: string;
  maintenanceClockRunning: string;
  maintenanceUptime: string;
  // Article blocks
  noHolidays: string;
  everyYearHeading: string;
  slaHead: [string, string, string, string];
  countedIn(hours: string): string;
  workingDayIs(hours: number): string;
  resolutionExcludes(types: string): string;
  resolutionExcludesConfiguration: string;
  examples: string;
  ticketTypesHead: [string, string, string, string];
  applies: string;
  doesNotApply: string;
  yes: string;
  no: string;
  required: string;
  optional: string;
  channelsHead: [string, string, string];
  scopeHead: [string, string, string];
  article: string;
  /** After a scope rule: "See [the article](/articles/…/)." */
  seeArticle(href: string): string;
  none: string;
  plansHead: [string, string, string, string];
  planTargetsIntro(plan: string, hours: string): string;
  planTargetsHead(base: string): [string, string, string, string];
  noPlan: string;
  nothingBeyondStandard: string;
  ratesHead: [string, string, string];
  timeBlocks(minutes: number): string;
  minutes(n: number): string;
  percent(n: number): string;
  perHour(amount: string): string;
  megabytes(n: number): string;
  attachments(files: number, megabytes: string, types: string): string;
  severityTarget(response: string | null, resolution: string | null): string;
  escalationLevel(role: string, contact: string, when: string, triggers: string): string;
}

const en: PolicyWords = {
  days: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' },
  and: 'and',
  or: 'or',
  workingHours: (n) => count(n, 'working hour', 'working hours'),
  workingMinutes: (n) => count(n, 'working minute', 'working minutes'),
  workingDays: (n) => count(n, 'working day', 'working days'),
  halfWorkingDay: 'half a working day',
  noTarget: 'No target',
  noResolutionTarget: 'no resolution target',
  dayRange: (first, last) => `${first} to ${last}`,
  dayWindows: (days, windows) => `${days}, ${windows}`,
  hoursIn: (parts, zone) => `${parts} ${zone}`,
  allDayEveryDay: '24 hours a day, 7 days a week',
  closed: 'Closed',
  weekdayDate: (weekday, dayMonth) => `${weekday} ${dayMonth}`,
  everyYear: 'every year',
  ticketTypes: (names) => {
    // "Request" → "requests", "Site refresh" → "site refreshes" (ticket type names are simple nouns).
    const plural = (name: string) => {
      const lower = name.toLowerCase();
      return /(s|sh|ch|x|z)$/.test(lower) ? `${lower}es` : `${lower}s`;
    };
    return list(names.map(plural), 'and');
  },
  noTicketType: 'no ticket type',
  planIncludes: {
    accountManager: 'a dedicated account manager',
    directLine: 'a direct phone line',
    monthlyCheckIns: 'monthly check-ins',
    endUserSupport: 'end-user support through one named client contact',
    administrationServices: 'administration services',
    uptimeGuarantee: (share) => `a ${share} uptime guarantee for hosted sites`,
  },
  workingHoursAvailability: (hours) => `Working hours: ${hours}`,
  // Someone answers a contact channel; the knowledge base needs nobody.
  anyTimeAnsweredInHours: 'Send any time; answered in working hours',
  anyTime: 'Any time',
  byAppointment: 'By appointment',
  withPlans: (plans) => `With ${list(plans, 'or') || 'the plan that includes it'}`,
  verdicts: {
    in: 'Support helps',
    client: 'You do it; we explain how',
    'end-user': 'Your own site administrator',
    'third-party': 'The third party',
    paid: 'Paid add-on',
    roadmap: 'Feature request',
    out: 'Not covered',
  },
  triggers: {
    response_missed: 'a first-response target is missed',
    resolution_missed: 'a resolution target is missed',
    reply_missed: 'a next-reply target is missed',
    requested: 'you ask for escalation on the ticket',
    complaint: 'you make a formal complaint',
  },
  siteCrm: 'the relationship manager named for your site',
  notMovedAfter: (wait, level, role) => `the ticket has not moved for ${wait} after escalation to level ${level} (${role})`,
  maintenanceClockPaused: "While an announced window runs, the SLA clocks of your site's tickets stop; they resume when it ends.",
  maintenanceClockRunning: 'The SLA clocks keep running during maintenance windows.',
  maintenanceUptime: 'Announced maintenance does not count against uptime.',
  noHolidays: 'No holidays are set: support is open on every listed day.',
  everyYearHeading: 'Every year',
  slaHead: ['Severity', 'What it means', 'First response', 'Resolution'],
  countedIn: (hours) => `Targets are counted in working time: ${hours}, holidays excluded.`,
  workingDayIs: (hours) => `A working day is ${hours} working hours.`,
  resolutionExcludes: (types) =>
    `Resolution targets do not apply to ${types}, nor to configuration issues on your side (response targets still do).`,
  resolutionExcludesConfiguration: 'Resolution targets do not apply to configuration issues on your side (response targets still do).',
  examples: 'Examples:',
  ticketTypesHead: ['Type', 'Use it for', 'Resolution target', 'Billed from your budget'],
  applies: 'Applies',
  doesNotApply: 'Does not apply',
  yes: 'Yes',
  no: 'No',
  required: 'required',
  optional: 'optional',
  channelsHead: ['Channel', 'When to use it', 'Availability'],
  scopeHead: ['What you need', 'Who does it', 'Read'],
  article: 'Article',
  seeArticle: (href) => `See [the article](${href}).`,
  none: '(none)',
  plansHead: ['Plan', 'What it is', 'Hours', 'Includes'],
  planTargetsIntro: (plan, hours) => `**${plan}** targets, counted over ${hours}:`,
  planTargetsHead: (base) => ['Severity', 'First response', 'Resolution', `${base} (for comparison)`],
  noPlan: 'none of our plans',
  nothingBeyondStandard: 'nothing beyond standard support',
  ratesHead: ['Rate', 'Per hour', 'Used for'],
  timeBlocks: (minutes) => `Time is logged in blocks of ${minutes} minutes.`,
  minutes: (n) => `${n} minutes`,
  percent: (n) => `${n}%`,
  perHour: (amount) => `${amount} an hour`,
  megabytes: (n) => `${n} MB`,
  attachments: (files, megabytes, types) => `Attach up to ${files} files of up to ${megabytes} each. Accepted types: ${types}.`,
  severityTarget: (response, resolution) => {
    const res = resolution === null ? 'no resolution target' : `resolution within ${resolution}`;
    return response === null ? res : `first response within ${response}, ${res}`;
  },
  escalationLevel: (role, contact, when, triggers) =>
    `**${role}** (${contact}): when ${when.charAt(0).toLowerCase() + when.slice(1)} Escalated here automatically when ${triggers}.`,
};

const fr: PolicyWords = {
  days: { mon: 'lundi', tue: 'mardi', wed: 'mercredi', thu: 'jeudi', fri: 'vendredi', sat: 'samedi', sun: 'dimanche' },
  and: 'et',
  or: 'ou',
  workingHours: (n) => countFr(n, 'heure ouvrée', 'heures ouvrées'),
  workingMinutes: (n) => countFr(n, 'minute ouvrée', 'minutes ouvrées'),
  workingDays: (n) => countFr(n, 'jour ouvré', 'jours ouvrés'),
  halfWorkingDay: 'une demi-journée ouvrée',
  noTarget: 'Pas de délai',
  noResolutionTarget: 'pas de délai de résolution',
  dayRange: (first, last) => `du ${first} au ${last}`,
  dayWindows: (days, windows) => `${days}, ${windows}`,
  hoursIn: (parts, zone) => `${parts}, ${zone}`,
  allDayEveryDay: '24 h/24, 7 j/7',
  closed: 'Fermé',
  weekdayDate: (weekday, dayMonth) => `${weekday} ${dayMonth}`,
  everyYear: 'chaque année',
  ticketTypes: (names) =>
    `tickets de type ${list(
      names.map((n) => `« ${n} »`),
      'et',
    )}`,
  noTicketType: 'aucun type de ticket',
  planIncludes: {
    accountManager: 'un gestionnaire de compte attitré',
    directLine: 'une ligne téléphonique directe',
    monthlyCheckIns: 'un point mensuel',
    endUserSupport: 'le support aux utilisateurs finaux via un contact client désigné',
    administrationServices: 'des services d’administration',
    uptimeGuarantee: (share) => `une garantie de disponibilité de ${share.replace('.', ',').replace('%', ' %')} pour les sites hébergés`,
  },
  workingHoursAvailability: (hours) => `Heures ouvrées : ${hours}`,
  anyTimeAnsweredInHours: 'Envoi à tout moment ; réponse aux heures ouvrées',
  anyTime: 'À tout moment',
  byAppointment: 'Sur rendez-vous',
  withPlans: (plans) =>
    plans.length
      ? `Avec l’offre ${list(
          plans.map((p) => `« ${p} »`),
          'ou',
        )}`
      : 'Avec l’offre qui l’inclut',
  verdicts: {
    in: 'Le support vous aide',
    client: 'Vous le faites ; nous expliquons comment',
    'end-user': 'L’administrateur de votre propre site',
    'third-party': 'Le tiers concerné',
    paid: 'Option payante',
    roadmap: 'Demande de fonctionnalité',
    out: 'Non couvert',
  },
  triggers: {
    response_missed: 'un délai de première réponse n’est pas tenu',
    resolution_missed: 'un délai de résolution n’est pas tenu',
    reply_missed: 'un délai de réponse suivante n’est pas tenu',
    requested: 'vous demandez l’escalade sur le ticket',
    complaint: 'vous déposez une réclamation formelle',
  },
  siteCrm: 'le responsable de la relation client attitré de votre site',
  notMovedAfter: (wait, level, role) => `le ticket n’a pas avancé pendant ${wait} après l’escalade au niveau ${level} (${role})`,
  maintenanceClockPaused:
    'Pendant une fenêtre annoncée, les horloges SLA des tickets de votre site s’arrêtent ; elles reprennent à la fin de la fenêtre.',
  maintenanceClockRunning: 'Les horloges SLA continuent de tourner pendant les fenêtres de maintenance.',
  maintenanceUptime: 'La maintenance annoncée n’est pas comptée comme indisponibilité.',
  noHolidays: 'Aucun jour férié n’est défini : le support est ouvert tous les jours indiqués.',
  everyYearHeading: 'Chaque année',
  slaHead: ['Gravité', 'Ce que cela signifie', 'Première réponse', 'Résolution'],
  countedIn: (hours) => `Les délais sont comptés en temps ouvré : ${hours}, jours fériés exclus.`,
  workingDayIs: (hours) => `Un jour ouvré compte ${hours} heures ouvrées.`,
  resolutionExcludes: (types) =>
    `Les délais de résolution ne s’appliquent pas aux ${types}, ni aux problèmes de configuration de votre côté (les délais de réponse s’appliquent toujours).`,
  resolutionExcludesConfiguration:
    'Les délais de résolution ne s’appliquent pas aux problèmes de configuration de votre côté (les délais de réponse s’appliquent toujours).',
  examples: 'Exemples :',
  ticketTypesHead: ['Type', 'À utiliser pour', 'Délai de résolution', 'Facturé sur votre budget'],
  applies: 'S’applique',
  doesNotApply: 'Ne s’applique pas',
  yes: 'Oui',
  no: 'Non',
  required: 'obligatoire',
  optional: 'facultatif',
  channelsHead: ['Canal', 'Quand l’utiliser', 'Disponibilité'],
  scopeHead: ['Votre besoin', 'Qui s’en charge', 'À lire'],
  article: 'Article',
  seeArticle: (href) => `Voir [l’article](${href}).`,
  none: '(aucun)',
  plansHead: ['Offre', 'Ce que c’est', 'Horaires', 'Comprend'],
  planTargetsIntro: (plan, hours) => `Délais de l’offre **${plan}**, comptés ${hours} :`,
  planTargetsHead: (base) => ['Gravité', 'Première réponse', 'Résolution', `${base} (pour comparaison)`],
  noPlan: 'aucune de nos offres',
  nothingBeyondStandard: 'rien de plus que le support standard',
  ratesHead: ['Tarif', 'Par heure', 'Utilisé pour'],
  timeBlocks: (minutes) => `Le temps est décompté par tranches de ${minutes} minutes.`,
  minutes: (n) => `${n} minutes`,
  percent: (n) => `${decimal(n)} %`,
  perHour: (amount) => `${amount} de l’heure`,
  megabytes: (n) => `${n} Mo`,
  attachments: (files, megabytes, types) => `Joignez jusqu’à ${files} fichiers de ${megabytes} maximum chacun. Types acceptés : ${types}.`,
  severityTarget: (response, resolution) => {
    const res = resolution === null ? 'pas de délai de résolution' : `résolution sous ${resolution}`;
    return response === null ? res : `première réponse sous ${response}, ${res}`;
  },
  escalationLevel: (role, contact, when, triggers) =>
    `**${role}** (${contact}) : ${when} Le ticket y est escaladé automatiquement ${lorsque(triggers)}.`,
};

const de: PolicyWords = {
  days: { mon: 'Montag', tue: 'Dienstag', wed: 'Mittwoch', thu: 'Donnerstag', fri: 'Freitag', sat: 'Samstag', sun: 'Sonntag' },
  and: 'und',
  or: 'oder',
  workingHours: (n) => countDe(n, 'Arbeitsstunde', 'Arbeitsstunden'),
  workingMinutes: (n) => countDe(n, 'Arbeitsminute', 'Arbeitsminuten'),
  workingDays: (n) => countDe(n, 'Arbeitstag', 'Arbeitstage'),
  halfWorkingDay: 'ein halber Arbeitstag',
  noTarget: 'Keine Zielzeit',
  noResolutionTarget: 'keine Lösungszeit',
  dayRange: (first, last) => `${first} bis ${last}`,
  dayWindows: (days, windows) => `${days}, ${windows}`,
  hoursIn: (parts, zone) => `${parts}, ${zone}`,
  allDayEveryDay: 'rund um die Uhr, 7 Tage die Woche',
  closed: 'Geschlossen',
  weekdayDate: (weekday, dayMonth) => `${weekday}, ${dayMonth}`,
  everyYear: 'jedes Jahr',
  ticketTypes: (names) =>
    `Tickets vom Typ ${list(
      names.map((n) => `„${n}“`),
      'und',
    )}`,
  noTicketType: 'keinen Tickettyp',
  planIncludes: {
    accountManager: 'ein persönlicher Kundenbetreuer',
    directLine: 'eine telefonische Direktleitung',
    monthlyCheckIns: 'monatliche Abstimmungstermine',
    endUserSupport: 'Endnutzer-Support über einen benannten Ansprechpartner beim Kunden',
    administrationServices: 'Verwaltungsdienstleistungen',
    uptimeGuarantee: (share) => `eine Verfügbarkeitsgarantie von ${share.replace('.', ',').replace('%', ' %')} für gehostete Websites`,
  },
  workingHoursAvailability: (hours) => `Geschäftszeiten: ${hours}`,
  anyTimeAnsweredInHours: 'Jederzeit senden; Antwort während der Geschäftszeiten',
  anyTime: 'Jederzeit',
  byAppointment: 'Nach Vereinbarung',
  withPlans: (plans) =>
    plans.length
      ? `Im Paket ${list(
          plans.map((p) => `„${p}“`),
          'oder',
        )}`
      : 'Im Paket, das ihn enthält',
  verdicts: {
    in: 'Der Support hilft',
    client: 'Sie erledigen es; wir erklären, wie',
    'end-user': 'Der Administrator Ihrer eigenen Website',
    'third-party': 'Der jeweilige Drittanbieter',
    paid: 'Kostenpflichtige Zusatzleistung',
    roadmap: 'Funktionswunsch',
    out: 'Nicht abgedeckt',
  },
  triggers: {
    response_missed: 'eine Zielzeit für die Erstreaktion verfehlt wird',
    resolution_missed: 'eine Lösungszeit verfehlt wird',
    reply_missed: 'eine Zielzeit für die nächste Antwort verfehlt wird',
    requested: 'Sie im Ticket um Eskalation bitten',
    complaint: 'Sie eine förmliche Beschwerde einreichen',
  },
  siteCrm: 'die für Ihre Website benannte Kundenbetreuung',
  notMovedAfter: (wait, level, role) => `sich das Ticket nach der Eskalation an Stufe ${level} (${role}) ${wait} lang nicht bewegt hat`,
  maintenanceClockPaused:
    'Während eines angekündigten Wartungsfensters stehen die SLA-Uhren der Tickets Ihrer Website still; sie laufen weiter, sobald es endet.',
  maintenanceClockRunning: 'Die SLA-Uhren laufen während Wartungsfenstern weiter.',
  maintenanceUptime: 'Angekündigte Wartung zählt nicht als Ausfallzeit.',
  noHolidays: 'Es sind keine Feiertage festgelegt: Der Support ist an allen genannten Tagen erreichbar.',
  everyYearHeading: 'Jedes Jahr',
  slaHead: ['Schweregrad', 'Bedeutung', 'Erstreaktion', 'Lösung'],
  countedIn: (hours) => `Zielzeiten zählen in Arbeitszeit: ${hours}, ohne Feiertage.`,
  workingDayIs: (hours) => `Ein Arbeitstag hat ${hours} Arbeitsstunden.`,
  resolutionExcludes: (types) =>
    `Lösungszeiten gelten nicht für ${types} und nicht für Konfigurationsprobleme auf Ihrer Seite (Reaktionszeiten gelten weiterhin).`,
  resolutionExcludesConfiguration:
    'Lösungszeiten gelten nicht für Konfigurationsprobleme auf Ihrer Seite (Reaktionszeiten gelten weiterhin).',
  examples: 'Beispiele:',
  ticketTypesHead: ['Typ', 'Wofür', 'Lösungszeit', 'Vom Budget abgerechnet'],
  applies: 'Gilt',
  doesNotApply: 'Gilt nicht',
  yes: 'Ja',
  no: 'Nein',
  required: 'Pflichtfeld',
  optional: 'optional',
  channelsHead: ['Kanal', 'Wann nutzen', 'Erreichbarkeit'],
  scopeHead: ['Ihr Anliegen', 'Wer es erledigt', 'Lesen'],
  article: 'Artikel',
  seeArticle: (href) => `Siehe [den Artikel](${href}).`,
  none: '(keine)',
  plansHead: ['Paket', 'Was es ist', 'Zeiten', 'Enthält'],
  planTargetsIntro: (plan, hours) => `Zielzeiten im Paket **${plan}**, gezählt ${hours}:`,
  planTargetsHead: (base) => ['Schweregrad', 'Erstreaktion', 'Lösung', `${base} (zum Vergleich)`],
  noPlan: 'keines unserer Pakete',
  nothingBeyondStandard: 'nichts über den Standard-Support hinaus',
  ratesHead: ['Satz', 'Pro Stunde', 'Verwendet für'],
  timeBlocks: (minutes) => `Zeit wird in Blöcken von ${minutes} Minuten erfasst.`,
  minutes: (n) => `${n} Minuten`,
  percent: (n) => `${decimal(n)} %`,
  perHour: (amount) => `${amount} pro Stunde`,
  megabytes: (n) => `${n} MB`,
  attachments: (files, megabytes, types) =>
    `Hängen Sie bis zu ${files} Dateien mit je höchstens ${megabytes} an. Erlaubte Typen: ${types}.`,
  // "Erstreaktion: …; Lösung: …" keeps the durations in the nominative.
  severityTarget: (response, resolution) => {
    const res = resolution === null ? 'keine Lösungszeit' : `Lösung: ${resolution}`;
    return response === null ? res : `Erstreaktion: ${response}; ${res}`;
  },
  escalationLevel: (role, contact, when, triggers) => `**${role}** (${contact}): ${when} Automatisch hierher eskaliert, wenn ${triggers}.`,
};

export const POLICY_WORDS: Record<Language, PolicyWords> = { en, fr, de };
