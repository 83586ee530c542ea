/*
 * Recognition of a foreign certificate: the host country's authority
 * records its decision on a certificate a worker presents (a Puente
 * credential, another issuer's verifiable credential, or a paper
 * certificate recorded by the centre), linked to a homologation result:
 * recognised as equivalent to a standard of the host country, partially
 * recognised (then an RPL case opens at once for the gap units only, the
 * other units credited), or not recognised with the substantial differences
 * named. A computed homologation is a suggestion; this is the human
 * decision that confirms or overrides it. Audited "recognition.decide".
 */
#ifndef PUENTE_RECOGNITION_H
#define PUENTE_RECOGNITION_H

#include <stddef.h>
#include <stdint.h>

#include "puente/agreement.h"
#include "puente/auth.h"
#include "puente/rpl.h"

struct pu_store;
struct pu_homologation;

typedef enum pu_presented {
	PU_PRESENTED_PUENTE = 0, /* a Puente credential (file or QR) */
	PU_PRESENTED_VC,         /* another issuer's verifiable credential */
	PU_PRESENTED_PAPER       /* a paper certificate recorded by the centre */
} pu_presented;

/* "puente", "vc", "paper"; static. */
const char *pu_presented_name(pu_presented p);
int pu_presented_parse(const char *s, pu_presented *out);

#define PU_RECOGNITION_MAX_GAP 64

/* What the authority decides. Zero-initialise with PU_RECOGNITION_INIT. */
typedef struct pu_recognition_request {
	unsigned int version;
	const char *country;     /* host country; NULL: the actor's */
	pu_presented presented;
	const char *credential;  /* credential id, or the paper's number */
	const char *origin_country, *origin_code; /* what it certifies */
	pu_equivalence outcome;  /* the decision */
	const char *std_code;    /* standard X of the host country; NULL: the
				    homologation's best candidate */
	const char *differences; /* required when outcome is none */
	/* partial: the gap units; NULL: the homologation's uncovered units */
	const char *const *gap_units;
	size_t ngap;
	/* partial: where the new case runs, and for whom */
	const char *centre, *body, *candidate;
} pu_recognition_request;

#define PU_RECOGNITION_VERSION 1
#define PU_RECOGNITION_INIT {PU_RECOGNITION_VERSION, NULL, PU_PRESENTED_PAPER, \
			     NULL, NULL, NULL, PU_EQUIV_NONE, NULL, NULL,      \
			     NULL, 0, NULL, NULL, NULL}

/* A recorded decision. Plain data; nothing to free. */
typedef struct pu_recognition {
	int64_t id;
	char country[PU_AUTH_MAX_COUNTRY + 1];
	pu_presented presented;
	char credential[128];
	char origin_country[PU_AUTH_MAX_COUNTRY + 1], origin_code[65];
	char std_country[PU_AUTH_MAX_COUNTRY + 1], std_code[65];
	pu_equivalence outcome;
	int suggested;        /* 1 when it agrees with the homologation */
	char differences[1024];
	char gap_units[512];  /* "U2,U5" */
	char case_code[PU_CASE_CODE_SIZE]; /* the case opened, "" */
	char candidate[PU_RPL_ID_SIZE];
	char actor[PU_AUTH_MAX_NAME + 8];
	int64_t decided_at;
} pu_recognition;

/* Records the decision of an authority of the host country
 * (PU_ACT_RECOGNISE) on rq, with h the homologation of the presented
 * certificate's standard into that country (may be NULL when rq names the
 * standard and, for partial, the gap units). For partial, opens the case
 * (pu_case_open with only the gap units) in the same transaction; its code
 * and PIN (shown once) go to out->case_code and pin (may be NULL otherwise).
 * PU_EINVAL (a missing standard, differences or gap units; a gap unit not
 * of the standard), PU_EDENIED (another country), PU_ENOTFOUND. */
int pu_recognition_decide(struct pu_store *st, const pu_actor *by,
			  const pu_recognition_request *rq,
			  const struct pu_homologation *h,
			  pu_recognition *out, char pin[PU_CASE_PIN_SIZE]);

/* The decision id; by needs recognition.decide in its country. */
int pu_recognition_get(struct pu_store *st, const pu_actor *by, int64_t id,
		       pu_recognition *out);

/* Decisions of country, newest first; free(*out). */
int pu_recognition_list(struct pu_store *st, const pu_actor *by,
			const char *country, pu_recognition **out, size_t *n);

#endif
