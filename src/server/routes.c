/*
 * The route table: every resource the server answers, in one place. Pages and
 * static files come last; /api paths never fall through to them.
 */
#include "server.h"

#include <string.h>

static int page(srv_req *r)
{
	return srv_page(r);
}

static const srv_route routes[] = {
	{"GET", "/healthz", api_healthz, 0, false},
	{"GET", "/metrics", api_metrics, 0, false},
	{"GET", "/api/v1/status", api_status, 0, false},
	{"GET", "/api/v1/countries", api_countries, 0, true},
	{"GET", "/api/v1/frameworks", api_frameworks, 0, true},
	{"GET", "/api/v1/frameworks/{}", api_framework, 0, true},
	{"GET", "/api/v1/levels/compare", api_levels_compare, 0, true},
	{"GET", "/api/v1/standards", api_standards, 0, true},
	{"GET", "/api/v1/standards/{}/{}", api_standard, 0, true},
	{"GET", "/api/v1/homologate", api_homologate, 0, true},
	{"GET", "/api/v1/guide", api_guide, 0, true},
	{"GET", "/api/v1/agreements", api_agreements, 0, true},
	{"GET", "/api/v1/agreements/{}", api_agreement, 0, true},
	{"POST", "/api/v1/session", api_session_new, 0, false},
	{"GET", "/api/v1/session", api_session_get, 0, false},
	{"DELETE", "/api/v1/session", api_session_delete, 0, false},
	{"POST", "/api/v1/imports", api_imports, SRV_BODY_IMPORT, false},
	{"POST", "/api/v1/agreements/confirm", api_agreement_confirm, 0, false},
	{"POST", "/api/v1/credentials/verify", api_credential_verify, 0, false},
	{"POST", "/api/v1/credentials/{}/revoke", api_credential_revoke, 0,
	 false},
	{"GET", "/api/v1/trust", api_trust, 0, false},
	{"POST", "/credentials/issue", api_vc_issue, 0, false},
	{"POST", "/credentials/verify", api_vc_verify, 0, false},
	{"GET", "/status/{}", api_status_list, 0, false},
	/* Recognition cases: never cached (personal, and they change). */
	{"POST", "/api/v1/candidates", api_candidate_add, 0, false},
	{"POST", "/api/v1/candidates/{}/erasure", api_candidate_erase, 0,
	 false},
	{"GET", "/api/v1/candidates/{}", api_candidate_get, 0, false},
	{"GET", "/api/v1/cases", api_cases_list, 0, false},
	{"POST", "/api/v1/cases", api_case_open, 0, false},
	{"GET", "/api/v1/cases/{}", api_case_get, 0, false},
	{"POST", "/api/v1/cases/{}/self-assessment", api_case_self_assess, 0,
	 false},
	{"POST", "/api/v1/cases/{}/evidence", api_case_evidence, 0, false},
	{"POST", "/api/v1/cases/{}/evidence/file", api_case_evidence_file,
	 SRV_BODY_EVIDENCE, false},
	{"GET", "/api/v1/cases/{}/evidence/{}", api_case_evidence_get, 0,
	 false},
	{"POST", "/api/v1/cases/{}/plan", api_case_plan, 0, false},
	{"POST", "/api/v1/cases/{}/assessments", api_case_assess, 0, false},
	{"POST", "/api/v1/cases/{}/decision", api_case_decide, 0, false},
	{"POST", "/api/v1/cases/{}/appeal", api_case_appeal, 0, false},
	{"POST", "/api/v1/cases/{}/certificate", api_case_certificate, 0,
	 false},
	{"POST", "/api/v1/cases/{}/close", api_case_close, 0, false},
	{"POST", "/api/v1/cases/{}/withdrawal", api_case_withdraw, 0, false},
	{"POST", "/api/v1/cases/{}/fees", api_case_fee, 0, false},
	{"POST", "/api/v1/cases/{}/follow", api_case_follow, 0, false},
	{"GET", "/api/v1/accreditations", api_accreditations, 0, false},
	{"POST", "/api/v1/accreditations/orgs", api_accredit_org_add, 0,
	 false},
	{"POST", "/api/v1/accreditations/orgs/{}/{}/withdrawal",
	 api_accredit_org_withdraw, 0, false},
	{"POST", "/api/v1/accreditations/grants", api_accredit_grant, 0,
	 false},
	{"POST", "/api/v1/accreditations/grants/{}/withdrawal",
	 api_accredit_grant_withdraw, 0, false},
	{"GET", "/api/v1/recognitions", api_recognitions, 0, false},
	{"POST", "/api/v1/recognitions", api_recognition_decide, 0, false},
	{"GET", "/api/v1/recognitions/{}", api_recognition, 0, false},
	{"GET", "/", page, 0, false},
	{"GET", "/static/*", page, 0, false},
	{"GET", "/{}", page, 0, false},
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

const srv_route *srv_routes(size_t *n)
{
	*n = NROUTES;
	return routes;
}

/* Whether the pattern matches the path's segments. */
static bool matches(const char *pattern, const http_path *p)
{
	const char *s = pattern + 1;
	size_t i = 0;

	while (*s != '\0') {
		const char *end = strchr(s, '/');
		size_t len = end ? (size_t)(end - s) : strlen(s);

		if (len == 1 && s[0] == '*')
			return i < p->n;
		if (i == p->n)
			return false;
		if (!(len == 2 && s[0] == '{' && s[1] == '}') &&
		    (strlen(p->seg[i]) != len || memcmp(p->seg[i], s, len) != 0))
			return false;
		i++;
		if (end == NULL)
			break;
		s = end + 1;
	}
	return i == p->n;
}

int srv_route_find(const char *method, const http_path *p,
		   const srv_route **route)
{
	bool api = p->n > 0 && strcmp(p->seg[0], "api") == 0;
	bool other_method = false;

	*route = NULL;
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (size_t i = 0; i < NROUTES; i++) {
		if (api && routes[i].fn == page)
			break;
		if (!matches(routes[i].pattern, p))
			continue;
		if (strcmp(routes[i].method, method) != 0) {
			other_method = true;
			continue;
		}
		*route = &routes[i];
		return 0;
	}
	return other_method ? 405 : 404;
}
