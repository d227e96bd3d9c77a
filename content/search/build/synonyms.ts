/**
 * The vocabulary layer: the words LMS admins use for the same thing across Moodle, Totara, Canvas,
 * Blackboard and Microsoft. ONE list, used at query time (a query word also looks for its
 * synonyms, slightly discounted) and at index time (an article's keywords are expanded with the
 * members of their `expand` groups, so the index knows "Entra ID" for an article that says "Azure AD").
 *
 * Write phrases as people type them; they go through the same normalisation as everything else.
 * - `same`: interchangeable words (spelling, old/new product names, acronyms). Score 0.9.
 * - `related`: a one-way hint, `from` → `to` ("learner" also looks for "user"). Score 0.55.
 * Keep groups general (LMS vocabulary), never tuned to a single test question.
 *
 * Build time only: buildSearchIndex() puts these lists into the index (`vocabulary`), which is
 * where the engine reads them; the browser never imports this file.
 */
import type { VocabularyData } from '#search/vocabulary.ts';

export interface SynonymGroup {
  same: string[];
  /** Other names of one product or feature: also added to articles' keywords at index time. */
  expand?: boolean;
}
export interface RelatedTerms {
  from: string[];
  to: string[];
}

/**
 * Generic words of help questions: not stop words (they can be all a query has) but weak evidence,
 * so "set up Microsoft SSO" ranks by "Microsoft SSO".
 */
export const WEAK_WORDS = [
  'setup',
  'set',
  'configure',
  'configuring',
  'configuration',
  'config',
  'setting',
  'settings',
  'manage',
  'managing',
  'use',
  'using',
  'way',
  'see',
  'show',
  'look',
  'know',
  'able',
  'possible',
  'question',
  'issue',
  'issues',
  'problem',
  'ask',
  'tell',
  'example',
  'work',
  'working',
  'page',
  'option',
  'options',
  'thing',
  'stuff',
  'lms',
  'platform',
  'system',
  'portal',
  'instance',
  'moodle',
  'totara',
  'kestrel',
  'quickly',
  'today',
  'morning',
  'day',
  'days',
];

/**
 * Words that say something is wrong but not what: on an LMS page, "error" or "it doesn't work"
 * means "trouble with this page", so the page's own articles (its troubleshooting) come first.
 */
export const TROUBLE_WORDS = [
  'error',
  'errors',
  'broken',
  'broke',
  'break',
  'breaks',
  'problem',
  'problems',
  'issue',
  'issues',
  'fault',
  'faulty',
  'fail',
  'fails',
  'failed',
  'failing',
  'failure',
  'stuck',
  'wrong',
  'crash',
  'crashed',
  'crashing',
  'bug',
  'bugs',
  'buggy',
  'glitch',
  'work',
  'works',
  'working',
  'trouble',
  'troubleshoot',
  'troubleshooting',
  'weird',
  'strange',
  'odd',
  'unable',
  'happening',
  'happened',
  'message',
  'showing',
  'shows',
  'load',
  'loading',
  'blank',
  'missing',
  'anymore',
];

/**
 * "Who did X" questions are answered by the logs, whatever X is ("who removed the quiz from my
 * course"): `lead` followed (after `minGap` to `gap` content words) by a verb in the past tense makes
 * the query's intent the `to` phrase, and its other words count less. "What a teacher changed" asks
 * the logs; "what changed in the upgrade" does not.
 */
export const INTENTS: Array<{ lead: string; minGap?: number; gap: number; verbs: RegExp; to: string }> = [
  {
    lead: 'who',
    gap: 2,
    verbs: /^(?:\w{3,}ed|did|made|took|hid|broke|wrote|sent|gave|ran|undid|overwrote|uploaded|unenrolled)$/,
    to: 'log',
  },
  { lead: 'what', minGap: 1, gap: 3, verbs: /^(?:changed|edited|modified|deleted|removed|did)$/, to: 'log' },
];

