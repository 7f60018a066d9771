/*
 * providers_cmd.c - `rise providers import FILE --db PATH [--as EMAIL]
 * [--dry-run]`: imports a capacity survey into the register of supporting
 * organisations and people (store/provider_survey.c, docs/data-formats.md),
 * printing FILE:LINE:COLUMN for each problem and a summary. Nothing is
 * written when any row is wrong. --as names the person the audit trail
 * records (an account in the service); otherwise the command line and the
 * machine's user.
 */
#include "cli/cli.h"

#include "store/db.h"
#include "store/plans.h"
#include "store/priority_areas.h"
#include "store/providers.h"
#include "store/users.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char USAGE[] = "usage: rise providers import FILE --db PATH [--as EMAIL] [--dry-run]\n"
                            "       rise providers priority-areas FILE --db PATH\n"
                            "       rise providers programmes FILE --db PATH [--dry-run]\n";

/* Splits argv after "providers SUBCOMMAND" into options (with their
   values; --dry-run takes none) and the one file. 0, or 2 with a message. */
static int file_and_opts(int argc, char **argv, char **opts, int *nopts, int max, const char **file)
{
    *file = NULL;
    *nopts = 0;
    opts[(*nopts)++] = argv[0];
    for (int i = 3; i < argc && *nopts < max - 2; i++) {
        if (strncmp(argv[i], "--", 2) == 0) {
            opts[(*nopts)++] = argv[i];
            if (!strchr(argv[i], '=') && strcmp(argv[i], "--dry-run") != 0 && i + 1 < argc)
                opts[(*nopts)++] = argv[++i];
        } else if (!*file) {
            *file = argv[i];
        } else {
            fprintf(stderr, "rise: providers %s takes one file (got '%s' and '%s')\n", argv[2], *file, argv[i]);
            return 2;
        }
    }
    return 0;
}

static int providers_import(int argc, char **argv)
{
    const char *file;
    char *opts[32];
    int nopts;
    if (file_and_opts(argc, argv, opts, &nopts, 32, &file) != 0)
        return 2;
    static const char *const known[] = {"--db=", "--as=", "--dry-run", NULL};
    if (cli_check_opts(nopts, opts, 1, known) != 0)
        return 2;
    const char *db_path = cli_opt(nopts, opts, "--db");
    if (!db_path)
        db_path = getenv("RISE_DB");
    if (!db_path || !*db_path || !file) {
        fputs(USAGE, stderr);
        return 2;
    }
    int dry = cli_flag(nopts, opts, "--dry-run");
    const char *as = cli_opt(nopts, opts, "--as");
    Db *db = cli_open_db(db_path);
    if (!db)
        return 1;
    char label[600];
    Actor actor = {.user_id = 0, .label = label, .ip = NULL};
    if (as) {
        User u;
        if (user_get_by_email(db, as, &u) != 1) {
            fprintf(stderr, "rise: no account with the email %s (--as names a person with an account)\n", as);
            db_close(db);
            return 2;
        }
        if (u.disabled_at) {
            fprintf(stderr, "rise: the account %s is disabled\n", as);
            user_free(&u);
            db_close(db);
            return 2;
        }
        snprintf(label, sizeof label, "%s <%s>", u.name, u.email);
        actor.user_id = u.id;
        user_free(&u);
    } else {
        struct passwd *pw = getpwuid(getuid());
        snprintf(label, sizeof label, "command line (%s)", pw ? pw->pw_name : "unknown");
    }
    SurveyResult *res = calloc(1, sizeof *res);
    if (!res) {
        db_close(db);
        return 1;
    }
    int rc = survey_import(db, &actor, file, file, dry, res);
    survey_print(rc == 0 ? stdout : stderr, file, res, rc == 0 && !dry, dry);
    free(res);
    db_close(db);
    return rc == 0 ? 0 : 1;
}

/* `rise providers priority-areas FILE --db PATH`: replaces the list of
   local authorities in a priority area (store/priority_areas.h). */
static int providers_priority_areas(int argc, char **argv)
{
    int programmes = strcmp(argv[2], "programmes") == 0;
    const char *file;
    char *opts[8];
    int nopts;
    if (file_and_opts(argc, argv, opts, &nopts, 8, &file) != 0)
        return 2;
    static const char *const known[] = {"--db=", "--dry-run", NULL};
    if (cli_check_opts(nopts, opts, 1, known) != 0)
        return 2;
    const char *db_path = cli_opt(nopts, opts, "--db");
    if (!db_path)
        db_path = getenv("RISE_DB");
    if (!db_path || !*db_path || !file || (!programmes && cli_flag(nopts, opts, "--dry-run"))) {
        fputs(USAGE, stderr);
        return 2;
    }
    Db *db = cli_open_db(db_path);
    if (!db)
        return 1;
    struct passwd *pw = getpwuid(getuid());
    char label[300], err[4096];
    snprintf(label, sizeof label, "command line (%s)", pw ? pw->pw_name : "unknown");
    Actor actor = {.user_id = 0, .label = label, .ip = NULL};
    size_t rows = 0;
    int dry = cli_flag(nopts, opts, "--dry-run");
    int rc = programmes ? plan_programmes_import(db, &actor, file, file, dry, &rows, err, sizeof err)
                        : priority_areas_load(db, &actor, file, file, &rows, err, sizeof err);
    db_close(db);
    if (rc == 0 && programmes) {
        printf("%zu national programme%s and hubs %s\n", rows, rows == 1 ? "" : "s",
               dry ? "checked: nothing was written (--dry-run)" : "(the list is replaced)");
        return 0;
    }
    if (rc == 0) {
        printf("%zu local authorit%s in priority areas (the list is replaced)\n", rows, rows == 1 ? "y" : "ies");
        return 0;
    }
    if (rc > 0)
        fprintf(stderr, "%s\nnothing was changed\n", err);
    else
        fprintf(stderr, "rise: cannot load the %s\n", programmes ? "national programmes" : "priority areas");
    return 1;
}

int cli_providers(int argc, char **argv)
{
    if (argc < 3) {
        fputs(USAGE, stderr);
        return 2;
    }
    if (strcmp(argv[2], "import") == 0)
        return providers_import(argc, argv);
    if (strcmp(argv[2], "priority-areas") == 0 || strcmp(argv[2], "programmes") == 0)
        return providers_priority_areas(argc, argv);
    fprintf(stderr, "rise: unknown providers command '%s'\n%s", argv[2], USAGE);
    return 2;
}
