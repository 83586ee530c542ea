/*
 * The portal: files of web/ embedded at build time (gen/web_assets.c). Pages
 * (web/pages/NAME.html) are templates whose {{key}} placeholders are replaced
 * by the strings of the request's language (web/i18n/LANG.json); static files
 * (web/static/...) are served as they are.
 */
#include "server.h"

#include <stdlib.h>
#include <string.h>

#include "puente/error.h"

struct pu_web_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};
extern const struct pu_web_file pu_web_files[];

static const char *const langs[] = {"es", "en", "fr", "pt", "ht"};
#define NLANGS (sizeof(langs) / sizeof(langs[0]))

static json_t *strings[NLANGS];  /* key -> text */
static char *strings_js[NLANGS]; /* the same as JSON safe inside <script> */

static const struct pu_web_file *find(const char *name)
{
	for (const struct pu_web_file *f = pu_web_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* JSON text with '<' escaped, so that "</script>" cannot close the block. */
static char *script_safe(const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	pu_buf b = PU_BUF_INIT;

	if (s == NULL)
		return NULL;
	for (const char *p = s; *p; p++) {
		if (*p == '<')
			pu_buf_puts(&b, "\\u003c");
		else
			pu_buf_putc(&b, *p);
	}
	free(s);
	return pu_buf_detach(&b);
}

int srv_pages_init(void)
{
	for (size_t i = 0; i < NLANGS; i++) {
		char name[32];
		const struct pu_web_file *f;
		json_error_t e;

		snprintf(name, sizeof(name), "i18n/%s.json", langs[i]);
		f = find(name);
		strings[i] = f ? json_loadb((const char *)f->data, f->len,
					    JSON_REJECT_DUPLICATES, &e)
			       : json_object();
		if (strings[i] == NULL || !json_is_object(strings[i]))
			return pu_error_set(PU_EINVAL, "web/%s: %d:%d: %s", name,
					    e.line, e.column, e.text);
		strings_js[i] = script_safe(strings[i]);
		if (strings_js[i] == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
	}
	return 0;
}

void srv_pages_free(void)
{
	for (size_t i = 0; i < NLANGS; i++) {
		json_decref(strings[i]);
		strings[i] = NULL;
		free(strings_js[i]);
		strings_js[i] = NULL;
	}
}

static int lang_index(const char *lang)
{
	for (size_t i = 0; lang && i < NLANGS; i++)
		if (strcmp(lang, langs[i]) == 0)
			return (int)i;
	return -1;
}

const char *srv_t(const char *lang, const char *key)
{
	int i = lang_index(lang);
	const char *s = NULL;

	if (i >= 0 && strings[i] != NULL)
		s = json_string_value(json_object_get(strings[i], key));
	if (s == NULL && strings[1] != NULL)
		s = json_string_value(json_object_get(strings[1], key));
	return s ? s : key;
}

const char *srv_lang(srv_req *r)
{
	const char *q = srv_query(r, "lang");
	const char *c;
	int i;

	if ((i = lang_index(q)) >= 0) {
		srv_set_cookie(r, "lang=%s; Path=/; Max-Age=31536000; "
				  "SameSite=Lax",
			       langs[i]);
		return langs[i];
	}
	c = srv_cookie(r, "lang");
	if ((i = lang_index(c)) >= 0)
		return langs[i];
	i = http_accept_language(srv_header(r, "Accept-Language"), langs,
				 NLANGS);
	return i >= 0 ? langs[i] : "es";
}

static void put_escaped(pu_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': pu_buf_puts(b, "&amp;"); break;
		case '<': pu_buf_puts(b, "&lt;"); break;
		case '>': pu_buf_puts(b, "&gt;"); break;
		case '"': pu_buf_puts(b, "&quot;"); break;
		case '\'': pu_buf_puts(b, "&#39;"); break;
		default: pu_buf_putc(b, *s);
		}
	}
}

/* Replaces every {{key}} of the template f into b: {{lang}}, {{path}},
 * {{i18n}}, {{> name}} (web/partials/name.html, rendered the same way, one
 * level deep), {{current:/x}} (aria-current on the menu link of the page
 * shown), else the translated string. */
static void render_into(pu_buf *b, const struct pu_web_file *f,
			const char *lang, const char *path, int depth)
{
	const char *s = (const char *)f->data, *end = s + f->len;
	int li = lang_index(lang);

	while (s < end) {
		const char *open = strstr(s, "{{"), *close;
		char key[128];
		size_t kl;

		if (open == NULL || open >= end) {
			pu_buf_put(b, s, (size_t)(end - s));
			break;
		}
		pu_buf_put(b, s, (size_t)(open - s));
		close = strstr(open + 2, "}}");
		if (close == NULL) {
			pu_buf_put(b, open, (size_t)(end - open));
			break;
		}
		kl = (size_t)(close - open - 2);
		if (kl >= sizeof(key)) {
			pu_buf_put(b, open, 2);
			s = open + 2;
			continue;
		}
		memcpy(key, open + 2, kl);
		key[kl] = '\0';
		if (strcmp(key, "lang") == 0) {
			pu_buf_puts(b, lang);
		} else if (strcmp(key, "path") == 0) {
			put_escaped(b, path);
		} else if (strcmp(key, "i18n") == 0) {
			pu_buf_puts(b, li >= 0 && strings_js[li] ? strings_js[li]
								 : "{}");
		} else if (strncmp(key, "> ", 2) == 0) {
			char name[160];
			const struct pu_web_file *part;

			snprintf(name, sizeof(name), "partials/%s.html", key + 2);
			part = depth == 0 ? find(name) : NULL;
			if (part != NULL)
				render_into(b, part, lang, path, depth + 1);
		} else if (strncmp(key, "current:", 8) == 0) {
			if (strcmp(key + 8, path) == 0)
				pu_buf_puts(b, " aria-current=\"page\"");
		} else {
			put_escaped(b, srv_t(lang, key));
		}
		s = close + 2;
	}
}

static char *render(const struct pu_web_file *f, const char *lang,
		    const char *path, size_t *len)
{
	pu_buf b = PU_BUF_INIT;

	render_into(&b, f, lang, path, 0);
	*len = b.len;
	return pu_buf_detach(&b);
}

static const char *type_of(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".json", "application/json"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".webmanifest", "application/manifest+json"},
		{".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

int srv_page(srv_req *r)
{
	char name[HTTP_MAX_PATH + 32], path[HTTP_MAX_PATH + 2];
	const struct pu_web_file *f;
	pu_buf b = PU_BUF_INIT;

	if (r->path.n > 0 && strcmp(r->path.seg[0], "static") == 0) {
		pu_buf_puts(&b, "static");
		for (size_t i = 1; i < r->path.n; i++) {
			pu_buf_putc(&b, '/');
			pu_buf_puts(&b, r->path.seg[i]);
		}
		f = b.ptr ? find(b.ptr) : NULL;
		pu_buf_free(&b);
		if (f == NULL)
			return srv_error(r, 404, "not_found", "no such file");
		char *copy = malloc(f->len ? f->len : 1);

		if (copy == NULL)
			return srv_error(r, 500, "internal", "out of memory");
		memcpy(copy, f->data, f->len);
		r->cache = "public, max-age=3600";
		return srv_bytes(r, 200, type_of(f->name), copy, f->len);
	}
	snprintf(name, sizeof(name), "pages/%s.html",
		 r->path.n ? r->path.seg[0] : "index");
	f = find(name);
	int status = 200;

	if (f == NULL) {
		/* A person who followed a bad link gets a page in their
		 * language; scripts still see the 404. */
		f = find("pages/notfound.html");
		status = 404;
		if (f == NULL)
			return srv_error(r, 404, "not_found", "no such page");
	}
	snprintf(path, sizeof(path), "/%s", r->path.n ? r->path.seg[0] : "");
	const char *lang = srv_lang(r);
	size_t len;
	char *html = render(f, lang, path, &len);

	if (html == NULL)
		return srv_error(r, 500, "internal", "out of memory");
	r->page = true;
	return srv_bytes(r, status, "text/html; charset=utf-8", html, len);
}
