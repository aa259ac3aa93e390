// The live dashboard: polls the admin API every few seconds (no page reloads), keeps the time series in the page
// and redraws. Data comes only from what /metrics and the admin API already serve; on its first poll the page takes
// the node's last hour (/api/dashboard/history, sampled every 10 s) so the charts are not empty on every load.
import { lineChart, barList, table, badge, palette, niceDurationMax } from './charts.js';
import {
  parsePrometheus, total, byLabel, increase, SeriesStore, fmtNumber, fmtBytes, fmtDuration, fmtPercent, fmtAge, networkOf,
  isSingleAddress, wastedPerHour,
} from './metrics.js';

const TOKEN_KEY = 'actortrap.admin.token';
const params = new URLSearchParams(location.search);
// ?every=N (seconds, 1..60) sets the refresh; 3 s keeps the charts live without loading the node.
const everySeconds = Math.min(60, Math.max(1, Number(params.get('every')) || 3));
// An hour of history, as the node keeps (1,200 polls at the default refresh plus the node's 360 samples).
const store = new SeriesStore(60 * 60 * 1000, 4000);
// Time wasted per hour is a rate only from ten minutes of data on; before that the tile says what was wasted so far.
const MIN_RATE_SPAN_SECONDS = 600;
const OUTCOMES = ['held', 'dropped', 'observed', 'shed'];
const OUTCOME_COLORS = { held: '#e4572e', dropped: '#8d99ae', observed: '#4c9be8', shed: '#f2a541' };
const MAX_SIN_SERIES = 7;

const $ = id => document.getElementById(id);

// #token=... for a wall display or a screenshot script: a fragment never leaves the browser (not sent to the node,
// not in its logs nor a proxy's), and the page takes it into the tab's session storage, then removes it from the
// address bar and the history entry so a screenshot or a look over the shoulder does not show it.
function tokenFromFragment() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const given = fragment.get('token');
  if (given === null) return;
  fragment.delete('token');
  const rest = fragment.toString();
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  if (given.trim()) sessionStorage.setItem(TOKEN_KEY, given.trim());
}
tokenFromFragment();

let token = sessionStorage.getItem(TOKEN_KEY) ?? '';
let timer = null;
let previous = null;
// The last poll whose /metrics answered: a failed scrape widens the next interval instead of losing its counts.
let previousMetrics = null;
let latest = null;
let polls = 0;
const feed = { cursor: null, listings: new Map(), missing: false };

class Unauthorized extends Error {}

async function get(path, { optional = false, text = false } = {}) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const r = await fetch(path, { headers, cache: 'no-store' });
  if (r.status === 401) throw new Unauthorized(path);
  if (optional && r.status === 404) return null;
  if (!r.ok) throw new Error(`${path} answered HTTP ${r.status}`);
  return text ? r.text() : r.json();
}

// One endpoint failing (a stage this node lacks, a timeout) leaves its panel with a note; a refused token stops all.
async function settle(promise) {
  try {
    return { value: await promise };
  } catch (e) {
    if (e instanceof Unauthorized) throw e;
    return { error: e.message || String(e) };
  }
}

async function pullFeed() {
  const body = await get(feed.cursor ? `/feed.json?since=${encodeURIComponent(feed.cursor)}` : '/feed.json', { optional: true });
  feed.missing = body === null;
  if (body === null) return;
  if (body.full) feed.listings = new Map();
  for (const l of body.listings ?? []) feed.listings.set(l.network, l);
  for (const n of body.delisted ?? []) feed.listings.delete(n);
  feed.cursor = body.cursor;
}

