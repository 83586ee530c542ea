// Recognition of foreign certificates, for national authorities: the
// decisions of the country (GET /api/v1/recognitions) and the form that
// records one (POST); a partial recognition opens the case for the gap
// units, whose PIN is shown once.
import { t, h, api, status, focusHeading, formatDate } from './common.js';
import { signedIn, whoText, post, refusal, word } from './work.js';

const who = document.getElementById('who');
const needSignin = document.getElementById('need-signin');
const form = document.getElementById('decide');
const list = document.getElementById('list');
const recList = document.getElementById('recog-list');
const none = document.getElementById('recog-none');
const opened = document.getElementById('opened');
const openedTitle = document.getElementById('opened-title');

function row(r) {
	const li = h('li', { 'data-id': String(r.id) },
		h('span', { class: 'title' }, t('recog_row', { from: `${r.origin_country}/${r.origin_code}`, to: r.standard ? `${r.std_country}/${r.standard}` : '-' })), ' ',
		h('strong', { class: 'badge ' + r.outcome }, word('eq_', r.outcome)));
	li.append(h('p', { class: 'meta' }, `${word('presented_', r.presented)}${r.credential ? ' · ' + r.credential : ''} · ${formatDate(new Date(r.decided_at * 1000).toISOString())}`));
	if (r.case) li.append(h('p', { class: 'meta' }, h('a', { href: '/case?code=' + encodeURIComponent(r.case) }, t('recog_row_case', { code: r.case, units: r.gap_units }))));
	if (r.differences) li.append(h('p', { class: 'meta' }, r.differences));
	return li;
}

async function load() {
	const res = await api('/api/v1/recognitions');
	recList.textContent = '';
	if (!res.ok) {
		status(refusal(res), 'error');
		return;
	}
	for (const r of res.data.recognitions) recList.append(row(r));
	none.hidden = res.data.recognitions.length > 0;
	list.hidden = false;
}

form.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	const v = (id) => document.getElementById(id).value.trim();
	if (!v('from')) {
		status(t('recog_missing'), 'error');
		document.getElementById('from').focus();
		return;
	}
	const body = { from: v('from').toUpperCase(), decision: v('decision'), presented: v('presented') };
	for (const k of ['credential', 'differences', 'centre', 'candidate']) if (v(k)) body[k] = v(k);
	if (v('to')) body.to = v('to').toUpperCase();
	if (v('gap')) body.gap_units = v('gap').toUpperCase().split(/[\s,]+/).filter(Boolean);
	const button = form.querySelector('button');
	button.disabled = true;
	status(t('work_sending'));
	const res = await post('/api/v1/recognitions', body);
	button.disabled = false;
	if (!res.ok) {
		status(refusal(res), 'error');
		return;
	}
	const r = res.data;
	status('');
	openedTitle.textContent = t('recog_done', { from: `${r.origin_country}/${r.origin_code}`, to: `${r.std_country}/${r.standard}`, outcome: word('eq_', r.outcome) });
	document.getElementById('opened-case').textContent = r.case ? t('recog_row_case', { code: r.case, units: r.gap_units }) : '';
	document.getElementById('opened-pin').textContent = r.pin || '';
	document.getElementById('opened-pin-box').hidden = !r.pin;
	opened.hidden = false;
	form.reset();
	focusHeading(openedTitle);
	load();
});

(async () => {
	const u = await signedIn();
	if (!u || u.role !== 'authority') {
		needSignin.hidden = false;
		if (u) {
			who.textContent = whoText(u);
			who.hidden = false;
		}
		return;
	}
	who.textContent = whoText(u);
	who.hidden = false;
	form.hidden = false;
	load();
})();
