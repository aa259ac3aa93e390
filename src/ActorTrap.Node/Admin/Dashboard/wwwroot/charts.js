// Hand-drawn SVG charts and DOM helpers. Every text that reaches the page goes through textContent or an
// attribute, never innerHTML: HELO names and listing reasons come from attackers.

const SVG_NS = 'http://www.w3.org/2000/svg';

export const palette = ['#e4572e', '#4c9be8', '#76b041', '#f2a541', '#9b5de5', '#17bebb', '#8d99ae', '#d81159'];

/** An HTML element with attributes and optional text (as text), appended to parent when given. */
export function el(tag, attrs = {}, text = null, parent = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  if (text !== null && text !== undefined) node.textContent = String(text);
  if (parent) parent.appendChild(node);
  return node;
}

/** An SVG element with attributes, appended to parent when given. */
export function svg(tag, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  if (parent) parent.appendChild(node);
  return node;
}

/** The smallest 1, 2, 2.5 or 5 times a power of ten at or above v: round axis maxima. */
export function niceMax(v) {
  if (!(v > 0)) return 1;
  const e = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * e >= v * 0.9999) return m * e;
  }
  return 10 * e;
}

/** Round axis maxima for durations in seconds: a minute, ten minutes, an hour, six hours, a day, ... */
export function niceDurationMax(v) {
  if (!(v > 0)) return 60;
  for (const step of [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400]) {
    if (step >= v * 0.9999) return step;
  }
  return 86400 * niceMax(v / 86400);
}

/**
 * The y axis for values up to v: a round maximum from nice and ticks at 0, half and the maximum, each with a label
 * that differs from the others. A maximum whose ticks format alike (0.5 B/s rounds to "1 B/s", as does 1 B/s) is
 * raised to the next round one until they differ; a format that cannot tell them apart keeps 0 and the maximum only.
 * Returns { max, ticks: [{ v, label }] }.
 */
export function axisTicks(v, nice, format) {
  let max = nice(v);
  for (let i = 0; i < 12; i++) {
    const ticks = [0, 0.5, 1].map(f => ({ v: max * f, label: format(max * f) }));
    if (new Set(ticks.map(t => t.label)).size === ticks.length) return { max, ticks };
    max = nice(max * 1.01);
  }
  max = nice(v);
  const ends = [{ v: 0, label: format(0) }, { v: max, label: format(max) }];
  return { max, ticks: ends[0].label === ends[1].label ? [ends[1]] : ends };
}

function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

function swatch(color, parent) {
  const s = svg('svg', { width: 12, height: 12, viewBox: '0 0 12 12', 'aria-hidden': 'true' }, parent);
  svg('rect', { width: 12, height: 12, rx: 2, fill: color }, s);
  return s;
}

/**
 * Line chart of time series, drawn at the host's current width.
 * series: [{ name, color, points: [{ t: ms, v }] }]; format(v) labels the y axis and the legend.
 * The svg carries data-chart, and each series group data-series, data-points, data-last and data-max, so a test
 * (or an operator with devtools) can read what is drawn. Points of a rate may carry n, the count behind them: the
 * legend then shows how many there were in view, and the group carries it as data-count.
 */
