/*
 * test_casework_safeguards.c - the decision log's rules (domain/decisions.c):
 * conflicts of interest and their override, a new category awaiting
 * approval, escalations approved by the regional director, and the
 * rationale a task's decision keeps (issue 10, items 7, 8, 11 and 12).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/decisions.h"

#include <stdlib.h>
#include <string.h>

/* Issue 10 item 7: "A found conflict bars that adviser unless the regional
   director overrides it with a reason; every check stays on the record as
   its own entry." Recording "conflict found", then "no conflict" for the
   same adviser, must not clear them. */
static void a_conflict_found_is_not_cleared_by_a_later_check(void **state)
{
    (void)state;
    ConflictCheck log[] = {{.adviser = 7, .conflict = 1}, {.adviser = 7, .conflict = 0}};
    assert_int_equal(conflict_standing(log, 1, 7), CONFLICT_FOUND);
    assert_int_equal(conflict_standing(log, 2, 7), CONFLICT_FOUND);
    assert_false(conflict_any_clear(log, 2));
    assert_non_null(casework_allocate_refusal(TASK_COMPLETED, conflict_standing(log, 2, 7), "7"));
    /* another adviser is not affected */
    ConflictCheck two[] = {{.adviser = 7, .conflict = 1}, {.adviser = 8, .conflict = 0}};
    assert_int_equal(conflict_standing(two, 2, 8), CONFLICT_CLEAR);
    assert_true(conflict_any_clear(two, 2));
    assert_int_equal(conflict_standing(two, 2, 9), CONFLICT_UNCHECKED);
}

/* "... unless the regional director overrides it with a reason". */
static void only_an_approved_override_clears_a_conflict(void **state)
{
    (void)state;
    ConflictCheck log[] = {{.adviser = 7, .conflict = 1}, {.adviser = 7, .override = 1, .approval = "awaiting"}};
    assert_int_equal(conflict_standing(log, 2, 7), CONFLICT_OVERRIDE_AWAITING);
    assert_non_null(casework_allocate_refusal(TASK_COMPLETED, CONFLICT_OVERRIDE_AWAITING, "7"));
    log[1].approval = "rejected";
    assert_int_equal(conflict_standing(log, 2, 7), CONFLICT_FOUND);
    log[1].approval = "approved";
    assert_int_equal(conflict_standing(log, 2, 7), CONFLICT_CLEAR);
    assert_null(casework_allocate_refusal(TASK_COMPLETED, CONFLICT_CLEAR, "7"));
    /* a conflict found after the override bars them again */
    ConflictCheck again[] = {{.adviser = 7, .conflict = 1},
                             {.adviser = 7, .override = 1, .approval = "approved"},
                             {.adviser = 7, .conflict = 1}};
    assert_int_equal(conflict_standing(again, 3, 7), CONFLICT_FOUND);
    /* an override never clears an adviser with no conflict found */
    ConflictCheck stray[] = {{.adviser = 7, .override = 1, .approval = "approved"}};
    assert_int_equal(conflict_standing(stray, 1, 7), CONFLICT_UNCHECKED);
}

/* "No conflict" for a barred adviser is an override: it needs a reason,
   and one waits at a time; the director's approval needs a note too. */
static void an_override_needs_reasons(void **state)
{
    (void)state;
    assert_false(conflict_check_is_override(CONFLICT_UNCHECKED, 0));
    assert_false(conflict_check_is_override(CONFLICT_CLEAR, 0));
    assert_false(conflict_check_is_override(CONFLICT_FOUND, 1));
    assert_true(conflict_check_is_override(CONFLICT_FOUND, 0));
    assert_null(conflict_check_refusal(CONFLICT_UNCHECKED, 0, NULL));
    assert_null(conflict_check_refusal(CONFLICT_FOUND, 1, NULL));
    assert_non_null(conflict_check_refusal(CONFLICT_FOUND, 0, NULL));
    assert_non_null(conflict_check_refusal(CONFLICT_FOUND, 0, "  \n"));
    assert_null(conflict_check_refusal(CONFLICT_FOUND, 0, "Left the governing body in 2019"));
    assert_non_null(conflict_check_refusal(CONFLICT_OVERRIDE_AWAITING, 0, "Again"));
    assert_non_null(decision_approval_refusal("conflict-override", "approved", ""));
    assert_null(decision_approval_refusal("conflict-override", "approved", "No current link"));
    assert_null(decision_approval_refusal("category", "approved", ""));
    assert_non_null(decision_approval_refusal("category", "rejected", ""));
    assert_non_null(decision_approval_refusal("category", "maybe", "x"));
}