async function tick() {
  timer = null;
  try {
    // First alone: a missing or wrong token costs the node one refused request (and one log line), not seven.
    const dash = await get('/api/dashboard');
    if (previous === null) await seedFromHistory(dash);
    const [stats, metricsText, verdicts, dns, cluster, feedPull, reporters] = await Promise.all([
      settle(get('/api/smtp/stats')),
      settle(get('/metrics', { text: true })),
      settle(get('/api/verdicts/recent?n=500')),
      settle(get('/api/dns/stats', { optional: true })),
      settle(get('/api/cluster', { optional: true })),
      settle(pullFeed()),
      settle(get('/api/feed/reporters', { optional: true })),
    ]);
    const sample = sampleOf(dash, metricsText.value ? parsePrometheus(metricsText.value) : null);
    record(sample, previous, previousMetrics, dash, cluster.value);
    previous = sample;
    if (sample.sessions) previousMetrics = sample;
    latest = { dash, stats, metrics: metricsText, verdicts, dns, cluster, feedPull, reporters, sample };
    polls++;
    showPanels();
    render();
    setStatus(`updated ${new Date(sample.now).toLocaleTimeString()} (node clock) · refreshes every ${everySeconds} s`, false);
  } catch (e) {
    if (e instanceof Unauthorized) {
      showLogin(token ? 'The node refused this token.' : 'This node needs its admin token.');
      return;
    }
    setStatus(`could not reach the node: ${e.message || e}`, true);
  }
  schedule();
}

// The node's last hour, replayed through the same path as live polls: rates between its samples, held per sample.
// Only samples of this node run (the same start) count; a node that does not serve the route leaves the page as before.
async function seedFromHistory(dash) {
  const kept = await settle(get('/api/dashboard/history', { optional: true }));
  if (!kept.value || kept.value.startedAt !== dash.startedAt) return;
  const now = Date.parse(dash.now);
  for (const h of kept.value.samples ?? []) {
    const s = {
      now: Date.parse(h.at), startedAt: dash.startedAt, sessions: h.sessions, shedAtAccept: h.shedAtAccept, sins: h.sins,
      trickled: h.bytesTrickled, wasted: h.heldSeconds,
    };
    if (!(s.now < now) || (previous && !(s.now > previous.now))) continue;
    store.push(`held:${dash.node}`, s.now, h.held);
    recordTotals(s, previous, previousMetrics);
    previous = s;
    previousMetrics = s;
  }
}

function sampleOf(dash, m) {
  return {
    now: Date.parse(dash.now),
    startedAt: dash.startedAt,
    sessions: m ? byLabel(m, 'actortrap_smtp_sessions_total', 'outcome') : null,
    shedAtAccept: m ? total(m, 'actortrap_smtp_connections_shed_total') : null,
    sins: m ? byLabel(m, 'actortrap_smtp_sins_total', 'sin') : null,
    trickled: dash.bytesTrickled,
    wasted: dash.heldSecondsEnded + dash.heldSecondsOngoing,
  };
}

function record(s, p, pm, dash, cluster) {
  recordHeld(s, dash, cluster);
  recordTotals(s, p, pm);
}

function recordHeld(s, dash, cluster) {
  const members = (cluster?.members ?? []).filter(m => m.status !== 'removed' && typeof m.held === 'number');
  if (members.length > 0) {
    for (const m of members) store.push(`held:${m.name}`, s.now, m.name === dash.node ? dash.held : m.held);
  } else {
    store.push(`held:${dash.node}`, s.now, dash.held);
  }
}

function recordTotals(s, p, pm) {
  store.push('wastedTotal', s.now, s.wasted);
  // Rates need two polls of the same node run.
  const usable = before => before && before.startedAt === s.startedAt && s.now > before.now;
  const pushRate = (name, before, now, then) => {
    const n = increase(now, then);
    store.push(name, s.now, n / ((s.now - before.now) / 1000), n);
  };
  if (s.sessions && usable(pm)) {
    for (const o of OUTCOMES) {
      // Connections shed at accept never become sessions; they count as shed all the same.
      const extra = o === 'shed' ? [s.shedAtAccept, pm.shedAtAccept] : [0, 0];
      pushRate(`outcome:${o}`, pm, (s.sessions[o] ?? 0) + extra[0], (pm.sessions[o] ?? 0) + extra[1]);
    }
    for (const kind of new Set([...Object.keys(s.sins), ...Object.keys(pm.sins)])) {
      pushRate(`sin:${kind}`, pm, s.sins[kind] ?? 0, pm.sins[kind] ?? 0);
    }
  }
  if (usable(p)) {
    store.push('wasted', s.now, (increase(s.wasted, p.wasted) / ((s.now - p.now) / 1000)) * 3600);
    pushRate('trickled', p, s.trickled, p.trickled);
  }
}

