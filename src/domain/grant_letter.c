/*
 * grant_letter.c - see grant_letter.h.
 */
#include "domain/grant_letter.h"

#include "core/buf.h"
#include "core/date.h"
#include "core/pdf.h"
#include "domain/plans.h"

#include <stdio.h>
#include <string.h>

/* 002 section 8, items 3 to 11 ("Tier 2 and 3 Funding"), word for word,
   with what the letter says for each. The letter is addressed to the payee
   ("you"); "the school" is the school supported. */
const GrantTerm GRANT_TERMS[] = {
    {"accountable",
     "Funding will be awarded to your school to support the delivery of the agreed actions within the RAF. This"
     " funding will be paid to your school and you will be accountable for this funding and ensuring that it is"
     " spent in line with agreed actions. Following approval of the RAF by DfE a grant offer letter will be sent to"
     " your school outlining the terms and conditions of funding. You will receive funding each term, in line with"
     " the termly profile you have submitted on the RAF. The first term's payment will be made upfront, with"
     " subsequent terms paid in arrears once activity is complete",
     "This funding is paid to you to support the delivery of the agreed actions in the approved plan. You are"
     " accountable for it and for making sure it is spent in line with those actions. It is paid each term, in line"
     " with the termly profile in the schedule above: the first term's payment is made up front, later terms are"
     " paid in arrears once that term's activity is complete."},
    {"progress",
     "The department will only release funding for activities delivered through terms 2 and 3 of the plan if there"
     " is satisfactory progress against the actions through the previous term.",
     "The department will only release the payment for a later term if there is satisfactory progress against the"
     " actions through the previous term. A payment may be withheld until it is."},
    {"underspend",
     "You will be responsible for commissioning, procurement and other funding arrangements entered into (to deliver"
     " actions within the RAF) using the funding received under this grant. All underspend must be returned to the"
     " Department. You will be required to return a grant evaluation and assurance reports to the DfE as requested"
     " annually.",
     "You are responsible for commissioning, procurement and other funding arrangements entered into to deliver the"
     " actions using this grant. All underspend must be returned to the Department. You must send the department an"
     " annual grant evaluation and assurance return when asked."},
    {"restrictions",
     "Funding restrictions: Grant funding cannot be used to fund actions that have already been planned and"
     " budgeted for by the trust or school prior to you starting work with the school, for example as already"
     " detailed in any existing school development plan or action plan. Nor can it be used to plan or deliver"
     " activities that would duplicate support that is or could otherwise be accessed free of charge during the"
     " grant period from existing available funded programmes.",
     "The grant cannot fund actions that the trust or school had already planned and budgeted for before the"
     " support started (for example in an existing school development plan or action plan), nor activities that"
     " duplicate support available free of charge during the grant period from existing funded programmes."},
    {"qualifications",
     "The grant may not be used to fund mandatory qualifications for specialist teachers or classes of pupils with"
     " Sensory Impairment or the National Award in SEN Coordination as these should be funded from core school"
     " budgets.",
     "The grant cannot fund mandatory qualifications for specialist teachers of classes of pupils with sensory"
     " impairment, or the National Award in SEN Coordination: these are funded from core school budgets."},
    {"cover",
     "Funding cannot be used to provide cover for staff release time unless exceptionally agreed with DfE.",
     "The grant cannot pay for cover for staff release time unless the department exceptionally agrees it."},
    {"legality",
     "You are responsible for the legality of any commissioning, procurement or other funding arrangements entered"
     " into using the funding received under this grant.",
     "You are responsible for the legality of any commissioning, procurement or other funding arrangements made"
     " with this grant."},
    {"own-leaders",
     "Where you recommend funding to be awarded to system leaders (NLE / SLE / NLG / Teaching Schools) within your"
     " own MAT / Teaching School Alliance you will be asked to provide evidence that this is the most appropriate"
     " and impactful support available. This will include whether or not this is double funding existing"
     " responsibilities of the MAT, in which case it will not be awarded.",
     "Where the grant pays system leaders within your own trust or teaching school alliance, you must be able to"
     " show this is the most appropriate and effective support available and does not double fund their existing"
     " responsibilities."},
    {"sign-off",
     "The CEO / Headteacher and Chair of Governors of the supported school will be required to sign off the RAF for"
     " Tier 2 and 3 schools, and agree to the implementation of the recommendations within it (both funded and"
     " unfunded), before funding is released.",
     "The school's headteacher or trust CEO and its chair of governors have signed off the plan and agreed to carry"
     " out its recommendations, funded and unfunded: no funding is released without it."},
    {"conditions",
     "All funding is subject to the standard DfE terms and conditions at:"
     " <https://www.gov.uk/government/publications/grant-funding-agreement-terms-and-conditions>",
     "This grant is subject to the department's standard grant funding terms and conditions: " GRANT_CONDITIONS_URL},
};
const size_t GRANT_N_TERMS = sizeof GRANT_TERMS / sizeof GRANT_TERMS[0];

