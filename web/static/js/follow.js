// "Follow my case": the candidate writes the case code and the PIN (no
// account); POST /api/v1/cases/CODE/follow answers where the case stands,
// what is next in the page's language, and what it costs.
import { t, h, api, lang, status, focusHeading, errorText, params } from './common.js';
import { unitTitles } from './work.js';

const form = document.getElementById('follow');
const code = document.getElementById('code');
const pin = document.getElementById('pin');
const section = document.getElementById('result');
const heading = document.getElementById('result-title');
const facts = document.getElementById('facts');
const next = document.getElementById('next');
const costs = document.getElementById('costs');
const unitList = document.getElementById('next-units');

function word(prefix, value) {
	const k = prefix + value;
	const v = t(k);
	return v === k ? value : v;
}

/** Minor units of currency, written as the page's language writes money. */
function money(amount, currency) {
	if (!currency) return String(amount);
	try {
		const f = new Intl.NumberFormat(lang, { style: 'currency', currency });
		const digits = f.resolvedOptions().maximumFractionDigits;
		return f.format(amount / 10 ** digits);
	} catch {
		return `${amount} ${currency}`;
	}
}

function fact(dt, dd) {
	facts.append(h('dt', null, dt), h('dd', null, dd));
}

async function show(s) {
	heading.textContent = t('follow_case_title', { code: s.case });
	facts.textContent = '';
	fact(t('follow_standard'), `${s.std_country}/${s.standard}`);
	fact(t('follow_state'), word('case_state_', s.state));
	if (s.outcome !== 'none') fact(t('follow_outcome'), word('case_outcome_', s.outcome));
	if (s.planned) fact(t('follow_progress'), t('follow_progress_value', { assessed: s.assessed, planned: s.planned }));
	if (s.competent) fact(t('follow_competent'), String(s.competent));
	if (s.credited) fact(t('follow_credited'), String(s.credited));
	next.textContent = s.next_text || t(s.next, s.params);
	// The units the next step names, with their titles.
	unitList.textContent = '';
	const codes = (s.params && s.params.units ? s.params.units.split(',') : []).filter(Boolean);
	if (codes.length) {
		const titles = await unitTitles(s.std_country, s.standard);
		for (const c of codes) {
			const title = titles.get(c);
			unitList.append(h('li', { 'data-unit': c }, h('strong', null, c), title ? ' ' : '', title ? title() : null));
		}
	}
	unitList.hidden = codes.length === 0;
	costs.textContent = '';
	costs.append(h('li', { 'data-cost': 'due' }, s.due ? t('follow_due', { amount: money(s.due, s.currency) }) : t('follow_nothing_due')));
	if (s.paid) costs.append(h('li', { 'data-cost': 'paid' }, t('follow_paid', { amount: money(s.paid, s.currency) })));
	if (s.waived) costs.append(h('li', { 'data-cost': 'waived' }, t('follow_waived', { amount: money(s.waived, s.currency) })));
	section.hidden = false;
}

form.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	const c = code.value.trim().toUpperCase();
	const p = pin.value.replace(/\s+/g, '');
	if (!c || !p) {
		status(t('follow_missing'), 'error');
		(c ? pin : code).focus();
		return;
	}
	const button = form.querySelector('button');
	button.disabled = true;
	section.hidden = true;
	status(t('loading'));
	const res = await api('/api/v1/cases/' + encodeURIComponent(c) + '/follow', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ pin: p, lang }),
	});
	button.disabled = false;
	pin.value = '';
	if (res.ok && res.data) {
		await show(res.data);
		status(heading.textContent, null, true);
		focusHeading(heading);
		return;
	}
	const msg = (res.data && res.data.error && res.data.error.message) || '';
	if ((res.status === 401 && /too many/i.test(msg)) || res.status === 429) status(t('follow_locked'), 'error');
	else if (res.status === 401 || res.status === 400) status(t('follow_bad'), 'error');
	else status(errorText(res), 'error');
	pin.focus();
});

// A link may carry the code (never the PIN).
const given = params().get('code');
if (given) code.value = given;