function render() {
  if (!latest) return;
  document.body.dataset.polls = String(polls);
  const { dash, stats, verdicts, dns, cluster, feedPull, reporters, sample } = latest;
  $('node').textContent = dash.node;
  renderTiles(dash, stats, sample);

  const held = store.names('held:');
  lineChart($('chart-held'), {
    id: 'held', format: fmtNumber,
    series: held.map((n, i) => ({ name: n, color: palette[i % palette.length], points: store.points(`held:${n}`) })),
  });
  lineChart($('chart-outcomes'), {
    id: 'outcomes', format: fmtNumber,
    series: OUTCOMES.map(o => ({ name: o, color: OUTCOME_COLORS[o], points: store.points(`outcome:${o}`) })),
  });
  const sins = store.names('sin:').sort((a, b) => store.sum(`sin:${b}`) - store.sum(`sin:${a}`)).slice(0, MAX_SIN_SERIES);
  lineChart($('chart-sins'), {
    id: 'sins', format: fmtNumber,
    series: sins.map((k, i) => ({ name: k, color: palette[i % palette.length], points: store.points(`sin:${k}`) })),
  });
  lineChart($('chart-wasted'), {
    id: 'wasted', format: v => fmtDuration(v), nice: niceDurationMax,
    series: [{ name: 'time wasted per hour', color: palette[0], points: store.points('wasted') }],
  });
  lineChart($('chart-trickled'), {
    id: 'trickled', format: v => `${fmtBytes(v)}/s`,
    series: [{ name: 'bytes trickled per second', color: palette[3], points: store.points('trickled') }],
  });

  renderSinShare(verdicts);
  renderListings(feedPull, sample.now);
  renderZones(dns, sample.now);
  renderReporters(reporters, sample.now);
  renderCluster(cluster, dash, sample.now);
  renderVerdicts(verdicts, sample.now);
}

// raw: the number behind the text, kept as data-value for tests and devtools.
function tile(id, value, note, raw) {
  $(id).querySelector('.tile-value').textContent = value;
  $(id).querySelector('.tile-note').textContent = note ?? '';
  $(id).dataset.value = raw === null || raw === undefined ? '' : String(raw);
}

function lastOf(name) {
  const pts = store.points(name);
  return pts.length ? pts[pts.length - 1].v : null;
}

function renderTiles(dash, stats, sample) {
  tile('tile-held', fmtNumber(dash.held), stats.value?.heldCap > 0 ? `cap ${fmtNumber(stats.value.heldCap)}` : 'this node', dash.held);
  const perSecond = OUTCOMES.map(o => lastOf(`outcome:${o}`)).filter(v => v !== null);
  const rateNow = perSecond.length ? perSecond.reduce((a, b) => a + b, 0) : null;
  tile('tile-rate', rateNow === null ? '–' : fmtNumber(rateNow), stats.value ? `${fmtNumber(stats.value.sessionsEnded)} sessions since start` : '', rateNow);
  tile('tile-wasted', fmtDuration(sample.wasted), `${fmtDuration(dash.heldSecondsOngoing)} of it by clients held now`, sample.wasted);
  // Over the hour in view (the node's history and the polls since); a rate only from ten minutes of data on.
  const hour = wastedPerHour(store.points('wastedTotal'), MIN_RATE_SPAN_SECONDS);
  if (hour.perHour === null) {
    tile('tile-wasted-hour', `${fmtDuration(hour.seconds)} so far`,
      `in the ${fmtDuration(hour.span)} in view; a rate per hour from ${fmtDuration(MIN_RATE_SPAN_SECONDS)} of data on`, hour.seconds);
  } else {
    tile('tile-wasted-hour', `${fmtDuration(hour.perHour)}/h`,
      `over the last ${fmtDuration(hour.span)}${dash.uptimeSeconds >= MIN_RATE_SPAN_SECONDS ? ` · ${fmtDuration((sample.wasted / dash.uptimeSeconds) * 3600)}/h since start` : ''}`,
      hour.perHour);
  }
  const trickleRate = lastOf('trickled');
  tile('tile-trickled', fmtBytes(dash.bytesTrickled), trickleRate === null ? '' : `${fmtBytes(trickleRate)}/s now`, dash.bytesTrickled);
  tile('tile-listings', feed.missing ? '–' : fmtNumber(feed.listings.size), feed.missing ? 'this node serves no feed' : 'in /feed.json',
    feed.missing ? null : feed.listings.size);
  const harvesters = [...feed.listings.values()].filter(l => l.class === 'harvester').length;
  tile('tile-harvesters', feed.missing ? '–' : fmtNumber(harvesters), 'collected a tagged trap address that was used', feed.missing ? null : harvesters);
  // The retried virtue: sessions that came back with an envelope refused before, as an MTA's queue does.
  const retries = sample.sins ? (sample.sins.retried ?? 0) : null;
  tile('tile-retries', retries === null ? '–' : fmtNumber(retries), 'came back as a queue does: soft sins forgiven', retries);
}

