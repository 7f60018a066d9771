/*
 * grants_cmd.c - `rise grants verify --db PATH` (issue 14): every grant's
 * balances add up to what was offered, equal its ledger re-added entry by
 * entry and agree with its schedule (store/grant_ledger.h grant_verify).
 * Exit 0 when all balance, 1 on a problem (each named), 2 on bad usage.
 */
#include "cli/cli.h"
#include "store/db.h"
#include "store/grant_ledger.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cli_grants(int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[2], "verify") != 0) {
        fputs("rise: usage: rise grants verify --db PATH\n", stderr);
        return 2;
    }
    static const char *const known[] = {"--db=", NULL};
    if (cli_check_opts(argc, argv, 3, known) != 0)
        return 2;
    const char *path = cli_opt(argc, argv, "--db");
    if (!path || !*path) {
        fputs("rise: --db PATH is required\n", stderr);
        return 2;
    }
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "rise: there is no database at %s\n", path);
        return 1;
    }
    Db *db = cli_open_db(path);
    if (!db)
        return 1;
    size_t n = 0;
    char err[2048];
    int bad = grant_verify(db, &n, err, sizeof err);
    db_close(db);
    if (bad < 0) {
        fputs("rise: the grants could not be read\n", stderr);
        return 1;
    }
    if (bad == 0) {
        printf("%zu grant%s checked, all balance\n", n, n == 1 ? "" : "s");
        return 0;
    }
    fprintf(stderr, "rise: %d of %zu grants do not balance: %s\n", bad, n, err);
    return 1;
}
