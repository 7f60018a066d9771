/*
 * commands.c - the subcommands: serve, user, backup, audit, migrate, demo.
 *
 * Exit codes: 0 success, 1 the job failed (a message says why), 2 the
 * command line was wrong.
 */
#include "cli/cli.h"

#include "core/buf.h"
#include "core/forwarded.h"
#include "core/log.h"
#include "core/password.h"
#include "domain/access.h"
#include "domain/matching.h"
#include "domain/signin.h"
#include "domain/totp.h"
#include "store/grant_ledger.h"
#include "store/plans.h"
#include "store/audit.h"
#include "store/cases.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/inspections.h"
#include "store/import.h"
#include "store/sessions.h"
#include "store/twofactor.h"
#include "store/users.h"
#include "domain/responsible_body.h"
#include "store/organisations.h"
#include "store/external_accounts.h"
#include "domain/external.h"
#include "web/server.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *cli_opt(int argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], name, n) == 0) {
            if (argv[i][n] == '=')
                return argv[i] + n + 1;
            if (argv[i][n] == '\0' && i + 1 < argc)
                return argv[i + 1];
        }
    }
    return NULL;
}

int cli_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

int cli_check_opts(int argc, char **argv, int first, const char *const *known)
{
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) {
            fprintf(stderr, "rise: unexpected argument '%s'\n", a);
            return -1;
        }
        size_t len = strcspn(a, "=");
        int ok = 0, takes_value = 0;
        for (const char *const *k = known; *k; k++) {
            size_t kl = strlen(*k);
            int kv = (*k)[kl - 1] == '=';
            if (kv)
                kl--;
            if (kl == len && strncmp(*k, a, len) == 0) {
                ok = 1;
                takes_value = kv;
                break;
            }
        }
        if (!ok) {
            fprintf(stderr, "rise: unknown option '%.*s'\n", (int)len, a);
            return -1;
        }
        if (takes_value && a[len] != '=') {
            if (i + 1 >= argc) {
                fprintf(stderr, "rise: option '%s' needs a value\n", a);
                return -1;
            }
            i++;
        }
    }
    return 0;
}

static const char *db_opt(int argc, char **argv)
{
    const char *db = cli_opt(argc, argv, "--db");
    if (!db)
        db = getenv("RISE_DB");
    if (!db || !*db)
        fputs("rise: name the database with --db PATH (or RISE_DB)\n", stderr);
    return (db && *db) ? db : NULL;
}

Db *cli_open_db(const char *path)
{
    char err[512];
    Db *db = db_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "rise: %s\n", err);
        return NULL;
    }
    if (db_migrate(db, err, sizeof err) != 0 || audit_prepare(db, err, sizeof err) != 0) {
        fprintf(stderr, "rise: %s\n", err);
        db_close(db);
        return NULL;
    }
    size_t set_up;
    if (cases_set_up_missing(db, &set_up) != 0) {
        fputs("rise: could not give the existing cases their tasks\n", stderr);
        db_close(db);
        return NULL;
    }
    if (inspections_rebuild_if_needed(db) != 0) {
        fputs("rise: could not derive the inspections from their reports\n", stderr);
        db_close(db);
        return NULL;
    }
    return db;
}

static char cli_label[300];

static Actor cli_actor(void)
{
    struct passwd *pw = getpwuid(getuid());
    snprintf(cli_label, sizeof cli_label, "command line (%s)", pw ? pw->pw_name : "unknown");
    return (Actor){.user_id = 0, .label = cli_label, .ip = NULL};
}

/* Reads one line from standard input, without its line ending. */
static int read_password(char *out, size_t n)
{
    if (!fgets(out, (int)n, stdin)) {
        fputs("rise: no password on standard input\n", stderr);
        return -1;
    }
    size_t l = strlen(out);
    while (l > 0 && (out[l - 1] == '\n' || out[l - 1] == '\r'))
        out[--l] = '\0';
    const char *problem = password_problem(out);
    if (problem) {
        fprintf(stderr, "rise: %s\n", problem);
        return -1;
    }
    return 0;
}

/* --- serve --------------------------------------------------------------- */

