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
};

const int RISE_MIGRATION_COUNT = (int)(sizeof RISE_MIGRATIONS / sizeof RISE_MIGRATIONS[0]);
