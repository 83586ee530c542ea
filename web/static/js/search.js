// Catalogue search: /api/v1/standards?q=&country=&limit=&offset=, one list
// item per standard with a link to its page.
import { t, h, api, errorText, countryName, params, fillCountries, setSelect, status, foreign, focusHeading, refreshLanguageLinks } from './common.js';

const LIMIT = 20;
const form = document.getElementById('search');
const qInput = document.getElementById('sq');
const countrySel = document.getElementById('country');
const section = document.getElementById('results');
const list = document.getElementById('result-list');
const pager = document.getElementById('pager');

const shortNames = new Map();

async function loadCountries() {
	const [fw, res] = await Promise.all([api('/api/v1/frameworks'), api('/api/v1/countries')]);
	const list = fw.ok && fw.data ? (Array.isArray(fw.data) ? fw.data : fw.data.frameworks || []) : [];
	for (const f of list) if (f.short_name) shortNames.set(f.id, f.short_name);
	if (!res.ok || !res.data || !Array.isArray(res.data.countries)) return;
	const codes = res.data.countries.filter((c) => c.standards > 0).map((c) => c.country);
	if (codes.length) fillCountries(countrySel, codes, 'all_countries');
}

function pageLink(q, country, offset, key, rel) {
	const p = new URLSearchParams();
	if (q) p.set('q', q);
	if (country) p.set('country', country);
	if (offset) p.set('offset', String(offset));
	const a = h('a', { href: '/search?' + p.toString(), rel }, t(key));
	a.addEventListener('click', (ev) => {
		ev.preventDefault();
		history.pushState(null, '', a.getAttribute('href'));
		refreshLanguageLinks();
		run(q, country, offset, true);
	});
	return a;
}

function item(s) {
	const href = `/standard?country=${encodeURIComponent(s.country)}&code=${encodeURIComponent(s.code)}`;
	const meta = [countryName(s.country), s.code];
	if (s.body) meta.push(t('std_body', { body: s.body }));
	if (s.level && s.level.level) meta.push(t('std_level', { level: s.level.level, framework: shortNames.get(s.level.framework) || s.level.framework }));
	if (typeof s.units === 'number') meta.push(t('std_units_count', { n: s.units }));
	return h('li', { 'data-code': `${s.country}/${s.code}` },
		h('a', { href, class: 'title' }, foreign('span', s.title, s.language)),
		h('p', { class: 'meta' }, meta.join(' · ')),
		s.sector ? foreign('p', s.sector, s.language, { class: 'meta' }) : null);
}

let seq = 0;
async function run(q, country, offset, moveFocus) {
	const mine = ++seq;
	if (!q && !country) {
		section.hidden = true;
		status(t('search_empty'));
		return;
	}
	status(t('loading'));
	list.setAttribute('aria-busy', 'true');
	const p = new URLSearchParams({ limit: String(LIMIT), offset: String(offset || 0) });
	if (q) p.set('q', q);
	if (country) p.set('country', country);
	p.set('lang', document.documentElement.lang);
	const res = await api('/api/v1/standards?' + p.toString());
	if (mine !== seq) return;
	list.removeAttribute('aria-busy');
	list.textContent = '';
	pager.textContent = '';
	if (!res.ok || !res.data) {
		section.hidden = true;
		status(errorText(res), 'error');
		return;
	}
	const rows = Array.isArray(res.data.results) ? res.data.results : [];
	section.hidden = rows.length === 0;
	if (rows.length === 0) {
		status(t('search_none'));
		return;
	}
	for (const s of rows) list.append(item(s));
	list.setAttribute('start', String((offset || 0) + 1));
	const total = typeof res.data.total === 'number' ? res.data.total : null;
	let msg;
	if (!offset && rows.length < LIMIT) msg = rows.length === 1 ? t('search_count_one') : t('search_count_many', { n: rows.length });
	else msg = t('search_count_more', { from: (offset || 0) + 1, to: (offset || 0) + rows.length });
	if (total !== null && (offset || rows.length === LIMIT)) msg += ' ' + t('search_count_many', { n: total });
	if (res.data.relaxed) msg += ' ' + t('search_relaxed');
	status(msg);
	if (offset > 0) pager.append(pageLink(q, country, Math.max(0, offset - LIMIT), 'pager_prev', 'prev'));
	const more = total !== null ? offset + rows.length < total : rows.length === LIMIT;
	if (more) pager.append(pageLink(q, country, offset + LIMIT, 'pager_next', 'next'));
	if (moveFocus) focusHeading(document.getElementById('results-title'));
}

function fromQuery(moveFocus) {
	const p = params();
	qInput.value = p.get('q') || '';
	setSelect(countrySel, p.get('country') || '');
	if (!p.get('country')) countrySel.value = '';
	const offset = Math.max(0, parseInt(p.get('offset') || '0', 10) || 0);
	if (p.has('q') || p.has('country')) run((p.get('q') || '').trim(), p.get('country') || '', offset, moveFocus);
}

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const q = qInput.value.trim();
	const country = countrySel.value;
	const p = new URLSearchParams();
	if (q) p.set('q', q);
	if (country) p.set('country', country);
	history.pushState(null, '', '/search?' + p.toString());
	refreshLanguageLinks();
	run(q, country, 0, true);
});

window.addEventListener('popstate', () => {
	refreshLanguageLinks();
	fromQuery(false);
});

loadCountries().then(() => fromQuery(false));
