/*
 * main.c - the rise program: one binary that serves the web application and
 * runs the command-line jobs.
 */
#include "cli/cli.h"

#include "store/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char USAGE[] =
    "usage: rise COMMAND [OPTIONS]\n"
    "\n"
    "  serve   --db PATH --listen HOST:PORT [--base-url URL] [--threads N] [--session-idle SECONDS]\n"
    "          [--upload-reserve MB] [--trusted-proxy ADDR[,ADDR]]\n"
    "          serve the web application (env: RISE_DB, RISE_LISTEN, RISE_BASE_URL, RISE_TRUSTED_PROXY;\n"
    "          email: RISE_NOTIFY_API_KEY, RISE_NOTIFY_BASE_URL, RISE_NOTIFY_TEMPLATES, RISE_OUTBOX_RETRY_MS);\n"
    "          X-Forwarded-For is believed only from a trusted proxy\n"
    "  user add --db PATH --email E --name N --role ROLE [--region R] [--organisation O] --password-stdin\n"
    "           [--totp-secret BASE32]   (two-factor already set up with that key)\n"
    "  user reset-password --db PATH --email E --password-stdin [--reason TEXT]\n"
    "  user reset-two-factor --db PATH --email E --reason TEXT\n"
    "  user disable --db PATH --email E --reason TEXT\n"
    "  user enable --db PATH --email E --reason TEXT\n"
    "  user list --db PATH\n"
    "  backup  --db PATH --to FILE      online backup, safe while the server runs\n"
    "  audit verify --db PATH           check the audit trail: every row's MAC, the head, the anchor\n"
    "          and the checkpoint log\n"
    "  import gias|links|groups|group-links|ofsted --db PATH FILE [--skip-invalid --rejects OUT.csv]\n"
    "          [--format history|mi]           load GIAS and Ofsted downloads\n"
    "  eligibility --db PATH --programme si-2019-20|tsio-2022-23|rise --as-at YYYY-MM-DD\n"
    "          [--all] [--region NAME] [--format csv|json]   who each programme's rules make eligible\n"
    "  providers import FILE --db PATH [--as EMAIL] [--dry-run]   a capacity survey into the register of\n"
    "          supporting organisations and people (docs/data-formats.md); nothing is written if a row is wrong\n"
    "  tasks export --db PATH [--programme P]   each programme's stages and tasks as JSON\n"
    "  tasks load --db PATH FILE.json   check and load an edited tasks file (open cases follow)\n"
    "  reviews sweep --db PATH [--today YYYY-MM-DD]   mark missed the termly reviews whose term ended\n"
    "          unsubmitted, each recommending the next payment is withheld\n"
    "  grants verify --db PATH          every grant's money adds up, agrees with its ledger and schedule\n"
    "  migrate --db PATH                create or upgrade the database\n"
    "  demo    --db PATH [--data DIR]   set up a demo database, load DIR's reference data, print a login\n"
    "  bench-seed --db PATH [--cases N] [--audit N] [--region R]   fill an empty database with fictional\n"
    "          casework for bench/cases.sh (10000 cases, 200000 audit rows); [--providers N]\n"
    "          [--match-cases M]: N providers and M RISE cases in R waiting for a proposal (bench/matching.sh);\n"
    "          [--grant-lines N]: a grant on every case, N schedule lines in all (bench/payments.sh)\n"
    "  payments prepare --db PATH --as EMAIL   prepare a payment run as that member of the grant team\n"
    "  outbox queue-test --db PATH --to EMAIL [--count N] [--template KEY]   queue test emails\n"
    "  outbox list --db PATH            every email in the outbox, newest first\n"
    "  notify-standin [--listen HOST:PORT] [--api-key KEY]   a local stand-in for GOV.UK Notify\n"
    "          (env: RISE_NOTIFY_API_KEY) for `make run` and the tests\n"
    "  version\n"
    "\n"
    "Every command also takes --audit-key PATH and --audit-log PATH (env: RISE_AUDIT_KEY,\n"
    "RISE_AUDIT_LOG): the audit trail's key file and checkpoint log, by default beside the database\n"
    "(PATH.audit-key, PATH.audit-log). Keep a copy of the key apart from the database's backups.\n"
    "\n"
    "Roles: delivery-officer adviser regional-director delivery-partner grant-team\n"
    "       supporting-organisation school analyst admin\n";

