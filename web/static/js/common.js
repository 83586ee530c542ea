// Shared helpers of the Puente pages. Every visible text comes from the
// translation table that the server embeds in the page (<script id="i18n">);
// nothing is built with innerHTML, so data from the API is always text.

const dict = (() => {
	const node = document.getElementById('i18n');
	try {
		return node ? JSON.parse(node.textContent) : {};
	} catch {
		return {};
	}
})();

export const lang = document.documentElement.lang || 'es';

/** The translation of key, with {name} replaced from vars. */
export function t(key, vars) {
	let s = Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : key;
	if (vars) {
		s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined || vars[k] === null ? m : String(vars[k])));
	}
	return s;
}

/** The best text of a multilingual value {"es": "...", "en": "..."}, with its language. */
export function pickL(value, prefer) {
	if (value === null || value === undefined) return { text: '', lang: '' };
	if (typeof value === 'string') return { text: value, lang: prefer || '' };
	// The page's language, else the one the country wrote it in, else English.
	const order = [lang, prefer, 'en', 'es', 'fr', 'pt', 'ht'];
	for (const l of order) {
		if (l && typeof value[l] === 'string' && value[l] !== '') return { text: value[l], lang: l };
	}
	for (const [l, v] of Object.entries(value)) {
		if (typeof v === 'string' && v !== '') return { text: v, lang: l };
	}
	return { text: '', lang: '' };
}

export function pick(value, prefer) {
	return pickL(value, prefer).text;
}

/** Builds an element: h('a', {href: '/x', class: 'y'}, 'text', child...). */
export function h(tag, attrs, ...children) {
	const el = document.createElement(tag);
	if (attrs) {
		for (const [k, v] of Object.entries(attrs)) {
			if (v === null || v === undefined || v === false) continue;
			if (k === 'class') el.className = v;
			else if (k === 'text') el.textContent = v;
			else if (v === true) el.setAttribute(k, '');
			else el.setAttribute(k, String(v));
		}
	}
	for (const c of children.flat()) {
		if (c === null || c === undefined || c === false) continue;
		el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	return el;
}

/** A text in another language than the page, marked for screen readers. */
export function foreign(tag, value, prefer, attrs) {
	const { text, lang: l } = pickL(value, prefer);
	const a = Object.assign({}, attrs || {});
	if (l && l !== lang) a.lang = l;
	return h(tag, a, text);
}

/** Calls the JSON API. Resolves to {ok, status, data}; status 0 means no answer. */
export async function api(path, options) {
	const opts = Object.assign({ headers: {} }, options || {});
	opts.headers = Object.assign({ Accept: 'application/json' }, opts.headers);
	opts.credentials = 'same-origin';
	let res;
	try {
		res = await fetch(path, opts);
	} catch {
		return { ok: false, status: 0, data: null };
	}
	let data = null;
	const text = await res.text().catch(() => '');
	if (text) {
		try {
			data = JSON.parse(text);
		} catch {
			data = null;
		}
	}
	return { ok: res.ok, status: res.status, data };
}

/** A message for a failed API call, in the page's language. */
export function errorText(res) {
	if (!res || res.status === 0) return t('error_network');
	const msg = res.data && res.data.error && res.data.error.message;
	if (msg) return t('error_generic', { message: msg });
	return t('error_status', { status: res.status });
}

export function countryName(code) {
	if (!code) return '';
	const k = 'country_' + code;
	const v = t(k);
	return v === k ? code : v;
}

export function params() {
	return new URLSearchParams(window.location.search);
}

const collator = (() => {
	try {
		return new Intl.Collator(lang, { sensitivity: 'base' });
	} catch {
		return new Intl.Collator('en', { sensitivity: 'base' });
	}
})();

/** Re-fills a <select> with country codes, sorted by their name in the page's language. */
export function fillCountries(select, codes, firstKey, notes) {
	const keep = select.value;
	select.textContent = '';
	if (firstKey) select.append(h('option', { value: '' }, t(firstKey)));
	const sorted = [...new Set(codes)].sort((a, b) => collator.compare(countryName(a), countryName(b)));
	for (const c of sorted) {
		const note = notes && notes[c];
		select.append(h('option', { value: c }, note ? `${countryName(c)} (${note})` : countryName(c)));
	}
	if (keep && sorted.includes(keep)) select.value = keep;
}

export function setSelect(select, value) {
	if (!value) return;
	for (const o of select.options) {
		if (o.value === value) {
			select.value = value;
			return;
		}
	}
}

/** Shows a short message in the page's live region; quiet: announced to
 *  screen readers only, when a heading on the page already says it. */
export function status(text, kind, quiet) {
	const el = document.getElementById('status');
	if (!el) return;
	el.textContent = text || '';
	el.classList.toggle('error', kind === 'error');
	el.classList.toggle('vh', !!quiet);
}

export function percent(x) {
	return Math.round((Number(x) || 0) * 100);
}

export function formatDate(iso) {
	if (!iso) return '';
	const d = new Date(iso.length === 10 ? iso + 'T12:00:00Z' : iso);
	if (Number.isNaN(d.getTime())) return iso;
	for (const l of [lang, 'fr', 'en']) {
		try {
			if (Intl.DateTimeFormat.supportedLocalesOf([l]).length === 0) continue;
			return new Intl.DateTimeFormat(l, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
		} catch {
			/* next */
		}
	}
	return iso;
}

/** The CSRF token of the session, kept for this tab only. */
export function csrf() {
	try {
		return sessionStorage.getItem('puente.csrf') || '';
	} catch {
		return '';
	}
}

export function setCsrf(token) {
	try {
		if (token) sessionStorage.setItem('puente.csrf', token);
		else sessionStorage.removeItem('puente.csrf');
	} catch {
		/* private mode: the token lives only in memory */
	}
}

/** The language links keep the page's own query (the server gives only the path). */
export function refreshLanguageLinks() {
	const here = params();
	for (const a of document.querySelectorAll('.langs a[hreflang]')) {
		const l = a.getAttribute('hreflang');
		const q = new URLSearchParams(here);
		q.set('lang', l);
		a.setAttribute('href', window.location.pathname + '?' + q.toString());
		if (l === lang) a.setAttribute('aria-current', 'true');
	}
}

export function focusHeading(el) {
	if (!el) return;
	if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
	el.focus({ preventScroll: false });
}

refreshLanguageLinks();
