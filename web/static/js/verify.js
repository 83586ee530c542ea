// Certificate check: the pasted certificate (JSON), a .json or .txt file, or
// the text of a certificate's QR code ("PU1:...") goes to
// POST /api/v1/credentials/verify[?to=CC]. The answer is the verification
// report of docs/formats.md (ok, and document, signature, trust, status,
// validity, each with a result and a reason) and, with to=, the homologation
// of the certificate's standard in the country where it is being checked.
//
// The report does not repeat what the certificate says (the standard, the
// units), so the page reads that from the certificate itself: a QR text is
// decoded here (Base45, CRC-32, raw deflate: formats.md "Certificate QR
// payload"). Only the server decides whether it is valid.
import { t, h, api, status, formatDate, countryName, focusHeading, csrf, params, fillCountries, setSelect, refreshLanguageLinks, pick, pickL, lang } from './common.js';

const form = document.getElementById('verify');
const area = document.getElementById('credential');
const fileInput = document.getElementById('credential-file');
const where = document.getElementById('where');
const section = document.getElementById('result');
const heading = document.getElementById('result-title');
const facts = document.getElementById('result-facts');
const achievementBox = document.getElementById('result-achievement');
const hereBox = document.getElementById('result-here');
const detailsBox = document.getElementById('result-details');

/** Countries whose catalogue Puente holds; null until known. */
let withData = null;
/** The trust lists of the server (GET /api/v1/trust), for their names. */
let trustLists = null;

// ------------------------------------------------------------ countries

/** Every country the translations name (country_XX), and those of the API. */
function knownCountries() {
	const node = document.getElementById('i18n');
	let d = {};
	try {
		d = JSON.parse(node.textContent);
	} catch {
		d = {};
	}
	return Object.keys(d).filter((k) => /^country_[A-Z]{2}$/.test(k)).map((k) => k.slice(8));
}

async function loadCountries() {
	const codes = knownCountries();
	// A shared link's country is chosen at once, before the list arrives.
	const asked = params().get('to');
	if (asked && /^[A-Z]{2}$/.test(asked)) {
		where.append(h('option', { value: asked }, countryName(asked)));
		where.value = asked;
	}
	const res = await api('/api/v1/countries');
	const notes = {};
	if (res.ok && res.data && Array.isArray(res.data.countries)) {
		withData = new Set(res.data.countries.filter((c) => c.standards > 0).map((c) => c.country));
		for (const c of res.data.countries) codes.push(c.country);
		for (const c of codes) if (!withData.has(c)) notes[c] = t('no_data_yet');
	}
	fillCountries(where, codes, 'choose_country', notes);
	setSelect(where, params().get('to'));
}

async function loadTrust() {
	if (trustLists) return trustLists;
	const res = await api('/api/v1/trust');
	trustLists = res.ok && res.data && Array.isArray(res.data.lists) ? res.data.lists : [];
	return trustLists;
}

// ------------------------------------------------------------ QR payload

const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

class QrFault extends Error {
	constructor(kind) {
		super(kind);
		this.kind = kind;
	}
}

function base45(s) {
	const out = new Uint8Array(Math.floor(s.length / 3) * 2 + 1);
	let n = 0;
	for (let i = 0; i < s.length; i += 3) {
		const v = [...s.slice(i, i + 3)].map((c) => B45.indexOf(c));
		if (v.some((x) => x < 0)) throw new QrFault('damaged');
		if (v.length === 3) {
			const x = v[0] + v[1] * 45 + v[2] * 2025;
			if (x > 0xffff) throw new QrFault('damaged');
			out[n++] = x >> 8;
			out[n++] = x & 0xff;
		} else if (v.length === 2) {
			const x = v[0] + v[1] * 45;
			if (x > 0xff) throw new QrFault('damaged');
			out[n++] = x;
		} else {
			throw new QrFault('damaged');
		}
	}
	return out.subarray(0, n);
}

const CRC_TABLE = (() => {
	const tab = new Uint32Array(256);
	for (let i = 0; i < 256; i++) {
		let c = i;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		tab[i] = c >>> 0;
	}
	return tab;
})();

