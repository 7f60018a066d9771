/*
 * pages.h - the page shell and every page handler. Each area of the service
 * has one file under src/web/pages/; the route table (routes.c) wires them
 * to URLs and permissions.
 */
#ifndef RISE_PAGES_H
#define RISE_PAGES_H

#include "web/http.h"

typedef struct PageOpts {
    const char *title;      /* the page's h1, also the start of <title> */
    int has_errors;         /* "Error: " goes before the title */
    const char *nav;        /* which navigation item is current: "home", "users", "audit" */
    const Html *before;     /* back link or breadcrumbs, above <main> */
} PageOpts;

/* Wraps content in the GOV.UK template (header, navigation, phase banner,
   footer) and makes it the response with the given status. */
void page_render(Req *r, Resp *w, int status, const PageOpts *o, const Html *content);
/* A page with a form: when errs has any, the title starts "Error: " and the
   status is 400 (the error summary is the page's to write). */
struct FormErrors;
void page_render_form(Req *r, Resp *w, PageOpts *o, const struct FormErrors *errs, const Html *content);
/* A GOV.UK-style error page: 400, 403, 404, 405, 413 or 500. */
void page_error(Req *r, Resp *w, int status);
/* Writes the success banner for a flash message, when there is one. */
void page_flash(Req *r, Html *h);

/* pages/admin.c: the administration areas, in the order the hub lists them */
typedef struct AdminArea {
    Perm perm;
    const char *href, *name, *nav, *what;
} AdminArea;
const AdminArea *admin_areas(size_t *n);
void page_admin(Req *r, Resp *w);
/* pages/outbox.c: the email outbox */
void page_outbox(Req *r, Resp *w);
void page_outbox_test(Req *r, Resp *w);
/* pages/home.c */
void page_home(Req *r, Resp *w);
void page_healthz(Req *r, Resp *w);
void page_asset(Req *r, Resp *w);
/* pages/info.c */
void page_accessibility(Req *r, Resp *w);
void page_cookies(Req *r, Resp *w);
void page_privacy(Req *r, Resp *w);
/* pages/login.c */
void page_login_form(Req *r, Resp *w);
void page_login_submit(Req *r, Resp *w);
void page_logout(Req *r, Resp *w);
/* Only a path on this site may be a place to go back to after signing in. */
const char *safe_next(const char *next);
/* In the caller's transaction: replaces the request's session with a new,
   fully signed-in one for u, stamps the sign-in and audits it (with how the
   second factor was given, or NULL). 0 on success. */
int login_session_start(Req *r, const User *u, const char *second_factor);
/* The same for a person half signed in: pending is "code" or "set-up" (a new
   secret is made for setting up). */
int login_half_start(Req *r, const User *u, const char *pending);
/* 303 to path, carrying next (when not "/") in its query. */
void login_redirect_with_next(Resp *w, const char *path, const char *next);

/* pages/two_factor.c */
void page_two_factor_form(Req *r, Resp *w);
void page_two_factor_submit(Req *r, Resp *w);
void page_two_factor_setup_form(Req *r, Resp *w);
void page_two_factor_setup_submit(Req *r, Resp *w);
void page_account_two_factor_form(Req *r, Resp *w);
void page_account_two_factor_submit(Req *r, Resp *w);
void page_user_two_factor_form(Req *r, Resp *w);
void page_user_two_factor_submit(Req *r, Resp *w);
/* pages/users.c */
void page_users_list(Req *r, Resp *w);
void page_user_new_form(Req *r, Resp *w);
void page_user_new_submit(Req *r, Resp *w);
void page_user_show(Req *r, Resp *w);
void page_user_edit_form(Req *r, Resp *w);
void page_user_edit_submit(Req *r, Resp *w);
void page_account_password_form(Req *r, Resp *w);
void page_account_password_submit(Req *r, Resp *w);
void page_account_emails_form(Req *r, Resp *w);
void page_account_emails_submit(Req *r, Resp *w);
/* pages/invitations.c: inviting people outside DfE (decision 0016) */
void page_invitations_list(Req *r, Resp *w);
void page_invitation_new_form(Req *r, Resp *w);
void page_invitation_new_submit(Req *r, Resp *w);
void page_invitation_resend(Req *r, Resp *w);
void page_invitation_link(Req *r, Resp *w);
void page_invitation_accept(Req *r, Resp *w);
/* pages/your_cases.c: what people outside DfE see of their cases */
void page_your_cases(Req *r, Resp *w);
void page_your_case(Req *r, Resp *w);
void page_your_case_answer_form(Req *r, Resp *w);
void page_your_case_answer_submit(Req *r, Resp *w);
/* pages/password_reset.c: a new password typed twice (a reset link, an
   invitation, changing one's own), never written back into the form */
