/*
 * import_cmd.c - `rise import KIND --db PATH FILE`: loads GIAS and Ofsted
 * downloads from the command line, printing FILE:LINE:COLUMN for each
 * problem and a summary.
 */
#include "cli/cli.h"

#include "core/log.h"
#include "store/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

int cli_import(int argc, char **argv)
{
    static const char USAGE[] = "usage: rise import gias|links|groups|group-links|ofsted --db PATH FILE\n"
                                "         [--skip-invalid --rejects OUT.csv] [--format history|mi]\n";
    if (argc < 3) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *k = argv[2];
    ImportKind kind;
    if (strcmp(k, "gias") == 0)
        kind = IMPORT_GIAS;
    else if (strcmp(k, "links") == 0)
        kind = IMPORT_LINKS;
    else if (strcmp(k, "groups") == 0)
        kind = IMPORT_GROUPS;
    else if (strcmp(k, "group-links") == 0)
        kind = IMPORT_GROUP_LINKS;
    else if (strcmp(k, "ofsted") == 0)
        kind = IMPORT_OFSTED;
    else {
        fprintf(stderr, "rise: unknown import '%s'\n%s", k, USAGE);
        return 2;
    }
    /* the one positional argument is the file; the rest are options */
    const char *file = NULL;
    char *opts[32];
    int nopts = 0;
    opts[nopts++] = argv[0];
    for (int i = 3; i < argc && nopts < 30; i++) {
        if (strncmp(argv[i], "--", 2) == 0) {
            opts[nopts++] = argv[i];
            if (!strchr(argv[i], '=') && strcmp(argv[i], "--skip-invalid") != 0 && i + 1 < argc)
                opts[nopts++] = argv[++i];
        } else if (!file) {
            file = argv[i];
        } else {
            fprintf(stderr, "rise: import takes one file (got '%s' and '%s')\n", file, argv[i]);
            return 2;
        }
    }
    static const char *const known[] = {"--db=", "--skip-invalid", "--rejects=", "--format=", NULL};
    if (cli_check_opts(nopts, opts, 1, known) != 0)
        return 2;
    const char *db_path = cli_opt(nopts, opts, "--db");
    if (!db_path)
        db_path = getenv("RISE_DB");
    if (!db_path || !file) {
        fputs(USAGE, stderr);
        return 2;
    }
    ImportOptions o = {0};
    o.skip_invalid = cli_flag(nopts, opts, "--skip-invalid");
    o.rejects_path = cli_opt(nopts, opts, "--rejects");
    if (o.rejects_path && !o.skip_invalid) {
        fputs("rise: --rejects goes with --skip-invalid\n", stderr);
        return 2;
    }
    const char *fmt = cli_opt(nopts, opts, "--format");
    if (fmt) {
        if (kind != IMPORT_OFSTED) {
            fputs("rise: --format is for ofsted imports\n", stderr);
            return 2;
        }
        o.ofsted_format = ofsted_format_from_name(fmt);
        if (o.ofsted_format == OFSTED_DETECT) {
            fprintf(stderr, "rise: unknown --format '%s' (history or mi)\n", fmt);
            return 2;
        }
    }
    Db *db = cli_open_db(db_path);
    if (!db)
        return 1;
    char label[128];
    snprintf(label, sizeof label, "command line import");
    Actor actor = {.user_id = 0, .label = label, .ip = NULL};
    o.actor = &actor;
    ImportResult *res = calloc(1, sizeof *res);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = import_file(db, kind, file, &o, res);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    import_print(rc == 0 ? stdout : stderr, file, res, rc == 0);
    if (rc == 0)
        printf("%s: %.2f s\n", file, secs);
    free(res);
    db_close(db);
    return rc == 0 ? 0 : 1;
}