function renderSinShare(verdicts) {
  const host = $('bars-sin-share');
  if (verdicts.error) {
    $('sin-share-caption').textContent = verdicts.error;
    host.replaceChildren();
    return;
  }
  const spam = verdicts.value.filter(v => v.score > 0);
  const counts = new Map();
  for (const v of spam) {
    for (const kind of new Set((v.sins ?? []).map(s => s.split('(')[0]))) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  $('sin-share-caption').textContent = spam.length
    ? `Share of the last ${spam.length} spambot verdicts (score above 0) showing each sin; one verdict can show several.`
    : 'No spambot verdict among the recent verdicts yet.';
  barList(host, [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) => ({
    label: kind, value: n / spam.length, text: `${fmtPercent(n / spam.length)} (${n})`,
  })), { color: palette[4], empty: '' });
}

function harvestOf(listing, reason) {
  const m = /^harvest:(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2}):([0-9]+[mhd])(?::(.+))?$/.exec(reason);
  if (!m) return null;
  return {
    network: listing.network.replace(/\/(32|128)$/, ''),
    at: Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]),
    delay: m[6],
    usedBy: m[7] ?? '',
  };
}

function note(id, text) {
  $(id).hidden = !text;
  $(id).textContent = text ?? '';
}

function renderListings(feedPull, now) {
  note('listings-note', feedPull.error ? `/feed.json: ${feedPull.error}`
    : feed.missing ? 'This node serves no /feed.json (actortrap.publish.http-feed.enabled is off).' : null);
  const all = [...feed.listings.values()];
  const newest = all.slice().sort((a, b) => Date.parse(b.listed_at) - Date.parse(a.listed_at)).slice(0, 15);
  table($('table-listings'), [
    { title: 'Network', cls: 'mono', value: l => l.network },
    { title: 'Class', value: l => l.class },
    { title: 'Score', cls: 'num', value: l => fmtNumber(l.score) },
    { title: 'Reasons', cls: 'text', value: l => (l.reasons ?? []).join(', ') },
    { title: 'Listed', cls: 'num', value: l => fmtAge(l.listed_at, now) },
    { title: 'First seen', cls: 'num', value: l => fmtAge(l.first_seen, now) },
    { title: 'Last seen', cls: 'num', value: l => fmtAge(l.last_seen, now) },
  ], newest, { empty: 'No listings yet.', rowAttrs: l => ({ 'data-network': l.network }) });

  // Each use of a harvested address is a reason "harvest:YYYYMMDDtHHMM:DELAY[:USED-BY]" (issue 18): one row per use.
  const harvests = all.filter(l => l.class === 'harvester').flatMap(l => (l.reasons ?? []).map(r => harvestOf(l, r)).filter(h => h))
    .sort((a, b) => b.at - a.at).slice(0, 15);
  table($('table-harvesters'), [
    { title: 'Harvester', cls: 'mono', value: h => h.network },
    { title: 'Harvested', cls: 'num', value: h => new Date(h.at).toISOString().replace(':00.000Z', 'Z') },
    { title: 'Used by', cls: 'mono', value: h => h.usedBy },
    { title: 'Harvest to spam', cls: 'num', value: h => h.delay },
  ], harvests, { empty: 'No harvester listed.', rowAttrs: h => ({ 'data-network': h.network }) });

  // One address is a /32 of IPv4 or a /128 of IPv6; a listed network (by hand, or an IPv6 /32) belongs below.
  const single = all.filter(l => isSingleAddress(l.network)).sort((a, b) => b.score - a.score).slice(0, 10);
  barList($('bars-top-ips'), single.map(l => ({
    label: l.network.replace(/\/(32|128)$/, ''), value: l.score, text: fmtNumber(l.score), title: (l.reasons ?? []).join(', '),
  })), { color: palette[0], empty: 'No listed addresses yet.' });

  const nets = new Map();
  for (const l of all) {
    const [address, prefix] = l.network.split('/');
    const wide = address.includes(':') ? Number(prefix) <= 64 : Number(prefix) <= 24;
    const key = wide ? l.network : networkOf(address);
    if (!key) continue;
    const n = nets.get(key) ?? { score: 0, count: 0 };
    n.score += l.score;
    n.count += 1;
    nets.set(key, n);
  }
  barList($('bars-top-nets'), [...nets.entries()].sort((a, b) => b[1].score - a[1].score || b[1].count - a[1].count).slice(0, 10)
    .map(([key, n]) => ({ label: key, value: n.score, text: `${fmtNumber(n.score)} · ${n.count} listed` })),
  { color: palette[1], empty: 'No listed networks yet.' });
}

