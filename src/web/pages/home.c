/*
 * home.c - the signed-in home page, the health check and the embedded assets.
 */
#include "web/assets.h"
#include "web/govuk.h"
#include "web/pages.h"

#include <string.h>

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
    if (r->user.organisation)
        rows[n++] = (GovukSummaryRow){.key = "Organisation", .value = r->user.organisation};
    rows[n++] = (GovukSummaryRow){.key = "Email address", .value = r->user.email};
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Your account</h2>");
    govuk_summary_list(&h, &(GovukSummaryList){.rows = rows, .n_rows = n});

    /* the areas this person's role reaches */
    static const struct {
        Perm perm;
        const char *href, *name, *what;
    } AREAS[] = {
        {PERM_SCREENING_READ, "/screening", "Screening",
         "the schools and trusts each programme's rules pick out, with the evidence, waiting for a decision."},
        {PERM_REFDATA_READ, "/schools", "Find a school",
         "its facts, trust, and every Ofsted inspection including the schools it replaced."},
        {PERM_REFDATA_IMPORT, "/imports", "Reference data", "load the latest GIAS and Ofsted downloads."},
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
