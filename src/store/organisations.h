/*
 * organisations.h - whom an external account belongs to (issue 11 item 4,
 * docs/decisions/0016-people-outside-dfe.md): naming a school, trust, local
 * authority or supporting organisation for pages and emails, checking it
 * exists and where it is, and the supporting organisations and system
 * leaders invited so far (the commissioning issue makes this the register).
 */
#ifndef RISE_STORE_ORGANISATIONS_H
#define RISE_STORE_ORGANISATIONS_H

#include "domain/access.h"
#include "store/audit.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/*
 * The organisation's name in plain words for pages and emails, such as
 * "Example Primary School (URN 100001)", "Example Learning Trust (academy
 * trust)", "Newcastle upon Tyne (local authority)" or "North Star Support
 * (supporting organisation)". 1 found, 0 not known (out gets the kind and
 * reference), -1 error.
 */
int org_describe(Db *db, OrgKind kind, const char *ref, char *out, size_t outlen);

/* Whether a school, trust or local authority has a school (open or closed)
   in region: 1 yes, 0 no, -1 error. Supporting organisations are national:
   always 1. */
int org_in_region(Db *db, OrgKind kind, const char *ref, const char *region);

typedef struct Organisation {
    int64_t id;
    char *name;
    char *kind; /* supporting-organisation, system-leader */
} Organisation;

typedef struct OrganisationList {
    Organisation *items;
    size_t n;
} OrganisationList;

int organisations_list(Db *db, OrganisationList *out);
void organisation_list_free(OrganisationList *l);

/* Adds one inside the caller's transaction, audited ("organisation.create");
   an existing name (any case) gives its id instead. kind: as above. */
int organisation_add(Db *db, const Actor *actor, const char *name, const char *kind, int64_t *id);

/* "Supporting organisation", "System leader". */
const char *organisation_kind_label(const char *kind);

#endif
