/** Which receiver URLs pass, in production and in demo mode (api/src/webhooks/address-guard.ts). */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { isNonPublicAddress, urlProblem } from '../../api/src/webhooks/address-guard.ts';

it('production: https to public hosts only', () => {
  assert.equal(urlProblem('https://hooks.slack.com/services/T0/B0/x', false), null);
  assert.equal(urlProblem('https://93.184.216.34/hook', false), null);
  for (const url of [
    'http://hooks.example.com/x',
    'http://127.0.0.1:9000/x',
    'https://127.0.0.1/x',
    'https://localhost/x',
    'https://api.localhost/x',
    'https://10.1.2.3/x',
    'https://172.20.0.1/x',
    'https://192.168.1.1/x',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/x',
    'https://0.0.0.0/x',
    'https://[::1]/x',
    'https://[fd00::1]/x',
    'https://[fe80::1]/x',
    'https://[::ffff:10.0.0.1]/x',
  ])
    assert.ok(urlProblem(url, false), `${url} should be refused`);
});

it('demo mode: also plain http, to loopback only', () => {
  assert.equal(urlProblem('http://127.0.0.1:9000/x', true), null);
  assert.equal(urlProblem('http://localhost:9000/x', true), null);
  assert.equal(urlProblem('http://[::1]:9000/x', true), null);
  assert.match(urlProblem('http://hooks.example.com/x', true) ?? '', /https/);
  assert.match(urlProblem('ftp://127.0.0.1/x', true) ?? '', /https/);
});

it('knows public from non-public addresses', () => {
  assert.equal(isNonPublicAddress('8.8.8.8'), false);
  assert.equal(isNonPublicAddress('2606:4700:4700::1111'), false);
  assert.equal(isNonPublicAddress('127.0.0.53'), true);
  assert.equal(isNonPublicAddress('::ffff:192.168.0.1'), true);
});
