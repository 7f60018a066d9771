/*
 * eligibility_cmd.c - `rise eligibility`: who each programme's rules make
 * eligible as at a date, for all of England or one region, as CSV or JSON,
 * each row with the rule that fired, the inspections it used and what the
 * data lacked.
 *
 *   rise eligibility --db PATH --programme si-2019-20|tsio-2022-23|rise
 *                    --as-at YYYY-MM-DD [--all] [--region NAME] [--format csv|json]
 *
 * Rows: in-scope schools (DOMAIN.md "In scope" on the as-at date) and, for
 * TSIO, multi-academy trusts with a school on the census or as-at date.
 * Without --all only the eligible rows (RISE: targeted and intervention);
 * with --all every in-scope school (and trust), "none" where not eligible.
 * A trust's region and local authority are those of its schools on the date
 * (most schools first); --region keeps a trust with any school there.
 *
 * A summary (rows by outcome) goes to standard error. Exit 0, 1 when the
 * job failed, 2 when the command line was wrong (unknown programme or
 * region, an as-at date outside the programme's year).
 */
#include "cli/cli.h"

#include "core/buf.h"
#include "domain/access.h"
#include "domain/eligibility.h"
#include "store/db.h"
#include "store/eligibility_data.h"
#include "store/eligibility_run.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char USAGE[] =
    "usage: rise eligibility --db PATH --programme si-2019-20|tsio-2022-23|rise --as-at YYYY-MM-DD\n"
    "         [--all] [--region NAME] [--format csv|json]\n";


typedef struct Out {
    int json;
    int first;
    const char *programme;
    size_t counts[ELIG_INTERVENTION + 1];
    size_t schools, trusts;
    size_t stuck, stuck_equivalent; /* RISE: DfE's "stuck" schools, and those through its 2024/25 rule */
} Out;

/* yyyy-mm-dd exactly, a real day. */
static Date parse_iso(const char *v)
{
    if (!v || strlen(v) != 10 || v[4] != '-' || v[7] != '-')
        return DATE_NONE;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
            return DATE_NONE;
    return date_from_ymd(atoi(v), atoi(v + 5), atoi(v + 8));
}

/* --- output ------------------------------------------------------------------ */

static void csv_field(FILE *f, const char *s, int last)
{
    s = s ? s : "";
    if (strpbrk(s, ",\"\r\n") || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '))) {
        fputc('"', f);
        for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) { /* each quote doubled */
            fwrite(s, 1, (size_t)(q - s) + 1, f);
            fputc('"', f);
        }
        fputs(s, f);
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputc(last ? '\n' : ',', f);
}

static void evidence(const EligResult *r, Buf *b)
{
    char text[8192];
    elig_evidence_text(r, text, sizeof text);
    buf_puts(b, text);
}

