/*
 * home.c - the signed-in home page, the health check and the embedded assets.
 */
#include "domain/workdays.h"
#include "core/date.h"
#include "domain/plans.h"
#include "store/casework.h"
#include "store/grant_work.h"
#include "store/organisations.h"
#include "store/plans.h"
#include "web/assets.h"
#include "web/govuk.h"
#include "web/pages.h"
#include "web/pages/case_common.h"

#include <stdio.h>
#include <string.h>

/* How far ahead "due soon" looks, in working days. */
#define DUE_SOON_DAYS 5
/* Rows in each list on the home page. */
#define HOME_ROWS 10

/* Plans waiting for this person's review or approval (issue 13), overdue first. */
static void home_plans(Req *r, Html *h, const char *today)
{
    PlanWaitingList l;
    const char *role = role_slug(r->who.role);
    if (!role || plans_waiting(r->db, role, r->who.region, HOME_ROWS, &l) != 0 || l.n == 0) {
        if (role && (r->who.role == ROLE_DELIVERY_PARTNER || r->who.role == ROLE_GRANT_TEAM ||
                     r->who.role == ROLE_REGIONAL_DIRECTOR))
            html_lit(h, "<h2 class=\"govuk-heading-m\">Plans waiting for you</h2><p class=\"govuk-body\">No plan is"
                        " waiting for your review or approval.</p>");
        return;
    }
    html_lit(h, "<h2 class=\"govuk-heading-m\">Plans waiting for you</h2><table class=\"govuk-table\">"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">School or trust</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Plan</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Waiting for</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Due</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < l.n; i++) {
        const PlanWaiting *p = &l.items[i];
        char href[96], due[40] = "No date";
        snprintf(href, sizeof href, "/plans/%lld/%s", (long long)p->case_id,
                 strcmp(p->status, PLAN_APPROVAL) == 0 ? "decision" : "review");
        if (p->due_on)
            case_long_date(p->due_on, due, sizeof due);
        html_printf(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\""
                       " href=\"%s\">%s</a></td><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s"
                       "</td><td class=\"govuk-table__cell\">%s",
                    href, p->school, plan_kind_label(p->kind),
                    strcmp(p->status, PLAN_APPROVAL) == 0 ? "Your approval" : "Your review", due);
        if (p->due_on && strcmp(p->due_on, today) < 0)
            govuk_tag(h, &(GovukTag){.text = "Overdue", .classes = "govuk-tag--red"});
        html_lit(h, "</td></tr>");
    }
    html_lit(h, "</tbody></table>");
    plan_waiting_list_free(&l);
}

/* One list of the grant team's work: a heading with the count, a table of
   the first rows, and a sentence when there is nothing. */
typedef struct WorkTable {
    const char *heading, *none, *more_href, *more_text;
    const char *cols[4]; /* the column after the first two: who is paid, amount, date */
} WorkTable;

