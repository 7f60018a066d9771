/*
 * payments_cmd.c - `rise payments prepare --db PATH --as EMAIL`: prepares a
 * payment run as that member of the grant team (store/payments.h), exactly
 * as the "Prepare a payment run" button does, and prints the run, its
 * totals and the time it took (bench/payments.sh). Approval, export and
 * payment stay in the service, where a second person does them.
 */
#include "cli/cli.h"

#include "core/log.h"
#include "domain/plans.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/payments.h"
#include "store/users.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int cli_payments(int argc, char **argv)
{
    static const char *const known[] = {"--db=", "--as=", NULL};
    if (argc < 3 || strcmp(argv[2], "prepare") != 0) {
        fputs("rise: usage: rise payments prepare --db PATH --as EMAIL\n", stderr);
        return 2;
    }
    if (cli_check_opts(argc, argv, 3, known) != 0)
        return 2;
    const char *path = cli_opt(argc, argv, "--db"), *as = cli_opt(argc, argv, "--as");
    if (!path || !*path || !as || !*as) {
        fputs("rise: payments prepare needs --db PATH and --as EMAIL (a member of the grant team)\n", stderr);
        return 2;
    }
    Db *db = cli_open_db(path);
    if (!db)
        return 1;
    User u;
    if (user_get_by_email(db, as, &u) != 1) {
        fprintf(stderr, "rise: no account with the email %s\n", as);
        db_close(db);
        return 2;
    }
    if (u.disabled_at || !u.role || strcmp(u.role, "grant-team") != 0) {
        fprintf(stderr, "rise: %s is not an active member of the grant team\n", as);
        user_free(&u);
        db_close(db);
        return 2;
    }
    char label[600];
    snprintf(label, sizeof label, "%s <%s>", u.name, u.email);
    Actor actor = {.user_id = u.id, .label = label, .ip = NULL};
    int64_t run = 0;
    int held = 0;
    const char *why = NULL;
    double t0 = now_ms();
    int rc = payment_run_prepare(db, &actor, &run, &held, &why);
    double ms = now_ms() - t0;
    user_free(&u);
    if (rc != CW_OK) {
        fprintf(stderr, "rise: %s\n", rc == CW_REFUSED && why ? why : "the run could not be prepared");
        db_close(db);
        return 1;
    }
    PaymentRun r;
    if (payment_run_get(db, run, &r) == 1) {
        char total[32];
        plan_money(r.total, total, sizeof total);
        printf("payment run %lld prepared: %s in %d lines to %d payees; %d lines held back; %.1f ms\n", (long long)run,
               total, r.n_lines, r.n_payees, held, ms);
        payment_run_free(&r);
    }
    db_close(db);
    return 0;
}