export const SYNONYMS: SynonymGroup[] = [
  // Identity and sign-in
  { same: ['single sign on', 'sso', 'single signon', 'signon'], expand: true },
  {
    same: [
      'azure ad',
      'azure active directory',
      'entra',
      'entra id',
      'microsoft entra',
      'office 365',
      'o365',
      'microsoft 365',
      'm365',
      'aad',
    ],
    expand: true,
  },
  { same: ['google workspace', 'g suite', 'gsuite', 'google apps', 'google account'], expand: true },
  { same: ['log in', 'login', 'logon', 'log on', 'sign in', 'signin'], expand: true },
  { same: ['log out', 'logout', 'sign out', 'signout'], expand: true },
  { same: ['password', 'passcode', 'passwd', 'pwd'] },
  { same: ['two factor', '2fa', 'mfa', 'multi factor', 'two step'], expand: true },
  { same: ['username', 'user name', 'login name'], expand: true },
  { same: ['email', 'e mail', 'mail'] },
  { same: ['saml', 'saml2', 'shibboleth'], expand: true },
  { same: ['oauth', 'oauth2', 'openid', 'oidc', 'openid connect'], expand: true },
  { same: ['ldap', 'active directory'], expand: true },

  // People
  { same: ['learner', 'student', 'trainee', 'pupil', 'participant', 'end user', 'enduser', 'delegate'], expand: true },
  { same: ['teacher', 'tutor', 'instructor', 'trainer', 'lecturer', 'facilitator', 'course creator'], expand: true },
  { same: ['admin', 'administrator', 'site admin', 'lms admin'] },
  { same: ['cohort', 'audience', 'user group', 'system group'], expand: true },

  // Enrolment and users
  { same: ['enrol', 'enrolment', 'enroll', 'enrollment', 'register on a course'], expand: true },
  { same: ['unenrol', 'unenroll', 'unenrolment', 'remove from course'], expand: true },
  {
    same: [
      'bulk',
      'mass',
      'batch',
      'in bulk',
      'many users at once',
      'lots of',
      'at once',
      'all at once',
      'en masse',
      'hundreds of',
      'thousands of',
    ],
  },
  { same: ['user account', 'user profile', 'account'] },

  // Courses, grades, content
  { same: ['gradebook', 'grade book', 'grade centre', 'grade center', 'grader report', 'markbook', 'mark book'], expand: true },
  { same: ['course shell', 'empty course', 'blank course', 'new course'], expand: true },
  { same: ['course category', 'sub account', 'subaccount'] },
  { same: ['quiz', 'test', 'exam', 'assessment'] },
  { same: ['assignment', 'submission', 'dropbox', 'homework'] },
  { same: ['certificate', 'certification', 'cert', 'completion certificate'], expand: true },
  { same: ['badge', 'open badge', 'digital badge'] },
  { same: ['file', 'document', 'attachment'] },
  { same: ['file type', 'file format', 'file extension', 'mime type'] },
  { same: ['scorm', 'xapi', 'tin can', 'h5p', 'scorm package'], expand: true },
  { same: ['csv', 'spreadsheet', 'comma separated', 'csv file'] },
  { same: ['excel', 'xls', 'xlsx', 'microsoft excel'] },

  // Site administration
  { same: ['site', 'lms', 'platform', 'portal', 'instance', 'moodle', 'totara', 'kestrel lms'] },
  {
    same: [
      'log',
      'logs',
      'audit trail',
      'audit log',
      'event log',
      'activity log',
      'logstore',
      'who deleted',
      'who removed',
      'who changed',
      'who edited',
      'who did',
      'see who',
      'find out who',
    ],
  },
  { same: ['branding', 'logo', 'theme', 'look and feel', 'colours', 'appearance', 'brand'] },
  {
    same: ['staging', 'staging site', 'test site', 'sandbox', 'uat', 'dev site', 'development site', 'preprod', 'pre production'],
    expand: true,
  },
  { same: ['refresh', 'copy production', 'clone', 'resync', 'overwrite staging'] },
  {
    same: [
      'multi site',
      'multisite',
      'multi tenant',
      'multitenant',
      'multi tenancy',
      'tenant',
      'segment',
      'sub site',
      'subsite',
      'multiple sites',
    ],
    expand: true,
  },
  { same: ['mobile app', 'mobile', 'app', 'phone app', 'ios', 'android', 'tablet'], expand: true },
  { same: ['id', 'identifier', 'id number', 'idnumber'], expand: true },
  {
    same: ['custom report', 'sql report', 'ad hoc report', 'adhoc report', 'configurable report', 'report builder', 'ad hoc query'],
    expand: true,
  },
  { same: ['sql', 'database query', 'query the database'] },
  { same: ['api', 'web service', 'web services', 'webservice', 'rest api', 'api token', 'web service token'], expand: true },
  {
    same: [
      'offline',
      'down',
      'outage',
      'not loading',
      'unavailable',
      'unreachable',
      'site down',
      'wont load',
      '500 error',
      '503',
      'cannot access',
      'cant access',
      'can not access',
      'unable to access',
      'nobody can access',
      'no one can access',
      'nobody can log in',
      'no one can log in',
      'cannot reach',
      'cant reach',
    ],
  },
  { same: ['maintenance mode', 'maintenance', 'scheduled downtime'] },
  { same: ['widget', 'help button', 'help widget', 'support widget', 'snippet', 'script tag'], expand: true },
  { same: ['embed', 'install', 'add to page', 'put on'] },
  { same: ['privacy', 'gdpr', 'data protection', 'personal data', 'dpa', 'data processing'], expand: true },
  { same: ['plugin', 'plug in', 'add on', 'addon', 'extension module'], expand: true },

  // Support service
  { same: ['ticket', 'case', 'support request', 'support ticket', 'support case', 'incident'] },
  {
    same: [
      'raise a ticket',
      'open a ticket',
      'log a ticket',
      'submit a ticket',
      'create a ticket',
      'open a case',
      'raise a case',
      'new ticket',
    ],
  },
  { same: ['authorised contact', 'authorized contact', 'support contact', 'named contact', 'nominated contact'], expand: true },
  { same: ['billable', 'chargeable', 'charged for', 'paid for', 'free of charge', 'costs extra', 'extra cost'] },
  { same: ['limit', 'maximum', 'max', 'quota', 'size limit', 'upper limit'] },
  { same: ['severity', 'priority level', 'urgency', 'how urgent', 'impact', 'p1', 'p2', 'p3', 'p4'] },
  { same: ['reply', 'answer', 'respond', 'get back to', 'heard back'] },
  {
    same: [
      'opening hours',
      'opening times',
      'office hours',
      'business hours',
      'working hours',
      'support hours',
      'hours of operation',
      'when open',
    ],
  },
  { same: ['helpdesk', 'servicedesk', 'support desk', 'support team'] },
  { same: ['holiday', 'bank holiday', 'public holiday', 'christmas', 'easter', 'closure'] },
  { same: ['phone', 'call', 'telephone', 'callback', 'call back', 'ring'] },
  { same: ['live chat', 'chat', 'instant message', 'messaging'] },
  { same: ['escalate', 'escalation', 'complaint', 'complain', 'unhappy', 'not satisfied', 'dissatisfied'] },
  { same: ['bug', 'defect', 'fault', 'glitch', 'broken', 'not working', 'error message'] },
  { same: ['feature request', 'enhancement', 'suggestion', 'idea', 'wishlist', 'roadmap', 'new feature'], expand: true },
  { same: ['training', 'onboarding', 'one to one', '1 1', '1:1', 'walkthrough', 'induction', 'coaching'] },
  { same: ['budget', 'prepaid hours', 'pre purchased time', 'support hours bank', 'time bank', 'balance'] },
  { same: ['cost', 'price', 'pricing', 'charge', 'fee', 'rate', 'billing', 'invoice', 'how much'] },
  { same: ['consultancy', 'professional services', 'paid work', 'bespoke work'] },
  { same: ['priority support', 'premium support', 'dedicated support', 'account manager', 'vip support'], expand: true },
  { same: ['third party', '3rd party', 'external tool', 'external system', 'vendor'] },
  {
    same: [
      'scope',
      'what support covers',
      'what is included',
      'out of scope',
      'in scope',
      'on our behalf',
      'on my behalf',
      'for us',
      'do it for us',
    ],
  },
];