static void work_table(Html *h, const WorkTable *t, const GrantWorkList *l, const char *kind, const char *today,
                       int64_t me)
{
    if (l->total)
        html_printf(h, "<h2 class=\"govuk-heading-m\">%s (%lld)</h2>", t->heading, (long long)l->total);
    else
        html_printf(h, "<h2 class=\"govuk-heading-m\">%s</h2>", t->heading);
    if (l->total == 0) {
        html_printf(h, "<p class=\"govuk-body\">%s</p>", t->none);
        return;
    }
    html_lit(h, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
    for (int c = 0; c < 4; c++)
        html_printf(h, "<th scope=\"col\" class=\"govuk-table__header%s\">%s</th>",
                    c == 2 ? " govuk-table__header--numeric" : "", t->cols[c]);
    html_lit(h, "</tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < l->n; i++) {
        const GrantWorkItem *it = &l->items[i];
        char href[80], money[32], on[40] = "", day[11] = "";
        if (strcmp(kind, "run") == 0)
            snprintf(href, sizeof href, "/payments/runs/%lld", (long long)it->id);
        else
            snprintf(href, sizeof href, "/%s/%lld", strcmp(kind, "claim") == 0 ? "claims" : "grants",
                     (long long)it->id);
        plan_money(it->amount, money, sizeof money);
        if (it->on) { /* a day, or the day of a timestamp */
            snprintf(day, sizeof day, "%.10s", it->on);
            case_long_date(day, on, sizeof on);
        }
        char run[40];
        snprintf(run, sizeof run, "Payment run %lld", (long long)it->id);
        html_printf(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\""
                       " href=\"%s\">%s</a>",
                    href, it->school ? it->school : run);
        html_printf(h, "<br><span class=\"govuk-body-s\">%s</span></td><td class=\"govuk-table__cell\">%s</td>"
                       "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
                       "<td class=\"govuk-table__cell\">%s ",
                    it->what ? it->what : "",
                    !it->payee ? "" : strcmp(kind, "run") == 0 ? person_name(it->payee) : it->payee, money, on);
        if (strcmp(kind, "payment") == 0) {
            if (it->state && strcmp(it->state, "scheduled") == 0)
                govuk_tag(h, &(GovukTag){.text = "Waiting for progress or acceptance", .classes = "govuk-tag--grey"});
            else if (it->run_id)
                govuk_tag(h, &(GovukTag){.text = "In a payment run", .classes = "govuk-tag--blue"});
            else if (day[0] && strcmp(day, today) < 0)
                govuk_tag(h, &(GovukTag){.text = "Due", .classes = "govuk-tag--red"});
            else
                govuk_tag(h, &(GovukTag){.text = "Due", .classes = "govuk-tag--yellow"});
        } else if (strcmp(kind, "run") == 0 && it->state) {
            char mine[24];
            snprintf(mine, sizeof mine, "%lld", (long long)me);
            if (strcmp(it->state, mine) == 0)
                html_lit(h, "<span class=\"govuk-body-s\">You prepared it: another member of the team approves it"
                            "</span>");
        }
        html_lit(h, "</td></tr>");
    }
    html_lit(h, "</tbody></table>");
    if (l->total > (int64_t)l->n && t->more_href)
        html_printf(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">%s</a></p>", t->more_href,
                    t->more_text);
}

/* The grant team's work (issue 14 item 10): who is owed what, now and this week. */
static void home_grants(Req *r, Html *h, const char *today)
{
    char week_end[11];
    date_iso(date_parse(today, NULL) + 6, week_end);
    GrantWork w;
    if (grant_work(r->db, week_end, HOME_ROWS, &w) != 0) {
        html_lit(h, "<p class=\"govuk-body\">The grant team's work could not be loaded. Try again.</p>");
        return;
    }
    static const WorkTable PAY = {"Payments due this week", "Nothing is due to be paid in the next seven days.",
                                  "/payments", "Everything due, by payee",
                                  {"School or trust", "Paid to", "Amount", "Due"}};
    static const WorkTable CLAIMS = {"Claims to check", "No claim of days is waiting for a decision.", "/claims",
                                     "Every claim to check", {"School or trust", "Paid to", "Amount", "Claimed"}};
    static const WorkTable ISSUE = {"Offers to issue", "No grant offer is waiting to be issued.", "/grants",
                                    "Every grant", {"School or trust", "Paid to", "Amount", "Prepared"}};
    static const WorkTable ACCEPT = {"Offers awaiting acceptance", "No offer is waiting for the payee's acceptance.",
                                     "/grants", "Every grant", {"School or trust", "Paid to", "Amount", "Offered"}};
    static const WorkTable RUNS = {"Payment runs awaiting a second approver", "No payment run is waiting for approval.",
                                   "/payments", "Every payment run", {"Run", "Prepared by", "Total", "Prepared"}};
    work_table(h, &PAY, &w.payments, "payment", today, r->who.user_id);
    work_table(h, &RUNS, &w.runs, "run", today, r->who.user_id);
    work_table(h, &CLAIMS, &w.claims, "claim", today, r->who.user_id);
    work_table(h, &ISSUE, &w.to_issue, "grant", today, r->who.user_id);
    work_table(h, &ACCEPT, &w.to_accept, "grant", today, r->who.user_id);
    grant_work_free(&w);
}

/* Tasks the user owns that are overdue or due in the next few working days. */
static void home_tasks(Req *r, Html *h, const char *today)
{
    char until[11];
    Date u = add_working_days(date_parse(today, NULL), DUE_SOON_DAYS);
    if (u == DATE_NONE)
        snprintf(until, sizeof until, "%s", today);
    else
        date_iso(u, until);
    MyTaskList l;
    html_lit(h, "<h2 class=\"govuk-heading-m\">Tasks overdue and due soon</h2>");
    if (my_tasks_due(r->db, r->who.user_id, until, HOME_ROWS, &l) != 0) {
        html_lit(h, "<p class=\"govuk-body\">Your tasks could not be read. Try again later.</p>");
        return;
    }
    if (l.n == 0) {
        html_printf(h, "<p class=\"govuk-body\">You have no overdue tasks, and none due in the next %d working"
                       " days.</p>", DUE_SOON_DAYS);
        my_task_list_free(&l);
        return;
    }
    GovukTableCell head[] = {{.text = "Case"}, {.text = "Task"}, {.text = "Due"}, {.text = "Status"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 4});
    for (size_t i = 0; i < l.n; i++) {
        const MyTask *t = &l.items[i];
        /* the case's name goes to the case, the task's title to the task:
           each link says where it leads */
        Html name, task, tag;
        html_init(&name);
        html_init(&task);
        html_init(&tag);
        html_printf(&name, "<a class=\"govuk-link\" href=\"/cases/%lld\">%s</a>", (long long)t->case_id,
                    t->subject_name ? t->subject_name : "");
        html_printf(&task, "<a class=\"govuk-link\" href=\"/cases/%lld/tasks/", (long long)t->case_id);
        html_url_param(&task, t->code);
        html_printf(&task, "\">%s</a>", t->title ? t->title : t->code);
        int overdue = t->due_on && strcmp(t->due_on, today) < 0;
        govuk_tag(&tag, &(GovukTag){.text = overdue ? "Overdue" : "Due soon",
                                    .classes = overdue ? "govuk-tag--red" : "govuk-tag--yellow"});
        char due[64];
        GovukTableCell cells[] = {{.html = &name},
                                  {.html = &task},
                                  {.text = case_long_date(t->due_on, due, sizeof due), .classes = "rise-nowrap"},
                                  {.html = &tag}};
        govuk_table_row(h, cells, 4, 0);
        html_free(&name);
        html_free(&task);
        html_free(&tag);
    }
    govuk_table_close(h);
    if (l.n == HOME_ROWS) {
        /* more than fit here: the cases behind them, most overdue first */
        html_printf(h, "<p class=\"govuk-body\">These are the first %d. <a class=\"govuk-link\" href=\"", HOME_ROWS);
        if (r->who.role == ROLE_ADVISER)
            html_lit(h, "/cases?overdue=1&amp;sort=due");
        else
            html_printf(h, "/cases?owner=%lld&amp;overdue=1&amp;sort=due", (long long)r->who.user_id);
        html_lit(h, "\">See all your cases with overdue tasks</a>.</p>");
    }
    my_task_list_free(&l);
}

/* A regional director's decisions to approve, in their region. */
static void home_approvals(Req *r, Html *h)
{
    AwaitingList l;
    html_lit(h, "<h2 class=\"govuk-heading-m\">Decisions awaiting your approval</h2>");
    if (!r->who.region || decisions_awaiting(r->db, r->who.region, HOME_ROWS, &l) != 0) {
        html_lit(h, "<p class=\"govuk-body\">The decisions could not be read. Try again later.</p>");
        return;
    }
    if (l.n == 0) {
        html_lit(h, "<p class=\"govuk-body\">No decisions are waiting for your approval.</p>");
        awaiting_list_free(&l);
        return;
    }
    GovukTableCell head[] = {{.text = "Case"}, {.text = "Decision"}, {.text = "Recorded by"}, {.text = "Recorded"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 4});
    for (size_t i = 0; i < l.n; i++) {
        const AwaitingDecision *d = &l.items[i];
        Html name;
        html_init(&name);
        html_printf(&name, "<a class=\"govuk-link\" href=\"/cases/%lld/decisions/%lld\">%s</a>",
                    (long long)d->case_id, (long long)d->id, d->subject_name ? d->subject_name : "");
        char when[64], day[11] = "";
        snprintf(day, sizeof day, "%s", d->recorded_at ? d->recorded_at : "");
        GovukTableCell cells[] = {{.html = &name},
                                  {.text = d->outcome ? d->outcome : d->type},
                                  {.text = person_name(d->decided_by)},
                                  {.text = case_long_date(day, when, sizeof when), .classes = "rise-nowrap"}};
        govuk_table_row(h, cells, 4, 0);
        html_free(&name);
    }
    govuk_table_close(h);
    awaiting_list_free(&l);
}

/* 1234 as "1,234", the GOV.UK style for numbers. */
static const char *count_text(int64_t n, char *out, size_t len)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)(n < 0 ? 0 : n));
    size_t l = strlen(digits), j = 0;
    for (size_t i = 0; i < l && j + 2 < len; i++) {
        if (i > 0 && (l - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    out[j] = '\0';
    return out;
}

/* The user's own cases (mine) or their watchlist. */
static void home_cases(Req *r, Html *h, const char *today, int mine)
{
    CaseListPage p;
    if (cases_for_user(r->db, r->who.user_id, mine, today, HOME_ROWS, &p) != 0) {
        html_printf(h, "<h2 class=\"govuk-heading-m\">%s</h2>", mine ? "Your cases" : "Your watchlist");
        html_lit(h, "<p class=\"govuk-body\">Your cases could not be read. Try again later.</p>");
        return;
    }
    /* a case's own people are its delivery officer and its adviser: other
       roles (a grant team member, a regional director) see the section only
       when they are one of those on some case */
    if (mine && p.n == 0 && r->who.role != ROLE_DELIVERY_OFFICER && r->who.role != ROLE_ADVISER) {
        case_list_page_free(&p);
        return;
    }
    html_printf(h, "<h2 class=\"govuk-heading-m\">%s</h2>", mine ? "Your cases" : "Your watchlist");
    if (p.n == 0) {
        if (mine)
        {
            if (r->who.role == ROLE_ADVISER)
                html_lit(h, "<p class=\"govuk-body\">You have no cases. A case appears here when it is allocated"
                            " to you.</p>");
            else
                html_lit(h, "<p class=\"govuk-body\">You have no cases. A case appears here when you are its"
                            " delivery officer.</p>");
        }
        else
            html_lit(h, "<p class=\"govuk-body\">You are not watching any cases. A case is added to your watchlist"
                        " when you are assigned to it, or when you choose to watch it from its page.</p>");
        case_list_page_free(&p);
        return;
    }
    GovukTableCell head[] = {{.text = "Case"}, {.text = "Programme"}, {.text = "Stage"}, {.text = "Next due"},
                             {.text = "Status"}};
    govuk_table_open(h, &(GovukTable){.head = head, .n_head = 5});
    for (size_t i = 0; i < p.n; i++) {
        const CaseListItem *c = &p.items[i];
        /* a case watched before the person's region or allocation changed
           is no longer theirs to open */
        Scope scope = {.region = c->region, .adviser_id = c->adviser_id};
        if (authorise(&r->who, PERM_CASES_READ, &scope) != ACCESS_ALLOW)
            continue;
        Html name, due, status;
        html_init(&name);
        html_init(&due);
        html_init(&status);
        html_printf(&name, "<a class=\"govuk-link\" href=\"/cases/%lld\">%s</a>", (long long)c->id,
                    c->subject_name ? c->subject_name : "");
        char buf[64];
        if (c->next_due) {
            html_printf(&due, "<span class=\"rise-nowrap\">%s</span>", case_long_date(c->next_due, buf, sizeof buf));
            if (c->overdue) {
                html_lit(&due, "<br>");
                govuk_tag(&due, &(GovukTag){.text = "Overdue", .classes = "govuk-tag--red"});
            }
        }
        case_status_tag(&status, c->status);
        GovukTableCell cells[] = {{.html = &name}, {.text = programme_label(c->programme)},
                                  {.text = c->stage ? c->stage : ""}, {.html = &due}, {.html = &status}};
        govuk_table_row(h, cells, 5, 0);
        html_free(&name);
        html_free(&due);
        html_free(&status);
    }
    govuk_table_close(h);
    if (p.total > (int64_t)p.n) {
        char total[32];
        count_text(p.total, total, sizeof total);
        /* all of the user's own cases are one filter away; an adviser's
           "All cases" is already their own */
        if (mine && r->who.role == ROLE_ADVISER)
            html_printf(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/cases?sort=due\">See all %s"
                           " of your cases</a></p>", total);
        else if (mine)
            html_printf(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/cases?owner=%lld&amp;sort=due\">"
                           "See all %s of your cases</a></p>", (long long)r->who.user_id, total);
        else
            html_printf(h, "<p class=\"govuk-body\">Showing %zu of the %s cases you are watching.</p>", p.n, total);
    }
    case_list_page_free(&p);
}

/* A delivery officer's cases whose school (or its responsible body) has
   answered the offer of support in the service in the last 30 days (issue
   11 item 5: "the delivery officer is told"). */
static void home_school_answers(Req *r, Html *h)
{
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT d.case_id, c.subject_name, d.outcome, d.decided_on, d.decided_by"
               " FROM case_decisions d JOIN cases c ON c.id = d.case_id JOIN users u ON u.id = d.decided_by_id"
               " WHERE d.type = 'school-response' AND u.role = 'school' AND c.delivery_officer_id = ?"
               " AND d.recorded_at >= strftime('%Y-%m-%dT%H:%M:%SZ', ?, 'unixepoch', '-30 days')"
               " ORDER BY d.id DESC LIMIT 10");
    if (!st)
        return;
    db_bind_int64(st, 1, r->who.user_id);
    db_bind_int64(st, 2, r->now);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n++ == 0)
            html_lit(h, "<h2 class=\"govuk-heading-m\">Answers from schools</h2>"
                        "<ul class=\"govuk-list govuk-list--spaced\">");
        char on[40];
        case_long_date((const char *)sqlite3_column_text(st, 3), on, sizeof on);
        html_printf(h, "<li><a class=\"govuk-link\" href=\"/cases/%lld/decisions\">%s</a>: %s, %s by %s</li>",
                    (long long)sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                    (const char *)sqlite3_column_text(st, 2), on,
                    person_name((const char *)sqlite3_column_text(st, 4)));
    }
    sqlite3_reset(st);
    if (n)
        html_lit(h, "</ul>");
}

