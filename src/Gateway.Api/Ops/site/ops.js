// The operator page: figures polled from the admin API and the live activity stream, all with the
// pasted token (kept in sessionStorage: this tab only). No framework; the one library is uPlot.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const api = '/api/v1';
  const windowSeconds = 120;
  let token = sessionStorage.getItem('lyss-ops-token') || '';
  let timers = [];
  let stream = null;

  const ingestion = { t: [], rate: [], queued: [], spilled: [], last: null };
  const live = { counts: new Map() };
  let ingestionChart = null;
  let liveChart = null;

  function showError(message) {
    const box = $('error');
    box.textContent = message || '';
    box.hidden = !message;
  }

  async function get(path) {
    const res = await fetch(api + path, { headers: { authorization: 'Bearer ' + token }, cache: 'no-store' });
    if (!res.ok) {
      let detail = res.statusText;
      try { const problem = await res.json(); detail = problem.detail || problem.title || detail; } catch { /* not JSON */ }
      const error = new Error(`${path}: ${res.status} ${detail}`);
      error.status = res.status;
      throw error;
    }
    return res.json();
  }

  const number = (n) => (n == null ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: 1 }));
  const time = (iso) => (iso ? new Date(iso).toLocaleTimeString('en-GB') : '');
  const cell = (text) => { const td = document.createElement('td'); td.textContent = text ?? ''; return td; };

  function chart(element, series, data) {
    const width = Math.max(element.clientWidth, 320);
    return new uPlot({
      width, height: 220,
      scales: { x: { time: true } },
      axes: [{}, { size: 60 }],
      series: [{}, ...series],
      legend: { live: false },
    }, data, element);
  }

  function trim(arrays) {
    const from = Date.now() / 1000 - windowSeconds;
    while (arrays[0].length && arrays[0][0] < from) arrays.forEach((a) => a.shift());
  }

  async function pollQueue() {
    try {
      const status = await get('/admin/user-activities/queue-status');
      const now = Date.now() / 1000;
      // Rows per second from the silos' flushed counters between two polls (a restarted silo counts from zero).
      const flushed = new Map(status.silos.map((s) => [s.silo, s.flushed]));
      let rate = status.flushed_rows_per_second;
      if (ingestion.last) {
        let delta = 0;
        for (const [silo, count] of flushed) delta += Math.max(0, count - (ingestion.last.flushed.get(silo) ?? count));
        rate = delta / Math.max(now - ingestion.last.at, 0.001);
      }
      ingestion.last = { at: now, flushed };
      ingestion.t.push(now); ingestion.rate.push(rate);
      ingestion.queued.push(status.buffered_in_writers); ingestion.spilled.push(status.spilled_in_redis);
      trim([ingestion.t, ingestion.rate, ingestion.queued, ingestion.spilled]);
      const data = [ingestion.t, ingestion.rate, ingestion.queued, ingestion.spilled];
      if (!ingestionChart) {
        ingestionChart = chart($('ingestion-chart'), [
          { label: 'rows/s', stroke: '#2f6fdb', width: 2 },
          { label: 'queued', stroke: '#e67e22' },
          { label: 'spilled', stroke: '#c0392b' },
        ], data);
      } else {
        ingestionChart.setData(data);
      }
      $('ingestion-chart').dataset.points = String(ingestion.rate.filter((r) => r > 0).length);
      $('rate').textContent = number(rate);
      $('queued').textContent = number(status.buffered_in_writers);
      $('spilled').textContent = number(status.spilled_in_redis);
      $('dead').textContent = number(status.dead_letters);
      $('postgres').textContent = status.postgres_healthy ? 'PostgreSQL healthy' : 'PostgreSQL unavailable: spilling';
      $('last-flush').textContent = status.last_flush_at ? 'last write ' + time(status.last_flush_at) : '';
      showError('');
    } catch (e) {
      showError(e.message);
    }
  }

  async function pollTenant() {
    try {
      const [active, alerts, dead] = await Promise.all([
        get('/admin/analytics/active-users'),
        get('/admin/alerts?hours=24&limit=10'),
        get('/admin/user-activities/dead-letters?limit=10'),
      ]);
      $('dau').textContent = number(active.dau);
      $('wau').textContent = number(active.wau);
      $('mau').textContent = number(active.mau);
      $('stickiness').textContent = `last 30 days · stickiness ${number(active.stickiness * 100)} %`;
      $('alerts').replaceChildren(...alerts.alerts.map((a) => {
        const tr = document.createElement('tr');
        tr.append(cell(time(a.created_at)), cell(a.type), cell(a.severity), cell(a.user_id));
        return tr;
      }));
      $('dead-letters').replaceChildren(...dead.dead_letters.map((d) => {
        const tr = document.createElement('tr');
        tr.append(cell(time(d.failed_at)), cell(d.activity_type), cell(d.sqlstate), cell(d.user_id));
        return tr;
      }));
    } catch (e) {
      showError(e.message);
    }
  }

  function countLive(at) {
    const second = Math.floor(at / 1000);
    live.counts.set(second, (live.counts.get(second) || 0) + 1);
  }

  function drawLive() {
    const now = Math.floor(Date.now() / 1000);
    const t = [];
    const n = [];
    for (let s = now - windowSeconds; s <= now; s++) {
      t.push(s);
      n.push(live.counts.get(s) || 0);
    }
    for (const key of live.counts.keys()) if (key < now - windowSeconds) live.counts.delete(key);
    if (!liveChart) {
      liveChart = chart($('live-chart'), [{ label: 'activities/s', stroke: '#27ae60', fill: 'rgba(39,174,96,.15)', width: 2 }], [t, n]);
    } else {
      liveChart.setData([t, n]);
    }
    $('live-chart').dataset.points = String(n.filter((v) => v > 0).length);
  }

  function addLive(item, dropped) {
    const list = $('live');
    const li = document.createElement('li');
    if (dropped) {
      li.className = 'dropped';
      li.textContent = `${dropped} activities dropped: this page read slower than they came`;
    } else {
      li.dataset.resourceId = item.resource_id ?? '';
      li.dataset.activityType = item.activity_type;
      li.textContent = `${time(item.occurred_at)}  ${item.activity_type.padEnd(16)} ${item.user_id}  ${item.resource_type ?? ''} ${item.resource_id ?? ''}`;
      countLive(Date.now());
    }
    list.prepend(li);
    while (list.children.length > 200) list.lastChild.remove();
  }

  // Server-Sent Events over fetch (EventSource cannot send a bearer token); reconnects with
  // Last-Event-ID, waiting longer after each failure (2 s doubling to 30 s).
  async function runStream(controller) {
    let lastEventId = null;
    let wait = 2000;
    while (!controller.signal.aborted) {
      const query = new URLSearchParams();
      if ($('filter-user').value.trim()) query.set('user_id', $('filter-user').value.trim());
      if ($('filter-type').value.trim()) query.set('activity_type', $('filter-type').value.trim());
      const headers = { authorization: 'Bearer ' + token, accept: 'text/event-stream' };
      if (lastEventId) headers['last-event-id'] = lastEventId;
      let reader = null;
      try {
        const res = await fetch(`${api}/admin/activities/stream?${query}`, { headers, signal: controller.signal, cache: 'no-store' });
        if (!res.ok) {
          let detail = res.statusText;
          try { detail = (await res.json()).detail || detail; } catch { /* not JSON */ }
          $('live-state').textContent = `refused: ${res.status} ${detail}`;
          if (res.status === 400 || res.status === 401 || res.status === 403) return;
        } else {
          $('live-state').textContent = 'live';
          reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            wait = 2000;
            buffer += value.replace(/\r\n?/g, '\n');
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              let event = 'message'; const data = []; let id = null;
              for (const line of block.split('\n')) {
                if (line.startsWith('event: ')) event = line.slice(7);
                else if (line.startsWith('data: ')) data.push(line.slice(6));
                else if (line.startsWith('id: ')) id = line.slice(4);
              }
              // One event the page cannot read is skipped, not a reason to drop the connection.
              try {
                if (event === 'activity' && data.length) addLive(JSON.parse(data.join('\n')));
                else if (event === 'dropped' && data.length) addLive(null, JSON.parse(data.join('\n')).dropped);
              } catch { /* skipped */ }
              if (event === 'activity' && id) lastEventId = id;
            }
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      } finally {
        if (reader) reader.cancel().catch(() => {});
      }
      $('live-state').textContent = 'reconnecting…';
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 30000);
    }
  }

  function startStream() {
    if (stream) stream.abort();
    stream = new AbortController();
    $('live').replaceChildren();
    runStream(stream);
  }

  async function connect() {
    showError('');
    try {
      const me = await get('/whoami');
      $('whoami').textContent = `Tenant ${me.tenant_id} · ${me.sub}`;
    } catch (e) {
      showError(e.status === 401 ? 'That token is not accepted (expired, or not for this service).' : e.message);
      return;
    }
    sessionStorage.setItem('lyss-ops-token', token);
    $('board').hidden = false;
    $('signout').hidden = false;
    timers.forEach(clearInterval);
    await Promise.all([pollQueue(), pollTenant()]);
    drawLive();
    timers = [setInterval(pollQueue, 2000), setInterval(pollTenant, 15000), setInterval(drawLive, 1000)];
    startStream();
  }

  $('signin').addEventListener('submit', (e) => { e.preventDefault(); token = $('token').value.trim(); connect(); });
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); startStream(); });
  $('signout').addEventListener('click', () => {
    sessionStorage.removeItem('lyss-ops-token');
    if (stream) stream.abort();
    timers.forEach(clearInterval);
    location.reload();
  });
  if (token) connect();
})();
