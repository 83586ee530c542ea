/*
 * puente: the command-line front-end. Git-style verbs, each in cmd_<verb>.c;
 * nothing here decides anything about the domain.
 */
#include "cli.h"
#include "cli_auth.h"
#include "cli_cred.h"
#include "cli_paper.h"
#include "cli_rpl.h"

#include <stdio.h>
#include <string.h>

#include "puente/error.h"

struct verb {
	const char *name;
	cli_verb_fn fn;
	const char *summary;
	const char *help;
};

static const struct verb verbs[] = {
	{"init", cmd_init, "create or upgrade the database",
	 "usage: puente init [--db PATH]\n"
	 "\n"
	 "Creates the database (SQLite, WAL mode) when it does not exist, or\n"
	 "upgrades its schema to this version of puente. Safe to run twice.\n"},
	{"import", cmd_import, "import frameworks, referencing and standards",
	 "usage: puente import [--db PATH] [--format F] [--lang L] [--json] "
	 "[--as USER] FILE...\n"
	 "\n"
	 "Imports each FILE in one transaction: if any record is bad, nothing\n"
	 "of that file is written and the error names the file and record.\n"
	 "Formats (detected by extension and content, or --format):\n"
	 "  puente-json  Puente JSON document (.json), see docs/formats.md\n"
	 "  jsonl        one standard per line (.jsonl), for large catalogues\n"
	 "  csv          flat catalogue: country,code,title,language,...\n"
	 "  conocer      CONOCER RENEC catalogue (JSON array)\n"
	 "  esco         ESCO occupations CSV; --lang gives its language,\n"
	 "               else the file name does (occupations_..._es.csv)\n"
	 "A progress bar is shown on a terminal for long imports.\n"
	 "--as USER imports within the scope of that account (an authority\n"
	 "writes only its country's records; a record outside it refuses the\n"
	 "file, exit 5). Every import is written to the audit log.\n"},
	{"export", cmd_export, "export everything as one Puente JSON document",
	 "usage: puente export [--db PATH] [--country CC] [-o FILE]\n"
	 "\n"
	 "Writes frameworks, referencing, standards and agreements (of one\n"
	 "country with --country) as a Puente JSON document, to FILE or\n"
	 "standard output.\n"
	 "Importing the result gives the same database content.\n"},
	{"frameworks", cmd_frameworks, "list frameworks, or show one",
	 "usage: puente frameworks [--db PATH] [--json] [--lang L] [ID]\n"
	 "\n"
	 "Without ID, lists the frameworks with their type, country and\n"
	 "number of levels. With ID, shows its levels and descriptors and the\n"
	 "referencing statements from it.\n"},
	{"levels", cmd_levels, "compare levels of two frameworks",
	 "usage: puente levels compare [--db PATH] [--json] FW_A[:LEVEL] "
	 "FW_B[:LEVEL]\n"
	 "\n"
	 "Compares level LEVEL of framework FW_A with level LEVEL of FW_B\n"
	 "through a regional framework both are referenced to (e.g. the EQF).\n"
	 "A country code (CR, MX) stands for that country's framework.\n"
	 "Without levels, prints the table of every pair. The result is exact,\n"
	 "overlapping, higher, lower or unknown (with the reason), and says\n"
	 "whether the referencing used is official, proposed or illustrative.\n"},
	{"standards", cmd_standards, "search standards, or show one",
	 "usage: puente standards search [--db PATH] [--json] [--country CC]\n"
	 "                               [--language L] [--level [FW:]CODE]\n"
	 "                               [--sector TEXT] [--isco CODE]\n"
	 "                               [--limit N] [--offset N] [QUERY...]\n"
	 "       puente standards show [--db PATH] [--json] [--lang L] "
	 "[CC/]CODE\n"
	 "\n"
	 "search: full text over titles, descriptions, units, elements and\n"
	 "criteria; accent- and case-insensitive; words match as prefixes.\n"
	 "show: the whole standard with its units, elements and criteria;\n"
	 "CODE alone works when only one country has it.\n"},
	{"homologate", cmd_homologate,
	 "what a standard is worth in another country",
	 "usage: puente homologate [--db PATH] [CC/]CODE --to COUNTRY [--json]\n"
	 "                         [--explain] [--policy FILE] [--lang L]\n"
	 "                         [--as CC/CODE]\n"
	 "\n"
	 "Finds the standards of COUNTRY that correspond to CODE, aligns their\n"
	 "units, and says full, partial (with the units still to assess or\n"
	 "train) or none, with the level comparison and any official agreement,\n"
	 "which overrides the computed suggestion. --explain adds every unit\n"
	 "pair with its score and matched words, the thresholds and the data\n"
	 "versions. --policy reads the destination's thresholds (see\n"
	 "docs/formats.md). --as compares with one destination standard only.\n"
	 "A computed result is a suggestion until a person confirms it.\n"},
	{"match", cmd_match, "rank a catalogue for a file of queries",
	 "usage: puente match --catalog FILE --queries FILE.jsonl [--top K]\n"
	 "                    [--explain] [--db CACHE]\n"
	 "\n"
	 "Imports FILE (any import format) into a scratch database, builds the\n"
	 "index (translations cached in --db), and for each query line\n"
	 "{\"id\": ..., \"text\": \"...\", \"language\": \"es\", \"country\": "
	 "\"MX\"}\n"
	 "(country optional) prints one JSON line with the K best standards:\n"
	 "{\"id\": ..., \"results\": [{\"country\", \"code\", \"score\"}]}.\n"
	 "A line {\"id\", \"source\": {\"country\", \"code\"}, \"destination\":\n"
	 "{\"country\", \"code\"}} homologates a standard of the catalogue with\n"
	 "another (or with \"country\": CC, with the K best of that country) and\n"
	 "prints the equivalence, coverage, covered and gap units; with\n"
	 "--explain, also the whole explanation (as homologate --json\n"
	 "--explain prints it).\n"},
	{"agreements", cmd_agreements, "official homologation agreements",
	 "usage: puente agreements import [--db PATH] [--json] [--as USER] "
	 "FILE...\n"
	 "       puente agreements list [--db PATH] [--json] [--country CC]\n"
	 "                              [--lang L]\n"
	 "       puente agreements show [--db PATH] [--json] [--lang L] ID\n"
	 "       puente agreements confirm [--db PATH] [--json] SRC_CC/CODE\n"
	 "                  DST_CC/CODE --equivalence full|partial|none\n"
	 "                  [--extra-units U1,U2] --reviewer NAME\n"
	 "                  [--note TEXT] [--lang L] [--as USER]\n"
	 "\n"
	 "Agreements fix what a standard of one country is worth in another;\n"
	 "they override the suggestions Puente computes.\n"
	 "import: Puente JSON documents with \"agreements\" (docs/formats.md),\n"
	 "each file in one transaction, like `puente import`.\n"
	 "list: id, parties, validity and number of entries (--json: the\n"
	 "whole agreements); --country keeps those that concern CC.\n"
	 "show: one agreement with its entries.\n"
	 "confirm: records that a reviewer confirmed a suggestion, in the\n"
	 "agreement confirmed-<src>-<dst> (replacing an earlier confirmation\n"
	 "of the same pair), with who and when. Both standards must be in the\n"
	 "database; --extra-units (partial only) are units of the destination\n"
	 "standard still to assess; --note is kept in language --lang (en).\n"
	 "--as USER acts within that account's scope: an authority imports\n"
	 "agreements its country is party to, and confirms equivalences its\n"
	 "country grants (the destination). Both are audited.\n"},
	{"serve", cmd_serve, "serve the HTTP API and the web portal",
	 "usage: puente serve [--db PATH] [--listen ADDR:PORT] [--threads N]\n"
	 "                    [--secure-cookies] [--quiet] [--ready-file FILE]\n"
	 "\n"
	 "Serves the API under /api/v1 (docs/openapi.yaml) and the portal on\n"
	 "ADDR:PORT (default 127.0.0.1:8080; port 0 picks a free one). The\n"
	 "database is created when missing. The homologation index is built\n"
	 "before serving and rebuilt in the background when the catalogue\n"
	 "changes. One access-log line per request goes to standard error\n"
	 "(route pattern, status, time; no paths, queries or addresses) unless\n"
	 "--quiet. --ready-file writes ADDR:PORT to FILE once serving.\n"
	 "SIGTERM or Ctrl-C stops accepting and lets requests in flight finish.\n"
	 "--secure-cookies marks cookies Secure (behind a TLS proxy).\n"},
	{"status", cmd_status, "what the database holds",
	 "usage: puente status [--db PATH] [--json]\n"
	 "\n"
	 "Prints the database location and size, its schema and catalogue\n"
	 "versions, and counts of frameworks, levels, referencing statements,\n"
	 "standards, units, elements and criteria, per country.\n"},
	{"user", cmd_user, "accounts: add, list, disable, tokens",
	 "usage: puente user add [--db PATH] NAME --role ROLE [--country CC]\n"
	 "                       [--centre ID] [--password-file FILE]\n"
	 "       puente user list [--db PATH] [--json]\n"
	 "       puente user disable|enable [--db PATH] NAME\n"
	 "       puente user password [--db PATH] NAME [--password-file FILE]\n"
	 "       puente user token [--db PATH] [--json] NAME --label LABEL\n"
	 "       puente user tokens [--db PATH] [--json] NAME\n"
	 "       puente user revoke [--db PATH] TOKEN_ID\n"
	 "\n"
	 "Roles: admin (every country), authority (--country), centre and\n"
	 "assessor (--country and --centre). Passwords (at least 12\n"
	 "characters) are read from --password-file, from a prompt without\n"
	 "echo on a terminal, or from the first line of standard input; never\n"
	 "from the command line. Names: letters a-z, digits and . _ @ -.\n"
	 "disable: refuses sign-ins, sessions and API tokens of the account.\n"
	 "token: prints a new API token for machines, once; keep it secret.\n"
	 "tokens: the account's API tokens (id, label, revoked), never the\n"
	 "tokens themselves.\n"
	 "Each change is written to the audit log. The command acts as\n"
	 "cli:<unix user>, an administrator; --as NAME acts with the scope\n"
	 "of the account NAME instead.\n"},
	{"audit", cmd_audit, "verify or list the audit log",
	 "usage: puente audit verify [--db PATH] [--json] [--head SEQ:HASH]\n"
	 "       puente audit list [--db PATH] [--json] [--limit N]\n"
	 "                         [--country CC]\n"
	 "\n"
	 "Every write (imports, confirmations, accounts) appends an entry\n"
	 "chained by SHA-256 to the one before. verify recomputes the chain:\n"
	 "exit 0 when intact, 1 when an entry was edited, deleted or\n"
	 "reordered, printing where. It prints the head (SEQ:HASH): write it\n"
	 "down elsewhere, and give it back with --head to detect entries\n"
	 "deleted from the end. list: the latest entries, newest first\n"
	 "(--limit, default 50).\n"},
	{"keys", cmd_keys, "signing keys: new, list, rotate",
	 "usage: puente keys new [--keys DIR] [--passphrase-file FILE] [--json]\n"
	 "       puente keys list [--keys DIR] [--json]\n"
	 "       puente keys rotate [--keys DIR] [--passphrase-file FILE] "
	 "[--json]\n"
	 "\n"
	 "The issuer's Ed25519 keys (did:key), one file each in DIR (else\n"
	 "$PUENTE_KEYS, else var/keys; mode 0700), sealed with a key derived\n"
	 "from the passphrase (Argon2id). The passphrase is read from the\n"
	 "first line of --passphrase-file (which others must not be able to\n"
	 "read) or from $PUENTE_KEY_PASSPHRASE; never from the command line.\n"
	 "new: the first key (at least 8 characters of passphrase). rotate: a\n"
	 "new active key; the old one is retired but kept, so credentials it\n"
	 "signed stay verifiable. A wrong passphrase exits 5.\n"},
	{"certificate", cmd_certificate, "PDF certificate and QR payload",
	 "usage: puente certificate pdf CREDENTIAL -o FILE.pdf --lang L\n"
	 "                          [--issuer-lang L] [--verify-url URL]\n"
	 "                          [--strict] [--json]\n"
	 "       puente certificate payload CREDENTIAL [--svg FILE] [--json]\n"
	 "       puente certificate decode [FILE|-]\n"
	 "\n"
	 "pdf: one A4 page in the holder's language (--lang) and the issuer's\n"
	 "(--issuer-lang): es, en, fr, pt or ht, with a QR code carrying the\n"
	 "whole signed credential, and the verification address. Characters\n"
	 "the PDF fonts cannot show (outside CP1252) are drawn as '?' with a\n"
	 "warning; --strict refuses them. payload: the QR code's text\n"
	 "(\"PU1:...\"), and with --svg the QR code as an SVG image. decode:\n"
	 "such a text (from FILE or standard input) back to the credential.\n"
	 "The credential is put in canonical form (RFC 8785) first.\n"},
	{"issue", cmd_issue, "issue a signed certificate (verifiable credential)",
	 "usage: puente issue --standard CC/CODE [--units U1,U2]\n"
	 "                    (--holder-did DID | --holder-id VALUE\n"
	 "                     [--holder-id-type TYPE]) [--holder-name NAME]\n"
	 "                    [--lang L] [--key KID] [--keys DIR]\n"
	 "                    [--passphrase-file FILE] [--as USER]\n"
	 "                    [--issuer-name NAME] [--issuer-url URL]\n"
	 "                    [--issuer-lang L] [--valid-from DATETIME]\n"
	 "                    [--valid-until DATETIME] -o FILE [--json]\n"
	 "\n"
	 "Builds an Open Badges 3.0 credential for the standard: its title in\n"
	 "the holder's language (--lang) and the issuer's, its level in its\n"
	 "national framework and in the regional one, and the units achieved\n"
	 "(--units: a statement of attainment listing only those; without it,\n"
	 "every unit). The holder is a DID, or an identifier written only as\n"
	 "a salted SHA-256 (--holder-id-type: identifier, nationalIdentity-\n"
	 "Number, ...); a name only with --holder-name, when the holder\n"
	 "agrees. It gets a revocation and a suspension entry in the issuer's\n"
	 "status lists, is signed (eddsa-jcs-2022) with the key store's\n"
	 "active key (or --key), recorded without personal data and audited.\n"
	 "The passphrase comes from --passphrase-file or\n"
	 "$PUENTE_KEY_PASSPHRASE. --as USER issues as that account (an\n"
	 "authority of the standard's country); without it, as the local\n"
	 "operator. URLs in the credential start with $PUENTE_BASE_URL.\n"},
	{"revoke", cmd_revoke, "revoke or suspend issued credentials",
	 "usage: puente revoke (ID... | --file FILE | [--issuer DID]\n"
	 "                     [--from DATE] [--to DATE]) --reason TEXT\n"
	 "                     [--suspend | --unsuspend] [--as USER]\n"
	 "                     [--keys DIR] [--passphrase-file FILE] [--json]\n"
	 "\n"
	 "Revokes (for good), suspends or lifts a suspension of credentials\n"
	 "issued here: the ids given, those of FILE (one a line), or every\n"
	 "credential of an issuer DID issued within --from..--to (dates\n"
	 "YYYY-MM-DD, both included, or dateTimes). One transaction: all or\n"
	 "nothing. The status lists that change are re-signed with their\n"
	 "issuer's key; the reason is kept in the audit log.\n"},
	{"verify", cmd_verify, "check a credential or a certificate's QR text",
	 "usage: puente verify FILE [--json] [--offline] [--trust FILE]...\n"
	 "                     [--anchor DID]... [--status FILE]...\n"
	 "                     [--any-issuer]\n"
	 "\n"
	 "FILE (- for standard input) holds a credential (JSON) or the text of\n"
	 "a certificate's QR code (\"PU1:...\"). Prints each answer apart:\n"
	 "document, signature, trust (which list accredits the issuer),\n"
	 "status (revoked, suspended) and validity dates. Nothing is fetched:\n"
	 "--trust gives signed trust lists (their signers are the anchors,\n"
	 "unless --anchor names the accepted ones); --status gives status\n"
	 "lists (a list credential, or the array `puente statuslist export`\n"
	 "writes); without --offline, the lists of this database are used\n"
	 "too. Exit 0: valid, trusted and not revoked or suspended; exit 1:\n"
	 "anything else, including no trust list given (--any-issuer accepts\n"
	 "an issuer whose trust was not checked).\n"},
	{"statuslist", cmd_statuslist, "export the signed status lists",
	 "usage: puente statuslist export [--issuer DID] [--ttl SECONDS]\n"
	 "                                [-o FILE] [--keys DIR]\n"
	 "                                [--passphrase-file FILE]\n"
	 "       puente statuslist show URL|NAME\n"
	 "\n"
	 "export: the signed revocation and suspension lists of the\n"
	 "credentials issued here (of one issuer), as a JSON array, for\n"
	 "`puente verify --status` without a network. With --ttl, copies are\n"
	 "signed again with that time to live and a validUntil of now + ttl,\n"
	 "so that a copy kept too long reports \"unknown\", not a stale\n"
	 "\"active\" (needs the key's passphrase). show: one list (\"1-revocation\").\n"},
	{"trust", cmd_trust, "trust lists: new, add, sign, show",
	 "usage: puente trust new --id URL [--name NAME] [--valid-from DT]\n"
	 "                        [--valid-until DT] -o FILE\n"
	 "       puente trust add FILE --did DID --country CC --role ROLE\n"
	 "                        [--scope CR/*,...] [--name NAME]\n"
	 "                        [--valid-from DT] [--valid-until DT]\n"
	 "       puente trust sign FILE [--key KID] [--keys DIR]\n"
	 "                        [--passphrase-file FILE]\n"
	 "       puente trust show FILE [--json]\n"
	 "\n"
	 "A trust list (docs/formats.md) names the issuers an authority\n"
	 "accredits: DID, country, role (authority, certification-body),\n"
	 "scope of standards (CC/CODE patterns, * at the end for a prefix)\n"
	 "and validity. add replaces the entry of the same DID and start and\n"
	 "drops the signature; sign signs it with a key of the key store (the\n"
	 "authority's); show checks the signature (exit 1 when it fails).\n"},
	{"accredit", cmd_accredit,
	 "centres, bodies and assessors, and their scope",
	 "usage: puente accredit centre|body add ID --name NAME [--country CC]\n"
	 "                  [--standard CC/CODE|CC/PREFIX*] [--from D] [--to D]\n"
	 "       puente accredit centre|body grant ID --standard CC/PATTERN\n"
	 "                  [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	 "       puente accredit centre|body withdraw ID --reason TEXT\n"
	 "       puente accredit centre|body list [--country CC] [--json]\n"
	 "       puente accredit assessor add NAME --standard CC/PATTERN\n"
	 "                  [--from D] [--to D]\n"
	 "       puente accredit assessor withdraw NAME [--grant ID]\n"
	 "                  --reason TEXT\n"
	 "       puente accredit assessor list [--country CC] [--json]\n"
	 "\n"
	 "A country's authority (--as an authority account) accredits its\n"
	 "assessment centres (they run cases) and certification bodies (they\n"
	 "also decide), and gives them and their assessor accounts a scope: a\n"
	 "standard code, or a prefix ending in *, between two dates (from\n"
	 "today, open-ended by default). An assessor may only assess, and a\n"
	 "body only certify, within scope; withdrawing a centre withdraws its\n"
	 "grants. Every change is audited. Lists are public.\n"},
	{"case", cmd_case, "recognition cases: intake to certificate",
	 "usage: puente case candidate --name NAME --consent rpl[,...]\n"
	 "                  [--birth-year Y] [--languages es,miq]\n"
	 "                  [--contact C] [--documents KIND[:CC],...]\n"
	 "       puente case candidate show ID\n"
	 "       puente case open --standard [CC/]CODE (--candidate ID |\n"
	 "                  --name NAME ... as for candidate) [--body ID]\n"
	 "       puente case show|decide|close CODE\n"
	 "       puente case list [--state STATE]\n"
	 "       puente case self-assess CODE --unit U --can-do TEXT\n"
	 "                  [--where TEXT] [--months N]\n"
	 "       puente case evidence add CODE (--file PATH [--type MEDIA] |\n"
	 "                  --testimony TEXT --witness WHO |\n"
	 "                  --interview FILE.json --interviewer WHO)\n"
	 "                  [--unit U] [--evidence-dir DIR]\n"
	 "       puente case plan CODE [--units U1,U2]\n"
	 "       puente case assess CODE --unit U --method METHOD\n"
	 "                  --verdict competent|not_yet_competent [--notes T]\n"
	 "       puente case appeal CODE --assessor NAME --reason TEXT\n"
	 "                  [--units U1,U2]\n"
	 "       puente case certificate CODE --credential ID\n"
	 "       puente case withdraw CODE --reason TEXT [--abandon]\n"
	 "       puente case fee CODE --step STEP --amount MINOR --currency CUR\n"
	 "                  [--status due|paid|waived] [--reason TEXT]\n"
	 "       puente case follow CODE          (the PIN on standard input)\n"
	 "       puente case erase-candidate ID [--evidence-dir DIR]\n"
	 "(each with [--as USER] [--json])\n"
	 "\n"
	 "Every verb but follow acts --as an account: centre staff record\n"
	 "candidates and run their centre's cases, and decide those their\n"
	 "body certifies; assessors record verdicts within their accredited\n"
	 "scope; an authority records the credential issued. States: intake,\n"
	 "portfolio, assessment, decided, appeal, certified, closed, withdrawn,\n"
	 "abandoned; a step out of order is refused (exit 1) and nothing is\n"
	 "written. Documents: none, passport, national_id, consular_id,\n"
	 "migrant_permit, refugee_document, camp_registration, other; no\n"
	 "national ID of the host country is ever required. Methods:\n"
	 "observation, interview, test, product, testimony. open prints the\n"
	 "case code and a PIN for the candidate, once. Evidence files (PDF,\n"
	 "JPEG, PNG, WebP, Ogg, MP3, MP4, text; 20 MiB each, 100 MiB a case)\n"
	 "are kept by SHA-256 under --evidence-dir, else $PUENTE_EVIDENCE,\n"
	 "else evidence/ beside the database. erase-candidate wipes a\n"
	 "person's data and the texts of their cases, keeping verdicts,\n"
	 "statistics and the audit chain.\n"},
	{"recognition", cmd_recognition, "decide on foreign certificates",
	 "usage: puente recognition add --from CC/CODE\n"
	 "                  --decision full|partial|none [--to CODE]\n"
	 "                  [--presented puente|vc|paper] [--credential REF]\n"
	 "                  [--differences TEXT] [--gap U1,U2]\n"
	 "                  [--centre ID --candidate ID [--body ID]]\n"
	 "                  [--as USER] [--json]\n"
	 "       puente recognition list [--as USER] [--json]\n"
	 "\n"
	 "An authority (--as) records its decision on a certificate presented\n"
	 "in its country. Without --to, or for a partial decision without\n"
	 "--gap, the certificate's standard is homologated first and the best\n"
	 "standard and its uncovered units are taken. A partial decision\n"
	 "opens a case at --centre for --candidate with the gap units only,\n"
	 "and prints its PIN once; none needs --differences.\n"},
	{"help", cmd_help, "help on a verb",
	 "usage: puente help [VERB]\n"},
};

