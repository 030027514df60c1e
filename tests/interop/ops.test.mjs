// The operator page (/ops) in a real browser: Debian's Chromium, headless, driven by playwright-core.
// It signs in with the operator token, shows live figures for activities this test posts, and logs no
// console error. The screenshot goes to LYSS_OPS_SCREENSHOT (docs/images/ops.png when refreshing the docs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { url, api, newUser, id } from './lyss.mjs';

const token = process.env.LYSS_TOKEN;
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

test('the operator page shows live figures of posted activities with no console errors', async () => {
  const profile = await mkdtemp(join(tmpdir(), 'lyss-ops-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
    viewport: { width: 1400, height: 1000 },
  });
  const problems = [];
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
    // Nothing from outside the service: the chart library is served by the gateway.
    page.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith('data:')) problems.push(`outside request: ${r.url()}`); });

    await page.goto(`${url}/ops`);
    assert.equal(new URL(page.url()).pathname, '/ops/');
    await page.fill('#token', token);
    await page.click('#signin button[type=submit]');
    await page.waitForSelector('#board:not([hidden])', { timeout: 10_000 });
    await page.waitForFunction(() => document.getElementById('live-state').textContent === 'live', null, { timeout: 10_000 });

    // Post until the page's live list shows this test's marker (the silos see a new watch within a second).
    const user = await newUser('ops');
    const marker = `ops-${id()}`;
    const deadline = Date.now() + 20_000;
    let shown = false;
    for (let i = 0; !shown; i++) {
      assert.ok(Date.now() < deadline, 'the live list never showed the posted activity');
      await api('POST', '/activities', { user_id: user.id, activity_type: 'case_view', resource_type: 'case', resource_id: marker, ack: 'durable' });
      shown = await page.locator(`#live li[data-resource-id="${marker}"]`).count() > 0
        || await page.waitForSelector(`#live li[data-resource-id="${marker}"]`, { timeout: 500 }).then(() => true, () => false);
    }

    // The charts have drawn the data: rows written (the silos' counters) and live activities per second.
    await page.waitForFunction(() => Number(document.getElementById('live-chart').dataset.points) > 0, null, { timeout: 10_000 });
    await page.waitForFunction(() => Number(document.getElementById('ingestion-chart').dataset.points) > 0, null, { timeout: 15_000 });
    assert.equal(await page.locator('#ingestion-chart canvas').count(), 1);
    assert.equal(await page.locator('#live-chart canvas').count(), 1);
    await page.waitForFunction(() => Number(document.getElementById('dau').textContent.replace(/,/g, '')) >= 1, null, { timeout: 20_000 });
    assert.match(await page.textContent('#whoami'), /^Tenant [0-9a-f-]{36} · interop-tests$/);

    // Refreshing the docs' screenshot under load: LYSS_OPS_DWELL_MS lets the charts fill first.
    await page.waitForTimeout(Number(process.env.LYSS_OPS_DWELL_MS ?? 0));
    const shot = process.env.LYSS_OPS_SCREENSHOT ?? join(profile, 'ops.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
});