int cli_serve(int argc, char **argv)
{
    static const char *const known[] = {"--db=",           "--listen=",        "--base-url=", "--threads=",
                                        "--session-idle=", "--trusted-proxy=", "--upload-reserve=", NULL};
    if (cli_check_opts(argc, argv, 2, known) != 0)
        return 2;
    Config cfg;
    config_defaults(&cfg);
    const char *db = db_opt(argc, argv);
    if (!db)
        return 2;
    cfg.db_path = db;
    const char *listen = cli_opt(argc, argv, "--listen");
    if (!listen)
        listen = getenv("RISE_LISTEN");
    if (listen && *listen && config_set_listen(&cfg, listen) != 0) {
        fprintf(stderr, "rise: --listen must be HOST:PORT, like 127.0.0.1:8080 (got '%s')\n", listen);
        return 2;
    }
    const char *base = cli_opt(argc, argv, "--base-url");
    if (!base)
        base = getenv("RISE_BASE_URL");
    if (base && *base && config_set_base_url(&cfg, base) != 0) {
        fprintf(stderr, "rise: --base-url must be an http or https URL, like https://rise.example.gov.uk (got '%s')\n",
                base);
        return 2;
    }
    const char *threads = cli_opt(argc, argv, "--threads");
    if (threads) {
        long t = strtol(threads, NULL, 10);
        if (t < 1 || t > 256) {
            fputs("rise: --threads must be between 1 and 256\n", stderr);
            return 2;
        }
        cfg.threads = (unsigned)t;
    }
    const char *idle = cli_opt(argc, argv, "--session-idle");
    if (idle) {
        long s = strtol(idle, NULL, 10);
        if (s < 1) {
            fputs("rise: --session-idle must be a number of seconds\n", stderr);
            return 2;
        }
        cfg.idle_timeout = s;
    }
    const char *reserve = cli_opt(argc, argv, "--upload-reserve");
    if (reserve) {
        char *end;
        unsigned long long mb = strtoull(reserve, &end, 10);
        if (!*reserve || *end || *reserve == '-' || mb > (UINT64_MAX >> 20)) {
            fputs("rise: --upload-reserve must be a whole number of megabytes\n", stderr);
            return 2;
        }
        cfg.upload_reserve = (uint64_t)mb << 20;
    }
    const char *proxies = cli_opt(argc, argv, "--trusted-proxy");
    if (!proxies)
        proxies = getenv("RISE_TRUSTED_PROXY");
    if (proxies && *proxies) {
        if (!forwarded_list_valid(proxies)) {
            fprintf(stderr, "rise: --trusted-proxy must be IP addresses separated by commas, like 127.0.0.1 (got '%s')\n",
                    proxies);
            return 2;
        }
        cfg.trusted_proxies = proxies;
    }
    return server_run(&cfg);
}

/* --- user ---------------------------------------------------------------- */

