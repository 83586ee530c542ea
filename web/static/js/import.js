// Import page for authorities: POST /api/v1/imports?name=FILE with the file's
// bytes and the session's CSRF token; shows the counts or the refusal.
import { t, h, api, errorText, countryName, status, csrf, setCsrf, focusHeading } from './common.js';

const form = document.getElementById('import');
const fileInput = document.getElementById('file');
const who = document.getElementById('who');
const needSignin = document.getElementById('need-signin');
const section = document.getElementById('result');
const heading = document.getElementById('result-title');
const resultBody = document.getElementById('result-body');

function roleName(role) {
	const k = 'role_' + role;
	const v = t(k);
	return v === k ? role : v;
}

function contentType(name) {
	if (/\.jsonl$/i.test(name)) return 'application/x-ndjson';
	if (/\.json$/i.test(name)) return 'application/json';
	if (/\.csv$/i.test(name)) return 'text/csv';
	return 'application/octet-stream';
}

const COUNTS = ['standards', 'units', 'criteria', 'frameworks', 'referencing', 'agreements'];

function showResult(name, data) {
	resultBody.textContent = '';
	heading.textContent = t('import_ok', { name });
	const items = Array.isArray(data) ? data : Array.isArray(data.files) ? data.files : Array.isArray(data.imports) ? data.imports : [data.result || data];
	for (const r of items) {
		const dl = h('dl', { class: 'facts', 'data-file': r.file || name });
		for (const k of COUNTS) {
			if (typeof r[k] === 'number') dl.append(h('dt', null, t('import_counts_' + k)), h('dd', { 'data-count': k }, String(r[k])));
		}
		resultBody.append(dl);
	}
	resultBody.classList.remove('error');
	section.hidden = false;
}

function showError(res) {
	resultBody.textContent = '';
	let key = 'import_error';
	if (res.status === 403) key = 'import_denied';
	else if (res.status === 413) key = 'import_too_big';
	else if (res.status === 401) key = 'import_session_expired';
	heading.textContent = t(key);
	const box = h('div', { class: 'notice error' });
	const msg = res.data && res.data.error && res.data.error.message;
	if (msg) box.append(h('p', null, t('server_message', { message: msg })));
	else if (res.status === 0 || res.status >= 500) box.append(h('p', null, errorText(res)));
	if (res.status === 401) box.append(h('p', null, h('a', { href: '/signin' }, t('nav_signin'))));
	if (box.childNodes.length) resultBody.append(box);
	section.hidden = false;
}

form.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	const file = fileInput.files && fileInput.files[0];
	if (!file) {
		status(t('import_choose_file'), 'error');
		fileInput.focus();
		return;
	}
	const button = form.querySelector('button');
	button.disabled = true;
	section.hidden = true;
	status(t('import_sending', { name: file.name }));
	const bytes = await file.arrayBuffer();
	const token = csrf();
	const headers = { 'Content-Type': contentType(file.name) };
	if (token) headers['X-CSRF-Token'] = token;
	const res = await api('/api/v1/imports?name=' + encodeURIComponent(file.name), { method: 'POST', headers, body: bytes });
	button.disabled = false;
	if (res.ok && res.data) {
		showResult(file.name, res.data);
		status(t('import_ok', { name: file.name }), null, true);
	} else {
		showError(res);
		status(heading.textContent, 'error', true);
	}
	focusHeading(heading);
});

(async () => {
	const res = await api('/api/v1/session');
	if (res.ok && res.data && res.data.user) {
		const u = res.data.user;
		if (res.data.csrf) setCsrf(res.data.csrf);
		const role = roleName(u.role) + (u.country ? `, ${countryName(u.country)}` : '');
		who.textContent = t('import_signed_as', { name: u.name, role });
		who.hidden = false;
		form.hidden = false;
	} else {
		needSignin.hidden = false;
	}
})();