/* GET / : who you are, what you can reach from here. */
void page_home(Req *r, Resp *w)
{
    Html h;
    html_init(&h);
    page_flash(r, &h);
    Role role = r->who.role;
    html_printf(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Home</h1>",
                r->user.name);

    GovukSummaryRow rows[4];
    int n = 0;
    rows[n++] = (GovukSummaryRow){.key = "Role", .value = role_label(role)};
    if (r->user.region)
        rows[n++] = (GovukSummaryRow){.key = "Region", .value = r->user.region};
    char org[400];
    if (r->user.organisation) {
        OrgKind kind = org_kind_from_slug(r->user.org_kind);
        if (kind == ORG_NONE || org_describe(r->db, kind, r->user.organisation, org, sizeof org) < 0)
            snprintf(org, sizeof org, "%s", r->user.organisation);
        rows[n++] = (GovukSummaryRow){.key = "Organisation", .value = org};
    }
    rows[n++] = (GovukSummaryRow){.key = "Email address", .value = r->user.email};

    /* casework: the user's tasks, approvals, cases and watchlist */
    int casework = authorise(&r->who, PERM_CASES_READ, NULL) == ACCESS_ALLOW;
    if (casework) {
        char today[11];
        case_today(r, today);
        if (authorise(&r->who, PERM_GRANTS_MANAGE, NULL) == ACCESS_ALLOW)
            home_grants(r, &h, today);
        home_tasks(r, &h, today);
        if (role == ROLE_DELIVERY_OFFICER)
            home_school_answers(r, &h);
        if (authorise(&r->who, PERM_CASES_APPROVE, NULL) == ACCESS_ALLOW)
            home_approvals(r, &h);
        home_plans(r, &h, today);
        home_cases(r, &h, today, 1);
        home_cases(r, &h, today, 0);
    }

    html_lit(&h, "<h2 class=\"govuk-heading-m\">Your account</h2>");
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = n});
    html_lit(&h, "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"/account/password\">Change your"
                 " password</a></li><li><a class=\"govuk-link\" href=\"/account/two-factor\">Two-factor sign-in</a>"
                 "</li><li><a class=\"govuk-link\" href=\"/account/emails\">Emails about your tasks</a></li></ul>");

    /* the areas this person's role reaches */
    static const struct {
        Perm perm;
        const char *href, *name, *what;
    } AREAS[] = {
        {PERM_CASE_EXTERNAL, "/your-cases", "Your cases",
         "the support the Department for Education is arranging with you, and what it needs from you."},
        {PERM_CASES_READ, "/cases", "All cases",
         "every case you can see, with filters, sorting and a download as a spreadsheet (CSV)."},
        {PERM_SCREENING_READ, "/screening", "Screening",
         "the schools and trusts each programme's rules pick out, with the evidence, waiting for a decision."},
        {PERM_FINANCE_READ, "/grants", "Grants", "every grant offered, with what was paid against what was promised."},
        {PERM_FINANCE_READ, "/payments", "Payments",
         "what is due by payee, and the payment runs: prepared by one person, approved by another."},
        {PERM_CLAIM_DECIDE, "/claims", "Claims", "claims of days waiting for a decision."},
        {PERM_CASES_READ, "/reviews", "Reviews due",
         "the termly reviews due and overdue this term, for your cases, your region or every region."},
        {PERM_FINANCE_READ, "/budgets", "Budgets",
         "each programme's allocation by year and region, with what is committed, paid and forecast."},
        {PERM_REFDATA_READ, "/schools", "Find a school",
         "its facts, trust, and every Ofsted inspection including the schools it replaced."},
        {PERM_REFDATA_IMPORT, "/imports", "Reference data", "load the latest GIAS and Ofsted downloads."},
        {PERM_PEOPLE_INVITE, "/invitations", "People outside DfE",
         "invite staff of schools, trusts, local authorities and supporting organisations to see their cases."},
        {PERM_USERS_MANAGE, "/users", "Manage users",
         "add people, change their role or region, reset passwords and disable accounts."},
        {PERM_AUDIT_READ, "/audit", "Read the audit trail", "who changed what, when and why."},
    };
    Html list;
    html_init(&list);
    for (size_t i = 0; i < sizeof AREAS / sizeof AREAS[0]; i++)
        if (authorise(&r->who, AREAS[i].perm, NULL) == ACCESS_ALLOW)
            html_printf(&list, "<li><a class=\"govuk-link\" href=\"%s\">%s</a>: %s</li>", AREAS[i].href,
                        AREAS[i].name, AREAS[i].what);
    if (html_len(&list)) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">What you can do</h2><ul class=\"govuk-list\">");
        html_append(&h, &list);
        html_lit(&h, "</ul>");
    }
    html_free(&list);
    int external = authorise(&r->who, PERM_CASE_EXTERNAL, NULL) == ACCESS_ALLOW;
    if (!casework && !external)
        html_lit(&h, "<p class=\"govuk-body\">Your cases, and their tasks and due dates, will appear here as the"
                     " service grows.</p>");
    PageOpts o = {.title = "Home", .nav = "home"};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

/* GET /healthz : 200 "ok" once the database answers, 503 otherwise. */
void page_healthz(Req *r, Resp *w)
{
    if (db_ping(r->db) == 0)
        resp_text(w, 200, "ok\n");
    else
        resp_text(w, 503, "database unavailable\n");
}

/* GET /assets/... and /favicon.ico : embedded front-end files. Hashed names
   are cached for a year; the plain names for an hour. */
void page_asset(Req *r, Resp *w)
{
    int immutable = 0;
    const char *path = strcmp(r->path, "/favicon.ico") == 0 ? "/assets/images/favicon.ico" : r->path;
    const Asset *a = asset_find(path, &immutable);
    if (!a) {
        page_error(r, w, 404);
        return;
    }
    const char *inm = req_header(r, "If-None-Match");
    w->content_type = a->content_type;
    w->cache_control = immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600";
    resp_header(w, "ETag", a->etag);
    if (inm && strcmp(inm, a->etag) == 0) {
        w->status = 304;
        w->raw = "";
        w->raw_len = 0;
        return;
    }
    w->status = 200;
    w->raw = a->data;
    w->raw_len = a->len;
}
