/*
 * import_ofsted.c - the Ofsted files, as Ofsted publishes them, and GIAS's
 * latest-inspection columns. Each inspection a row carries becomes a report
 * (store/inspections.h); the one record of each inspection is derived from
 * all reports after the file (inspections_rebuild).
 *
 * history:  URN, Rating, Inspection Date (yyyymmdd): one graded inspection
 *           a row, filed under the URN it was made under.
 * mi:       Ofsted's management information ("State-funded schools
 *           inspections and outcomes as at 31 August 2025" and the monthly
 *           files of that family): per open school, its latest graded
 *           inspection, its previous graded inspection and its latest
 *           ungraded inspection, each with the URN it was made under (often
 *           a predecessor's). Overall effectiveness "Not judged" is a graded
 *           inspection without a headline grade (September 2024 on); codes
 *           0, 8 and 9 mean no judgement; SM, SWK and NTI are categories of
 *           concern. Since 2026 the same family has the report card (each
 *           area's grade and its date, safeguarding standards met or not
 *           met) beside the latest graded inspection of the old framework
 *           ("OEIF") and the latest ungraded one; "NULL" marks an empty
 *           value. The two layouts are told apart by their columns.
 *
 * Besides its inspections, a management-information row says that they are
 * all the graded inspections of the school from its previous one to the
 * file's last inspection date: recorded as coverage, which tells a GIAS
 * "last inspection" that is none of them to be an ungraded inspection
 * (domain/inspections.h, M3).
 */
#include "domain/grades.h"
#include "store/import_internal.h"
#include "store/inspections.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- GIAS ---------------------------------------------------------------------- */

int gias_inspection_report(Ctx *c, long long urn, const char *date, int grade, const char *rating,
                           const char *category)
{
    InspectionReport r = {.source = "gias", .urn = urn, .start = date, .kind = "any", .overall = grade,
                          .overall_text = rating, .category = category, .converted = -1};
    return inspection_report_put(c->db, &r, c->import_id) < 0 ? -1 : 0;
}

/* --- the graded inspection history ---------------------------------------------- */

enum { O_URN, O_RATING, O_DATE, O_NCOLS };
static const ColSpec HISTORY_COLS[O_NCOLS] = {
    [O_URN] = {{"urn"}, 1, "URN"},
    [O_RATING] = {{"rating", "overalleffectiveness"}, 1, "Rating"},
    [O_DATE] = {{"inspectiondate", "inspectionstartdate"}, 1, "Inspection Date"},
};

/* Counts a report's outcome in the file's summary. */
static int counted(Ctx *c, int outcome)
{
    if (outcome < 0)
        return -1;
    if (outcome == 1)
        c->res->added++;
    else if (outcome == 2)
        c->res->updated++;
    else
        c->res->unchanged++;
    return 0;
}

static int history_row(Ctx *c)
{
    long long urn = imp_urn(c, O_URN);
    const char *rating = imp_val(c, O_RATING);
    const char *category = NULL;
    int grade = grade_from_text(rating, &category);
    if (grade < 0)
        imp_problem(c, O_RATING, "Rating '%s' is not an Ofsted judgement (Outstanding, Good, Satisfactory, Requires"
                                 " improvement or Inadequate)", rating);
    char date[11];
    imp_date_val(c, O_DATE, date);
    if (!c->row_bad && !date[0])
        imp_problem(c, O_DATE, "Inspection Date is blank");
    if (c->row_bad || !c->writing || grade == 0)
        return 0;
    InspectionReport r = {.source = "ofsted-history", .urn = urn, .start = date, .kind = "graded",
                          .overall = grade, .overall_text = rating, .category = category, .converted = -1};
    return counted(c, inspection_report_put(c->db, &r, c->import_id));
}

/* --- management information: the columns --------------------------------------- */