/* Allocation: only after the check task is completed, only a cleared adviser. */
static void allocation_needs_a_cleared_adviser(void **state)
{
    (void)state;
    assert_non_null(casework_allocate_refusal(TASK_IN_PROGRESS, CONFLICT_CLEAR, "7"));
    assert_non_null(casework_allocate_refusal(TASK_COMPLETED, CONFLICT_CLEAR, ""));
    assert_non_null(casework_allocate_refusal(TASK_COMPLETED, CONFLICT_UNCHECKED, "7"));
    assert_non_null(casework_allocate_refusal(TASK_COMPLETED, CONFLICT_FOUND, "7"));
    assert_null(casework_allocate_refusal(TASK_COMPLETED, CONFLICT_CLEAR, "7"));
}

/* Issue 10 item 8: "Until approved, the case keeps its approved category
   and stage; the pending one shows as awaiting approval." */
static void a_pending_category_keeps_the_case_where_it_is(void **state)
{
    (void)state;
    /* a confirmed category stays confirmed while a new one waits, or is rejected */
    assert_int_equal(category_identify_status(TASK_COMPLETED, "awaiting"), TASK_COMPLETED);
    assert_int_equal(category_identify_status(TASK_COMPLETED, "rejected"), TASK_COMPLETED);
    /* a case with no confirmed category waits for its first */
    assert_int_equal(category_identify_status(TASK_IN_PROGRESS, "awaiting"), TASK_IN_PROGRESS);
    assert_int_equal(category_identify_status(TASK_NOT_STARTED, "rejected"), TASK_IN_PROGRESS);
    /* approved: identified */
    assert_int_equal(category_identify_status(TASK_IN_PROGRESS, "approved"), TASK_COMPLETED);
    assert_int_equal(category_identify_status(TASK_COMPLETED, "approved"), TASK_COMPLETED);
    /* one new category at a time */
    assert_non_null(category_decision_refusal(1));
    assert_null(category_decision_refusal(0));
}

/* Issue 10 item 11 and DOMAIN.md section 4 (regional director: "approves
   ... escalations"): a warning notice or an interim executive board needs
   their approval; their own is approved as recorded. */
static void escalations_wait_for_the_regional_director(void **state)
{
    (void)state;
    assert_true(escalation_needs_approval(1, 0, 0));
    assert_true(escalation_needs_approval(0, 0, 1));
    assert_true(escalation_needs_approval(1, 1, 1));
    assert_false(escalation_needs_approval(0, 1, 0));
    assert_false(escalation_needs_approval(0, 0, 0));
    assert_string_equal(decision_approval_on_record(1, 0), "awaiting");
    assert_string_equal(decision_approval_on_record(1, 1), "approved");
    assert_null(decision_approval_on_record(0, 0));
    assert_null(decision_approval_on_record(0, 1));
}

/* Issue 10 item 12: "Reasons vanish from the decision log for the school's
   response, conflict checks and allocations, although they were entered." */
static void the_rationale_keeps_every_reason_entered(void **state)
{
    (void)state;
    const char *response[] = {"The governors want the help", NULL};
    char *r = decision_rationale(response, 2);
    assert_string_equal(r, "The governors want the help");
    free(r);
    const char *both[] = {"Declared no links", "  ", "Checked with the clerk"};
    r = decision_rationale(both, 3);
    assert_string_equal(r, "Declared no links\n\nChecked with the clerk");
    free(r);
    const char *none[] = {NULL, ""};
    assert_null(decision_rationale(none, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_conflict_found_is_not_cleared_by_a_later_check),
        cmocka_unit_test(only_an_approved_override_clears_a_conflict),
        cmocka_unit_test(an_override_needs_reasons),
        cmocka_unit_test(allocation_needs_a_cleared_adviser),
        cmocka_unit_test(a_pending_category_keeps_the_case_where_it_is),
        cmocka_unit_test(escalations_wait_for_the_regional_director),
        cmocka_unit_test(the_rationale_keeps_every_reason_entered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
