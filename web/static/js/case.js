// One case for centre staff and assessors: its units with their verdicts,
// evidence, fees and history (GET /api/v1/cases/CODE); staff fix the plan
// and decide, assessors record a verdict per unit. The library decides who
// may do what and in which order; refusals are shown as they come.
import { t, h, api, lang, status, focusHeading, params, formatDate, csrf } from './common.js';
import { signedIn, whoText, post, refusal, word, unitTitles } from './work.js';

const code = params().get('code') || '';
const title = document.getElementById('title');
const who = document.getElementById('who');
const needSignin = document.getElementById('need-signin');
const box = document.getElementById('case');
const facts = document.getElementById('facts');
const units = document.getElementById('units');
const plan = document.getElementById('plan');
const assess = document.getElementById('assess');
const decide = document.getElementById('decide');
const unitSel = document.getElementById('unit');
let user = null;
let titles = null; // unit code -> its title, read once
let person = null; // the candidate, for the centre's own staff

/** The digits after the decimal point of a currency (CRC 2, CLP 0). */
function digits(currency) {
	try {
		return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
	} catch {
		return 2;
	}
}

/** Minor units of currency, as the page's language writes money. */
function money(amount, currency) {
	try {
		return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(amount / 10 ** digits(currency));
	} catch {
		return `${amount} ${currency}`;
	}
}

function fact(dt, dd, key) {
	facts.append(h('dt', null, dt), h('dd', { 'data-fact': key }, dd));
}

function show(c) {
	title.textContent = t('case_title', { code: c.code });
	facts.textContent = '';
	fact(t('case_fact_standard'), `${c.std_country}/${c.standard}`, 'standard');
	fact(t('case_fact_centre'), `${c.country}/${c.centre}`, 'centre');
	if (c.body && c.body !== c.centre) fact(t('case_fact_body'), c.body, 'body');
	fact(t('case_fact_candidate'), person ? `${person.name} (${c.candidate})` : c.candidate, 'candidate');
	fact(t('case_fact_state'), word('case_state_', c.state), 'state');
	fact(t('case_fact_outcome'), word('case_outcome_', c.outcome), 'outcome');
	if (c.credential) fact(t('case_fact_credential'), c.credential, 'credential');
	units.textContent = '';
	const keep = unitSel.value;
	unitSel.textContent = '';
	for (const u of c.units) {
		const tags = [u.credited ? t('case_unit_credited') : u.planned ? t('case_unit_planned') : t('case_unit_not_planned')];
		const title = titles && titles.get(u.code);
		const li = h('li', { 'data-unit': u.code, 'data-verdict': u.verdict },
			h('span', { class: 'title' }, u.code), ' ', title ? title() : null, ' ',
			h('span', { class: 'tag' }, '(' + tags.join(', ') + ')'));
		if (u.verdict !== 'none') {
			li.append(h('p', { class: 'meta' },
				h('strong', { class: 'badge ' + (u.verdict === 'competent' ? 'full' : 'none') }, word('case_verdict_', u.verdict)), ' ',
				t('case_unit_by', { method: word('case_method_', u.method), assessor: u.assessor })));
		}
		if (u.self_assessed && u.can_do) {
			li.append(h('p', { class: 'meta', 'data-self': u.code }, t('case_unit_self', { text: u.can_do + (u.where ? ` (${u.where})` : '') })));
		}
		if (u.notes) li.append(h('p', { class: 'meta' }, u.notes));
		units.append(li);
		if (u.planned) unitSel.append(h('option', { value: u.code }, `${u.code} · ${word('case_verdict_', u.verdict)}`));
	}
	// The first unit still without a verdict comes first.
	const open = c.units.find((u) => u.planned && u.verdict === 'none');
	unitSel.value = keep && c.units.some((u) => u.code === keep && u.planned && u.verdict === 'none') ? keep : open ? open.code : unitSel.value;
	// Units a person may speak for, and evidence may support.
	const selfSel = document.getElementById('self-unit');
	const evSel = document.getElementById('evidence-unit');
	const keepSelf = selfSel.value;
	const keepEv = evSel.value;
	selfSel.textContent = '';
	evSel.textContent = '';
	evSel.append(h('option', { value: '' }, t('evidence_whole_case')));
	for (const u of c.units) {
		if (u.credited) continue;
		selfSel.append(h('option', { value: u.code }, u.code));
		evSel.append(h('option', { value: u.code }, u.code));
	}
	if (keepSelf) selfSel.value = keepSelf;
	if (keepEv) evSel.value = keepEv;
	const staff = user.role === 'centre';
	document.getElementById('self').hidden = !(staff && (c.state === 'intake' || c.state === 'portfolio'));
	document.getElementById('appeal').hidden = !(staff && c.state === 'decided' && !c.appealed);
	document.getElementById('close').hidden = !(staff && c.state === 'decided');
	// The body that decided issues the certificate of what was achieved.
	const canCertify = staff && c.state === 'decided' &&
		(c.outcome === 'full' || c.outcome === 'attainment') && user.centre === (c.body || c.centre);
	document.getElementById('certify').hidden = !canCertify;
	document.querySelector('#certify button').hidden = !canCertify;
	document.getElementById('withdraw').hidden = !(staff && !['certified', 'closed', 'withdrawn', 'abandoned'].includes(c.state));
	document.getElementById('fee').hidden = !staff;
	document.getElementById('add-evidence').hidden = !(staff && ['intake', 'portfolio', 'assessment'].includes(c.state));
	plan.hidden = !(staff && (c.state === 'intake' || c.state === 'portfolio'));
	assess.hidden = !(user.role === 'assessor' && (c.state === 'assessment' || c.state === 'appeal'));
	decide.hidden = !(staff && (c.state === 'assessment' || c.state === 'appeal'));
	const ev = document.getElementById('evidence');
	ev.textContent = '';
	for (const e of c.evidence) {
		const li = h('li', { 'data-kind': e.kind }, word('evidence_kind_', e.kind) + (e.title ? ': ' + e.title : '') + (e.unit ? ` (${e.unit})` : ''));
		if (e.kind === 'file' && e.sha256) {
			li.append(' · ', h('a', { href: `/api/v1/cases/${encodeURIComponent(c.code)}/evidence/${e.sha256}` }, t('case_evidence_open')));
		}
		ev.append(li);
	}
	if (!c.evidence.length) ev.append(h('li', null, t('case_evidence_none')));
	const fees = document.getElementById('fees');
	fees.textContent = '';
	for (const f of c.fees) fees.append(h('li', { 'data-step': f.step }, `${word('fee_step_', f.step)}: ${money(f.amount, f.currency)} (${word('fee_status_', f.status)})`));
	if (!c.fees.length) fees.append(h('li', null, t('case_fees_none')));
	const hist = document.getElementById('history');
	hist.textContent = '';
	for (const e of c.events) hist.append(h('li', null, `${formatDate(new Date(e.at * 1000).toISOString())} · ${e.actor} · ${e.note}`));
	box.hidden = false;
}