/* The columns of one inspection in a row; -1 where the layout has none. */
typedef struct Group {
    const char *kind; /* "graded", "ungraded", "report-card" */
    const char *what; /* how messages name it: "latest graded inspection" */
    int number, type, type_grouping, event_grouping, start, publication, urn_then, laestab, name_then, type_then;
    int overall, category, quality, behaviour, personal, leadership, safeguarding, early, sixth;
    int outcome, converted;
    int areas[8], area_dates[8], safeguarding_standards, safeguarding_date; /* report cards */
} Group;

#define NONE_8 {-1, -1, -1, -1, -1, -1, -1, -1}

/* Ofsted's management information up to 2025 (76 columns). */
enum {
    A_URN, A_LAESTAB, A_NAME,
    L_NUMBER, L_TYPE, L_TGROUP, L_EGROUP, L_START, L_PUB, L_URN, L_LAESTAB, L_NAME, L_STYPE, L_OVERALL, L_CAT, L_QE,
    L_BA, L_PD, L_LM, L_SG, L_EY, L_SF,
    P_NUMBER, P_START, P_PUB, P_URN, P_LAESTAB, P_NAME, P_STYPE, P_OVERALL, P_CAT, P_QE, P_BA, P_PD, P_LM, P_SG,
    P_EY, P_SF,
    U_NUMBER, U_URN, U_LAESTAB, U_NAME, U_STYPE, U_DATE, U_PUB, U_CONVERTED, U_OUTCOME,
    A_NCOLS
};

static const ColSpec MI_COLS[A_NCOLS] = {
    [A_URN] = {{"urn"}, 1, "URN"},
    [A_LAESTAB] = {{"laestab"}, 0, NULL},
    [A_NAME] = {{"schoolname"}, 0, NULL},
    [L_NUMBER] = {{"inspectionnumberoflatestgradedinspection", "inspectionnumber"}, 0, NULL},
    [L_TYPE] = {{"inspectiontype"}, 0, NULL},
    [L_TGROUP] = {{"inspectiontypegrouping"}, 0, NULL},
    [L_EGROUP] = {{"eventtypegrouping"}, 0, NULL},
    [L_START] = {{"inspectionstartdate", "inspectiondate", "latestinspectionstartdate"}, 1, "Inspection start date"},
    [L_PUB] = {{"publicationdate"}, 0, NULL},
    [L_URN] = {{"urnattimeoflatestgradedinspection"}, 0, NULL},
    [L_LAESTAB] = {{"laestabattimeoflatestgradedinspection"}, 0, NULL},
    [L_NAME] = {{"schoolnameattimeoflatestgradedinspection"}, 0, NULL},
    [L_STYPE] = {{"schooltypeattimeoflatestgradedinspection"}, 0, NULL},
    [L_OVERALL] = {{"overalleffectiveness"}, 1, "Overall effectiveness"},
    [L_CAT] = {{"categoryofconcern"}, 0, NULL},
    [L_QE] = {{"qualityofeducation", "qualityofteachinglearningandassessment"}, 0, NULL},
    [L_BA] = {{"behaviourandattitudes", "personaldevelopmentbehaviourandwelfare"}, 0, NULL},
    [L_PD] = {{"personaldevelopment"}, 0, NULL},
    [L_LM] = {{"effectivenessofleadershipandmanagement", "leadershipandmanagement"}, 0, NULL},
    [L_SG] = {{"safeguardingiseffective"}, 0, NULL},
    [L_EY] = {{"earlyyearsprovisionwhereapplicable", "earlyyearsprovision"}, 0, NULL},
    [L_SF] = {{"sixthformprovisionwhereapplicable", "sixthformprovision"}, 0, NULL},
    [P_NUMBER] = {{"previousinspectionnumber"}, 0, NULL},
    [P_START] = {{"previousinspectionstartdate", "previousfullinspectionstartdate"}, 0, NULL},
    [P_PUB] = {{"previouspublicationdate"}, 0, NULL},
    [P_URN] = {{"urnattimeofpreviousgradedinspection"}, 0, NULL},
    [P_LAESTAB] = {{"laestabattimeofpreviousgradedinspection"}, 0, NULL},
    [P_NAME] = {{"schoolnameattimeofpreviousgradedinspection"}, 0, NULL},
    [P_STYPE] = {{"schooltypeattimeofpreviousgradedinspection"}, 0, NULL},
    [P_OVERALL] = {{"previousgradedinspectionoveralleffectiveness", "previousfullinspectionoveralleffectiveness",
                    "previousoveralleffectiveness"}, 0, NULL},
    [P_CAT] = {{"previouscategoryofconcern"}, 0, NULL},
    [P_QE] = {{"previousqualityofeducation"}, 0, NULL},
    [P_BA] = {{"previousbehaviourandattitudes"}, 0, NULL},
    [P_PD] = {{"previouspersonaldevelopment"}, 0, NULL},
    [P_LM] = {{"previouseffectivenessofleadershipandmanagement"}, 0, NULL},
    [P_SG] = {{"previoussafeguardingiseffective"}, 0, NULL},
    [P_EY] = {{"previousearlyyearsprovisionwhereapplicable"}, 0, NULL},
    [P_SF] = {{"previoussixthformprovisionwhereapplicable"}, 0, NULL},
    [U_NUMBER] = {{"latestungradedinspectionnumbersincelastgradedinspection", "latestungradedinspectionnumber"},
                  0, NULL},
    [U_URN] = {{"urnattimeoftheungradedinspection"}, 0, NULL},
    [U_LAESTAB] = {{"laestabattimeoftheungradedinspection"}, 0, NULL},
    [U_NAME] = {{"schoolnameattimeofthelatestungradedinspection", "schoolnameattimeoftheungradedinspection"}, 0,
                NULL},
    [U_STYPE] = {{"schooltypeattimeofthelatestungradedinspection", "schooltypeattimeoftheungradedinspection"}, 0,
                 NULL},
    [U_DATE] = {{"dateoflatestungradedinspection"}, 0, NULL},
    [U_PUB] = {{"ungradedinspectionpublicationdate"}, 0, NULL},
    [U_CONVERTED] = {{"didthelatestungradedinspectionconverttoagradedinspection"}, 0, NULL},
    [U_OUTCOME] = {{"ungradedinspectionoveralloutcome"}, 0, NULL},
};

