/** French labels of the widget. */
import type { Messages } from '../i18n.ts';

const fr: Messages = {
  lang: 'fr',
  // The policy's English texts (content/policy.yaml, ticket statuses) in this language, keyed by
  // textKey(English) (see ../i18n.ts; the comment above each is the English text); a text
  // missing here (new or reworded policy) is shown in English, marked lang="en".
  words: {
    // Query
    '17zlk03': 'Question',
    // A question about how to do something in your site, or about your service.
    '186bjlw': 'Une question sur la façon de faire quelque chose dans votre site, ou sur votre service.',
    // What are you trying to do, and where in the site are you stuck?
    s8qe7q: 'Que cherchez-vous à faire, et à quel endroit du site êtes-vous bloqué ?',
    // Request
    '1058hua': 'Demande',
    // A change you want us to make, such as a configuration change or a new plugin.
    '18myucf': 'Une modification que vous souhaitez que nous fassions, comme un changement de configuration ou un nouveau plugin.',
    // What should change, where, and by when? Tell us who approved it if it affects many users.
    '1nuq83i': 'Que faut-il changer, où, et pour quand ? Indiquez qui l’a approuvé si cela concerne beaucoup d’utilisateurs.',
    // What should change
    '10r3foi': 'Ce qui doit changer',
    // Bug
    '1o63aj9': 'Bogue',
    // Something in the platform does not work as documented.
    '10zeazp': 'Quelque chose dans la plateforme ne fonctionne pas comme documenté.',
    // Steps to reproduce: what you did, what you expected, what happened instead (with the exact error message).
    '1b8bs1q': 'Étapes pour reproduire : ce que vous avez fait, ce que vous attendiez, ce qui s’est passé à la place (avec le message d’erreur exact).',
    // Steps to reproduce
    cweixm: 'Étapes pour reproduire',
    // What you expected
    w9h3fo: 'Ce que vous attendiez',
    // Site refresh
    uikja9: 'Actualisation du site',
    // Copy your production site over your staging site so you can test safely.
    '1g2ysqh': 'Copier votre site de production sur votre site de préproduction pour tester sans risque.',
    // Which staging site should we refresh, and when is a good time?
    '16onrhh': 'Quel site de préproduction faut-il actualiser, et à quel moment ?',
    // Staging site URL
    qrrl84: 'URL du site de préproduction',
    // I understand that all data on the staging site will be overwritten
    dt1032: 'Je comprends que toutes les données du site de préproduction seront écrasées',
    // Critical
    '11om8bs': 'Critique',
    // The site is offline or unusable for all users.
    '19ht9hw': 'Le site est hors ligne ou inutilisable pour tous les utilisateurs.',
    // High
    '1gq8xlp': 'Élevée',
    // Multiple users are blocked from a significant task and there is no workaround.
    arqoxw: 'Plusieurs utilisateurs sont bloqués dans une tâche importante et il n’existe aucune solution de contournement.',
    // Medium
    '2pbr86': 'Moyenne',
    // A subset of users is affected, or a task is harder but a workaround exists.
    '1newfjm': 'Une partie des utilisateurs est touchée, ou une tâche est plus difficile mais une solution de contournement existe.',
    // Low
    '1dcndpd': 'Faible',
    // A few users are affected, or you need an investigation, advice or a suggestion.
    wb7135: 'Quelques utilisateurs sont touchés, ou vous avez besoin d’une analyse, d’un conseil ou d’une suggestion.',
    // new
    b9jhu9: 'nouvelle',
    // open
    '1mnbg09': 'ouverte',
    // pending
    '16nqv5o': 'en attente',
    // solved
    '1x6d7b0': 'résolue',
    // closed
    '1tgnc1x': 'fermée',
    // soon
    '1sgxlgy': 'bientôt',
  },
  title: 'Aide',
  close: 'Fermer',
  back: 'Retour',
  searchLabel: 'Rechercher dans les articles d’aide',
  searchPlaceholder: 'Décrivez votre besoin',
  suggested: 'Suggestions pour cette page',
  results: 'Résultats',
  resultCount: (n) => (n === 0 ? 'Aucun article trouvé' : n === 1 ? '1 article trouvé' : `${n} articles trouvés`),
  noResults: (q) => `Aucun résultat pour « ${q} ». Essayez d’autres mots ou contactez le support.`,
  loading: 'Chargement…',
  indexError: 'Les articles n’ont pas pu être chargés. Vous pouvez contacter le support.',
  contact: 'Contacter le support',
  contactLead: 'Vous n’avez pas trouvé la réponse ?',
  myTickets: 'Mes demandes récentes',
  openInKb: 'Ouvrir dans la base de connaissances',
  helpful: 'Cet article vous a-t-il été utile ?',
  yes: 'Oui',
  no: 'Non',
  thanksFeedback: 'Merci pour votre avis.',
  articleError: 'Cet article n’a pas pu être chargé.',
  formTitle: 'Contacter le support',
  typeLegend: 'De quoi avez-vous besoin ?',
  severityLegend: 'Quelle est la gravité ?',
  subject: 'Objet',
  maybeAnswer: 'Ces articles pourraient vous répondre :',
  description: 'Description',
  name: 'Votre nom',
  email: 'Votre e-mail',
  attachments: 'Pièces jointes',
  attachHint: 'Déposez des fichiers ici, collez une capture d’écran ou choisissez des fichiers.',
  remove: (name) => `Retirer ${name}`,
  pageContext: 'Nous joindrons cette page :',
  channelLegend: 'Comment souhaitez-vous être recontacté ?',
  channelEmail: 'Par e-mail',
  channelChat: 'Chat en direct',
  channelPhone: 'Être rappelé',
  chatClosed: (when) => `Le chat est fermé — retour ${when}. Nous répondrons par e-mail.`,
  phoneSuggested: 'Pour un problème critique, nous pouvons vous rappeler.',
  phoneNumber: 'Numéro de téléphone',
  preferredTime: 'Heure préférée pour l’appel',
  send: 'Envoyer',
  sending: 'Envoi…',
  required: 'Veuillez remplir ce champ.',
  invalidEmail: 'Saisissez une adresse comme nom@exemple.com.',
  offline: (s) => `Pas de connexion. Votre message est enregistré sur cet appareil et sera envoyé automatiquement (prochain essai dans ${s} s).`,
  retryNow: 'Réessayer maintenant',
  draftRestored: 'Nous avons restauré le message commencé.',
  discardDraft: 'Recommencer',
  failed: 'Le message n’a pas pu être envoyé :',
  sentTitle: 'Message reçu',
  sentReference: (ref) => `Votre référence est ${ref}.`,
  follow: (ref) => `Suivre ${ref} et répondre`,
  sentDue: (when) => `Nous répondrons avant ${when}.`,
  clockNotRunning: 'Nous sommes fermés ; le délai commence à l’ouverture.',
  noTickets: 'Aucune demande depuis ce navigateur.',
  ticketsError: 'Vos demandes n’ont pas pu être chargées.',
  scopeTitle: 'Bon à savoir',
  readArticle: 'Lire l’article',
  policyError: 'Le formulaire n’a pas pu être chargé. Réessayez dans un instant.',
  pageTitle: 'Titre',
  optional: 'facultatif',
  dropped: (n) => (n === 1 ? '1 fichier n’a pas été ajouté (type ou taille non autorisés).' : `${n} fichiers n’ont pas été ajoutés (type ou taille non autorisés).`),
};

export default fr;