/* Sets up two-factor for a new account from a base32 secret already checked. */
static int user_add_two_factor(Db *db, const Actor *a, int64_t id, const char *b32)
{
    unsigned char secret[TOTP_SECRET_BYTES];
    size_t n = 0;
    if (base32_decode(b32, secret, sizeof secret, &n) != 0 || db_begin(db) != 0)
        return -1;
    int rc = twofactor_set_up(db, a, id, secret, n, 0, NULL, 0);
    sodium_memzero(secret, sizeof secret);
    if (rc != 0 || db_commit(db) != 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

static int user_add(int argc, char **argv, Db *db)
{
    UserFields f = {cli_opt(argc, argv, "--email"), cli_opt(argc, argv, "--name"), cli_opt(argc, argv, "--role"),
                    cli_opt(argc, argv, "--region"), cli_opt(argc, argv, "--organisation"),
                    cli_opt(argc, argv, "--org-kind")};
    if (!f.email || !f.name || !f.role || !cli_flag(argc, argv, "--password-stdin")) {
        fputs("rise: user add needs --email, --name, --role and --password-stdin\n", stderr);
        return 2;
    }
    Role role = role_from_slug(f.role);
    if (role == ROLE_NONE) {
        fprintf(stderr, "rise: unknown role '%s'\n", f.role);
        return 2;
    }
    if (!email_valid(f.email)) {
        fprintf(stderr, "rise: '%s' is not an email address\n", f.email);
        return 2;
    }
    if (f.region && !region_valid(f.region)) {
        fprintf(stderr, "rise: '%s' is not a region; use one of:", f.region);
        for (int i = 0; i < 9; i++)
            fprintf(stderr, " \"%s\"", REGIONS[i]);
        fputc('\n', stderr);
        return 2;
    }
    if (role_needs_region(role) && !f.region) {
        fprintf(stderr, "rise: a %s needs --region\n", f.role);
        return 2;
    }
    if (role_needs_organisation(role) && !f.organisation) {
        fprintf(stderr, "rise: a %s needs --organisation\n", f.role);
        return 2;
    }
    /* --org-kind says what --organisation is (decision 0016): school (a
       URN), trust (a group UID), la (an LA code) or provider (an
       organisation's id); without it the account sees no case */
    if (f.org_kind) {
        OrgKind k = org_kind_from_slug(f.org_kind);
        if (k == ORG_NONE || org_kind_role(k) != role || !org_ref_valid(k, f.organisation)) {
            fputs("rise: --org-kind must be school, trust or la (role school) or provider (role"
                  " supporting-organisation), with --organisation its URN, group UID, LA code or organisation id\n",
                  stderr);
            return 2;
        }
    }
    /* two-factor set up from a known secret (an authenticator app already
       holding it; the tests and the demo): no recovery codes */
    const char *totp_b32 = cli_opt(argc, argv, "--totp-secret");
    unsigned char secret[TOTP_SECRET_BYTES];
    size_t secret_len = 0;
    if (totp_b32 && (base32_decode(totp_b32, secret, sizeof secret, &secret_len) != 0 || secret_len < 10)) {
        fputs("rise: --totp-secret must be base32 (RFC 4648) of 10 to 20 bytes, like the setup key an"
              " authenticator app shows\n", stderr);
        return 2;
    }
    sodium_memzero(secret, sizeof secret);
    char pw[PASSWORD_MAX_LENGTH + 8], hash[PASSWORD_HASH_LEN];
    if (read_password(pw, sizeof pw) != 0)
        return 2;
    if (password_hash(pw, hash) != 0) {
        fputs("rise: could not hash the password\n", stderr);
        return 1;
    }
    sodium_memzero(pw, sizeof pw);
    Actor a = cli_actor();
    int64_t id;
    int rc = user_create(db, &a, &f, hash, NULL, &id);
    if (rc == USER_EMAIL_TAKEN) {
        fprintf(stderr, "rise: there is already an account for %s\n", f.email);
        return 1;
    }
    if (rc != USER_OK) {
        fputs("rise: could not add the user\n", stderr);
        return 1;
    }
    printf("added user %lld: %s <%s>, %s\n", (long long)id, f.name, f.email, role_label(role));
    if (totp_b32 && user_add_two_factor(db, &a, id, totp_b32) != 0) {
        fputs("rise: could not set up two-factor sign-in\n", stderr);
        return 1;
    }
    return 0;
}

static int find_user(Db *db, const char *email, User *u)
{
    if (!email) {
        fputs("rise: name the account with --email\n", stderr);
        return 2;
    }
    if (user_get_by_email(db, email, u) != 1) {
        fprintf(stderr, "rise: no account for %s\n", email);
        return 1;
    }
    return 0;
}

int cli_user(int argc, char **argv)
{
    if (argc < 3) {
        fputs("rise: user needs a subcommand: add, reset-password, reset-two-factor, disable, enable, list or"
              " sweep-external\n", stderr);
        return 2;
    }
    const char *sub = argv[2];
    static const char *const known_add[] = {"--db=", "--email=", "--name=", "--role=", "--region=",
                                            "--organisation=", "--org-kind=", "--password-stdin", "--totp-secret=", NULL};
    static const char *const known_pw[] = {"--db=", "--email=", "--password-stdin", "--reason=", NULL};
    static const char *const known_status[] = {"--db=", "--email=", "--reason=", NULL};
    static const char *const known_list[] = {"--db=", NULL};
    static const char *const known_sweep[] = {"--db=", "--now=", "--grace-days=", NULL};
    const char *const *known = strcmp(sub, "add") == 0              ? known_add
                               : strcmp(sub, "sweep-external") == 0 ? known_sweep
                               : strcmp(sub, "reset-password") == 0 ? known_pw
                               : strcmp(sub, "list") == 0           ? known_list
                               : (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0 ||
                                  strcmp(sub, "reset-two-factor") == 0)
                                   ? known_status
                                                                                              : NULL;
    if (!known) {
        fprintf(stderr, "rise: unknown user subcommand '%s'\n", sub);
        return 2;
    }
    if (cli_check_opts(argc, argv, 3, known) != 0)
        return 2;
    const char *path = db_opt(argc, argv);
    if (!path)
        return 2;
    Db *db = cli_open_db(path);
    if (!db)
        return 1;
    int rc;
    if (strcmp(sub, "add") == 0) {
        rc = user_add(argc, argv, db);
    } else if (strcmp(sub, "sweep-external") == 0) {
        /* issue 11 item 7 (decision 0016): what the server does hourly, now;
           --now (epoch seconds) and --grace-days make any day testable */
        const char *at = cli_opt(argc, argv, "--now");
        const char *g = cli_opt(argc, argv, "--grace-days");
        int64_t now = at ? strtoll(at, NULL, 10) : (int64_t)time(NULL);
        int64_t days = external_grace_days_parse(g ? g : getenv("RISE_EXTERNAL_GRACE_DAYS"));
        SweepCounts n;
        rc = external_accounts_sweep(db, now, days * 86400, &n) == 0 ? 0 : 1;
        printf("external accounts: %zu checked, %zu told they will close, %zu no longer closing, %zu closed\n",
               n.checked, n.noticed, n.cleared, n.disabled);
    } else if (strcmp(sub, "list") == 0) {
        UserList l;
        rc = user_list(db, NULL, NULL, 0, 1000000, &l) == 0 ? 0 : 1;
        for (size_t i = 0; i < l.n; i++)
            printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)l.items[i].id, l.items[i].email, l.items[i].name,
                   l.items[i].role, l.items[i].region ? l.items[i].region : "-",
                   l.items[i].disabled_at ? "disabled" : "active");
        user_list_free(&l);
    } else {
        User u;
        rc = find_user(db, cli_opt(argc, argv, "--email"), &u);
        if (rc == 0) {
            Actor a = cli_actor();
            const char *reason = cli_opt(argc, argv, "--reason");
            if (strcmp(sub, "reset-password") == 0) {
                char pw[PASSWORD_MAX_LENGTH + 8], hash[PASSWORD_HASH_LEN];
                if (!cli_flag(argc, argv, "--password-stdin")) {
                    fputs("rise: reset-password reads the new password with --password-stdin\n", stderr);
                    rc = 2;
                } else if (read_password(pw, sizeof pw) != 0) {
                    rc = 2;
                } else if (password_hash(pw, hash) != 0 || user_set_password(db, &a, u.id, hash, reason) != 0) {
                    fputs("rise: could not reset the password\n", stderr);
                    rc = 1;
                } else {
                    printf("password reset for %s; they have been signed out everywhere\n", u.email);
                }
                sodium_memzero(pw, sizeof pw);
            } else if (strcmp(sub, "reset-two-factor") == 0) {
                if (!reason || !*reason) {
                    fprintf(stderr, "rise: give the reason with --reason \"...\" (it goes in the audit trail)\n");
                    rc = 2;
                } else if (twofactor_reset(db, &a, u.id, reason) != USER_OK) {
                    fputs("rise: could not reset two-factor sign-in\n", stderr);
                    rc = 1;
                } else {
                    printf("two-factor sign-in reset for %s; signed out, they set it up again at their next"
                           " sign-in\n", u.email);
                }
            } else {
                int disable = strcmp(sub, "disable") == 0;
                if (!reason || !*reason) {
                    fprintf(stderr, "rise: give the reason with --reason \"...\" (it goes in the audit trail)\n");
                    rc = 2;
                } else if (user_set_disabled(db, &a, u.id, disable, reason) != 0) {
                    fputs("rise: could not change the account\n", stderr);
                    rc = 1;
                } else {
                    printf("%s %s\n", u.email, disable ? "disabled and signed out" : "re-enabled");
                }
            }
            user_free(&u);
        }
    }
    db_close(db);
    return rc;
}

