/*
 * audit.c - reading the audit trail: the whole trail, newest first, and the
 * history of one object (a user now; cases later). For administrators and
 * analysts.
 */
#include "core/date.h"
#include "web/govuk.h"
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
        {"import", "File imported"},
        {"screening.open-case", "Case opened from screening"},
        {"screening.set-aside", "Set aside in screening"},
        {"case.open", "Case opened"},
        {"case.task", "Task updated"},
        {"case.decision", "Decision recorded"},
        {"case.decision.approve", "Decision approved"},
        {"case.decision.reject", "Decision rejected"},
        {"case.assign", "Person assigned"},
        {"case.status", "Status changed"},
        {"case.concern.raise", "Engagement concern raised"},
        {"case.concern.escalate", "Engagement concern escalated"},
        {"case.concern.resolve", "Engagement concern resolved"},
        {"case.contact.add", "Contact added"},
        {"case.contact.update", "Contact changed"},
        {"case.contact.remove", "Contact removed"},
        {"case.note.add", "Note added"},
        {"case.note.edit", "Note changed"},
        {"cases.export", "Case list exported"},
        {"school-holiday.add", "School holiday added"},
        {"school-holiday.remove", "School holiday removed"},
        {"programme.tasks", "Programme tasks loaded"},
        {"audit.guard-restored", "Audit trail protection restored"},
    };
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (strcmp(L[i].action, a) == 0)
            return L[i].label;
    return a;
}

/* A value as people read it: role slugs as their labels. */
static const char *readable(const char *field, const char *v)
{
    if (v && field && strcmp(field, "role") == 0 && role_from_slug(v) != ROLE_NONE)
        return role_label(role_from_slug(v));
    return v;
}

/* The field-level changes as a list: "role: Adviser -> Administrator". */
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
        html_printf(h, "<li><strong>%s</strong>: ", field ? field : "");
        if (before)
            html_printf(h, "<del>%s</del> &rarr; ", readable(field, before));
        html_printf(h, "%s</li>", after ? readable(field, after) : "(removed)");
    }
    html_lit(h, "</ul>");
    json_decref(arr);
}

static void trail_table(Html *h, const AuditList *l, int show_object)
{
    GovukTableCell head[] = {{.text = "When"}, {.text = "Who"},     {.text = "What"},
                             {.text = "Changes"},    {.text = "Reason"},  {.text = "Record"}};
    /* a wide table scrolls on its own on a small screen, not the whole page */
    html_lit(h, "<div class=\"rise-table-scroll\" role=\"region\" aria-label=\"Audit entries\" tabindex=\"0\">");
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = show_object ? 6 : 5, .classes = "rise-audit-table"});
    for (size_t i = 0; i < l->n; i++) {
        const AuditRow *a = &l->rows[i];
        Html ch, obj;
        html_init(&ch);
        html_init(&obj);
        audit_changes_html(&ch, a->changes);
        if (show_object)
            html_printf(&obj, "<a class=\"govuk-link\" href=\"/history/%s/%s\">%s %s</a>", a->object_type,
                        a->object_id, a->object_type, a->object_id);
        char when[64];
        timestamp_long(a->at, when, sizeof when);
        GovukTableCell cells[] = {{.text = when},
                                  {.text = a->actor},
                                  {.text = audit_action_label(a->action)},
                                  {.html = &ch},
                                  {.text = a->reason ? a->reason : ""},
                                  {.html = &obj}};
        govuk_table_row(h, cells, show_object ? 6 : 5, 0);
        html_free(&ch);
        html_free(&obj);
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
        trail_table(&h, &l, 1);
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
    char title[160];
    if (strcmp(type, "user") == 0) {
        User u;
        int64_t uid = strtoll(id, NULL, 10);
        if (uid > 0 && user_get(r->db, uid, &u) == 1) {
            snprintf(title, sizeof title, "History of %s's account", u.name);
            user_free(&u);
        } else {
            snprintf(title, sizeof title, "History of user %s", id);
        }
    } else {
        snprintf(title, sizeof title, "History of %s %s", type, id);
    }
    Html h, before;
    html_init(&h);
    html_init(&before);
    int user_page = strcmp(type, "user") == 0 && authorise(&r->who, PERM_USERS_MANAGE, NULL) == ACCESS_ALLOW;
    if (user_page) {
        char back[64];
        snprintf(back, sizeof back, "/users/%lld", (long long)strtoll(id, NULL, 10));
        govuk_back_link(&before, &(GovukBackLink){.href = back});
    }
    html_printf(&h, "<h1 class=\"govuk-heading-l\">%s</h1>", title);
    trail_table(&h, &l, 0);
    audit_list_free(&l);
    PageOpts o = {.title = title, .nav = user_page ? "users" : "audit", .before = user_page ? &before : NULL};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
    html_free(&before);
}