void new_password_fields(Html *h, const struct FormErrors *errs, const char *label, const char *confirm_label);
/* The new password when it keeps the rules (domain/signin.h) and both
   boxes match; else NULL with the error recorded (mismatch: the message
   when they differ). */
const char *new_password_read(Req *r, struct FormErrors *errs, const char *mismatch);
void page_password_reset_form(Req *r, Resp *w);
void page_password_reset_submit(Req *r, Resp *w);
void page_password_reset_link(Req *r, Resp *w);
void page_password_reset_set(Req *r, Resp *w);
void page_user_password_form(Req *r, Resp *w);
void page_user_password_submit(Req *r, Resp *w);
void page_user_status_form(Req *r, Resp *w);
void page_user_status_submit(Req *r, Resp *w);
/* pages/imports.c */
void page_imports_list(Req *r, Resp *w);
void page_import_new_form(Req *r, Resp *w);
void page_import_new_submit(Req *r, Resp *w);
void page_import_show(Req *r, Resp *w);
/* pages/audit.c */
void page_audit_list(Req *r, Resp *w);
void page_history(Req *r, Resp *w);
/* An audit action as people read it ("case.task" -> "Task updated"). */
const char *audit_action_label(const char *action);
/* An audit row's field-level changes (its JSON) as a list. */
void audit_changes_html(Html *h, const char *json);
/* A person as the audit trail names them ("Name <email>"): the name, the address beneath. */
void audit_person_html(Html *h, const char *label);
/* Just the name of such a label, in out (or the label itself when it names no address). */
const char *audit_person_name(const char *label, char *out, size_t len);
/* The same, for use straight in a printf (a small per-thread ring of buffers). */
const char *person_name(const char *label);

/* pages/schools.c: reference data (schools, trusts) */
void page_schools_search(Req *r, Resp *w);
void page_school_show(Req *r, Resp *w);
void page_trust_show(Req *r, Resp *w);

/* pages/screening.c: the screening queue and its decisions */
void page_screening_home(Req *r, Resp *w);
void page_screening_queue(Req *r, Resp *w);
void page_screening_item(Req *r, Resp *w);
void page_screening_decide(Req *r, Resp *w);
void page_screening_exception_form(Req *r, Resp *w);
void page_screening_exception_submit(Req *r, Resp *w);

/* pages/case_lists.c: all cases, the CSV export (and the home page's lists) */
void page_cases_list(Req *r, Resp *w);
void page_cases_export(Req *r, Resp *w);

/* pages/cases.c: a case, its tasks, decisions, people, status, timeline */
void page_case_show(Req *r, Resp *w);
void page_case_watch(Req *r, Resp *w);
void page_case_task_form(Req *r, Resp *w);
void page_case_task_submit(Req *r, Resp *w);
void page_case_decisions(Req *r, Resp *w);
void page_case_decision_show(Req *r, Resp *w);
void page_case_decision_approve(Req *r, Resp *w);
void page_case_people_form(Req *r, Resp *w);
void page_case_people_submit(Req *r, Resp *w);
void page_case_status_form(Req *r, Resp *w);
void page_case_status_submit(Req *r, Resp *w);
void page_case_close_form(Req *r, Resp *w);   /* pages/case_close.c */
void page_case_close_submit(Req *r, Resp *w);
void page_case_timeline(Req *r, Resp *w);

