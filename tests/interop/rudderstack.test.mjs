// The RudderStack Node SDK, unmodified (it gzips its batches by default), pointed at the service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Analytics from '@rudderstack/rudder-sdk-node';
import { url, writeKey, newUser, userActivities, eventually, countByType, skewClock, id } from './lyss.mjs';

// Without an errorHandler the SDK's own first flush rejects unhandled on an error answer.
const client = (key, errors) => new Analytics(key, {
  dataPlaneUrl: url, flushAt: 1000, flushInterval: 3600000, retryCount: 0, logLevel: 'none', errorHandler: (e) => errors.push(e),
});

async function drain(analytics) {
  while (analytics.queue.length) await analytics.flush();
  await analytics.flush();
}

test('every RudderStack call kind arrives exactly once, gzipped', async () => {
  const { key, revoke } = await writeKey('rudder-calls');
  try {
    const user = await newUser('rudder');
    const errors = [];
    const analytics = client(key, errors);
    analytics.track({ userId: user.id, event: 'Model Usage', properties: { model: 'gpt-4o', tokens: 120, cost: 0.01 } });
    analytics.identify({ userId: user.externalId, traits: { plan: 'pro' } });
    analytics.page({ userId: user.id, name: 'Docs', properties: { path: '/docs' } });
    analytics.screen({ userId: user.id, name: 'Home' });
    analytics.group({ userId: user.externalId, groupId: 'acme' });
    analytics.alias({ userId: user.id, previousId: `anon-${id()}` });
    await drain(analytics);
    assert.deepEqual(errors, []);
    const rows = await eventually(() => userActivities(user.id), (r) => r.length >= 6, 'six activities');
    assert.deepEqual(countByType(rows), { model_usage: 1, identify: 1, page_view: 1, screen_view: 1, group_identify: 1, alias: 1 });
    assert.equal(rows.find((r) => r.activity_type === 'model_usage').details.tokens, 120);
  } finally {
    await revoke();
  }
});

test('RudderStack: resent message ids are stored once, and an hour-fast clock is corrected', async () => {
  const { key, revoke } = await writeKey('rudder-resend');
  try {
    const user = await newUser('rudder-resend');
    const ids = [id(), id()];
    for (let round = 0; round < 2; round++) {
      const errors = [];
      const analytics = client(key, errors);
      for (const messageId of ids) analytics.track({ userId: user.id, event: 'Case Create', messageId });
      await drain(analytics);
      assert.deepEqual(errors, []);
    }

    const restore = skewClock(3600_000);
    let trueTime;
    try {
      const analytics = client(key, []);
      trueTime = Date.now() - 3600_000;
      analytics.track({ userId: user.id, event: 'Clock Checked' });
      await new Promise((r) => setTimeout(r, 500));
      await drain(analytics);
    } finally {
      restore();
    }

    const rows = await eventually(() => userActivities(user.id), (r) => r.length >= 3, 'three activities');
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(countByType(await userActivities(user.id)), { case_create: 2, clock_checked: 1 });
    const clock = rows.find((r) => r.activity_type === 'clock_checked');
    const skew = Math.abs(new Date(clock.occurred_at).getTime() - trueTime);
    assert.ok(skew < 1000, `${skew} ms off`);
  } finally {
    await revoke();
  }
});

test('RudderStack: a bad write key is refused with 401 and the SDK reports it', async () => {
  const errors = [];
  const analytics = client('lyss_wk_not-a-key-of-anyone-000000000000000', errors);
  analytics.track({ userId: id(), event: 'Never Stored' });
  await drain(analytics);
  assert.ok(errors.length >= 1);
  assert.equal(errors[0].response.status, 401);
  assert.equal(errors[0].response.data.code, 'invalid_write_key');
});