static const Group MI_GROUPS[] = {
    {"graded", "latest graded inspection", L_NUMBER, L_TYPE, L_TGROUP, L_EGROUP, L_START, L_PUB, L_URN, L_LAESTAB,
     L_NAME, L_STYPE, L_OVERALL, L_CAT, L_QE, L_BA, L_PD, L_LM, L_SG, L_EY, L_SF, -1, -1, NONE_8, NONE_8, -1, -1},
    {"graded", "previous graded inspection", P_NUMBER, -1, -1, -1, P_START, P_PUB, P_URN, P_LAESTAB, P_NAME, P_STYPE,
     P_OVERALL, P_CAT, P_QE, P_BA, P_PD, P_LM, P_SG, P_EY, P_SF, -1, -1, NONE_8, NONE_8, -1, -1},
    {"ungraded", "latest ungraded inspection", U_NUMBER, -1, -1, -1, U_DATE, U_PUB, U_URN, U_LAESTAB, U_NAME,
     U_STYPE, -1, -1, -1, -1, -1, -1, -1, -1, -1, U_OUTCOME, U_CONVERTED, NONE_8, NONE_8, -1, -1},
};

/* Ofsted's management information from 2026, with report cards (85 columns). */
enum {
    B_URN, B_LAESTAB, B_NAME,
    R_NUMBER, R_TYPE, R_TGROUP, R_EGROUP, R_START, R_PUB, R_URN, R_LAESTAB, R_NAME, R_STYPE, R_CAT, R_SG, R_SG_DATE,
    R_INCLUSION, R_INCLUSION_DATE, R_CURRICULUM, R_CURRICULUM_DATE, R_ACHIEVEMENT, R_ACHIEVEMENT_DATE, R_ATTENDANCE,
    R_ATTENDANCE_DATE, R_PERSONAL, R_PERSONAL_DATE, R_EARLY, R_EARLY_DATE, R_POST16, R_POST16_DATE, R_LEADERSHIP,
    R_LEADERSHIP_DATE,
    E_NUMBER, E_TYPE, E_TGROUP, E_EGROUP, E_START, E_PUB, E_URN, E_LAESTAB, E_NAME, E_STYPE, E_CAT, E_OVERALL, E_QE,
    E_BA, E_PD, E_LM, E_SG, E_EY, E_SF,
    V_NUMBER, V_DATE, V_PUB, V_URN, V_LAESTAB, V_NAME, V_STYPE, V_OUTCOME,
    B_NCOLS
};