/* pages/case_records.c: engagement concerns, contacts, notes */
void page_case_concerns(Req *r, Resp *w);
void page_case_concern_new_form(Req *r, Resp *w);
void page_case_concern_new_submit(Req *r, Resp *w);
void page_case_concern_escalate_form(Req *r, Resp *w);
void page_case_concern_escalate_submit(Req *r, Resp *w);
void page_case_concern_resolve_form(Req *r, Resp *w);
void page_case_concern_resolve_submit(Req *r, Resp *w);
void page_case_contacts(Req *r, Resp *w);
void page_case_contact_new_form(Req *r, Resp *w);
void page_case_contact_new_submit(Req *r, Resp *w);
void page_case_contact_edit_form(Req *r, Resp *w);
void page_case_contact_edit_submit(Req *r, Resp *w);
void page_case_notes(Req *r, Resp *w);
void page_case_note_add(Req *r, Resp *w);
void page_case_note_edit_form(Req *r, Resp *w);
void page_case_note_edit_submit(Req *r, Resp *w);
/* commissioning on a case (case_matching.c) and a region's batch (matching_batch.c) */
void page_case_matching(Req *r, Resp *w);
void page_case_matching_propose(Req *r, Resp *w);
void page_case_matching_provider_answer(Req *r, Resp *w);
void page_case_matching_school_answer(Req *r, Resp *w);
void page_case_matching_withdraw(Req *r, Resp *w);
void page_case_matching_appoint(Req *r, Resp *w);
void page_matching_batch(Req *r, Resp *w);
void page_matching_batch_submit(Req *r, Resp *w);
/* pages/reviews.c: termly reviews and monitoring (issue 15) */
void page_case_monitoring(Req *r, Resp *w);
void page_case_progress_review(Req *r, Resp *w);
void page_case_recommendation(Req *r, Resp *w);
void page_reviews_due(Req *r, Resp *w);
void page_review(Req *r, Resp *w);
void page_review_edit(Req *r, Resp *w);
void page_review_save(Req *r, Resp *w);
void page_review_decision_form(Req *r, Resp *w);
void page_review_decision(Req *r, Resp *w);
struct Case;
/* The case's reviews on the external reader's case page. */
void reviews_your_case_section(Req *r, Html *h, const struct Case *c);
/* pages/terms.c: school terms (issue 15) */
void page_terms(Req *r, Resp *w);
void page_terms_set(Req *r, Resp *w);
/* pages/plan_edit.c */
void page_plan_edit_form(Req *r, Resp *w);
void page_plan_edit_submit(Req *r, Resp *w);
/* pages/plan_edit_actions.c: a draft's actions and objectives */
void page_plan_action_new_form(Req *r, Resp *w);
void page_plan_action_new_submit(Req *r, Resp *w);
void page_plan_action_form(Req *r, Resp *w);
void page_plan_action_submit(Req *r, Resp *w);
void page_plan_action_remove(Req *r, Resp *w);
void page_plan_objective_new_form(Req *r, Resp *w);
void page_plan_objective_new_submit(Req *r, Resp *w);
void page_plan_objective_form(Req *r, Resp *w);
void page_plan_objective_submit(Req *r, Resp *w);
void page_plan_objective_remove(Req *r, Resp *w);
void page_your_case_provider_answer(Req *r, Resp *w);
void page_your_case_match_answer(Req *r, Resp *w);

/* pages/grants.c: the grant itself (issue 14; grant_common.h lists the routes) */
void page_case_grants(Req *r, Resp *w);
void page_case_grants_planning(Req *r, Resp *w);
void page_grants_list(Req *r, Resp *w);
void page_grant(Req *r, Resp *w);
void page_grant_letter(Req *r, Resp *w);
void page_grant_issue_form(Req *r, Resp *w);
void page_grant_issue(Req *r, Resp *w);
void page_grant_accept_form(Req *r, Resp *w);
void page_grant_accept(Req *r, Resp *w);
void page_grant_withdraw_form(Req *r, Resp *w);
void page_grant_withdraw(Req *r, Resp *w);
void page_grant_line_form(Req *r, Resp *w);
void page_grant_line(Req *r, Resp *w);

