/*
 * audit.c - reading the audit trail: the whole trail, newest first, and the
 * history of one object (a user now; cases later). For administrators and
 * analysts.
 */
#include "core/date.h"
#include "store/screening.h"
#include "store/providers.h"
#include "web/govuk.h"
#include "web/pages/case_common.h"
#include "web/pages.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_PER_PAGE 50

/* "user.update" -> "Account changed" etc. Unknown actions show as they are. */
const char *audit_action_label(const char *a)
{
    static const struct {
        const char *action, *label;
    } L[] = {
        {"login", "Signed in"},
        {"login.failed", "Failed sign-in"},
        {"logout", "Signed out"},
        {"user.create", "Account created"},
        {"user.update", "Account changed"},
        {"user.password-reset", "Password reset"},
        {"user.disable", "Account disabled"},
        {"user.enable", "Account re-enabled"},
        {"user.two-factor.set-up", "Two-factor sign-in set up"},
        {"user.two-factor.reset", "Two-factor sign-in reset"},
        {"user.invited", "Invited to the service"},
        {"user.invitation-resent", "New invitation link sent"},
        {"user.invitation-accepted", "Invitation accepted"},
        {"user.expiry-notice", "Told their account will close"},
        {"user.expiry-notice-cleared", "Account no longer closing"},
        {"organisation.create", "Organisation added"},
        {"organisation.update", "Organisation changed"},
        {"organisation.status", "On or off the register"},
        {"organisation.capacity", "Capacity set"},
        {"organisation.check", "Due diligence check recorded"},
        {"organisation.contact", "Contact added"},
        {"organisation.conflict", "Conflict of interest declared"},
        {"organisation.conflict-removed", "Conflict of interest removed"},
        {"person.create", "Person added to the register"},
        {"person.update", "Person changed"},
        {"import", "File imported"},
        {"screening.open-case", "Case opened from screening"},
        {"screening.set-aside", "Set aside in screening"},
        {"case.open", "Case opened"},
        {"case.backdate", "Opening date changed"},
        {"case.task", "Task updated"},
        {"case.decision", "Decision recorded"},
        {"case.decision.approve", "Decision approved"},
        {"case.decision.reject", "Decision rejected"},
        {"case.assign", "Person assigned"},
        {"case.provider", "Supporting organisation proposed"},
        {"case.status", "Status changed"},
        {"case.closure", "Closure recorded"}, /* issue 15 item 6 */
        {"case.concern.raise", "Engagement concern raised"},
        {"case.concern.escalate", "Engagement concern escalated"},
        {"case.concern.resolve", "Engagement concern resolved"},
        {"case.contact.add", "Contact added"},
        {"case.contact.update", "Contact changed"},
        {"case.contact.remove", "Contact removed"},
        {"case.note.add", "Note added"},
        {"case.note.edit", "Note changed"},
        {"plan.save", "Plan draft saved"},
        {"plan.band", "Indicative funding band set"},
        {"plan.submit", "Plan submitted"},
        {"plan.sign", "Plan signed off"},
        {"plan.review", "Plan reviewed"},
        {"plan.return", "Plan returned with comments"},
        {"plan.approve", "Plan approved"},
        {"plan-programmes.load", "National programmes loaded"},
        /* issue 14: the grant itself (store/grants.c) and its ledger's moves (store/grant_ledger.c) */
        {"grant.prepare", "Grant offer prepared"},
        {"grant.issue", "Grant offer issued"},
        {"grant.accept", "Grant offer accepted"},
        {"grant.withdraw", "Grant offer withdrawn"},
        {"grant.progress", "Term's progress confirmed"},
        {"grant.offer", "Grant money offered"},
        {"grant.make-due", "Grant payment made due"},
        {"grant.withhold", "Grant payment withheld"},
        {"grant.release", "Grant payment released"},
        {"grant.pay", "Grant payment paid"},
        {"grant.cancel", "Grant payment cancelled"},
        {"grant.recover", "Grant money recovered"},
        {"grant.close", "Grant closed with its case"},
        /* payments (issue 14 item 6: store/payments.c) */
        {"payee.vendor", "Vendor account set"},
        {"payment_run.prepare", "Payment run prepared"},
        {"payment_run.approve", "Payment run approved"},
        {"payment_run.cancel", "Payment run cancelled"},
        {"payment_run.export", "Payment run exported"},
        {"payment_run.paid", "Payment run marked as paid"},
        {"cases.export", "Case list exported"},
        {"school-holiday.add", "School holiday added"},
        {"school-holiday.remove", "School holiday removed"},
        {"terms.set", "School term set"},
        {"review.open", "Progress review opened"},
        {"review.save", "Review saved as a draft"},
        {"review.submit", "Review submitted"},
        {"review.accept", "Review accepted"},
        {"review.return", "Review returned with comments"},
        {"review.missed", "Review missed"},
        {"recommendation.add", "Withholding recommended"},
        {"recommendation.confirm", "Withholding confirmed"},
        {"recommendation.dismiss", "Withholding recommendation dismissed"},
        {"programme.tasks", "Programme tasks loaded"},
        {"audit.guard-restored", "Audit trail protection restored"},
        /* issue 14, slice C: claims of days, budgets, returns and recovery */
        {"claim.submit", "Days claimed"},
        {"claim.approve", "Claim of days approved"},
        {"claim.reject", "Claim of days rejected"},
        {"claim.withdraw", "Claim of days withdrawn"},
        {"grant.days", "Grant for claimed days opened"},
        {"budget.set", "Budget set"},
        {"return.request", "Grant return asked for"},
        {"return.submit", "Grant return sent"},
        {"return.accept", "Grant return accepted"},
        {"return.return", "Grant return sent back"},
        {"recovery.request", "Recovery of grant money asked for"},
        {"recovery.progress", "Recovery in progress"},
        {"recovery.complete", "Grant money recovered"},
        {"recovery.cancel", "Recovery cancelled"},
        /* end of slice C */
    };
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (strcmp(L[i].action, a) == 0)
            return L[i].label;
    return a;
}

