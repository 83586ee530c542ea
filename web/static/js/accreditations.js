// The accreditation registry: anyone reads it (GET /api/v1/accreditations);
// a signed-in authority accredits centres and bodies of its country and
// gives scope to them or to their assessors.
import { t, h, api, status, focusHeading, params, countryName } from './common.js';
import { signedIn, whoText, post, refusal, word } from './work.js';

const filter = document.getElementById('filter');
const country = document.getElementById('country');
const orgs = document.getElementById('orgs');
const none = document.getElementById('orgs-none');
const who = document.getElementById('who');
const add = document.getElementById('add');
const grant = document.getElementById('grant');

function scopeText(g) {
	let s = `${g.std_country}/${g.standard}`;
	if (g.valid_to) s += ' ' + t('accredit_until', { date: g.valid_to });
	if (g.withdrawn) s += ` (${t('accredit_withdrawn')})`;
	return s;
}

async function load() {
	const c = country.value.trim().toUpperCase();
	const res = await api('/api/v1/accreditations' + (c ? '?country=' + encodeURIComponent(c) : ''));
	orgs.textContent = '';
	if (!res.ok) {
		status(refusal(res), 'error');
		return;
	}
	for (const o of res.data.organisations) {
		const li = h('li', { 'data-org': `${o.country}/${o.id}` },
			h('span', { class: 'title' }, o.name), ' ',
			h('span', { class: 'tag' }, `${countryName(o.country)} · ${o.id} · ${word('org_kind_', o.kind)}${o.withdrawn ? ' · ' + t('accredit_withdrawn') : ''}`));
		if (o.grants.length) li.append(h('p', { class: 'meta' }, `${t('accredit_scope')}: ${o.grants.map(scopeText).join('; ')}`));
		if (o.assessors.length) li.append(h('p', { class: 'meta' }, `${t('accredit_assessors')}: ${o.assessors.map((g) => `${g.assessor} (${scopeText(g)})`).join('; ')}`));
		orgs.append(li);
	}
	none.hidden = res.data.organisations.length > 0;
}

filter.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const q = new URLSearchParams(window.location.search);
	q.set('country', country.value.trim().toUpperCase());
	history.replaceState(null, '', '?' + q.toString());
	load();
});

async function send(form, path, body) {
	const button = form.querySelector('button');
	button.disabled = true;
	status(t('work_sending'));
	const res = await post(path, body);
	button.disabled = false;
	if (!res.ok) {
		status(refusal(res), 'error');
		return;
	}
	form.reset();
	status(t('work_saved'));
	await load();
	focusHeading(document.getElementById('orgs-title'));
}

add.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const id = document.getElementById('org-id').value.trim();
	const name = document.getElementById('org-name').value.trim();
	send(add, '/api/v1/accreditations/orgs', { id, name, kind: document.getElementById('org-kind').value });
});

grant.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const v = (id) => document.getElementById(id).value.trim();
	const body = { standard: v('grant-standard').toUpperCase() };
	if (v('grant-assessor')) body.assessor = v('grant-assessor').toLowerCase();
	else body.org = v('grant-org');
	if (v('grant-to')) body.valid_to = v('grant-to');
	send(grant, '/api/v1/accreditations/grants', body);
});

(async () => {
	const u = await signedIn();
	country.value = params().get('country') || (u && u.country) || '';
	load();
	if (u) {
		who.textContent = whoText(u);
		who.hidden = false;
	}
	add.hidden = grant.hidden = !(u && u.role === 'authority');
})();
