// Certificate check: POST /api/v1/credentials/verify with the pasted
// certificate (JSON) or QR payload (text). Until that route exists, says so.
import { t, h, api, status, formatDate, pick, focusHeading, csrf } from './common.js';

const form = document.getElementById('verify');
const area = document.getElementById('credential');
const section = document.getElementById('result');
const heading = document.getElementById('result-title');
const facts = document.getElementById('result-facts');

function fact(text, cls) {
	facts.append(h('li', { class: cls || null }, text));
}

function show(d) {
	facts.textContent = '';
	const r = d.result || d;
	heading.textContent = r.valid ? t('verify_valid') : t('verify_invalid');
	if (typeof r.trusted === 'boolean') fact(r.trusted ? t('verify_trusted') : t('verify_untrusted'));
	if (typeof r.revoked === 'boolean') fact(r.revoked ? t('verify_revoked') : t('verify_not_revoked'));
	const issuer = r.issuer && (typeof r.issuer === 'string' ? r.issuer : pick(r.issuer.name) || r.issuer.id);
	if (issuer) fact(t('verify_issuer', { name: issuer }));
	const holder = r.holder || r.subject;
	const holderName = holder && (typeof holder === 'string' ? holder : pick(holder.name));
	if (holderName) fact(t('verify_holder', { name: holderName }));
	const ach = r.achievement || r.standard;
	const achTitle = ach && (typeof ach === 'string' ? ach : pick(ach.title || ach.name) || ach.code);
	if (achTitle) fact(t('verify_achievement', { title: achTitle }));
	const issued = r.issued || r.issued_at || r.valid_from || r.validFrom || r.issuanceDate;
	if (issued) fact(t('verify_issued', { date: formatDate(issued) }));
	const until = r.valid_until || r.validUntil || r.expires || r.expirationDate;
	if (until) fact(t('verify_valid_until', { date: formatDate(until) }));
	section.hidden = false;
}

form.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	const text = area.value.trim();
	if (!text) {
		status(t('verify_empty'), 'error');
		area.focus();
		return;
	}
	let isJson = false;
	try {
		JSON.parse(text);
		isJson = true;
	} catch {
		isJson = false;
	}
	const headers = { 'Content-Type': isJson ? 'application/json' : 'text/plain; charset=utf-8' };
	const token = csrf();
	if (token) headers['X-CSRF-Token'] = token;
	status(t('loading'));
	section.hidden = true;
	const res = await api('/api/v1/credentials/verify', { method: 'POST', headers, body: text });
	if (res.status === 404 || res.status === 405 || res.status === 501 || res.status === 0) {
		status(res.status === 0 ? t('error_network') : t('verify_unavailable'), 'error');
		return;
	}
	if (res.data && typeof res.data === 'object' && !res.data.error) {
		show(res.data);
		status(heading.textContent, null, true);
		focusHeading(heading);
		return;
	}
	// A refused certificate (400/422) is still an answer: not valid.
	facts.textContent = '';
	heading.textContent = t('verify_invalid');
	const msg = res.data && res.data.error && res.data.error.message;
	if (msg) fact(t('server_message', { message: msg }));
	section.hidden = false;
	status(heading.textContent, 'error', true);
	focusHeading(heading);
});
