// Sign-in for authorities, centres and assessors: POST /api/v1/session with
// JSON; the session lives in an HttpOnly cookie, the CSRF token in this tab.
import { t, h, api, errorText, countryName, status, setCsrf, csrf, focusHeading } from './common.js';

const form = document.getElementById('signin');
const user = document.getElementById('username');
const pass = document.getElementById('password');
const panel = document.getElementById('session');
const panelTitle = document.getElementById('session-title');
const facts = document.getElementById('session-facts');
const signout = document.getElementById('signout');
const goImport = document.getElementById('go-import');

export function roleName(role) {
	const k = 'role_' + role;
	const v = t(k);
	return v === k ? role : v;
}

function show(session, moveFocus) {
	const u = session.user || {};
	if (session.csrf) setCsrf(session.csrf);
	panelTitle.textContent = t('signin_ok', { name: u.name || '' });
	facts.textContent = '';
	if (u.role) facts.append(h('li', null, t('signin_role', { role: roleName(u.role) })));
	if (u.country) facts.append(h('li', null, t('signin_country', { country: countryName(u.country) })));
	if (u.centre) facts.append(h('li', null, t('signin_centre', { centre: u.centre })));
	goImport.parentElement.hidden = !(u.role === 'authority' || u.role === 'admin');
	document.getElementById('go-cases').parentElement.hidden = !(u.role === 'centre' || u.role === 'assessor');
	document.getElementById('go-accredit').parentElement.hidden = u.role !== 'authority';
	document.getElementById('go-recog').parentElement.hidden = u.role !== 'authority';
	form.hidden = true;
	panel.hidden = false;
	if (moveFocus) focusHeading(panelTitle);
}

form.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	const username = user.value.trim();
	const password = pass.value;
	if (!username || !password) {
		status(t('signin_missing'), 'error');
		(username ? pass : user).focus();
		return;
	}
	const button = form.querySelector('button');
	button.disabled = true;
	status(t('loading'));
	const res = await api('/api/v1/session', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ username, password }),
	});
	button.disabled = false;
	pass.value = '';
	if (res.ok && res.data) {
		status('');
		show(res.data, true);
		return;
	}
	if (res.status === 401 || res.status === 403) status(t('signin_bad'), 'error');
	else if (res.status === 429) status(t('signin_too_many'), 'error');
	else status(errorText(res), 'error');
	pass.focus();
});

signout.addEventListener('click', async () => {
	const token = csrf();
	const res = await api('/api/v1/session', { method: 'DELETE', headers: token ? { 'X-CSRF-Token': token } : {} });
	if (!res.ok && res.status !== 401) {
		status(errorText(res), 'error');
		return;
	}
	setCsrf('');
	panel.hidden = true;
	form.hidden = false;
	status(t('signed_out'));
	user.focus();
});

(async () => {
	const res = await api('/api/v1/session');
	if (res.ok && res.data && res.data.user) show(res.data, false);
})();
