/*
 * bench_seed.c - `rise bench-seed`: fills an empty database with fictional
 * casework for bench/cases.sh (issue 5 item 11): a delivery officer in each
 * region, an adviser, a regional director and an analyst (all with the
 * password "bench-password-1"), N cases spread over the nine regions and
 * the three programmes, each with its task rows (some already done), three
 * notes, an identification or category decision (a few awaiting approval)
 * and watchers, and audit rows until the trail has the number asked for.
 * For bench/matching.sh, --providers N adds N fictional providers to the
 * register and --match-cases M adds M RISE cases in the home region waiting
 * for a provider to be proposed.
 *
 * Every name is invented ("Bench school 17"); nothing here is real data.
 * The tasks' statuses, due dates and each case's stage and next due date
 * are worked out by the store's own case_refresh(), as for a real case.
 */
#include "cli/cli.h"

#include "core/buf.h"
#include "core/date.h"
#include "core/log.h"
#include "core/password.h"
#include "domain/access.h"
#include "domain/matching.h"
#include "store/audit.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_PASSWORD "bench-password-1"

/* A fixed sequence, so that two seeds of the same size are the same. */
static uint64_t rng = 0x2545F4914F6CDD1DULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n ? (unsigned)(rng % n) : 0;
}

/* "North East" -> "north-east" */
static void slug(const char *s, char *out, size_t n)
{
    size_t j = 0;
    for (; *s && j + 1 < n; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        out[j++] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '-';
    }
    out[j] = '\0';
}

/* The user's id: created, or found (with the bench password set again). */
static int64_t bench_user(Db *db, const Actor *a, const char *email, const char *name, const char *role,
                          const char *region, const char *hash)
{
    User u;
    if (user_get_by_email(db, email, &u) == 1) {
        int64_t id = u.id;
        int ok = user_set_password(db, a, id, hash, "bench-seed: bench password") == USER_OK;
        if (ok && u.disabled_at)
            ok = user_set_disabled(db, a, id, 0, "bench-seed") == USER_OK;
        user_free(&u);
        return ok ? id : 0;
    }
    UserFields f = {email, name, role, region, NULL, NULL};
    int64_t id = 0;
    if (user_create(db, a, &f, hash, "bench-seed: fictional user for the casework benchmark", &id) != USER_OK)
        return 0;
    return id;
}

static int64_t count_rows(Db *db, const char *sql)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    int64_t v = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    if (st)
        sqlite3_reset(st);
    return v;
}

static int run(Db *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "rise: bench-seed: %s\n", sqlite3_errmsg(db_handle(db)));
        return -1;
    }
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct Seeded {
    int64_t do_id[9], adviser, director, analyst;
    char do_label[9][400];
    int64_t first_case, show_case;
} Seeded;

static const char *const PROGRAMMES_[] = {"rise", "rise", "si-2019-20", "tsio-2022-23"};
static const char *const CATEGORIES[] = {"universal", "targeted", "targeted", "intervention"};

/* One case with its tasks, notes, decision and watchers (inside the caller's
   transaction). */
