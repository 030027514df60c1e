// Shared helpers: the service under test (LYSS_URL), an operator token of the development tenant
// (LYSS_TOKEN, LYSS_TENANT), and REST calls to set up users and read back what the SDKs sent.
import { randomUUID } from 'node:crypto';

export const url = process.env.LYSS_URL ?? 'http://127.0.0.1:5080';
export const tenant = process.env.LYSS_TENANT ?? '00000000-0000-0000-0000-00000000d0e1';
const token = process.env.LYSS_TOKEN;
if (!token) throw new Error('LYSS_TOKEN: an operator token of the tenant (./run.sh token --tenant … --permissions platform:*)');

export async function api(method, path, body) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return json;
}

/** A write key of the tenant, revoked by the returned function. */
export async function writeKey(name) {
  const key = await api('POST', `/tenants/${tenant}/write-keys`, { name });
  return { key: key.key, revoke: () => api('DELETE', `/tenants/${tenant}/write-keys/${key.id}`) };
}

/** A new member of the tenant with an external id. */
export async function newUser(label) {
  const suffix = randomUUID().slice(0, 8);
  const user = await api('POST', '/users', { email: `${label}-${suffix}@interop.example.com`, name: `Interop ${label}` });
  const externalId = `crm-${label}-${suffix}`;
  await api('PUT', `/tenants/${tenant}/members/${user.id}`, { external_id: externalId });
  return { id: user.id, externalId };
}

export async function userActivities(userId) {
  return (await api('GET', `/admin/user-activities/user/${userId}?limit=100`)).activities;
}

export async function visitorActivities(anonymousId) {
  return api('GET', `/admin/user-activities/visitor/${encodeURIComponent(anonymousId)}?limit=100`);
}

/** Polls read() until check(result) holds (rows are written a moment after they are accepted). */
export async function eventually(read, check, what, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms; last read: ${JSON.stringify(last)?.slice(0, 2000)}`);
}

/** How many rows of each activity type. */
export function countByType(rows) {
  const counts = {};
  for (const row of rows) counts[row.activity_type] = (counts[row.activity_type] ?? 0) + 1;
  return counts;
}

/** Replaces the global Date so that `new Date()` and Date.now() run offsetMs ahead (the SDKs read `new Date()`). */
export function skewClock(offsetMs) {
  const RealDate = globalThis.Date;
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length) super(...args);
      else super(RealDate.now() + offsetMs);
    }
    static now() { return RealDate.now() + offsetMs; }
  }
  globalThis.Date = SkewedDate;
  return () => { globalThis.Date = RealDate; };
}

export const id = () => randomUUID();
