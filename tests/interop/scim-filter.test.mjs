// The SCIM filter parser against an independent implementation (scim2-parse-filter, from npm): a
// generated corpus of filters, each evaluated by that package over the users as our service returns
// them, must select exactly the users the service's own filter (parsed and translated to SQL) selects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, filter as predicate } from 'scim2-parse-filter';
import { url, api, id } from './lyss.mjs';

async function scim(token, method, path, body) {
  const res = await fetch(`${url}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// A small deterministic generator (mulberry32), so a failure names a filter that can be replayed.
function random(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('a generated corpus of filters selects the same users as scim2-parse-filter does', async () => {
  const tenant = id();
  await api('POST', '/tenants', { id: tenant, name: 'SCIM filter corpus', auto_activate_users: true });
  const { key: token } = await api('POST', `/tenants/${tenant}/scim-tokens`, { name: 'corpus' });
  const run = id().slice(0, 6);
  const people = [
    ['ada', 'ada king', 'example.com', 'emp-001', true],
    ['grace', 'grace hopper', 'example.com', 'emp-002', true],
    ['alan', 'alan turing', 'example.org', null, true],
    ['edsger', 'edsger dijkstra', 'example.org', 'emp-004', false],
    ['barbara', 'barbara liskov', 'example.com', null, false],
    ['donald', 'donald knuth', 'example.net', 'emp-006', true],
    ['ken', 'ken thompson', 'example.net', null, true],
    ['adele', 'adele goldberg', 'example.com', 'emp-008', true],
  ];
  for (const [user, name, domain, externalId, active] of people) {
    const body = { userName: `${user}.${run}@${domain}`, displayName: name, ...(externalId ? { externalId: `${externalId}-${run}` } : {}) };
    const created = await scim(token, 'POST', '/Users', body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    if (!active) {
      const patched = await scim(token, 'PATCH', `/Users/${created.body.id}`, { Operations: [{ op: 'replace', path: 'active', value: false }] });
      assert.equal(patched.status, 200);
    }
  }

  const all = (await scim(token, 'GET', '/Users?count=100')).body.Resources;
  assert.equal(all.length, people.length);

  const next = random(20261203);
  const pick = (items) => items[Math.floor(next() * items.length)];
  const someone = () => pick(people);
  const fragment = () => pick(['a', 'ad', 'an', 'er', 'ing', 'o', 'ra', 'k', '.', 'emp', '00', 'example', run]);
  const atoms = [
    () => `userName eq "${someone()[0]}.${run}@${someone()[2]}"`,
    () => `userName sw "${someone()[0].slice(0, 2)}"`,
    () => `userName co "${fragment()}"`,
    () => `userName ew "@${someone()[2]}"`,
    () => `userName gt "${someone()[0]}"`,
    () => `userName le "${someone()[0]}"`,
    () => `displayName co "${fragment()}"`,
    () => `displayName eq "${someone()[1]}"`,
    () => `displayName ne "${someone()[1]}"`,
    () => `externalId pr`,
    () => `externalId eq "${someone()[3] ?? 'none'}-${run}"`,
    () => `externalId ne "${someone()[3] ?? 'none'}-${run}"`,
    () => `externalId sw "emp-00"`,
    () => `active eq ${pick(['true', 'false'])}`,
    () => `active ne ${pick(['true', 'false'])}`,
    () => `emails[type eq "work" and value co "${fragment()}"]`,
    () => `emails[value ew "${someone()[2]}"]`,
  ];
  const expression = (depth) => {
    const roll = next();
    if (depth <= 0 || roll < 0.35) return pick(atoms)();
    if (roll < 0.55) return `${expression(depth - 1)} and ${expression(depth - 1)}`;
    if (roll < 0.75) return `${expression(depth - 1)} or ${expression(depth - 1)}`;
    if (roll < 0.9) return `not (${expression(depth - 1)})`;
    return `(${expression(depth - 1)})`;
  };

  const mismatches = [];
  const corpus = Array.from({ length: 300 }, () => expression(3));
  for (const text of corpus) {
    const expected = all.filter(predicate(parse(text))).map((u) => u.id).sort();
    const answer = await scim(token, 'GET', `/Users?count=100&filter=${encodeURIComponent(text)}`);
    if (answer.status !== 200) {
      mismatches.push(`${text}: ${answer.status} ${JSON.stringify(answer.body)}`);
      continue;
    }

    const actual = answer.body.Resources.map((u) => u.id).sort();
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      mismatches.push(`${text}: service ${actual.length}, scim2-parse-filter ${expected.length}`);
    }
  }

  assert.deepEqual(mismatches, [], `${mismatches.length} of ${corpus.length} filters disagree`);
});
