/** The loop behind the background workers: one round at a time, kicks and `again()` honoured, errors logged or passed on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Poller } from '../../api/src/jobs/poller.ts';

/** A round that waits until released, so a test decides when it ends. */
function gatedRounds() {
  const releases: Array<() => void> = [];
  let rounds = 0;
  let concurrent = 0;
  let maxConcurrent = 0;
  const round = async () => {
    rounds++;
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    await new Promise<void>((resolve) => releases.push(resolve));
    concurrent--;
    return rounds;
  };
  const releaseNext = async () => {
    while (!releases.length) await new Promise((r) => setImmediate(r));
    releases.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { round, releaseNext, stats: () => ({ rounds, maxConcurrent }) };
}

test('kicks during a round run one more round after it, never two at once', async () => {
  const g = gatedRounds();
  const poller = new Poller({ name: 't', round: g.round, delayMs: () => 86_400_000, log: () => {} });
  poller.kick();
  poller.kick();
  poller.kick();
  await g.releaseNext();
  await g.releaseNext();
  await poller.stop();
  assert.deepEqual(g.stats(), { rounds: 2, maxConcurrent: 1 });
});

test('again() from a round makes the next one follow at once once started; stop() waits for the round running', async () => {
  let rounds = 0;
  let poller: Poller<number>;
  // eslint-disable-next-line prefer-const
  poller = new Poller({
    name: 't',
    round: async () => {
      rounds++;
      if (rounds < 3) poller.again();
      return rounds;
    },
    delayMs: () => 86_400_000,
    log: () => {},
  });
  poller.start();
  while (rounds < 3) await new Promise((r) => setImmediate(r));
  await poller.stop();
  assert.equal(rounds, 3);
  assert.equal(await poller.runOnce(), undefined, 'no round after stop');
});

test('runOnce passes the round’s error to its caller; a kicked round’s error is logged', async () => {
  const logged: Array<Record<string, unknown>> = [];
  const poller = new Poller({
    name: 'broken run',
    round: async () => {
      throw new Error('relay on fire');
    },
    delayMs: () => 86_400_000,
    log: (e) => logged.push(e),
  });
  await assert.rejects(poller.runOnce(), /relay on fire/);
  poller.kick();
  await poller.stop();
  assert.ok(
    logged.some((e) => e.msg === 'broken run failed' && e.error === 'relay on fire'),
    JSON.stringify(logged),
  );
});