static int seed_case(Db *db, const Seeded *s, long i, const char *today, int region_i, int64_t *id_out, int *open)
{
    const char *region = REGIONS[region_i];
    const char *programme = PROGRAMMES_[rnd(4)];
    int trust = rnd(10) == 0;
    unsigned r = rnd(100);
    const char *status = r < 85 ? "in progress" : r < 90 ? "paused" : r < 95 ? "stopped" : "closed";
    int64_t do_id = rnd(20) == 0 ? 0 : s->do_id[region_i];
    int64_t adviser = rnd(8) == 0 ? s->adviser : 0;
    Date t = date_parse(today, NULL);
    Date opened = t - (Date)rnd(400);
    char opened_on[11], opened_at[32], la[64], name[64];
    date_iso(opened, opened_on);
    snprintf(opened_at, sizeof opened_at, "%sT09:%02u:00.000Z", opened_on, rnd(60));
    snprintf(la, sizeof la, "%s borough %u", region, rnd(12) + 1);
    snprintf(name, sizeof name, "Bench %s %ld", trust ? "trust" : "school", i + 1);
    int rise = strcmp(programme, "rise") == 0;
    const char *category = rise ? CATEGORIES[rnd(4)] : NULL;

    sqlite3_stmt *st = db_stmt(db, "INSERT INTO cases (programme, subject_kind, subject_id, subject_name, region,"
                                   " local_authority, category, status, route, rationale, opened_at, opened_by,"
                                   " delivery_officer_id, adviser_id, status_on, status_reason)"
                                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st)
        return -1;
    db_bind_text(st, 1, programme);
    db_bind_text(st, 2, trust ? "trust" : "school");
    db_bind_int64(st, 3, (trust ? 900000 : 100000) + i);
    db_bind_text(st, 4, name);
    db_bind_text(st, 5, region);
    db_bind_text(st, 6, la);
    db_bind_text(st, 7, category);
    db_bind_text(st, 8, status);
    db_bind_text(st, 9, rnd(10) == 0 ? "exception" : "screening");
    db_bind_text(st, 10, "Fictional case made by rise bench-seed for the casework benchmark.");
    db_bind_text(st, 11, opened_at);
    db_bind_text(st, 12, do_id ? s->do_label[region_i] : "bench seed");
    if (do_id)
        db_bind_int64(st, 13, do_id);
    if (adviser)
        db_bind_int64(st, 14, adviser);
    int not_open = strcmp(status, "in progress") != 0;
    *open = !not_open;
    db_bind_text(st, 15, not_open ? today : NULL);
    db_bind_text(st, 16, not_open ? "Fictional status change made by bench-seed." : NULL);
    if (run(db, st) != 0)
        return -1;
    int64_t id = sqlite3_last_insert_rowid(db_handle(db));
    *id_out = id;

    /* the tasks, and how far the case has got: the first p done, the last
       of them `lag` days ago, so that some cases are on time and some
       overdue */
    st = db_stmt(db, "INSERT INTO case_tasks (case_id, code) SELECT ?1, code FROM task_templates WHERE programme = ?2");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, programme);
    if (run(db, st) != 0)
        return -1;
    st = db_stmt(db, "UPDATE case_tasks SET status = 'completed', updated_by = 'bench seed',"
                     " done_on = (SELECT min(?4, max(?3, date(?4, '-' || ((?5 - t.position) * 4 + ?6) || ' days')))"
                     "  FROM task_templates t WHERE t.programme = ?2 AND t.code = case_tasks.code)"
                     " WHERE case_id = ?1 AND code IN (SELECT code FROM task_templates WHERE programme = ?2"
                     "  AND later = 0 AND position <= ?5)");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, programme);
    db_bind_text(st, 3, opened_on);
    db_bind_text(st, 4, today);
    db_bind_int64(st, 5, (int64_t)rnd(9));
    db_bind_int64(st, 6, (int64_t)rnd(12));
    if (run(db, st) != 0)
        return -1;
    if (strcmp(status, "paused") == 0) {
        char from[11];
        date_iso(t - (Date)rnd(30), from);
        if (strcmp(from, opened_on) < 0)
            memcpy(from, opened_on, sizeof from);
        st = db_stmt(db, "INSERT INTO case_pauses (case_id, from_on) VALUES (?, ?)");
        if (!st)
            return -1;
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, from);
        if (run(db, st) != 0)
            return -1;
    }
    if (case_refresh(db, id) != 0) {
        fprintf(stderr, "rise: bench-seed: case_refresh(%lld) failed\n", (long long)id);
        return -1;
    }

    /* three notes */
    int64_t author = do_id ? do_id : s->do_id[region_i];
    for (int k = 0; k < 3; k++) {
        st = db_stmt(db, "INSERT INTO case_notes (case_id, body, author_id, author, created_at) VALUES (?,?,?,?,?)");
        if (!st)
            return -1;
        char body[200], at[32];
        snprintf(body, sizeof body,
                 "Fictional note %d on %s: spoke to the headteacher about the improvement priorities.", k + 1, name);
        date_iso(opened + (Date)(k * 7), at);
        if (strcmp(at, today) > 0)
            memcpy(at, today, 11);
        snprintf(at + 10, sizeof at - 10, "T1%d:00:00.000Z", k);
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, body);
        db_bind_int64(st, 3, author);
        db_bind_text(st, 4, s->do_label[region_i]);
        db_bind_text(st, 5, at);
        if (run(db, st) != 0)
            return -1;
    }

    /* the decision that opened it; a few RISE categories still await the
       regional director */
    st = db_stmt(db, "INSERT INTO case_decisions (case_id, type, outcome, rationale, decided_on, decided_by_id,"
                     " decided_by, recorded_at, approval, about, value) VALUES (?,?,?,?,?,?,?,?,?,'identify',?)");
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, rise ? "category" : "identification");
    char outcome[64];
    snprintf(outcome, sizeof outcome, "Category: %c%s", category ? category[0] - 'a' + 'A' : '?', category ? category + 1 : "");
    db_bind_text(st, 3, rise ? outcome : "Supported");
    db_bind_text(st, 4, "Fictional rationale made by bench-seed.");
    db_bind_text(st, 5, opened_on);
    db_bind_int64(st, 6, author);
    db_bind_text(st, 7, s->do_label[region_i]);
    db_bind_text(st, 8, opened_at);
    db_bind_text(st, 9, rise ? (rnd(25) == 0 && !not_open ? "awaiting" : "approved") : NULL);
    db_bind_text(st, 10, rise ? category : NULL); /* the category its approval applies */
    if (run(db, st) != 0)
        return -1;

    /* watchers: whoever is assigned (as the service does) */
    int64_t watchers[2] = {do_id, adviser};
    for (int k = 0; k < 2; k++) {
        if (!watchers[k])
            continue;
        st = db_stmt(db, "INSERT OR IGNORE INTO case_watch (user_id, case_id, added_at) VALUES (?,?,?)");
        if (!st)
            return -1;
        db_bind_int64(st, 1, watchers[k]);
        db_bind_int64(st, 2, id);
        db_bind_text(st, 3, opened_at);
        if (run(db, st) != 0)
            return -1;
    }
    return 0;
}