static const ColSpec MI_RC_COLS[B_NCOLS] = {
    [B_URN] = {{"urn"}, 1, "URN"},
    [B_LAESTAB] = {{"laestab"}, 0, NULL},
    [B_NAME] = {{"schoolname"}, 0, NULL},
    [R_NUMBER] = {{"inspectionnumberoflatestfullinspection"}, 0, NULL},
    [R_TYPE] = {{"inspectiontype"}, 0, NULL},
    [R_TGROUP] = {{"inspectiontypegrouping"}, 0, NULL},
    [R_EGROUP] = {{"eventtypegrouping"}, 0, NULL},
    [R_START] = {{"inspectionstartdate"}, 1, "Inspection start date"},
    [R_PUB] = {{"publicationdate"}, 0, NULL},
    [R_URN] = {{"urnattimeoflatestfullinspection"}, 0, NULL},
    [R_LAESTAB] = {{"laestabattimeoflatestfullinspection"}, 0, NULL},
    [R_NAME] = {{"schoolnameattimeoflatestfullinspection"}, 0, NULL},
    [R_STYPE] = {{"schooltypeattimeoflatestfullinspection"}, 0, NULL},
    [R_CAT] = {{"categoryofconcern"}, 0, NULL},
    [R_SG] = {{"safeguardingstandards"}, 1, "Safeguarding standards"},
    [R_SG_DATE] = {{"safeguardingstandardsdateofgrade"}, 0, NULL},
    [R_INCLUSION] = {{"inclusion"}, 0, NULL},
    [R_INCLUSION_DATE] = {{"inclusiondateofgrade"}, 0, NULL},
    [R_CURRICULUM] = {{"curriculumandteaching"}, 0, NULL},
    [R_CURRICULUM_DATE] = {{"curriculumandteachingdateofgrade"}, 0, NULL},
    [R_ACHIEVEMENT] = {{"achievement"}, 0, NULL},
    [R_ACHIEVEMENT_DATE] = {{"achievementdateofgrade"}, 0, NULL},
    [R_ATTENDANCE] = {{"attendanceandbehaviour"}, 0, NULL},
    [R_ATTENDANCE_DATE] = {{"attendanceandbehaviourdateofgrade"}, 0, NULL},
    [R_PERSONAL] = {{"personaldevelopmentandwellbeing"}, 0, NULL},
    [R_PERSONAL_DATE] = {{"personaldevelopmentandwellbeingdateofgrade"}, 0, NULL},
    [R_EARLY] = {{"earlyyearswhereapplicable", "earlyyears"}, 0, NULL},
    [R_EARLY_DATE] = {{"earlyyearsdateofgrade"}, 0, NULL},
    [R_POST16] = {{"post16provisionwhereapplicable", "post16provision", "post16"}, 0, NULL},
    [R_POST16_DATE] = {{"post16provisiondateofgrade", "post16dateofgrade"}, 0, NULL},
    [R_LEADERSHIP] = {{"leadershipandgovernance"}, 1, "Leadership and governance"},
    [R_LEADERSHIP_DATE] = {{"leadershipandgovernancedateofgrade"}, 0, NULL},
    [E_NUMBER] = {{"inspectionnumberoflatestoeifgradedinspection"}, 0, NULL},
    [E_TYPE] = {{"inspectiontypeoflatestoeifgradedinspection"}, 0, NULL},
    [E_TGROUP] = {{"inspectiontypegroupingoflatestoeifgradedinspection"}, 0, NULL},
    [E_EGROUP] = {{"eventtypegroupingoflatestoeifgradedinspection"}, 0, NULL},
    [E_START] = {{"inspectionstartdateoflatestoeifgradedinspection"}, 0, NULL},
    [E_PUB] = {{"publicationdateoflatestoeifgradedinspection"}, 0, NULL},
    [E_URN] = {{"urnattimeoflatestoeifgradedinspection"}, 0, NULL},
    [E_LAESTAB] = {{"laestabattimeoflatestoeifgradedinspection"}, 0, NULL},
    [E_NAME] = {{"schoolnameattimeoflatestoeifgradedinspection"}, 0, NULL},
    [E_STYPE] = {{"schooltypeattimeoflatestoeifgradedinspection"}, 0, NULL},
    [E_CAT] = {{"latestoeifcategoryofconcern"}, 0, NULL},
    [E_OVERALL] = {{"latestoeifoveralleffectiveness"}, 0, NULL},
    [E_QE] = {{"latestoeifqualityofeducation"}, 0, NULL},
    [E_BA] = {{"latestoeifbehaviourandattitudes"}, 0, NULL},
    [E_PD] = {{"latestoeifpersonaldevelopment"}, 0, NULL},
    [E_LM] = {{"latestoeifeffectivenessofleadershipandmanagement"}, 0, NULL},
    [E_SG] = {{"latestoeifsafeguardingiseffective"}, 0, NULL},
    [E_EY] = {{"latestoeifearlyyearsprovisionwhereapplicable"}, 0, NULL},
    [E_SF] = {{"latestoeifsixthformprovisionwhereapplicable"}, 0, NULL},
    [V_NUMBER] = {{"latestungradedinspectionnumber"}, 0, NULL},
    [V_DATE] = {{"dateoflatestungradedinspection"}, 0, NULL},
    [V_PUB] = {{"ungradedinspectionpublicationdate"}, 0, NULL},
    [V_URN] = {{"urnattimeoftheungradedinspection"}, 0, NULL},
    [V_LAESTAB] = {{"laestabattimeoftheungradedinspection"}, 0, NULL},
    [V_NAME] = {{"schoolnameattimeoftheungradedinspection"}, 0, NULL},
    [V_STYPE] = {{"schooltypeattimeoftheungradedinspection"}, 0, NULL},
    [V_OUTCOME] = {{"ungradedinspectionoveralloutcome"}, 0, NULL},
};

