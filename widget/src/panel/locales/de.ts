/** German labels of the widget. */
import type { Messages } from '../i18n.ts';

const de: Messages = {
  lang: 'de',
  // The policy's English texts (content/policy.yaml, ticket statuses) in this language, keyed by
  // textKey(English) (see ../i18n.ts; the comment above each is the English text); a text
  // missing here (new or reworded policy) is shown in English, marked lang="en".
  words: {
    // Query
    '17zlk03': 'Frage',
    // A question about how to do something in your site, or about your service.
    '186bjlw': 'Eine Frage, wie man etwas auf Ihrer Website erledigt, oder zu Ihrem Service.',
    // What are you trying to do, and where in the site are you stuck?
    s8qe7q: 'Was möchten Sie tun, und an welcher Stelle der Website kommen Sie nicht weiter?',
    // Request
    '1058hua': 'Anfrage',
    // A change you want us to make, such as a configuration change or a new plugin.
    '18myucf': 'Eine Änderung, die wir vornehmen sollen, etwa eine Konfigurationsänderung oder ein neues Plugin.',
    // What should change, where, and by when? Tell us who approved it if it affects many users.
    '1nuq83i': 'Was soll sich wo und bis wann ändern? Nennen Sie uns, wer es genehmigt hat, wenn es viele Nutzer betrifft.',
    // What should change
    '10r3foi': 'Was sich ändern soll',
    // Bug
    '1o63aj9': 'Fehler',
    // Something in the platform does not work as documented.
    '10zeazp': 'Etwas in der Plattform funktioniert nicht wie dokumentiert.',
    // Steps to reproduce: what you did, what you expected, what happened instead (with the exact error message).
    '1b8bs1q': 'Schritte zum Nachvollziehen: was Sie getan haben, was Sie erwartet haben, was stattdessen geschah (mit der genauen Fehlermeldung).',
    // Steps to reproduce
    cweixm: 'Schritte zum Nachvollziehen',
    // What you expected
    w9h3fo: 'Was Sie erwartet haben',
    // Site refresh
    uikja9: 'Website-Aktualisierung',
    // Copy your production site over your staging site so you can test safely.
    '1g2ysqh': 'Ihre Produktivseite auf Ihre Testseite kopieren, damit Sie gefahrlos testen können.',
    // Which staging site should we refresh, and when is a good time?
    '16onrhh': 'Welche Testseite sollen wir aktualisieren, und wann passt es Ihnen?',
    // Staging site URL
    qrrl84: 'URL der Testseite',
    // I understand that all data on the staging site will be overwritten
    dt1032: 'Mir ist bewusst, dass alle Daten auf der Testseite überschrieben werden',
    // Critical
    '11om8bs': 'Kritisch',
    // The site is offline or unusable for all users.
    '19ht9hw': 'Die Website ist offline oder für alle Nutzer unbenutzbar.',
    // High
    '1gq8xlp': 'Hoch',
    // Multiple users are blocked from a significant task and there is no workaround.
    arqoxw: 'Mehrere Nutzer können eine wichtige Aufgabe nicht erledigen, und es gibt keine Umgehungslösung.',
    // Medium
    '2pbr86': 'Mittel',
    // A subset of users is affected, or a task is harder but a workaround exists.
    '1newfjm': 'Ein Teil der Nutzer ist betroffen, oder eine Aufgabe ist erschwert, aber es gibt eine Umgehungslösung.',
    // Low
    '1dcndpd': 'Niedrig',
    // A few users are affected, or you need an investigation, advice or a suggestion.
    wb7135: 'Wenige Nutzer sind betroffen, oder Sie brauchen eine Untersuchung, einen Rat oder einen Vorschlag.',
    // new
    b9jhu9: 'neu',
    // open
    '1mnbg09': 'offen',
    // pending
    '16nqv5o': 'wartend',
    // solved
    '1x6d7b0': 'gelöst',
    // closed
    '1tgnc1x': 'geschlossen',
    // soon
    '1sgxlgy': 'bald',
  },
  title: 'Hilfe',
  close: 'Schließen',
  back: 'Zurück',
  searchLabel: 'Hilfeartikel durchsuchen',
  searchPlaceholder: 'Beschreiben Sie Ihr Anliegen',
  suggested: 'Vorschläge für diese Seite',
  results: 'Ergebnisse',
  resultCount: (n) => (n === 0 ? 'Keine Artikel gefunden' : n === 1 ? '1 Artikel gefunden' : `${n} Artikel gefunden`),
  noResults: (q) => `Keine Treffer für „${q}“. Versuchen Sie andere Wörter oder kontaktieren Sie den Support.`,
  loading: 'Wird geladen…',
  indexError: 'Die Artikel konnten nicht geladen werden. Sie können den Support kontaktieren.',
  contact: 'Support kontaktieren',
  contactLead: 'Keine Antwort gefunden?',
  myTickets: 'Meine letzten Anfragen',
  openInKb: 'In der Wissensdatenbank öffnen',
  helpful: 'War dieser Artikel nützlich?',
  yes: 'Ja',
  no: 'Nein',
  thanksFeedback: 'Danke für Ihre Rückmeldung.',
  articleError: 'Dieser Artikel konnte nicht geladen werden.',
  formTitle: 'Support kontaktieren',
  typeLegend: 'Was brauchen Sie?',
  severityLegend: 'Wie dringend ist es?',
  subject: 'Betreff',
  maybeAnswer: 'Diese Artikel könnten helfen:',
  description: 'Beschreibung',
  name: 'Ihr Name',
  email: 'Ihre E-Mail-Adresse',
  attachments: 'Anhänge',
  attachHint: 'Dateien hier ablegen, einen Screenshot einfügen oder Dateien auswählen.',
  remove: (name) => `${name} entfernen`,
  pageContext: 'Wir senden diese Seite mit:',
  channelLegend: 'Wie sollen wir antworten?',
  channelEmail: 'Per E-Mail',
  channelChat: 'Live-Chat',
  channelPhone: 'Rückruf',
  chatClosed: (when) => `Der Chat ist geschlossen — wieder ${when}. Wir antworten per E-Mail.`,
  phoneSuggested: 'Bei einem kritischen Problem rufen wir Sie zurück.',
  phoneNumber: 'Telefonnummer',
  preferredTime: 'Bevorzugte Zeit für den Anruf',
  send: 'Senden',
  sending: 'Wird gesendet…',
  required: 'Bitte füllen Sie dieses Feld aus.',
  invalidEmail: 'Geben Sie eine Adresse wie name@beispiel.de ein.',
  offline: (s) => `Keine Verbindung. Ihre Nachricht ist auf diesem Gerät gespeichert und wird automatisch gesendet (nächster Versuch in ${s} s).`,
  retryNow: 'Jetzt erneut versuchen',
  draftRestored: 'Ihre begonnene Nachricht wurde wiederhergestellt.',
  discardDraft: 'Neu beginnen',
  failed: 'Die Nachricht konnte nicht gesendet werden:',
  sentTitle: 'Nachricht erhalten',
  sentReference: (ref) => `Ihre Referenz ist ${ref}.`,
  follow: (ref) => `${ref} verfolgen und antworten`,
  sentDue: (when) => `Wir antworten bis ${when}.`,
  clockNotRunning: 'Wir sind gerade geschlossen; die Frist beginnt, wenn wir öffnen.',
  noTickets: 'Von diesem Browser gibt es noch keine Anfragen.',
  ticketsError: 'Ihre Anfragen konnten nicht geladen werden.',
  scopeTitle: 'Gut zu wissen',
  readArticle: 'Artikel lesen',
  policyError: 'Das Formular konnte nicht geladen werden. Bitte versuchen Sie es gleich noch einmal.',
  pageTitle: 'Titel',
  optional: 'optional',
  dropped: (n) => (n === 1 ? '1 Datei wurde nicht hinzugefügt (Typ oder Größe nicht erlaubt).' : `${n} Dateien wurden nicht hinzugefügt (Typ oder Größe nicht erlaubt).`),
};

export default de;
