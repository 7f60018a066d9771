/*
 * task_templates.h - each programme's stages and tasks, as data an
 * administrator changes without code (issue 5: "a new programme year is
 * configuration, not code").
 *
 * The rows of task_templates (migration 6) are exported as a JSON array,
 * edited, and loaded back. Loading checks the whole file before it writes
 * anything, replaces the tasks of every programme the file names in one
 * transaction, audits each programme, and brings open cases up to date
 * (new tasks, new due dates) with cases_refresh_all().
 */
#ifndef RISE_TASK_TEMPLATES_H
#define RISE_TASK_TEMPLATES_H

#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* One row of task_templates. Text columns are NULL when SQL NULL;
   due_days is 0 when there is no timeframe. */
typedef struct ProgrammeTask {
    char *programme, *code, *stage, *title, *hint, *role, *kind, *fields, *after, *when_rule, *due_unit,
        *timeframe;
    int position, due_days, later;
} ProgrammeTask;

typedef struct ProgrammeTaskList {
    ProgrammeTask *items;
    size_t n;
} ProgrammeTaskList;

/* The tasks of one programme (NULL: every programme), ordered by programme
   then position. 0, or -1 on a database error. */
int task_templates_list(Db *db, const char *programme, ProgrammeTaskList *out);
void programme_task_list_free(ProgrammeTaskList *l);

/*
 * The tasks as an indented JSON array of objects with the keys, in this
 * order: programme, code, position, stage, title, hint, role, kind, fields
 * (an array), after, when_rule, due_days, due_unit, timeframe, later; NULL
 * columns are null. Ordered by programme, position. *json_out is the
 * caller's to free. Returns the number of tasks (0: none, and "[]"), or -1
 * on a database error.
 */
int task_templates_export(Db *db, const char *programme /* NULL: all */, char **json_out);

/* What a load did, for the command line's summary. */
typedef struct TaskTemplatesLoaded {
    size_t tasks;           /* rows written */
    size_t programmes;      /* programmes replaced */
    char names[512];        /* their codes, "rise, rise-2026-27" */
    int64_t open_cases;     /* open cases of those programmes brought up to date */
} TaskTemplatesLoaded;

/*
 * Loads json_text (the export's format) after validating all of it: on any
 * problem returns -1 with a sentence in err naming the item (1-based index,
 * programme/code) and the field, and writes nothing. The rules:
 *   - programme and code: [a-z0-9-]+; code unique within the programme;
 *     position an integer >= 1, unique within the programme;
 *   - stage and title non-empty; role a role slug; kind identify, record,
 *     response, conflict, allocate, propose, provider-confirm,
 *     school-confirm, due-diligence, appoint, diagnosis or later (the
 *     matching kinds are done by the matching pages, store/matching.h);
 *   - fields: objects with name [a-z_]+ (unique), label, type date | text |
 *     textarea | choice | adviser, optional required (0/1 or a boolean) and
 *     hint, and for a choice at least two [value, text] options;
 *     record/response/conflict/allocate have a date field "on"; a response a
 *     choice "outcome" with the values accepted and declined; a conflict
 *     check an adviser field "adviser" and a choice "conflict" with the
 *     values no and yes; an allocation an adviser field "adviser"; due
 *     diligence a date "on"; a diagnosis a choice "path" with the values
 *     match and review;
 *   - after: null or comma-separated codes of the same programme at earlier
 *     positions; when_rule null, diocese, school,
 *     matching or review; due_days null or 1..400
 *     with due_unit working or school (both or neither); later 0/1, and
 *     kind "later" exactly when later is 1;
 *   - each programme has exactly one identify task, coded "identify", at
 *     its lowest position (the store completes it by that code when a case
 *     opens); a programme with an allocate task has a conflict task coded
 *     "conflict-check" (the allocation looks the check up by that code).
 * Then, in one transaction, for each programme in the file: its rows are
 * replaced; a code the file drops is refused while any case has recorded it
 * (in progress, completed, or marked not needed by someone), otherwise its
 * untouched case rows are deleted; a task some case has recorded cannot
 * become a later step; one audit row "programme.tasks" per programme (the
 * task count before and after, each code added or removed, each changed
 * column); then every open case is refreshed. 0 on success.
 * task_templates_load_report() also fills *done (may be NULL).
 */
int task_templates_load(Db *db, const Actor *actor, const char *json_text, char *err, size_t errlen);
int task_templates_load_report(Db *db, const Actor *actor, const char *json_text, TaskTemplatesLoaded *done,
                               char *err, size_t errlen);

#endif