static const Group MI_RC_GROUPS[] = {
    {"report-card", "report card", R_NUMBER, R_TYPE, R_TGROUP, R_EGROUP, R_START, R_PUB, R_URN, R_LAESTAB, R_NAME,
     R_STYPE, -1, R_CAT, -1, -1, -1, -1, -1, -1, -1, -1, -1,
     {R_INCLUSION, R_CURRICULUM, R_ACHIEVEMENT, R_ATTENDANCE, R_PERSONAL, R_EARLY, R_POST16, R_LEADERSHIP},
     {R_INCLUSION_DATE, R_CURRICULUM_DATE, R_ACHIEVEMENT_DATE, R_ATTENDANCE_DATE, R_PERSONAL_DATE, R_EARLY_DATE,
      R_POST16_DATE, R_LEADERSHIP_DATE},
     R_SG, R_SG_DATE},
    {"graded", "latest graded inspection (before report cards)", E_NUMBER, E_TYPE, E_TGROUP, E_EGROUP, E_START,
     E_PUB, E_URN, E_LAESTAB, E_NAME, E_STYPE, E_OVERALL, E_CAT, E_QE, E_BA, E_PD, E_LM, E_SG, E_EY, E_SF, -1, -1,
     NONE_8, NONE_8, -1, -1},
    {"ungraded", "latest ungraded inspection", V_NUMBER, -1, -1, -1, V_DATE, V_PUB, V_URN, V_LAESTAB, V_NAME,
     V_STYPE, -1, -1, -1, -1, -1, -1, -1, -1, -1, V_OUTCOME, -1, NONE_8, NONE_8, -1, -1},
};

/* The report-card areas as the judgements JSON names them (domain/eligibility.h
   RC_LEADERSHIP is the last). */