/* A comma-separated list of k distinct codes from list (k <= n). */
static void random_codes(const MatchArea *list, size_t n, unsigned k, char *out, size_t outlen)
{
    uint32_t used = 0;
    size_t len = 0;
    out[0] = '\0';
    for (unsigned j = 0; j < k && j < n; j++) {
        unsigned c;
        do
            c = rnd((unsigned)n);
        while (used & (1u << c));
        used |= 1u << c;
        len += (size_t)snprintf(out + len, outlen - len, "%s%s", len ? "," : "", list[c].code);
        if (len >= outlen)
            break;
    }
}

/*
 * --providers N: N fictional providers ("Bench provider 17") on the register:
 * an organisation type, regions (mostly all nine, else the home region and
 * perhaps a neighbour), phases and expertise areas, a place in England's
 * grid, capacity for the current term, and for a third of them the four
 * due-diligence checks, current.
 */
static int seed_providers(Db *db, long n, int home, const char *term, const char *today)
{
    char all[200] = "";
    for (int i = 0; i < 9; i++)
        snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s", i ? "; " : "", REGIONS[i]);
    for (long i = 0; i < n; i++) {
        char name[64], regions[200], phases[200], expertise[400];
        snprintf(name, sizeof name, "Bench provider %ld", i + 1);
        unsigned r = rnd(10);
        if (r < 6)
            snprintf(regions, sizeof regions, "%s", all);
        else if (r < 9)
            snprintf(regions, sizeof regions, "%s", REGIONS[home]);
        else
            snprintf(regions, sizeof regions, "%s; %s", REGIONS[home], REGIONS[(home + 1 + rnd(8)) % 9]);
        random_codes(MATCH_PHASES, MATCH_N_PHASES, 1 + rnd(3), phases, sizeof phases);
        random_codes(MATCH_EXPERTISE, MATCH_N_EXPERTISE, 2 + rnd(4), expertise, sizeof expertise);
        const char *type;
        do
            type = MATCH_ORG_TYPES[rnd((unsigned)MATCH_N_ORG_TYPES)].code;
        while (strcmp(type, "person") == 0);
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO organisations (name, kind, created_at, created_by, org_type,"
                                       " regions, phases, expertise, easting, northing)"
                                       " VALUES (?, 'supporting-organisation', ?, 'bench seed', ?, ?, ?, ?, ?, ?)");
        if (!st)
            return -1;
        db_bind_text(st, 1, name);
        db_bind_text(st, 2, today);
        db_bind_text(st, 3, type);
        db_bind_text(st, 4, regions);
        db_bind_text(st, 5, phases);
        db_bind_text(st, 6, expertise);
        db_bind_int64(st, 7, 300000 + (int64_t)rnd(300000)); /* England's grid, roughly */
        db_bind_int64(st, 8, 100000 + (int64_t)rnd(500000));
        if (run(db, st) != 0)
            return -1;
        int64_t id = sqlite3_last_insert_rowid(db_handle(db));
        st = db_stmt(db, "INSERT INTO provider_capacity (organisation_id, term, schools, days, source, updated_at)"
                         " VALUES (?, ?, ?, ?, 'bench seed', ?)");
        if (!st)
            return -1;
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, term);
        db_bind_int64(st, 3, (int64_t)rnd(6));
        db_bind_int64(st, 4, 30 + (int64_t)rnd(150));
        db_bind_text(st, 5, today);
        if (run(db, st) != 0)
            return -1;
        if (rnd(3) == 0) {
            static const char *const KINDS[] = {"capacity", "relationship", "financial", "vendor"};
            for (int k = 0; k < 4; k++) {
                st = db_stmt(db, "INSERT INTO provider_checks (organisation_id, kind, outcome, checked_on, checked_by,"
                                 " recorded_by, recorded_at) VALUES (?, ?, ?, ?, 'bench seed', 'bench seed', ?)");
                if (!st)
                    return -1;
                db_bind_int64(st, 1, id);
                db_bind_text(st, 2, KINDS[k]);
                db_bind_text(st, 3, k == 3 ? "set-up" : "passed");
                db_bind_text(st, 4, today);
                db_bind_text(st, 5, today);
                if (run(db, st) != 0)
                    return -1;
            }
        }
    }
    return 0;
}

