// Reading what the node serves: the Prometheus text of /metrics, counters turned into rates between polls, the
// time series the page keeps (seeded from the node's last hour, /api/dashboard/history), and formatting.

/** Parses the Prometheus text exposition into Map(name -> [{ labels, value }]). Bad lines are skipped. */
export function parsePrometheus(text) {
  const out = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/.exec(line);
    if (!m) continue;
    const value = Number(m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : m[3]);
    if (Number.isNaN(value)) continue;
    const labels = m[2] ? parseLabels(m[2]) : {};
    if (labels === null) continue;
    if (!out.has(m[1])) out.set(m[1], []);
    out.get(m[1]).push({ labels, value });
  }
  return out;
}

function parseLabels(text) {
  const labels = {};
  let i = 0;
  while (i < text.length) {
    const name = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(text.slice(i));
    if (!name) return null;
    i += name[0].length;
    let value = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) {
        const c = text[i + 1];
        value += c === 'n' ? '\n' : c;
        i += 2;
      } else {
        value += text[i++];
      }
    }
    if (text[i] !== '"') return null;
    labels[name[1]] = value;
    i++;
    while (i < text.length && (text[i] === ',' || text[i] === ' ')) i++;
  }
  return labels;
}

/** Sum of a metric's samples whose labels include every pair in where. */
export function total(metrics, name, where = {}) {
  return (metrics.get(name) ?? [])
    .filter(s => Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);
}

/** A metric's samples summed per value of one label: { value: sum }. */
export function byLabel(metrics, name, label) {
  const out = {};
  for (const s of metrics.get(name) ?? []) {
    const key = s.labels[label] ?? '';
    out[key] = (out[key] ?? 0) + s.value;
  }
  return out;
}

/** A counter's increase between two polls; a counter that went down (restarted) counts from zero. */
export function increase(now, before) {
  return Math.max(0, now >= before ? now - before : now);
}

/** Time series kept in the page for a bounded window: name -> [{ t, v }]. */
export class SeriesStore {
  constructor(keepMs, maxPoints) {
    this.keepMs = keepMs;
    this.maxPoints = maxPoints;
    this.map = new Map();
  }

  /** n: for a rate, the count behind it (the counter's increase since the previous poll). */
  push(name, t, v, n = null) {
    if (v === null || v === undefined || Number.isNaN(v)) return;
    if (!this.map.has(name)) this.map.set(name, []);
    const pts = this.map.get(name);
    pts.push(n === null ? { t, v } : { t, v, n });
    while (pts.length > this.maxPoints || (pts.length && pts[0].t < t - this.keepMs)) pts.shift();
  }

  points(name) {
    return this.map.get(name) ?? [];
  }

  /** Names starting with prefix, without it. */
  names(prefix) {
    return [...this.map.keys()].filter(k => k.startsWith(prefix)).map(k => k.slice(prefix.length));
  }

  /** Sum of a series' values in the window (to rank series, e.g. the busiest sins). */
  sum(name) {
    return this.points(name).reduce((a, p) => a + p.v, 0);
  }
}

export function fmtNumber(v) {
  if (v === null || v === undefined) return '–';
  const a = Math.abs(v);
  if (a >= 1e9) return (v / 1e9).toFixed(1) + 'G';
  if (a >= 1e6) return (v / 1e6).toFixed(1) + 'M';
  if (a >= 1e4) return (v / 1e3).toFixed(1) + 'k';
  if (a >= 100) return String(Math.round(v));
  const r = Math.round(v * 100) / 100;
  return Number.isInteger(r) ? String(r) : r.toFixed(a >= 10 ? 1 : 2);
}

export function fmtBytes(v) {
  if (v === null || v === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? String(Math.round(v)) : v.toFixed(1)) + ' ' + units[i];
}

export function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  const two = (big, bigUnit, small, smallUnit) => (small ? `${big}${bigUnit} ${small}${smallUnit}` : `${big}${bigUnit}`);
  if (s < 60) return `${s}s`;
  if (s < 3600) return two(Math.floor(s / 60), 'm', s % 60, 's');
  if (s < 86400) return two(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'm');
  return two(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h');
}

export function fmtPercent(v) {
  return v === null || v === undefined ? '–' : `${(v * 100).toFixed(v < 0.1 && v > 0 ? 1 : 0)}%`;
}

/** Age of an ISO time relative to the node's clock (ms): "12s ago". */
export function fmtAge(iso, nowMs) {
  if (!iso) return '–';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '–';
  return fmtDuration(Math.max(0, (nowMs - t) / 1000)) + ' ago';
}

/** Whether a listed network is one address: an IPv4 /32 or an IPv6 /128 (an IPv6 /32 is a whole provider). */
export function isSingleAddress(network) {
  const [address, prefix] = network.split('/');
  return address.includes(':') ? prefix === '128' : prefix === '32';
}

/**
 * Time wasted per hour from cumulative totals [{ t: ms, v: seconds }], oldest first. With at least minSpanSeconds
 * of them, the increase over their span scaled to an hour: { perHour, seconds, span }; with less, no rate (a minute
 * extrapolated to an hour says little): { perHour: null, seconds, span }, what was wasted so far in that span.
 */
export function wastedPerHour(totals, minSpanSeconds = 600) {
  if (totals.length === 0) return { perHour: null, seconds: 0, span: 0 };
  const first = totals[0];
  const last = totals[totals.length - 1];
  const span = (last.t - first.t) / 1000;
  const seconds = increase(last.v, first.v);
  return { perHour: span >= minSpanSeconds ? (seconds / span) * 3600 : null, seconds, span };
}

/** The /24 of an IPv4 address or the /64 of an IPv6 address, as CIDR text; null for anything else. */
export function networkOf(address) {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) {
    return address.split('.').slice(0, 3).join('.') + '.0/24';
  }
  const groups = expandIPv6(address);
  if (!groups) return null;
  return compressIPv6([...groups.slice(0, 4), '0', '0', '0', '0']) + '/64';
}

// RFC 5952 text, as the node writes networks: no leading zeros, the longest run of two or more zero groups as "::".
function compressIPv6(groups) {
  const g = groups.map(x => x.replace(/^0+(?=.)/, ''));
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && g[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = Math.max(i, j);
  }
  if (best.at < 0) return g.join(':');
  return g.slice(0, best.at).join(':') + '::' + g.slice(best.at + best.len).join(':');
}

function expandIPv6(address) {
  if (!address.includes(':') || address.includes('.')) return null;
  const [left, right, extra] = address.split('::');
  if (extra !== undefined) return null;
  const l = left ? left.split(':') : [];
  const r = right !== undefined && right !== '' ? right.split(':') : [];
  const fill = right === undefined ? 0 : 8 - l.length - r.length;
  const groups = [...l, ...Array(Math.max(0, fill)).fill('0'), ...r];
  return groups.length === 8 && groups.every(g => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups.map(g => g.toLowerCase()) : null;
}