static const char *const AREA_KEYS[8] = {"inclusion", "curriculum and teaching", "achievement",
                                         "attendance and behaviour", "personal development and well-being",
                                         "early years", "post-16", "leadership and governance"};

/* --- management information: a row ------------------------------------------------ */

/* The value of column col, treating the 2026 files' "NULL" as blank; NULL
   when the layout has no such column. */
static const char *mi_val(Ctx *c, int col)
{
    if (col < 0)
        return NULL;
    const char *v = imp_val(c, col);
    return v && strcmp(v, "NULL") == 0 ? NULL : v;
}

/* A date column, with "NULL" blank; out is "" when blank. */
static void mi_date(Ctx *c, int col, char out[11])
{
    out[0] = '\0';
    if (col >= 0 && mi_val(c, col))
        imp_date_val(c, col, out);
}

/* A judgement code column into the JSON object under key; returns the grade. */
static int code_col(Ctx *c, const Group *g, int col, json_t *j, const char *key)
{
    const char *v = mi_val(c, col);
    if (!v)
        return 0;
    int grade = grade_from_code(v);
    if (grade < 0) {
        imp_problem(c, col, "%s '%s' is not a judgement: 1 to 4, or 0, 8 or 9 for none (%s)", imp_header_label(c, col),
                    v, g->what);
        return 0;
    }
    if (grade > 0)
        json_object_set_new(j, key, json_integer(grade));
    return grade;
}

/* The report card's areas into j: {"inclusion": "Expected standard", ..., "dates": {...}}. */
static void report_card_areas(Ctx *c, const Group *g, json_t *j)
{
    json_t *dates = json_object();
    for (int a = 0; a < 8; a++) {
        const char *v = mi_val(c, g->areas[a]);
        if (!v || strcasecmp(v, "Not applicable") == 0)
            continue;
        static const char *const scale[5] = {"Urgent improvement", "Needs attention", "Expected standard",
                                             "Strong standard", "Exceptional"};
        int level = 0;
        for (int k = 0; k < 5 && !level; k++)
            if (strcasecmp(v, scale[k]) == 0)
                level = k + 1;
        if (!level) {
            imp_problem(c, g->areas[a],
                        "%s '%s' is not a report-card grade (Urgent improvement, Needs attention, Expected standard,"
                        " Strong standard, Exceptional or Not applicable)", imp_header_label(c, g->areas[a]), v);
            continue;
        }
        json_object_set_new(j, AREA_KEYS[a], json_string(scale[level - 1]));
        char d[11];
        mi_date(c, g->area_dates[a], d);
        if (d[0])
            json_object_set_new(dates, AREA_KEYS[a], json_string(d));
    }
    const char *sg = mi_val(c, g->safeguarding_standards);
    if (sg) {
        if (strcasecmp(sg, "Met") == 0 || strcasecmp(sg, "Not met") == 0) {
            json_object_set_new(j, "safeguarding", json_string(strcasecmp(sg, "Met") == 0 ? "met" : "not met"));
            char d[11];
            mi_date(c, g->safeguarding_date, d);
            if (d[0])
                json_object_set_new(dates, "safeguarding", json_string(d));
        } else
            imp_problem(c, g->safeguarding_standards, "%s '%s' must be Met or Not met",
                        imp_header_label(c, g->safeguarding_standards), sg);
    }
    if (json_object_size(dates))
        json_object_set(j, "dates", dates);
    json_decref(dates);
}

/* Keeps the latest inspection date of the file (M3's "up to"). */
static void horizon(Ctx *c, const char *date)
{
    if (date[0] && strcmp(date, c->horizon) > 0)
        memcpy(c->horizon, date, 11);
}

/*
 * One inspection of the row: validated, and when writing, reported. *start
 * gets its start date ("" when the row has none of this kind).
 */
