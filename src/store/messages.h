/*
 * messages.h - the emails that case work causes (issue 11, item 3): a task
 * assigned to you, an approval waiting for you, your approval request
 * decided. Each queues one outbox row inside the caller's transaction, so
 * the email exists exactly when the change does. Nobody is emailed about
 * their own action. See docs/decisions/0015-first-messages.md.
 */
#ifndef RISE_STORE_MESSAGES_H
#define RISE_STORE_MESSAGES_H

#include "store/audit.h"
#include "store/db.h"

#include <stdint.h>
#include <stddef.h>

/* The service's address, from serve --base-url, used to make absolute links
   in emails; NULL (the default) leaves them as paths. Call once at start. */
void messages_set_base_url(const char *url);
/* That address without a trailing slash, or "" when not known. */
const char *messages_base_url(void);

/* "task-assigned": user_id now owns a task (title, at /cases/ID/tasks/code)
   or is the case's delivery officer or adviser (code NULL, title the role).
   0 queued or nothing to do, -1 error. */
int message_task_assigned(Db *db, const Actor *actor, int64_t user_id, int64_t case_id, const char *code,
                          const char *title);

/* "approval-waiting": decision_id was recorded awaiting approval; each active
   regional director of the case's region is told. */
int message_approval_waiting(Db *db, const Actor *actor, int64_t case_id, int64_t decision_id);

/* "approval-decided": the person who recorded decision_id is told it was
   approved or rejected (approval), with the note. */
int message_approval_decided(Db *db, const Actor *actor, int64_t case_id, int64_t decision_id,
                             const char *approval, const char *note);

/* "school-answered": the school (or its responsible body) gave its answer
   to the offer of support in the service (outcome in words); the case's
   delivery officer is told. */
int message_school_answered(Db *db, const Actor *actor, int64_t case_id, int64_t delivery_officer_id,
                            const char *outcome);

/* "match-step": a step of commissioning on the case (issue 12): what
   happened or what is asked of the person, and the page to act on (path). */
int message_match_step(Db *db, const Actor *actor, int64_t user_id, int64_t case_id, const char *what,
                       const char *path);
/* The same with another template: "plan-step" (issue 13), a hand-over of
   the case's plan. */
int message_case_step(Db *db, const Actor *actor, const char *template_key, int64_t user_id, int64_t case_id,
                      const char *what, const char *path);

/* The same with a file attached as GOV.UK Notify's file personalisation
   under file_key: {"file": base64, "filename", "confirm_email_before_download":
   true, "retention_period": "26 weeks"} (issue 14: "grant-offer", the letter). */
int message_case_step_file(Db *db, const Actor *actor, const char *template_key, int64_t user_id, int64_t case_id,
                           const char *what, const char *path, const char *file_key, const unsigned char *file,
                           size_t file_len, const char *filename);

#endif
