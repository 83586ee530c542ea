/*
 * Shared by the CLI verbs: argument parsing, opening the database, printing,
 * and the mapping from library errors to documented exit codes.
 */
#ifndef PU_CLI_H
#define PU_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

struct pu_store;

/* Exit codes (documented in `puente help` and docs/cli.md). */
enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,     /* bad input data, or the operation was refused */
	EXIT_USAGE = 2,    /* wrong command line */
	EXIT_NOTFOUND = 3, /* what was asked for does not exist */
	EXIT_SYSTEM = 4,   /* database, file system or memory failure */
	EXIT_DENIED = 5    /* not allowed (role or scope) or not authenticated */
};

/* Options common to every verb, filled by cli_parse. */
typedef struct cli {
	const char *db;   /* --db PATH, else $PUENTE_DB, else var/puente.db */
	bool json;        /* --json */
	bool help;        /* --help / -h */
	const char *verb;
	int npos;
	char **pos;       /* positional arguments (borrowed from argv) */
} cli;

/* One option of a verb: "--country" with a value, or a flag. */
typedef struct cli_opt {
	const char *name;
	const char **value; /* for options with a value */
	bool *flag;         /* for flags */
} cli_opt;

/* Parses argv (after the verb) against the verb's options plus the common ones.
 * Returns 0, or EXIT_USAGE after printing the problem. */
int cli_parse(cli *c, int argc, char **argv, const cli_opt *opts);

/* Opens the store (creating it when create is true); prints the error and
 * returns an exit code when it fails. */
int cli_open(const cli *c, struct pu_store **out, bool create);

/* Prints "puente VERB: message" for the current library error and returns the
 * exit code for rc. */
int cli_fail(const cli *c, int rc);

/* Prints "puente VERB: message" and returns EXIT_USAGE. */
int cli_usage(const cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints a JSON value (pretty, with a newline) and drops the reference. */
int cli_print_json(json_t *v);

/* The subcommand of a verb that has them (standards search, agreements list):
 * the first word of argv after the verb that is not an option, skipping the
 * value of --db (main() puts global options given before the verb here);
 * NULL when there is none. Borrowed from argv. */
const char *cli_subcommand(int argc, char **argv);

/* A verb's subcommand and the function that runs it. */
typedef struct cli_sub {
	const char *name;
	int (*fn)(cli *c, int argc, char **argv);
} cli_sub;

/* Runs the subcommand of argv (argv[0] is the verb) found in subs; with
 * --help or -h and no subcommand prints the verb's help; otherwise a usage
 * error saying expected. Returns the exit code. */
int cli_dispatch(int argc, char **argv, const cli_sub *subs, size_t n,
		 const char *expected);

/* Resolves a standard given as "[CC/]CODE": CC/CODE as written; CODE alone
 * takes the country of the one standard with that code. Writes the country
 * into country (n bytes) and points *code into arg. Returns EXIT_OK, or prints
 * the problem and returns its exit code: EXIT_NOTFOUND when no country has
 * the code or several do ("several countries have X; say which (CC/X)"). */
int cli_standard_key(const cli *c, struct pu_store *st, const char *arg,
		     char *country, size_t n, const char **code);

struct pu_index;
/* Builds the homologation index of st, translating through Apertium when it is
 * installed with cache as the translation cache; prints the error and returns
 * an exit code when it fails. */
int cli_build_index(const cli *c, struct pu_store *st, struct pu_store *cache,
		    struct pu_index **out);

/* Help text of a verb, or NULL. */
const char *cli_help_of(const char *verb);

typedef int (*cli_verb_fn)(int argc, char **argv);

int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_frameworks(int argc, char **argv);
int cmd_levels(int argc, char **argv);
int cmd_standards(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_agreements(int argc, char **argv);
int cmd_homologate(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_help(int argc, char **argv);

#endif
