// Start page: where did you learn your trade, where are you now, what do you
// do? Asks /api/v1/guide and shows what is recognised, what is missing and
// the next step. The form also works as a plain GET form: the answer is
// computed from the query string when the page loads.
import { t, h, api, errorText, countryName, params, fillCountries, setSelect, status, percent, pick, foreign, formatDate, focusHeading, refreshLanguageLinks } from './common.js';

const form = document.getElementById('guide');
const fromSel = document.getElementById('from');
const toSel = document.getElementById('to');
const qInput = document.getElementById('q');
const formError = document.getElementById('guide-error');
const section = document.getElementById('answer');
const list = document.getElementById('answer-list');

const staticCodes = [...fromSel.options].map((o) => o.value).filter(Boolean);
/** Countries whose catalogue Puente holds; null until known. */
let withData = null;

async function loadCountries() {
	const res = await api('/api/v1/countries');
	if (!res.ok || !res.data || !Array.isArray(res.data.countries)) return;
	const rows = res.data.countries;
	withData = new Set(rows.filter((c) => c.standards > 0).map((c) => c.country));
	const all = staticCodes.concat(rows.map((c) => c.country));
	fillCountries(fromSel, all, 'choose_country');
	// A worker may be anywhere: countries without a catalogue stay, marked.
	const notes = {};
	for (const c of all) if (!withData.has(c)) notes[c] = t('no_data_yet');
	fillCountries(toSel, all, 'choose_country', notes);
}

function showError(text) {
	formError.textContent = text;
	formError.hidden = !text;
}

function relationText(level) {
	const rel = level && level.relation;
	const key = 'rel_' + (rel || 'unknown');
	const s = t(key);
	return s === key ? t('rel_unknown') : s;
}

function unitList(units, cls) {
	const ul = h('ul', { class: 'units ' + (cls || '') });
	for (const u of units) ul.append(u);
	return ul;
}

function chosenCandidate(hom) {
	const cands = Array.isArray(hom.candidates) ? hom.candidates : [];
	const ag = hom.agreement;
	if (ag && ag.destination_code) {
		const c = cands.find((x) => x.standard && x.standard.code === ag.destination_code);
		if (c) return c;
	}
	return cands[0] || null;
}

function noticeOf(hom) {
	const ag = hom.agreement;
	if (hom.suggestion === false && ag) {
		const box = h('div', { class: 'notice agreement' });
		box.append(h('p', null, t('notice_agreement', { agreement: pick(ag.title) || ag.id })));
		if (ag.confirmed_by) {
			box.append(h('p', null, t('notice_confirmed', { who: ag.confirmed_by, date: formatDate(ag.confirmed_at) })));
		}
		if (ag.conditions && pick(ag.conditions)) {
			box.append(h('p', null, h('strong', null, t('agreement_conditions')), ' ', foreign('span', ag.conditions)));
		}
		return box;
	}
	return h('p', { class: 'notice suggestion' }, t('notice_suggestion'));
}

function explainTable(cand, dest, policy) {
	const units = Array.isArray(cand.units) ? cand.units : [];
	const det = h('details', { class: 'explain' }, h('summary', null, t('explain_summary')));
	if (cand.reason) det.append(h('p', null, t('explain_reason', { reason: cand.reason })));
	/* The bar a unit had to reach falls as the rest of the two standards
	   agrees: say so, or a covered 21% beside a gap at 30% looks wrong. */
	const alone = policy && Number(policy.unit_threshold);
	if (units.length && alone && Number(cand.unit_threshold) < alone - 0.005) {
		det.append(h('p', { class: 'small' }, t('explain_threshold', {
			threshold: percent(cand.unit_threshold), alone: percent(alone), agree: percent(cand.context) })));
	}
	if (cand.level && cand.level.basis) det.append(h('p', { class: 'small' }, cand.level.basis));
	if (units.length) {
		const tbody = h('tbody');
		for (const u of units) {
			tbody.append(h('tr', null,
				h('td', null, `${u.destination || ''} `, foreign('span', u.destination_title)),
				h('td', null, u.source ? `${u.source} ` : '', u.source ? foreign('span', u.source_title) : '—'),
				h('td', null, `${percent(u.score)}%`),
				h('td', null, u.covered ? t('yes') : t('explain_not_covered'))));
		}
		det.append(h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('explain_summary') },
			h('table', null,
				h('thead', null, h('tr', null,
					h('th', { scope: 'col' }, t('explain_th_destination', { country: countryName(dest) })),
					h('th', { scope: 'col' }, t('explain_th_source')),
					h('th', { scope: 'col' }, t('explain_th_score')),
					h('th', { scope: 'col' }, t('explain_th_covered')))),
				tbody)));
	}
	return det;
}

/* The server names the next step with a key (next.partial, ...) and its
   text; the page says it with the destination country's name. */
