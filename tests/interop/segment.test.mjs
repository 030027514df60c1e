// The Segment Node SDK, unmodified, pointed at the service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analytics } from '@segment/analytics-node';
import { url, writeKey, newUser, userActivities, visitorActivities, eventually, countByType, skewClock, id } from './lyss.mjs';

const client = (key) => new Analytics({ writeKey: key, host: url, flushAt: 1000, flushInterval: 60000, maxRetries: 0 });

test('every Segment call kind arrives exactly once, by user id or external id', async () => {
  const { key, revoke } = await writeKey('segment-calls');
  try {
    const user = await newUser('segment');
    const anon = `anon-${id()}`;
    const analytics = client(key);
    const errors = [];
    analytics.on('error', (e) => errors.push(e));
    analytics.track({ userId: user.id, event: 'Order Completed', properties: { total: 42 }, context: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 Interop' } });
    analytics.identify({ userId: user.externalId, traits: { plan: 'pro' } });
    analytics.page({ userId: user.id, name: 'Pricing', properties: { path: '/pricing' } });
    analytics.screen({ userId: user.externalId, name: 'Settings' });
    analytics.group({ userId: user.id, groupId: 'acme', traits: { seats: 12 } });
    analytics.alias({ userId: user.id, previousId: anon });
    await analytics.closeAndFlush();
    assert.deepEqual(errors, []);

    const rows = await eventually(() => userActivities(user.id), (r) => r.length >= 6, 'six activities');
    assert.deepEqual(countByType(rows), { order_completed: 1, identify: 1, page_view: 1, screen_view: 1, group_identify: 1, alias: 1 });
    const order = rows.find((r) => r.activity_type === 'order_completed');
    assert.equal(order.details.total, 42);
    assert.equal(order.details.event, 'Order Completed');
    assert.equal(order.ip_address, '203.0.113.7');
    assert.equal(order.user_agent, 'Mozilla/5.0 Interop');
    assert.equal(rows.find((r) => r.activity_type === 'page_view').resource_id, '/pricing');
    assert.deepEqual(rows.find((r) => r.activity_type === 'identify').details.traits, { plan: 'pro' });
  } finally {
    await revoke();
  }
});

test('a batch resent with the same message ids is stored once', async () => {
  const { key, revoke } = await writeKey('segment-resend');
  try {
    const user = await newUser('resend');
    const ids = [id(), id(), id()];
    for (let round = 0; round < 2; round++) {
      const analytics = client(key);
      for (const messageId of ids) analytics.track({ userId: user.id, event: 'Report Exported', messageId });
      await analytics.closeAndFlush();
    }
    const rows = await eventually(() => userActivities(user.id), (r) => r.length >= 3, 'three activities');
    await new Promise((r) => setTimeout(r, 1500)); // a second copy would have landed by now
    assert.equal((await userActivities(user.id)).length, 3);
    assert.equal(rows.filter((r) => r.activity_type === 'report_exported').length, 3);
  } finally {
    await revoke();
  }
});

test('a client whose clock runs an hour ahead stores events within a second of the true time', async () => {
  const { key, revoke } = await writeKey('segment-clock');
  try {
    const user = await newUser('clock');
    const analytics = client(key);
    const restore = skewClock(3600_000);
    let trueTime;
    try {
      trueTime = Date.now() - 3600_000;
      analytics.track({ userId: user.id, event: 'Clock Checked' });
      await new Promise((r) => setTimeout(r, 700)); // the event waits a while before it is sent
      await analytics.closeAndFlush();
    } finally {
      restore();
    }
    const [row] = await eventually(() => userActivities(user.id), (r) => r.length >= 1, 'the event');
    const skew = Math.abs(new Date(row.occurred_at).getTime() - trueTime);
    assert.ok(skew < 1000, `occurred_at ${row.occurred_at} is ${skew} ms from the true time ${new Date(trueTime).toISOString()}`);
  } finally {
    await revoke();
  }
});

test("an anonymous visitor's events move to the user on identify", async () => {
  const { key, revoke } = await writeKey('segment-visitor');
  try {
    const user = await newUser('visitor');
    const anon = `anon-${id()}`;
    let analytics = client(key);
    analytics.page({ anonymousId: anon, name: 'Landing', properties: { path: '/' } });
    analytics.track({ anonymousId: anon, event: 'Signup Started' });
    await analytics.closeAndFlush();
    const visitor = await eventually(() => visitorActivities(anon), (v) => v.total === 2, 'the visitor');
    assert.equal(visitor.linked_user_id, null);

    analytics = client(key);
    analytics.identify({ userId: user.externalId, anonymousId: anon, traits: { plan: 'team' } });
    await analytics.closeAndFlush();
    const rows = await eventually(() => userActivities(user.id), (r) => r.length >= 3, 'the moved history');
    assert.deepEqual(countByType(rows), { page_view: 1, signup_started: 1, identify: 1 });
    const after = await visitorActivities(anon);
    assert.equal(after.total, 0);
    assert.equal(after.linked_user_id, user.id);

    // Later events of the same visitor are the user's.
    analytics = client(key);
    analytics.track({ anonymousId: anon, event: 'Signup Finished' });
    await analytics.closeAndFlush();
    await eventually(() => userActivities(user.id), (r) => r.some((x) => x.activity_type === 'signup_finished'), 'the later event');
  } finally {
    await revoke();
  }
});

test('a bad write key is refused with 401 and the SDK reports it', async () => {
  const analytics = client('lyss_wk_this-key-does-not-exist-0000000000000');
  const errors = [];
  analytics.on('error', (e) => errors.push(e));
  analytics.track({ userId: id(), event: 'Never Stored' });
  await analytics.closeAndFlush();
  assert.equal(errors.length, 1);
  assert.match(String(errors[0].reason), /401/);
});
