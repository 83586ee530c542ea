// Shared by the pages of centre staff, assessors and authorities: who is
// signed in (the CSRF token of the session kept for this tab), JSON calls
// that carry it, and how a refusal is said. Every text comes from t().
import { t, api, countryName, csrf, setCsrf, foreign } from './common.js';

/** The signed-in user, or null. */
export async function signedIn() {
	const res = await api('/api/v1/session');
	if (!(res.ok && res.data && res.data.user)) return null;
	if (res.data.csrf) setCsrf(res.data.csrf);
	return res.data.user;
}

export function roleName(role) {
	const k = 'role_' + role;
	const v = t(k);
	return v === k ? role : v;
}

/** "Signed in as ana (assessor, CR/INA-CR)." */
export function whoText(u) {
	const where = [u.country ? countryName(u.country) : '', u.centre || ''].filter(Boolean).join(', ');
	return t('work_signed_as', { name: u.name, role: roleName(u.role) + (where ? ', ' + where : '') });
}

/** POST JSON with the session's CSRF token. */
export function post(path, body) {
	const headers = { 'Content-Type': 'application/json' };
	const token = csrf();
	if (token) headers['X-CSRF-Token'] = token;
	return api(path, { method: 'POST', headers, body: JSON.stringify(body || {}) });
}

/** What to tell the person when a call failed. */
export function refusal(res) {
	const msg = res.data && res.data.error && res.data.error.message;
	if (res.status === 401) return t('work_session_expired');
	if (res.status === 403) return t('work_denied') + (msg ? ' ' + t('server_message', { message: msg }) : '');
	if (msg) return t('work_not_possible', { message: msg });
	if (res.status === 0) return t('error_network');
	return t('error_status', { status: res.status });
}

/** A word for a value of the API: t(prefix + value), else the value. */
export function word(prefix, value) {
	const k = prefix + value;
	const v = t(k);
	return v === k ? value : v;
}

/** The units of a standard of the catalogue: code -> an element with its
 *  title (marked with its language when it is not the page's). */
export async function unitTitles(country, code) {
	const out = new Map();
	const res = await api('/api/v1/standards/' + encodeURIComponent(country) + '/' + encodeURIComponent(code));
	if (!res.ok || !res.data || !Array.isArray(res.data.units)) return out;
	for (const u of res.data.units) out.set(u.code, () => foreign('span', u.title, res.data.language, { class: 'unit-title' }));
	return out;
}
