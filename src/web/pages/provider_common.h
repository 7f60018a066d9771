/*
 * provider_common.h - what the register's pages share (pages/providers.c,
 * provider_records.c, people.c, provider_import.c): loading an entry,
 * its address, the lists as checkboxes, tags and the form page around a
 * form. Implemented in pages/providers.c.
 */
#ifndef RISE_PROVIDER_COMMON_H
#define RISE_PROVIDER_COMMON_H

#include "domain/matching.h"
#include "store/providers.h"
#include "web/govuk.h"
#include "web/pages.h"

/* The longest notes, reasons and descriptions the forms take (characters). */
#define PROVIDER_TEXT_MAX 2000
#define PROVIDER_NAME_MAX 200

/* Loads the entry named by route parameter 0; writes the 404 page and
   returns 0 when there is none. */
int provider_load(Req *r, Resp *w, Provider *p);

/* "/providers/ID" or, for a person, "/people/ID", with "/rest" when given. */
void provider_href(char *out, size_t outlen, const Provider *p, const char *rest);

/* A form page about an entry: a back link to its page, the error summary,
   its name as the caption and title as the h1 written before content. */
void provider_form_page(Req *r, Resp *w, const Provider *p, const char *title, const FormErrors *errs,
                        const Html *content);

/* The current term (the one today falls in) and its neighbours. */
int provider_current_term(const Req *r);

/* "Academy trust" etc. for an org_type code ("Not recorded" for NULL). */
const char *provider_type_label(const char *org_type);

/* A check's standing as a coloured tag. */
void provider_check_tag(Html *h, CheckState s);

/* Checkboxes of a list (phases, expertise): checked as submitted on a POST,
   else as stored (codes separated by ','). */
void provider_list_checkboxes(Req *r, Html *h, const char *name, const char *legend, const char *hint,
                              const MatchArea *list, size_t n, const char *stored, const FormErrors *errs);
/* The codes ticked, as stored ("primary,secondary"); unknown values are
   ignored. */
void provider_list_read(Req *r, const char *name, const MatchArea *list, size_t n, char *out, size_t outlen);
/* The same for the nine regions (stored "A;B"). */
void provider_regions_checkboxes(Req *r, Html *h, const char *hint, const char *stored, const FormErrors *errs);
void provider_regions_read(Req *r, char *out, size_t outlen);

/* The register's two lists (organisations, people) as a sub-navigation. */
void provider_register_tabs(Html *h, int people);
/* An entry's page: its details, schools, capacity, due diligence, contacts,
   conflicts and cases (a person's too). */
void provider_show_page(Req *r, Resp *w, const Provider *p);

/* Characters (not bytes) of UTF-8 text. */
size_t provider_chars(const char *s);
/* A whole number from 1 to 99999999 (a URN or a group UID), or 0. */
int64_t provider_ref_number(const char *s);

#endif