const char *grant_kind_label(const char *kind)
{
    if (!kind)
        return "Grant";
    if (strcmp(kind, "raf") == 0)
        return "Recommended actions grant";
    if (strcmp(kind, "planning") == 0)
        return "Planning grant";
    if (strcmp(kind, "improvement") == 0)
        return "Improvement grant";
    if (strcmp(kind, "days") == 0)
        return "Days claimed";
    return kind;
}

static const char *programme_words(const char *code)
{
    if (code && strcmp(code, "si-2019-20") == 0)
        return "School improvement offer 2019/20";
    if (code && strcmp(code, "tsio-2022-23") == 0)
        return "Targeted support and improvement offer 2022/23";
    if (code && strcmp(code, "rise") == 0)
        return "RISE (regional improvement for standards and excellence)";
    return code ? code : "";
}

/* One way of writing the letter: to text or to a PDF. */
typedef struct Out {
    Buf *text;
    PdfDoc *pdf;
} Out;

static void heading(Out *o, int level, const char *s)
{
    if (o->pdf)
        pdf_heading(o->pdf, level, s);
    else
        buf_printf(o->text, "%s%s\n\n", level == 1 ? "" : "\n", s);
}

static void para(Out *o, const char *s)
{
    if (o->pdf)
        pdf_para(o->pdf, s);
    else
        buf_printf(o->text, "%s\n\n", s);
}

static void row(Out *o, const char *label, const char *value)
{
    if (o->pdf)
        pdf_row(o->pdf, label, value);
    else
        buf_printf(o->text, "%s: %s\n", label, value);
}

static void long_date(const char *iso, char *out, int len)
{
    Date d = date_parse(iso ? iso : "", NULL);
    if (d == DATE_NONE)
        snprintf(out, (size_t)len, "%s", iso ? iso : "");
    else
        date_long(d, out, len);
}

/* "Name" of "Name <email>". */
static void name_of(const char *label, char *out, size_t len)
{
    snprintf(out, len, "%s", label ? label : "");
    char *lt = strchr(out, '<');
    if (lt && lt > out) {
        *lt = '\0';
        size_t n = strlen(out);
        while (n && out[n - 1] == ' ')
            out[--n] = '\0';
    }
}

static void write_letter(Out *o, const GrantLetter *g)
{
    char title[300], line[600], money[48], on[64];
    snprintf(title, sizeof title, "Grant offer letter: %s", grant_kind_label(g->kind));
    heading(o, 1, title);
    if (g->reference)
        row(o, "Reference", g->reference);
    row(o, "Paid to", g->payee ? g->payee : "");
    row(o, "School supported", g->school ? g->school : "");
    row(o, "Programme", programme_words(g->programme));
    if (g->year)
        row(o, "Financial year", g->year);
    if (g->plan_version > 0) {
        snprintf(line, sizeof line, "Version %d, as approved", g->plan_version);
        row(o, "Made from the plan", line);
    }
    long_date(g->offered_on, on, sizeof on);
    row(o, "Offered on", on);
    if (g->offered_by) {
        name_of(g->offered_by, line, sizeof line);
        row(o, "Offered by", line);
    }
    plan_money(g->total, money, sizeof money);
    row(o, "Total grant", money);

    snprintf(line, sizeof line,
             "The Department for Education offers %s a grant of %s to support %s, on the terms below. Accept the"
             " offer in the service to receive the first payment.",
             g->payee ? g->payee : "you", money, g->school ? g->school : "the school");
    heading(o, 2, "The offer");
    para(o, line);

    heading(o, 2, "When it is paid");
    for (size_t i = 0; i < g->n_lines; i++) {
        plan_money(g->lines[i].amount, money, sizeof money);
        if (g->lines[i].expected_on) {
            long_date(g->lines[i].expected_on, on, sizeof on);
            snprintf(line, sizeof line, "%s, expected by %s", money, on);
        } else {
            snprintf(line, sizeof line, "%s", money);
        }
        row(o, g->lines[i].label ? g->lines[i].label : "", line);
    }
    if (!o->pdf)
        buf_putc(o->text, '\n');

    heading(o, 2, "The terms of the grant");
    for (size_t i = 0; i < GRANT_N_TERMS; i++) {
        snprintf(line, sizeof line, "%zu. %s", i + 1, GRANT_TERMS[i].text);
        para(o, line);
    }
}

char *grant_letter_text(const GrantLetter *g)
{
    Buf b;
    buf_init(&b);
    Out o = {.text = &b};
    write_letter(&o, g);
    return buf_take(&b);
}

int grant_letter_pdf(const GrantLetter *g, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    char title[300];
    snprintf(title, sizeof title, "Grant offer letter: %s", g->school ? g->school : "");
    PdfDoc *d = pdf_open(title);
    if (!d)
        return -1;
    Out o = {.pdf = d};
    write_letter(&o, g);
    return pdf_finish(d, out, len);
}