const NEXT = { 'next.full': 'next_step_full', 'next.full_agreement': 'next_step_full_agreement', 'next.partial': 'next_step_partial', 'next.none': 'next_step_none' };
function nextStep(ans, eq, dest) {
	const vars = { country: countryName(dest) };
	if (NEXT[ans.next_step]) return t(NEXT[ans.next_step], vars);
	if (ans.next_step_text && ans.next_step_text !== ans.next_step) return ans.next_step_text;
	if (ans.next_step && !/^[a-z_.]+$/.test(ans.next_step)) return ans.next_step;
	return t('next_step_' + eq, vars);
}

function renderAnswer(ans, index, toCountry) {
	const hom = ans.homologation || {};
	const src = Object.assign({}, hom.source || {}, ans.source || {});
	const dest = hom.destination_country || toCountry;
	const cand = chosenCandidate(hom);
	const eq = hom.equivalence || (cand && cand.equivalence) || 'none';
	const std = cand && cand.standard ? cand.standard : null;
	const art = h('article', { class: 'answer' + (index === 0 ? ' best' : ''), 'aria-labelledby': `ans-${index}` });

	art.append(h('h3', { id: `ans-${index}` },
		foreign('span', src.title, src.language), ' → ', std ? foreign('span', std.title, std.language) : countryName(dest)));
	art.append(h('p', null, t('answer_source', { title: pick(src.title, src.language), country: countryName(src.country), code: src.code || '' })));
	if (std) {
		const key = eq === 'none' ? 'answer_closest' : 'answer_destination';
		art.append(h('p', null, t(key, { title: pick(std.title, std.language), country: countryName(dest), code: std.code })));
	} else {
		art.append(h('p', null, t('answer_no_destination', { country: countryName(dest) })));
	}

	art.append(h('p', null, h('span', { class: `badge ${eq}`, 'data-equivalence': eq }, t('eq_' + eq))));
	art.append(h('p', null, t(`eq_${eq}_explain`, { country: countryName(dest) })));
	if (cand && typeof cand.coverage === 'number' && eq !== 'none') {
		const pc = percent(cand.coverage);
		art.append(h('p', null, t('coverage', { percent: pc })));
	}
	art.append(noticeOf(hom));

	if (cand && eq !== 'none') {
		const covered = (Array.isArray(cand.units) ? cand.units : []).filter((u) => u.covered);
		if (covered.length) {
			art.append(h('h4', null, t('recognised_heading')));
			art.append(h('p', null, t('recognised_intro', { country: countryName(dest) })));
			art.append(unitList(covered.map((u) => foreign('li', u.destination_title)), 'covered'));
		}
		art.append(h('h4', null, t('missing_heading')));
		const gaps = Array.isArray(cand.gap_units) ? cand.gap_units : [];
		if (gaps.length) {
			art.append(h('p', null, t('missing_intro')));
			art.append(unitList(gaps.map((g) => {
				const li = foreign('li', g.title);
				const crit = Array.isArray(g.criteria) ? g.criteria : [];
				if (crit.length) {
					li.append(h('details', null, h('summary', null, t('missing_criteria')),
						h('ul', null, crit.map((c) => foreign('li', c.text)))));
				}
				return li;
			}), 'gap'));
		} else {
			art.append(h('p', null, t('missing_none')));
		}
	}

	if (cand && cand.level) {
		art.append(h('h4', null, t('level_heading')));
		art.append(h('p', null, relationText(cand.level)));
	}

	art.append(h('h4', null, t('next_step_heading')));
	art.append(h('div', { class: 'next' }, h('p', null, nextStep(ans, eq, dest))));

	if (std) {
		const href = `/standard?country=${encodeURIComponent(std.country || dest)}&code=${encodeURIComponent(std.code)}`;
		art.append(h('p', null, h('a', { href }, t('see_standard', { code: std.code }))));
	}
	if (cand) art.append(explainTable(cand, dest, hom.policy));

	const others = (Array.isArray(hom.candidates) ? hom.candidates : [])
		.filter((c) => c !== cand && c.equivalence && c.equivalence !== 'none' && c.standard);
	if (others.length) {
		art.append(h('h4', null, t('other_matches', { country: countryName(dest) })));
		art.append(h('ul', null, others.map((c) => h('li', null,
			h('a', { href: `/standard?country=${encodeURIComponent(c.standard.country)}&code=${encodeURIComponent(c.standard.code)}` },
				foreign('span', c.standard.title, c.standard.language)),
			' — ', t('eq_' + c.equivalence), ', ', t('coverage', { percent: percent(c.coverage) })))));
	}
	return art;
}

/* The guide reads q in the page's language; where the server cannot analyse
   that language, the closest one it knows reads the words (Kreyòl words are
   mostly French, Portuguese ones close to Spanish). */
const QUERY_FALLBACK = { ht: 'fr', pt: 'es' };

async function guide(from, to, q, lang) {
	const ask = (l) => api('/api/v1/guide?' + new URLSearchParams({ from, to, q, lang: l }).toString());
	const res = await ask(lang);
	const msg = res.data && res.data.error && res.data.error.message;
	if (res.status === 400 && QUERY_FALLBACK[lang] && /language/i.test(msg || '')) {
		const again = await ask(QUERY_FALLBACK[lang]);
		again.otherLanguage = true;
		return again;
	}
	return res;
}