static int mi_group(Ctx *c, const Group *g, long long row_urn, char start[11])
{
    mi_date(c, g->start, start);
    char pub[11];
    mi_date(c, g->publication, pub);
    long long urn_then = row_urn;
    const char *ut = mi_val(c, g->urn_then);
    if (ut) {
        char *end;
        urn_then = strtoll(ut, &end, 10);
        if (*end || urn_then <= 0) {
            imp_problem(c, g->urn_then, "%s '%s' is not a URN", imp_header_label(c, g->urn_then), ut);
            urn_then = row_urn;
        }
    }
    int not_judged = 0, overall = 0;
    const char *ov = mi_val(c, g->overall);
    if (ov) {
        overall = grade_from_overall(ov, &not_judged);
        if (overall < 0) {
            imp_problem(c, g->overall, "%s '%s' is not a judgement: 1 to 4, or Not judged", imp_header_label(c, g->overall),
                        ov);
            overall = 0;
        }
    }
    int bad = 0;
    const char *cat_text = mi_val(c, g->category);
    const char *category = category_from_text(cat_text, &bad);
    if (bad)
        imp_problem(c, g->category, "%s '%s' is not a category of concern (SM, SWK or NTI, or blank)",
                    imp_header_label(c, g->category), cat_text);
    json_t *j = json_object();
    int quality = code_col(c, g, g->quality, j, "quality of education");
    code_col(c, g, g->behaviour, j, "behaviour and attitudes");
    code_col(c, g, g->personal, j, "personal development");
    int leadership = code_col(c, g, g->leadership, j, "leadership and management");
    code_col(c, g, g->early, j, "early years");
    code_col(c, g, g->sixth, j, "sixth form");
    const char *sg = mi_val(c, g->safeguarding);
    if (sg) {
        if (strcasecmp(sg, "Yes") == 0 || strcasecmp(sg, "No") == 0)
            json_object_set_new(j, "safeguarding", json_string(strcasecmp(sg, "Yes") == 0 ? "effective"
                                                                                          : "not effective"));
        else if (grade_from_code(sg) != 0)
            imp_problem(c, g->safeguarding, "%s '%s' must be Yes or No (or 9 for no judgement)",
                        imp_header_label(c, g->safeguarding), sg);
    }
    if (g->areas[0] >= 0)
        report_card_areas(c, g, j);
    int converted = -1;
    const char *cv = mi_val(c, g->converted);
    if (cv) {
        if (strcasecmp(cv, "Yes") == 0 || strcasecmp(cv, "No") == 0)
            converted = strcasecmp(cv, "Yes") == 0;
        else
            imp_problem(c, g->converted, "%s '%s' must be Yes or No", imp_header_label(c, g->converted), cv);
    }
    const char *outcome = mi_val(c, g->outcome);
    /* a judgement with no date to put it on */
    if (!start[0] && (ov || outcome || json_object_size(j)) && g->start >= 0 && !c->row_bad)
        imp_problem(c, g->start, "the %s has judgements but no %s", g->what, imp_header_label(c, g->start));
    int rc = 0;
    if (start[0] && !c->row_bad && c->writing) {
        char *js = json_object_size(j) ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        InspectionReport r = {
            .source = "ofsted-mi", .urn = urn_then, .start = start, .kind = g->kind,
            .number = mi_val(c, g->number), .publication = pub, .type = mi_val(c, g->type),
            .type_grouping = mi_val(c, g->type_grouping), .event_grouping = mi_val(c, g->event_grouping),
            .overall = overall, .overall_text = not_judged ? "Not judged" : overall ? grade_name(overall) : NULL,
            .category = category, .quality = quality, .leadership = leadership, .judgements = js,
            .outcome = outcome, .converted = converted, .school_name = mi_val(c, g->name_then),
            .school_type = mi_val(c, g->type_then), .laestab = mi_val(c, g->laestab), .reported_for = row_urn};
        rc = counted(c, inspection_report_put(c->db, &r, c->import_id));
        free(js);
    }
    if (start[0])
        horizon(c, start);
    json_decref(j);
    return rc;
}

static void pending_coverage(Ctx *c, long long urn, const char *from, int inclusive)
{
    PendingCoverage *p = xgrow((void **)&c->coverage, &c->n_coverage, &c->cap_coverage, sizeof *p);
    p->urn = urn;
    snprintf(p->from, sizeof p->from, "%s", from);
    p->from_inclusive = inclusive;
}