static const char exit_codes[] =
	"Exit codes:\n"
	"  0  success\n"
	"  1  bad input data, or the operation was refused\n"
	"  2  wrong command line\n"
	"  3  what was asked for does not exist\n"
	"  4  database, file system or memory failure\n"
	"  5  not allowed (role or scope), or not signed in\n";

static void usage(FILE *out)
{
	fprintf(out, "usage: puente [--db PATH] VERB [OPTIONS] [ARGS]\n\n"
		     "Puente: recognition of migrant workers' competencies across "
		     "borders.\n\nVerbs:\n");
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		fprintf(out, "  %-11s %s\n", verbs[i].name, verbs[i].summary);
	fprintf(out, "\nCommon options: --db PATH (or PUENTE_DB; default "
		     "var/puente.db), --json,\n--help. `puente help VERB` tells "
		     "more.\n\n%s",
		exit_codes);
}

const char *cli_help_of(const char *verb)
{
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verbs[i].name, verb) == 0)
			return verbs[i].help;
	return NULL;
}

int cmd_help(int argc, char **argv)
{
	const char *h;

	if (argc < 2) {
		usage(stdout);
		return EXIT_OK;
	}
	h = cli_help_of(argv[1]);
	if (h == NULL) {
		fprintf(stderr, "puente help: no verb \"%s\"\n", argv[1]);
		return EXIT_USAGE;
	}
	fputs(h, stdout);
	fprintf(stdout, "\n%s", exit_codes);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	int first = 1;

	/* Global --db before the verb is passed on to the verb. */
	while (first < argc && argv[first][0] == '-') {
		if (strcmp(argv[first], "--db") == 0 && first + 1 < argc) {
			first += 2;
			continue;
		}
		if (strncmp(argv[first], "--db=", 5) == 0 ||
		    strcmp(argv[first], "--json") == 0) {
			first++;
			continue;
		}
		if (strcmp(argv[first], "--help") == 0 ||
		    strcmp(argv[first], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[first], "--version") == 0) {
			printf("puente 0.1.0\n");
			return EXIT_OK;
		}
		fprintf(stderr, "puente: unknown option %s\n", argv[first]);
		return EXIT_USAGE;
	}
	if (first >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (strcmp(verbs[i].name, argv[first]) != 0)
			continue;
		/* Move global options after the verb: VERB --db X ... */
		{
			char *verb = argv[first];

			for (int k = first; k > 1; k--)
				argv[k] = argv[k - 1];
			argv[1] = verb;
		}
		return verbs[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "puente: no verb \"%s\" (see `puente help`)\n",
		argv[first]);
	return EXIT_USAGE;
}