/*
 * --match-cases M: M RISE cases of fictional schools ("Bench match school 4",
 * with a phase and a place in the grid) in the home region, waiting for a
 * provider to be proposed: every task before the proposal completed and the
 * diagnosis approved on the match path.
 */
static int seed_match_cases(Db *db, const Seeded *s, long m, int home, const char *today, int64_t *first)
{
    static const char *const PHASES[] = {"Primary", "Primary", "Secondary", "All-through"};
    for (long i = 0; i < m; i++) {
        char name[64], la[64];
        int64_t urn = 800000 + i;
        snprintf(name, sizeof name, "Bench match school %ld", i + 1);
        snprintf(la, sizeof la, "%s borough %u", REGIONS[home], rnd(12) + 1);
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO schools (urn, name, la_name, type_name, type_group, status,"
                                       " phase, region, easting, northing) VALUES (?, ?, ?, 'Community school',"
                                       " 'Local authority maintained schools', 'Open', ?, ?, ?, ?)");
        if (!st)
            return -1;
        db_bind_int64(st, 1, urn);
        db_bind_text(st, 2, name);
        db_bind_text(st, 3, la);
        db_bind_text(st, 4, PHASES[rnd(4)]);
        db_bind_text(st, 5, REGIONS[home]);
        db_bind_int64(st, 6, 300000 + (int64_t)rnd(300000));
        db_bind_int64(st, 7, 100000 + (int64_t)rnd(500000));
        if (run(db, st) != 0)
            return -1;
        char opened_at[32];
        snprintf(opened_at, sizeof opened_at, "%sT09:00:00.000Z", today);
        st = db_stmt(db, "INSERT INTO cases (programme, subject_kind, subject_id, subject_name, region,"
                         " local_authority, category, status, route, rationale, opened_at, opened_by,"
                         " delivery_officer_id, adviser_id) VALUES ('rise', 'school', ?, ?, ?, ?, 'targeted',"
                         " 'in progress', 'exception', 'Fictional case made by rise bench-seed for the matching"
                         " benchmark.', ?, ?, ?, ?)");
        if (!st)
            return -1;
        db_bind_int64(st, 1, urn);
        db_bind_text(st, 2, name);
        db_bind_text(st, 3, REGIONS[home]);
        db_bind_text(st, 4, la);
        db_bind_text(st, 5, opened_at);
        db_bind_text(st, 6, s->do_label[home]);
        db_bind_int64(st, 7, s->do_id[home]);
        db_bind_int64(st, 8, s->adviser);
        if (run(db, st) != 0)
            return -1;
        int64_t id = sqlite3_last_insert_rowid(db_handle(db));
        if (i == 0)
            *first = id;
        st = db_stmt(db, "INSERT INTO case_tasks (case_id, code) SELECT ?1, code FROM task_templates"
                         " WHERE programme = 'rise'");
        if (!st)
            return -1;
        db_bind_int64(st, 1, id);
        if (run(db, st) != 0)
            return -1;
        st = db_stmt(db, "UPDATE case_tasks SET status = 'completed', updated_by = 'bench seed', done_on = ?2"
                         " WHERE case_id = ?1 AND code IN (SELECT code FROM task_templates WHERE programme = 'rise'"
                         "  AND position < (SELECT position FROM task_templates WHERE programme = 'rise'"
                         "  AND kind = 'propose'))");
        if (!st)
            return -1;
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, today);
        if (run(db, st) != 0)
            return -1;
        for (int k = 0; k < 2; k++) {
            st = db_stmt(db, "INSERT INTO case_decisions (case_id, type, outcome, rationale, decided_on,"
                             " decided_by_id, decided_by, recorded_at, approval, about, value)"
                             " VALUES (?,?,?,?,?,?,?,?,'approved',?,?)");
            if (!st)
                return -1;
            db_bind_int64(st, 1, id);
            db_bind_text(st, 2, k ? "diagnosis" : "category");
            db_bind_text(st, 3, k ? "Match with a supporting organisation" : "Category: Targeted");
            db_bind_text(st, 4, "Fictional rationale made by bench-seed.");
            db_bind_text(st, 5, today);
            db_bind_int64(st, 6, s->do_id[home]);
            db_bind_text(st, 7, s->do_label[home]);
            db_bind_text(st, 8, opened_at);
            db_bind_text(st, 9, k ? "diagnosis-decision" : "identify");
            db_bind_text(st, 10, k ? "match" : "targeted");
            if (run(db, st) != 0)
                return -1;
        }
        if (case_refresh(db, id) != 0) {
            fprintf(stderr, "rise: bench-seed: case_refresh(%lld) failed\n", (long long)id);
            return -1;
        }
    }
    return 0;
}