function crc32(bytes) {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/** The credential (text) that a "PU1:..." payload carries. */
async function decodePayload(text) {
	const m = /^PU(\d+):/.exec(text);
	if (!m) throw new QrFault('prefix');
	if (m[1] !== '1') throw new QrFault('version');
	const env = base45(text.slice(m[0].length));
	if (env.length < 9) throw new QrFault('damaged');
	const dv = new DataView(env.buffer, env.byteOffset, env.byteLength);
	const size = dv.getUint32(0);
	const want = dv.getUint32(env.length - 4);
	if (crc32(env.subarray(0, env.length - 4)) !== want) throw new QrFault('damaged');
	if (size < 1 || size > 65536) throw new QrFault('damaged');
	if (typeof DecompressionStream !== 'function') throw new QrFault('browser');
	let bytes;
	try {
		const stream = new Blob([env.subarray(4, env.length - 4)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
		bytes = new Uint8Array(await new Response(stream).arrayBuffer());
	} catch {
		throw new QrFault('damaged');
	}
	if (bytes.length !== size) throw new QrFault('damaged');
	return new TextDecoder('utf-8').decode(bytes);
}

/** What to send, and the certificate as this page can read it. */
async function prepare(raw) {
	let text = raw.trim();
	if (/^pu\d*:/i.test(text)) {
		// A payload typed by hand or wrapped by a screen: the QR alphabet has
		// no lower case and no line breaks, so neither changes its meaning.
		text = text.replace(/[\r\n]+/g, '').toUpperCase();
		let credential = null;
		let fault = null;
		try {
			credential = JSON.parse(await decodePayload(text));
		} catch (e) {
			fault = e instanceof QrFault ? e.kind : null;
		}
		return { body: text, type: 'text/plain; charset=utf-8', credential, fault };
	}
	let doc = null;
	try {
		doc = JSON.parse(text);
	} catch {
		return { body: text, type: 'text/plain; charset=utf-8', credential: null, fault: null };
	}
	// The VC-API wrapping {"verifiableCredential": {...}}: the credential inside.
	if (doc && typeof doc === 'object' && !doc['@context'] && doc.verifiableCredential && typeof doc.verifiableCredential === 'object') {
		doc = doc.verifiableCredential;
		text = JSON.stringify(doc);
	}
	return { body: text, type: 'application/json', credential: doc && typeof doc === 'object' ? doc : null, fault: null };
}

// ------------------------------------------------------------ credential texts

/** A text of the credential (a string, {"@value", "@language"}, or an array
 *  of them) or of the API ({lang: text}) as {lang: text}, or a plain string. */
function langValue(v) {
	if (typeof v === 'string') return v;
	const out = {};
	// The API's texts: {"es": "...", "en": "..."}.
	if (v && typeof v === 'object' && !Array.isArray(v) && !('@value' in v)) {
		for (const [l, x] of Object.entries(v)) if (typeof x === 'string' && x) out[l] = x;
		return Object.keys(out).length ? out : null;
	}
	for (const x of Array.isArray(v) ? v : [v]) {
		if (typeof x === 'string') out.und = out.und || x;
		else if (x && typeof x === 'object' && typeof x['@value'] === 'string') {
			const l = String(x['@language'] || 'und').toLowerCase().split('-')[0];
			if (!out[l]) out[l] = x['@value'];
		}
	}
	return Object.keys(out).length ? out : null;
}

function textOf(v, prefer) {
	const lv = langValue(v);
	if (lv === null) return null;
	const r = pickL(lv, prefer);
	if (r.lang === 'und') r.lang = '';
	return r.text ? r : null;
}

/** A long token (an id, a DID) with break opportunities, so that it wraps
 *  on a narrow screen instead of widening the page. */
function breakable(text) {
	const parts = [];
	for (let i = 0; i < text.length; i += 12) {
		if (i) parts.push(h('wbr'));
		parts.push(text.slice(i, i + 12));
	}
	return parts;
}

/** An element with a credential text, marked with its language. */
function textEl(tag, r) {
	const a = {};
	if (r.lang && r.lang !== lang) a.lang = r.lang;
	return h(tag, a, r.text);
}

function holderName(subject) {
	const n = textOf(subject && subject.name);
	if (n) return n;
	const ids = subject && Array.isArray(subject.identifier) ? subject.identifier : [];
	const named = ids.find((i) => i && i.identityType === 'name' && i.hashed === false && typeof i.identityHash === 'string');
	return named ? { text: named.identityHash, lang: '' } : null;
}

function isAttainment(ach) {
	return /StatementOfAttainment/.test(String(ach && ach.achievementType));
}

/** What the certificate says: the standard, its levels, the units. */
function renderAchievement(cred, report) {
	achievementBox.textContent = '';
	const subject = cred && cred.credentialSubject;
	const ach = subject && subject.achievement;
	if (!ach || typeof ach !== 'object') return;
	const prefer = typeof ach.inLanguage === 'string' ? ach.inLanguage : undefined;
	const box = h('div', { class: 'answer' });
	box.append(h('h3', null, t('verify_achievement_heading')));
	if (!report || !report.signature || report.signature.result !== 'valid') {
		box.append(h('p', { class: 'notice error' }, t('verify_claims_only')));
	}
	const dl = h('dl', { class: 'facts' });
	const row = (label, ...value) => dl.append(h('dt', null, label), h('dd', null, ...value));
	const name = textOf(ach.name, prefer);
	if (name) row(t('verify_field_achievement'), textEl('span', name));
	const code = typeof ach.humanCode === 'string' ? ach.humanCode : '';
	const slash = code.indexOf('/');
	if (slash > 0) {
		const cc = code.slice(0, slash);
		const sc = code.slice(slash + 1);
		row(t('verify_field_standard'),
			h('a', { href: `/standard?country=${encodeURIComponent(cc)}&code=${encodeURIComponent(sc)}` }, sc),
			` (${countryName(cc)})`);
	} else if (code) {
		row(t('verify_field_standard'), code);
	}
	row(t('verify_field_kind'), isAttainment(ach) ? t('verify_kind_attainment') : t('verify_kind_full'));
	const levels = (Array.isArray(ach.alignment) ? ach.alignment : [])
		.map((a) => a && textOf(a.targetName)).filter(Boolean);
	if (levels.length) row(t('verify_field_levels'), h('ul', { class: 'units' }, levels.map((l) => textEl('li', l))));
	// The units achieved: results Completed (or without a status), named by
	// the result description they point to.
	const descs = new Map();
	for (const d of Array.isArray(ach.resultDescription) ? ach.resultDescription : []) {
		if (d && typeof d.id === 'string') descs.set(d.id, d);
	}
	const units = [];
	for (const r of Array.isArray(subject.result) ? subject.result : []) {
		if (!r || (r.status !== undefined && r.status !== 'Completed')) continue;
		const d = descs.get(r.resultDescription);
		const n = d ? textOf(d.name, prefer) : textOf(r.value);
		if (n) units.push(n);
	}
	if (units.length) {
		row(t('verify_field_units', { n: units.length }), h('ul', { class: 'units covered', id: 'result-units' }, units.map((u) => textEl('li', u))));
	}
	const holder = holderName(subject);
	if (holder) row(t('verify_field_holder'), textEl('span', holder));
	const issuer = cred.issuer;
	const issuerName = issuer && typeof issuer === 'object' ? textOf(issuer.name) : null;
	// A name that is only the issuer's DID says nothing more than the trust facts.
	if (issuerName && !/^did:/.test(issuerName.text)) row(t('verify_field_issuer'), textEl('span', issuerName));
	if (typeof cred.id === 'string') row(t('verify_field_id'), h('code', null, ...breakable(cred.id)));
	box.append(dl);
	achievementBox.append(box);
}

// ------------------------------------------------------------ the report

function fact(text, bad) {
	facts.append(h('li', { class: bad ? 'bad' : null }, text));
}

const result = (part) => (part && typeof part === 'object' ? part.result : undefined);

function headline(r) {
	// A server without trust lists passes a certificate whose issuer it could
	// not check: the heading says so rather than "valid".
	if (r.ok) return result(r.trust) === 'trusted' || result(r.trust) === undefined ? t('verify_ok') : t('verify_head_unknown_issuer');
	if (result(r.document) !== 'ok') return t('verify_head_invalid');
	if (result(r.signature) !== 'valid') return t('verify_head_invalid');
	if (result(r.status) === 'revoked') return t('verify_head_revoked');
	if (result(r.status) === 'suspended') return t('verify_head_suspended');
	if (result(r.validity) === 'expired') return t('verify_head_expired');
	return t('verify_not_ok');
}

function listName(id) {
	const l = (trustLists || []).find((x) => x && x.id === id);
	const n = l ? textOf(l.name) : null;
	return n ? n.text : id;
}

function issuerEntryName(listId, did) {
	const l = (trustLists || []).find((x) => x && x.id === listId);
	const issuers = l && l.credentialSubject && Array.isArray(l.credentialSubject.issuers) ? l.credentialSubject.issuers : [];
	const e = issuers.find((i) => i && i.id === did);
	const n = e ? textOf(e.name) : null;
	return n ? n.text : null;
}

/** The verification report of pu_cred_report_to_json, one answer a line. */
function renderFacts(r) {
	const doc = result(r.document);
	if (doc !== 'ok') {
		const key = { 'too-large': 'verify_too_large', 'unknown-context': 'verify_unknown_context' }[doc] || 'verify_malformed';
		fact(t(key), true);
		return;
	}
	const sig = result(r.signature);
	if (sig === 'valid') fact(t('verify_valid'));
	else if (sig === 'invalid') {
		fact(t('verify_invalid'), true);
		fact(t('verify_invalid_why'), true);
	} else if (sig === 'unsupported') fact(t('verify_sig_unsupported'), true);
	else if (sig === 'missing') fact(t('verify_sig_missing'), true);
	else fact(t('verify_sig_not_checked'), true);

	const trust = result(r.trust);
	if (trust === 'trusted') {
		fact(t('verify_trusted'));
		const tr = r.trust;
		const issuer = issuerEntryName(tr.list, r.credential && r.credential.issuer);
		if (tr.country) {
			fact(t(tr.role === 'authority' ? 'verify_issuer_country' : 'verify_issuer_body_country', { country: countryName(tr.country) }));
		}
		if (issuer) fact(t('verify_issuer', { name: issuer }));
		if (tr.list) fact(t('verify_trusted_list', { list: listName(tr.list) }));
	} else if (trust === 'untrusted') {
		fact(t('verify_untrusted'), true);
		fact(t('verify_untrusted_why'), true);
	} else if (sig !== 'valid') fact(t('verify_trust_not_checked_sig'), true);
	else fact(t('verify_trust_unknown'), true);

	const st = result(r.status);
	if (st === 'revoked') fact(t('verify_revoked'), true);
	else if (st === 'suspended') fact(t('verify_suspended'), true);
	else if (st === 'active') fact(t('verify_not_revoked'));
	else if (st === 'none') fact(t('verify_status_none'));
	else fact(t('verify_status_unknown'), true);

	const v = r.validity || {};
	if (v.result === 'valid') fact(t('verify_within_dates'));
	else if (v.result === 'not-yet-valid') fact(t('verify_not_yet_valid'), true);
	else if (v.result === 'expired') fact(t('verify_expired'), true);
	else fact(t('verify_dates_invalid'), true);
	if (v.validFrom) fact(t('verify_issued', { date: formatDate(v.validFrom) }));
	if (v.validUntil) fact(t('verify_valid_until', { date: formatDate(v.validUntil) }));
	else if (v.result === 'valid') fact(t('verify_no_end'));
}

/** The technical reasons of the server (in English), for whoever wants them. */
function renderDetails(r, message) {
	detailsBox.textContent = '';
	const rows = [];
	if (r) {
		for (const k of ['document', 'signature', 'trust', 'status', 'validity']) {
			if (r[k] && r[k].reason) rows.push(`${k}: ${r[k].reason}`);
		}
		if (r.credential && r.credential.issuer) rows.push(`issuer: ${r.credential.issuer}`);
	}
	if (message) rows.push(message);
	if (!rows.length) return;
	const attrs = lang === 'en' ? null : { lang: 'en' };
	// Reasons name DIDs and URLs: long words, given places to wrap.
	const wrap = (x) => x.split(/(\S{25,})/).map((w, i) => (i % 2 ? breakable(w) : w));
	detailsBox.append(h('details', { class: 'explain' }, h('summary', null, t('verify_details')),
		h('p', { class: 'small' }, t('verify_details_note')),
		h('ul', { class: 'small' }, rows.map((x) => h('li', attrs, ...wrap(x))))));
}

// ------------------------------------------------------------ in the verifier's country

function chosenCandidate(hom) {
	const cands = Array.isArray(hom.candidates) ? hom.candidates : [];
	const ag = hom.agreement;
	if (ag && ag.destination_code) {
		const c = cands.find((x) => x.standard && x.standard.code === ag.destination_code);
		if (c) return c;
	}
	return cands[0] || null;
}

function renderHere(r, cred, to) {
	hereBox.textContent = '';
	if (!to) {
		hereBox.append(h('p', { class: 'hint' }, t('verify_here_choose')));
		return;
	}
	const country = countryName(to);
	const art = h('div', { class: 'answer', id: 'here' });
	art.append(h('h3', null, t('verify_here_heading', { country })));
	hereBox.append(art);
	const say = (text, cls) => art.append(h('p', cls ? { class: cls } : null, text));
	if (!r.ok) {
		say(t('verify_here_not_ok', { country }));
		return;
	}
	const ach = cred && cred.credentialSubject && cred.credentialSubject.achievement;
	const code = (ach && typeof ach.humanCode === 'string' ? ach.humanCode : '') ||
		(r.homologation && r.homologation.source ? `${r.homologation.source.country}/${r.homologation.source.code}` : '');
	const from = code.includes('/') ? code.slice(0, code.indexOf('/')) : '';
	const hom = r.homologation;
	if (from === to) {
		say(t('verify_here_same', { country }));
		return;
	}
	if (withData && !withData.has(to)) {
		say(t('verify_here_no_data', { country }));
		return;
	}
	if (!hom || !hom.source) {
		say(t('verify_here_unknown', { country }));
		if (hom && hom.note) art.append(h('p', { class: 'small', lang: lang === 'en' ? null : 'en' }, hom.note));
		return;
	}
	const cand = chosenCandidate(hom);
	const eq = ['full', 'partial', 'none'].includes(hom.equivalence) ? hom.equivalence : 'none';
	const std = cand && cand.standard && eq !== 'none' ? cand.standard : null;
	art.append(h('p', null, h('span', { class: `badge ${eq}`, 'data-equivalence': eq }, t('eq_' + eq))));
	if (std) {
		const title = textOf(std.title, std.language);
		art.append(h('p', null, t(eq === 'full' ? 'verify_here_full' : 'verify_here_partial', {
			country, title: title ? title.text : std.code, code: std.code,
		})));
		const gaps = Array.isArray(cand.gap_units) ? cand.gap_units : [];
		if (eq === 'partial' && gaps.length) {
			art.append(h('p', null, t('verify_here_missing')));
			art.append(h('ul', { class: 'units gap' }, gaps.map((g) => {
				const gt = textOf(g.title, std.language);
				const li = h('li', { 'data-code': g.code }, `${g.code} `);
				if (gt) li.append(textEl('span', gt));
				return li;
			})));
		}
		art.append(h('p', null, h('a', { href: `/standard?country=${encodeURIComponent(std.country || to)}&code=${encodeURIComponent(std.code)}` },
			t('see_standard', { code: std.code }))));
	} else {
		say(t('verify_here_none', { country }));
	}
	if (ach && isAttainment(ach)) say(t('verify_here_attainment'), 'small');
	const ag = hom.agreement;
	if (hom.suggestion === false && ag) {
		const box = h('div', { class: 'notice agreement' });
		box.append(h('p', null, t('notice_agreement', { agreement: pick(ag.title) || ag.id })));
		if (ag.confirmed_by) box.append(h('p', null, t('notice_confirmed', { who: ag.confirmed_by, date: formatDate(ag.confirmed_at) })));
		art.append(box);
	} else {
		art.append(h('p', { class: 'notice suggestion' }, t('notice_suggestion')));
	}
}

// ------------------------------------------------------------ asking

const FAULT = { prefix: 'verify_qr_prefix', version: 'verify_qr_version', damaged: 'verify_qr_damaged' };

function clear() {
	facts.textContent = '';
	achievementBox.textContent = '';
	hereBox.textContent = '';
	detailsBox.textContent = '';
}

function refused(p, res) {
	clear();
	heading.textContent = t('verify_head_invalid');
	const key = res.status === 413 ? 'verify_too_large' : FAULT[p.fault] || 'verify_malformed';
	fact(t(key), true);
	const msg = res.data && res.data.error && res.data.error.message;
	renderDetails(null, msg);
	section.hidden = false;
	status(heading.textContent, 'error', true);
	focusHeading(heading);
}

let seq = 0;
async function check(p, to, moveFocus) {
	const mine = ++seq;
	const headers = { 'Content-Type': p.type };
	const token = csrf();
	if (token) headers['X-CSRF-Token'] = token;
	status(t('verify_checking'));
	section.hidden = true;
	section.setAttribute('aria-busy', 'true');
	const url = '/api/v1/credentials/verify' + (to ? '?' + new URLSearchParams({ to }).toString() : '');
	const [res] = await Promise.all([api(url, { method: 'POST', headers, body: p.body }), loadTrust()]);
	if (mine !== seq) return;
	section.removeAttribute('aria-busy');
	if (res.status === 404 || res.status === 405 || res.status === 501 || res.status === 0) {
		status(res.status === 0 ? t('error_network') : t('verify_unavailable'), 'error');
		return;
	}
	const r = res.data;
	if (!res.ok || !r || typeof r !== 'object' || r.error || !('ok' in r)) {
		refused(p, res);
		return;
	}
	clear();
	heading.textContent = headline(r);
	heading.dataset.ok = r.ok ? 'true' : 'false';
	renderFacts(r);
	if (result(r.document) === 'ok') renderAchievement(p.credential, r);
	renderHere(r, p.credential, to);
	renderDetails(r, null);
	section.hidden = false;
	// The heading says it; the live region repeats it for screen readers.
	status(heading.textContent, r.ok ? null : 'error', true);
	if (moveFocus) focusHeading(heading);
}

function remember(to) {
	const q = params();
	if (to) q.set('to', to);
	else q.delete('to');
	const s = q.toString();
	history.replaceState(null, '', window.location.pathname + (s ? '?' + s : ''));
	refreshLanguageLinks();
}

async function submit(moveFocus) {
	if (!area.value.trim()) {
		status(t('verify_empty'), 'error');
		area.focus();
		return;
	}
	const to = where.value;
	remember(to);
	const p = await prepare(area.value);
	await check(p, to, moveFocus);
}

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	submit(true);
});

// A file: its text goes in the box (so the person sees what is checked), then checked.
fileInput.addEventListener('change', async () => {
	const f = fileInput.files && fileInput.files[0];
	if (!f) return;
	if (f.size > 256 * 1024) {
		status(t('verify_too_large'), 'error');
		return;
	}
	try {
		area.value = await f.text();
	} catch {
		status(t('verify_file_unreadable'), 'error');
		return;
	}
	submit(true);
});

// Typing or pasting: the file chosen before is no longer what is checked.
area.addEventListener('input', () => {
	if (fileInput.value) fileInput.value = '';
});

// Another country once a result is shown: asked again for that country.
where.addEventListener('change', () => {
	remember(where.value);
	if (!section.hidden && area.value.trim()) submit(false);
});

loadCountries();