static int mi_row(Ctx *c)
{
    long long urn = imp_urn(c, A_URN);
    char latest[11], previous[11], ungraded[11];
    int rc = mi_group(c, &MI_GROUPS[0], urn, latest);
    if (rc == 0)
        rc = mi_group(c, &MI_GROUPS[1], urn, previous);
    if (rc == 0)
        rc = mi_group(c, &MI_GROUPS[2], urn, ungraded);
    if (rc != 0 || c->row_bad || !c->writing)
        return rc;
    /* what the row says of the school's graded inspections (M3); only a
       layout with the previous inspection says it from there */
    if (latest[0] && previous[0])
        pending_coverage(c, urn, previous, 0);
    else if (latest[0] && c->idx[P_START] >= 0)
        pending_coverage(c, urn, "0001-01-01", 1); /* no previous graded inspection at all */
    else if (latest[0])
        pending_coverage(c, urn, latest, 1);
    else if (c->idx[P_START] >= 0 && c->idx[L_START] >= 0)
        pending_coverage(c, urn, "0001-01-01", 1); /* no graded inspection yet */
    return 0;
}

static int mi_rc_row(Ctx *c)
{
    long long urn = imp_urn(c, B_URN);
    char card[11], oeif[11], ungraded[11];
    int rc = mi_group(c, &MI_RC_GROUPS[0], urn, card);
    if (rc == 0)
        rc = mi_group(c, &MI_RC_GROUPS[1], urn, oeif);
    if (rc == 0)
        rc = mi_group(c, &MI_RC_GROUPS[2], urn, ungraded);
    if (rc != 0 || c->row_bad || !c->writing)
        return rc;
    /* the latest graded inspection of the old framework: none after it */
    if (oeif[0])
        pending_coverage(c, urn, oeif, 1);
    return 0;
}

int ofsted_finish(Ctx *c)
{
    if (!c->horizon[0])
        return 0;
    for (size_t i = 0; i < c->n_coverage; i++)
        if (inspection_coverage_put(c->db, c->coverage[i].urn, c->coverage[i].from, c->coverage[i].from_inclusive,
                                    c->horizon, c->import_id) != 0)
            return -1;
    return 0;
}

/* --- layouts -------------------------------------------------------------------- */

static int has_header(const CsvRow *h, const char *norm_name)
{
    char n[64];
    for (size_t i = 0; i < h->n; i++) {
        csv_norm_header(h->fields[i], n, sizeof n);
        if (strcmp(n, norm_name) == 0)
            return 1;
    }
    return 0;
}

OfstedFormat ofsted_detect(const CsvRow *header)
{
    if (has_header(header, "leadershipandgovernance") || has_header(header, "latestoeifoveralleffectiveness") ||
        has_header(header, "overalleffectiveness"))
        return OFSTED_MI;
    if (has_header(header, "rating"))
        return OFSTED_HISTORY;
    return OFSTED_DETECT;
}

void ofsted_layout(OfstedFormat f, const CsvRow *header, const ColSpec **spec, int *ncols, int (**row_fn)(Ctx *),
                   const char **shape, const char **format_name)
{
    *spec = NULL;
    if (f == OFSTED_HISTORY) {
        *spec = HISTORY_COLS, *ncols = O_NCOLS, *row_fn = history_row, *format_name = "history";
        *shape = "the graded inspection history (URN, Rating, Inspection Date)";
    } else if (f == OFSTED_MI && (has_header(header, "leadershipandgovernance") ||
                                  has_header(header, "latestoeifoveralleffectiveness"))) {
        *spec = MI_RC_COLS, *ncols = B_NCOLS, *row_fn = mi_rc_row, *format_name = "mi with report cards";
        *shape = "Ofsted's management information with report cards";
    } else if (f == OFSTED_MI) {
        *spec = MI_COLS, *ncols = A_NCOLS, *row_fn = mi_row, *format_name = "mi";
        *shape = "Ofsted's management information";
    }
}