/* pages/plans.c: a case's plan, its sign-off, review, decision and versions (issue 13) */
void page_plan(Req *r, Resp *w);
void page_plan_band(Req *r, Resp *w);
void page_plan_submit_form(Req *r, Resp *w);
void page_plan_submit(Req *r, Resp *w);
void page_plan_sign_form(Req *r, Resp *w);
void page_plan_sign(Req *r, Resp *w);
void page_plan_review_form(Req *r, Resp *w);
void page_plan_review(Req *r, Resp *w);
void page_plan_decision_form(Req *r, Resp *w);
void page_plan_decision(Req *r, Resp *w);
void page_plan_compare(Req *r, Resp *w);
void page_plan_version(Req *r, Resp *w);
void page_plan_version_pdf(Req *r, Resp *w);

/* pages/providers.c: the register of supporting organisations (issue 12) */
void page_providers_list(Req *r, Resp *w);
void page_provider_new_form(Req *r, Resp *w);
void page_provider_new_submit(Req *r, Resp *w);
void page_provider_show(Req *r, Resp *w);
void page_provider_edit_form(Req *r, Resp *w);
void page_provider_edit_submit(Req *r, Resp *w);
void page_provider_status_form(Req *r, Resp *w);
void page_provider_status_submit(Req *r, Resp *w);
/* pages/provider_records.c: an entry's checks, capacity, contacts and conflicts */
void page_provider_check_form(Req *r, Resp *w);
void page_provider_check_submit(Req *r, Resp *w);
void page_provider_capacity_form(Req *r, Resp *w);
void page_provider_capacity_submit(Req *r, Resp *w);
void page_provider_contact_form(Req *r, Resp *w);
void page_provider_contact_submit(Req *r, Resp *w);
void page_provider_conflict_form(Req *r, Resp *w);
void page_provider_conflict_submit(Req *r, Resp *w);
void page_provider_conflict_remove(Req *r, Resp *w);
/* pages/provider_import.c: uploading a capacity survey */
void page_provider_import_form(Req *r, Resp *w);
void page_provider_import_submit(Req *r, Resp *w);
/* pages/people.c: the register of people */
void page_people_list(Req *r, Resp *w);
void page_person_new_form(Req *r, Resp *w);
void page_person_new_submit(Req *r, Resp *w);
void page_person_show(Req *r, Resp *w);
void page_person_edit_form(Req *r, Resp *w);
void page_person_edit_submit(Req *r, Resp *w);

/* pages/settings.c: programme settings (school holidays, programme tasks) */
void page_holidays(Req *r, Resp *w);
void page_holiday_add(Req *r, Resp *w);
void page_holiday_remove(Req *r, Resp *w);
void page_programmes(Req *r, Resp *w);

/* ---- issue 14, slice C: claims of days, budgets, returns and recovery ---- */
/* pages/claims.c */
void page_claim_new_form(Req *r, Resp *w);
void page_claim_new_submit(Req *r, Resp *w);
void page_claims_list(Req *r, Resp *w);
void page_claim_show(Req *r, Resp *w);
void page_claim_decide(Req *r, Resp *w);
void page_claim_withdraw(Req *r, Resp *w);
/* pages/budgets.c */
void page_budgets(Req *r, Resp *w);
void page_budget_edit_form(Req *r, Resp *w);
void page_budget_edit_submit(Req *r, Resp *w);
/* pages/grant_returns.c */
void page_return_new_form(Req *r, Resp *w);
void page_return_new_submit(Req *r, Resp *w);
void page_return_show(Req *r, Resp *w);
void page_return_submit(Req *r, Resp *w);
void page_return_check(Req *r, Resp *w);
void page_recovery_new_form(Req *r, Resp *w);
void page_recovery_new_submit(Req *r, Resp *w);
void page_recovery_show(Req *r, Resp *w);
void page_recovery_update(Req *r, Resp *w);
/* ---- end of slice C ---- */
/* pages/payments.c and pages/payees.c: payment runs and payees' vendor accounts (issue 14 item 6) */
void page_payments(Req *r, Resp *w);
void page_payment_run_prepare(Req *r, Resp *w);
void page_payment_run(Req *r, Resp *w);
void page_payment_run_approve(Req *r, Resp *w);
void page_payment_run_export(Req *r, Resp *w);
void page_payment_run_paid(Req *r, Resp *w);
void page_payment_run_cancel(Req *r, Resp *w);
void page_payees(Req *r, Resp *w);
void page_payee(Req *r, Resp *w);
void page_payee_vendor(Req *r, Resp *w);

#endif