static json_t *json_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static void emit(Out *o, const char *kind, int64_t id, const char *name, const char *region, const char *la,
                 const EligResult *r)
{
    o->counts[r->outcome]++;
    int stuck = rise_is_stuck(r);
    o->stuck += stuck != 0;
    o->stuck_equivalent += stuck == 2;
    if (strcmp(kind, "trust") == 0)
        o->trusts++;
    else
        o->schools++;
    Buf ev = BUF_INIT;
    evidence(r, &ev);
    if (!o->json) {
        char idtext[24];
        snprintf(idtext, sizeof idtext, "%lld", (long long)id);
        Buf rule = BUF_INIT;
        buf_printf(&rule, "%s: %s", r->rule, r->reason ? r->reason : "");
        csv_field(stdout, kind, 0);
        csv_field(stdout, idtext, 0);
        csv_field(stdout, name, 0);
        csv_field(stdout, region, 0);
        csv_field(stdout, la, 0);
        csv_field(stdout, elig_outcome_name(r->outcome), 0);
        csv_field(stdout, buf_str(&rule), 0);
        csv_field(stdout, buf_str(&ev), 1);
        buf_free(&rule);
        buf_free(&ev);
        return;
    }
    char day[11];
    date_iso(r->as_at, day);
    json_t *j = json_object();
    json_object_set_new(j, "kind", json_string(kind));
    json_object_set_new(j, "id", json_integer(id));
    json_object_set_new(j, "name", json_str_or_null(name));
    json_object_set_new(j, "region", json_str_or_null(region));
    json_object_set_new(j, "local_authority", json_str_or_null(la));
    json_object_set_new(j, "outcome", json_string(elig_outcome_name(r->outcome)));
    json_object_set_new(j, "rule", json_string(r->rule));
    json_object_set_new(j, "reason", json_str_or_null(r->reason));
    json_object_set_new(j, "evidence", json_string(buf_str(&ev)));
    json_object_set_new(j, "programme", json_string(o->programme));
    json_object_set_new(j, "as_at", json_string(day));
    json_t *ins = json_array();
    for (size_t i = 0; i < r->n_used; i++) {
        const EligInspection *in = &r->used[i].in;
        json_t *e = json_object();
        char d[11];
        date_iso(in->date, d);
        json_object_set_new(e, "urn", json_integer(in->urn));
        json_object_set_new(e, "date", json_string(d));
        json_object_set_new(e, "kind", json_string(in->report_card ? "report-card" : "graded"));
        json_object_set_new(e, "grade", in->report_card ? json_null() : json_integer(in->grade));
        json_object_set_new(e, "category", json_str_or_null(in->category));
        json_object_set_new(e, "role", json_string(r->used[i].role));
        if (in->report_card) {
            json_t *areas = json_object();
            for (size_t k = 0; k < in->n_areas; k++)
                json_object_set_new(areas, in->areas[k].area, json_string(elig_rc_name(in->areas[k].level)));
            json_object_set_new(areas, "safeguarding",
                                in->safeguarding < 0 ? json_null() : json_string(in->safeguarding ? "met" : "not met"));
            json_object_set_new(e, "judgements", areas);
        }
        json_array_append_new(ins, e);
    }
    json_object_set_new(j, "inspections", ins);
    json_t *miss = json_array();
    for (size_t i = 0; i < r->n_missing; i++)
        json_array_append_new(miss, json_string(r->missing[i]));
    json_object_set_new(j, "missing", miss);
    json_t *fig = json_object();
    for (size_t i = 0; i < r->n_figures; i++)
        json_object_set_new(fig, r->figures[i].name, json_integer(r->figures[i].value));
    json_object_set_new(j, "figures", fig);
    fputs(o->first ? "[\n" : ",\n", stdout);
    o->first = 0;
    json_dumpf(j, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    buf_free(&ev);
}

/* elig_run's callback: one row out. */
static void emit_row(void *ctx, const char *kind, int64_t id, const char *name, const char *region, const char *la,
                     const EligResult *r)
{
    emit(ctx, kind, id, name, region, la, r);
}

/* --- the command -------------------------------------------------------------- */

int cli_eligibility(int argc, char **argv)
{
    static const char *const known[] = {"--db=",  "--programme=", "--as-at=", "--all",
                                        "--region=", "--format=", NULL};
    if (cli_check_opts(argc, argv, 2, known) != 0) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *db_path = cli_opt(argc, argv, "--db");
    if (!db_path)
        db_path = getenv("RISE_DB");
    const char *prog = cli_opt(argc, argv, "--programme");
    const char *as_at_text = cli_opt(argc, argv, "--as-at");
    const char *region_arg = cli_opt(argc, argv, "--region");
    const char *format = cli_opt(argc, argv, "--format");
    int all = cli_flag(argc, argv, "--all");
    if (!db_path || !*db_path) {
        fprintf(stderr, "rise: name the database with --db PATH (or RISE_DB)\n%s", USAGE);
        return 2;
    }
    if (!prog) {
        fprintf(stderr, "rise: say which programme with --programme (si-2019-20, tsio-2022-23 or rise)\n%s", USAGE);
        return 2;
    }
    if (!as_at_text) {
        fprintf(stderr, "rise: give the date to assess on with --as-at YYYY-MM-DD\n%s", USAGE);
        return 2;
    }
    Date as_at = parse_iso(as_at_text);
    if (as_at == DATE_NONE) {
        fprintf(stderr, "rise: --as-at '%s' is not a date written YYYY-MM-DD\n", as_at_text);
        return 2;
    }
    const char *region = NULL;
    if (region_arg) {
        for (size_t i = 0; i < 9 && !region; i++)
            if (strcasecmp(region_arg, REGIONS[i]) == 0)
                region = REGIONS[i];
        if (!region) {
            fprintf(stderr, "rise: unknown region '%s'; the regions are:", region_arg);
            for (size_t i = 0; i < 9; i++)
                fprintf(stderr, "%s %s", i ? "," : "", REGIONS[i]);
            fputc('\n', stderr);
            return 2;
        }
    }
    int json = 0;
    if (format && strcmp(format, "json") == 0)
        json = 1;
    else if (format && strcmp(format, "csv") != 0) {
        fprintf(stderr, "rise: unknown --format '%s' (csv or json)\n", format);
        return 2;
    }

    /* a wrong programme or date fails before anything is loaded */
    char err[512];
    Db *db = cli_open_db(db_path);
    if (!db)
        return 1;
    int check = elig_run_check(db, prog, as_at, err, sizeof err);
    if (check != ELIG_RUN_OK) {
        fprintf(stderr, "rise: %s%s\n", check == ELIG_RUN_BAD_DATE ? "--as-at " : "", err);
        db_close(db);
        return check == ELIG_RUN_FAILED ? 1 : 2;
    }
    EligData data;
    if (elig_data_load(db, &data, err, sizeof err) != 0) {
        fprintf(stderr, "rise: %s\n", err);
        db_close(db);
        return 1;
    }

    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    Out o = {.json = json, .first = 1, .programme = prog};
    if (!json)
        fputs("kind,id,name,region,local_authority,outcome,rule,evidence\n", stdout);

    /* the same loop as the screening queue's (store/eligibility_run.c) */
    EligRun run = {.programme = prog, .as_at = as_at, .region = region, .all = all};
    int run_rc = elig_run(db, &data, &run, emit_row, &o, err, sizeof err);
    db_close(db);
    if (run_rc != ELIG_RUN_OK) {
        elig_data_free(&data);
        fprintf(stderr, "rise: %s\n", err);
        return run_rc == ELIG_RUN_BAD_DATE ? 2 : 1;
    }
    if (json)
        fputs(o.first ? "[]\n" : "\n]\n", stdout);
    int write_failed = fflush(stdout) != 0 || ferror(stdout);
    elig_data_free(&data);

    fprintf(stderr, "%s as at %s%s%s: %zu school%s and %zu trust%s listed;", prog, as_at_text,
            region ? " in " : "", region ? region : "", o.schools, o.schools == 1 ? "" : "s", o.trusts,
            o.trusts == 1 ? "" : "s");
    static const EligOutcome order[] = {ELIG_TIER_1,   ELIG_TIER_2,  ELIG_TIER_3,       ELIG_ELIGIBLE,
                                        ELIG_UNIVERSAL, ELIG_TARGETED, ELIG_INTERVENTION, ELIG_NONE};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (o.counts[order[i]])
            fprintf(stderr, " %s %zu", elig_outcome_name(order[i]), o.counts[order[i]]);
    if (strcmp(prog, RISE_PROGRAMME) == 0)
        fprintf(stderr, "; stuck %zu (%zu of them through DfE's rule for inspections without a headline grade)",
                o.stuck, o.stuck_equivalent);
    fputc('\n', stderr);
    if (write_failed) {
        fputs("rise: could not write the output\n", stderr);
        return 1;
    }
    return 0;
}
