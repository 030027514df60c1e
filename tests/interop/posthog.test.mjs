// The PostHog Node SDK, unmodified (gzip on, api_key in the body), pointed at the service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PostHog } from 'posthog-node';
import { url, writeKey, newUser, userActivities, visitorActivities, eventually, countByType, skewClock, id } from './lyss.mjs';

const client = (key) => new PostHog(key, { host: url, flushAt: 1000, flushInterval: 0, fetchRetryCount: 0 });

test('every PostHog call kind arrives exactly once', async () => {
  const { key, revoke } = await writeKey('posthog-calls');
  try {
    const user = await newUser('posthog');
    const posthog = client(key);
    posthog.capture({ distinctId: user.id, event: 'Feature Usage', properties: { $session_id: 's-1', $ip: '198.51.100.4' } });
    posthog.capture({ distinctId: user.externalId, event: '$pageview', properties: { $pathname: '/home' } });
    posthog.identify({ distinctId: user.id, properties: { plan: 'pro' } });
    posthog.alias({ distinctId: user.id, alias: `alias-${id()}` });
    posthog.groupIdentify({ groupType: 'company', groupKey: 'acme', distinctId: user.id, properties: { seats: 5 } });
    await posthog.flush();
    await posthog.shutdown();
    const rows = await eventually(() => userActivities(user.id), (r) => r.length >= 5, 'five activities');
    assert.deepEqual(countByType(rows), { feature_usage: 1, page_view: 1, identify: 1, alias: 1, group_identify: 1 });
    const usage = rows.find((r) => r.activity_type === 'feature_usage');
    assert.equal(usage.session_id, 's-1');
    assert.equal(usage.ip_address, '198.51.100.4');
    assert.deepEqual(rows.find((r) => r.activity_type === 'identify').details.traits, { plan: 'pro' });
  } finally {
    await revoke();
  }
});

test('PostHog: an anonymous visitor moves to the user on $identify, once', async () => {
  const { key, revoke } = await writeKey('posthog-visitor');
  try {
    const user = await newUser('posthog-visitor');
    const anon = `ph-anon-${id()}`;
    let posthog = client(key);
    posthog.capture({ distinctId: anon, event: '$pageview', properties: { $pathname: '/' } });
    posthog.capture({ distinctId: anon, event: 'Clicked Buy' });
    await posthog.flush();
    await eventually(() => visitorActivities(anon), (v) => v.total === 2, 'the visitor');

    posthog = client(key);
    posthog.identify({ distinctId: user.externalId, properties: { $anon_distinct_id: anon, plan: 'team' } });
    // A second identify of the same pair moves nothing twice.
    posthog.identify({ distinctId: user.id, properties: { $anon_distinct_id: anon } });
    await posthog.flush();
    const rows = await eventually(() => userActivities(user.id), (r) => r.length >= 4, 'the moved history');
    assert.deepEqual(countByType(rows), { page_view: 1, clicked_buy: 1, identify: 2 });
    assert.equal((await visitorActivities(anon)).linked_user_id, user.id);
    await posthog.shutdown();
  } finally {
    await revoke();
  }
});

test("PostHog: an anonymous UUID distinct id (the SDK's default) is a visitor, and alias moves it to the user", async () => {
  const { key, revoke } = await writeKey('posthog-uuid');
  try {
    const user = await newUser('posthog-uuid');
    const anon = id();
    let posthog = client(key);
    posthog.capture({ distinctId: anon, event: 'Viewed Pricing' });
    await posthog.flush();
    await eventually(() => visitorActivities(anon), (v) => v.total === 1, 'the UUID visitor');
    posthog = client(key);
    posthog.alias({ distinctId: user.id, alias: anon });
    await posthog.flush();
    await posthog.shutdown();
    const rows = await eventually(() => userActivities(user.id), (r) => r.length >= 2, 'the moved history');
    assert.deepEqual(countByType(rows), { viewed_pricing: 1, alias: 1 });
    assert.equal((await visitorActivities(anon)).linked_user_id, user.id);
  } finally {
    await revoke();
  }
});

test('PostHog: resent uuids are stored once, and an hour-fast clock is corrected', async () => {
  const { key, revoke } = await writeKey('posthog-resend');
  try {
    const user = await newUser('posthog-resend');
    const uuids = [id(), id()];
    for (let round = 0; round < 2; round++) {
      const posthog = client(key);
      for (const uuid of uuids) posthog.capture({ distinctId: user.id, event: 'Document Review', uuid });
      await posthog.flush();
      await posthog.shutdown();
    }

    const restore = skewClock(3600_000);
    let trueTime;
    try {
      const posthog = client(key);
      trueTime = Date.now() - 3600_000;
      posthog.capture({ distinctId: user.id, event: 'Clock Checked' });
      await new Promise((r) => setTimeout(r, 500));
      await posthog.flush();
      await posthog.shutdown();
    } finally {
      restore();
    }

    const rows = await eventually(() => userActivities(user.id), (r) => r.length >= 3, 'three activities');
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(countByType(await userActivities(user.id)), { document_review: 2, clock_checked: 1 });
    const skew = Math.abs(new Date(rows.find((r) => r.activity_type === 'clock_checked').occurred_at).getTime() - trueTime);
    assert.ok(skew < 1000, `${skew} ms off`);
  } finally {
    await revoke();
  }
});

test('PostHog: a bad api_key is refused with 401 and the SDK reports it', async () => {
  const posthog = client('lyss_wk_not-a-key-of-anyone-000000000000000');
  const errors = [];
  posthog.on('error', (e) => errors.push(e));
  posthog.capture({ distinctId: id(), event: 'Never Stored' });
  await assert.rejects(posthog.flush(), (e) => e.status === 401);
  assert.ok(errors.some((e) => e.status === 401));
  await posthog.shutdown();
});
