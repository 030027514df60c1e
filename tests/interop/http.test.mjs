// The single-event routes and the limits, with plain HTTP (the SDKs drop oversized events themselves).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { url, writeKey, newUser, userActivities, eventually, countByType, id } from './lyss.mjs';

const post = (path, body, headers = {}) => fetch(`${url}${path}`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
});
const basic = (key) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

test('the single-event Segment routes and PostHog capture routes store one activity each', async () => {
  const { key, revoke } = await writeKey('http-single');
  try {
    const user = await newUser('http');
    for (const [path, body] of [
      ['/v1/track', { userId: user.id, event: 'Login', writeKey: key }],
      ['/v1/identify', { userId: user.externalId, traits: { a: 1 }, writeKey: key }],
      ['/v1/page', { userId: user.id, name: 'Home', writeKey: key }],
      ['/v1/screen', { userId: user.id, name: 'Main', writeKey: key }],
      ['/v1/group', { userId: user.id, groupId: 'g1', writeKey: key }],
      ['/v1/alias', { userId: user.id, previousId: `p-${id()}`, writeKey: key }],
    ]) {
      const res = await post(path, body);
      assert.equal(res.status, 200, path);
      assert.deepEqual(await res.json(), { success: true });
    }

    for (const path of ['/capture/', '/e/']) {
      const res = await post(path, { api_key: key, event: 'Case View', distinct_id: user.id, properties: {} });
      assert.equal(res.status, 200, path);
      assert.deepEqual(await res.json(), { status: 1 });
    }

    const gz = await post('/batch/', gzipSync(JSON.stringify({ api_key: key, batch: [{ event: '$screen', distinct_id: user.id, properties: { $screen_name: 'S' } }] })),
      { 'content-encoding': 'gzip' });
    assert.equal(gz.status, 200);

    const rows = await eventually(() => userActivities(user.id), (r) => r.length >= 9, 'nine activities');
    assert.deepEqual(countByType(rows), { login: 1, identify: 1, page_view: 1, screen_view: 2, group_identify: 1, alias: 1, case_view: 2 });
  } finally {
    await revoke();
  }
});

test('keys: missing, unknown and revoked keys are 401 in each protocol', async () => {
  const { key, revoke } = await writeKey('http-keys');
  await revoke();
  for (const headers of [{}, basic('lyss_wk_unknown-key-0000000000000000000000'), basic(key)]) {
    const res = await post('/v1/track', { userId: id(), event: 'X' }, headers);
    assert.equal(res.status, 401);
    assert.equal((await res.json()).success, false);
  }

  const ph = await post('/batch/', { api_key: key, batch: [{ event: 'x', distinct_id: 'd' }] });
  assert.equal(ph.status, 401);
  assert.equal((await ph.json()).type, 'authentication_error');
});

test('limits apply to the decompressed body: event 32 KB, batch 500 KB and 2,500 events; malformed bodies are 400', async () => {
  const { key, revoke } = await writeKey('http-limits');
  try {
    const big = 'x'.repeat(33 * 1024);
    const single = await post('/v1/track', { userId: id(), event: 'Big', properties: { big } }, basic(key));
    assert.equal(single.status, 400);

    const bigInBatch = await post('/v1/batch', { batch: [{ type: 'track', userId: id(), event: 'Big', properties: { big } }] }, basic(key));
    assert.equal(bigInBatch.status, 400);

    const many = Array.from({ length: 2501 }, () => ({ type: 'track', userId: 'u', event: 'E' }));
    assert.equal((await post('/v1/batch', { batch: many }, basic(key))).status, 400);

    // 600 KB that gzip to almost nothing: the limit is on what the body decompresses to.
    const bomb = gzipSync(JSON.stringify({ batch: Array.from({ length: 100 }, () => ({ type: 'track', userId: 'u', event: 'E', properties: { p: 'y'.repeat(6000) } })) }));
    assert.ok(bomb.length < 50 * 1024);
    const compressed = await post('/v1/batch', bomb, { ...basic(key), 'content-encoding': 'gzip' });
    assert.equal(compressed.status, 400);
    assert.equal((await compressed.json()).code, 'payload_too_large');

    assert.equal((await post('/v1/batch', '{"batch": [', basic(key))).status, 400);
    assert.equal((await post('/v1/batch', 'not gzip', { ...basic(key), 'content-encoding': 'gzip' })).status, 400);
    assert.equal((await post('/v1/batch', { batch: 'nope' }, basic(key))).status, 400);
    assert.equal((await post('/batch/', '{"api_key": ', {})).status, 400);
  } finally {
    await revoke();
  }
});

test('a bad item in a batch is dropped and the rest is stored (200)', async () => {
  const { key, revoke } = await writeKey('http-bad-item');
  try {
    const user = await newUser('bad-item');
    const res = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: user.id, event: 'Kept' },
        { type: 'track', event: 'No Subject' },
        { type: 'warp', userId: user.id },
        { type: 'track', userId: user.id, event: 'Bad Address', context: { ip: 'not-an-ip' } },
        { type: 'track', userId: user.id, event: 'Nul \u0000 Inside', properties: { s: 'a\u0000b' }, context: { userAgent: 'a\u0000b' } },
        'not an object',
      ],
    }, basic(key));
    // An escaped lone surrogate (a browser title cut inside an emoji) fails its item, not the batch.
    const surrogate = await post('/v1/batch',
      `{"batch":[{"type":"track","userId":"${user.id}","event":"Split \\ud83d"},{"type":"page","userId":"${user.id}","name":"T","properties":{"title":"x\\ud800"}}]}`,
      basic(key));
    assert.equal(surrogate.status, 200);
    assert.equal(res.status, 200);
    const rows = await eventually(() => userActivities(user.id), (r) => r.length >= 1, 'the good item');
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(countByType(await userActivities(user.id)), { kept: 1 });
    assert.equal(rows[0].activity_type, 'kept');
  } finally {
    await revoke();
  }
});
