/*
 * responsible_body.h - who is responsible for a school: its local authority
 * or its academy trust, from its GIAS establishment type (DOMAIN.md section
 * 3 step 2: "the trust or local authority ... is told first"; issue 10
 * item 14). Pure: no I/O.
 */
#ifndef RISE_RESPONSIBLE_BODY_H
#define RISE_RESPONSIBLE_BODY_H

typedef enum ResponsibleBodyKind {
    RB_NONE = 0,        /* neither: independent, non-maintained special, FE, unknown type */
    RB_LOCAL_AUTHORITY, /* a maintained school: its local authority */
    RB_TRUST,           /* an academy or free school: its academy trust */
} ResponsibleBodyKind;

/*
 * The kind of responsible body for a GIAS "TypeOfEstablishment (name)",
 * looked up in the table in responsible_body.c (any case); a type not in
 * the table falls back to its "EstablishmentTypeGroup (name)": "Local
 * authority maintained schools" is the local authority, "Academies" and
 * "Free Schools" a trust, anything else none.
 */
ResponsibleBodyKind responsible_body_kind(const char *type_name, const char *type_group);

/* A school's responsible body: its kind and its name as GIAS gives it. */
typedef struct ResponsibleBody {
    ResponsibleBodyKind kind;
    const char *name; /* the local authority's or trust's name; NULL when GIAS names none */
} ResponsibleBody;

/*
 * The responsible body of a school: for a maintained school its local
 * authority (la_name), whatever trust GIAS lists (a foundation school's
 * foundation trust is not its responsible body); for an academy its trust
 * (trust_name). name points into the arguments.
 */
ResponsibleBody responsible_body(const char *type_name, const char *type_group, const char *la_name,
                                 const char *trust_name);

#endif