function renderZones(dns, now) {
  note('zones-note', dns.error ? `/api/dns/stats: ${dns.error}` : dns.value === null ? 'This node does not serve /api/dns/stats.' : null);
  const zones = dns.value?.zones ?? [];
  const kind = s => (s === 'enabled' ? 'ok' : s === 'disabled by self-test' ? 'bad' : 'warn');
  table($('table-zones'), [
    { title: 'Zone', cls: 'mono', value: z => z.zone },
    { title: 'State', value: z => badge(z.state, kind(z.state)) },
    { title: 'Checks', cls: 'num', value: z => fmtNumber(z.queries) },
    { title: 'Listed', cls: 'num', value: z => fmtNumber(z.listed) },
    { title: 'Errors', cls: 'num', value: z => fmtPercent(z.errorRate) },
    { title: 'Cache hits', cls: 'num', value: z => fmtPercent(z.cacheHitRate) },
    { title: 'Self-test', cls: 'num', value: z => fmtAge(z.lastChecked, now) },
    { title: 'Last failure', cls: 'text', value: z => z.lastFailure },
  ], zones, { empty: dns.value ? 'No DNSBL zones configured.' : '', rowAttrs: z => ({ 'data-zone': z.zone, 'data-state': z.state }) });
}

// Issue 18: the collector's figures per reporter. A node that does not collect hides the panel.
function renderReporters(reporters, now) {
  const r = reporters.value;
  $('panel-reporters').hidden = !reporters.error && !(r && r.collector);
  note('reporters-note', reporters.error ? `/api/feed/reporters: ${reporters.error}` : null);
  const trust = x => (!x.configured ? badge('not configured', 'bad') : x.revoked ? badge('revoked', 'bad')
    : x.trusted ? badge('trusted', 'ok') : badge(`weight ${fmtNumber(x.weight)}`, 'warn'));
  table($('table-reporters'), [
    { title: 'Reporter', cls: 'mono', value: x => x.reporter },
    { title: 'Trust', value: trust },
    { title: 'Accepted', cls: 'num', value: x => fmtNumber(x.accepted) },
    { title: 'Rejected', cls: 'num', value: x => fmtNumber(x.rejected) },
    { title: 'Ignored', cls: 'num', value: x => fmtNumber(x.ignored) },
    { title: 'Capped', cls: 'num', value: x => fmtNumber(x.capped) },
    { title: 'Cap / min', cls: 'num', value: x => (x.maxNewPerMinute ? fmtNumber(x.maxNewPerMinute) : '–') },
    { title: 'Listings', cls: 'num', value: x => fmtNumber(x.listings) },
    { title: 'Last accepted', cls: 'num', value: x => fmtAge(x.lastAccepted, now) },
  ], r?.reporters ?? [], {
    empty: 'No reporter has sent anything yet.',
    rowAttrs: x => ({
      'data-reporter': x.reporter, 'data-accepted': String(x.accepted), 'data-rejected': String(x.rejected),
      'data-ignored': String(x.ignored), 'data-capped': String(x.capped), 'data-listings': String(x.listings),
    }),
  });
}

