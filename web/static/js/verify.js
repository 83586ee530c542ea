// Certificate check: POST /api/v1/credentials/verify with the pasted
// certificate (JSON) or QR payload (text). The answer is the verification
// report of docs/formats.md ("ok", and document, signature, trust, status,
// validity, each with a "result"); until the route exists, the page says so.
import { t, h, api, status, formatDate, countryName, focusHeading, csrf } from './common.js';

const form = document.getElementById('verify');
const area = document.getElementById('credential');
const section = document.getElementById('result');
const heading = document.getElementById('result-title');
const facts = document.getElementById('result-facts');

function fact(text, cls) {
	facts.append(h('li', { class: cls || null }, text));
}

const result = (part) => (part && typeof part === 'object' ? part.result : undefined);

/** The report of pu_cred_report_to_json. */
function showReport(r) {
	heading.textContent = r.ok ? t('verify_ok') : t('verify_not_ok');
	const doc = result(r.document);
	if (doc && doc !== 'ok') {
		fact(t('verify_malformed'));
		return;
	}
	const sig = result(r.signature);
	if (sig) fact(sig === 'valid' ? t('verify_valid') : t('verify_invalid'), sig === 'valid' ? null : 'bad');
	const trust = result(r.trust);
	if (trust === 'trusted') {
		fact(t('verify_trusted'));
		if (r.trust.country) fact(t('verify_issuer_country', { country: countryName(r.trust.country) }));
	} else if (trust === 'untrusted') fact(t('verify_untrusted'), 'bad');
	else if (trust) fact(t('verify_trust_unknown'));
	const st = result(r.status);
	if (st === 'revoked') fact(t('verify_revoked'), 'bad');
	else if (st === 'suspended') fact(t('verify_suspended'), 'bad');
	else if (st === 'unknown') fact(t('verify_status_unknown'));
	else if (st) fact(t('verify_not_revoked'));
	const v = r.validity || {};
	if (v.result === 'not-yet-valid') fact(t('verify_not_yet_valid'), 'bad');
	if (v.result === 'expired') fact(t('verify_expired'), 'bad');
	if (v.validFrom) fact(t('verify_issued', { date: formatDate(v.validFrom) }));
	if (v.validUntil) fact(t('verify_valid_until', { date: formatDate(v.validUntil) }));
	const issuer = r.credential && r.credential.issuer;
	if (issuer) fact(t('verify_issuer', { name: issuer }));
}

/** A flat answer {valid, trusted, revoked, ...}. */
function showFlat(r) {
	heading.textContent = r.valid ? t('verify_valid') : t('verify_invalid');
	if (typeof r.trusted === 'boolean') fact(r.trusted ? t('verify_trusted') : t('verify_untrusted'), r.trusted ? null : 'bad');
	if (typeof r.revoked === 'boolean') fact(r.revoked ? t('verify_revoked') : t('verify_not_revoked'), r.revoked ? 'bad' : null);
	const issued = r.issued || r.issued_at || r.valid_from || r.validFrom;
	if (issued) fact(t('verify_issued', { date: formatDate(issued) }));
	const until = r.valid_until || r.validUntil || r.expires;
	if (until) fact(t('verify_valid_until', { date: formatDate(until) }));
	if (typeof r.issuer === 'string') fact(t('verify_issuer', { name: r.issuer }));
}

function show(d) {
	facts.textContent = '';
	const r = d.report || d.result || d;
	if ('ok' in r || r.signature || r.document) showReport(r);
	else showFlat(r);
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
		status(heading.textContent, res.data.ok === false ? 'error' : null, true);
		focusHeading(heading);
		return;
	}
	// A refused certificate (400/422) is still an answer: it did not pass.
	facts.textContent = '';
	heading.textContent = t('verify_not_ok');
	fact(t('verify_malformed'));
	const msg = res.data && res.data.error && res.data.error.message;
	if (msg) fact(t('server_message', { message: msg }));
	section.hidden = false;
	status(heading.textContent, 'error', true);
	focusHeading(heading);
});
