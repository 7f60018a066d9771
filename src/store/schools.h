/*
 * schools.h - reading the reference data about schools and groups (trusts,
 * federations, sponsors): finding schools, one school with its Ofsted history,
 * its predecessors and successors and its trust, and one group with its
 * members. Read-only: the importers (store/import.h) write this data.
 *
 * Dates are ISO yyyy-mm-dd text as stored; NULL where not recorded.
 */
#ifndef RISE_SCHOOLS_H
#define RISE_SCHOOLS_H

#include "store/db.h"
#include "store/inspections.h"

#include <stddef.h>
#include <stdint.h>

#define SCHOOLS_PER_PAGE 25

/* A list of strings (filter values). */
typedef struct StrList {
    char **items;
    size_t n;
} StrList;

void str_list_free(StrList *l);

/* --- search -------------------------------------------------------------- */

typedef enum SchoolSort {
    SCHOOL_SORT_NAME = 0,
    SCHOOL_SORT_URN,
    SCHOOL_SORT_LA,
    SCHOOL_SORT_GRADE, /* ascending: Outstanding first; schools with no grade last either way */
} SchoolSort;

/* How the search text was read. */
typedef enum SchoolMatch {
    SCHOOL_MATCH_ALL = 0,  /* no text: every school (that the filters allow) */
    SCHOOL_MATCH_URN,      /* digits: that URN exactly, open or closed */
    SCHOOL_MATCH_POSTCODE, /* starts like a postcode: a prefix of the postcode, spaces ignored */
    SCHOOL_MATCH_WORDS,    /* words: each must start a word of the name, town or local authority */
} SchoolMatch;

typedef struct SchoolQuery {
    const char *q;      /* URN, postcode or words; NULL or "" for all */
    const char *region; /* exact values from school_filter_values; NULL or "" for any */
    const char *la;
    const char *phase;
    const char *type;
    const char *trust;  /* a group UID (digits) or part of the trust's name */
    const char *grade;  /* "1" .. "4", "none" (never graded), "no-headline" (the latest graded inspection has no
                           headline grade), or NULL / "" for any */
    int include_closed; /* otherwise only 'Open' and 'Open, but proposed to close' */
    SchoolSort sort;
    int descending;
    int page; /* from 1; SCHOOLS_PER_PAGE a page */
} SchoolQuery;

typedef struct SchoolRow {
    int64_t urn;
    char *name, *la_name, *phase, *type_name, *status, *town, *postcode;
    int grade;        /* the latest graded judgement of the school itself, 0 when none */
    char *grade_date; /* its date */
    char *grade_category;
} SchoolRow;

typedef struct SchoolList {
    SchoolRow *items;
    size_t n;
    int64_t total; /* matching schools, for the count and pagination */
    SchoolMatch match;
} SchoolList;

/*
 * Finds schools. The search reads a per-connection in-memory copy of the
 * columns it filters and sorts on, with each school's latest grade, rebuilt
 * when the imports table (or the highest URN or inspection) changes: code
 * that changes schools or inspections without recording an import calls
 * school_search_invalidate. 0 or -1.
 */
int school_search(Db *db, const SchoolQuery *q, SchoolList *out);
void school_list_free(SchoolList *l);
/* Makes the next search rebuild its copy. */
void school_search_invalidate(Db *db);

/*
 * How q will be read, with the term used: the URN digits, the normalised
 * postcode prefix (upper case, no spaces), or the FTS5 expression (each word
 * a double-quoted prefix term, a double quote inside doubled). term gets ""
 * for SCHOOL_MATCH_ALL. Exposed for tests.
 */
SchoolMatch school_query_parse(const char *q, char *term, size_t termlen);

/* The distinct regions, local authorities, phases and types, sorted, for
   the filter lists (from the same copy as the search). 0 or -1. */
typedef struct SchoolFilterValues {
    StrList regions, las, phases, types;
} SchoolFilterValues;
int school_filter_values(Db *db, SchoolFilterValues *out);
void school_filter_values_free(SchoolFilterValues *v);

/* --- one school ----------------------------------------------------------- */

#define SCHOOL_NUM_NONE (-1) /* a number that is not recorded */

