// The ringcache dashboard: polls this node's /api/cluster every second and draws the ring (each
// member's arcs as primary owner) and the members with their state and figures. Rates (ops/s) come
// from the difference between two polls. No libraries: the page must work with no network but the node.
'use strict';

const POLL_MILLIS = 1000;
const SVG = 'http://www.w3.org/2000/svg';
const previous = new Map(); // member id -> {time, ops}

function colour(id) {
  let h = 0;
  for (const c of id) {
    h = (h * 31 + c.charCodeAt(0)) >>> 0;
  }
  return `hsl(${(h * 137) % 360}, 62%, 52%)`;
}

function num(stats, name) {
  const v = stats && stats[name];
  return v === undefined ? 0 : Number(v);
}

function operations(stats) {
  return ['cmd_get', 'cmd_set', 'cmd_touch', 'cmd_flush', 'delete_hits', 'delete_misses', 'incr_hits',
    'incr_misses', 'decr_hits', 'decr_misses'].reduce((sum, name) => sum + num(stats, name), 0);
}

function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function arcPath(start, end, inner, outer) {
  if (end <= start) {
    end += 1; // wraps past the top
  }
  const a0 = start * 2 * Math.PI - Math.PI / 2;
  const a1 = end * 2 * Math.PI - Math.PI / 2;
  const large = end - start > 0.5 ? 1 : 0;
  const p = (r, a) => `${(r * Math.cos(a)).toFixed(3)} ${(r * Math.sin(a)).toFixed(3)}`;
  return `M ${p(outer, a0)} A ${outer} ${outer} 0 ${large} 1 ${p(outer, a1)} `
      + `L ${p(inner, a1)} A ${inner} ${inner} 0 ${large} 0 ${p(inner, a0)} Z`;
}

function drawRing(view) {
  const svg = document.getElementById('ring');
  svg.replaceChildren();
  const base = document.createElementNS(SVG, 'circle');
  base.setAttribute('r', '90');
  base.setAttribute('fill', 'none');
  base.setAttribute('stroke', '#e3e6ea');
  base.setAttribute('stroke-width', '30');
  svg.appendChild(base);
  for (const m of view.members) {
    for (const [start, end] of m.arcs) {
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', arcPath(start, end, 75, 105));
      path.setAttribute('fill', colour(m.id));
      path.setAttribute('class', 'arc');
      path.dataset.member = m.id;
      svg.appendChild(path);
    }
  }
  const label = document.createElementNS(SVG, 'text');
  label.setAttribute('text-anchor', 'middle');
  label.setAttribute('dy', '0.35em');
  label.setAttribute('font-size', '14');
  label.textContent = `epoch ${view.epoch}`;
  svg.appendChild(label);
  const legend = document.getElementById('legend');
  legend.replaceChildren(...view.members.filter(m => m.arcs.length > 0).map(m => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.style.background = colour(m.id);
    li.append(swatch, `${m.id} ${(m.share * 100).toFixed(1)}%`);
    return li;
  }));
}

function cell(row, content, className) {
  const td = document.createElement('td');
  if (content instanceof Node) {
    td.appendChild(content);
  } else {
    td.textContent = content;
  }
  if (className) {
    td.className = className;
  }
  row.appendChild(td);
  return td;
}

function progressBar(fraction) {
  const bar = document.createElement('span');
  bar.className = 'bar';
  const fill = document.createElement('span');
  fill.style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`;
  bar.appendChild(fill);
  return bar;
}

function drawMembers(view) {
  const body = document.querySelector('#members tbody');
  const rows = view.members.map(m => {
    const tr = document.createElement('tr');
    tr.dataset.member = m.id;
    tr.dataset.state = m.state;
    const name = m.adminUrl ? Object.assign(document.createElement('a'), {href: m.adminUrl, textContent: m.id})
        : document.createTextNode(m.id);
    const id = cell(tr, name);
    if (m.self) {
      id.append(' (this node)');
    }
    cell(tr, Object.assign(document.createElement('span'),
        {className: `state state-${m.state}`, textContent: m.state}));
    cell(tr, m.zone);
    cell(tr, m.address || '-');
    cell(tr, `${(m.share * 100).toFixed(1)}%`);
    if (!m.stats) {
      cell(tr, m.error || 'no answer', 'error').colSpan = 5;
      return tr;
    }
    const s = m.stats;
    cell(tr, num(s, 'curr_items').toLocaleString('en'));
    const ops = operations(s);
    const before = previous.get(m.id);
    const rate = before && view.time > before.time ? (ops - before.ops) * 1000 / (view.time - before.time) : null;
    previous.set(m.id, {time: view.time, ops});
    cell(tr, rate === null || rate < 0 ? '…' : Math.round(rate).toLocaleString('en')).className = 'ops';
    const hits = num(s, 'get_hits');
    const lookups = hits + num(s, 'get_misses');
    cell(tr, lookups === 0 ? '-' : `${(hits * 100 / lookups).toFixed(1)}%`);
    const memory = cell(tr, `${bytes(num(s, 'bytes'))} / ${bytes(num(s, 'limit_maxbytes'))} `);
    memory.appendChild(progressBar(num(s, 'bytes') / Math.max(1, num(s, 'limit_maxbytes'))));
    if (num(s, 'rebalance_running') > 0) {
      const toScan = num(s, 'rebalance_to_scan');
      const done = toScan === 0 ? 0 : num(s, 'rebalance_scanned') / toScan;
      const td = cell(tr, `moving, ${num(s, 'rebalance_items_sent').toLocaleString('en')} sent `);
      td.appendChild(progressBar(done));
    } else {
      cell(tr, `settled (${num(s, 'rebalance_items_sent').toLocaleString('en')} sent)`);
    }
    return tr;
  });
  body.replaceChildren(...rows);
  document.getElementById('member-count').textContent = `(${view.members.length})`;
}

function drawSummary(view) {
  const byState = {};
  for (const m of view.members) {
    byState[m.state] = (byState[m.state] || 0) + 1;
  }
  const states = Object.entries(byState).map(([s, n]) => `${n} ${s}`).join(', ');
  document.getElementById('summary').textContent =
      `node ${view.self} · epoch ${view.epoch} · RF ${view.replicationFactor} · ${states}`;
}

async function poll() {
  const status = document.getElementById('status');
  try {
    const response = await fetch('api/cluster', {cache: 'no-store'});
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    const view = await response.json();
    drawSummary(view);
    drawRing(view);
    drawMembers(view);
    status.textContent = '';
  } catch (e) {
    status.textContent = `this node does not answer (${e.message}); retrying`;
  } finally {
    setTimeout(poll, POLL_MILLIS);
  }
}

poll();
