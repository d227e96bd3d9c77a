/**
 * The words of "Ask to escalate" in "My recent tickets", in the widget's languages. They live in
 * the recent-tickets chunk (imported only by it), not in ./locales: every session loads its
 * language file, few ever open this view. The level's role comes from the policy, in English.
 */
import { html, type TemplateResult } from 'lit/html.js';

export interface EscalationWords {
  ask: string;
  reason: string;
  complaint: string;
  send: string;
  sending: string;
  done: (reference: string, role: TemplateResult | string) => TemplateResult;
  limited: (when: string) => string;
  closed: string;
  failed: string;
  /** The link to the client portal, for a known contact. */
  portal: string;
}

export const ESCALATION_WORDS: Record<string, EscalationWords> = {
  en: {
    ask: 'Ask to escalate',
    reason: 'Why does it need escalating?',
    complaint: 'This is a formal complaint',
    send: 'Send the request',
    sending: 'Sending…',
    done: (reference, role) => html`${reference} is escalated: our ${role} owns it now.`,
    limited: (when) => `Already escalated today. You can ask again from ${when}.`,
    closed: 'This ticket is solved or closed. Reply to it to open it again.',
    failed: 'The request could not be sent. Try again.',
    portal: 'All your tickets in the client portal',
  },
  fr: {
    ask: 'Demander une escalade',
    reason: 'Pourquoi faut-il l’escalader ?',
    complaint: 'Il s’agit d’une réclamation formelle',
    send: 'Envoyer la demande',
    sending: 'Envoi…',
    done: (reference, role) => html`${reference} est escaladée : notre ${role} en est désormais responsable.`,
    limited: (when) => `Déjà escaladée aujourd’hui. Vous pourrez redemander à partir de ${when}.`,
    closed: 'Cette demande est résolue ou fermée. Répondez-y pour la rouvrir.',
    failed: 'La demande n’a pas pu être envoyée. Réessayez.',
    portal: 'Toutes vos demandes dans le portail client',
  },
  de: {
    ask: 'Eskalation anfordern',
    reason: 'Warum muss das Ticket eskaliert werden?',
    complaint: 'Dies ist eine formelle Beschwerde',
    send: 'Anfrage senden',
    sending: 'Wird gesendet…',
    done: (reference, role) => html`${reference} ist eskaliert: Zuständig ist jetzt unser ${role}.`,
    limited: (when) => `Heute bereits eskaliert. Sie können ab ${when} erneut fragen.`,
    closed: 'Dieses Ticket ist gelöst oder geschlossen. Antworten Sie darauf, um es wieder zu öffnen.',
    failed: 'Die Anfrage konnte nicht gesendet werden. Bitte erneut versuchen.',
    portal: 'Alle Ihre Anfragen im Kundenportal',
  },
};