typedef struct School {
    int64_t urn;
    char *name, *la_code, *la_name, *establishment_number, *type_name, *type_group, *status, *open_date,
        *close_date, *reason_opened, *reason_closed, *phase;
    int64_t low_age, high_age; /* SCHOOL_NUM_NONE when not recorded */
    char *religious_character, *diocese_code, *diocese_name;
    int64_t trust_uid; /* 0 when none */
    char *trust_name, *sponsor_name, *federation_uid, *federation_name, *ukprn, *street, *locality, *address3,
        *town, *county, *postcode, *region, *district_code, *district_name;
    int64_t easting, northing, pupils, capacity; /* SCHOOL_NUM_NONE when not recorded */
    double percent_fsm;                          /* negative when not recorded */
    char *website, *telephone, *last_changed;
} School;

/* 1 found, 0 not found, -1 error. */
int school_get(Db *db, int64_t urn, School *out);
void school_free(School *s);

/* --- predecessors and successors ------------------------------------------- */

typedef struct SchoolLink {
    int64_t urn;       /* the linked school */
    char *name;        /* its name (GIAS record, else the link's own) */
    char *status;      /* its status, when in the data */
    int64_t via;       /* the school whose link names it (the school itself for a direct link) */
    char *link_type;   /* as GIAS writes it, on the link from via (or to via, for a one-way link) */
    char *established; /* the link's date */
    int generation;    /* -1 predecessor, -2 its predecessor ...; +1 successor ...; 0 another kind of link */
} SchoolLink;

typedef struct SchoolLinkList {
    SchoolLink *items;
    size_t n;
} SchoolLinkList;

/*
 * The chain of predecessors and successors (link types starting
 * "Predecessor" or "Successor", followed in both directions and from both
 * ends of a link, up to HISTORY_MAX_DEPTH steps) and the school's other
 * direct links. Each school once, nearest first. 0 or -1.
 */
int school_links_get(Db *db, int64_t urn, SchoolLinkList *out);
void school_link_list_free(SchoolLinkList *l);

/* --- trust and other groups ----------------------------------------------- */

typedef struct Membership {
    int64_t group_uid;
    char *group_name, *group_type, *group_status;
    char *joined, *left;    /* dates; NULL when not recorded / still a member */
    int from_establishment; /* no dated membership: from the school's own record (trust_uid) */
} Membership;

typedef struct MembershipList {
    Membership *items;
    size_t n;
} MembershipList;

/*
 * The groups the school is or was in (group links, with dates), current
 * first; when the school's own record names a trust that no dated membership
 * does, that trust is added with from_establishment set and no dates. 0 or -1.
 */
int school_memberships(Db *db, int64_t urn, MembershipList *out);
void membership_list_free(MembershipList *l);

/* Is this group type an academy or foundation trust (not a federation,
   sponsor or children's centres group)? */
int group_type_is_trust(const char *type);

typedef struct Group {
    int64_t uid;
    char *group_id, *name, *companies_house, *type, *status, *open_date, *closed_date, *incorporated_on, *town,
        *postcode, *ukprn;
} Group;

/* 1 found, 0 not found, -1 error. */
int group_get(Db *db, int64_t uid, Group *out);
void group_free(Group *g);

typedef struct GroupMember {
    int64_t urn;
    char *name;             /* NULL when the school is not in the establishment data */
    char *joined, *left;
    int from_establishment; /* listed by the school's record, not by a dated membership */
    char *status, *phase, *type_name, *la_name;
    int64_t current_trust_uid; /* the trust the school's own record names now (0 none) */
    char *current_trust_name;
    int grade;               /* the latest graded judgement of the school itself, 0 when none */
    char *grade_date, *grade_category;
    InspectionList history;  /* filled when asked for */
} GroupMember;

typedef struct GroupMemberList {
    GroupMember *items;
    size_t n;
} GroupMemberList;

/*
 * The group's schools: every dated membership (current and ended) and every
 * school whose own record names the group without one, by name. With
 * with_history, each member's school_history is loaded too. 0 or -1.
 */
int group_members_get(Db *db, int64_t uid, int with_history, GroupMemberList *out);
void group_member_list_free(GroupMemberList *l);

#endif
