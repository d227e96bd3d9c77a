/** A small, fixed knowledge base for the engine's unit tests (independent of content/). */
import type { IndexableArticle } from '#search-build/build-index.ts';
import { buildSearchIndex } from '#search-build/build-index.ts';
import { createSearcher, type Searcher } from '#search/engine.ts';

const article = (a: Partial<IndexableArticle> & Pick<IndexableArticle, 'slug' | 'title' | 'summary'>): IndexableArticle => ({
  category: 'general',
  keywords: [],
  tags: [],
  headings: [],
  text: '',
  ...a,
});

export const FIXTURE_ARTICLES: IndexableArticle[] = [
  article({
    slug: 'bulk-upload-users',
    title: 'Bulk upload users from a CSV file',
    summary: 'Create or update many user accounts at once with the upload users tool.',
    keywords: ['csv', 'import users', 'user upload'],
    headings: [
      { depth: 2, text: 'Prepare the file', id: 'prepare' },
      { depth: 2, text: 'Upload it', id: 'upload' },
    ],
    text: 'Save the spreadsheet as CSV with the columns username, firstname, lastname and email. Then go to Site administration > Users > Upload users.',
    contexts: {
      urls: ['/admin/tool/uploaduser/*', '/admin/user/user_bulk.php', '/accounts/*/sis_import'],
      titles: ['Upload users', 'Bulk user actions'],
    },
  }),
  article({
    slug: 'enrolling-users',
    title: 'Enrol users in a course',
    summary: 'Add learners to a course by manual enrolment, self enrolment or cohort sync.',
    keywords: ['enrol', 'add students', 'participants'],
    text: 'Open the course, go to Participants and choose Enrol users. Learners appear in the participants list.',
    contexts: { urls: ['/enrol/users.php*', '/user/index.php*', '/courses/*/users'], titles: ['Participants', 'Enrolled users'] },
  }),
  article({
    slug: 'microsoft-sso',
    title: 'Microsoft single sign-on',
    summary: 'Let people log in with their Microsoft work account.',
    keywords: ['azure ad', 'oauth2', 'sso'],
    text: 'Register an application in the Microsoft portal, then add the OAuth 2 service in the site.',
    contexts: { urls: ['/admin/tool/oauth2/*'], titles: ['OAuth 2 services'] },
  }),
  article({
    slug: 'site-logs',
    title: 'Use the site logs to find who did what',
    summary: 'Filter the logs by user, course and date to see who deleted a resource.',
    keywords: ['audit', 'history', 'who deleted'],
    text: 'Open Reports > Logs. Choose the course and the activity, and look for the deleted event.',
    contexts: { urls: ['/report/log/*'], titles: ['Logs'] },
  }),
  article({
    slug: 'password-reset-admin',
    title: "Reset a user's password as an admin",
    summary: 'Set a new password for an account, or force a password change at next login.',
    keywords: ['forgot password', 'locked out'],
    text: 'Edit the user profile and enter a new password. Learners who forgot their password use the forgotten password link.',
    contexts: { urls: ['/user/editadvanced.php*', '/admin/user/user_bulk.php'], titles: ['Edit profile'] },
  }),
  article({
    slug: 'certificates',
    title: 'Course certificates',
    summary: 'Issue a certificate when a learner completes a course.',
    keywords: ['certificate template', 'completion certificate'],
    text: 'Add the certificate activity to the course and set the completion rules.',
  }),
  article({
    slug: 'gradebook-export',
    title: 'Export grades from the gradebook',
    summary: 'Download the grades of a course as a spreadsheet.',
    keywords: ['grades', 'export'],
    text: 'In the gradebook choose Export and pick Excel spreadsheet or plain text file.',
    contexts: { urls: ['/grade/export/*', '/grade/report/grader/*'], titles: ['Grader report'] },
  }),
  article({
    slug: 'support-hours',
    title: 'Support hours and holidays',
    summary: 'When the support team works, and the days we are closed.',
    keywords: ['opening hours', 'bank holidays'],
    text: 'We work Monday to Friday, 09:00 to 17:00 UK time, except public holidays.',
  }),
  article({
    slug: 'site-branding',
    title: 'Brand your site',
    summary: 'Change the logo, colours and theme of your site.',
    keywords: ['logo', 'colours', 'theme'],
    text: 'Upload a logo under Appearance > Logos and choose the brand colour.',
    contexts: { urls: ['/admin/settings.php?section=logos', '/admin/settings.php?section=themesetting*'], titles: ['Logos'] },
  }),
  article({
    slug: 'uploading-files',
    title: 'Upload files to a course',
    summary: 'Add a file or a folder of documents to a course page.',
    keywords: ['add file', 'pdf', 'resource'],
    text: 'Turn editing on, then drag the file onto the course page, or add a File resource.',
  }),
];

/** A searcher over the fixture, built and loaded exactly as the widget does (through JSON). */
export function fixtureSearcher(articles = FIXTURE_ARTICLES): Searcher {
  return createSearcher(JSON.parse(JSON.stringify(buildSearchIndex(articles))));
}
