/*
 * outbox.c - the email outbox an administrator reads (/admin/outbox): every
 * message with its status, attempts, last error, Notify's id and delivery
 * status, and the request as it was sent; and a form that queues a test
 * email, so the whole path to Notify (or the stand-in) can be tried.
 * See docs/decisions/0013-outbox-and-notify.md.
 */
#include "core/date.h"
#include "domain/signin.h"
#include "notify/sender.h"
#include "store/audit.h"
#include "store/outbox.h"
#include "web/govuk.h"
#include "web/pages.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTBOX_PAGE_ROWS 200

static const char *status_tag_class(OutboxStatus s)
{
    switch (s) {
    case OUTBOX_SENT:
        return "govuk-tag--green";
    case OUTBOX_FAILED:
        return "govuk-tag--yellow";
    case OUTBOX_PERMANENTLY_FAILED:
        return "govuk-tag--red";
    case OUTBOX_SENDING:
        return "govuk-tag--blue";
    default:
        return "govuk-tag--grey";
    }
}

/* The body as sent, pretty-printed when it is JSON. */
static void body_html(Html *h, const OutboxRow *m)
{
    const char *body = m->body ? m->body : NULL;
    html_lit(h, "<details class=\"govuk-details govuk-!-margin-bottom-0\"><summary class=\"govuk-details__summary\">"
                "<span class=\"govuk-details__summary-text\">");
    html_printf(h, "%s<span class=\"govuk-visually-hidden\"> of email %lld</span>",
                body ? "Message as sent" : "Message to send", (long long)m->id);
    html_lit(h, "</span></summary><div class=\"govuk-details__text\">");
    char *pretty = NULL;
    json_t *j = json_loads(body ? body : m->personalisation, 0, NULL);
    if (j)
        pretty = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (!body)
        html_printf(h, "<p class=\"govuk-body-s\">Template <code>%s</code>, reference <code>%s</code>, with:</p>",
                    m->template_key, m->reference);
    html_printf(h, "<pre class=\"govuk-body-s rise-pre\">%s</pre>", pretty ? pretty : (body ? body : ""));
    free(pretty);
    html_lit(h, "</div></details>");
}

