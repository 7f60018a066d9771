/*
 * notify_cmd.c - the email subcommands: `rise notify-standin` (a local
 * stand-in for GOV.UK Notify, for `make run` and the tests) and
 * `rise outbox queue-test|list` (queue test emails, read the outbox).
 */
#include "cli/cli.h"

#include "notify/notify.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/outbox.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_notify_standin(int argc, char **argv)
{
    static const char *const known[] = {"--listen=", "--api-key=", NULL};
    if (cli_check_opts(argc, argv, 2, known) != 0)
        return 2;
    const char *listen = cli_opt(argc, argv, "--listen");
    const char *key = cli_opt(argc, argv, "--api-key");
    if (!key)
        key = getenv("RISE_NOTIFY_API_KEY");
    if (!listen)
        listen = "127.0.0.1:0";
    char host[64];
    const char *colon = strrchr(listen, ':');
    char *end = NULL;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || (size_t)(colon - listen) >= sizeof host || !end || *end || port < 0 || port > 65535) {
        fprintf(stderr, "rise: --listen must be HOST:PORT, like 127.0.0.1:8025 (got '%s')\n", listen);
        return 2;
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    if (!key || !*key) {
        fputs("rise: give the API key the stand-in accepts: --api-key KEY or RISE_NOTIFY_API_KEY\n", stderr);
        return 2;
    }
    return notify_standin_main(host, (int)port, key);
}

static int outbox_queue_test(int argc, char **argv)
{
    static const char *const known[] = {"--db=", "--to=", "--count=", "--template=", NULL};
    if (cli_check_opts(argc, argv, 3, known) != 0)
        return 2;
    const char *path = cli_opt(argc, argv, "--db");
    if (!path)
        path = getenv("RISE_DB");
    const char *to = cli_opt(argc, argv, "--to");
    const char *count_s = cli_opt(argc, argv, "--count");
    const char *tmpl = cli_opt(argc, argv, "--template");
    long count = count_s ? strtol(count_s, NULL, 10) : 1;
    if (!path || !to || !*to || count < 1 || count > 1000000) {
        fputs("rise: outbox queue-test --db PATH --to EMAIL [--count N] [--template KEY]\n", stderr);
        return 2;
    }
    Db *db = cli_open_db(path);
    if (!db)
        return 1;
    struct passwd *pw = getpwuid(getuid());
    char label[300];
    snprintf(label, sizeof label, "command line (%s)", pw ? pw->pw_name : "unknown");
    Actor a = {.user_id = 0, .label = label, .ip = NULL};
    OutboxMessage m = {.recipient = to, .template_key = tmpl ? tmpl : "test",
                       .personalisation = "{\"name\":\"Test\",\"sent_by\":\"command line\"}"};
    int rc = db_begin(db);
    int64_t first = 0, last = 0;
    for (long i = 0; rc == 0 && i < count; i++) {
        last = outbox_queue(db, &m);
        if (last < 0)
            rc = -1;
        if (!first)
            first = last;
    }
    char what[64], range[64];
    snprintf(what, sizeof what, "%ld", count);
    snprintf(range, sizeof range, "%lld-%lld", (long long)first, (long long)last);
    AuditChange ch[] = {{"recipient", NULL, to}, {"emails", NULL, what}};
    if (rc == 0)
        rc = audit_append(db, &a, "outbox.queued", "outbox", range, ch, 2, NULL);
    if (rc == 0)
        rc = db_commit(db);
    else
        db_rollback(db);
    db_close(db);
    if (rc != 0) {
        fputs("rise: could not queue the emails\n", stderr);
        return 1;
    }
    printf("queued %ld email%s to %s (outbox %lld to %lld)\n", count, count == 1 ? "" : "s", to, (long long)first,
           (long long)last);
    return 0;
}

static int outbox_list_cmd(int argc, char **argv)
{
    static const char *const known[] = {"--db=", NULL};
    if (cli_check_opts(argc, argv, 3, known) != 0)
        return 2;
    const char *path = cli_opt(argc, argv, "--db");
    if (!path)
        path = getenv("RISE_DB");
    if (!path) {
        fputs("rise: outbox list --db PATH\n", stderr);
        return 2;
    }
    Db *db = cli_open_db(path);
    if (!db)
        return 1;
    OutboxList l;
    if (outbox_list(db, 1000000, &l) != 0) {
        db_close(db);
        return 1;
    }
    printf("id\tstatus\tattempts\trecipient\ttemplate\treference\tnotify_id\tlast_error\n");
    for (size_t i = 0; i < l.n; i++) {
        const OutboxRow *m = &l.rows[i];
        printf("%lld\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", (long long)m->id, outbox_status_name(m->status), m->attempts,
               m->recipient, m->template_key, m->reference, m->provider_id ? m->provider_id : "",
               m->last_error ? m->last_error : "");
    }
    outbox_list_free(&l);
    db_close(db);
    return 0;
}

int cli_outbox(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[2], "queue-test") == 0)
        return outbox_queue_test(argc, argv);
    if (argc >= 3 && strcmp(argv[2], "list") == 0)
        return outbox_list_cmd(argc, argv);
    fputs("usage: rise outbox queue-test --db PATH --to EMAIL [--count N] [--template KEY]\n"
          "       rise outbox list --db PATH\n",
          stderr);
    return 2;
}
