/**
 * The words of the policy pages (/support/hours/, /channels/, /scope/, /plans/) in each language:
 * headings, table headings and the sentences around the policy's values. The values, and the
 * policy's own texts in the page's language, come from the policy (content/policy*.yaml) through
 * content/src/policy-prose.ts.
 */
import type { Language } from '#content/languages.ts';

const en = {
  hours: {
    title: 'Support hours and response targets',
    description: (hours: string) => `Support hours: ${hours}. Response and resolution targets for S1 to S4.`,
    supportHours: 'Support hours',
    byDay: 'Support hours by day',
    day: 'Day',
    hours: 'Hours',
    holidays: 'Holidays',
    holidaysIntro: 'Support is closed on these days; the target clocks do not run.',
    targets: 'Response and resolution targets',
    targetsIntroHtml: (severities: string, dayHours: number) =>
      `Choose the severity by the impact right now (<a href="${severities}">how to choose a severity</a>). Targets are counted in working time; a working day is ${dayHours} working hours.`,
    bySeverity: 'Targets by severity',
    severity: 'Severity',
    meaning: 'What it means',
    firstResponse: 'First response',
    resolution: 'Resolution',
    nextReply: 'Next reply',
    planColumn: (plan: string) => `${plan}: response / resolution`,
    forExample: 'For example:',
    resolutionExcluded: (types: string[]) =>
      `Resolution targets do not apply to ${types.map((t) => t.toLowerCase()).join(' and ')} tickets, nor to configuration issues on your side; response targets still apply.`,
    planHoursHtml: (plans: string, plan: string, hours: string) =>
      `<a href="${plans}">${plan}</a> counts its targets in its own hours: ${hours}.`,
    nextReplyNote:
      'The next-reply target applies to each of your messages after our first response: we answer it within that working time.',
    maintenance: 'Planned maintenance',
    escalation: 'Warnings and escalation',
    warnedHtml: (percent: number, escalation: string) =>
      `The ticket's owner is warned when ${percent}% of a target's working time has passed, before it is missed. See <a href="${escalation}">how escalation works</a>.`,
    levels: 'Escalation levels',
    level: 'Level',
    who: 'Who',
    contact: 'Contact',
    when: 'When',
    automatically: 'Escalated automatically when',
  },
  channels: {
    title: 'Contact support',
    description: (vendor: string) => `How to reach ${vendor} support and which channel fits your question.`,
    introHtml: (hours: string, hoursPage: string, scopePage: string) =>
      `Pick the channel that fits your question. Support hours: ${hours} (<a href="${hoursPage}">hours, holidays and targets</a>). Learners contact their own site administrator, not us (<a href="${scopePage}">what support covers</a>).`,
    whenToUse: 'When to use it',
    available: 'Available',
    contact: 'Contact',
    readMore: 'Read more',
  },
  scope: {
    title: 'What support covers',
    description: 'Who does what: what support helps with, what you do yourself, and what goes elsewhere.',
    introHtml: (article: string, title: string) =>
      `Examples of who acts on common requests. For the full picture read <a href="${article}">${title}</a>.`,
    caption: 'Who acts on common requests',
    need: 'What you need',
    verdict: 'Verdict',
    who: 'Who does it',
    read: 'Read',
  },
  plans: {
    title: 'Support plans',
    description: 'Standard and priority support plans, what each includes, their hours and targets, and our rates.',
    included: ' (included)',
    hours: 'Hours:',
    includes: 'Includes',
    targets: (plan: string) => `${plan}: targets`,
    severity: 'Severity',
    firstResponse: 'First response',
    resolution: 'Resolution',
    rates: 'Rates',
    hourlyRates: 'Hourly rates',
    rate: 'Rate',
    perHour: 'Per hour',
    usedFor: 'Used for',
    readMoreHtml: (budget: string, priority: string) =>
      `Read more: <a href="${budget}">your support budget</a> and <a href="${priority}">priority dedicated support</a>.`,
  },
};

export type SupportPageWords = typeof en;