/* --- backup, audit, migrate ---------------------------------------------- */

int cli_backup(int argc, char **argv)
{
    static const char *const known[] = {"--db=", "--to=", NULL};
    if (cli_check_opts(argc, argv, 2, known) != 0)
        return 2;
    const char *path = db_opt(argc, argv);
    const char *to = cli_opt(argc, argv, "--to");
    if (!path)
        return 2;
    if (!to) {
        fputs("rise: name the backup file with --to FILE\n", stderr);
        return 2;
    }
    if (access(to, F_OK) == 0) {
        fprintf(stderr, "rise: %s already exists; choose a new file\n", to);
        return 1;
    }
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "rise: there is no database at %s\n", path);
        return 1;
    }
    char err[512];
    Db *db = db_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "rise: %s\n", err);
        return 1;
    }
    int rc = db_backup(db, to, err, sizeof err);
    db_close(db);
    if (rc != 0) {
        fprintf(stderr, "rise: %s\n", err);
        unlink(to);
        return 1;
    }
    /* the backup's own checkpoint log, up to the last row it holds; never the key */
    /* (read-only and without db_open's pragmas: the copy stays out of WAL mode) */
    sqlite3 *copy = NULL;
    sqlite3_stmt *st = NULL;
    int64_t upto = -1;
    if (sqlite3_open_v2(to, &copy, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(copy, "SELECT coalesce(max(id), 0) FROM audit", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        upto = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(copy);
    if (upto < 0)
        snprintf(err, sizeof err, "cannot read the audit trail of %s", to);
    if (upto < 0 || audit_backup_log(path, to, upto, err, sizeof err) != 0) {
        fprintf(stderr, "rise: %s\n", err);
        unlink(to);
        return 1;
    }
    char key[4200];
    audit_key_path(path, key, sizeof key);
    printf("backed up %s to %s (and its audit checkpoint log to %s.audit-log)\n"
           "the audit key %s is not in the backup: keep a copy of it somewhere else, and give it with\n"
           "--audit-key to check or restore this backup\n",
           path, to, to, key);
    return 0;
}

int cli_audit(int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[2], "verify") != 0) {
        fputs("rise: usage: rise audit verify --db PATH\n", stderr);
        return 2;
    }
    static const char *const known[] = {"--db=", NULL};
    if (cli_check_opts(argc, argv, 3, known) != 0)
        return 2;
    const char *path = db_opt(argc, argv);
    if (!path)
        return 2;
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "rise: there is no database at %s\n", path);
        return 1;
    }
    char err[512];
    Db *db = db_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "rise: %s\n", err);
        return 1;
    }
    AuditReport *r = xcalloc(1, sizeof *r);
    int rc = audit_verify_report(db, r);
    db_close(db);
    if (rc == 0) {
        printf("audit trail intact: %lld rows verified\n", (long long)r->rows);
        fputs(r->notes, stdout);
        free(r);
        return 0;
    }
    if (rc < 0) {
        fprintf(stderr, "rise: %s\n", r->problems);
        free(r);
        return 1;
    }
    /* one finding per line, the first one on the summary line */
    char *line = r->problems, *nl = strchr(line, '\n');
    if (nl)
        *nl = '\0';
    if (!r->broken)
        fprintf(stderr, "rise: the audit trail's %lld rows are intact, but %s\n", (long long)r->rows, line);
    else if (r->first_bad > 0)
        fprintf(stderr, "rise: audit trail BROKEN at row %lld: %s\n", (long long)r->first_bad, line);
    else
        fprintf(stderr, "rise: audit trail BROKEN: %s\n", line);
    while (nl && *(line = nl + 1)) {
        if ((nl = strchr(line, '\n')))
            *nl = '\0';
        fprintf(stderr, "rise: %s\n", line);
    }
    fputs(r->notes, stderr);
    free(r);
    return 1;
}