async function load() {
	const res = await api('/api/v1/cases/' + encodeURIComponent(code));
	if (!res.ok) {
		status(refusal(res), 'error');
		return false;
	}
	if (!titles) titles = await unitTitles(res.data.std_country, res.data.standard);
	if (!person) {
		const p = await api('/api/v1/candidates/' + encodeURIComponent(res.data.candidate));
		if (p.ok && p.data && !p.data.erased) person = p.data;
	}
	show(res.data);
	return true;
}

async function act(form, path, body, done) {
	const button = form.querySelector('button');
	button.disabled = true;
	status(t('work_sending'));
	const res = await post('/api/v1/cases/' + encodeURIComponent(code) + path, body);
	button.disabled = false;
	if (!res.ok) {
		status(refusal(res), 'error');
		return;
	}
	await load();
	status(done(res.data));
}

const self = document.getElementById('self');
self.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const unit = document.getElementById('self-unit').value;
	const canDo = document.getElementById('can-do').value.trim();
	if (!canDo) {
		status(t('case_self_missing'), 'error');
		document.getElementById('can-do').focus();
		return;
	}
	const body = { unit, can_do: canDo };
	const where = document.getElementById('where').value.trim();
	const months = document.getElementById('months').value.trim();
	if (where) body.where = where;
	if (/^\d{1,4}$/.test(months)) body.months = Number(months);
	act(self, '/self-assessment', body, () => {
		self.reset();
		return t('case_self_saved', { unit });
	});
});

// A file goes as the request body, typed by the browser; the server
// checks the type from the bytes. A testimony goes as JSON.
const addEvidence = document.getElementById('add-evidence');
addEvidence.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	const file = document.getElementById('evidence-file').files[0];
	const testimony = document.getElementById('testimony').value.trim();
	const unit = document.getElementById('evidence-unit').value;
	if (!file && !testimony) {
		status(t('case_evidence_missing'), 'error');
		document.getElementById('evidence-file').focus();
		return;
	}
	if (file && file.size > 20 * 1024 * 1024) {
		status(t('case_evidence_too_big'), 'error');
		return;
	}
	const button = addEvidence.querySelector('button');
	button.disabled = true;
	status(t('work_sending'));
	let res = { ok: true };
	if (file) {
		const q = new URLSearchParams({ title: file.name });
		if (unit) q.set('unit', unit);
		const headers = { 'Content-Type': file.type || 'application/octet-stream' };
		if (csrf()) headers['X-CSRF-Token'] = csrf();
		res = await api(`/api/v1/cases/${encodeURIComponent(code)}/evidence/file?${q}`, { method: 'POST', headers, body: file });
	}
	if (res.ok && testimony) {
		const body = { kind: 'testimony', body: testimony };
		const witness = document.getElementById('witness').value.trim();
		if (witness) body.title = witness;
		if (unit) body.unit = unit;
		res = await post('/api/v1/cases/' + encodeURIComponent(code) + '/evidence', body);
	}
	button.disabled = false;
	if (!res.ok) {
		status(refusal(res), 'error');
		return;
	}
	addEvidence.reset();
	await load();
	status(t('case_evidence_added'));
});