export function lineChart(host, { id, series, format = String, nice = niceMax, height = 170, minSpanMs = 60000 }) {
  host.replaceChildren();
  const width = Math.max(260, Math.floor(host.clientWidth || 400));
  const pad = { left: 52, right: 10, top: 8, bottom: 20 };
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-chart': id }, host);
  const all = series.flatMap(s => s.points);
  const title = svg('title', {}, root);
  title.textContent = series.map(s => s.name).join(', ');
  if (all.length === 0) {
    svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, root).textContent = 'waiting for data…';
    root.setAttribute('data-points', '0');
    return root;
  }

  const tMax = Math.max(...all.map(p => p.t));
  const tMin = Math.min(Math.min(...all.map(p => p.t)), tMax - minSpanMs);
  const axis = axisTicks(Math.max(...all.map(p => p.v)), nice, format);
  const yMax = axis.max;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = t => pad.left + ((t - tMin) / (tMax - tMin)) * plotW;
  const y = v => pad.top + plotH - (v / yMax) * plotH;

  for (const tick of axis.ticks) {
    const yy = y(tick.v);
    svg('line', { x1: pad.left, x2: width - pad.right, y1: yy, y2: yy, class: 'axis' }, root);
    svg('text', { x: pad.left - 4, y: yy + 3, 'text-anchor': 'end', class: 'tick y-tick' }, root).textContent = tick.label;
  }
  svg('text', { x: pad.left, y: height - 5, class: 'tick' }, root).textContent = clock(tMin);
  svg('text', { x: width - pad.right, y: height - 5, 'text-anchor': 'end', class: 'tick' }, root).textContent = clock(tMax);

  let points = 0;
  for (const s of series) {
    const g = svg('g', { 'data-series': s.name }, root);
    const pts = s.points;
    points = Math.max(points, pts.length);
    g.setAttribute('data-points', String(pts.length));
    if (pts.length === 0) continue;
    g.setAttribute('data-last', String(pts[pts.length - 1].v));
    g.setAttribute('data-max', String(Math.max(...pts.map(p => p.v))));
    if (pts.some(p => p.n !== undefined)) g.setAttribute('data-count', String(countOf(pts)));
    const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
    svg('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 2, 'stroke-linejoin': 'round' }, g);
    const last = pts[pts.length - 1];
    svg('circle', { cx: x(last.t).toFixed(1), cy: y(last.v).toFixed(1), r: 2.5, fill: s.color }, g);
  }
  root.setAttribute('data-points', String(points));

  const legend = el('ul', { class: 'legend' }, null, host);
  for (const s of series) {
    const li = el('li', { 'data-series': s.name }, null, legend);
    swatch(s.color, li);
    el('span', {}, s.name, li);
    const last = s.points.length ? s.points[s.points.length - 1].v : null;
    el('b', {}, last === null ? '–' : format(last), li);
    if (s.points.some(p => p.n !== undefined)) el('span', { class: 'count' }, `(${countOf(s.points)} in view)`, li);
  }
  return root;
}

function countOf(points) {
  return points.reduce((a, p) => a + (p.n ?? 0), 0);
}

/**
 * Horizontal bars: rows [{ label, value, text, title }], longest bar = largest value. Rows carry data-label and
 * data-value.
 */
export function barList(host, rows, { color = palette[0], empty = 'nothing yet' } = {}) {
  host.replaceChildren();
  if (rows.length === 0) {
    el('p', { class: 'empty-text' }, empty, host);
    return;
  }
  const max = Math.max(...rows.map(r => r.value)) || 1;
  for (const r of rows) {
    const row = el('div', { class: 'bar-row', 'data-label': r.label, 'data-value': r.value }, null, host);
    el('span', { class: 'bar-label', title: r.title ?? r.label }, r.label, row);
    const bar = svg('svg', { viewBox: '0 0 100 12', preserveAspectRatio: 'none', 'aria-hidden': 'true' }, row);
    svg('rect', { x: 0, y: 1, height: 10, width: Math.max(0.5, (r.value / max) * 100).toFixed(2), rx: 1.5, fill: color }, bar);
    el('span', { class: 'bar-value' }, r.text ?? String(r.value), row);
  }
}

/**
 * A table: columns [{ title, value(row) -> string | Node, cls }]. Strings are inserted as text.
 */
export function table(host, columns, rows, { empty = 'nothing yet', rowAttrs = () => ({}) } = {}) {
  host.replaceChildren();
  if (rows.length === 0) {
    el('p', { class: 'empty-text' }, empty, host);
    return;
  }
  const t = el('table', {}, null, host);
  const head = el('tr', {}, null, el('thead', {}, null, t));
  for (const c of columns) el('th', { class: c.cls ?? null }, c.title, head);
  const body = el('tbody', {}, null, t);
  for (const row of rows) {
    const tr = el('tr', rowAttrs(row), null, body);
    for (const c of columns) {
      const td = el('td', { class: c.cls ?? null }, null, tr);
      const v = c.value(row);
      if (v instanceof Node) td.appendChild(v);
      else td.textContent = v === null || v === undefined ? '–' : String(v);
    }
  }
}

/** A coloured label: kind is ok, warn or bad. */
export function badge(text, kind) {
  return el('span', { class: `badge ${kind}` }, text);
}
