/*
 * cli.h - the subcommands of the rise program.
 */
#ifndef RISE_CLI_H
#define RISE_CLI_H

int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_eligibility(int argc, char **argv);
int cli_bench_seed(int argc, char **argv);
int cli_tasks(int argc, char **argv);
int cli_notify_standin(int argc, char **argv);
int cli_outbox(int argc, char **argv);
int cli_providers(int argc, char **argv);
int cli_reviews(int argc, char **argv);
/* issue 14: grants verify (grants_cmd.c) */
int cli_grants(int argc, char **argv);
int cli_payments(int argc, char **argv);

struct Db;
/* The demo's register of supporting organisations and people (demo_register.c):
   made once, after the demo's cases and external accounts. 0, or -1. */
int demo_register(struct Db *db);
/* The demo's terms, a RISE plan approved with its grants to issue and its
   reviews, and a claim of days (demo_grants.c). 0, or -1. */
int demo_grants(struct Db *db);

/* bench-seed --grant-lines N (bench_grants.c): a grant on every case with N schedule lines in
   all, for bench/payments.sh; *n_due gets the lines due. 0, or -1. */
int bench_seed_grants(struct Db *db, long lines, long *n_due);

/* Finds "--name VALUE" or "--name=VALUE" in argv; NULL when absent. */
const char *cli_opt(int argc, char **argv, const char *name);
/* 1 when the bare flag "--name" is present. */
int cli_flag(int argc, char **argv, const char *name);
struct Db;
/* Opens the database at path and brings its schema up to date; NULL after
   printing why. */
struct Db *cli_open_db(const char *path);

/* Rejects options not in the NULL-terminated list (value options end in '='). */
int cli_check_opts(int argc, char **argv, int first, const char *const *known);

#endif