export const RELATED: RelatedTerms[] = [
  { from: ['learner', 'student', 'end user', 'participant'], to: ['user'] },
  { from: ['teacher', 'tutor', 'instructor', 'trainer'], to: ['user', 'role'] },
  { from: ['add', 'create', 'import'], to: ['upload', 'new'] },
  { from: ['upload'], to: ['import', 'add'] },
  { from: ['delete', 'remove', 'erase'], to: ['deleted', 'removed'] },
  { from: ['vanished', 'disappeared', 'missing', 'gone', 'lost'], to: ['deleted', 'log', 'restore', 'recycle bin'] },
  {
    from: ['no reply', 'no answer', 'no response', 'not answered', 'not been answered', 'still waiting', 'waiting for days', 'ignored'],
    to: ['escalation', 'ticket status'],
  },
  { from: ['attach', 'put'], to: ['upload', 'add'] },
  { from: ['who'], to: ['log'] },
  { from: ['grades', 'marks', 'scores'], to: ['gradebook'] },
  { from: ['course'], to: ['module', 'class', 'programme'] },
  { from: ['module', 'class', 'unit', 'programme', 'program'], to: ['course'] },
  { from: ['forgot', 'forgotten', 'lost', 'locked out'], to: ['reset', 'password'] },
  { from: ['reset'], to: ['change', 'password'] },
  { from: ['microsoft', 'outlook', 'teams', 'sharepoint', 'onedrive'], to: ['azure ad', 'office 365'] },
  { from: ['sso', 'single sign on'], to: ['saml', 'oauth', 'login'] },
  { from: ['integration', 'integrate', 'connect', 'connector'], to: ['api', 'third party', 'plugin'] },
  { from: ['urgent', 'critical', 'emergency', 'asap'], to: ['severity', 's1', 'phone', 'priority support'] },
  { from: ['contact', 'reach', 'speak to', 'talk to', 'get in touch'], to: ['support channels', 'phone', 'email', 'live chat'] },
  { from: ['pay', 'paid', 'billable', 'chargeable'], to: ['cost', 'budget', 'rate'] },
  { from: ['report'], to: ['reports'] },
  { from: ['canvas', 'blackboard', 'brightspace', 'd2l'], to: ['lms', 'migration'] },
  { from: ['people', 'members', 'roster', 'class list'], to: ['participants', 'user', 'enrol'] },
  { from: ['sections'], to: ['groups'] },
  { from: ['groups'], to: ['cohort', 'segment'] },
  { from: ['department', 'branch', 'region', 'organisation', 'company', 'client'], to: ['segment', 'multi tenant', 'tenant'] },
  { from: ['look', 'colour', 'color', 'style', 'css'], to: ['branding', 'theme'] },
  { from: ['outage', 'down', 'offline', 'crash'], to: ['status', 'severity'] },
  { from: ['legal', 'lawyer', 'contract', 'terms'], to: ['privacy', 'scope'] },
  { from: ['tutorial', 'guide', 'documentation', 'docs', 'manual', 'how to'], to: ['training', 'knowledge base'] },
  { from: ['password'], to: ['reset', 'login'] },
  { from: ['open', 'closed', 'available', 'availability'], to: ['opening hours', 'holiday'] },
  { from: ['helpdesk', 'servicedesk'], to: ['support'] },
  { from: ['hours'], to: ['opening hours', 'budget'] },
  {
    from: ['pdf', 'docx', 'doc', 'pptx', 'ppt', 'png', 'jpg', 'jpeg', 'gif', 'mp4', 'svg', 'odt', 'txt', 'rtf', 'zip'],
    to: ['file type', 'upload'],
  },
];

/** All of the above as vocabulary data; `expand` groups are marked with a leading "+". */
export const VOCABULARY: VocabularyData = {
  same: SYNONYMS.map((g) => (g.expand ? '+' : '') + g.same.join('|')),
  related: RELATED.map((r) => `${r.from.join('|')}>${r.to.join('|')}`),
  weak: WEAK_WORDS.join(' '),
  trouble: TROUBLE_WORDS.join(' '),
  intents: INTENTS.map((i) => ({ ...i, verbs: i.verbs.source })),
};
