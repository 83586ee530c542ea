// A standard's page: /standard?country=CR&code=CR-COOK-01 shows
// /api/v1/standards/{country}/{code}: units, elements, performance criteria,
// knowledge and evidence, in the language the country wrote them in.
import { t, h, api, errorText, countryName, params, fillCountries, status, pick, pickL, foreign, formatDate } from './common.js';

const title = document.getElementById('std-title');
const body = document.getElementById('std-body');
const homSection = document.getElementById('homologate');

function fact(dl, key, value) {
	if (value === null || value === undefined || value === '') return;
	dl.append(h('dt', null, t(key)), value instanceof Node ? h('dd', null, value) : h('dd', null, String(value)));
}

function statusText(s) {
	const k = 'status_' + s;
	const v = t(k);
	return v === k ? s : v;
}

function langName(l) {
	const k = 'lang_name_' + l;
	const v = t(k);
	return v === k ? l : v;
}

function renderUnit(u, lang) {
	const tags = [];
	tags.push(u.type === 'elective' ? t('std_unit_elective') : t('std_unit_core'));
	if (u.hours) tags.push(t('std_unit_hours', { n: u.hours }));
	const sec = h('section', { class: 'unit', 'aria-labelledby': `unit-${u.code}` },
		h('h3', { id: `unit-${u.code}` }, `${u.code} · `, foreign('span', u.title, lang), ' ', h('span', { class: 'tag' }, `(${tags.join(', ')})`)));
	const elements = Array.isArray(u.elements) ? u.elements : [];
	if (elements.length) {
		const ol = h('ol', { class: 'elements' });
		for (const e of elements) {
			const li = h('li', null, h('strong', null, `${e.code} · `, foreign('span', e.title, lang)));
			const crit = Array.isArray(e.criteria) ? e.criteria : [];
			if (crit.length) {
				li.append(h('p', { class: 'small' }, t('std_criteria')));
				li.append(h('ul', null, crit.map((c) => foreign('li', c.text, lang))));
			}
			ol.append(li);
		}
		// Collapsed: on a phone the list of units is the overview.
		sec.append(h('details', { class: 'elements' }, h('summary', null, `${t('std_elements')} (${elements.length})`), ol));
	}
	const knowledge = Array.isArray(u.knowledge) ? u.knowledge : [];
	if (knowledge.length) {
		sec.append(h('details', null, h('summary', null, t('std_knowledge')),
			h('ul', null, knowledge.map((k) => foreign('li', k, lang)))));
	}
	const evidence = Array.isArray(u.evidence) ? u.evidence : [];
	if (evidence.length) {
		sec.append(h('details', null, h('summary', null, t('std_evidence')),
			h('ul', null, evidence.map((e) => foreign('li', e.text || e, lang)))));
	}
	return sec;
}

/** "2 · Técnico 2 (MNC-EFTP-CR)" once the framework is known. */
async function levelName(level, el) {
	const res = await api('/api/v1/frameworks/' + encodeURIComponent(level.framework));
	if (!res.ok || !res.data) return;
	const fw = res.data;
	const l = (Array.isArray(fw.level_list) ? fw.level_list : []).find((x) => String(x.code) === String(level.level));
	const name = l ? pick(l.name) : '';
	el.textContent = `${level.level}${name ? ' · ' + name : ''} (${fw.short_name || pick(fw.name) || level.framework})`;
}

function render(s) {
	const lang = s.language;
	const tl = pickL(s.title, lang);
	title.textContent = tl.text || s.code;
	if (tl.lang && tl.lang !== document.documentElement.lang) title.setAttribute('lang', tl.lang);
	else title.removeAttribute('lang');
	document.title = `${tl.text || s.code} · ${t('app_name')}`;

	const original = lang && s.title && s.title[lang];
	if (original && tl.lang !== lang) body.append(h('p', null, h('strong', null, t('std_original_title')), ': ', h('span', { lang }, original)));

	const dl = h('dl', { class: 'facts' });
	fact(dl, 'std_field_code', s.code);
	fact(dl, 'std_field_country', countryName(s.country));
	fact(dl, 'std_field_body', s.body);
	if (s.level && s.level.level) {
		const dd = h('span', { id: 'std-level' }, `${s.level.level} (${s.level.framework})`);
		fact(dl, 'std_field_level', dd);
		levelName(s.level, dd);
	}
	if (s.sector) fact(dl, 'std_field_sector', foreign('span', s.sector, lang));
	const isco = s.codes && Array.isArray(s.codes.isco08) ? s.codes.isco08.join(', ') : s.isco08;
	fact(dl, 'std_field_isco', isco);
	fact(dl, 'std_field_version', s.version);
	if (s.status) fact(dl, 'std_field_status', statusText(s.status));
	if (s.valid_from) fact(dl, 'std_field_valid', formatDate(s.valid_from));
	if (s.valid_to) fact(dl, 'std_field_valid_to', formatDate(s.valid_to));
	if (lang) fact(dl, 'std_field_language', langName(lang));
	body.append(dl);

	if (s.alt_titles) {
		const alts = [];
		for (const [l, arr] of Object.entries(s.alt_titles)) {
			if (Array.isArray(arr)) for (const a of arr) alts.push(h('span', { lang: l }, a));
		}
		if (alts.length) {
			const p = h('p', null, h('strong', null, t('std_also_called')), ': ');
			alts.forEach((a, i) => p.append(i ? ', ' : '', a));
			body.append(p);
		}
	}
	if (s.description && pick(s.description)) body.append(foreign('p', s.description, lang, { class: 'lead' }));
	if (lang && lang !== document.documentElement.lang) body.append(h('p', { class: 'small' }, t('original_language_note')));

	// What it is worth elsewhere, before the long list of units.
	body.append(homSection);

	const units = Array.isArray(s.units) ? s.units : [];
	if (units.length) {
		body.append(h('h2', null, t('std_units'), ` (${units.length})`));
		for (const u of units) body.append(renderUnit(u, lang));
	}
}

async function setupHomologate(country, code) {
	document.getElementById('hom-from').value = country;
	document.getElementById('hom-q').value = code;
	const sel = document.getElementById('hom-to');
	const res = await api('/api/v1/countries');
	if (res.ok && res.data && Array.isArray(res.data.countries)) {
		const codes = res.data.countries.filter((c) => c.standards > 0 && c.country !== country).map((c) => c.country);
		if (codes.length) fillCountries(sel, codes, 'choose_country');
	}
	homSection.hidden = false;
}

async function main() {
	const p = params();
	let country = (p.get('country') || '').trim();
	let code = (p.get('code') || '').trim();
	if (!country && code.includes('/')) [country, code] = code.split('/', 2);
	if (!country || !code) {
		status(t('standard_missing_params'), 'error');
		body.append(h('p', null, h('a', { href: '/search' }, t('nav_search'))));
		return;
	}
	status(t('standard_loading'));
	const res = await api(`/api/v1/standards/${encodeURIComponent(country)}/${encodeURIComponent(code)}?lang=${encodeURIComponent(document.documentElement.lang)}`);
	if (!res.ok || !res.data) {
		status(res.status === 404 ? t('standard_not_found') : errorText(res), 'error');
		if (res.status === 404) body.append(h('p', null, h('a', { href: '/search?q=' + encodeURIComponent(code) }, t('nav_search'))));
		return;
	}
	status('');
	render(res.data.standard || res.data);
	setupHomologate(country, code);
}

main();
