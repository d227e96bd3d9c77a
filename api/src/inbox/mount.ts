/**
 * Mounts the escalation channels on the app: agents and admin, the inbox API and UI, chat,
 * inbound mail, and the requester status page. Called once from createApp (app.ts).
 */
import path from 'node:path';
import type { Hono } from 'hono';
import { appShell } from '../http/app-shell.ts';
import { ROOT_DIR, type Config } from '../config.ts';
import type { AppEnv } from '../http/env.ts';
import { agentRoutes } from '../agents/routes.ts';
import { chatRoutes } from '../chat/routes.ts';
import { inboundMailRoutes } from '../mail/inbound.ts';
import { statusPageRoutes } from '../mail/status-page.ts';
import { satisfactionPageRoutes } from '../satisfaction/page.ts';
import { inboxRoutes } from './routes.ts';
import { savedReplyRoutes } from './saved-reply-routes.ts';
import { bulkRoutes, presenceRoutes } from './collaboration-routes.ts';
import { articleFeedbackRoutes } from '../articles/routes.ts';
import { articleSearchRoutes } from '../articles/search-routes.ts';

/** Where `npm run build:inbox` writes the inbox UI, whose sources are ui/ beside this file. */
export const INBOX_DIST = path.join(ROOT_DIR, 'api', 'src', 'inbox', 'ui', 'dist');

export function mountEscalation(app: Hono<AppEnv>, config: Config): void {
  const { agents, admin } = agentRoutes();
  app.route('/api/agents', agents);
  app.route('/api/admin', admin);
  app.route('/api/inbox/article-feedback', articleFeedbackRoutes()); // agents: "Fix this article"
  app.route('/api/inbox/articles', articleSearchRoutes()); // agents: the knowledge base from the reply box
  app.route('/api/inbox/saved-replies', savedReplyRoutes()); // agents: shared and personal saved replies
  app.route('/api/inbox/presence', presenceRoutes()); // who is on which ticket
  app.route('/api/inbox/tickets/bulk', bulkRoutes()); // one change to many tickets
  app.route('/api/inbox', inboxRoutes());
  app.route('/api/chat', chatRoutes(config));
  app.route('/api/mail', inboundMailRoutes());
  app.route('/tickets', statusPageRoutes(config));
  app.route('/tickets', satisfactionPageRoutes(config)); // "How did we do?" after solving
  app.get('/inbox', (c) => c.redirect('/inbox/', 301));
  app.get('/inbox/*', appShell(INBOX_DIST, '/inbox', 'build:inbox')); // any unknown path gets the app shell
}
