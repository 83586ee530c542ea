/*
 * libmicrohttpd glue: the daemon, the life of a request (limits, body, route,
 * handler, reply, access log, metrics) and the graceful stop.
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "puente/error.h"
#include "puente/store.h"

#define CSP "default-src 'self'; script-src 'self'; style-src 'self'; " \
	    "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; " \
	    "base-uri 'none'; form-action 'self'"

/* ---- replies ---- */

int srv_bytes(srv_req *r, int status, const char *type, char *data,
	      size_t len)
{
	free(r->reply);
	r->status = status;
	r->content_type = type;
	r->reply = data;
	r->reply_len = len;
	return status;
}

int srv_json(srv_req *r, int status, json_t *body)
{
	char *s;

	if (body == NULL)
		return srv_error(r, 500, "internal", "out of memory");
	s = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(body);
	if (s == NULL)
		return srv_error(r, 500, "internal", "out of memory");
	return srv_bytes(r, status, "application/json", s, strlen(s));
}

int srv_error(srv_req *r, int status, const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	json_t *o;
	char *s;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg);
	s = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	json_decref(o);
	if (s == NULL) {
		static const char oom[] =
			"{\"error\":{\"code\":\"internal\",\"message\":"
			"\"out of memory\"}}";
		s = malloc(sizeof(oom));
		if (s != NULL)
			memcpy(s, oom, sizeof(oom));
		status = 500;
	}
	return srv_bytes(r, status, "application/json", s, s ? strlen(s) : 0);
}

int srv_fail(srv_req *r, int rc)
{
	const char *msg = pu_error_message();

	switch (rc) {
	case PU_EINVAL:
		return srv_error(r, 400, "invalid", "%s", msg);
	case PU_ELIMIT:
		return srv_error(r, 400, "limit", "%s", msg);
	case PU_ENOTFOUND:
		return srv_error(r, 404, "not_found", "%s", msg);
	case PU_ECONFLICT:
		return srv_error(r, 409, "conflict", "%s", msg);
	case PU_EAUTH:
		return srv_error(r, 401, "unauthenticated", "%s", msg);
	case PU_EDENIED:
		return srv_error(r, 403, "forbidden", "%s", msg);
	default:
		/* The detail is for the operator, not the client. */
		fprintf(stderr, "puente serve: %s %s: %s\n", r->method,
			r->route ? r->route->pattern : "-", msg);
		return srv_error(r, 500, "internal",
				 "internal error; the server log has the detail");
	}
}

void srv_set_cookie(srv_req *r, const char *fmt, ...)
{
	va_list ap;
	size_t i = r->set_cookie[0][0] ? 1 : 0;

	if (r->set_cookie[i][0])
		return;
	va_start(ap, fmt);
	vsnprintf(r->set_cookie[i], sizeof(r->set_cookie[i]), fmt, ap);
	va_end(ap);
}

const char *srv_query(srv_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *srv_header(srv_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *srv_cookie(srv_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

json_t *srv_body_json(srv_req *r, int *status)
{
	json_error_t e;
	json_t *v;

	if (r->body.len == 0) {
		*status = srv_error(r, 400, "invalid", "a JSON body is needed");
		return NULL;
	}
	if (!http_json_depth_ok(r->body.ptr, r->body.len, SRV_JSON_DEPTH)) {
		*status = srv_error(r, 400, "invalid",
				    "JSON nested deeper than %d levels",
				    SRV_JSON_DEPTH);
		return NULL;
	}
	v = json_loadb(r->body.ptr, r->body.len, JSON_REJECT_DUPLICATES, &e);
	if (v == NULL) {
		*status = srv_error(r, 400, "invalid", "body: line %d column %d: %s",
				    e.line, e.column, e.text);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		*status = srv_error(r, 400, "invalid",
				    "body: a JSON object is expected");
		return NULL;
	}
	return v;
}

/* ---- the life of a request ---- */

static enum MHD_Result count_arg(void *cls, enum MHD_ValueKind kind,
				 const char *key, const char *value)
{
	int *bad = cls;

	(void)kind;
	if (!http_utf8_valid(key, strlen(key)) ||
	    (value && !http_utf8_valid(value, strlen(value))))
		*bad = 1;
	return MHD_YES;
}

/* Checks made before the body is read; sets the reply when one fails. */
static void admit(srv_req *r)
{
	const char *why, *cl;
	int bad = 0, nargs;
	size_t max;

	if (MHD_get_connection_values(r->conn, MHD_HEADER_KIND, NULL, NULL) >
	    SRV_MAX_HEADERS) {
		srv_error(r, 431, "too_many_headers",
			  "more than %d header fields", SRV_MAX_HEADERS);
		return;
	}
	if (!http_path_parse(&r->path, r->url, &why)) {
		srv_error(r, 400, "bad_path", "%s", why);
		return;
	}
	nargs = MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
					  count_arg, &bad);
	if (bad || nargs > 64) {
		srv_error(r, 400, "bad_query",
			  bad ? "the query string is not valid UTF-8"
			      : "too many query parameters");
		return;
	}
	switch (srv_route_find(r->method, &r->path, &r->route)) {
	case 404:
		srv_error(r, 404, "not_found", "no such resource");
		return;
	case 405:
		srv_error(r, 405, "method_not_allowed",
			  "%s is not allowed on this resource", r->method);
		return;
	default:
		break;
	}
	max = r->route->max_body ? r->route->max_body : SRV_BODY_DEFAULT;
	r->body.max = max + 1;
	cl = srv_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl != NULL && strtoull(cl, NULL, 10) > max)
		srv_error(r, 413, "too_large", "the body is over %zu bytes",
			  max);
}

static void add_headers(srv_req *r, struct MHD_Response *resp)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				r->content_type ? r->content_type
						: "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				r->cache ? r->cache : "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	if (r->page)
		MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	if (r->retry_after[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER,
					r->retry_after);
	if (r->etag[0]) {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
					"Accept-Language, Cookie");
	}
	for (size_t i = 0; i < 2; i++)
		if (r->set_cookie[i][0])
			MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE,
						r->set_cookie[i]);
}