int cli_migrate(int argc, char **argv)
{
    static const char *const known[] = {"--db=", NULL};
    if (cli_check_opts(argc, argv, 2, known) != 0)
        return 2;
    const char *path = db_opt(argc, argv);
    if (!path)
        return 2;
    Db *db = cli_open_db(path);
    if (!db)
        return 1;
    db_close(db);
    printf("database %s is at schema version %d\n", path, db_schema_version());
    return 0;
}

/* --- demo ---------------------------------------------------------------- */

/*
 * Sets up a database for trying the service: a demo administrator whose
 * password is made afresh each time (and printed), plus one fictional user
 * per role so that every view can be tried. The people are invented.
 */
/* Loads the demo reference data from dir once (when there are no schools yet). */
static int demo_data(Db *db, const char *dir)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM schools");
    int have = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    if (st)
        sqlite3_reset(st);
    if (have > 0)
        return 0;
    static const struct {
        ImportKind kind;
        const char *file;
    } F[] = {
        /* the older extract first, so that the newer file's values win */
        {IMPORT_GIAS, "gias_core_2025-01.csv"}, {IMPORT_GIAS, "gias.csv"},
        {IMPORT_LINKS, "links.csv"},            {IMPORT_GROUPS, "groups.csv"},
        {IMPORT_GROUP_LINKS, "group_links.csv"}, {IMPORT_OFSTED, "ofsted_history.csv"},
        {IMPORT_OFSTED, "ofsted_mi_2025-08.csv"}, {IMPORT_OFSTED, "ofsted_mi_2026_sample.csv"},
    };
    Actor a = {.user_id = 0, .label = "demo set-up", .ip = NULL};
    ImportResult *res = xcalloc(1, sizeof *res);
    int rc = 0;
    for (size_t i = 0; i < sizeof F / sizeof F[0] && rc == 0; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, F[i].file);
        ImportOptions o = {.actor = &a, .display_name = F[i].file};
        if (import_file(db, F[i].kind, path, &o, res) != 0) {
            import_print(stderr, path, res, 0);
            rc = 1;
        } else {
            printf("  loaded %s: %ld rows\n", F[i].file, res->rows);
        }
    }
    free(res);
    return rc;
}

/*
 * A few North East cases at different points, so the home page, the lists
 * and a case's task list have something to show; and example school
 * holidays for 2026/27. Only when there are no cases yet. The schools are
 * real (GIAS, under the OGL); what happens on each case is invented.
 */
/* Links the demo's people outside DfE to the first demo case (decision
   0016): the school's user to its school, the responsible body's to its
   trust or local authority, and the supporting organisation's to an
   organisation proposed for the case (as commissioning will do). Audited
   as the demo set-up. */
