/** Reading the provider's Authentication-Results (RFC 8601) into a verdict on the From address. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAuthenticationResults, senderVerdict } from '../../api/src/mail/sender-auth.ts';

const PROVIDER = 'mx.kestrel-learning.example';
const headers = (...values: string[]) => values.map((value) => ({ key: 'authentication-results', value }));
const verdict = (from: string, ...values: string[]) => senderVerdict(headers(...values), from);

describe('Authentication-Results', () => {
  it('parses methods, results and properties, skipping comments and quoted semicolons', () => {
    const parsed = parseAuthenticationResults(
      `${PROVIDER} 1; spf=pass (${PROVIDER}: domain of a@acme.ac.uk; designates 192.0.2.1 (nested) as permitted) smtp.mailfrom=a@acme.ac.uk; DKIM/1=Fail reason="signature; body hash" header.d=acme.ac.uk header.s=s1; none`,
    );
    assert.deepEqual(parsed, {
      authservId: PROVIDER,
      results: [
        { method: 'spf', result: 'pass', properties: { 'smtp.mailfrom': 'a@acme.ac.uk' } },
        { method: 'dkim', result: 'fail', properties: { 'header.d': 'acme.ac.uk', 'header.s': 's1' } },
      ],
    });
    assert.equal(parseAuthenticationResults('   '), null);
  });

  it('passes on an aligned DMARC, DKIM or SPF pass (same registered domain), not on another domain', () => {
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; dmarc=pass (p=reject) header.from=acme.ac.uk`), 'pass');
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; dkim=pass header.d=mail.acme.ac.uk`), 'pass');
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; dkim=pass header.i=@acme.ac.uk`), 'pass');
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; spf=pass smtp.mailfrom=bounces@acme.ac.uk`), 'pass');
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; dkim=pass header.d=other.ac.uk; spf=pass smtp.mailfrom=lists.example`), 'none');
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; dmarc=pass`), 'none', 'a pass must name the domain it is for');
  });

  it('fails on a DMARC, DKIM or SPF fail for the From domain; DMARC decides over the others', () => {
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; dmarc=fail header.from=acme.ac.uk`), 'fail');
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; spf=fail smtp.mailfrom=acme.ac.uk`), 'fail');
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; dkim=fail`), 'fail', 'a failure naming no domain is about the sender');
    assert.equal(
      verdict('dee@acme.ac.uk', `${PROVIDER}; dkim=fail header.d=lists.example; dkim=pass header.d=acme.ac.uk`),
      'pass',
      "a list's broken signature is not the sender's",
    );
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; dkim=pass header.d=acme.ac.uk; dmarc=fail header.from=acme.ac.uk`), 'fail');
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; spf=fail smtp.mailfrom=acme.ac.uk; dmarc=pass header.from=acme.ac.uk`), 'pass');
  });

  it('gives no verdict for softfail, neutral, none or no header', () => {
    assert.equal(
      verdict(
        'dee@acme.ac.uk',
        `${PROVIDER}; spf=softfail smtp.mailfrom=acme.ac.uk; dkim=neutral header.d=acme.ac.uk; dmarc=none header.from=acme.ac.uk`,
      ),
      'none',
    );
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER} 1; none`), 'none');
    assert.equal(verdict('dee@acme.ac.uk'), 'none');
  });

  it("reads only the topmost header, or the provider's own when its authserv-id is configured", () => {
    // A sender's own header sits below the provider's (each hop prepends).
    assert.equal(verdict('dee@acme.ac.uk', `${PROVIDER}; none`, 'evil.example; dmarc=pass header.from=acme.ac.uk'), 'none');
    const forgedOnTop = headers('evil.example; dmarc=pass header.from=acme.ac.uk', `${PROVIDER}; dmarc=fail header.from=acme.ac.uk`);
    assert.equal(senderVerdict(forgedOnTop, 'dee@acme.ac.uk', PROVIDER), 'fail');
    assert.equal(senderVerdict(forgedOnTop, 'dee@acme.ac.uk', 'MX.Kestrel-Learning.example'), 'fail');
    assert.equal(senderVerdict(headers('evil.example; dmarc=pass header.from=acme.ac.uk'), 'dee@acme.ac.uk', PROVIDER), 'none');
  });
});