/* "Alex Morgan <alex@example.gov.uk>" as "Alex Morgan", the address
   beneath in smaller type; other labels ("demo set-up") as they are. */
void audit_person_html(Html *h, const char *label)
{
    const char *lt = label ? strrchr(label, '<') : NULL;
    size_t len = label ? strlen(label) : 0;
    if (!lt || lt == label || label[len - 1] != '>') {
        html_printf(h, "%s", label ? label : "");
        return;
    }
    size_t name_len = (size_t)(lt - label);
    while (name_len > 0 && label[name_len - 1] == ' ')
        name_len--;
    html_printf(h, "%.*s<br><span class=\"govuk-body-s rise-secondary-text\">%.*s</span>", (int)name_len, label,
                (int)(len - (size_t)(lt - label) - 2), lt + 1);
}

const char *audit_person_name(const char *label, char *out, size_t len)
{
    const char *lt = label ? strrchr(label, '<') : NULL;
    size_t n = label ? strlen(label) : 0;
    if (!lt || lt == label || label[n - 1] != '>')
        return label ? label : "";
    n = (size_t)(lt - label);
    while (n > 0 && label[n - 1] == ' ')
        n--;
    snprintf(out, len, "%.*s", (int)n, label);
    return out;
}

const char *person_name(const char *label)
{
    static _Thread_local char ring[8][200]; /* one request's thread: up to 8 names in one printf */
    static _Thread_local unsigned next;
    char *out = ring[next++ % 8];
    return audit_person_name(label, out, sizeof ring[0]);
}

/* A field's name as a heading word: "decided on" -> "Decided on". */
static const char *field_words(const char *field, char *out, size_t len)
{
    static const struct {
        const char *field, *words;
    } F[] = {{"subject", "School or trust"}, {"decision", "Decision number"}, {"type_name", "Type"},
             {"trust_uid", "Trust UID"},     {"trust_name", "Trust"},         {"ukprn", "UKPRN"}};
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++)
        if (field && strcmp(field, F[i].field) == 0)
            return F[i].words;
    snprintf(out, len, "%s", field ? field : "");
    for (char *c = out; *c; c++)
        if (*c == '_')
            *c = ' ';
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
    return out;
}

/* A value as people read it: role slugs and programme codes as their
   names, outcomes and categories in words, "school-108606" as the school's
   URN, ISO dates as GOV.UK dates, the first letter a capital. */