static int demo_external(Db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT c.id, s.urn, coalesce(s.trust_uid, 0), s.la_code, s.type_name,"
                                   " s.type_group FROM cases c JOIN schools s ON c.subject_kind = 'school'"
                                   " AND s.urn = c.subject_id ORDER BY c.id LIMIT 1");
    if (!st)
        return 1;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return 0;
    }
    int64_t case_id = sqlite3_column_int64(st, 0);
    char urn[24], rb[24], la[16];
    snprintf(urn, sizeof urn, "%lld", (long long)sqlite3_column_int64(st, 1));
    int64_t trust = sqlite3_column_int64(st, 2);
    snprintf(la, sizeof la, "%s", sqlite3_column_text(st, 3) ? (const char *)sqlite3_column_text(st, 3) : "");
    ResponsibleBodyKind rbk = responsible_body_kind((const char *)sqlite3_column_text(st, 4),
                                                    (const char *)sqlite3_column_text(st, 5));
    sqlite3_reset(st);
    const char *rb_kind = rbk == RB_TRUST && trust ? "trust" : "la";
    if (rbk == RB_TRUST && trust)
        snprintf(rb, sizeof rb, "%lld", (long long)trust);
    else
        snprintf(rb, sizeof rb, "%s", la);
    Actor a = {.user_id = 0, .label = "demo set-up", .ip = NULL};
    int64_t org = 0;
    char now[32], orgs[24];
    log_timestamp(now);
    if (db_begin(db) != 0 ||
        organisation_add(db, &a, "North Star School Improvement", "supporting-organisation", &org) != 0) {
        db_rollback(db);
        return 1;
    }
    /* proposed this term, for the programme's days and terms (decision 0017) */
    char term[16], today[11];
    match_term_code(match_term_of(date_local(0)), term);
    date_iso(date_local(0), today);
    st = db_stmt(db, "INSERT OR IGNORE INTO case_providers (case_id, organisation_id, status, since, term, terms, days,"
                     " proposed_by, proposed_at, updated_by)"
                     " SELECT ?1, ?2, 'proposed', ?3, ?4,"
                     "  coalesce((SELECT CAST(value AS INTEGER) FROM programme_params p WHERE p.programme = c.programme"
                     "   AND p.key = 'match_terms'), 1),"
                     "  coalesce((SELECT CAST(value AS INTEGER) FROM programme_params p WHERE p.programme = c.programme"
                     "   AND p.key = 'match_days'), 0), 'demo set-up', ?5, 'demo set-up' FROM cases c WHERE c.id = ?1");
    int ok = st != NULL;
    if (ok) {
        db_bind_int64(st, 1, case_id);
        db_bind_int64(st, 2, org);
        db_bind_text(st, 3, today);
        db_bind_text(st, 4, term);
        db_bind_text(st, 5, now);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_reset(st);
    }
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)case_id);
    AuditChange ch[] = {{"supporting organisation proposed", NULL, "North Star School Improvement"}};
    if (!ok || audit_append(db, &a, "case.provider", "case", cid, ch, 1, "demo set-up") != 0 || db_commit(db) != 0) {
        db_rollback(db);
        return 1;
    }
    snprintf(orgs, sizeof orgs, "%lld", (long long)org);
    static const struct {
        const char *email, *kind;
        int which; /* 0 school, 1 responsible body, 2 provider */
    } L[] = {{"school@rise.example", "school", 0},
             {"responsible.body@rise.example", NULL, 1},
             {"support.org@rise.example", "provider", 2}};
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++) {
        User u;
        if (user_get_by_email(db, L[i].email, &u) != 1)
            continue;
        const char *ref = L[i].which == 0 ? urn : L[i].which == 1 ? rb : orgs;
        UserFields f = {u.email, u.name, u.role, NULL, ref, L[i].kind ? L[i].kind : rb_kind};
        int rc = *ref ? user_update(db, &a, u.id, &f, "demo set-up: linked to the first demo case") : USER_OK;
        user_free(&u);
        if (rc != USER_OK)
            return 1;
    }
    return 0;
}

/* The demo region's grant budgets for this financial year (issue 14 item 7):
   example allocations, so the grant team sees a budget before an offer. */
static int demo_budgets(Db *db)
{
    char today[11], year[8], now[32];
    grant_today(today);
    grant_now(now);
    grant_financial_year(atoi(today), atoi(today + 5), year);
    static const struct {
        const char *programme;
        int64_t pence;
    } B[] = {{"rise", 150000000}, {"si-2019-20", 25000000}, {"tsio-2022-23", 20000000}};
    sqlite3_stmt *st = db_stmt(db, "INSERT OR IGNORE INTO grant_budgets (programme, year, region, allocated,"
                                   " updated_by, updated_at) VALUES (?, ?, 'North East', ?, 'demo set-up', ?)");
    if (!st)
        return -1;
    for (size_t i = 0; i < sizeof B / sizeof B[0]; i++) {
        db_bind_text(st, 1, B[i].programme);
        db_bind_text(st, 2, year);
        db_bind_int64(st, 3, B[i].pence);
        db_bind_text(st, 4, now);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return -1;
    }
    return 0;
}

