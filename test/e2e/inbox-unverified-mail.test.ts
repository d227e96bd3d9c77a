/**
 * The inbox in Chromium tells the agent, in words, which mail the provider did not vouch for: a
 * ticket opened and a reply added by mail without an SPF/DKIM/DMARC pass say "Unverified sender";
 * a reply with an aligned pass does not.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { call } from '../api/helpers.ts';
import { ADMIN, signIn, withAdmin } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';

const SECRET = 'inbound-secret-for-browser-tests-0123';

let browser: Browser;
let server: TestServer;

before(async () => {
  if (!existsSync(`${INBOX_DIST}/index.html`)) throw new Error('api/src/inbox/ui/dist is missing: run npm run build:inbox first');
  [browser, server] = await Promise.all([launchBrowser(), startServer(withAdmin({ env: { HELPWAY_INBOUND_SECRET: SECRET } }))]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

function mail(headers: Record<string, string>, body: string) {
  const raw = `${Object.entries({ 'MIME-Version': '1.0', 'Content-Type': 'text/plain; charset=utf-8', ...headers })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body}\r\n`;
  return call(server.url, '/api/mail/inbound', {
    method: 'POST',
    body: raw,
    headers: { 'content-type': 'message/rfc822', 'x-helpway-inbound-secret': SECRET },
  });
}

describe('inbox: unverified mail', () => {
  test('a ticket and a reply without a passing verdict are marked in words; a verified reply is not', async () => {
    const admin = await signIn(server.url);
    assert.equal(
      (await admin.post('/api/admin/sites', { key: 'acme', name: 'Acme College', plan: 'standard', origins: ['https://lms.acme.ac.uk'] }))
        .status,
      201,
    );
    const opened = await mail(
      { From: 'Dee Admin <dee@acme.ac.uk>', Subject: 'Gradebook export is empty', 'Message-ID': '<e2e-1@acme.ac.uk>' },
      'The export has headers but no rows.',
    );
    assert.equal(opened.status, 201, opened.text);
    const reference: string = opened.body.reference;
    const ours = await server.running.store.db
      .selectFrom('outbox')
      .select('message_id')
      .where('ticket_id', '=', Number(reference.slice(3)) - 1000)
      .where('kind', '=', 'confirmation')
      .executeTakeFirstOrThrow();
    const pass = 'mx.kestrel-learning.example; dkim=pass header.d=acme.ac.uk; dmarc=pass header.from=acme.ac.uk';
    assert.equal(
      (
        await mail(
          { 'Authentication-Results': pass, From: 'dee@acme.ac.uk', Subject: 'Re: export', 'In-Reply-To': ours.message_id },
          'Signed: it is the CSV export.',
        )
      ).status,
      201,
    );
    assert.equal(
      (
        await mail(
          { From: 'dee@acme.ac.uk', Subject: 'Re: export', 'In-Reply-To': ours.message_id },
          'Unsigned: please also reset my password.',
        )
      ).status,
      201,
    );

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/inbox/`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.goto(`${server.url}/inbox/#/tickets/${reference}`);
    await page.getByRole('heading', { name: `${reference}: Gradebook export is empty` }).waitFor();

    const conversation = page.getByRole('region', { name: 'Conversation' });
    const opening = conversation.locator('article', { hasText: 'The export has headers but no rows.' });
    const signed = conversation.locator('article', { hasText: 'Signed: it is the CSV export.' });
    const unsigned = conversation.locator('article', { hasText: 'Unsigned: please also reset my password.' });
    await unsigned.waitFor();
    assert.match(await opening.innerText(), /Unverified sender: the mail provider did not confirm that this came from dee@acme\.ac\.uk/);
    assert.match(await unsigned.innerText(), /Unverified sender/);
    assert.doesNotMatch(await signed.innerText(), /Unverified/);
    assert.deepEqual(await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => v.id)), [], 'axe on the ticket');
    await context.close();
  });
});