static const char *readable(const char *field, const char *v, char *out, size_t len)
{
    if (!v)
        return v;
    if (field && strcmp(field, "role") == 0 && role_from_slug(v) != ROLE_NONE)
        return role_label(role_from_slug(v));
    if (field && strcmp(field, "programme") == 0)
        return programme_label(v);
    if (field && (strcmp(field, "category") == 0 || strcmp(field, "suggested") == 0 || strcmp(field, "outcome") == 0)) {
        const char *o = outcome_label(v);
        if (o && strcmp(o, v) != 0)
            return o;
    }
    if (field && strcmp(field, "subject") == 0) {
        if (strncmp(v, "school-", 7) == 0)
            snprintf(out, len, "School, URN %s", v + 7);
        else if (strncmp(v, "trust-", 6) == 0)
            snprintf(out, len, "Trust, UID %s", v + 6);
        else
            snprintf(out, len, "%s", v);
        return out;
    }
    if (field && strcmp(field, "route") == 0)
        return strcmp(v, "exception") == 0 ? "Added by exception" : strcmp(v, "screening") == 0 ? "From screening" : v;
    if (field && strcmp(field, "approval") == 0 && strcmp(v, "awaiting") == 0)
        return "Awaiting the regional director's approval";
    Date d = strlen(v) == 10 ? date_parse(v, NULL) : DATE_NONE;
    if (d != DATE_NONE) {
        date_long(d, out, (int)len);
        return out;
    }
    snprintf(out, len, "%s", v);
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
    return out;
}

/* The field-level changes as a list: "Role: Adviser -> Administrator". */
void audit_changes_html(Html *h, const char *json)
{
    json_error_t err;
    json_t *arr = json_loads(json ? json : "[]", 0, &err);
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        json_decref(arr);
        return;
    }
    html_lit(h, "<ul class=\"govuk-list rise-audit-changes\">");
    size_t i;
    json_t *c;
    json_array_foreach(arr, i, c)
    {
        const char *field = json_string_value(json_object_get(c, "field"));
        const char *before = json_string_value(json_object_get(c, "before"));
        const char *after = json_string_value(json_object_get(c, "after"));
        if (!before && !after)
            continue; /* nothing before or after (a new account with no region): nothing was removed */
        char name[80], b[300], a[300];
        html_printf(h, "<li><strong>%s</strong>: ", field_words(field, name, sizeof name));
        if (before)
            html_printf(h, "<del>%s</del> &rarr; ", readable(field, before, b, sizeof b));
        html_printf(h, "%s</li>", after ? readable(field, after, a, sizeof a) : "(removed)");
    }
    html_lit(h, "</ul>");
    json_decref(arr);
}

/* A register entry (an organisations row) by name: "Supporting
   organisation: North Star" or "Person: Robin Example". */
static void register_entry_name(Db *db, const char *id, char *out, size_t outlen)
{
    Provider p;
    int64_t n = strtoll(id, NULL, 10);
    if (n > 0 && provider_get(db, n, &p) == 1) {
        snprintf(out, outlen, "%s: %s", p.is_person ? "Person" : "Supporting organisation", p.name);
        provider_free(&p);
    } else {
        snprintf(out, outlen, "Supporting organisation or person %s", id);
    }
}

/* What an entry is about, in words: "Account: Dana Officer", "Case 12". */
static void record_html(Html *h, Db *db, const AuditRow *a)
{
    static const struct {
        const char *type, *words;
    } T[] = {{"user", "Account"},  {"case", "Case"},     {"school", "School"},
             {"trust", "Trust"},   {"import", "Import"}, {"school-holiday", "School holiday"},
             {"programme", "Programme"}, {"organisation", "Supporting organisation or person"}};
    const char *words = a->object_type;
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (strcmp(a->object_type, T[i].type) == 0)
            words = T[i].words;
    char text[300];
    User u;
    int64_t uid = strcmp(a->object_type, "user") == 0 ? strtoll(a->object_id, NULL, 10) : 0;
    if (uid > 0 && user_get(db, uid, &u) == 1) {
        snprintf(text, sizeof text, "%s: %s", words, u.name);
        user_free(&u);
    } else if (strcmp(a->object_type, "school") == 0) {
        snprintf(text, sizeof text, "School, URN %s", a->object_id);
    } else if (strcmp(a->object_type, "trust") == 0) {
        snprintf(text, sizeof text, "Trust, UID %s", a->object_id);
    } else if (strcmp(a->object_type, "programme") == 0) {
        snprintf(text, sizeof text, "Programme: %s", programme_label(a->object_id));
    } else if (strcmp(a->object_type, "organisation") == 0) {
        register_entry_name(db, a->object_id, text, sizeof text);
    } else {
        snprintf(text, sizeof text, "%s %s", words, a->object_id);
    }
    html_printf(h, "<a class=\"govuk-link\" href=\"/history/%s/%s\">%s</a>", a->object_type, a->object_id, text);
}