static int demo_cases(Db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT (SELECT count(*) FROM cases), (SELECT id FROM users WHERE email ="
                                   " 'delivery.officer@rise.example')");
    if (!st || sqlite3_step(st) != SQLITE_ROW) {
        if (st)
            sqlite3_reset(st);
        return 1;
    }
    int have = sqlite3_column_int(st, 0);
    int64_t officer = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    if (have > 0 || officer <= 0)
        return 0;
    Actor setup = {.user_id = 0, .label = "demo set-up", .ip = NULL};
    static const struct {
        const char *name, *from, *to;
    } HOLIDAYS[] = {
        {"Autumn half term 2026 (example dates)", "2026-10-26", "2026-10-30"},
        {"Christmas 2026 (example dates)", "2026-12-21", "2027-01-01"},
        {"Spring half term 2027 (example dates)", "2027-02-15", "2027-02-19"},
        {"Easter 2027 (example dates)", "2027-03-29", "2027-04-09"},
        {"Summer half term 2027 (example dates)", "2027-05-31", "2027-06-04"},
        {"Summer 2027 (example dates)", "2027-07-22", "2027-08-31"},
    };
    for (size_t i = 0; i < sizeof HOLIDAYS / sizeof HOLIDAYS[0]; i++)
        if (school_holiday_add(db, &setup, HOLIDAYS[i].name, HOLIDAYS[i].from, HOLIDAYS[i].to, NULL) != CW_OK)
            return 1;

    char label[300];
    snprintf(label, sizeof label, "Alex Morgan <delivery.officer@rise.example>");
    Actor a = {.user_id = officer, .label = label, .ip = NULL};
    st = db_stmt(db, "SELECT urn, name, region, la_name FROM schools WHERE region = 'North East' AND status LIKE 'Open%'"
                     " AND type_group IN ('Academies','Local authority maintained schools') AND phase = 'Primary'"
                     " ORDER BY urn LIMIT 4");
    if (!st)
        return 1;
    struct {
        int64_t urn;
        char name[200], region[64], la[100];
    } pick[4];
    int n = 0;
    while (n < 4 && sqlite3_step(st) == SQLITE_ROW) {
        pick[n].urn = sqlite3_column_int64(st, 0);
        snprintf(pick[n].name, sizeof pick[n].name, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(pick[n].region, sizeof pick[n].region, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(pick[n].la, sizeof pick[n].la, "%s",
                 sqlite3_column_text(st, 3) ? (const char *)sqlite3_column_text(st, 3) : "");
        n++;
    }
    sqlite3_reset(st);
    static const char *const PROG[4] = {"rise", "rise", "rise", "si-2019-20"};
    static const char *const CAT[4] = {"targeted", "targeted", "intervention", NULL};
    static const int AGE[4] = {25, 8, 2, 0}; /* working-ish days since opening */
    for (int i = 0; i < n; i++) {
        Subject s = {PROG[i], "school", pick[i].urn, pick[i].name, pick[i].region, pick[i].la};
        Decision d = {.decision = "open-case", .route = "exception", .category = CAT[i],
                      .suggested = CAT[i] ? NULL : "tier-1", .exception_source = "regional-director",
                      .reason = "Demo case: named by the regional director", .as_at = NULL};
        int64_t id = 0;
        if (screening_decide(db, &a, &s, &d, &id) != CASE_OK)
            return 1;
        if (AGE[i] > 0) {
            /* backdate the opening so that due dates fall in the past, and
               say so in the case's audit trail (its timeline shows the
               change, so the case page and the timeline agree) */
            if (db_begin(db) != 0)
                return 1;
            st = db_stmt(db, "UPDATE cases SET opened_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?) WHERE id = ?"
                             " RETURNING substr(opened_at, 1, 10), date('now')");
            char mod[32], was[11] = "", now[11] = "";
            snprintf(mod, sizeof mod, "-%d days", AGE[i]);
            db_bind_text(st, 1, mod);
            db_bind_int64(st, 2, id);
            if (sqlite3_step(st) == SQLITE_ROW) {
                snprintf(now, sizeof now, "%s", (const char *)sqlite3_column_text(st, 0));
                snprintf(was, sizeof was, "%s", (const char *)sqlite3_column_text(st, 1));
            }
            sqlite3_reset(st);
            char cid[24];
            snprintf(cid, sizeof cid, "%lld", (long long)id);
            AuditChange ch[] = {{"opened on", was, now}};
            if (audit_append(db, &setup, "case.backdate", "case", cid, ch, 1,
                             "Demo set-up: opened earlier, so that the demo has tasks due and overdue") != 0 ||
                case_refresh(db, id) != 0 || db_commit(db) != 0)
                return 1;
        }
    }
    return 0;
}

int cli_demo(int argc, char **argv)
{
    static const char *const known[] = {"--db=", "--data=", NULL};
    if (cli_check_opts(argc, argv, 2, known) != 0)
        return 2;
    const char *path = db_opt(argc, argv);
    if (!path)
        return 2;
    Db *db = cli_open_db(path);
    if (!db)
        return 1;
    log_set_quiet(1);
    static const struct {
        const char *email, *name, *role, *region, *org;
    } P[] = {
        {"admin@rise.example", "Demo Administrator", "admin", NULL, NULL},
        {"delivery.officer@rise.example", "Alex Morgan", "delivery-officer", "North East", NULL},
        {"adviser@rise.example", "Sam Patel", "adviser", NULL, NULL},
        {"regional.director@rise.example", "Jordan Lee", "regional-director", "North East", NULL},
        {"delivery.partner@rise.example", "Casey Brown", "delivery-partner", "North East", NULL},
        {"grants@rise.example", "Robin Clarke", "grant-team", NULL, NULL},
        {"grants.approver@rise.example", "Dana Fisher", "grant-team", NULL, NULL},
        {"support.org@rise.example", "Taylor Green", "supporting-organisation", NULL, "North Star School Improvement"},
        {"school@rise.example", "Morgan Hughes", "school", NULL, "Example Primary School"},
        {"responsible.body@rise.example", "Riley Shaw", "school", NULL, "Example Academy Trust"},
        {"analyst@rise.example", "Jamie Wood", "analyst", NULL, NULL},
    };
    char pw[SESSION_TOKEN_LEN + 1], hash[PASSWORD_HASH_LEN];
    session_random_token(pw);
    pw[20] = '\0'; /* 20 random characters: plenty, and easy to type */
    if (password_hash(pw, hash) != 0) {
        db_close(db);
        return 1;
    }
    /* one two-factor key for every demo user (every role needs it), made
       afresh like the password: add it to an authenticator app once and it
       gives every one of them their codes */
    unsigned char secret[TOTP_SECRET_BYTES];
    char b32[TOTP_SECRET_B32_MAX], grouped[TOTP_SECRET_B32_MAX + 16];
    randombytes_buf(secret, sizeof secret);
    base32_encode(secret, sizeof secret, b32, sizeof b32);
    totp_secret_grouped(b32, grouped, sizeof grouped);
    Actor a = {.user_id = 0, .label = "demo set-up", .ip = NULL};
    int rc = 0;
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        User u;
        UserFields f = {P[i].email, P[i].name, P[i].role, P[i].region, P[i].org, NULL};
        int64_t id = 0;
        if (user_get_by_email(db, P[i].email, &u) == 1) {
            id = u.id;
            if (user_set_password(db, &a, u.id, hash, "demo set-up: new demo password") != USER_OK)
                rc = 1;
            if (u.disabled_at)
                user_set_disabled(db, &a, u.id, 0, "demo set-up");
            user_free(&u);
        } else if (user_create(db, &a, &f, hash, "demo set-up", &id) != USER_OK) {
            rc = 1;
        }
        if (rc == 0 && two_factor_required(role_from_slug(P[i].role))) {
            if (db_begin(db) != 0 || twofactor_set_up(db, &a, id, secret, sizeof secret, 0, NULL, 0) != 0 ||
                db_commit(db) != 0) {
                db_rollback(db);
                rc = 1;
            }
        }
    }
    sodium_memzero(secret, sizeof secret);
    const char *data = cli_opt(argc, argv, "--data");
    if (rc == 0 && data && demo_data(db, data) != 0) {
        fputs("rise: could not load the demo data\n", stderr);
        rc = 1;
    }
    if (rc == 0 && data && demo_cases(db) != 0) {
        fputs("rise: could not open the demo cases\n", stderr);
        rc = 1;
    }
    if (rc == 0 && data && demo_external(db) != 0) {
        fputs("rise: could not link the demo's people outside DfE to their cases\n", stderr);
        rc = 1;
    }
    if (rc == 0 && data && demo_register(db) != 0) {
        fputs("rise: could not set up the demo's supporting organisations and people\n", stderr);
        rc = 1;
    }
    if (rc == 0 && data) {
        /* the national programmes and hubs a recommended action may name (issue 13) */
        char np[1024], err[2048];
        size_t n = 0;
        snprintf(np, sizeof np, "%s/national_programmes.csv", data);
        Actor set_up = {.user_id = 0, .label = "demo set-up", .ip = NULL};
        if (access(np, R_OK) == 0 && plan_programmes_import(db, &set_up, np, np, 0, &n, err, sizeof err) != 0) {
            fprintf(stderr, "rise: could not load the demo's national programmes\n%s\n", err);
            rc = 1;
        }
    }
    if (rc == 0 && data && demo_grants(db) != 0) {
        fputs("rise: could not set up the demo's grants and reviews\n", stderr);
        rc = 1;
    }
    if (rc == 0 && data && demo_budgets(db) != 0) {
        fputs("rise: could not set the demo's budgets\n", stderr);
        rc = 1;
    }
    if (rc != 0) {
        db_close(db);
        fputs("rise: could not set up the demo\n", stderr);
        return 1;
    }
    printf("\n  Demo database: %s\n"
           "  Sign in at the address below with any of these users (one per role). They share one\n"
           "  password and one two-factor setup key, made afresh each time the demo is set up: add\n"
           "  the key to an authenticator app (\"enter a setup key\", time-based) and enter the code it\n"
           "  shows after the password.\n\n"
           "    password: %s\n"
           "    two-factor setup key: %s\n\n",
           path, pw, grouped);
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        char who[600], org[400];
        snprintf(org, sizeof org, "%s", P[i].org ? P[i].org : "");
        User u;
        if (P[i].org && user_get_by_email(db, P[i].email, &u) == 1) {
            OrgKind k = org_kind_from_slug(u.org_kind);
            if (k != ORG_NONE)
                org_describe(db, k, u.organisation, org, sizeof org);
            user_free(&u);
        }
        if (P[i].region)
            snprintf(who, sizeof who, "%s (%s)", role_label(role_from_slug(P[i].role)), P[i].region);
        else if (P[i].org)
            snprintf(who, sizeof who, "%s: %s", role_label(role_from_slug(P[i].role)), org);
        else
            snprintf(who, sizeof who, "%s", role_label(role_from_slug(P[i].role)));
        printf("    %-52s  %s\n", who, P[i].email);
    }
    db_close(db);
    printf("\n");
    return 0;
}
