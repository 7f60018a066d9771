/*
 * migrations.c - the database schema, as numbered migrations.
 *
 * Migration N takes a database at PRAGMA user_version N-1 to N. They are
 * applied at start, each in its own transaction (db_migrate). Never edit a
 * migration that has shipped: add a new one.
 */

extern const char *const RISE_MIGRATIONS[];
extern const int RISE_MIGRATION_COUNT;

const char *const RISE_MIGRATIONS[] = {
    /* 1: accounts, sessions, sign-in throttling, the audit trail */
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('delivery-officer','adviser','regional-director',"
    "    'delivery-partner','grant-team','supporting-organisation','school','analyst','admin')),"
    "  region TEXT,"
    "  organisation TEXT,"
    "  password_hash TEXT NOT NULL,"
    "  disabled_at TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  last_login_at TEXT"
    ") STRICT;"
    "CREATE TABLE sessions ("
    "  token_hash BLOB PRIMARY KEY,"
    "  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
    "  csrf_token TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  last_seen_at INTEGER NOT NULL,"
    "  ip TEXT,"
    "  flash TEXT"
    ") STRICT, WITHOUT ROWID;"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE INDEX sessions_last_seen ON sessions(last_seen_at);"
    "CREATE TABLE login_throttle ("
    "  key TEXT PRIMARY KEY,"
    "  failures INTEGER NOT NULL,"
    "  last_failure_at INTEGER NOT NULL"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  actor_id INTEGER,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object_type TEXT NOT NULL,"
    "  object_id TEXT NOT NULL,"
    "  changes TEXT NOT NULL,"
    "  reason TEXT,"
    "  ip TEXT,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX audit_object ON audit(object_type, object_id, id);"
    "CREATE INDEX audit_actor ON audit(actor_id, id);"
    /* The trail is append-only for the program; the hash chain catches
       anyone who edits the file around these triggers. */
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
    "  BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
    "  BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;"
    "CREATE TABLE audit_head ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  last_id INTEGER NOT NULL,"
    "  last_hash TEXT NOT NULL"
    ") STRICT;",

    /* 2: reference data: schools (GIAS establishments), links between them,
       groups (trusts, federations, sponsors) and dated membership, Ofsted
       inspections, and a record of every import */
    "CREATE TABLE imports ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  file_name TEXT NOT NULL,"
    "  started_at TEXT NOT NULL,"
    "  finished_at TEXT,"
    "  status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed')),"
    "  encoding TEXT,"
    "  rows_read INTEGER NOT NULL DEFAULT 0,"
    "  added INTEGER NOT NULL DEFAULT 0,"
    "  updated INTEGER NOT NULL DEFAULT 0,"
    "  unchanged INTEGER NOT NULL DEFAULT 0,"
    "  closed INTEGER NOT NULL DEFAULT 0,"
    "  rejected INTEGER NOT NULL DEFAULT 0,"
    "  message TEXT,"
    "  actor TEXT NOT NULL,"
    "  actor_id INTEGER,"
    "  progress INTEGER NOT NULL DEFAULT 0,"
    "  path TEXT,"
    "  format TEXT,"
    "  skip_invalid INTEGER NOT NULL DEFAULT 0"
    ") STRICT;"
    "CREATE TABLE import_problems ("
    "  import_id INTEGER NOT NULL REFERENCES imports(id),"
    "  line INTEGER NOT NULL,"
    "  col INTEGER NOT NULL,"
    "  reason TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX import_problems_import ON import_problems(import_id);"
    "CREATE TABLE schools ("
    "  urn INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  la_code TEXT, la_name TEXT, establishment_number TEXT,"
    "  type_name TEXT, type_group TEXT,"
    "  status TEXT, open_date TEXT, close_date TEXT, reason_opened TEXT, reason_closed TEXT,"
    "  phase TEXT, low_age INTEGER, high_age INTEGER,"
    "  religious_character TEXT, diocese_code TEXT, diocese_name TEXT,"
    "  trust_uid INTEGER, trust_name TEXT, sponsor_name TEXT, federation_uid TEXT, federation_name TEXT,"
    "  ukprn TEXT, street TEXT, locality TEXT, address3 TEXT, town TEXT, county TEXT, postcode TEXT,"
    "  region TEXT, district_code TEXT, district_name TEXT, easting INTEGER, northing INTEGER,"
    "  pupils INTEGER, capacity INTEGER, percent_fsm REAL, website TEXT, telephone TEXT,"
    "  last_changed TEXT,"
    "  first_import INTEGER, last_import INTEGER"
    ") STRICT;"
    "CREATE INDEX schools_la ON schools(la_name);"
    "CREATE INDEX schools_region ON schools(region, status);"
    "CREATE INDEX schools_trust ON schools(trust_uid);"
    "CREATE INDEX schools_postcode ON schools(replace(upper(postcode), ' ', ''));"
    /* words of the name, town and LA, case- and accent-folded */
    "CREATE VIRTUAL TABLE schools_fts USING fts5(name, town, la_name, content='schools', content_rowid='urn',"
    "  tokenize='unicode61 remove_diacritics 2');"
    "CREATE TRIGGER schools_fts_ai AFTER INSERT ON schools BEGIN"
    "  INSERT INTO schools_fts(rowid, name, town, la_name) VALUES (new.urn, new.name, new.town, new.la_name); END;"
    "CREATE TRIGGER schools_fts_ad AFTER DELETE ON schools BEGIN"
    "  INSERT INTO schools_fts(schools_fts, rowid, name, town, la_name)"
    "  VALUES ('delete', old.urn, old.name, old.town, old.la_name); END;"
    "CREATE TRIGGER schools_fts_au AFTER UPDATE OF name, town, la_name ON schools BEGIN"
    "  INSERT INTO schools_fts(schools_fts, rowid, name, town, la_name)"
    "  VALUES ('delete', old.urn, old.name, old.town, old.la_name);"
    "  INSERT INTO schools_fts(rowid, name, town, la_name) VALUES (new.urn, new.name, new.town, new.la_name); END;"
    "CREATE TABLE school_status_history ("
    "  urn INTEGER NOT NULL,"
    "  status TEXT,"
    "  seen_on TEXT NOT NULL,"
    "  import_id INTEGER,"
    "  PRIMARY KEY (urn, seen_on, status)"
    ") STRICT;"
    "CREATE TABLE school_links ("
    "  urn INTEGER NOT NULL,"
    "  link_urn INTEGER NOT NULL,"
    "  link_name TEXT,"
    "  link_type TEXT NOT NULL,"
    "  established TEXT,"
    "  PRIMARY KEY (urn, link_urn, link_type)"
    ") STRICT;"
    "CREATE INDEX school_links_back ON school_links(link_urn);"
    "CREATE TABLE groups ("
    "  uid INTEGER PRIMARY KEY,"
    "  group_id TEXT, name TEXT NOT NULL, companies_house TEXT, type TEXT, status TEXT,"
    "  open_date TEXT, closed_date TEXT, incorporated_on TEXT, town TEXT, postcode TEXT, ukprn TEXT,"
    "  first_import INTEGER, last_import INTEGER"
    ") STRICT;"
    "CREATE INDEX groups_name ON groups(name);"
    "CREATE TABLE group_members ("
    "  group_uid INTEGER NOT NULL,"
    "  urn INTEGER NOT NULL,"
    "  joined_date TEXT,"
    "  left_date TEXT,"
    "  last_import INTEGER,"
    "  PRIMARY KEY (group_uid, urn)"
    ") STRICT;"
    "CREATE INDEX group_members_urn ON group_members(urn);"
    "CREATE TABLE inspections ("
    "  urn INTEGER NOT NULL,"
    "  inspection_date TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('graded','report-card')),"
    "  overall INTEGER CHECK (overall BETWEEN 1 AND 4),"
    "  overall_text TEXT,"
    "  category TEXT,"
    "  judgements TEXT,"
    "  source TEXT NOT NULL,"
    "  import_id INTEGER,"
    "  PRIMARY KEY (urn, inspection_date)"
    ") STRICT;",

    /* 3: secrets the server keeps (the key that signs pre-login cookies) */
    "CREATE TABLE settings ("
    "  key TEXT PRIMARY KEY,"
    "  value BLOB NOT NULL"
    ") STRICT, WITHOUT ROWID;",

    /* 4: the programmes' parameters (dates, thresholds, amounts) that the
       eligibility rules (domain/si2019.c, tsio2022.c, rise.c) read: values
       are text, dates yyyy-mm-dd, amounts whole pounds */
    "CREATE TABLE programme_params ("
    "  programme TEXT NOT NULL,"
    "  key TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (programme, key)"
    ") STRICT, WITHOUT ROWID;"
    "INSERT INTO programme_params (programme, key, value) VALUES"
    " ('si-2019-20', 'year_start', '2019-09-01'),"
    " ('si-2019-20', 'year_end', '2020-08-31'),"
    " ('si-2019-20', 'history_start', '2005-01-01'),"
    " ('si-2019-20', 'tier3_min_inspections', '4'),"
    " ('si-2019-20', 'nle_days_max', '3'),"
    " ('si-2019-20', 'nle_day_rate', '500'),"
    " ('si-2019-20', 'nle_day_rate_travel', '600'),"
    " ('si-2019-20', 'tier2_grant_max', '16000'),"
    " ('si-2019-20', 'tier2_coordination_max', '2000'),"
    " ('si-2019-20', 'tier3_grant_max', '24000'),"
    " ('si-2019-20', 'tier3_coordination_max', '4000'),"
    " ('tsio-2022-23', 'year_start', '2022-09-01'),"
    " ('tsio-2022-23', 'year_end', '2023-08-31'),"
    " ('tsio-2022-23', 'mat_census_date', '2022-09-01'),"
    " ('tsio-2022-23', 'mat_joined_by', '2019-09-01'),"
    " ('tsio-2022-23', 'mat_min_schools', '2'),"
    " ('tsio-2022-23', 'mat_share_percent', '50'),"
    " ('tsio-2022-23', 'si_score_below', '0'),"
    " ('tsio-2022-23', 'system_leader_days_max', '10'),"
    " ('tsio-2022-23', 'day_rate', '600'),"
    " ('tsio-2022-23', 'nlg_days', '5'),"
    " ('rise', 'planning_grant', '3000'),"
    " ('rise', 'improvement_band_1_max', '40000'),"
    " ('rise', 'improvement_band_2_max', '80000'),"
    " ('rise', 'improvement_band_3_max', '100000'),"
    " ('rise', 'reserves_percent_no_funding', '20'),"
    " ('rise', 'adviser_day_rate', '600'),"
    " ('rise', 'support_months_min', '12'),"
    " ('rise', 'support_months_max', '24');",

    /* 5: cases (one school or trust supported under one programme), opened
       from screening or by exception, and the screening decision log */
    "CREATE TABLE cases ("
    "  id INTEGER PRIMARY KEY,"
    "  programme TEXT NOT NULL,"
    "  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('school','trust')),"
    "  subject_id INTEGER NOT NULL,"
    "  subject_name TEXT NOT NULL,"
    "  region TEXT,"
    "  local_authority TEXT,"
    "  category TEXT CHECK (category IN ('universal','targeted','intervention')),"
    "  status TEXT NOT NULL DEFAULT 'in progress' CHECK (status IN ('in progress','paused','stopped','closed')),"
    "  route TEXT NOT NULL CHECK (route IN ('screening','exception')),"
    "  rationale TEXT NOT NULL,"
    "  opened_at TEXT NOT NULL,"
    "  opened_by_id INTEGER,"
    "  opened_by TEXT NOT NULL"
    ") STRICT;"
    /* "a school or trust cannot have two open cases in the same programme" */
    "CREATE UNIQUE INDEX cases_one_open ON cases(programme, subject_kind, subject_id)"
    "  WHERE status IN ('in progress','paused');"
    "CREATE INDEX cases_subject ON cases(subject_kind, subject_id);"
    "CREATE TABLE screening_decisions ("
    "  id INTEGER PRIMARY KEY,"
    "  programme TEXT NOT NULL,"
    "  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('school','trust')),"
    "  subject_id INTEGER NOT NULL,"
    "  subject_name TEXT NOT NULL,"
    "  decision TEXT NOT NULL CHECK (decision IN ('open-case','set-aside')),"
    "  route TEXT NOT NULL CHECK (route IN ('screening','exception')),"
    "  suggested TEXT,"
    "  rule TEXT,"
    "  category TEXT,"
    "  exception_source TEXT CHECK (exception_source IN ('self-identified','regional-director')),"
    "  reason TEXT NOT NULL,"
    "  as_at TEXT,"
    "  case_id INTEGER REFERENCES cases(id),"
    "  decided_by_id INTEGER,"
    "  decided_by TEXT NOT NULL,"
    "  decided_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX screening_subject ON screening_decisions(programme, subject_kind, subject_id);",

    /* 6: casework. Each programme's stages and tasks are rows of
       task_templates (a new programme year is new rows, not code): who does
       the task, the fields it records (JSON: name, label, type date | text |
       textarea | choice | adviser, required, hint, options), the tasks that
       must be done first ("after", comma-separated), when it applies
       ("when_rule": diocese = the school has a diocese, school = the case is
       a school, NULL = always) and its timeframe (due_days in due_unit:
       working days, or school days that also skip the school holidays,
       counted from the day the last of its "after" tasks was done, or the
       day the case opened). "later" tasks belong to steps not built yet and
       show as "cannot start yet". An identify task with a choice field
       "category" makes the category a decision that the regional director
       approves (RISE); otherwise the case is identified when it opens.
       domain/casework.c works out statuses and due dates from these. */
    "CREATE TABLE task_templates ("
    "  programme TEXT NOT NULL,"
    "  code TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"
    "  stage TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  hint TEXT,"
    "  role TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('identify','record','response','conflict','allocate','later')),"
    "  fields TEXT NOT NULL DEFAULT '[]',"
    "  after TEXT,"
    "  when_rule TEXT CHECK (when_rule IN ('diocese','school')),"
    "  due_days INTEGER,"
    "  due_unit TEXT CHECK (due_unit IN ('working','school')),"
    "  timeframe TEXT,"
    "  later INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (programme, code)"
    ") STRICT, WITHOUT ROWID;"
    "INSERT INTO task_templates (programme, code, position, stage, title, hint, role, kind, fields, after,"
    " when_rule, due_days, due_unit, timeframe, later) VALUES"
    " ('rise','identify',1,'Identification','Confirm the RISE category','The RISE team''s category decision with its rationale. The regional director approves it.','delivery-officer','identify','[{\"name\":\"category\",\"label\":\"Category\",\"type\":\"choice\",\"required\":1,\"hint\":\"Universal: minimal issues, signposting. Targeted: issues needing intensive support, with the capacity to improve. Intervention: structural intervention.\",\"options\":[[\"universal\",\"Universal\"],[\"targeted\",\"Targeted\"],[\"intervention\",\"Intervention\"]]}]',NULL,NULL,NULL,NULL,'When the case is opened',0),"
    " ('rise','contact-rb',2,'Contact','Contact the responsible body','Tell the trust or local authority first. Record the conversation about the school''s challenges and its existing plans.','delivery-officer','record','[{\"name\":\"on\",\"label\":\"Date of the conversation\",\"type\":\"date\",\"required\":1},{\"name\":\"who\",\"label\":\"Who you spoke to\",\"type\":\"text\",\"required\":1,\"hint\":\"Name and role, for example the trust''s chief executive\"},{\"name\":\"organisation\",\"label\":\"Organisation\",\"type\":\"text\",\"required\":0,\"hint\":\"The trust or local authority\"},{\"name\":\"plans\",\"label\":\"What they said about the challenges and existing plans\",\"type\":\"textarea\",\"required\":1}]',NULL,NULL,10,'working','Within 10 working days of the case opening',0),"
    " ('rise','contact-diocese',3,'Contact','Tell the diocese','The school has a religious character: tell its diocese before contacting the school.','delivery-officer','record','[{\"name\":\"on\",\"label\":\"Date you told the diocese\",\"type\":\"date\",\"required\":1},{\"name\":\"who\",\"label\":\"Who you spoke to\",\"type\":\"text\",\"required\":1},{\"name\":\"notes\",\"label\":\"What was discussed\",\"type\":\"textarea\",\"required\":0}]',NULL,'diocese',10,'working','Within 10 working days of the case opening',0),"
    " ('rise','contact-school',4,'Contact','Contact the school','After the responsible body has been told.','delivery-officer','record','[{\"name\":\"on\",\"label\":\"Date of the conversation\",\"type\":\"date\",\"required\":1},{\"name\":\"who\",\"label\":\"Who you spoke to\",\"type\":\"text\",\"required\":1,\"hint\":\"For example the headteacher\"},{\"name\":\"notes\",\"label\":\"What was discussed\",\"type\":\"textarea\",\"required\":0}]','contact-rb','school',5,'working','Within 5 working days of contacting the responsible body',0),"
    " ('rise','school-response',5,'Agreement','Record whether support is accepted','A refusal can be recorded, escalated as an engagement concern, and the response recorded again later.','delivery-officer','response','[{\"name\":\"on\",\"label\":\"Date of the response\",\"type\":\"date\",\"required\":1},{\"name\":\"outcome\",\"label\":\"What did the school or trust decide?\",\"type\":\"choice\",\"options\":[[\"accepted\",\"Accepted support\"],[\"declined\",\"Declined support\"]],\"required\":1},{\"name\":\"reason\",\"label\":\"Their reasons, in their words\",\"type\":\"textarea\",\"required\":1}]','contact-rb,contact-school',NULL,5,'working','The school or trust confirms within 5 working days of being contacted',0),"
    " ('rise','conflict-check',6,'Adviser','Check the adviser for conflicts of interest','Before an adviser is allocated, check they have no conflict with this school, its trust or local authority.','delivery-officer','conflict','[{\"name\":\"on\",\"label\":\"Date of the check\",\"type\":\"date\",\"required\":1},{\"name\":\"adviser\",\"label\":\"Adviser checked\",\"type\":\"adviser\",\"required\":1},{\"name\":\"conflict\",\"label\":\"Does the adviser have a conflict of interest?\",\"type\":\"choice\",\"options\":[[\"no\",\"No conflict\"],[\"yes\",\"Yes, there is a conflict\"]],\"required\":1},{\"name\":\"details\",\"label\":\"Details of the check\",\"type\":\"textarea\",\"required\":1,\"hint\":\"Who you asked and what they declared\"}]','identify,school-response',NULL,5,'working','Within 5 working days of the school accepting',0),"
    " ('rise','allocate-adviser',7,'Adviser','Allocate the adviser','Only an adviser cleared by the conflict-of-interest check can be allocated.','delivery-officer','allocate','[{\"name\":\"on\",\"label\":\"Date allocated\",\"type\":\"date\",\"required\":1},{\"name\":\"adviser\",\"label\":\"Adviser\",\"type\":\"adviser\",\"required\":1}]','conflict-check',NULL,3,'working','Within 3 working days of the conflict-of-interest check',0),"
    " ('rise','due-diligence',8,'Supporting organisation','Due diligence on the supporting organisation','Capacity, a check with the trust relationship manager or local authority lead, and a vendor account.','delivery-officer','later','[]','allocate-adviser',NULL,NULL,NULL,NULL,1),"
    " ('rise','match',9,'Supporting organisation','Choose the supporting organisation','The regional director approves the appointment.','regional-director','later','[]','due-diligence',NULL,NULL,NULL,NULL,1),"
    " ('rise','diagnosis',10,'Diagnosis','Joint diagnosis with the school','Visits, days delivered and the initial diagnostic.','adviser','later','[]','match',NULL,NULL,NULL,NULL,1),"
    " ('rise','plan',11,'Plan','Improvement plan','Objectives and a funding band, signed off by the school.','adviser','later','[]','diagnosis',NULL,NULL,NULL,NULL,1),"
    " ('rise','grant',12,'Grant','Planning grant and improvement grant','Offer letter and payments by term.','grant-team','later','[]','plan',NULL,NULL,NULL,NULL,1),"
    " ('rise','monitoring',13,'Monitoring','Termly progress reviews','Red, amber or green against each objective.','adviser','later','[]','grant',NULL,NULL,NULL,NULL,1),"
    " ('rise','closure',14,'Closure','Close the case','End-of-support call and outcome.','delivery-officer','later','[]','monitoring',NULL,NULL,NULL,NULL,1),"
    " ('si-2019-20','identify',1,'Identification','Confirm the tier','The decision to support this school or trust, with its rationale, made when the case was opened.','delivery-officer','identify','[]',NULL,NULL,NULL,NULL,'When the case is opened',0),"
    " ('si-2019-20','contact-rb',2,'Contact','Contact the responsible body','Tell the trust or local authority first. Record the conversation about the school''s challenges and its existing plans.','delivery-officer','record','[{\"name\":\"on\",\"label\":\"Date of the conversation\",\"type\":\"date\",\"required\":1},{\"name\":\"who\",\"label\":\"Who you spoke to\",\"type\":\"text\",\"required\":1,\"hint\":\"Name and role, for example the trust''s chief executive\"},{\"name\":\"organisation\",\"label\":\"Organisation\",\"type\":\"text\",\"required\":0,\"hint\":\"The trust or local authority\"},{\"name\":\"plans\",\"label\":\"What they said about the challenges and existing plans\",\"type\":\"textarea\",\"required\":1}]',NULL,NULL,10,'working','Within 10 working days of the case opening',0),"
    " ('si-2019-20','contact-diocese',3,'Contact','Tell the diocese','The school has a religious character: tell its diocese before contacting the school.','delivery-officer','record','[{\"name\":\"on\",\"label\":\"Date you told the diocese\",\"type\":\"date\",\"required\":1},{\"name\":\"who\",\"label\":\"Who you spoke to\",\"type\":\"text\",\"required\":1},{\"name\":\"notes\",\"label\":\"What was discussed\",\"type\":\"textarea\",\"required\":0}]',NULL,'diocese',10,'working','Within 10 working days of the case opening',0),"
    " ('si-2019-20','contact-school',4,'Contact','Contact the school','After the responsible body has been told.','delivery-officer','record','[{\"name\":\"on\",\"label\":\"Date of the conversation\",\"type\":\"date\",\"required\":1},{\"name\":\"who\",\"label\":\"Who you spoke to\",\"type\":\"text\",\"required\":1,\"hint\":\"For example the headteacher\"},{\"name\":\"notes\",\"label\":\"What was discussed\",\"type\":\"textarea\",\"required\":0}]','contact-rb','school',5,'working','Within 5 working days of contacting the responsible body',0),"
    " ('si-2019-20','school-response',5,'Agreement','Record whether support is accepted','A refusal can be recorded, escalated as an engagement concern, and the response recorded again later.','delivery-officer','response','[{\"name\":\"on\",\"label\":\"Date of the response\",\"type\":\"date\",\"required\":1},{\"name\":\"outcome\",\"label\":\"What did the school or trust decide?\",\"type\":\"choice\",\"options\":[[\"accepted\",\"Accepted support\"],[\"declined\",\"Declined support\"]],\"required\":1},{\"name\":\"reason\",\"label\":\"Their reasons, in their words\",\"type\":\"textarea\",\"required\":1}]','contact-rb,contact-school',NULL,5,'working','The school or trust confirms within 5 working days of being contacted',0),"
    " ('si-2019-20','request-match',6,'Matching','Ask the teaching school council to match an NLE','Send the school''s details to the teaching school council.','delivery-officer','record','[{\"name\":\"on\",\"label\":\"Date requested\",\"type\":\"date\",\"required\":1},{\"name\":\"notes\",\"label\":\"What you sent\",\"type\":\"textarea\",\"required\":0}]','school-response',NULL,3,'working','Within 3 working days of the school accepting',0),"
    " ('si-2019-20','match-nle',7,'Matching','The teaching school council matches an NLE','The NLE confirms capacity and no conflict.','delivery-partner','later','[]','request-match',NULL,NULL,NULL,NULL,1),"
    " ('si-2019-20','nle-contact',8,'Matching','The NLE contacts the school',NULL,'delivery-partner','later','[]','match-nle',NULL,10,'school','Within 2 weeks of the match, not including school holidays',1),"
    " ('si-2019-20','start-date',9,'Diagnosis','Agree a start date',NULL,'delivery-partner','later','[]','nle-contact',NULL,20,'working','Within 4 weeks of the NLE''s contact',1),"
    " ('si-2019-20','plan',10,'Plan','Tier 1 return or recommended actions form',NULL,'delivery-partner','later','[]','start-date',NULL,5,'working','Within 5 working days of the school visit',1),"
    " ('si-2019-20','tsc-review',11,'Review','Teaching school council review',NULL,'delivery-partner','later','[]','plan',NULL,10,'working','Within 10 working days of the form',1),"
    " ('si-2019-20','dfe-signoff',12,'Review','DfE sign-off',NULL,'regional-director','later','[]','tsc-review',NULL,10,'working','Within 10 working days of the review',1),"
    " ('si-2019-20','payment',13,'Grant','Payment',NULL,'grant-team','later','[]','dfe-signoff',NULL,10,'working','Within 10 working days of sign-off',1),"
    " ('si-2019-20','monitoring',14,'Monitoring','Termly progress reviews',NULL,'delivery-partner','later','[]','payment',NULL,NULL,NULL,NULL,1),"
    " ('si-2019-20','closure',15,'Closure','Close the case',NULL,'delivery-officer','later','[]','monitoring',NULL,NULL,NULL,NULL,1),"
    " ('tsio-2022-23','identify',1,'Identification','Confirm eligibility','The decision to support this school or trust, with its rationale, made when the case was opened.','delivery-officer','identify','[]',NULL,NULL,NULL,NULL,'When the case is opened',0),"
    " ('tsio-2022-23','contact-rb',2,'Contact','Contact the responsible body','Tell the trust or local authority first. Record the conversation about the school''s challenges and its existing plans.','delivery-officer','record','[{\"name\":\"on\",\"label\":\"Date of the conversation\",\"type\":\"date\",\"required\":1},{\"name\":\"who\",\"label\":\"Who you spoke to\",\"type\":\"text\",\"required\":1,\"hint\":\"Name and role, for example the trust''s chief executive\"},{\"name\":\"organisation\",\"label\":\"Organisation\",\"type\":\"text\",\"required\":0,\"hint\":\"The trust or local authority\"},{\"name\":\"plans\",\"label\":\"What they said about the challenges and existing plans\",\"type\":\"textarea\",\"required\":1}]',NULL,NULL,10,'working','Within 10 working days of the case opening',0),"
    " ('tsio-2022-23','contact-diocese',3,'Contact','Tell the diocese','The school has a religious character: tell its diocese before contacting the school.','delivery-officer','record','[{\"name\":\"on\",\"label\":\"Date you told the diocese\",\"type\":\"date\",\"required\":1},{\"name\":\"who\",\"label\":\"Who you spoke to\",\"type\":\"text\",\"required\":1},{\"name\":\"notes\",\"label\":\"What was discussed\",\"type\":\"textarea\",\"required\":0}]',NULL,'diocese',10,'working','Within 10 working days of the case opening',0),"
    " ('tsio-2022-23','contact-school',4,'Contact','Contact the school','After the responsible body has been told.','delivery-officer','record','[{\"name\":\"on\",\"label\":\"Date of the conversation\",\"type\":\"date\",\"required\":1},{\"name\":\"who\",\"label\":\"Who you spoke to\",\"type\":\"text\",\"required\":1,\"hint\":\"For example the headteacher\"},{\"name\":\"notes\",\"label\":\"What was discussed\",\"type\":\"textarea\",\"required\":0}]','contact-rb','school',5,'working','Within 5 working days of contacting the responsible body',0),"
    " ('tsio-2022-23','school-response',5,'Agreement','Record whether support is accepted','A refusal can be recorded, escalated as an engagement concern, and the response recorded again later.','delivery-officer','response','[{\"name\":\"on\",\"label\":\"Date of the response\",\"type\":\"date\",\"required\":1},{\"name\":\"outcome\",\"label\":\"What did the school or trust decide?\",\"type\":\"choice\",\"options\":[[\"accepted\",\"Accepted support\"],[\"declined\",\"Declined support\"]],\"required\":1},{\"name\":\"reason\",\"label\":\"Their reasons, in their words\",\"type\":\"textarea\",\"required\":1}]','contact-rb,contact-school',NULL,5,'working','The school or trust confirms within 5 working days of being contacted',0),"
    " ('tsio-2022-23','refer-rdp',6,'Matching','Send the details to the regional delivery partner','Include any suggested or preferred system leader.','delivery-officer','record','[{\"name\":\"on\",\"label\":\"Date sent\",\"type\":\"date\",\"required\":1},{\"name\":\"notes\",\"label\":\"What you sent\",\"type\":\"textarea\",\"required\":0}]','school-response',NULL,3,'working','Within 3 working days of the school or trust accepting',0),"
    " ('tsio-2022-23','engage-leader',7,'Matching','The delivery partner contacts a system leader','Capacity and any conflict.','delivery-partner','later','[]','refer-rdp',NULL,3,'working','Within 3 working days',1),"
    " ('tsio-2022-23','confirm-provider',8,'Matching','The system leader confirms they can support',NULL,'delivery-partner','later','[]','engage-leader',NULL,3,'working','Within 3 working days',1),"
    " ('tsio-2022-23','school-confirms-match',9,'Matching','The school confirms the system leader',NULL,'delivery-partner','later','[]','confirm-provider',NULL,3,'working','Within 3 working days',1),"
    " ('tsio-2022-23','approve-match',10,'Matching','The regional director approves the match',NULL,'regional-director','later','[]','school-confirms-match',NULL,5,'working','Within 1 week',1),"
    " ('tsio-2022-23','deployment',11,'Deployment','Deployment details issued',NULL,'delivery-partner','later','[]','approve-match',NULL,3,'working','Within 3 working days',1),"
    " ('tsio-2022-23','first-visit',12,'Diagnosis','First visit and initial diagnostic',NULL,'delivery-partner','later','[]','deployment',NULL,20,'working','Within 4 weeks',1),"
    " ('tsio-2022-23','deployment-complete',13,'Delivery','Deployment completed',NULL,'delivery-partner','later','[]','first-visit',NULL,NULL,NULL,'By the end of the following term',1),"
    " ('tsio-2022-23','report-claim',14,'Grant','Deployment form and claim',NULL,'delivery-partner','later','[]','deployment-complete',NULL,10,'working','Within 10 working days',1),"
    " ('tsio-2022-23','end-call',15,'Closure','End-of-deployment call',NULL,'delivery-partner','later','[]','report-claim',NULL,10,'working','Within 10 working days',1),"
    " ('tsio-2022-23','closure',16,'Closure','Close the case',NULL,'delivery-officer','later','[]','end-call',NULL,NULL,NULL,NULL,1);"
    /* one row per task of each case, created from the templates */
    "CREATE TABLE case_tasks ("
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  code TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'cannot start yet' CHECK (status IN ('not started','in progress','completed',"
    "    'cannot start yet','not needed')),"
    "  owner_id INTEGER REFERENCES users(id),"
    "  due_on TEXT,"
    "  done_on TEXT,"
    "  data TEXT NOT NULL DEFAULT '{}',"
    "  updated_at TEXT,"
    "  updated_by TEXT,"
    "  PRIMARY KEY (case_id, code)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE INDEX case_tasks_owner_due ON case_tasks(owner_id, due_on) WHERE status IN ('not started','in progress');"
    "ALTER TABLE cases ADD COLUMN delivery_officer_id INTEGER REFERENCES users(id);"
    "ALTER TABLE cases ADD COLUMN adviser_id INTEGER REFERENCES users(id);"
    "ALTER TABLE cases ADD COLUMN stage TEXT;"
    "ALTER TABLE cases ADD COLUMN next_due TEXT;"
    "ALTER TABLE cases ADD COLUMN status_on TEXT;"
    "ALTER TABLE cases ADD COLUMN status_reason TEXT;"
    "ALTER TABLE cases ADD COLUMN updated_at TEXT;"
    "CREATE INDEX cases_region ON cases(region, status);"
    "CREATE INDEX cases_region_la ON cases(region, local_authority);"
    "CREATE INDEX cases_region_stage ON cases(region, stage);"
    "CREATE INDEX cases_do ON cases(delivery_officer_id, status);"
    "CREATE INDEX cases_adviser ON cases(adviser_id, status);"
    "CREATE INDEX cases_opened ON cases(opened_at);"
    /* decisions: type, outcome, rationale, who and when, and the approval
       where one is needed (a RISE category by the regional director) */
    "CREATE TABLE case_decisions ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  type TEXT NOT NULL,"
    "  outcome TEXT NOT NULL,"
    "  rationale TEXT NOT NULL,"
    "  decided_on TEXT NOT NULL,"
    "  decided_by_id INTEGER,"
    "  decided_by TEXT NOT NULL,"
    "  recorded_at TEXT NOT NULL,"
    "  approval TEXT CHECK (approval IN ('awaiting','approved','rejected')),"
    "  approver_id INTEGER,"
    "  approver TEXT,"
    "  approved_at TEXT,"
    "  approval_note TEXT,"
    "  about TEXT"
    ") STRICT;"
    "CREATE INDEX case_decisions_case ON case_decisions(case_id, id);"
    "CREATE INDEX case_decisions_awaiting ON case_decisions(approval) WHERE approval = 'awaiting';"
    "CREATE TABLE case_concerns ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','escalated','resolved')),"
    "  summary TEXT NOT NULL,"
    "  details TEXT NOT NULL,"
    "  raised_on TEXT NOT NULL,"
    "  raised_by TEXT NOT NULL,"
    "  escalated_on TEXT,"
    "  steps_taken TEXT,"
    "  primary_reason TEXT,"
    "  warning_notice INTEGER,"
    "  information_powers INTEGER,"
    "  ieb INTEGER,"
    "  escalation_reason TEXT,"
    "  escalated_by TEXT,"
    "  resolved_on TEXT,"
    "  resolution TEXT,"
    "  resolved_by TEXT"
    ") STRICT;"
    "CREATE INDEX case_concerns_case ON case_concerns(case_id);"
    "CREATE TABLE case_contacts ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  organisation_kind TEXT NOT NULL CHECK (organisation_kind IN ('school','responsible body','diocese','provider')),"
    "  organisation TEXT,"
    "  name TEXT NOT NULL,"
    "  role TEXT NOT NULL,"
    "  email TEXT,"
    "  phone TEXT,"
    "  added_at TEXT NOT NULL,"
    "  added_by TEXT NOT NULL,"
    "  removed_at TEXT"
    ") STRICT;"
    "CREATE INDEX case_contacts_case ON case_contacts(case_id);"
    /* notes: only their author edits them (checked by the store), and
       no one deletes them */
    "CREATE TABLE case_notes ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  body TEXT NOT NULL,"
    "  author_id INTEGER NOT NULL,"
    "  author TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  edited_at TEXT"
    ") STRICT;"
    "CREATE INDEX case_notes_case ON case_notes(case_id, id);"
    "CREATE TRIGGER case_notes_no_delete BEFORE DELETE ON case_notes"
    "  BEGIN SELECT RAISE(ABORT, 'notes cannot be deleted'); END;"
    "CREATE TABLE case_watch ("
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  added_at TEXT NOT NULL,"
    "  PRIMARY KEY (user_id, case_id)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE INDEX case_watch_case ON case_watch(case_id);"
    /* the periods the case was paused: due dates skip them */
    "CREATE TABLE case_pauses ("
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  from_on TEXT NOT NULL,"
    "  to_on TEXT,"
    "  PRIMARY KEY (case_id, from_on)"
    ") STRICT, WITHOUT ROWID;"
    /* school holidays an administrator sets, for "2 weeks excluding school
       holidays"; national dates (one calendar for England) */
    "CREATE TABLE school_holidays ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  starts_on TEXT NOT NULL,"
    "  ends_on TEXT NOT NULL CHECK (ends_on >= starts_on),"
    "  added_at TEXT NOT NULL,"
    "  added_by TEXT NOT NULL"
    ") STRICT;",
    /* 7 (issue 9): one inspection, whatever the files that report it. Each
       file's account is a report (inspection_reports); `inspections` is
       derived from them by store/inspections.c (domain/inspections.h's
       matching rule) and rebuilt after every import. The old table's rows
       become reports of each source they came from (GIAS's as "any": GIAS
       does not say whether its last inspection was graded), and the derived
       table is made again when the database is next opened. The CHECKs
       list values with OR, not IN: SQLite builds a temporary index for an
       IN list on every row written, which was a third of an import's time. */
    "CREATE TABLE inspection_reports ("
    "  source TEXT NOT NULL CHECK (source = 'gias' OR source = 'ofsted-history' OR source = 'ofsted-mi'),"
    "  urn INTEGER NOT NULL,"
    "  start_date TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind = 'graded' OR kind = 'ungraded' OR kind = 'report-card' OR kind = 'any'),"
    "  number TEXT,"
    "  publication_date TEXT,"
    "  inspection_type TEXT,"
    "  type_grouping TEXT,"
    "  event_grouping TEXT,"
    "  overall INTEGER CHECK (overall BETWEEN 1 AND 4),"
    "  overall_text TEXT,"
    "  category TEXT,"
    "  quality INTEGER CHECK (quality BETWEEN 1 AND 4),"
    "  leadership INTEGER CHECK (leadership BETWEEN 1 AND 4),"
    "  judgements TEXT,"
    "  outcome TEXT,"
    "  converted INTEGER,"
    "  school_name TEXT,"
    "  school_type TEXT,"
    "  laestab TEXT,"
    "  reported_for INTEGER,"
    "  import_id INTEGER,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  PRIMARY KEY (source, urn, start_date, kind)"
    ") STRICT;"
    "CREATE TABLE inspection_coverage ("
    "  urn INTEGER NOT NULL,"
    "  from_date TEXT NOT NULL,"
    "  from_inclusive INTEGER NOT NULL,"
    "  to_date TEXT NOT NULL,"
    "  import_id INTEGER,"
    "  PRIMARY KEY (urn, from_date, from_inclusive, to_date)"
    ") STRICT, WITHOUT ROWID;"
    "INSERT INTO inspection_reports (source, urn, start_date, kind, overall, overall_text, category, quality,"
    "  leadership, judgements, import_id)"
    " SELECT 'ofsted-history', urn, inspection_date, 'graded', overall, overall_text, category, NULL, NULL, NULL,"
    "  import_id FROM inspections WHERE instr(source, 'ofsted-history') AND kind = 'graded';"
    "INSERT INTO inspection_reports (source, urn, start_date, kind, overall, overall_text, category, quality,"
    "  leadership, judgements, import_id)"
    " SELECT 'ofsted-mi', urn, inspection_date, kind, overall, overall_text, category,"
    "  json_extract(judgements, '$.\"quality of education\"'),"
    "  json_extract(judgements, '$.\"leadership and management\"'), judgements, import_id"
    "  FROM inspections WHERE instr(source, 'ofsted-mi') OR instr(source, 'ofsted-report-card');"
    "INSERT INTO inspection_reports (source, urn, start_date, kind, overall, overall_text, category, import_id)"
    " SELECT 'gias', urn, inspection_date, 'any', overall, overall_text, category, import_id"
    "  FROM inspections WHERE instr(source, 'gias') AND kind = 'graded';"
    "DROP TABLE inspections;"
    "CREATE TABLE inspections ("
    "  id INTEGER PRIMARY KEY,"
    "  urn INTEGER NOT NULL,"
    "  inspection_date TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind = 'graded' OR kind = 'ungraded' OR kind = 'report-card'),"
    "  inferred INTEGER NOT NULL DEFAULT 0,"
    "  number TEXT,"
    "  publication_date TEXT,"
    "  inspection_type TEXT,"
    "  type_grouping TEXT,"
    "  event_grouping TEXT,"
    "  overall INTEGER CHECK (overall BETWEEN 1 AND 4),"
    "  overall_text TEXT,"
    "  category TEXT,"
    "  quality INTEGER,"
    "  leadership INTEGER,"
    "  judgements TEXT,"
    "  outcome TEXT,"
    "  converted INTEGER,"
    "  school_name TEXT,"
    "  school_type TEXT,"
    "  laestab TEXT,"
    "  source TEXT NOT NULL,"
    "  digest INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (urn, inspection_date, kind)"
    ") STRICT;"
    /* what screening reads of every graded inspection, without the wide rows */
    "CREATE INDEX inspections_screening ON inspections (kind, urn, inspection_date, overall, category,"
    "  publication_date, quality, leadership, overall_text);"
    "CREATE TABLE inspection_lineage ("
    "  urn INTEGER NOT NULL,"
    "  earlier_urn INTEGER NOT NULL,"
    "  PRIMARY KEY (urn, earlier_urn)"
    ") STRICT, WITHOUT ROWID;"
    /* RISE counts a judgement from the day it is published (DfE's counts
       are "from the Ofsted management information of that date") */
    "INSERT INTO programme_params (programme, key, value) VALUES ('rise', 'count_from_publication', '1');",
    /* 8 (issue 10, casework safeguards, decision 0010): a decision records the
       value it sets (a category's code; a conflict-of-interest check's
       "yes" or "no") and the person it is about (the adviser checked), so
       that approving a category applies it then, and a conflict found bars
       that adviser until the regional director overrides it. Decisions
       recorded before get theirs from their outcome's words ("Category:
       Targeted", "Conflict found: Ada Adviser"); an adviser's name shared by
       two accounts is left unmatched. */
    "ALTER TABLE case_decisions ADD COLUMN value TEXT;"
    "ALTER TABLE case_decisions ADD COLUMN person_id INTEGER REFERENCES users(id);"
    "UPDATE case_decisions SET value = lower(substr(outcome, 11))"
    "  WHERE type = 'category' AND outcome LIKE 'Category: %';"
    "UPDATE case_decisions SET value = CASE WHEN outcome LIKE 'Conflict found: %' THEN 'yes' ELSE 'no' END,"
    "  person_id = (SELECT CASE WHEN count(*) = 1 THEN min(u.id) END FROM users u WHERE u.role = 'adviser'"
    "   AND u.name = substr(case_decisions.outcome, instr(case_decisions.outcome, ': ') + 2))"
    "  WHERE type = 'conflict-of-interest';",

    /* 9 (issue 10 item 10, decision 0011): a case closes with an outcome (a code of
       CASE_CLOSE_OUTCOMES, domain/casework.c), kept while it is closed; a
       stopped or closed case has no due dates (case_refresh clears them
       from now on, this clears those already stored). */
    "ALTER TABLE cases ADD COLUMN closure_outcome TEXT;"
    "UPDATE case_tasks SET due_on = NULL WHERE due_on IS NOT NULL"
    "  AND case_id IN (SELECT id FROM cases WHERE status IN ('stopped','closed'));"
    "UPDATE cases SET next_due = NULL WHERE status IN ('stopped','closed') AND next_due IS NOT NULL;",

    /* 10 (issue 10, item 4): the audit chain is anchored outside the
       database. Rows from keyed_from on are chained with a keyed MAC (the key
       is a file the database never holds; key_id names it so that the wrong
       file is caught), and rows before it were chained without a key before
       the key existed. mac is the anchor's own MAC, so that moving keyed_from
       is caught too. Written once, by store/audit.c, at the first start. */
    "CREATE TABLE audit_anchor ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  keyed_from INTEGER NOT NULL,"
    "  key_id TEXT NOT NULL,"
    "  anchored_at TEXT NOT NULL,"
    "  mac TEXT NOT NULL"
    ") STRICT;"
    "CREATE TRIGGER audit_anchor_no_update BEFORE UPDATE ON audit_anchor "
    "  BEGIN SELECT RAISE(ABORT, 'the audit anchor cannot be changed'); END;"
    "CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor "
    "  BEGIN SELECT RAISE(ABORT, 'the audit anchor cannot be changed'); END;",

    /* 11 (issue 10): a screening decision records the region it was made in,
       and is read within that region, whatever region a later GIAS import
       gives the school (docs/decisions/0009). Earlier decisions take the
       region of the case they opened (recorded at the time); else that of
       the person who decided, who could decide only in their own region;
       else, for a school, its region today. */
    "ALTER TABLE screening_decisions ADD COLUMN region TEXT;"
    "UPDATE screening_decisions SET region = coalesce("
    "  (SELECT nullif(c.region, '') FROM cases c WHERE c.id = screening_decisions.case_id),"
    "  (SELECT nullif(u.region, '') FROM users u WHERE u.id = screening_decisions.decided_by_id"
    "     AND u.role IN ('delivery-officer','regional-director')),"
    "  (SELECT nullif(s.region, '') FROM schools s WHERE screening_decisions.subject_kind = 'school'"
    "     AND s.urn = screening_decisions.subject_id));",

    /* 12 (issue 11, items 1 and 2, decision 0013): the outbox. Every email is
       a row written in the same transaction as the change that causes it;
       the sender (notify/sender.c) delivers it through GOV.UK Notify.
       status: queued -> sending -> sent, or failed (waiting to be tried
       again at next_attempt_at, epoch milliseconds) or permanently-failed.
       reference is sent to Notify as its reference, so that a row left
       "sending" by a crash is looked up before it is sent again. body is
       the request as sent (without the token). */
    "CREATE TABLE outbox ("
    "  id INTEGER PRIMARY KEY,"
    "  reference TEXT NOT NULL UNIQUE,"
    "  recipient TEXT NOT NULL,"
    "  template_key TEXT NOT NULL,"
    "  personalisation TEXT NOT NULL DEFAULT '{}',"
    "  object_type TEXT,"
    "  object_id TEXT,"
    "  status TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK (status IN ('queued','sending','sent','failed','permanently-failed')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_at INTEGER NOT NULL,"
    "  provider_id TEXT,"
    "  provider_status TEXT,"
    "  last_error TEXT,"
    "  body TEXT,"
    "  created_at TEXT NOT NULL,"
    "  sent_at TEXT"
    ") STRICT;"
    "CREATE INDEX outbox_due ON outbox(status, next_attempt_at);",

    /* 13 (issue 11, item 3, decision 0015): password reset links sent by
       email. Only a hash of the link's token is kept (crypto_generichash);
       a link works once (used_at) until expires_at (epoch seconds). ip is
       the network address that asked, for the limit per address. */
    "CREATE TABLE password_resets ("
    "  token_hash BLOB PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  ip TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  used_at INTEGER"
    ") STRICT;"
    "CREATE INDEX password_resets_user ON password_resets(user_id, created_at);"
    "CREATE INDEX password_resets_ip ON password_resets(ip, created_at);",

    /* 14 (issue 11, item 3, decision 0015): the weekly email of a person's
       overdue and due-soon tasks: whether they have turned it off, and when
       the last one was queued (epoch seconds). No row: on, never sent. */
    "CREATE TABLE digest_settings ("
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
    "  off INTEGER NOT NULL DEFAULT 0 CHECK (off IN (0, 1)),"
    "  last_sent_at INTEGER"
    ") STRICT;",

    /* 15 (issue 11 item 6, decision 0014): two-factor sign-in. A person's
       TOTP secret (20 bytes, set when they confirm a first code), the last
       time step a code was accepted for (a code is never accepted twice) and
       when it was set up; their recovery codes, stored only as hashes, each
       used once. A session may be "half signed in": the password was right
       and pending says what is still needed ('code', or 'set-up' with the
       secret being set up in setup_secret); no page but that step's is
       reachable from it. */
    "ALTER TABLE users ADD COLUMN totp_secret BLOB;"
    "ALTER TABLE users ADD COLUMN totp_last_step INTEGER;"
    "ALTER TABLE users ADD COLUMN totp_set_up_at TEXT;"
    "CREATE TABLE recovery_codes ("
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  code_hash BLOB NOT NULL,"
    "  used_at TEXT,"
    "  PRIMARY KEY (user_id, code_hash)"
    ") STRICT, WITHOUT ROWID;"
    "ALTER TABLE sessions ADD COLUMN pending TEXT CHECK (pending IN ('code','set-up'));"
    "ALTER TABLE sessions ADD COLUMN setup_secret BLOB;",

    /* 16 (issue 11 items 4, 5 and 7, decision 0016): people outside DfE.
       An external account's organisation is a kind and a reference: a
       school (its URN), a trust (its group UID), a local authority (its
       code) or a supporting organisation or system leader (an
       organisations row, which the commissioning issue fills in). An
       invited account has no password until its invitation is used; an
       invitation's token is stored only as a hash. An external account no
       longer on an open case is told (expiry_notice_at) and later disabled.
       case_providers says which organisations a case has proposed or
       matched: commissioning writes it; authorise() reads it. */
    "ALTER TABLE users ADD COLUMN org_kind TEXT CHECK (org_kind IN ('school','trust','la','provider'));"
    "ALTER TABLE users ADD COLUMN invited_by_id INTEGER;"
    "ALTER TABLE users ADD COLUMN expiry_notice_at INTEGER;"
    "UPDATE users SET org_kind = 'school' WHERE role = 'school' AND organisation GLOB '[1-9]*'"
    "  AND NOT organisation GLOB '*[^0-9]*' AND CAST(organisation AS INTEGER) IN (SELECT urn FROM schools);"
    "CREATE TABLE organisations ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('supporting-organisation','system-leader')),"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL"
    ") STRICT;"
    "CREATE TABLE case_providers ("
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  organisation_id INTEGER NOT NULL REFERENCES organisations(id),"
    "  status TEXT NOT NULL CHECK (status IN ('proposed','matched','declined','withdrawn')),"
    "  since TEXT NOT NULL,"
    "  PRIMARY KEY (case_id, organisation_id)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE INDEX case_providers_org ON case_providers(organisation_id, status);"
    "CREATE TABLE invitations ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  invited_by_id INTEGER,"
    "  invited_by TEXT NOT NULL,"
    "  case_id INTEGER,"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  used_at INTEGER,"
    "  withdrawn_at INTEGER"
    ") STRICT;"
    "CREATE INDEX invitations_user ON invitations(user_id, id);"
    "CREATE INDEX invitations_by ON invitations(invited_by_id, id);",

};

const int RISE_MIGRATION_COUNT = (int)(sizeof RISE_MIGRATIONS / sizeof RISE_MIGRATIONS[0]);
