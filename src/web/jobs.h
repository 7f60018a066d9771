/*
 * jobs.h - background jobs: imports uploaded through the web pages run on a
 * thread of their own, never on a request thread. The upload handler queues
 * an imports row and wakes the runner; the status page reads the progress.
 */
#ifndef RISE_JOBS_H
#define RISE_JOBS_H

#include <stdint.h>

/* Starts the runner for the database at db_path. It also purges sessions
   past their idle or absolute timeout every few minutes. 0 on success. */
int jobs_start(const char *db_path, int64_t idle_timeout, int64_t absolute_timeout);
/* A job was queued: look now rather than at the next poll. */
void jobs_wake(void);
/* Asks a running import to stop (it writes nothing) and waits for the runner. */
void jobs_stop(void);
/* The running import's id and percentage done; 0 when none is running. */
int64_t jobs_current(int *percent);
/* The folder uploads are streamed into ("<database>.uploads"). */
const char *jobs_upload_dir(void);

#endif
