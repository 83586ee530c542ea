// Level comparison: /api/v1/levels/compare?a=&b= gives every pair of levels of
// two frameworks with their relation through a regional framework; the page
// shows one row per level of the first, with the matching levels of the second.
import { t, h, api, errorText, countryName, params, setSelect, status, pick, focusHeading, refreshLanguageLinks } from './common.js';

const form = document.getElementById('levels');
const aSel = document.getElementById('a');
const bSel = document.getElementById('b');
const section = document.getElementById('table');
const heading = document.getElementById('table-title');
const tableBody = document.getElementById('table-body');

let frameworks = [];
const byCountry = new Map();

function fwLabel(fw) {
	const name = fw.short_name || pick(fw.name) || fw.id;
	return t('framework_option', { name, country: countryName(fw.country) });
}

/** A short name for table headings: the country, or the framework's short name. */
function fwShort(id) {
	const fw = frameworks.find((f) => f.id === id);
	if (!fw) return countryName(id);
	return /^[A-Z]{2}$/.test(fw.country || '') ? countryName(fw.country) : fw.short_name || pick(fw.name) || id;
}

function fwName(id) {
	const fw = frameworks.find((f) => f.id === id);
	return fw ? fwLabel(fw) : byCountry.has(id) ? countryName(id) : id;
}

async function load() {
	const [fr, cr] = await Promise.all([api('/api/v1/frameworks'), api('/api/v1/countries')]);
	const list = fr.ok && fr.data ? (Array.isArray(fr.data) ? fr.data : fr.data.frameworks || []) : [];
	frameworks = list;
	if (cr.ok && cr.data && Array.isArray(cr.data.countries)) {
		for (const c of cr.data.countries) byCountry.set(c.country, c.framework || null);
	}
	const sorted = [...list].sort((x, y) => fwLabel(x).localeCompare(fwLabel(y)));
	for (const sel of [aSel, bSel]) {
		for (const fw of sorted) sel.append(h('option', { value: fw.id }, fwLabel(fw)));
	}
	if (!fr.ok) status(errorText(fr), 'error');
}

/** A country code in the query stands for its framework. */
function resolve(v) {
	if (!v) return '';
	if (frameworks.some((f) => f.id === v)) return v;
	const up = v.toUpperCase();
	if (byCountry.get(up)) return byCountry.get(up);
	return v;
}

function ensureOption(sel, v) {
	if (!v || [...sel.options].some((o) => o.value === v)) return;
	sel.append(h('option', { value: v }, countryName(v)));
}

async function levelInfo(id) {
	const res = await api('/api/v1/frameworks/' + encodeURIComponent(id));
	const info = new Map();
	const d = res.ok && res.data ? res.data.framework || res.data : null;
	const levels = d && Array.isArray(d.level_list) ? d.level_list : d && Array.isArray(d.levels) ? d.levels : [];
	for (const l of levels) if (l && l.code !== undefined) info.set(String(l.code), { rank: l.rank, name: pick(l.name) });
	return info;
}

function range(r) {
	if (!Array.isArray(r) || r.length === 0) return '';
	return r[0] === r[r.length - 1] ? String(r[0]) : `${r[0]}–${r[r.length - 1]}`;
}