const fr: SupportPageWords = {
  hours: {
    title: 'Horaires du support et délais de réponse',
    description: (hours) => `Horaires du support : ${hours}. Délais de réponse et de résolution de S1 à S4.`,
    supportHours: 'Horaires du support',
    byDay: 'Horaires du support par jour',
    day: 'Jour',
    hours: 'Horaires',
    holidays: 'Jours fériés',
    holidaysIntro: 'Le support est fermé ces jours-là ; les délais ne courent pas.',
    targets: 'Délais de réponse et de résolution',
    targetsIntroHtml: (severities, dayHours) =>
      `Choisissez la gravité selon l’impact actuel (<a href="${severities}">comment choisir une gravité</a>). Les délais sont comptés en temps ouvré ; un jour ouvré compte ${dayHours} heures ouvrées.`,
    bySeverity: 'Délais par gravité',
    severity: 'Gravité',
    meaning: 'Ce que cela signifie',
    firstResponse: 'Première réponse',
    resolution: 'Résolution',
    nextReply: 'Réponse suivante',
    planColumn: (plan) => `${plan} : réponse / résolution`,
    forExample: 'Par exemple :',
    resolutionExcluded: (types) =>
      `Les délais de résolution ne s’appliquent pas aux tickets de type ${types.map((t) => `« ${t} »`).join(' et ')}, ni aux problèmes de configuration de votre côté ; les délais de réponse s’appliquent toujours.`,
    planHoursHtml: (plans, plan, hours) => `L’offre <a href="${plans}">${plan}</a> compte ses délais sur ses propres horaires : ${hours}.`,
    nextReplyNote:
      'Le délai de réponse suivante s’applique à chacun de vos messages après notre première réponse : nous y répondons dans ce temps ouvré.',
    maintenance: 'Maintenance planifiée',
    escalation: 'Alertes et escalade',
    warnedHtml: (percent, escalation) =>
      `Le responsable du ticket est alerté lorsque ${percent} % du temps ouvré d’un délai est écoulé, avant qu’il ne soit dépassé. Voir <a href="${escalation}">comment fonctionne l’escalade</a>.`,
    levels: 'Niveaux d’escalade',
    level: 'Niveau',
    who: 'Qui',
    contact: 'Contact',
    when: 'Quand',
    automatically: 'Escaladé automatiquement lorsque',
  },
  channels: {
    title: 'Contacter le support',
    description: (vendor) => `Comment joindre le support ${vendor} et quel canal convient à votre question.`,
    introHtml: (hours, hoursPage, scopePage) =>
      `Choisissez le canal adapté à votre question. Horaires du support : ${hours} (<a href="${hoursPage}">horaires, jours fériés et délais</a>). Les apprenants s’adressent à l’administrateur de leur propre site, pas à nous (<a href="${scopePage}">ce que couvre le support</a>).`,
    whenToUse: 'Quand l’utiliser',
    available: 'Disponibilité',
    contact: 'Contact',
    readMore: 'En savoir plus',
  },
  scope: {
    title: 'Ce que couvre le support',
    description:
      'Qui fait quoi : ce pour quoi le support vous aide, ce que vous faites vous-même et ce qui relève d’autres interlocuteurs.',
    introHtml: (article, title) =>
      `Qui s’occupe des demandes courantes, par l’exemple. Pour une vue complète, lisez <a href="${article}">${title}</a>.`,
    caption: 'Qui s’occupe des demandes courantes',
    need: 'Votre besoin',
    verdict: 'Verdict',
    who: 'Qui s’en charge',
    read: 'À lire',
  },
  plans: {
    title: 'Offres de support',
    description: 'Les offres de support standard et prioritaire, leur contenu, leurs horaires et délais, et nos tarifs.',
    included: ' (incluse)',
    hours: 'Horaires :',
    includes: 'Comprend',
    targets: (plan) => `${plan} : délais`,
    severity: 'Gravité',
    firstResponse: 'Première réponse',
    resolution: 'Résolution',
    rates: 'Tarifs',
    hourlyRates: 'Tarifs horaires',
    rate: 'Tarif',
    perHour: 'Par heure',
    usedFor: 'Utilisé pour',
    readMoreHtml: (budget, priority) =>
      `En savoir plus : <a href="${budget}">votre budget de support</a> et <a href="${priority}">le support prioritaire dédié</a>.`,
  },
};