function renderCluster(cluster, dash, now) {
  note('cluster-note', cluster.error ? `/api/cluster: ${cluster.error}`
    : cluster.value === null ? `This node does not serve /api/cluster: only this node (${dash.node}) is shown above.` : null);
  const c = cluster.value;
  $('cluster-caption').textContent = c
    ? `${(c.members ?? []).length} members · store ${c.store ?? '?'} · chores on ${c.choresNode ?? 'nobody yet'}`
    : '';
  const kind = m => (m.reachable === false || m.status === 'down' ? 'bad' : m.status === 'up' ? 'ok' : 'warn');
  table($('table-cluster'), [
    { title: 'Node', value: m => (m.self ? `${m.name ?? '?'} (this node)` : (m.name ?? '?')) },
    { title: 'Status', value: m => badge(m.reachable === false ? `${m.status}, unreachable` : String(m.status), kind(m)) },
    { title: 'Address', cls: 'mono', value: m => m.address },
    { title: 'Admin', cls: 'mono', value: m => m.adminAddress ?? '–' },
    { title: 'Roles', value: m => (m.roles ?? []).join(', ') },
    { title: 'Started', cls: 'num', value: m => (m.startedAt ? fmtAge(m.startedAt, now) : '–') },
    { title: 'Chores', value: m => (m.runsChores ? 'runs them' : '') },
    { title: 'Held', cls: 'num', value: m => (typeof m.held === 'number' ? fmtNumber(m.held) : '–') },
  ], c?.members ?? [], { empty: '', rowAttrs: m => ({ 'data-member': m.name, 'data-status': m.status }) });
}

function renderVerdicts(verdicts, now) {
  const spam = (verdicts.value ?? []).filter(v => v.score > 0).slice(-12).reverse();
  table($('table-verdicts'), [
    { title: 'Ended', cls: 'num', value: v => fmtAge(v.end, now) },
    { title: 'Client', cls: 'mono', value: v => v.client },
    { title: 'Outcome', value: v => v.outcome },
    { title: 'Score', cls: 'num', value: v => fmtNumber(v.score) },
    { title: 'Sins', cls: 'text', value: v => (v.sins ?? []).join(', ') },
    { title: 'DNSBL', cls: 'text', value: v => (v.dnsbl ?? []).join(', ') },
    { title: 'HELO', cls: 'text', value: v => v.helo },
  ], spam, { empty: verdicts.error ?? 'No spambot verdicts yet.', rowAttrs: v => ({ 'data-client': v.client }) });
}

function setStatus(text, error) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

function showPanels() {
  $('login').hidden = true;
  $('panels').hidden = false;
  $('forget').hidden = !token;
}

function showLogin(text) {
  stop();
  $('panels').hidden = true;
  $('forget').hidden = true;
  $('login').hidden = false;
  $('login-note').textContent = text;
  setStatus('waiting for the admin token', false);
  $('token').focus();
}

function schedule() {
  if (timer === null) timer = setTimeout(tick, everySeconds * 1000);
}

function stop() {
  if (timer !== null) clearTimeout(timer);
  timer = null;
}

$('login').addEventListener('submit', e => {
  e.preventDefault();
  token = $('token').value.trim();
  $('token').value = '';
  sessionStorage.setItem(TOKEN_KEY, token);
  $('login').hidden = true;
  setStatus('loading…', false);
  stop();
  tick();
});

$('forget').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  token = '';
  showLogin('Token forgotten.');
});

let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(render, 150);
});

tick();
