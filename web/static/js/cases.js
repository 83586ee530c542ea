// "My cases" for centre staff and assessors: the cases of the account's
// centre (GET /api/v1/cases), and for staff the form that opens one (POST
// /api/v1/cases with the person's minimal data); the PIN is shown once.
import { t, h, api, status, focusHeading } from './common.js';
import { signedIn, whoText, post, refusal, word } from './work.js';

const who = document.getElementById('who');
const needSignin = document.getElementById('need-signin');
const list = document.getElementById('list');
const caseList = document.getElementById('case-list');
const none = document.getElementById('case-none');
const stateSel = document.getElementById('state');
const form = document.getElementById('open');
const opened = document.getElementById('opened');
const openedTitle = document.getElementById('opened-title');

async function load() {
	const q = stateSel.value ? '?state=' + encodeURIComponent(stateSel.value) : '';
	const res = await api('/api/v1/cases' + q);
	caseList.textContent = '';
	if (!res.ok) {
		status(refusal(res), 'error');
		return;
	}
	for (const c of res.data.cases) {
		caseList.append(h('li', { 'data-code': c.code },
			h('a', { class: 'title', href: '/case?code=' + encodeURIComponent(c.code) }, c.code),
			' ', `${c.std_country}/${c.standard}`,
			h('p', { class: 'meta' }, word('case_state_', c.state) + (c.outcome !== 'none' ? ' · ' + word('case_outcome_', c.outcome) : ''))));
	}
	none.hidden = res.data.cases.length > 0;
}

stateSel.addEventListener('change', load);

form.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	const val = (id) => document.getElementById(id).value.trim();
	const standard = val('standard').toUpperCase();
	const name = val('name');
	if (!standard || !name) {
		status(t('cases_open_missing'), 'error');
		document.getElementById(standard ? 'name' : 'standard').focus();
		return;
	}
	if (!document.getElementById('consent-rpl').checked) {
		status(t('cases_open_need_consent'), 'error');
		document.getElementById('consent-rpl').focus();
		return;
	}
	const person = { name, consent: 'rpl' };
	if (document.getElementById('consent-statistics').checked) person.consent += ',statistics';
	if (/^\d{4}$/.test(val('birth-year'))) person.birth_year = Number(val('birth-year'));
	if (val('languages')) person.languages = val('languages').replace(/\s+/g, '');
	if (val('contact')) person.contact = val('contact');
	const doc = { kind: document.getElementById('document').value };
	if (val('document-country')) doc.country = val('document-country').toUpperCase();
	person.documents = [doc];
	const button = form.querySelector('button');
	button.disabled = true;
	status(t('work_sending'));
	const res = await post('/api/v1/cases', { standard, person });
	button.disabled = false;
	if (!res.ok) {
		status(refusal(res), 'error');
		return;
	}
	status('');
	openedTitle.textContent = t('cases_opened', { code: res.data.case });
	document.getElementById('opened-pin').textContent = res.data.pin;
	const link = document.getElementById('opened-link');
	link.textContent = t('cases_go_case', { code: res.data.case });
	link.setAttribute('href', '/case?code=' + encodeURIComponent(res.data.case));
	opened.hidden = false;
	form.reset();
	focusHeading(openedTitle);
	load();
});

(async () => {
	const u = await signedIn();
	if (!u || (u.role !== 'centre' && u.role !== 'assessor')) {
		needSignin.hidden = false;
		if (u) {
			who.textContent = whoText(u);
			who.hidden = false;
		}
		return;
	}
	who.textContent = whoText(u);
	who.hidden = false;
	list.hidden = false;
	form.hidden = u.role !== 'centre';
	load();
})();