/*
 * Takes the global options --audit-key and --audit-log (either "--x V" or
 * "--x=V") out of argv, so that every command accepts them, and gives them
 * (or RISE_AUDIT_KEY, RISE_AUDIT_LOG) to the audit trail. Returns the new
 * argc, or -1 when one is given without a value.
 */
static int take_audit_paths(int argc, char **argv)
{
    const char *key = getenv("RISE_AUDIT_KEY"), *log = getenv("RISE_AUDIT_LOG");
    int out = 1;
    for (int i = 1; i < argc; i++) {
        const char **slot = NULL;
        size_t n = 0;
        if (strncmp(argv[i], "--audit-key", 11) == 0)
            slot = &key, n = 11;
        else if (strncmp(argv[i], "--audit-log", 11) == 0)
            slot = &log, n = 11;
        if (slot && argv[i][n] == '=') {
            *slot = argv[i] + n + 1;
            continue;
        }
        if (slot && argv[i][n] == '\0') {
            if (i + 1 >= argc || !*argv[i + 1]) {
                fprintf(stderr, "rise: option '%s' needs a value\n", argv[i]);
                return -1;
            }
            *slot = argv[++i];
            continue;
        }
        argv[out++] = argv[i];
    }
    argv[out] = NULL;
    audit_set_paths(key, log);
    return out;
}

int main(int argc, char **argv)
{
    /* times are shown in UK time, whatever the machine's zone */
    setenv("TZ", "Europe/London", 0);
    tzset();
    if (sodium_init() < 0) {
        fputs("rise: libsodium could not start\n", stderr);
        return 1;
    }
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    argc = take_audit_paths(argc, argv);
    if (argc < 0)
        return 2;
    if (argc < 2) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "serve") == 0)
        return cli_serve(argc, argv);
    if (strcmp(cmd, "user") == 0)
        return cli_user(argc, argv);
    if (strcmp(cmd, "backup") == 0)
        return cli_backup(argc, argv);
    if (strcmp(cmd, "audit") == 0)
        return cli_audit(argc, argv);
    if (strcmp(cmd, "demo") == 0)
        return cli_demo(argc, argv);
    if (strcmp(cmd, "import") == 0)
        return cli_import(argc, argv);
    if (strcmp(cmd, "eligibility") == 0)
        return cli_eligibility(argc, argv);
    if (strcmp(cmd, "tasks") == 0)
        return cli_tasks(argc, argv);
    if (strcmp(cmd, "providers") == 0)
        return cli_providers(argc, argv);
    if (strcmp(cmd, "reviews") == 0)
        return cli_reviews(argc, argv);
    if (strcmp(cmd, "grants") == 0) /* issue 14 */
        return cli_grants(argc, argv);
    if (strcmp(cmd, "migrate") == 0)
        return cli_migrate(argc, argv);
    if (strcmp(cmd, "notify-standin") == 0)
        return cli_notify_standin(argc, argv);
    if (strcmp(cmd, "outbox") == 0)
        return cli_outbox(argc, argv);
    if (strcmp(cmd, "bench-seed") == 0)
        return cli_bench_seed(argc, argv);
    if (strcmp(cmd, "payments") == 0)
        return cli_payments(argc, argv);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("rise %s\n", RISE_VERSION);
        return 0;
    }
    fprintf(stderr, "rise: unknown command '%s'\n\n%s", cmd, USAGE);
    return 2;
}