const de: SupportPageWords = {
  hours: {
    title: 'Support-Zeiten und Reaktionszeiten',
    description: (hours) => `Support-Zeiten: ${hours}. Reaktions- und Lösungszeiten für S1 bis S4.`,
    supportHours: 'Support-Zeiten',
    byDay: 'Support-Zeiten nach Wochentag',
    day: 'Tag',
    hours: 'Zeiten',
    holidays: 'Feiertage',
    holidaysIntro: 'An diesen Tagen ist der Support geschlossen; die Zielzeiten laufen nicht.',
    targets: 'Reaktions- und Lösungszeiten',
    targetsIntroHtml: (severities, dayHours) =>
      `Wählen Sie den Schweregrad nach den Auswirkungen im Moment (<a href="${severities}">so wählen Sie den Schweregrad</a>). Zielzeiten zählen in Arbeitszeit; ein Arbeitstag hat ${dayHours} Arbeitsstunden.`,
    bySeverity: 'Zielzeiten nach Schweregrad',
    severity: 'Schweregrad',
    meaning: 'Bedeutung',
    firstResponse: 'Erstreaktion',
    resolution: 'Lösung',
    nextReply: 'Nächste Antwort',
    planColumn: (plan) => `${plan}: Reaktion / Lösung`,
    forExample: 'Zum Beispiel:',
    resolutionExcluded: (types) =>
      `Lösungszeiten gelten nicht für Tickets vom Typ ${types.map((t) => `„${t}“`).join(' und ')} und nicht für Konfigurationsprobleme auf Ihrer Seite; Reaktionszeiten gelten weiterhin.`,
    planHoursHtml: (plans, plan, hours) => `<a href="${plans}">${plan}</a> zählt seine Zielzeiten in eigenen Zeiten: ${hours}.`,
    nextReplyNote:
      'Die Zielzeit für die nächste Antwort gilt für jede Ihrer Nachrichten nach unserer Erstreaktion: Wir beantworten sie innerhalb dieser Arbeitszeit.',
    maintenance: 'Geplante Wartung',
    escalation: 'Warnungen und Eskalation',
    warnedHtml: (percent, escalation) =>
      `Die für das Ticket verantwortliche Person wird gewarnt, sobald ${percent} % der Arbeitszeit einer Zielzeit verstrichen sind, bevor sie verfehlt wird. Lesen Sie, <a href="${escalation}">wie die Eskalation funktioniert</a>.`,
    levels: 'Eskalationsstufen',
    level: 'Stufe',
    who: 'Wer',
    contact: 'Kontakt',
    when: 'Wann',
    automatically: 'Automatisch eskaliert, wenn',
  },
  channels: {
    title: 'Support kontaktieren',
    description: (vendor) => `So erreichen Sie den Support von ${vendor} und so finden Sie den passenden Kanal für Ihre Frage.`,
    introHtml: (hours, hoursPage, scopePage) =>
      `Wählen Sie den Kanal, der zu Ihrer Frage passt. Support-Zeiten: ${hours} (<a href="${hoursPage}">Zeiten, Feiertage und Zielzeiten</a>). Lernende wenden sich an den Administrator ihrer eigenen Website, nicht an uns (<a href="${scopePage}">was der Support abdeckt</a>).`,
    whenToUse: 'Wann nutzen',
    available: 'Erreichbar',
    contact: 'Kontakt',
    readMore: 'Mehr dazu',
  },
  scope: {
    title: 'Was der Support abdeckt',
    description: 'Wer was erledigt: wobei der Support hilft, was Sie selbst tun und was woanders hingehört.',
    introHtml: (article, title) =>
      `Beispiele dafür, wer sich um häufige Anliegen kümmert. Das vollständige Bild gibt <a href="${article}">${title}</a>.`,
    caption: 'Wer sich um häufige Anliegen kümmert',
    need: 'Ihr Anliegen',
    verdict: 'Einordnung',
    who: 'Wer es erledigt',
    read: 'Lesen',
  },
  plans: {
    title: 'Support-Pakete',
    description: 'Standard- und Prioritäts-Support: was sie enthalten, ihre Zeiten und Zielzeiten, und unsere Stundensätze.',
    included: ' (inklusive)',
    hours: 'Zeiten:',
    includes: 'Enthält',
    targets: (plan) => `${plan}: Zielzeiten`,
    severity: 'Schweregrad',
    firstResponse: 'Erstreaktion',
    resolution: 'Lösung',
    rates: 'Stundensätze',
    hourlyRates: 'Stundensätze',
    rate: 'Satz',
    perHour: 'Pro Stunde',
    usedFor: 'Verwendet für',
    readMoreHtml: (budget, priority) =>
      `Mehr dazu: <a href="${budget}">Ihr Support-Budget</a> und <a href="${priority}">dedizierter Prioritäts-Support</a>.`,
  },
};

export const SUPPORT_PAGE_WORDS: Record<Language, SupportPageWords> = { en, fr, de };