static enum MHD_Result reply(srv_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ok;

	if (r->reply == NULL)
		srv_error(r, 500, "internal", "no reply");
	resp = MHD_create_response_from_buffer(r->reply_len, r->reply,
					       MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		return MHD_NO;
	r->reply = NULL; /* the response owns it now */
	add_headers(r, resp);
	ok = MHD_queue_response(r->conn, (unsigned int)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* Called first with the request target as sent (libmicrohttpd hands
 * on_request a path it has already percent-decoded, which would let "%2F" pass
 * as a separator and decode twice); what it returns becomes the request's
 * state. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	srv_req *r = calloc(1, sizeof(*r));
	const char *q;

	(void)cls;
	if (r == NULL)
		return NULL;
	if (pu_arena_new(&r->arena) < 0) {
		free(r);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->conn = conn;
	q = strchr(uri, '?');
	r->url = pu_arena_strndup(r->arena, uri,
				  q ? (size_t)(q - uri) : strlen(uri));
	r->target = pu_arena_strdup(r->arena, uri);
	return r;
}

/* A catalogue route: 304 when the client has this version, else the cached
 * reply, else the handler's (then cached). The catalogue version is read on
 * this thread's connection, so a write committed elsewhere is seen at once. */
static void serve_catalogue(srv_req *r)
{
	pu_store *st = srv_store();
	const char *inm;
	int64_t v;

	if (st == NULL || pu_store_catalog_version(st, &v) < 0) {
		pu_error_clear();
		r->route->fn(r);
		return;
	}
	r->version = v;
	/* The reply also depends on the destination authorities' policies:
	 * their generation is part of the version the cache and ETag see. */
	v += (int64_t)(srv_policy_generation() << 40);
	srv_cache_etag(r, v, r->etag, sizeof(r->etag));
	r->cache = "no-cache";
	inm = srv_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL && strstr(inm, r->etag) != NULL) {
		char *empty = malloc(1);

		if (empty != NULL) {
			srv_bytes(r, 304, "application/json", empty, 0);
			return;
		}
	}
	if (srv_cache_get(r, v))
		return;
	r->route->fn(r);
	if (r->status == 200 && !r->uncacheable)
		srv_cache_put(r, v);
	else
		r->etag[0] = '\0';
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *data,
				  size_t *size, void **state)
{
	srv_req *r = *state;

	(void)cls;
	(void)conn;
	(void)url;
	(void)version;
	if (r == NULL || r->url == NULL)
		return MHD_NO;
	if (r->method == NULL) {
		r->method = method;
		admit(r);
		/* A refusal is sent now, without reading a body. */
		return r->status ? reply(r) : MHD_YES;
	}
	if (*size != 0) {
		if (!r->body_too_large && pu_buf_put(&r->body, data, *size) < 0) {
			r->body_too_large = true;
			pu_buf_free(&r->body);
		}
		*size = 0;
		return MHD_YES;
	}
	if (r->status != 0) /* already answered */
		return MHD_YES;
	if (r->body_too_large)
		srv_error(r, 413, "too_large", "the body is over %zu bytes",
			  r->body.max - 1);
	else if (r->body.len && !http_utf8_valid(r->body.ptr, r->body.len) &&
		 strcmp(r->route->pattern, "/api/v1/imports") != 0 &&
		 strcmp(r->route->pattern, "/api/v1/cases/{}/evidence/file") !=
		     0)
		srv_error(r, 400, "invalid", "the body is not valid UTF-8");
	else if (r->route->catalogue)
		serve_catalogue(r);
	else
		r->route->fn(r);
	pu_error_clear();
	return reply(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
			 void **state, enum MHD_RequestTerminationCode why)
{
	srv_req *r = *state;
	struct timespec t;
	double secs;

	(void)cls;
	(void)conn;
	if (r == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t);
	secs = (double)(t.tv_sec - r->start.tv_sec) +
	       (double)(t.tv_nsec - r->start.tv_nsec) / 1e9;
	srv_metrics_record(r->route, r->status, secs);
	if (!srv_opts()->quiet) {
		char ts[32];
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		/* The route pattern, never the path or the query: they carry
		 * what people typed. */
		/* logfmt: one key=value record per line. */
		fprintf(stderr,
			"time=%s method=%s route=%s status=%d bytes=%zu "
			"ms=%.2f%s\n",
			ts, r->method ? r->method : "-",
			r->route ? r->route->pattern : "-", r->status,
			r->reply_len, secs * 1000.0,
			why == MHD_REQUEST_TERMINATED_COMPLETED_OK
				? ""
				: " aborted=true");
	}
	free(r->reply);
	pu_buf_free(&r->body);
	pu_arena_free(r->arena);
	free(r);
	*state = NULL;
}

/* ---- the daemon ---- */

static int parse_listen(const char *s, struct sockaddr_storage *ss)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	char *end;
	unsigned long port;
	size_t hl;

	memset(ss, 0, sizeof(*ss));
	if (colon == NULL)
		return pu_error_set(PU_EINVAL, "--listen %s: expected ADDR:PORT",
				    s);
	port = strtoul(colon + 1, &end, 10);
	hl = (size_t)(colon - s);
	if (*end != '\0' || colon[1] == '\0' || port > 65535 ||
	    hl >= sizeof(host))
		return pu_error_set(PU_EINVAL, "--listen %s: bad port", s);
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		host[hl - 1] = '\0';
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) == 1)
			return 0;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0",
			      &a->sin_addr) == 1)
			return 0;
	}
	return pu_error_set(PU_EINVAL, "--listen %s: bad address", s);
}

