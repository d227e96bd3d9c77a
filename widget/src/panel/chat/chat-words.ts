/**
 * The live chat's words in the widget's languages. They live in the chat's chunk (loaded only
 * when a chat starts or comes back), not in ../locales, which every session downloads.
 */

export interface ChatWords {
  /** The dialog's title while the chat is shown. */
  title: string;
  waiting: string;
  answering: (name: string) => string;
  typing: (name: string) => string;
  missed: string;
  ended: string;
  /** When the chat ends or nobody joins: the reference, and that the rest goes by email. */
  followUp: (reference: string) => string;
  connecting: string;
  lost: string;
  notSent: string;
  log: string;
  you: string;
  message: string;
  send: string;
  /** Names a knowledge-base article card an agent sent. */
  article: string;
  sending: string;
  end: string;
  /** What the launcher's badge says to a screen reader. */
  unread: (n: number) => string;
}

export const CHAT_WORDS: Record<string, ChatWords> = {
  en: {
    title: 'Chat with support',
    waiting: 'Waiting for an agent to join…',
    answering: (name) => `${name} is answering`,
    typing: (name) => `${name} is typing…`,
    missed: 'No agent could join in time.',
    ended: 'This chat has ended.',
    followUp: (reference) => `Your reference is ${reference}. We’ll follow up by email.`,
    connecting: 'Connecting…',
    lost: 'The chat connection was lost. We will answer by email.',
    notSent: 'Your message was not sent. Try again.',
    log: 'Conversation',
    you: 'You',
    message: 'Message',
    send: 'Send',
    article: 'Help article',
    sending: 'Sending…',
    end: 'End chat',
    unread: (n) => (n === 1 ? '1 new message from support' : `${n} new messages from support`),
  },
  fr: {
    title: 'Discuter avec le support',
    waiting: 'En attente d’un agent…',
    answering: (name) => `${name} vous répond`,
    typing: (name) => `${name} écrit…`,
    missed: 'Aucun agent n’a pu répondre à temps.',
    ended: 'Ce chat est terminé.',
    followUp: (reference) => `Votre référence est ${reference}. Nous vous répondrons par e-mail.`,
    connecting: 'Connexion…',
    lost: 'La connexion au chat a été perdue. Nous répondrons par e-mail.',
    notSent: 'Votre message n’a pas été envoyé. Réessayez.',
    log: 'Conversation',
    you: 'Vous',
    message: 'Message',
    send: 'Envoyer',
    article: 'Article d’aide',
    sending: 'Envoi…',
    end: 'Terminer le chat',
    unread: (n) => (n === 1 ? '1 nouveau message du support' : `${n} nouveaux messages du support`),
  },
  de: {
    title: 'Chat mit dem Support',
    waiting: 'Warten auf einen Mitarbeiter…',
    answering: (name) => `${name} antwortet Ihnen`,
    typing: (name) => `${name} schreibt…`,
    missed: 'Kein Mitarbeiter konnte rechtzeitig beitreten.',
    ended: 'Dieser Chat ist beendet.',
    followUp: (reference) => `Ihre Referenz ist ${reference}. Wir melden uns per E-Mail.`,
    connecting: 'Verbindung wird hergestellt…',
    lost: 'Die Chat-Verbindung wurde unterbrochen. Wir antworten per E-Mail.',
    notSent: 'Ihre Nachricht wurde nicht gesendet. Versuchen Sie es erneut.',
    log: 'Unterhaltung',
    you: 'Sie',
    message: 'Nachricht',
    send: 'Senden',
    article: 'Hilfeartikel',
    sending: 'Wird gesendet…',
    end: 'Chat beenden',
    unread: (n) => (n === 1 ? '1 neue Nachricht vom Support' : `${n} neue Nachrichten vom Support`),
  },
};
