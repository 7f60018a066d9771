/*
 * jobs.c - the background import runner. See jobs.h.
 *
 * One thread, one database connection. It takes the oldest queued import
 * that has a file, runs it (progress kept in memory, since the import's own
 * transaction hides its writes until it commits), deletes the uploaded file,
 * and looks again. Imports left "running" by a crash were rolled back by
 * SQLite, so they are queued again at start. Every five minutes it also
 * deletes sessions past their timeouts, so that no request pays for it.
 */
#include "web/jobs.h"

#include "core/buf.h"
#include "core/log.h"
#include "domain/signin.h"
#include "domain/external.h"
#include "store/external_accounts.h"
#include "store/import.h"
#include "store/sessions.h"
#include "store/throttle.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static pthread_t thread;
static int started;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static volatile int stopping;
static int woken;
static atomic_llong current_id;
static atomic_int current_percent;
static char *db_path_copy;
static char upload_dir[4096];
static int64_t idle_limit, absolute_limit;

const char *jobs_upload_dir(void)
{
    return upload_dir;
}

int64_t jobs_current(int *percent)
{
    if (percent)
        *percent = atomic_load(&current_percent);
    return (int64_t)atomic_load(&current_id);
}

static void on_progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    if (total > 0)
        atomic_store(&current_percent, (int)(done * 100 / total));
}

/* Takes the oldest queued job; 1 when one was found. */
static int next_job(Db *db, int64_t *id, ImportKind *kind, char **path, char **name, char **format, int *skip,
                    char **actor, int64_t *actor_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, kind, path, file_name, format, skip_invalid, actor, actor_id"
                                   " FROM imports WHERE status = 'queued' AND path IS NOT NULL ORDER BY id LIMIT 1");
    if (!st || sqlite3_step(st) != SQLITE_ROW) {
        if (st)
            sqlite3_reset(st);
        return 0;
    }
    int ok;
    *id = sqlite3_column_int64(st, 0);
    *kind = import_kind_from_name((const char *)sqlite3_column_text(st, 1), &ok);
    *path = db_col_dup(st, 2);
    *name = db_col_dup(st, 3);
    *format = db_col_dup(st, 4);
    *skip = sqlite3_column_int(st, 5);
    *actor = db_col_dup(st, 6);
    *actor_id = sqlite3_column_int64(st, 7);
    sqlite3_reset(st);
    return 1;
}

static void *run(void *arg)
{
    (void)arg;
    char err[512];
    Db *db = db_open(db_path_copy, err, sizeof err);
    if (!db) {
        log_error("import runner: %s", err);
        return NULL;
    }
    db_exec(db, "UPDATE imports SET status = 'queued' WHERE status = 'running' AND path IS NOT NULL");
    time_t last_purge = 0, last_sweep = 0;
    /* external accounts no longer on an open case (decision 0016): hourly */
    int64_t grace_s = external_grace_days_parse(getenv("RISE_EXTERNAL_GRACE_DAYS")) * 86400;
    while (!stopping) {
        time_t now = time(NULL);
        if (now - last_sweep >= 3600) {
            SweepCounts n;
            if (external_accounts_sweep(db, (int64_t)now, grace_s, &n) != 0)
                log_warn("external accounts: the hourly check stopped on a database error");
            else if (n.noticed || n.disabled || n.cleared)
                log_info("external accounts: %zu told they will close, %zu no longer closing, %zu closed", n.noticed,
                         n.cleared, n.disabled);
            last_sweep = now;
        }
        if (now - last_purge >= 300) {
            session_purge(db, (int64_t)now, idle_limit, absolute_limit);
            throttle_purge(db, (int64_t)now - SIGNIN_FAILURE_MEMORY_SECONDS);
            last_purge = now;
        }
        int64_t id, actor_id;
        ImportKind kind;
        char *path, *name, *format, *actor;
        int skip;
        if (!next_job(db, &id, &kind, &path, &name, &format, &skip, &actor, &actor_id)) {
            pthread_mutex_lock(&lock);
            if (!woken && !stopping) {
                struct timespec until;
                clock_gettime(CLOCK_REALTIME, &until);
                until.tv_sec += 5;
                pthread_cond_timedwait(&wake, &lock, &until);
            }
            woken = 0;
            pthread_mutex_unlock(&lock);
            continue;
        }
        atomic_store(&current_percent, 0);
        atomic_store(&current_id, id);
        Actor a = {.user_id = actor_id, .label = actor, .ip = NULL};
        ImportOptions o = {.display_name = name,
                           .skip_invalid = skip,
                           .ofsted_format = ofsted_format_from_name(format),
                           .actor = &a,
                           .progress = on_progress,
                           .import_id = id,
                           .cancel = &stopping};
        ImportResult *res = xcalloc(1, sizeof *res);
        int rc = import_file(db, kind, path, &o, res);
        log_info("import %lld (%s, %s): %s", (long long)id, import_kind_name(kind), name,
                 rc == 0 ? "imported" : rc == 1 ? "rejected" : "failed");
        if (!stopping)
            unlink(path); /* a stopped import keeps its file, to run again at the next start */
        else if (rc != 0) {
            sqlite3_stmt *st = db_stmt(db, "UPDATE imports SET status = 'queued', message = 'waiting to run again'"
                                           " WHERE id = ?");
            if (st) {
                sqlite3_bind_int64(st, 1, id);
                sqlite3_step(st);
                sqlite3_reset(st);
            }
        }
        free(res);
        free(path);
        free(name);
        free(format);
        free(actor);
        atomic_store(&current_id, 0);
    }
    db_close(db);
    return NULL;
}

int jobs_start(const char *db_path, int64_t idle_timeout, int64_t absolute_timeout)
{
    idle_limit = idle_timeout;
    absolute_limit = absolute_timeout;
    free(db_path_copy);
    db_path_copy = xstrdup(db_path);
    snprintf(upload_dir, sizeof upload_dir, "%s.uploads", db_path);
    if (mkdir(upload_dir, 0700) != 0 && errno != EEXIST) {
        log_error("cannot create the upload folder %s: %s", upload_dir, strerror(errno));
        return -1;
    }
    stopping = 0;
    if (pthread_create(&thread, NULL, run, NULL) != 0)
        return -1;
    started = 1;
    return 0;
}

void jobs_wake(void)
{
    pthread_mutex_lock(&lock);
    woken = 1;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
}

void jobs_stop(void)
{
    if (!started)
        return;
    pthread_mutex_lock(&lock);
    stopping = 1;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(thread, NULL);
    started = 0;
    free(db_path_copy);
    db_path_copy = NULL;
}
