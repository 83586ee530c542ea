/*
 * The CLI's recognition verbs: puente accredit (cmd_accredit.c), puente case
 * (cmd_case.c, its steps in cmd_case_steps.c) and puente recognition
 * (cmd_recognition.c).
 */
#ifndef PU_CLI_RPL_H
#define PU_CLI_RPL_H

#include "cli.h"

struct pu_store;
struct pu_actor;

int cmd_accredit(int argc, char **argv);
int cmd_case(int argc, char **argv);
int cmd_recognition(int argc, char **argv);

/* The steps of puente case after opening (cmd_case_steps.c); each parses
 * its options, acts with --as, prints. */
int cli_case_self_assess(cli *c, int argc, char **argv);
int cli_case_evidence(cli *c, int argc, char **argv);
int cli_case_plan(cli *c, int argc, char **argv);
int cli_case_assess(cli *c, int argc, char **argv);
int cli_case_decide(cli *c, int argc, char **argv);
int cli_case_appeal(cli *c, int argc, char **argv);
int cli_case_certificate(cli *c, int argc, char **argv);
int cli_case_close(cli *c, int argc, char **argv);
int cli_case_withdraw(cli *c, int argc, char **argv);
int cli_case_fee(cli *c, int argc, char **argv);

/* Splits a comma-separated list in place (s is modified) into at most max
 * items; returns the count. */
size_t cli_split(char *s, const char **items, size_t max);

/* The evidence directory: dir when given, else $PUENTE_EVIDENCE, else
 * "evidence" beside the database. Writes into out (n bytes). */
void cli_evidence_dir(const cli *c, const char *dir, char *out, size_t n);

#endif