static void announce(const srv_options *o, struct MHD_Daemon *d,
		     const struct sockaddr_storage *ss)
{
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[64] = "", addr[96];
	unsigned int port = info ? info->port : 0;

	if (ss->ss_family == AF_INET6) {
		host[0] = '[';
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr,
			  host + 1, sizeof(host) - 2);
		size_t l = strlen(host);

		if (l + 1 < sizeof(host)) {
			host[l] = ']';
			host[l + 1] = '\0';
		}
	} else {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr,
			  host, sizeof(host));
	}
	snprintf(addr, sizeof(addr), "%s:%u", host, port);
	printf("puente: serving on http://%s/ (%u threads; Ctrl-C stops)\n",
	       addr, o->threads);
	fflush(stdout);
	if (o->ready_file != NULL) {
		char tmp[4096];
		FILE *f;

		snprintf(tmp, sizeof(tmp), "%s.tmp", o->ready_file);
		f = fopen(tmp, "w");
		if (f != NULL) {
			fprintf(f, "%s\n", addr);
			if (fclose(f) == 0)
				rename(tmp, o->ready_file);
		}
	}
}

int srv_run(const srv_options *o)
{
	struct sockaddr_storage ss;
	struct MHD_Daemon *d = NULL;
	sigset_t set;
	int rc, sig = 0;

	if ((rc = parse_listen(o->listen, &ss)) < 0)
		return rc;
	/* Signals go to this thread only (sigwait below): the workers started
	 * by the daemon inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	srv_cache_init();
	if ((rc = srv_context_init(o)) < 0 || (rc = srv_pages_init()) < 0)
		goto done;
	d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC |
			(ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned int)o->threads, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, NULL, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned int)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t)(128 * 1024), MHD_OPTION_CONNECTION_LIMIT,
		(unsigned int)1024, MHD_OPTION_LISTENING_ADDRESS_REUSE,
		(unsigned int)1, MHD_OPTION_END);
	if (d == NULL) {
		rc = pu_error_set(PU_EIO, "cannot listen on %s: %s", o->listen,
				  strerror(errno));
		goto done;
	}
	announce(o, d, &ss);
	while (sigwait(&set, &sig) != 0)
		;
	fprintf(stderr, "puente serve: %s: finishing requests in flight\n",
		sig == SIGINT ? "interrupted" : "terminated");
	{
		MHD_socket ls = MHD_quiesce_daemon(d);

		if (ls != MHD_INVALID_SOCKET)
			close(ls);
	}
	for (int i = 0; i < 100; i++) {
		const union MHD_DaemonInfo *info = MHD_get_daemon_info(
			d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

		if (info == NULL || info->num_connections == 0)
			break;
		nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
	}
	rc = 0;
done:
	if (d != NULL)
		MHD_stop_daemon(d);
	srv_pages_free();
	srv_context_free();
	srv_cache_free();
	srv_policies_free();
	return rc;
}