const appeal = document.getElementById('appeal');
appeal.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const assessor = document.getElementById('appeal-assessor').value.trim().toLowerCase();
	const reason = document.getElementById('appeal-reason').value.trim();
	if (!assessor || !reason) {
		status(t('case_appeal_missing'), 'error');
		document.getElementById(assessor ? 'appeal-reason' : 'appeal-assessor').focus();
		return;
	}
	act(appeal, '/appeal', { assessor, reason }, () => t('work_saved'));
});

const closeForm = document.getElementById('close');
closeForm.addEventListener('submit', (ev) => {
	ev.preventDefault();
	act(closeForm, '/close', {}, () => t('work_saved'));
});

const withdraw = document.getElementById('withdraw');
withdraw.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const reason = document.getElementById('withdraw-reason').value.trim();
	if (!reason) {
		status(t('case_reason_missing'), 'error');
		document.getElementById('withdraw-reason').focus();
		return;
	}
	const by = withdraw.querySelector('input[name="by"]:checked').value;
	act(withdraw, '/withdrawal', { reason, by }, () => t('work_saved'));
});

// Amounts are typed in the currency's units and sent in minor units.
const fee = document.getElementById('fee');
fee.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const v = (id) => document.getElementById(id).value.trim();
	const currency = v('fee-currency').toUpperCase();
	const amount = v('fee-amount').replace(/[\s_]/g, '').replace(',', '.');
	if (!/^[A-Z]{3}$/.test(currency) || !/^\d+(\.\d+)?$/.test(amount)) {
		status(t('case_fee_missing'), 'error');
		document.getElementById(/^[A-Z]{3}$/.test(currency) ? 'fee-amount' : 'fee-currency').focus();
		return;
	}
	const body = { step: v('fee-step'), currency, status: v('fee-status'),
		amount: Math.round(Number(amount) * 10 ** digits(currency)) };
	if (v('fee-reason')) body.reason = v('fee-reason');
	act(fee, '/fees', body, () => {
		fee.reset();
		return t('work_saved');
	});
});

plan.addEventListener('submit', (ev) => {
	ev.preventDefault();
	act(plan, '/plan', {}, () => t('work_saved'));
});

assess.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const v = assess.querySelector('input[name="verdict"]:checked');
	if (!v) {
		status(t('case_assess_choose'), 'error');
		document.getElementById('verdict-competent').focus();
		return;
	}
	const unit = unitSel.value;
	const body = { unit, method: document.getElementById('method').value, verdict: v.value };
	const notes = document.getElementById('notes').value.trim();
	if (notes) body.notes = notes;
	act(assess, '/assessments', body, () => {
		v.checked = false;
		document.getElementById('notes').value = '';
		return t('case_assessed', { unit });
	});
});

const certify = document.getElementById('certify');
certify.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const body = { issue: true, lang: document.documentElement.lang };
	const did = document.getElementById('holder-did').value.trim();
	if (did) body.holder_did = did;
	act(certify, '/certificate', body, (d) => {
		// The signed certificate, to hand to the person (a file they keep).
		const file = new Blob([JSON.stringify(d.verifiableCredential, null, 2)], { type: 'application/json' });
		const link = document.getElementById('certified-link');
		link.href = URL.createObjectURL(file);
		document.getElementById('certified').hidden = false;
		certify.hidden = false; // now only to hand the file over
		certify.querySelector('button').hidden = true;
		document.getElementById('holder-did').closest('.field').hidden = true;
		return t('case_certified', { id: d.credential });
	});
});

decide.addEventListener('submit', (ev) => {
	ev.preventDefault();
	act(decide, '/decision', {}, (d) => t('case_decided', { outcome: word('case_outcome_', d.outcome) }));
});

(async () => {
	user = await signedIn();
	if (!user) {
		needSignin.hidden = false;
		return;
	}
	who.textContent = whoText(user);
	who.hidden = false;
	if (!code) {
		status(t('case_need_code'), 'error');
		return;
	}
	if (await load()) focusHeading(title);
})();
