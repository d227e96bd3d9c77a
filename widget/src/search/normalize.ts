/**
 * Text normalisation shared by the index builder and the query side, so both see the same terms:
 * case and accent folding, punctuation, possessives, stop words and a light English stemmer.
 * Browser-safe: no node: imports.
 */

/** Lower-case, strip accents (NFKD + combining marks) and fold typographic quotes. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .toLowerCase();
}

/** A word of the source text with its position, for highlighting. */
export interface WordSpan {
  /** Folded word, possessive removed. */
  word: string;
  /** Inclusive start and end offsets in the original text. */
  start: number;
  end: number;
}

const NON_ASCII = /[^\x00-\x7f]/;

// Letters, digits; an inner apostrophe is kept here and resolved below (user's, don't).
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

/**
 * Words of `text` with offsets into the ORIGINAL string. Folding is done per match so offsets stay
 * valid (NFKD can change lengths; we only fold the matched word, never the whole text).
 */
export function words(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  // Work on the original string: \p{L} already matches accented letters.
  const source = text.replace(/[\u2018\u2019\u02bc]/g, "'");
  for (const m of source.matchAll(WORD)) {
    // Most words are ASCII: skip Unicode normalisation for them.
    let word = NON_ASCII.test(m[0]) ? foldText(m[0]) : m[0].toLowerCase();
    // Possessives and contractions: "user's" → "user", "don't" → "dont" (a stop word).
    if (word.endsWith("'s")) word = word.slice(0, -2);
    else word = word.replace(/'/g, '');
    if (!word) continue;
    out.push({ word, start: m.index, end: m.index + m[0].length - 1 });
  }
  return out;
}

/**
 * Two-word spellings of one thing, joined before anything else so "log in", "logging in" and
 * "login" meet, and "log in" never looks like the site "logs". Key: stemmed first word + second word.
 */
const JOINS: Record<string, string> = {
  'log in': 'login', 'log on': 'login', 'sign in': 'login', 'sign on': 'signon',
  'log out': 'logout', 'log off': 'logout', 'sign out': 'logout',
  'e mail': 'email', 'plug in': 'plugin', 'plug ins': 'plugin', 'add on': 'addon', 'add ons': 'addon',
  'set up': 'setup', 'user name': 'username', 'grade book': 'gradebook', 'mark book': 'markbook',
  'multi site': 'multisite', 'multi sites': 'multisite', 'sub site': 'subsite', 'sub sites': 'subsite',
  'multi tenant': 'multitenant', 'multi tenancy': 'multitenancy', 'sub account': 'subaccount',
  'back up': 'backup', 'back ups': 'backup', 'time zone': 'timezone', 'down time': 'downtime',
  'home page': 'homepage', 'work around': 'workaround', 'drop down': 'dropdown', 'pop up': 'popup',
  'id number': 'idnumber', 'web service': 'webservice', 'web services': 'webservice', 'on boarding': 'onboarding',
  'top up': 'topup', 'top ups': 'topup', 'help desk': 'helpdesk', 'service desk': 'servicedesk',
  'end user': 'enduser', 'end users': 'enduser', 'call back': 'callback', 'e learning': 'elearning',
};

const JOIN_SECOND = new Set(Object.keys(JOINS).map((k) => k.split(' ')[1]));

/** Words with the two-word spellings of JOINS merged (the merged span covers both words). */
export function tokenize(text: string): WordSpan[] {
  const list = words(text);
  const out: WordSpan[] = [];
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    const b = list[i + 1];
    const joined = b && JOIN_SECOND.has(b.word) ? JOINS[`${a.word} ${b.word}`] ?? JOINS[`${stem(a.word)} ${b.word}`] : undefined;
    if (joined) {
      out.push({ word: joined, start: a.start, end: b.end });
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * Words that carry no meaning in a help question. Phrases that need one ("log in", "sign on")
 * are joined by tokenize() before stop words are dropped.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ('a an the and or but if then so of to in on at by for from with without into onto about as ' +
    'is are was were be been being am do does did done doing have has had having ' +
    'i me my mine we us our ours you your yours he she it its they them their this that these those ' +
    'what which who whom whose when where why how there here ' +
    'can could should would will shall may might must ' +
    'one not no nor dont doesnt didnt cant cannot wont isnt arent ' +
    'please help want need needs trying try tried get getting got also just any some all each every like would ' +
    'very too than more most much many such only own same other ' +
    'up out over under again further once nobody someone somebody anyone anybody everyone everybody anything something thing things ' +
    'im ive s t').split(/\s+/).filter(Boolean),
);

const VOWEL = /[aeiouy]/;

function undouble(w: string): string {
  const n = w.length;
  if (n >= 3 && w[n - 1] === w[n - 2] && !/[lsz]/.test(w[n - 1]) && !VOWEL.test(w[n - 1])) return w.slice(0, -1);
  return w;
}

/**
 * A light, deterministic English stemmer: plurals, -ing, -ed and a final -e, so that
 * "courses", "course"; "creating", "created", "create"; "uploads", "uploaded" meet.
 * Deliberately conservative (no suffix stripping beyond these) so stems stay readable.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) {
    // Short plurals of acronyms and ids: "ids" → "id", "urls" → "url".
    if (w.length === 3 && w.endsWith('s') && !/[su]s$/.test(w) && !/\d/.test(w)) return w.slice(0, -1);
    return w;
  }
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);

  if (w.endsWith('ing') && w.length >= 6 && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && !w.endsWith('eed') && w.length >= 5 && VOWEL.test(w.slice(0, -2))) w = undouble(w.slice(0, -2));

  if (w.length > 4 && w.endsWith('e') && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

/** Spelling variants folded to one form after stemming (UK/US and common compounds). */
const SPELLING: Record<string, string> = {
  enroll: 'enrol',
  enrollment: 'enrolment',
  unenroll: 'unenrol',
  unenrollment: 'unenrolment',
  center: 'centre',
  catalog: 'catalogu',
  catalogu: 'catalogu',
  licens: 'licenc',
  organization: 'organisation',
  organiz: 'organis',
  customiz: 'customis',
  authoriz: 'authoris',
  authorization: 'authorisation',
  behavior: 'behaviour',
  color: 'colour',
  favorit: 'favourit',
  analyz: 'analys',
  recogniz: 'recognis',
  synchroniz: 'synchronis',
  optimiz: 'optimis',
  personaliz: 'personalis',
  cancell: 'cancel',
  travell: 'travel',
  labell: 'label',
  modell: 'model',
};

/** One word → its index term: stem, then fold spelling variants. */
export function termOf(word: string): string {
  let t = termCache.get(word);
  if (t === undefined) {
    const s = stem(word);
    t = SPELLING[s] ?? s;
    if (termCache.size > 50_000) termCache.clear();
    termCache.set(word, t);
  }
  return t;
}
const termCache = new Map<string, string>();

/** Words of a text as index terms, stop words removed (used for fields and queries alike). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const { word } of tokenize(text)) {
    if (STOP_WORDS.has(word)) continue;
    out.push(termOf(word));
  }
  return out;
}
