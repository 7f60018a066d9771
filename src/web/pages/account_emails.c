/*
 * account_emails.c - a signed-in person's choice of emails: the weekly
 * email of their overdue and due-soon tasks, on unless they turn it off
 * (issue 11, item 3; docs/decisions/0015-first-messages.md). Emails about
 * a task given to them or an approval are not optional: they ask for action.
 */
#include "store/digests.h"
#include "web/govuk.h"
#include "web/pages.h"

#include <string.h>

#define ACCOUNT_EMAILS_PATH "/account/emails"

static void render(Req *r, Resp *w, const FormErrors *errs, const char *value)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    govuk_back_link(&before, &(GovukBackLink){.href = "/"});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    if (!errs->n)
        page_flash(r, &h);
    govuk_error_summary(&h, errs);
    html_lit(&h, "<h1 class=\"govuk-heading-l\">Your emails</h1>"
                 "<p class=\"govuk-body\">We always email you when a task or a case is given to you, and when a"
                 " decision is waiting for your approval or yours has been decided.</p>"
                 "<form method=\"post\" action=\"" ACCOUNT_EMAILS_PATH "\" novalidate>");
    govuk_csrf_field(&h, req_csrf(r));
    GovukChoice items[] = {{.value = "yes", .text = "Yes"}, {.value = "no", .text = "No"}};
    govuk_radios(&h, &(GovukRadios){.name = "digest",
                                    .legend = "Do you want a weekly email of your overdue and due-soon tasks?",
                                    .legend_classes = "govuk-fieldset__legend--m",
                                    .value = value,
                                    .items = items,
                                    .n_items = 2,
                                    .is_inline = 1,
                                    .error = form_errors_get(errs, "digest")});
    govuk_button(&h, &(GovukButton){.text = "Save", .prevent_double_click = 1});
    html_lit(&h, "</form></div></div>");
    PageOpts o = {.title = "Your emails", .nav = "home", .before = &before};
    page_render_form(r, w, &o, errs, &h);
    html_free(&h);
    html_free(&before);
}

/* GET /account/emails */
void page_account_emails_form(Req *r, Resp *w)
{
    int wanted = digest_wanted(r->db, r->user.id);
    if (wanted < 0) {
        page_error(r, w, 500);
        return;
    }
    FormErrors errs = {0};
    render(r, w, &errs, wanted ? "yes" : "no");
}

/* POST /account/emails */
void page_account_emails_submit(Req *r, Resp *w)
{
    const char *v = req_form(r, "digest");
    FormErrors errs = {0};
    if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0) {
        form_errors_add(&errs, "digest", "Select yes if you want a weekly email of your tasks");
        render(r, w, &errs, v);
        return;
    }
    if (digest_set_wanted(r->db, &r->actor, r->user.id, strcmp(v, "yes") == 0) != 0) {
        page_error(r, w, 500);
        return;
    }
    req_flash(r, strcmp(v, "yes") == 0 ? "You will get a weekly email of your tasks"
                                       : "You will no longer get a weekly email of your tasks");
    resp_redirect(w, ACCOUNT_EMAILS_PATH);
}
