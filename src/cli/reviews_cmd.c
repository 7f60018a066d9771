/*
 * reviews_cmd.c - `rise reviews sweep`: marks missed the termly reviews
 * whose term has ended without a submission, each with a withholding
 * recommendation for a person to confirm (issue 15 item 3). The server's
 * background sender runs the same sweep once a day; this is for cron or
 * an operator (and the tests), with --today to say which day it is.
 */
#include "cli/cli.h"
#include "core/date.h"
#include "store/db.h"
#include "store/reviews.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char USAGE[] = "usage: rise reviews sweep --db PATH [--today YYYY-MM-DD]\n";

int cli_reviews(int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[2], "sweep") != 0) {
        fputs(USAGE, stderr);
        return 2;
    }
    static const char *const known[] = {"--db=", "--today=", NULL};
    if (cli_check_opts(argc, argv, 3, known) != 0)
        return 2;
    const char *path = cli_opt(argc, argv, "--db");
    const char *given = cli_opt(argc, argv, "--today");
    if (!path) {
        fputs(USAGE, stderr);
        return 2;
    }
    char today[11];
    if (given) {
        int blank = 0;
        Date d = date_parse(given, &blank);
        if (d == DATE_NONE) {
            fprintf(stderr, "rise: --today must be a date like 2026-12-06, not '%s'\n", given);
            return 2;
        }
        date_iso(d, today);
    } else {
        date_iso(date_local(0), today);
    }
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "rise: there is no database at %s\n", path);
        return 1;
    }
    Db *db = cli_open_db(path);
    if (!db)
        return 1;
    Actor a = {.user_id = 0, .label = "command line", .ip = NULL};
    size_t n = 0;
    int rc = reviews_sweep(db, &a, today, &n);
    db_close(db);
    if (rc != 0) {
        fputs("rise: the reviews could not all be swept\n", stderr);
        return 1;
    }
    printf("%zu review%s missed as of %s\n", n, n == 1 ? "" : "s", today);
    return 0;
}
