/*
 * plan_common.c - what the pages of a case's plan share (issue 13): loading
 * the case and its plan with the case's scope checked, the page shell for
 * caseworkers and for people outside DfE, the plan's links, and the money
 * inputs. See plan_common.h.
 */
#include "web/pages/plan_common.h"

#include "domain/access.h"

#include <stdio.h>
#include <string.h>

void plan_href(char *out, size_t outlen, int64_t case_id, const char *rest)
{
    snprintf(out, outlen, "/plans/%lld%s%s", (long long)case_id, rest ? "/" : "", rest ? rest : "");
}

int plan_reader_external(const Req *r)
{
    return r->who.role == ROLE_SCHOOL || r->who.role == ROLE_SUPPORTING_ORGANISATION;
}

/* The case's programme has no plan: a 404 page that says so. */
static void no_plan_page(Req *r, Resp *w, const Case *c)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    char back[64];
    if (plan_reader_external(r))
        snprintf(back, sizeof back, "/your-cases/%lld", (long long)c->id);
    else
        case_href(back, sizeof back, c->id, NULL);
    govuk_back_link(&before, &(GovukBackLink){.href = back, .text = "Back to the case"});
    html_printf(&h, "<h1 class=\"govuk-heading-l\">This programme has no plan</h1>"
                    "<p class=\"govuk-body\">The support %s gets through %s does not use a plan in this"
                    " service.</p>",
                c->subject_name, programme_label(c->programme));
    PageOpts o = {.title = "This programme has no plan", .nav = plan_reader_external(r) ? "your-cases" : "cases",
                  .before = &before};
    page_render(r, w, 404, &o, &h);
    html_free(&h);
    html_free(&before);
}

int plan_page_load(Req *r, Resp *w, Perm perm, Case *c, PlanRecord *p)
{
    memset(c, 0, sizeof *c);
    memset(p, 0, sizeof *p);
    int64_t id = case_param_id(r, 0);
    int rc = id ? case_get(r->db, id, c) : 0;
    if (rc != 1) {
        page_error(r, w, rc < 0 ? 500 : 404);
        return 0;
    }
    /* not theirs at all: 404, so that a stranger cannot learn which case
       numbers exist; theirs to read but not to do perm: 403 */
    Scope s = case_scope(c);
    int reader = authorise(&r->who, PERM_PLAN_READ, &s) == ACCESS_ALLOW;
    if (!reader) {
        page_error(r, w, 404);
        case_free(c);
        return 0;
    }
    rc = plan_load(r->db, c, p);
    if (rc != 1) {
        if (rc == 0)
            no_plan_page(r, w, c);
        else
            page_error(r, w, 500);
        case_free(c);
        memset(p, 0, sizeof *p);
        return 0;
    }
    /* the review is the role the plan's kind names */
    s.task_role = perm == PERM_PLAN_REVIEW ? plan_reviewer_role(p->kind) : NULL;
    if (perm != PERM_PLAN_READ && authorise(&r->who, perm, &s) != ACCESS_ALLOW) {
        page_error(r, w, 403);
        plan_record_free(p);
        case_free(c);
        return 0;
    }
    return 1;
}

void plan_page(Req *r, Resp *w, const Case *c, const char *title, const FormErrors *errs, const Html *content,
               int status)
{
    Html h, before;
    html_init(&h);
    html_init(&before);
    int external = plan_reader_external(r);
    char plan[64], back[64];
    plan_href(plan, sizeof plan, c->id, NULL);
    const char *back_text = "Back to the plan";
    if (strcmp(r->path, plan) == 0) {
        /* the plan's own page: back to the case */
        if (external)
            snprintf(back, sizeof back, "/your-cases/%lld", (long long)c->id);
        else
            case_href(back, sizeof back, c->id, NULL);
        back_text = "Back to the case";
    } else {
        snprintf(back, sizeof back, "%s", plan);
    }
    govuk_back_link(&before, &(GovukBackLink){.href = back, .text = back_text});
    page_flash(r, &h);
    html_append(&h, content);
    char full[400];
    snprintf(full, sizeof full, "%s - %s", title ? title : "", c->subject_name ? c->subject_name : "");
    int has_errors = errs && errs->n > 0;
    if (status == 0)
        status = has_errors ? 400 : 200;
    PageOpts o = {.title = full, .has_errors = has_errors, .nav = external ? "your-cases" : "cases",
                  .before = &before};
    page_render(r, w, status, &o, &h);
    html_free(&h);
    html_free(&before);
}

int plan_change_done(Req *r, Resp *w, const Case *c, int rc, const char *flash)
{
    if (rc == CW_REFUSED)
        return 0;
    if (rc != CW_OK) {
        page_error(r, w, rc == CW_NOT_FOUND ? 404 : 500);
        return 1;
    }
    char href[64];
    plan_href(href, sizeof href, c->id, NULL);
    req_flash(r, flash);
    resp_redirect(w, href);
    return 1;
}

int plan_form_money(Req *r, const char *name, const char *label, int64_t *pence, FormErrors *errs)
{
    const char *v = req_form(r, name);
    *pence = 0;
    if (!*v)
        return 0;
    int64_t got;
    if (plan_money_parse(v, &got) != 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "Enter %s in pounds, like 1,250.50", label);
        form_errors_add(errs, name, msg);
        return -1;
    }
    *pence = got;
    return 1;
}

void plan_money_input(Html *h, const char *name, const char *label, const char *hint, const char *typed,
                      int64_t pence, const FormErrors *errs)
{
    char shown[48] = "";
    if (!typed && pence > 0) {
        plan_money(pence, shown, sizeof shown);
        /* the box has its own "£" prefix */
        const char *digits = shown;
        while (*digits && !(*digits >= '0' && *digits <= '9'))
            digits++;
        memmove(shown, digits, strlen(digits) + 1);
    }
    govuk_input(h, &(GovukInput){.name = name, .label = label, .label_classes = "govuk-label--s", .hint = hint,
                                 .value = typed ? typed : shown, .prefix = "£", .inputmode = "decimal",
                                 .spellcheck = -1, .classes = "govuk-input--width-10",
                                 .error = form_errors_get(errs, name)});
}
