/*
 * tasks_cmd.c - `rise tasks export|load`: each programme's stages and tasks
 * as a JSON file an administrator edits, so that a new programme year is
 * configuration, not code (store/task_templates.h has the rules a file
 * must follow).
 *
 *   rise tasks export --db PATH [--programme P] > tasks.json
 *   rise tasks load --db PATH tasks.json
 */
#include "cli/cli.h"

#include "core/buf.h"
#include "store/db.h"
#include "store/task_templates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char USAGE[] = "usage: rise tasks export --db PATH [--programme P]\n"
                            "       rise tasks load --db PATH FILE.json\n";

#define TASKS_FILE_MAX (8 * 1024 * 1024)

static const char *tasks_db_path(int argc, char **argv)
{
    const char *db = cli_opt(argc, argv, "--db");
    if (!db)
        db = getenv("RISE_DB");
    if (!db || !*db) {
        fputs("rise: name the database with --db PATH (or RISE_DB)\n", stderr);
        return NULL;
    }
    return db;
}

/* The whole file (or standard input for "-"); NULL after saying why. */
static char *read_file(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "rise: cannot open %s\n", path);
        return NULL;
    }
    Buf b = BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(&b, chunk, got);
        if (b.len > TASKS_FILE_MAX) {
            fprintf(stderr, "rise: %s is larger than %d MB; a tasks file is far smaller\n", path,
                    TASKS_FILE_MAX / (1024 * 1024));
            break;
        }
    }
    int bad = ferror(f) || b.len > TASKS_FILE_MAX;
    if (f != stdin)
        fclose(f);
    if (bad) {
        if (b.len <= TASKS_FILE_MAX)
            fprintf(stderr, "rise: could not read %s\n", path);
        buf_free(&b);
        return NULL;
    }
    if (memchr(buf_str(&b), '\0', b.len)) {
        fprintf(stderr, "rise: %s is not a text file\n", path);
        buf_free(&b);
        return NULL;
    }
    return buf_take(&b);
}

static int tasks_export(int argc, char **argv)
{
    static const char *const known[] = {"--db=", "--programme=", NULL};
    if (cli_check_opts(argc, argv, 3, known) != 0)
        return 2;
    const char *path = tasks_db_path(argc, argv);
    if (!path)
        return 2;
    const char *programme = cli_opt(argc, argv, "--programme");
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "rise: there is no database at %s\n", path);
        return 1;
    }
    Db *db = cli_open_db(path);
    if (!db)
        return 1;
    char *json = NULL;
    int n = task_templates_export(db, programme, &json);
    db_close(db);
    if (n < 0) {
        fputs("rise: could not read the tasks\n", stderr);
        free(json);
        return 1;
    }
    if (n == 0 && programme) {
        fprintf(stderr, "rise: there are no tasks for the programme '%s'\n", programme);
        free(json);
        return 1;
    }
    printf("%s\n", json);
    free(json);
    return fflush(stdout) == 0 ? 0 : 1;
}

static int tasks_load(int argc, char **argv)
{
    /* the one positional argument is the file; the rest are options */
    const char *file = NULL;
    char **opts = calloc((size_t)argc + 1, sizeof *opts);
    if (!opts)
        return 1;
    int nopts = 0;
    opts[nopts++] = argv[0];
    for (int i = 3; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0) {
            opts[nopts++] = argv[i];
            if (!strchr(argv[i], '=') && i + 1 < argc)
                opts[nopts++] = argv[++i];
        } else if (!file) {
            file = argv[i];
        } else {
            fprintf(stderr, "rise: tasks load takes one file (got '%s' and '%s')\n", file, argv[i]);
            free(opts);
            return 2;
        }
    }
    static const char *const known[] = {"--db=", NULL};
    int rc = cli_check_opts(nopts, opts, 1, known) != 0 ? 2 : 0;
    const char *path = rc == 0 ? tasks_db_path(nopts, opts) : NULL;
    free(opts); /* the strings stay in argv */
    if (rc != 0 || !path)
        return 2;
    if (!file) {
        fputs(USAGE, stderr);
        return 2;
    }
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "rise: there is no database at %s\n", path);
        return 1;
    }
    char *text = read_file(file);
    if (!text)
        return 1;
    Db *db = cli_open_db(path);
    if (!db) {
        free(text);
        return 1;
    }
    Actor actor = {.user_id = 0, .label = "command line", .ip = NULL};
    TaskTemplatesLoaded done;
    char err[1024];
    int ok = task_templates_load_report(db, &actor, text, &done, err, sizeof err) == 0;
    db_close(db);
    free(text);
    if (!ok) {
        fprintf(stderr, "rise: %s: %s\n", file, err);
        fputs("rise: nothing was changed\n", stderr);
        return 1;
    }
    printf("loaded %zu task%s for %s; %lld open case%s brought up to date\n", done.tasks, done.tasks == 1 ? "" : "s",
           done.names, (long long)done.open_cases, done.open_cases == 1 ? "" : "s");
    return 0;
}

int cli_tasks(int argc, char **argv)
{
    if (argc < 3) {
        fputs(USAGE, stderr);
        return 2;
    }
    if (strcmp(argv[2], "export") == 0)
        return tasks_export(argc, argv);
    if (strcmp(argv[2], "load") == 0)
        return tasks_load(argc, argv);
    fprintf(stderr, "rise: unknown tasks subcommand '%s'\n%s", argv[2], USAGE);
    return 2;
}