static void render(Req *r, Resp *w, const FormErrors *errs)
{
    OutboxList l;
    int64_t counts[OUTBOX_STATUS_COUNT];
    if (outbox_list(r->db, OUTBOX_PAGE_ROWS, &l) != 0 || outbox_counts(r->db, counts) != 0) {
        page_error(r, w, 500);
        return;
    }
    Html h;
    html_init(&h);
    govuk_error_summary(&h, errs);
    page_flash(r, &h);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Email outbox</h1>"
                 "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                 "<p class=\"govuk-body\">Every email the service sends is kept here, from the moment the change"
                 " that causes it is saved. It is sent through GOV.UK Notify, and tried again when Notify is busy"
                 " or unavailable. An email Notify refuses (for example, a template that does not exist or an"
                 " address it will not send to) is not tried again: it shows as permanently failed with Notify's"
                 " reason.</p>");
    if (!sender_running())
        html_lit(&h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">"
                     "!</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">"
                     "Warning</span>No GOV.UK Notify API key is set (RISE_NOTIFY_API_KEY), so emails wait here and"
                     " are not sent.</strong></div>");
    html_printf(&h, "<p class=\"govuk-body\">%lld queued, %lld being sent, %lld sent, %lld waiting to be tried"
                    " again, %lld permanently failed.</p>",
                (long long)counts[OUTBOX_QUEUED], (long long)counts[OUTBOX_SENDING], (long long)counts[OUTBOX_SENT],
                (long long)counts[OUTBOX_FAILED], (long long)counts[OUTBOX_PERMANENTLY_FAILED]);

    html_lit(&h, "<h2 class=\"govuk-heading-m\">Send a test email</h2>"
                 "<form method=\"post\" action=\"/admin/outbox/test\" novalidate>");
    govuk_csrf_field(&h, req_csrf(r));
    govuk_input(&h, &(GovukInput){.name = "email", .label = "Email address", .label_classes = "govuk-label--s",
                                  .hint = "It is sent with the template set for 'test'", .type = "email",
                                  .autocomplete = "email", .spellcheck = -1, .value = req_form(r, "email"),
                                  .error = form_errors_get(errs, "email")});
    govuk_button(&h, &(GovukButton){.text = "Queue test email", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");

    if (l.n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">No emails have been sent.</p>");
    } else {
        GovukTableCell head[] = {{.text = "Email"},    {.text = "To"},         {.text = "Status"},
                                 {.text = "Attempts"}, {.text = "Last error"}, {.text = "Message"}};
        char caption[80];
        snprintf(caption, sizeof caption, "Emails, newest first (at most %d)", OUTBOX_PAGE_ROWS);
        govuk_table_open(&h, &(GovukTable){.caption = caption, .caption_classes = "govuk-table__caption--m",
                                           .head = head, .n_head = 6,
                                           .classes = "govuk-table--small-text-until-tablet"});
        for (size_t i = 0; i < l.n; i++) {
            const OutboxRow *m = &l.rows[i];
            Html what, status, err, msg;
            html_init(&what);
            html_init(&status);
            html_init(&err);
            html_init(&msg);
            char queued[64] = "", sent[64] = "";
            if (m->created_at)
                timestamp_long(m->created_at, queued, sizeof queued);
            if (m->sent_at)
                timestamp_long(m->sent_at, sent, sizeof sent);
            html_printf(&what, "<span id=\"email-%lld\">%s</span><br><span class=\"govuk-body-s\">Queued %s</span>",
                        (long long)m->id, m->template_key, queued);
            if (m->object_type && m->object_id)
                html_printf(&what, "<br><span class=\"govuk-body-s\">About %s %s</span>", m->object_type,
                            m->object_id);
            govuk_tag(&status, &(GovukTag){.text = outbox_status_label(m->status),
                                           .classes = status_tag_class(m->status)});
            if (m->provider_id)
                html_printf(&status, "<br><span class=\"govuk-body-s\">Notify id %s</span>", m->provider_id);
            if (m->provider_status)
                html_printf(&status, "<br><span class=\"govuk-body-s\">Delivery: %s</span>", m->provider_status);
            if (m->sent_at)
                html_printf(&status, "<br><span class=\"govuk-body-s\">Sent %s</span>", sent);
            html_printf(&err, "%s", m->last_error ? m->last_error : "None");
            body_html(&msg, m);
            char attempts[16];
            snprintf(attempts, sizeof attempts, "%d", m->attempts);
            GovukTableCell cells[] = {{.html = &what},        {.text = m->recipient}, {.html = &status},
                                      {.text = attempts, .numeric = 1}, {.html = &err}, {.html = &msg}};
            govuk_table_row(&h, cells, 6, 0);
            html_free(&what);
            html_free(&status);
            html_free(&err);
            html_free(&msg);
        }
        govuk_table_close(&h);
    }
    PageOpts o = {.title = "Email outbox", .nav = "admin"};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    outbox_list_free(&l);
}

/* GET /admin/outbox */
void page_outbox(Req *r, Resp *w)
{
    FormErrors errs = {0};
    render(r, w, &errs);
}

/* POST /admin/outbox/test: queues a test email (audited), in one transaction. */
void page_outbox_test(Req *r, Resp *w)
{
    FormErrors errs = {0};
    const char *email = req_form(r, "email");
    if (!*email)
        form_errors_add(&errs, "email", "Enter an email address");
    else if (strlen(email) > 320 || !email_valid(email))
        form_errors_add(&errs, "email", "Enter an email address in the correct format, like name@education.gov.uk");
    if (errs.n) {
        render(r, w, &errs);
        return;
    }
    json_t *p = json_pack("{s:s, s:s}", "name", r->user.name ? r->user.name : "", "sent_by",
                          r->actor.label ? r->actor.label : "");
    char *pers = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    char uid[32];
    snprintf(uid, sizeof uid, "%lld", (long long)r->user.id);
    OutboxMessage m = {.recipient = email, .template_key = "test", .personalisation = pers, .object_type = "user",
                       .object_id = uid};
    int ok = db_begin(r->db) == 0;
    int64_t id = ok ? outbox_queue(r->db, &m) : -1;
    char oid[32];
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    AuditChange ch[] = {{"recipient", NULL, email}, {"template", NULL, "test"}, {"status", NULL, "queued"}};
    if (id > 0 && audit_append(r->db, &r->actor, "outbox.queued", "outbox", oid, ch, 3, NULL) == 0 &&
        db_commit(r->db) == 0) {
        free(pers);
        sender_wake();
        char msg[400];
        snprintf(msg, sizeof msg, "Test email to %s queued", email);
        req_flash(r, msg);
        resp_redirect(w, "/admin/outbox");
        return;
    }
    if (ok)
        db_rollback(r->db);
    free(pers);
    page_error(r, w, 500);
}