/* Nothing of the origin country matched (or it has no catalogue in Puente):
   the trade may still be certified where the worker is now, by assessing what
   was learnt at work. */
async function destinationOnly(from, to, q) {
	const p = new URLSearchParams({ q, country: to, limit: '3', lang: document.documentElement.lang });
	const res = await api('/api/v1/standards?' + p.toString());
	if (!res.ok || !res.data || !Array.isArray(res.data.results) || res.data.results.length === 0) return null;
	const rows = res.data.relaxed ? res.data.results.slice(0, 1) : res.data.results;
	const art = h('article', { class: 'answer best', 'aria-labelledby': 'ans-dest' },
		h('h3', { id: 'ans-dest' }, t('guide_destination_heading', { country: countryName(to) })),
		h('p', null, t('guide_no_source', { from: countryName(from) })),
		h('p', null, t('guide_destination_intro', { from: countryName(from), country: countryName(to) })),
		h('ul', { class: 'units destination' }, rows.map((s) => h('li', { 'data-code': `${s.country}/${s.code}` },
			h('a', { href: `/standard?country=${encodeURIComponent(s.country)}&code=${encodeURIComponent(s.code)}` },
				foreign('span', s.title, s.language)), ` (${s.code})`))),
		h('h4', null, t('next_step_heading')),
		h('div', { class: 'next' }, h('p', null, t('next_step_none', { country: countryName(to) }))));
	return art;
}

let seq = 0;
async function run(from, to, q, moveFocus) {
	const mine = ++seq;
	section.hidden = true;
	list.textContent = '';
	list.setAttribute('aria-busy', 'true');
	if (withData && !withData.has(to)) {
		list.removeAttribute('aria-busy');
		list.append(h('article', { class: 'answer best', 'aria-labelledby': 'ans-nodata' },
			h('h3', { id: 'ans-nodata' }, countryName(to)),
			h('p', null, t('guide_no_destination_data', { country: countryName(to) }))));
		section.hidden = false;
		status(t('guide_no_destination_data', { country: countryName(to) }), null, true);
		if (moveFocus) focusHeading(document.getElementById('answer-title'));
		return;
	}
	status(t('loading'));
	const res = await guide(from, to, q, document.documentElement.lang);
	if (mine !== seq) return;
	list.removeAttribute('aria-busy');
	if (!res.ok || !res.data) {
		if (res.status === 404 && res.data && res.data.error && res.data.error.code === 'not_found') {
			status(t('guide_none'));
		} else {
			status(errorText(res), 'error');
		}
		return;
	}
	// Weak matches of the words (a welder for "cuidadora") confuse more than
	// they help: keep those at least a quarter as good as the best one.
	const all = Array.isArray(res.data.answers) ? res.data.answers : [];
	const best = all.reduce((m, a) => Math.max(m, (a.source && Number(a.source.score)) || 0), 0);
	const answers = all.filter((a, i) => i === 0 || !(best > 0) || ((a.source && Number(a.source.score)) || 0) >= best / 4);
	if (answers.length === 0) {
		const other = await destinationOnly(from, to, q);
		if (mine !== seq) return;
		if (!other) {
			status(t('guide_none'));
			return;
		}
		list.append(other);
		section.hidden = false;
		status(t('guide_no_source', { from: countryName(from) }));
		if (moveFocus) focusHeading(document.getElementById('answer-title'));
		return;
	}
	answers.forEach((a, i) => list.append(renderAnswer(a, i, to)));
	if (res.data.note && res.data.note !== 'guide.note' && !res.otherLanguage) list.append(h('p', { class: 'small' }, res.data.note));
	section.hidden = false;
	status(answers.length === 1 ? t('guide_found_one') : t('guide_found_many', { n: answers.length }));
	if (moveFocus) focusHeading(document.getElementById('answer-title'));
}

function fromQuery(moveFocus) {
	const p = params();
	setSelect(fromSel, p.get('from'));
	setSelect(toSel, p.get('to'));
	if (p.has('q')) qInput.value = p.get('q');
	if (p.get('from') && p.get('to') && (p.get('q') || '').trim()) {
		run(p.get('from'), p.get('to'), p.get('q').trim(), moveFocus);
	}
}

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const from = fromSel.value;
	const to = toSel.value;
	const q = qInput.value.trim();
	if (!from || !to || !q) {
		showError(t('guide_need_fields'));
		(!from ? fromSel : !to ? toSel : qInput).focus();
		return;
	}
	if (from === to) {
		showError(t('guide_same_country'));
		toSel.focus();
		return;
	}
	showError('');
	const p = new URLSearchParams({ from, to, q });
	history.pushState(null, '', '/?' + p.toString());
	refreshLanguageLinks();
	run(from, to, q, true);
});

window.addEventListener('popstate', () => {
	refreshLanguageLinks();
	fromQuery(false);
});

loadCountries().then(() => fromQuery(false));
