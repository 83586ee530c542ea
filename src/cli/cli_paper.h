/*
 * The CLI's verbs for the paper side of certificates and the signing keys:
 * `puente keys new|list|rotate` (cmd_keys.c) and `puente certificate
 * pdf|payload|decode` (cmd_certificate.c).
 */
#ifndef PU_CLI_PAPER_H
#define PU_CLI_PAPER_H

#include "cli.h"

/* The key directory: --keys DIR, else $PUENTE_KEYS, else var/keys. */
#define CLI_KEYS_ENV "PUENTE_KEYS"
#define CLI_KEYS_DEFAULT "var/keys"

int cmd_keys(int argc, char **argv);
int cmd_certificate(int argc, char **argv);

#endif