function render(rows, aId, bId, aInfo, bInfo) {
	tableBody.textContent = '';
	const aName = fwName(aId);
	const bName = fwName(bId);
	heading.textContent = t('levels_caption', { a: aName, b: bName });
	const groups = new Map();
	for (const r of rows) {
		const k = String(r.a.level);
		if (!groups.has(k)) groups.set(k, []);
		groups.get(k).push(r);
	}
	const rank = (info, code) => (info.get(code) && typeof info.get(code).rank === 'number' ? info.get(code).rank : parseFloat(code) || 0);
	const aLevels = [...groups.keys()].sort((x, y) => rank(aInfo, x) - rank(aInfo, y));
	const tbody = h('tbody');
	const statuses = new Set();
	for (const code of aLevels) {
		const pairs = groups.get(code);
		const first = pairs.find((p) => p.via) || pairs[0];
		const matches = pairs.filter((p) => p.relation === 'exact' || p.relation === 'overlapping')
			.sort((x, y) => rank(bInfo, String(x.b.level)) - rank(bInfo, String(y.b.level)));
		for (const p of pairs) if (p.status) statuses.add(p.status);
		const aName2 = aInfo.get(code) && aInfo.get(code).name;
		const cell = h('td', { class: matches.some((m) => m.relation === 'exact') ? 'exact' : null });
		if (matches.length === 0) cell.append(t('levels_no_match'));
		matches.forEach((m, i) => {
			const bc = String(m.b.level);
			const bn = bInfo.get(bc) && bInfo.get(bc).name;
			if (i) cell.append(h('br'));
			cell.append(h('span', { 'data-relation': m.relation }, bn ? `${bc} · ${bn}` : bc,
				m.relation === 'overlapping' ? ` (${t('levels_overlap')})` : ''));
		});
		tbody.append(h('tr', { 'data-level': code },
			h('th', { scope: 'row' }, aName2 ? `${code} · ${aName2}` : code),
			h('td', null, first && first.via ? t('levels_regional_value', { via: String(first.via).toUpperCase(), range: range(first.a_range) }) : '—'),
			cell));
	}
	const table = h('table', null,
		h('caption', { class: 'vh' }, t('levels_caption', { a: aName, b: bName })),
		h('thead', null, h('tr', null,
			h('th', { scope: 'col' }, t('levels_th_a', { a: fwShort(aId) })),
			h('th', { scope: 'col' }, t('levels_th_regional')),
			h('th', { scope: 'col' }, t('levels_th_b', { b: fwShort(bId) })))),
		tbody);
	tableBody.append(h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'table-title' }, table));
	for (const s of statuses) {
		const k = 'levels_status_' + s;
		if (t(k) !== k) tableBody.append(h('p', { class: s === 'official' ? 'small' : 'notice' }, t(k)));
	}
	section.hidden = false;
	status(t('levels_rows', { n: aLevels.length }));
}

let seq = 0;
async function run(a, b, moveFocus) {
	const mine = ++seq;
	status(t('loading'));
	section.hidden = true;
	const qs = new URLSearchParams({ a, b });
	const res = await api('/api/v1/levels/compare?' + qs.toString());
	if (mine !== seq) return;
	if (!res.ok || !res.data) {
		if (res.status === 404 || res.status === 400 || res.status === 422) {
			const msg = res.data && res.data.error && res.data.error.message;
			status(t('levels_unknown') + (msg ? ' ' + t('server_message', { message: msg }) : ''), 'error');
		} else {
			status(errorText(res), 'error');
		}
		return;
	}
	let rows = Array.isArray(res.data) ? res.data : res.data.table || res.data.pairs || res.data.comparisons || [res.data];
	rows = rows.filter((r) => r && r.a && r.b);
	if (rows.length === 0) {
		status(t('levels_unknown'), 'error');
		return;
	}
	const aId = rows[0].a.framework;
	const bId = rows[0].b.framework;
	const [aInfo, bInfo] = await Promise.all([levelInfo(aId), levelInfo(bId)]);
	if (mine !== seq) return;
	render(rows, aId, bId, aInfo, bInfo);
	if (moveFocus) focusHeading(heading);
}

function fromQuery(moveFocus) {
	const p = params();
	const a = resolve(p.get('a') || '');
	const b = resolve(p.get('b') || '');
	ensureOption(aSel, a);
	ensureOption(bSel, b);
	setSelect(aSel, a);
	setSelect(bSel, b);
	if (p.get('a') && p.get('b')) run(p.get('a'), p.get('b'), moveFocus);
}

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	if (!aSel.value || !bSel.value) {
		status(t('levels_choose'), 'error');
		(aSel.value ? bSel : aSel).focus();
		return;
	}
	const p = new URLSearchParams({ a: aSel.value, b: bSel.value });
	history.pushState(null, '', '/levels?' + p.toString());
	refreshLanguageLinks();
	run(aSel.value, bSel.value, true);
});

window.addEventListener('popstate', () => {
	refreshLanguageLinks();
	fromQuery(false);
});

load().then(() => fromQuery(false));
