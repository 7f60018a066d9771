/*
 * responsible_body.c - a school's responsible body from its GIAS type. See
 * responsible_body.h.
 *
 * The rule (issue 10 item 14): "For every maintained school (community,
 * foundation, voluntary aided or controlled, and their special schools) the
 * responsible body is the local authority; for an academy, its trust."
 *
 * Interpretations, written here because GIAS is not explicit:
 * - A foundation or voluntary school can be "supported by a trust" (GIAS's
 *   "Trusts (name)" then names a foundation trust, and a voluntary aided
 *   school's foundation is often a diocese). Those are not academy trusts:
 *   the school is maintained, so the local authority is its responsible
 *   body. The trust column is read only for academies and free schools.
 * - Local authority nursery schools and pupil referral units are maintained
 *   by their local authority too (GIAS puts them in the type group "Local
 *   authority maintained schools").
 * - Free schools, studio schools and university technical colleges are
 *   academies in law (each is run by an academy trust), so their trust.
 * - Non-maintained special schools, independent schools, city technology
 *   colleges and colleges have neither: their proprietor or governing body
 *   answers for them, and none is in scope of the programmes (DOMAIN.md
 *   section 2, "In scope").
 */
#include "domain/responsible_body.h"

#include <stddef.h>
#include <strings.h>

/* GIAS establishment types (TypeOfEstablishment (name)), as published. */
static const struct {
    const char *type;
    ResponsibleBodyKind kind;
} TYPES[] = {
    /* local authority maintained schools */
    {"Community school", RB_LOCAL_AUTHORITY},
    {"Foundation school", RB_LOCAL_AUTHORITY},
    {"Voluntary aided school", RB_LOCAL_AUTHORITY},
    {"Voluntary controlled school", RB_LOCAL_AUTHORITY},
    {"Local authority nursery school", RB_LOCAL_AUTHORITY},
    {"Pupil referral unit", RB_LOCAL_AUTHORITY},
    /* their special schools (type group "Special schools") */
    {"Community special school", RB_LOCAL_AUTHORITY},
    {"Foundation special school", RB_LOCAL_AUTHORITY},
    /* academies */
    {"Academy converter", RB_TRUST},
    {"Academy sponsor led", RB_TRUST},
    {"Academy special converter", RB_TRUST},
    {"Academy special sponsor led", RB_TRUST},
    {"Academy alternative provision converter", RB_TRUST},
    {"Academy alternative provision sponsor led", RB_TRUST},
    {"Academy 16-19 converter", RB_TRUST},
    {"Academy 16 to 19 sponsor led", RB_TRUST},
    {"Academy secure 16 to 19", RB_TRUST},
    /* free schools */
    {"Free schools", RB_TRUST},
    {"Free schools special", RB_TRUST},
    {"Free schools alternative provision", RB_TRUST},
    {"Free schools 16 to 19", RB_TRUST},
    {"Studio schools", RB_TRUST},
    {"University technical college", RB_TRUST},
    /* neither */
    {"Non-maintained special school", RB_NONE},
    {"Other independent school", RB_NONE},
    {"Other independent special school", RB_NONE},
    {"City technology college", RB_NONE},
    {"Further education", RB_NONE},
    {"Sixth form centres", RB_NONE},
};

static int same(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

ResponsibleBodyKind responsible_body_kind(const char *type_name, const char *type_group)
{
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (same(type_name, TYPES[i].type))
            return TYPES[i].kind;
    if (same(type_group, "Local authority maintained schools"))
        return RB_LOCAL_AUTHORITY;
    if (same(type_group, "Academies") || same(type_group, "Free Schools"))
        return RB_TRUST;
    return RB_NONE;
}

ResponsibleBody responsible_body(const char *type_name, const char *type_group, const char *la_name,
                                 const char *trust_name)
{
    ResponsibleBody rb = {responsible_body_kind(type_name, type_group), NULL};
    const char *name = rb.kind == RB_LOCAL_AUTHORITY ? la_name : rb.kind == RB_TRUST ? trust_name : NULL;
    rb.name = name && *name ? name : NULL;
    return rb;
}
