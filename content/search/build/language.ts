/**
 * The language tables of the search normalisation (normalize.ts): two-word spellings joined into
 * one word, stop words, spelling variants. Build time only: buildSearchIndex() loads them with
 * useLanguage() and ships them in the index (`language`), from which createSearcher() loads them
 * in the browser; so the engine's code carries no word lists.
 */
import type { LanguageData } from '#search/normalize.ts';

/**
 * Two-word spellings of one thing, joined before anything else so "log in", "logging in" and
 * "login" meet, and "log in" never looks like the site "logs". Key: stemmed first word + second word.
 */
const JOINS: Record<string, string> = {
  'log in': 'login',
  'log on': 'login',
  'sign in': 'login',
  'sign on': 'signon',
  'log out': 'logout',
  'log off': 'logout',
  'sign out': 'logout',
  'e mail': 'email',
  'plug in': 'plugin',
  'plug ins': 'plugin',
  'add on': 'addon',
  'add ons': 'addon',
  'set up': 'setup',
  'user name': 'username',
  'grade book': 'gradebook',
  'mark book': 'markbook',
  'multi site': 'multisite',
  'multi sites': 'multisite',
  'sub site': 'subsite',
  'sub sites': 'subsite',
  'multi tenant': 'multitenant',
  'multi tenancy': 'multitenancy',
  'sub account': 'subaccount',
  'back up': 'backup',
  'back ups': 'backup',
  'time zone': 'timezone',
  'down time': 'downtime',
  'home page': 'homepage',
  'work around': 'workaround',
  'drop down': 'dropdown',
  'pop up': 'popup',
  'id number': 'idnumber',
  'web service': 'webservice',
  'web services': 'webservice',
  'on boarding': 'onboarding',
  'top up': 'topup',
  'top ups': 'topup',
  'help desk': 'helpdesk',
  'service desk': 'servicedesk',
  'end user': 'enduser',
  'end users': 'enduser',
  'call back': 'callback',
  'e learning': 'elearning',
};

/**
 * Words that carry no meaning in a help question. Phrases that need one ("log in", "sign on")
 * are joined by tokenize() before stop words are dropped.
 */
const STOP_WORDS =
  'a an the and or but if then so of to in on at by for from with without into onto about as ' +
  'is are was were be been being am do does did done doing have has had having ' +
  'i me my mine we us our ours you your yours he she it its they them their this that these those ' +
  'what which who whom whose when where why how there here ' +
  'can could should would will shall may might must ' +
  'one not no nor dont doesnt didnt cant cannot wont isnt arent ' +
  'please help want need needs trying try tried get getting got also just any some all each every like would ' +
  'very too than more most much many such only own same other ' +
  'up out over under again further once nobody someone somebody anyone anybody everyone everybody anything something thing things ' +
  'im ive s t';

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

export const LANGUAGE: LanguageData = {
  joins: JOINS,
  stopWords: [...new Set(STOP_WORDS.trim().split(/\s+/))].join(' '),
  spelling: SPELLING,
};