static const char *const ACTIONS[] = {"case.note.add", "case.task.save", "case.contact.add", "case.note.edit",
                                      "case.concern.raise", "case.assign"};

int cli_bench_seed(int argc, char **argv)
{
    static const char *const known[] = {"--db=", "--cases=", "--audit=", "--region=", "--providers=",
                                         "--match-cases=", "--grant-lines=", NULL};
    if (cli_check_opts(argc, argv, 2, known) != 0)
        return 2;
    const char *path = cli_opt(argc, argv, "--db");
    if (!path || !*path) {
        fputs("rise: bench-seed needs --db PATH\n", stderr);
        return 2;
    }
    const char *cases_s = cli_opt(argc, argv, "--cases"), *audit_s = cli_opt(argc, argv, "--audit");
    const char *region = cli_opt(argc, argv, "--region");
    long ncases = cases_s ? strtol(cases_s, NULL, 10) : 10000;
    long naudit = audit_s ? strtol(audit_s, NULL, 10) : 200000;
    const char *prov_s = cli_opt(argc, argv, "--providers"), *mcases_s = cli_opt(argc, argv, "--match-cases");
    long nprov = prov_s ? strtol(prov_s, NULL, 10) : 0, nmatch = mcases_s ? strtol(mcases_s, NULL, 10) : 0;
    const char *glines_s = cli_opt(argc, argv, "--grant-lines");
    long nglines = glines_s ? strtol(glines_s, NULL, 10) : 0, ndue = 0;
    if (nglines < 0 || nglines > 1000000) {
        fputs("rise: bench-seed: --grant-lines must be 0 to 1000000\n", stderr);
        return 2;
    }
    if (ncases < 1 || ncases > 1000000 || naudit < 0 || naudit > 10000000) {
        fputs("rise: bench-seed: --cases must be 1 to 1000000 and --audit 0 to 10000000\n", stderr);
        return 2;
    }
    if (nprov < 0 || nprov > 100000 || nmatch < 0 || nmatch > 100000) {
        fputs("rise: bench-seed: --providers and --match-cases must be 0 to 100000\n", stderr);
        return 2;
    }
    if (!region)
        region = "North East";
    int home = -1;
    for (int i = 0; i < 9; i++)
        if (strcmp(REGIONS[i], region) == 0)
            home = i;
    if (home < 0) {
        fprintf(stderr, "rise: '%s' is not a region; use one of:", region);
        for (int i = 0; i < 9; i++)
            fprintf(stderr, " \"%s\"", REGIONS[i]);
        fputc('\n', stderr);
        return 2;
    }
    Db *db = cli_open_db(path);
    if (!db)
        return 1;
    log_set_quiet(1);
    if (count_rows(db, "SELECT count(*) FROM cases") != 0) {
        fprintf(stderr, "rise: bench-seed fills an empty database, and %s already has cases\n", path);
        db_close(db);
        return 1;
    }
    double t0 = now_s();
    char hash[PASSWORD_HASH_LEN];
    if (password_hash(BENCH_PASSWORD, hash) != 0) {
        db_close(db);
        return 1;
    }
    Actor setup = {.user_id = 0, .label = "bench-seed", .ip = NULL};
    Seeded s;
    memset(&s, 0, sizeof s);
    int rc = 0;
    for (int i = 0; i < 9 && rc == 0; i++) {
        char sl[64], email[160], name[160];
        slug(REGIONS[i], sl, sizeof sl);
        snprintf(email, sizeof email, "bench.do.%s@example.gov.uk", sl);
        snprintf(name, sizeof name, "Bench Officer %s", REGIONS[i]);
        s.do_id[i] = bench_user(db, &setup, email, name, "delivery-officer", REGIONS[i], hash);
        snprintf(s.do_label[i], sizeof s.do_label[i], "%s <%s>", name, email);
        rc = s.do_id[i] ? 0 : 1;
    }
    if (rc == 0) {
        s.adviser = bench_user(db, &setup, "bench.adviser@example.gov.uk", "Bench Adviser", "adviser", NULL, hash);
        char email[160];
        char sl[64];
        slug(region, sl, sizeof sl);
        snprintf(email, sizeof email, "bench.rd.%s@example.gov.uk", sl);
        s.director = bench_user(db, &setup, email, "Bench Director", "regional-director", region, hash);
        s.analyst = bench_user(db, &setup, "bench.analyst@example.gov.uk", "Bench Analyst", "analyst", NULL, hash);
        rc = s.adviser && s.director && s.analyst ? 0 : 1;
        /* payments (bench/payments.sh): one prepares a run, the other approves it */
        if (rc == 0 && nglines > 0 &&
            (!bench_user(db, &setup, "bench.grants@example.gov.uk", "Bench Grants", "grant-team", NULL, hash) ||
             !bench_user(db, &setup, "bench.grants.approver@example.gov.uk", "Bench Approver", "grant-team", NULL,
                         hash)))
            rc = 1;
    }
    if (rc != 0) {
        fputs("rise: bench-seed: could not add the users\n", stderr);
        db_close(db);
        return 1;
    }

    /* the cases: one transaction */
    char today[11];
    time_t tt = time(NULL);
    struct tm tm;
    localtime_r(&tt, &tm);
    date_iso(date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), today);
    double t1 = now_s();
    if (db_begin(db) != 0) {
        db_close(db);
        return 1;
    }
    for (long i = 0; i < ncases && rc == 0; i++) {
        int64_t id = 0;
        int region_i = (int)(i % 9), open = 0;
        rc = seed_case(db, &s, i, today, region_i, &id, &open);
        if (i == 0)
            s.first_case = id;
        /* the case page to fetch: an open case in the home region, from the
           second half of the cases if there is one */
        if (rc == 0 && open && region_i == home && (!s.show_case || (i < ncases / 2 + 9 && i >= ncases / 2)))
            s.show_case = id;
    }
    /* the matching benchmark's register and cases waiting for a proposal */
    char term[16];
    match_term_code(match_term_of(date_parse(today, NULL)), term);
    int64_t first_match = 0;
    if (rc == 0 && nprov > 0 && seed_providers(db, nprov, home, term, today) != 0)
        rc = 1;
    if (rc == 0 && nmatch > 0 && seed_match_cases(db, &s, nmatch, home, today, &first_match) != 0)
        rc = 1;
    if (rc == 0 && nglines > 0 && bench_seed_grants(db, nglines, &ndue) != 0)
        rc = 1;
    if (rc != 0 || db_commit(db) != 0) {
        db_rollback(db);
        fputs("rise: bench-seed: could not add the cases\n", stderr);
        db_close(db);
        return 1;
    }
    double t2 = now_s();

    /* audit rows: each case's opening, then its history, until the trail
       has naudit rows (in transactions of 20,000) */
    int64_t have = count_rows(db, "SELECT count(*) FROM audit");
    int64_t first = s.first_case;
    long made = 0;
    while (rc == 0 && have < naudit) {
        if (db_begin(db) != 0) {
            rc = 1;
            break;
        }
        for (int k = 0; k < 20000 && have < naudit && rc == 0; k++, have++, made++) {
            int64_t cid = made < ncases ? first + made : first + (int64_t)rnd((unsigned)ncases);
            int region_i = (int)((cid - first) % 9);
            char oid[24];
            snprintf(oid, sizeof oid, "%lld", (long long)cid);
            Actor a = {.user_id = s.do_id[region_i], .label = s.do_label[region_i], .ip = "127.0.0.1"};
            if (made < ncases) {
                AuditChange ch[] = {{"status", NULL, "in progress"}, {"route", NULL, "screening"}};
                rc = audit_append(db, &a, "case.open", "case", oid, ch, 2, "Fictional case made by bench-seed.");
            } else {
                const char *action = ACTIONS[rnd(sizeof ACTIONS / sizeof ACTIONS[0])];
                AuditChange ch[] = {{"field", "before value", "after value"}};
                rc = audit_append(db, &a, action, "case", oid, ch, 1, "Fictional change made by bench-seed.");
            }
        }
        if (rc != 0 || db_commit(db) != 0) {
            db_rollback(db);
            rc = 1;
        }
    }
    if (rc != 0) {
        fputs("rise: bench-seed: could not add the audit rows\n", stderr);
        db_close(db);
        return 1;
    }
    double t3 = now_s();
    int64_t tasks = count_rows(db, "SELECT count(*) FROM case_tasks");
    int64_t notes = count_rows(db, "SELECT count(*) FROM case_notes");
    int64_t audit = count_rows(db, "SELECT count(*) FROM audit");
    int64_t awaiting = count_rows(db, "SELECT count(*) FROM case_decisions WHERE approval = 'awaiting'");
    db_close(db);

    char sl[64];
    slug(region, sl, sizeof sl);
    printf("bench-seed: %s\n"
           "  %ld cases (%.1f s, tasks worked out by case_refresh), %lld task rows, %lld notes,\n"
           "  %lld decisions awaiting approval, %lld audit rows (%.1f s); users %.1f s\n"
           "\n"
           "  Every bench user's password: %s\n"
           "  delivery officer (%s): bench.do.%s@example.gov.uk\n"
           "  regional director (%s): bench.rd.%s@example.gov.uk\n"
           "  adviser: bench.adviser@example.gov.uk   analyst: bench.analyst@example.gov.uk\n"
           "  (a delivery officer for every region: bench.do.<region>@example.gov.uk)\n"
           "  a case to fetch: /cases/%lld\n"
           "\n"
           "BENCH_EMAIL=bench.do.%s@example.gov.uk\n"
           "BENCH_PASSWORD=%s\n"
           "BENCH_CASE=%lld\n"
           "BENCH_MATCH_CASE=%lld\n"
           "BENCH_PROVIDERS=%ld\n"
           "BENCH_GRANT_LINES=%ld\n"
           "BENCH_DUE_LINES=%ld\n",
           path, ncases, t2 - t1, (long long)tasks, (long long)notes, (long long)awaiting, (long long)audit, t3 - t2,
           t1 - t0, BENCH_PASSWORD, region, sl, region, sl, (long long)s.show_case, sl, BENCH_PASSWORD,
           (long long)s.show_case, (long long)first_match, nprov, nglines, ndue);
    return 0;
}