static void trail_table(Html *h, Db *db, const AuditList *l, int show_object)
{
    GovukTableCell head[] = {{.text = "When"}, {.text = "Who"},     {.text = "What"},
                             {.text = "Changes"},    {.text = "Reason"},  {.text = "Record"}};
    /* a wide table scrolls on its own on a small screen, not the whole page */
    html_lit(h, "<div class=\"rise-table-scroll\" role=\"region\" aria-label=\"Audit entries\" tabindex=\"0\">");
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = show_object ? 6 : 5, .classes = "rise-audit-table"});
    for (size_t i = 0; i < l->n; i++) {
        const AuditRow *a = &l->rows[i];
        Html ch, obj, who;
        html_init(&ch);
        html_init(&obj);
        html_init(&who);
        audit_changes_html(&ch, a->changes);
        if (show_object)
            record_html(&obj, db, a);
        audit_person_html(&who, a->actor);
        char when[64];
        timestamp_long(a->at, when, sizeof when);
        GovukTableCell cells[] = {{.text = when},
                                  {.html = &who},
                                  {.text = audit_action_label(a->action)},
                                  {.html = &ch},
                                  {.text = a->reason ? a->reason : ""},
                                  {.html = &obj}};
        govuk_table_row(h, cells, show_object ? 6 : 5, 0);
        html_free(&ch);
        html_free(&obj);
        html_free(&who);
    }
    govuk_table_close(h);
    html_lit(h, "</div>");
}

/* GET /audit?before=ID : the newest entries of the whole trail. */
void page_audit_list(Req *r, Resp *w)
{
    int64_t before = strtoll(req_query(r, "before"), NULL, 10);
    AuditList l;
    if (audit_recent(r->db, before, AUDIT_PER_PAGE, &l) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Audit trail</h1>"
                 "<p class=\"govuk-body\">Every change made in the service, newest first: who made it, when, what"
                 " changed and the reason they gave. Entries cannot be changed or removed.</p>");
    if (l.n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">There is nothing in the audit trail yet.</p>");
    } else {
        trail_table(&h, r->db, &l, 1);
        char next[64];
        snprintf(next, sizeof next, "/audit?before=%lld", (long long)l.rows[l.n - 1].id);
        GovukPagination p = {.previous_href = before > 0 ? "/audit" : NULL,
                             .previous_text = "Newest",
                             .next_href = l.n == AUDIT_PER_PAGE && l.rows[l.n - 1].id > 1 ? next : NULL,
                             .next_text = "Older"};
        if (p.previous_href || p.next_href)
            govuk_pagination(&h, &p);
    }
    audit_list_free(&l);
    PageOpts o = {.title = "Audit trail", .nav = "audit"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* GET /history/{type}/{id} : everything that happened to one object. */
void page_history(Req *r, Resp *w)
{
    const char *type = req_param(r, 0), *id = req_param(r, 1);
    AuditList l;
    if (audit_for_object(r->db, type, id, 1000, &l) != 0) {
        page_error(r, w, 500);
        return;
    }
    if (l.n == 0) {
        audit_list_free(&l);
        page_error(r, w, 404);
        return;
    }
    char title[300];
    if (strcmp(type, "user") == 0) {
        User u;
        int64_t uid = strtoll(id, NULL, 10);
        if (uid > 0 && user_get(r->db, uid, &u) == 1) {
            snprintf(title, sizeof title, "History of %s's account", u.name);
            user_free(&u);
        } else {
            snprintf(title, sizeof title, "History of user %s", id);
        }
    } else if (strcmp(type, "organisation") == 0) {
        char name[200];
        register_entry_name(r->db, id, name, sizeof name);
        snprintf(title, sizeof title, "History of %s", name);
    } else {
        snprintf(title, sizeof title, "History of %s %s", type, id);
    }
    Html h, before;
    html_init(&h);
    html_init(&before);
    int user_page = strcmp(type, "user") == 0 && authorise(&r->who, PERM_USERS_MANAGE, NULL) == ACCESS_ALLOW;
    int org_page = strcmp(type, "organisation") == 0 && authorise(&r->who, PERM_PROVIDERS_READ, NULL) == ACCESS_ALLOW;
    if (user_page || org_page) {
        char back[64];
        snprintf(back, sizeof back, "/%s/%lld", user_page ? "users" : "providers", (long long)strtoll(id, NULL, 10));
        govuk_back_link(&before, &(GovukBackLink){.href = back});
    }
    html_printf(&h, "<h1 class=\"govuk-heading-l\">%s</h1>", title);
    trail_table(&h, r->db, &l, 0);
    audit_list_free(&l);
    PageOpts o = {.title = title, .nav = user_page ? "users" : org_page ? "providers" : "audit",
                  .before = user_page || org_page ? &before : NULL};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    html_free(&before);
}
