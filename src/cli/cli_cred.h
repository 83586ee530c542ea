/*
 * The CLI's credential verbs: `puente issue` (cmd_issue.c), `puente revoke`
 * (cmd_revoke.c), `puente verify` (cmd_verify.c), `puente statuslist`
 * (cmd_statuslist.c) and `puente trust` (cmd_trust.c), and what they share
 * (cli_cred.c): signing keys loaded from the key store on demand, reading
 * and writing files, the base URL of credentials.
 */
#ifndef PU_CLI_CRED_H
#define PU_CLI_CRED_H

#include "cli.h"
#include "cli_paper.h"

#include "puente/buf.h"

struct pu_cred_key;
struct pu_keystore;
struct pu_key;

/* Keys of the key store, unsealed when first asked for (the passphrase is
 * read then, once). */
typedef struct cli_keys {
	const cli *c;
	struct pu_keystore *ks;
	const char *dir, *passfile;
	char *pass;
	size_t plen;
	size_t n;
	struct pu_key *key[16];
} cli_keys;

/* Opens the key store (--keys DIR, else $PUENTE_KEYS, else var/keys);
 * prints the problem and returns an exit code when it cannot. */
int cli_keys_open(const cli *c, cli_keys *k, const char *dir,
		  const char *passfile);
/* The key id (a DID, kid or multikey; NULL: the active key), unsealed;
 * borrowed until cli_keys_close. Returns 0 or a PU_E* code. */
int cli_keys_get(cli_keys *k, const char *id, const struct pu_cred_key **out);
/* pu_issue_key_fn over a cli_keys (arg). */
int cli_key_for(void *arg, const char *did, const struct pu_cred_key **out);
void cli_keys_close(cli_keys *k);

/* $PUENTE_BASE_URL, else PU_ISSUE_BASE_URL. */
const char *cli_base_url(void);

/* Reads a whole file ("-": standard input) of at most max bytes; prints the
 * problem and returns an exit code when it cannot. */
int cli_read_file(const cli *c, const char *path, size_t max, pu_buf *out);
/* Writes data to path ("-": standard output), whole or not at all. */
int cli_write_file(const cli *c, const char *path, const char *data,
		   size_t len);

int cmd_issue(int argc, char **argv);
int cmd_revoke(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_statuslist(int argc, char **argv);
int cmd_trust(int argc, char **argv);

#endif
