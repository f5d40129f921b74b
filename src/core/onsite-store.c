/* onsite-store.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "onsite-store-private.h"
#include "onsite-ticket-private.h"

/*
 * OnsiteStore is one SQLite connection. It is not shared between threads: a
 * worker (the sync, a benchmark loader) opens its own store on the same file,
 * and WAL lets readers on the main thread go on while it writes.
 */
struct _OnsiteStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  /* Prepared statements, keyed by the address of their (static) SQL. */
  GHashTable *statements;

  /* Between _onsite_store_bulk_begin() and _end(): the search trigger to
   * put back, and the last ticket indexed before. */
  char       *bulk_trigger_sql;
  gint64      bulk_after_id;

  /* Between _onsite_store_sync_batch_begin() and _end(): the two search
   * triggers to put back, and the tickets written in between. */
  char       *batch_insert_sql;
  char       *batch_update_sql;
  GArray     *batch_touched;

  /* onsite_store_begin() calls inside a transaction: savepoints */
  guint       n_nested;
};

G_DEFINE_FINAL_TYPE (OnsiteStore, onsite_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/*
 * The migrations. Migration N (counting from 1) takes a database from
 * user_version N-1 to N. Never edit one that has shipped: add another.
 */
static const char * const migrations[] = {
  /* 1: the first schema, laid out for the whole product. */
  "CREATE TABLE sites ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id TEXT UNIQUE,"
  "  name TEXT NOT NULL,"
  "  address TEXT NOT NULL DEFAULT '',"
  "  building TEXT NOT NULL DEFAULT '',"
  "  floor TEXT NOT NULL DEFAULT '',"
  "  room TEXT NOT NULL DEFAULT '',"
  "  latitude REAL,"
  "  longitude REAL,"
  "  location_invalid INTEGER NOT NULL DEFAULT 0,"
  "  CHECK ((latitude IS NULL) = (longitude IS NULL)),"
  "  CHECK (latitude IS NULL OR (latitude BETWEEN -90 AND 90"
  "                              AND longitude BETWEEN -180 AND 180))"
  ");"
  "CREATE UNIQUE INDEX sites_identity ON sites (name, address, building, floor, room);"

  "CREATE TABLE tickets ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id TEXT UNIQUE,"
  "  remote_version TEXT,"
  "  title TEXT NOT NULL CHECK (length (trim (title)) > 0),"
  "  description TEXT NOT NULL DEFAULT '',"
  "  requester TEXT NOT NULL DEFAULT '',"
  "  requester_contact TEXT NOT NULL DEFAULT '',"
  "  category TEXT NOT NULL DEFAULT '',"
  "  priority INTEGER NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 4),"
  "  urgency INTEGER NOT NULL DEFAULT 3 CHECK (urgency BETWEEN 1 AND 4),"
  "  support_level INTEGER NOT NULL DEFAULT 2 CHECK (support_level BETWEEN 0 AND 3),"
  "  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN"
  "    ('new', 'open', 'scheduled', 'in-progress', 'waiting', 'resolved', 'closed')),"
  "  site_id INTEGER REFERENCES sites (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  sla_due INTEGER"
  ");"
  "CREATE INDEX tickets_status ON tickets (status);"
  "CREATE INDEX tickets_site ON tickets (site_id);"
  "CREATE INDEX tickets_updated ON tickets (updated_at);"

  "CREATE TABLE technicians ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id TEXT UNIQUE,"
  "  name TEXT NOT NULL CHECK (length (trim (name)) > 0),"
  "  email TEXT NOT NULL DEFAULT '',"
  "  phone TEXT NOT NULL DEFAULT '',"
  "  home_address TEXT NOT NULL DEFAULT '',"
  "  home_latitude REAL,"
  "  home_longitude REAL,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  CHECK ((home_latitude IS NULL) = (home_longitude IS NULL)),"
  "  CHECK (home_latitude IS NULL OR (home_latitude BETWEEN -90 AND 90"
  "                                   AND home_longitude BETWEEN -180 AND 180))"
  ");"
  "CREATE TABLE technician_skills ("
  "  technician_id INTEGER NOT NULL REFERENCES technicians (id) ON DELETE CASCADE,"
  "  skill TEXT NOT NULL,"
  "  PRIMARY KEY (technician_id, skill)"
  ");"
  /* Several periods a day leave the breaks between them. */
  "CREATE TABLE technician_hours ("
  "  technician_id INTEGER NOT NULL REFERENCES technicians (id) ON DELETE CASCADE,"
  "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
  "  start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1440),"
  "  end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1440),"
  "  CHECK (end_minute > start_minute)"
  ");"
  "CREATE TABLE technician_absences ("
  "  id INTEGER PRIMARY KEY,"
  "  technician_id INTEGER NOT NULL REFERENCES technicians (id) ON DELETE CASCADE,"
  "  starts_at INTEGER NOT NULL,"
  "  ends_at INTEGER NOT NULL,"
  "  reason TEXT NOT NULL DEFAULT '',"
  "  CHECK (ends_at > starts_at)"
  ");"

  "CREATE TABLE vendors ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id TEXT UNIQUE,"
  "  name TEXT NOT NULL UNIQUE CHECK (length (trim (name)) > 0),"
  "  website TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE TABLE vendor_categories ("
  "  vendor_id INTEGER NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,"
  "  category TEXT NOT NULL,"
  "  PRIMARY KEY (vendor_id, category)"
  ");"
  "CREATE TABLE vendor_contacts ("
  "  id INTEGER PRIMARY KEY,"
  "  vendor_id INTEGER NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL DEFAULT '',"
  "  phone TEXT NOT NULL DEFAULT '',"
  "  email TEXT NOT NULL DEFAULT '',"
  "  escalation INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE vendor_contracts ("
  "  id INTEGER PRIMARY KEY,"
  "  vendor_id INTEGER NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,"
  "  number TEXT NOT NULL,"
  "  valid_from INTEGER NOT NULL,"
  "  valid_until INTEGER NOT NULL,"
  "  response_minutes INTEGER NOT NULL CHECK (response_minutes > 0),"
  "  resolution_minutes INTEGER NOT NULL CHECK (resolution_minutes > 0),"
  "  business_hours TEXT NOT NULL DEFAULT 'mon-fri 08:00-18:00',"
  "  pauses_sla INTEGER NOT NULL DEFAULT 1,"
  "  CHECK (valid_until > valid_from)"
  ");"

  "CREATE TABLE visits ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets (id),"
  "  technician_id INTEGER REFERENCES technicians (id) ON DELETE SET NULL,"
  "  planned_start INTEGER,"
  "  planned_end INTEGER,"
  "  state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN"
  "    ('planned', 'en-route', 'on-site', 'done', 'cancelled',"
  "     'no-access', 'needs-parts', 'needs-vendor', 'rescheduled')),"
  "  pinned INTEGER NOT NULL DEFAULT 0,"
  "  arrived_at INTEGER,"
  "  departed_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end > planned_start)"
  ");"
  "CREATE INDEX visits_ticket ON visits (ticket_id);"
  "CREATE INDEX visits_technician ON visits (technician_id, planned_start);"

  "CREATE TABLE handoffs ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets (id),"
  "  vendor_id INTEGER NOT NULL REFERENCES vendors (id),"
  "  contact_id INTEGER REFERENCES vendor_contacts (id) ON DELETE SET NULL,"
  "  contract_id INTEGER REFERENCES vendor_contracts (id) ON DELETE SET NULL,"
  "  state TEXT NOT NULL DEFAULT 'requested' CHECK (state IN"
  "    ('requested', 'acknowledged', 'in-progress', 'resolved', 'returned', 'rejected')),"
  "  vendor_reference TEXT NOT NULL DEFAULT '',"
  "  sent_at INTEGER,"
  "  acknowledge_due INTEGER,"
  "  resolve_due INTEGER,"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX handoffs_ticket ON handoffs (ticket_id);"

  /* Every local change, as people should read it later. Never rewritten. */
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER REFERENCES tickets (id),"
  "  at INTEGER NOT NULL,"
  "  actor TEXT NOT NULL DEFAULT '',"
  "  kind TEXT NOT NULL,"
  "  summary TEXT NOT NULL,"
  "  data TEXT"
  ");"
  "CREATE INDEX events_ticket ON events (ticket_id, at);"
  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
  "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"

  /* Changes waiting for the ticket service, sent in id order. */
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER REFERENCES tickets (id),"
  "  created_at INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  payload TEXT NOT NULL,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN"
  "    ('pending', 'sending', 'sent', 'failed', 'conflict')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  sent_at INTEGER"
  ");"
  "CREATE INDEX outbox_state ON outbox (state, id);"

  "CREATE TABLE sync_state ("
  "  connector TEXT PRIMARY KEY,"
  "  cursor TEXT,"
  "  last_success INTEGER,"
  "  last_error TEXT"
  ");"

  "CREATE VIRTUAL TABLE ticket_search USING fts5 ("
  "  title, description, requester, site, address,"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets BEGIN"
  "  INSERT INTO ticket_search (rowid, title, description, requester, site, address)"
  "    SELECT NEW.id, NEW.title, NEW.description, NEW.requester,"
  "           coalesce (s.name, ''), coalesce (s.address, '')"
  "    FROM (SELECT 1) LEFT JOIN sites s ON s.id = NEW.site_id;"
  "END;"
  "CREATE TRIGGER tickets_search_update"
  "  AFTER UPDATE OF title, description, requester, site_id ON tickets BEGIN"
  "  DELETE FROM ticket_search WHERE rowid = OLD.id;"
  "  INSERT INTO ticket_search (rowid, title, description, requester, site, address)"
  "    SELECT NEW.id, NEW.title, NEW.description, NEW.requester,"
  "           coalesce (s.name, ''), coalesce (s.address, '')"
  "    FROM (SELECT 1) LEFT JOIN sites s ON s.id = NEW.site_id;"
  "END;"
  "CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets BEGIN"
  "  DELETE FROM ticket_search WHERE rowid = OLD.id;"
  "END;"
  "CREATE TRIGGER sites_search_update AFTER UPDATE OF name, address ON sites BEGIN"
  "  UPDATE ticket_search SET site = NEW.name, address = NEW.address"
  "    WHERE rowid IN (SELECT id FROM tickets WHERE site_id = NEW.id);"
  "END;",

  /* 2: what the ticket service last said about each ticket (so that a pull
   * can tell its changes from ours), and conflicts waiting for a person. */
  "CREATE TABLE remote_tickets ("
  "  ticket_id INTEGER PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,"
  "  connector TEXT NOT NULL DEFAULT '',"
  "  remote_status TEXT NOT NULL DEFAULT '',"
  "  owner TEXT NOT NULL DEFAULT '',"
  "  vendor_reference TEXT NOT NULL DEFAULT '',"
  "  visit_start INTEGER,"
  "  visit_end INTEGER,"
  "  in_scope INTEGER NOT NULL DEFAULT 1,"
  "  seen_at INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE sync_conflicts ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER REFERENCES tickets (id),"
  "  outbox_id INTEGER REFERENCES outbox (id),"
  "  field TEXT NOT NULL,"
  "  local_value TEXT NOT NULL DEFAULT '',"
  "  remote_value TEXT NOT NULL DEFAULT '',"
  "  message TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  resolved_at INTEGER"
  ");"
  "CREATE INDEX outbox_ticket ON outbox (ticket_id, state);",

  /* 3: the search index holds the open tickets only, with prefix indexes.
   * The board searches nothing else, and a prefix typed into a 100,000-ticket
   * store was matching every closed ticket just to throw it away. */
  "DROP TRIGGER tickets_search_insert;"
  "DROP TRIGGER tickets_search_update;"
  "DROP TRIGGER tickets_search_delete;"
  "DROP TRIGGER sites_search_update;"
  "DROP TABLE ticket_search;"
  "CREATE VIRTUAL TABLE ticket_search USING fts5 ("
  "  title, description, requester, site, address,"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  prefix = '2 3'"
  ");"
  "INSERT INTO ticket_search (rowid, title, description, requester, site, address)"
  "  SELECT t.id, t.title, t.description, t.requester,"
  "         coalesce (s.name, ''), coalesce (s.address, '')"
  "  FROM tickets t LEFT JOIN sites s ON s.id = t.site_id"
  "  WHERE t.status IN ('new', 'open', 'scheduled', 'in-progress', 'waiting');"
  "CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets"
  "  WHEN NEW.status IN ('new', 'open', 'scheduled', 'in-progress', 'waiting') BEGIN"
  "  INSERT INTO ticket_search (rowid, title, description, requester, site, address)"
  "    SELECT NEW.id, NEW.title, NEW.description, NEW.requester,"
  "           coalesce (s.name, ''), coalesce (s.address, '')"
  "    FROM (SELECT 1) LEFT JOIN sites s ON s.id = NEW.site_id;"
  "END;"
  "CREATE TRIGGER tickets_search_update"
  "  AFTER UPDATE OF title, description, requester, site_id, status ON tickets BEGIN"
  "  DELETE FROM ticket_search WHERE rowid = OLD.id;"
  "  INSERT INTO ticket_search (rowid, title, description, requester, site, address)"
  "    SELECT NEW.id, NEW.title, NEW.description, NEW.requester,"
  "           coalesce (s.name, ''), coalesce (s.address, '')"
  "    FROM (SELECT 1) LEFT JOIN sites s ON s.id = NEW.site_id"
  "    WHERE NEW.status IN ('new', 'open', 'scheduled', 'in-progress', 'waiting');"
  "END;"
  "CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets BEGIN"
  "  DELETE FROM ticket_search WHERE rowid = OLD.id;"
  "END;"
  "CREATE TRIGGER sites_search_update AFTER UPDATE OF name, address ON sites BEGIN"
  "  UPDATE ticket_search SET site = NEW.name, address = NEW.address"
  "    WHERE rowid IN (SELECT id FROM tickets WHERE site_id = NEW.id);"
  "END;",

  /* 4: vendor cases (L3). A contract may cover some categories and products
   * rather than all of its vendor's; it has holidays and a time zone for its
   * business hours. A hand-off keeps when each step happened, so that the
   * internal SLA pause and the vendor scorecard can be computed from it. */
  "ALTER TABLE vendor_contracts ADD COLUMN holidays TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE vendor_contracts ADD COLUMN timezone TEXT NOT NULL DEFAULT '';"
  "CREATE TABLE vendor_contract_coverage ("
  "  contract_id INTEGER NOT NULL REFERENCES vendor_contracts (id) ON DELETE CASCADE,"
  "  category TEXT NOT NULL CHECK (length (trim (category)) > 0),"
  "  product TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (contract_id, category, product)"
  ");"
  "CREATE INDEX vendor_contacts_vendor ON vendor_contacts (vendor_id);"
  "CREATE INDEX vendor_contracts_vendor ON vendor_contracts (vendor_id);"
  "ALTER TABLE handoffs ADD COLUMN summary TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE handoffs ADD COLUMN pauses_sla INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE handoffs ADD COLUMN acknowledged_at INTEGER;"
  "ALTER TABLE handoffs ADD COLUMN started_at INTEGER;"
  "ALTER TABLE handoffs ADD COLUMN resolved_at INTEGER;"
  "ALTER TABLE handoffs ADD COLUMN closed_at INTEGER;"
  "ALTER TABLE handoffs ADD COLUMN follow_ups INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE handoffs ADD COLUMN last_follow_up_at INTEGER;"
  "ALTER TABLE handoffs ADD COLUMN escalated_at INTEGER;"
  "CREATE INDEX handoffs_state ON handoffs (state);"
  "CREATE INDEX handoffs_vendor ON handoffs (vendor_id, sent_at);",

  /* 5: a day's visits are found by their end: the visits ending after a
   * day starts are that day's and the few planned later, never the years
   * of history before it. */
  "CREATE INDEX visits_planned_end ON visits (planned_end);",

  /* 6: the technician's work record. A visit keeps when the technician set
   * off (arrival and departure were there from the start) and the notes;
   * the parts used, the files attached and the customer's feedback hang
   * off it. Feedback is kept for the KPIs: one per visit. */
  "ALTER TABLE visits ADD COLUMN en_route_at INTEGER;"
  "ALTER TABLE visits ADD COLUMN work_notes TEXT NOT NULL DEFAULT '';"
  "CREATE TABLE visit_parts ("
  "  id INTEGER PRIMARY KEY,"
  "  visit_id INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  description TEXT NOT NULL CHECK (length (trim (description)) > 0),"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  "  added_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX visit_parts_visit ON visit_parts (visit_id);"
  "CREATE TABLE visit_attachments ("
  "  id INTEGER PRIMARY KEY,"
  "  visit_id INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  size INTEGER NOT NULL DEFAULT 0,"
  "  mime_type TEXT NOT NULL DEFAULT '',"
  "  added_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX visit_attachments_visit ON visit_attachments (visit_id);"
  "CREATE TABLE visit_feedback ("
  "  visit_id INTEGER PRIMARY KEY REFERENCES visits (id) ON DELETE CASCADE,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets (id),"
  "  technician_id INTEGER REFERENCES technicians (id) ON DELETE SET NULL,"
  "  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),"
  "  comment TEXT NOT NULL DEFAULT '',"
  "  customer_name TEXT NOT NULL DEFAULT '',"
  "  given_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX visit_feedback_given ON visit_feedback (given_at);",
};

static const char *
describe_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return _("The database is in use by another program.");
    case SQLITE_FULL:
      return _("The disk is full.");
    case SQLITE_READONLY:
      return _("The database file is read-only.");
    case SQLITE_CANTOPEN:
      return _("The database file cannot be opened.");
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return _("Permission to the database file was denied.");
    case SQLITE_IOERR:
      return _("The disk could not be read or written.");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return _("The database file is damaged or is not an Onsite database.");
    case SQLITE_CONSTRAINT:
      return _("A value was refused as impossible.");
    case SQLITE_NOMEM:
      return _("The computer ran out of memory.");
    default:
      return _("The database reported an unexpected failure.");
    }
}

static OnsiteStoreError
code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ONSITE_STORE_ERROR_BUSY;
    case SQLITE_FULL:
      return ONSITE_STORE_ERROR_FULL;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return ONSITE_STORE_ERROR_OPEN;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return ONSITE_STORE_ERROR_CORRUPT;
    case SQLITE_CONSTRAINT:
      return ONSITE_STORE_ERROR_INVALID;
    default:
      return ONSITE_STORE_ERROR_FAILED;
    }
}

/*
 * "Could not save the ticket: The disk is full." The SQLite message follows
 * in the debug log only; it names tables and columns, which help us and not
 * the dispatcher.
 */
static void
set_sqlite_error (sqlite3     *db,
                  int          rc,
                  const char  *doing,
                  GError     **error)
{
  g_debug ("%s: %s (%d)", doing, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc), rc);
  g_set_error (error, ONSITE_STORE_ERROR, code_for_sqlite (rc),
               /* Translators: "Could not <action>: <reason>" */
               _("Could not %s: %s"), doing, describe_sqlite (rc));
}

void
_onsite_store_set_error (OnsiteStore  *self,
                         int           rc,
                         const char   *doing,
                         GError      **error)
{
  set_sqlite_error (self->db, rc, doing, error);
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      const char  *doing,
      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, doing, error);
      return FALSE;
    }

  return TRUE;
}

static int
get_user_version (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);

  return version;
}

int
_onsite_store_n_migrations (void)
{
  return G_N_ELEMENTS (migrations);
}

gboolean
_onsite_store_migrate_db (sqlite3  *db,
                          int       version,
                          GError  **error)
{
  int current;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (version >= 0 && version <= (int)G_N_ELEMENTS (migrations), FALSE);

  current = get_user_version (db);
  if (current < 0)
    {
      set_sqlite_error (db, sqlite3_errcode (db), _("read the database version"), error);
      return FALSE;
    }

  if (current > (int)G_N_ELEMENTS (migrations))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_TOO_NEW,
                   _("This database was written by a newer version of Onsite (schema %d; this version knows up to %d). Update Onsite to open it."),
                   current, (int)G_N_ELEMENTS (migrations));
      return FALSE;
    }

  /* Each step commits on its own so that an interrupted upgrade leaves a
   * consistent database at some earlier version, never half of one. */
  for (int v = current; v < version; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      if (!exec (db, "BEGIN IMMEDIATE", _("upgrade the database"), error))
        return FALSE;

      if (!exec (db, migrations[v], _("upgrade the database"), error) ||
          !exec (db, bump, _("upgrade the database"), error) ||
          !exec (db, "COMMIT", _("upgrade the database"), error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      g_debug ("Upgraded database schema to version %d", v + 1);
    }

  return TRUE;
}

static void
onsite_store_finalize (GObject *object)
{
  OnsiteStore *self = (OnsiteStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->bulk_trigger_sql, g_free);
  _onsite_store_sync_batch_abort (self);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (onsite_store_parent_class)->finalize (object);
}

static void
onsite_store_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OnsiteStore *self = ONSITE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_store_class_init (OnsiteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onsite_store_finalize;
  object_class->get_property = onsite_store_get_property;

  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
onsite_store_init (OnsiteStore *self)
{
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
}

/**
 * onsite_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/onsite/onsite.db`
 */
char *
onsite_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "onsite", "onsite.db", NULL);
}

/**
 * onsite_store_open:
 * @path: the database file; created with its folder when missing
 * @error: where to put a failure, as a sentence for people
 *
 * Opens (and creates or upgrades) an Onsite database. Fast for an existing
 * file; an upgrade of a large file may take a moment, so the window uses
 * onsite_store_open_async().
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
OnsiteStore *
onsite_store_open (const char  *path,
                   GError     **error)
{
  g_autoptr(OnsiteStore) self = NULL;
  g_autofree char *dir = NULL;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s”: %s"),
                   dir, g_strerror (errsv));
      return NULL;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: it is a folder, not a file."),
                   path);
      return NULL;
    }

  self = g_object_new (ONSITE_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"),
                   path, describe_sqlite (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  /* Another connection (the sync worker) may hold the write lock briefly. */
  sqlite3_busy_timeout (self->db, 5000);

  /* Reading the header first turns "not a database" into a clear error
   * before any pragma tries to write to a file that is not ours. */
  if ((version = get_user_version (self->db)) < 0)
    {
      rc = sqlite3_errcode (self->db);
      g_set_error (error, ONSITE_STORE_ERROR, code_for_sqlite (rc),
                   _("Could not open the database “%s”: %s"),
                   path, describe_sqlite (rc));
      return NULL;
    }

  /* A newer Onsite's file is left exactly as it is: not even switched to
   * WAL by the pragmas below. */
  if (version > (int)G_N_ELEMENTS (migrations))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_TOO_NEW,
                   _("This database was written by a newer version of Onsite (schema %d; this version knows up to %d). Update Onsite to open it."),
                   version, (int)G_N_ELEMENTS (migrations));
      return NULL;
    }

  if (!exec (self->db,
             "PRAGMA journal_mode = WAL;"
             "PRAGMA synchronous = NORMAL;"
             "PRAGMA foreign_keys = ON;"
             "PRAGMA temp_store = MEMORY;",
             _("prepare the database"), error))
    return NULL;

  if (!_onsite_store_migrate_db (self->db, G_N_ELEMENTS (migrations), error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  OnsiteStore *store;

  if ((store = onsite_store_open (path, &error)))
    g_task_return_pointer (task, store, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * onsite_store_open_async:
 *
 * Opens the store in a worker thread. The returned store is then used on
 * the thread that called onsite_store_open_finish().
 */
void
onsite_store_open_async (const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

OnsiteStore *
onsite_store_open_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
onsite_store_get_path (OnsiteStore *self)
{
  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  return self->path;
}

int
onsite_store_get_schema_version (OnsiteStore *self)
{
  g_return_val_if_fail (ONSITE_IS_STORE (self), -1);

  return get_user_version (self->db);
}

sqlite3 *
_onsite_store_get_db (OnsiteStore *self)
{
  g_assert (ONSITE_IS_STORE (self));

  return self->db;
}

/*
 * Returns a prepared statement for @sql, reset and with its bindings
 * cleared. @sql must be a string literal: its address is the cache key.
 * The statement stays owned by the store.
 */
sqlite3_stmt *
_onsite_store_prepare (OnsiteStore  *self,
                       const char   *sql,
                       GError      **error)
{
  sqlite3_stmt *stmt;

  g_assert (ONSITE_IS_STORE (self));

  if ((stmt = g_hash_table_lookup (self->statements, sql)))
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      /* Only a programming error or a damaged file gets here. */
      set_sqlite_error (self->db, sqlite3_errcode (self->db),
                        _("read the database"), error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer)sql, stmt);

  return stmt;
}

gboolean
_onsite_store_step_done (OnsiteStore   *self,
                         sqlite3_stmt  *stmt,
                         const char    *doing,
                         GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sqlite_error (self->db, rc, doing, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
onsite_store_begin (OnsiteStore  *self,
                    GError      **error)
{
  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  /* Already writing (the demo fills a store through the public calls in
   * one transaction): the inner one is a savepoint, undone alone on failure */
  if (!sqlite3_get_autocommit (self->db))
    {
      if (!exec (self->db, "SAVEPOINT onsite_nested", _("start writing"), error))
        return FALSE;
      self->n_nested++;
      return TRUE;
    }

  return exec (self->db, "BEGIN IMMEDIATE", _("start writing"), error);
}

gboolean
onsite_store_commit (OnsiteStore  *self,
                     GError      **error)
{
  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (self->n_nested > 0)
    {
      if (!exec (self->db, "RELEASE onsite_nested", _("save the changes"), error))
        {
          onsite_store_rollback (self);
          return FALSE;
        }
      self->n_nested--;
      return TRUE;
    }

  if (!exec (self->db, "COMMIT", _("save the changes"), error))
    {
      onsite_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
onsite_store_rollback (OnsiteStore *self)
{
  g_return_if_fail (ONSITE_IS_STORE (self));

  if (self->n_nested > 0)
    {
      self->n_nested--;
      /* ROLLBACK TO keeps the savepoint open: RELEASE ends it */
      sqlite3_exec (self->db, "ROLLBACK TO onsite_nested; RELEASE onsite_nested", NULL, NULL, NULL);
      return;
    }

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/*
 * Bulk loading (demo data, benchmarks). FTS5 flushes its pending index at
 * every statement of a transaction, so 100,000 single-row inserts through
 * the search trigger take many seconds. Between these two calls, inside
 * one transaction, new tickets are indexed in one statement at the end
 * instead. Only inserts of tickets are allowed in between: an update of a
 * new ticket would index it twice. A rollback undoes the whole thing,
 * trigger included, since SQLite's DDL is transactional.
 */
gboolean
_onsite_store_bulk_begin (OnsiteStore  *self,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_assert (ONSITE_IS_STORE (self));
  g_assert (!sqlite3_get_autocommit (self->db));

  g_clear_pointer (&self->bulk_trigger_sql, g_free);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT (SELECT sql FROM sqlite_schema"
                           "        WHERE type = 'trigger' AND name = 'tickets_search_insert'),"
                           "       (SELECT coalesce (max (id), 0) FROM tickets)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      self->bulk_trigger_sql = _onsite_column_dup (stmt, 0);
      self->bulk_after_id = sqlite3_column_int64 (stmt, 1);
    }
  else
    {
      set_sqlite_error (self->db, rc, _("prepare the database for loading"), error);
      return FALSE;
    }

  if (*self->bulk_trigger_sql == '\0')
    {
      g_clear_pointer (&self->bulk_trigger_sql, g_free);
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_CORRUPT,
                   _("The database is damaged: its search index is incomplete."));
      return FALSE;
    }

  return exec (self->db, "DROP TRIGGER tickets_search_insert",
               _("prepare the database for loading"), error);
}

gboolean
_onsite_store_bulk_end (OnsiteStore  *self,
                        GError      **error)
{
  static const char sql[] =
    "INSERT INTO ticket_search (rowid, title, description, requester, site, address)"
    "  SELECT t.id, t.title, t.description, t.requester,"
    "         coalesce (s.name, ''), coalesce (s.address, '')"
    "  FROM tickets t LEFT JOIN sites s ON s.id = t.site_id"
    "  WHERE t.id > ?1"
    "    AND t.status IN ('new', 'open', 'scheduled', 'in-progress', 'waiting')"
    "  ORDER BY t.id";
  g_autofree char *trigger_sql = g_steal_pointer (&self->bulk_trigger_sql);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_assert (ONSITE_IS_STORE (self));
  g_assert (!sqlite3_get_autocommit (self->db));
  g_assert (trigger_sql != NULL);

  if ((rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    {
      set_sqlite_error (self->db, rc, _("index the tickets for search"), error);
      return FALSE;
    }

  sqlite3_bind_int64 (stmt, 1, self->bulk_after_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("index the tickets for search"), error);
      return FALSE;
    }

  return exec (self->db, trigger_sql, _("index the tickets for search"), error);
}

/*
 * Sync batches. A pull writes thousands of tickets in one transaction,
 * inserts and updates mixed; through the search triggers, FTS5 would flush
 * its pending index at each of those statements. Between these calls,
 * inside one transaction, both triggers are set aside; each ticket written
 * is noted with _onsite_store_sync_batch_touch(), and _end() takes those
 * tickets out of the index and puts the open ones back in two statements.
 * A rollback brings the triggers back by itself (SQLite's DDL is
 * transactional): call _abort() then to forget the batch.
 */
gboolean
_onsite_store_sync_batch_begin (OnsiteStore  *self,
                                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_assert (ONSITE_IS_STORE (self));
  g_assert (!sqlite3_get_autocommit (self->db));
  g_assert (self->batch_touched == NULL);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT (SELECT sql FROM sqlite_schema"
                           "        WHERE type = 'trigger' AND name = 'tickets_search_insert'),"
                           "       (SELECT sql FROM sqlite_schema"
                           "        WHERE type = 'trigger' AND name = 'tickets_search_update')",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK || (rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      set_sqlite_error (self->db, rc, _("prepare the database for the tickets"), error);
      return FALSE;
    }

  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL ||
      sqlite3_column_type (stmt, 1) == SQLITE_NULL)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_CORRUPT,
                   _("The database is damaged: its search index is incomplete."));
      return FALSE;
    }

  if (!exec (self->db, "DROP TRIGGER tickets_search_insert; DROP TRIGGER tickets_search_update",
             _("prepare the database for the tickets"), error))
    return FALSE;

  self->batch_insert_sql = _onsite_column_dup (stmt, 0);
  self->batch_update_sql = _onsite_column_dup (stmt, 1);
  self->batch_touched = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 8192);

  return TRUE;
}

/* Notes a ticket written during a sync batch; nothing outside a batch. */
void
_onsite_store_sync_batch_touch (OnsiteStore *self,
                                gint64       ticket_id)
{
  g_assert (ONSITE_IS_STORE (self));

  if (self->batch_touched != NULL)
    g_array_append_val (self->batch_touched, ticket_id);
}

void
_onsite_store_sync_batch_abort (OnsiteStore *self)
{
  g_assert (ONSITE_IS_STORE (self));

  g_clear_pointer (&self->batch_insert_sql, g_free);
  g_clear_pointer (&self->batch_update_sql, g_free);
  g_clear_pointer (&self->batch_touched, g_array_unref);
}

gboolean
_onsite_store_sync_batch_end (OnsiteStore  *self,
                              GError      **error)
{
  static const char delete_sql[] =
    "DELETE FROM ticket_search WHERE rowid IN (SELECT value FROM json_each (?1))";
  static const char insert_sql[] =
    "INSERT INTO ticket_search (rowid, title, description, requester, site, address)"
    "  SELECT t.id, t.title, t.description, t.requester,"
    "         coalesce (s.name, ''), coalesce (s.address, '')"
    "  FROM tickets t LEFT JOIN sites s ON s.id = t.site_id"
    "  WHERE t.id IN (SELECT value FROM json_each (?1))"
    "    AND t.status IN ('new', 'open', 'scheduled', 'in-progress', 'waiting')"
    "  ORDER BY t.id";
  g_autoptr(GString) ids = NULL;
  gboolean ok = FALSE;

  g_assert (ONSITE_IS_STORE (self));
  g_assert (!sqlite3_get_autocommit (self->db));
  g_assert (self->batch_touched != NULL);

  /* The ids as a JSON array: one parameter, however many tickets. */
  ids = g_string_sized_new (16 + self->batch_touched->len * 8);
  g_string_append_c (ids, '[');
  for (guint i = 0; i < self->batch_touched->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            g_array_index (self->batch_touched, gint64, i));
  g_string_append_c (ids, ']');

  if (self->batch_touched->len > 0)
    {
      const char * const sqls[] = { delete_sql, insert_sql };

      for (guint i = 0; i < G_N_ELEMENTS (sqls); i++)
        {
          g_autoptr(sqlite3_stmt) stmt = NULL;
          int rc;

          if ((rc = sqlite3_prepare_v2 (self->db, sqls[i], -1, &stmt, NULL)) != SQLITE_OK)
            {
              set_sqlite_error (self->db, rc, _("index the tickets for search"), error);
              goto out;
            }
          sqlite3_bind_text (stmt, 1, ids->str, ids->len, SQLITE_STATIC);
          if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
            {
              set_sqlite_error (self->db, rc, _("index the tickets for search"), error);
              goto out;
            }
        }
    }

  ok = exec (self->db, self->batch_insert_sql, _("index the tickets for search"), error) &&
       exec (self->db, self->batch_update_sql, _("index the tickets for search"), error);

out:
  _onsite_store_sync_batch_abort (self);
  return ok;
}

/**
 * onsite_store_ensure_site:
 * @self: a store
 * @site: the site; name, address, building, floor and room identify it
 * @error: where to report a refusal
 *
 * Finds the site or adds it. A known site takes the location given here
 * when one is given, so a corrected location reaches every ticket there.
 * Impossible coordinates are refused and nothing is written.
 *
 * Returns: the site's id, or 0 with @error set
 */
gint64
onsite_store_ensure_site (OnsiteStore       *self,
                          const OnsiteSite  *site,
                          GError           **error)
{
  static const char sql[] =
    "INSERT INTO sites (remote_id, name, address, building, floor, room, latitude, longitude)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (name, address, building, floor, room) DO UPDATE SET"
    "   latitude = coalesce (excluded.latitude, latitude),"
    "   longitude = coalesce (excluded.longitude, longitude),"
    "   remote_id = coalesce (excluded.remote_id, remote_id)"
    " RETURNING id";
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);
  g_return_val_if_fail (site != NULL, 0);

  if (site->name == NULL || *site->name == '\0')
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A site needs a name."));
      return 0;
    }

  if (site->has_location &&
      !onsite_coordinates_valid (site->latitude, site->longitude, error))
    return 0;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return 0;

  bind_text_or_null (stmt, 1, site->remote_id);
  _onsite_bind_text (stmt, 2, site->name);
  _onsite_bind_text (stmt, 3, site->address);
  _onsite_bind_text (stmt, 4, site->building);
  _onsite_bind_text (stmt, 5, site->floor);
  _onsite_bind_text (stmt, 6, site->room);
  if (site->has_location)
    {
      sqlite3_bind_double (stmt, 7, site->latitude);
      sqlite3_bind_double (stmt, 8, site->longitude);
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (self->db, rc, _("save the site"), error);

  sqlite3_reset (stmt);

  return id;
}

/**
 * onsite_store_insert_ticket:
 * @self: a store
 * @ticket: the ticket; its site fields name the site to use or add
 * @error: where to report a refusal
 *
 * Adds @ticket and sets its id. A refused ticket (no title, impossible
 * priority or coordinates) leaves the store as it was.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_store_insert_ticket (OnsiteStore   *self,
                            OnsiteTicket  *ticket,
                            GError       **error)
{
  static const char sql[] =
    "INSERT INTO tickets (remote_id, remote_version, title, description, requester,"
    "  requester_contact, category, priority, urgency, support_level, status, site_id,"
    "  created_at, updated_at, sla_due)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
  sqlite3_stmt *stmt;
  gint64 site_id = 0;
  gboolean own_transaction;
  gint64 now;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (ONSITE_IS_TICKET (ticket), FALSE);

  if (!_onsite_ticket_validate (ticket, error))
    return FALSE;

  own_transaction = sqlite3_get_autocommit (self->db);
  if (own_transaction && !onsite_store_begin (self, error))
    return FALSE;

  if (ticket->site_name != NULL && *ticket->site_name != '\0')
    {
      OnsiteSite site = {
        .name = ticket->site_name,
        .address = ticket->address,
        .building = ticket->building,
        .floor = ticket->floor,
        .room = ticket->room,
        .has_location = ticket->has_location,
        .latitude = ticket->latitude,
        .longitude = ticket->longitude,
      };

      if (!(site_id = onsite_store_ensure_site (self, &site, error)))
        goto failure;
    }

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;

  now = g_get_real_time () / G_USEC_PER_SEC;
  if (ticket->created <= 0)
    ticket->created = now;
  if (ticket->updated <= 0)
    ticket->updated = ticket->created;

  bind_text_or_null (stmt, 1, ticket->remote_id);
  bind_text_or_null (stmt, 2, ticket->remote_version);
  _onsite_bind_text (stmt, 3, ticket->title);
  _onsite_bind_text (stmt, 4, ticket->description);
  _onsite_bind_text (stmt, 5, ticket->requester);
  _onsite_bind_text (stmt, 6, ticket->requester_contact);
  _onsite_bind_text (stmt, 7, ticket->category);
  sqlite3_bind_int (stmt, 8, ticket->priority);
  sqlite3_bind_int (stmt, 9, ticket->urgency);
  sqlite3_bind_int (stmt, 10, ticket->support_level);
  sqlite3_bind_text (stmt, 11, onsite_ticket_status_to_string (ticket->status), -1, SQLITE_STATIC);
  if (site_id > 0)
    sqlite3_bind_int64 (stmt, 12, site_id);
  sqlite3_bind_int64 (stmt, 13, ticket->created);
  sqlite3_bind_int64 (stmt, 14, ticket->updated);
  _onsite_bind_time_or_null (stmt, 15, ticket->sla_due);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("save the ticket"), error);
      goto failure;
    }

  if (own_transaction && !onsite_store_commit (self, error))
    return FALSE;

  ticket->id = sqlite3_last_insert_rowid (self->db);
  ticket->site_id = site_id;

  return TRUE;

failure:
  if (own_transaction)
    onsite_store_rollback (self);

  return FALSE;
}

#define TICKET_COLUMNS \
  "t.id, t.remote_id, t.remote_version, t.title, t.description, t.requester," \
  " t.requester_contact, t.category, t.priority, t.urgency, t.support_level," \
  " t.status, t.created_at, t.updated_at, coalesce (t.sla_due, 0), t.site_id," \
  " s.name, s.address, s.building, s.floor, s.room, s.latitude, s.longitude," \
  " coalesce (s.location_invalid, 0)" \
  " FROM tickets t LEFT JOIN sites s ON s.id = t.site_id"

static OnsiteTicket *
ticket_from_row (sqlite3_stmt *stmt)
{
  OnsiteTicket *ticket = onsite_ticket_new ();
  const char *status;

  ticket->id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    ticket->remote_id = _onsite_column_dup (stmt, 1);
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    ticket->remote_version = _onsite_column_dup (stmt, 2);
  ticket->title = _onsite_column_dup (stmt, 3);
  ticket->description = _onsite_column_dup (stmt, 4);
  ticket->requester = _onsite_column_dup (stmt, 5);
  ticket->requester_contact = _onsite_column_dup (stmt, 6);
  ticket->category = _onsite_column_dup (stmt, 7);
  ticket->priority = sqlite3_column_int (stmt, 8);
  ticket->urgency = sqlite3_column_int (stmt, 9);
  ticket->support_level = sqlite3_column_int (stmt, 10);
  status = (const char *)sqlite3_column_text (stmt, 11);
  if (!onsite_ticket_status_from_string (status, &ticket->status))
    ticket->status = ONSITE_TICKET_STATUS_NEW;
  ticket->created = sqlite3_column_int64 (stmt, 12);
  ticket->updated = sqlite3_column_int64 (stmt, 13);
  ticket->sla_due = sqlite3_column_int64 (stmt, 14);
  ticket->site_id = sqlite3_column_int64 (stmt, 15);
  ticket->site_name = _onsite_column_dup (stmt, 16);
  ticket->address = _onsite_column_dup (stmt, 17);
  ticket->building = _onsite_column_dup (stmt, 18);
  ticket->floor = _onsite_column_dup (stmt, 19);
  ticket->room = _onsite_column_dup (stmt, 20);
  ticket->has_location = sqlite3_column_type (stmt, 21) != SQLITE_NULL;
  if (ticket->has_location)
    {
      ticket->latitude = sqlite3_column_double (stmt, 21);
      ticket->longitude = sqlite3_column_double (stmt, 22);
    }
  ticket->location_invalid = sqlite3_column_int (stmt, 23) != 0;

  return ticket;
}

/**
 * onsite_store_get_ticket:
 *
 * Returns: (transfer full): the ticket, or %NULL with
 *   %ONSITE_STORE_ERROR_NOT_FOUND or another error
 */
OnsiteTicket *
onsite_store_get_ticket (OnsiteStore  *self,
                         gint64        id,
                         GError      **error)
{
  static const char sql[] = "SELECT " TICKET_COLUMNS " WHERE t.id = ?1";
  sqlite3_stmt *stmt;
  OnsiteTicket *ticket = NULL;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    ticket = ticket_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                 _("Ticket %" G_GINT64_FORMAT " does not exist."), id);
  else
    set_sqlite_error (self->db, rc, _("read the ticket"), error);

  sqlite3_reset (stmt);

  return ticket;
}

/**
 * onsite_store_list_open_tickets:
 *
 * Every ticket that is still open (not resolved, not closed): the board.
 *
 * Returns: (transfer full) (element-type OnsiteTicket): the tickets
 */
GPtrArray *
onsite_store_list_open_tickets (OnsiteStore  *self,
                                GError      **error)
{
  static const char sql[] =
    "SELECT " TICKET_COLUMNS
    " WHERE t.status IN ('new', 'open', 'scheduled', 'in-progress', 'waiting')";
  g_autoptr(GPtrArray) tickets = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  tickets = g_ptr_array_new_with_free_func (g_object_unref);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tickets, ticket_from_row (stmt));

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("read the tickets"), error);
      return NULL;
    }

  return g_steal_pointer (&tickets);
}

/**
 * onsite_store_list_all_tickets:
 *
 * Every ticket, resolved and closed ones included, in id order.
 *
 * Returns: (transfer full) (element-type OnsiteTicket): the tickets
 */
GPtrArray *
onsite_store_list_all_tickets (OnsiteStore  *self,
                               GError      **error)
{
  static const char sql[] = "SELECT " TICKET_COLUMNS " ORDER BY t.id";
  g_autoptr(GPtrArray) tickets = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  tickets = g_ptr_array_new_with_free_func (g_object_unref);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tickets, ticket_from_row (stmt));

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("read the tickets"), error);
      return NULL;
    }

  return g_steal_pointer (&tickets);
}

/*
 * Turns what a person typed into an FTS5 query that cannot be a syntax
 * error: every word becomes a quoted prefix term, all of them required.
 * "printer 3rd fl" → "printer"* "3rd"* "fl"*
 */
static char *
build_match_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_auto(GStrv) words = NULL;

  words = g_strsplit_set (text, " \t\n\r", -1);

  for (guint i = 0; words[i]; i++)
    {
      if (words[i][0] == '\0')
        continue;

      if (query->len > 0)
        g_string_append_c (query, ' ');

      g_string_append_c (query, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append (query, "\"*");
    }

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/**
 * onsite_store_search:
 * @self: a store
 * @text: words as a person typed them
 * @error: where to report a failure
 *
 * Full-text search over title, description, requester, site and address of
 * the open tickets. Every word must match the start of a word in the ticket;
 * case and accents are ignored.
 *
 * Returns: (transfer full) (element-type gint64): the ids of matching
 *   tickets in ascending order; empty if @text has no words
 */
GArray *
onsite_store_search (OnsiteStore  *self,
                     const char   *text,
                     GError      **error)
{
  static const char sql[] =
    /* The index holds only open tickets (migration 3). */
    "SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?1 ORDER BY rowid";
  g_autoptr(GArray) ids = NULL;
  g_autofree char *query = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!(query = build_match_query (text)))
    return g_steal_pointer (&ids);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("search the tickets"), error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

gint64
onsite_store_count_tickets (OnsiteStore  *self,
                            gboolean      open_only,
                            GError      **error)
{
  static const char sql_all[] = "SELECT count(*) FROM tickets";
  static const char sql_open[] =
    "SELECT count(*) FROM tickets"
    " WHERE status IN ('new', 'open', 'scheduled', 'in-progress', 'waiting')";
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), -1);

  if (!(stmt = _onsite_store_prepare (self, open_only ? sql_open : sql_all, error)))
    return -1;

  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (self->db, rc, _("count the tickets"), error);

  sqlite3_reset (stmt);

  return count;
}

/**
 * onsite_store_count_rows:
 * @table: one of Onsite's table names
 *
 * Returns: the number of rows, or -1 with @error set
 */
gint64
onsite_store_count_rows (OnsiteStore  *self,
                         const char   *table,
                         GError      **error)
{
  static const char * const tables[] = {
    "sites", "tickets", "technicians", "technician_skills", "technician_hours",
    "vendors", "vendor_contacts", "vendor_contracts", "vendor_categories",
    "visits", "handoffs", "events", "outbox",
  };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  gint64 count = -1;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), -1);
  g_return_val_if_fail (table != NULL, -1);

  /* Table names cannot be bound; only known names are ever formatted in. */
  if (!g_strv_contains (tables, table))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   _("There is no table “%s”."), table);
      return -1;
    }

  sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  if ((rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL)) != SQLITE_OK)
    {
      set_sqlite_error (self->db, rc, _("count rows"), error);
      return -1;
    }

  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (self->db, rc, _("count rows"), error);

  return count;
}

/**
 * onsite_store_add_event:
 *
 * Appends a line to a ticket's history. The event log is append-only: the
 * database itself refuses to change or remove a line.
 */
gboolean
onsite_store_add_event (OnsiteStore  *self,
                        gint64        ticket_id,
                        gint64        at,
                        const char   *actor,
                        const char   *kind,
                        const char   *summary,
                        GError      **error)
{
  static const char sql[] =
    "INSERT INTO events (ticket_id, at, actor, kind, summary) VALUES (?1, ?2, ?3, ?4, ?5)";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  if (ticket_id > 0)
    sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, at > 0 ? at : g_get_real_time () / G_USEC_PER_SEC);
  _onsite_bind_text (stmt, 3, actor);
  _onsite_bind_text (stmt, 4, kind);
  _onsite_bind_text (stmt, 5, summary);

  return _onsite_store_step_done (self, stmt, _("record the change"), error);
}

void
onsite_event_free (OnsiteEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->actor);
  g_free (event->kind);
  g_free (event->summary);
  g_free (event);
}

/**
 * onsite_store_list_events:
 *
 * Returns: (transfer full) (element-type OnsiteEvent): the ticket's history,
 *   oldest first
 */
GPtrArray *
onsite_store_list_events (OnsiteStore  *self,
                          gint64        ticket_id,
                          GError      **error)
{
  static const char sql[] =
    "SELECT id, ticket_id, at, actor, kind, summary FROM events"
    " WHERE ticket_id = ?1 ORDER BY at, id";
  g_autoptr(GPtrArray) events = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  events = g_ptr_array_new_with_free_func ((GDestroyNotify)onsite_event_free);
  sqlite3_bind_int64 (stmt, 1, ticket_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OnsiteEvent *event = g_new0 (OnsiteEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->ticket_id = sqlite3_column_int64 (stmt, 1);
      event->at = sqlite3_column_int64 (stmt, 2);
      event->actor = _onsite_column_dup (stmt, 3);
      event->kind = _onsite_column_dup (stmt, 4);
      event->summary = _onsite_column_dup (stmt, 5);
      g_ptr_array_add (events, event);
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self->db, rc, _("read the ticket history"), error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

/*
 * Queues a change for the ticket service. Must run inside the transaction
 * that makes the change locally, so that the two are saved or lost together.
 * The idempotency key travels with the change so that a retry after a crash
 * can be recognised at the other end.
 */
gboolean
_onsite_store_enqueue_change (OnsiteStore  *self,
                              gint64        ticket_id,
                              const char   *kind,
                              const char   *payload_json,
                              GError      **error)
{
  static const char sql[] =
    "INSERT INTO outbox (ticket_id, created_at, kind, payload, idempotency_key)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
  g_autofree char *key = g_uuid_string_random ();
  sqlite3_stmt *stmt;

  g_assert (ONSITE_IS_STORE (self));
  g_assert (!sqlite3_get_autocommit (self->db));

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  if (ticket_id > 0)
    sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  _onsite_bind_text (stmt, 3, kind);
  _onsite_bind_text (stmt, 4, payload_json);
  _onsite_bind_text (stmt, 5, key);

  return _onsite_store_step_done (self, stmt, _("queue the change"), error);
}

/**
 * onsite_store_set_ticket_status:
 * @self: a store
 * @ticket_id: the ticket
 * @status: its new status
 * @actor: who made the change, for the history
 * @error: where to report a failure
 *
 * Changes the status, records it in the history and queues it for the
 * ticket service, all in one transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_store_set_ticket_status (OnsiteStore         *self,
                                gint64               ticket_id,
                                OnsiteTicketStatus   status,
                                const char          *actor,
                                GError             **error)
{
  static const char sql[] =
    "UPDATE tickets SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status <> ?2";
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;
  gint64 now;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (status >= ONSITE_N_TICKET_STATUSES)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("The ticket status is unknown."));
      return FALSE;
    }

  if (!(ticket = onsite_store_get_ticket (self, ticket_id, error)))
    return FALSE;

  if (ticket->status == status)
    return TRUE;

  if (!onsite_store_begin (self, error))
    return FALSE;

  now = g_get_real_time () / G_USEC_PER_SEC;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_text (stmt, 2, onsite_ticket_status_to_string (status), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);

  if (!_onsite_store_step_done (self, stmt, _("change the status"), error))
    goto failure;

  /* Translators: history line, e.g. "Status changed from Open to Scheduled" */
  summary = g_strdup_printf (_("Status changed from %s to %s"),
                             onsite_ticket_status_to_label (ticket->status),
                             onsite_ticket_status_to_label (status));
  payload = g_strdup_printf ("{\"status\":\"%s\",\"previous\":\"%s\"}",
                             onsite_ticket_status_to_string (status),
                             onsite_ticket_status_to_string (ticket->status));

  if (!onsite_store_add_event (self, ticket_id, now, actor, "status", summary, error) ||
      !_onsite_store_enqueue_change (self, ticket_id, "status", payload, error))
    goto failure;

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

gint64
onsite_store_count_pending_changes (OnsiteStore  *self,
                                    GError      **error)
{
  static const char sql[] =
    "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending', 'failed')";
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), -1);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return -1;

  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (self->db, rc, _("count the waiting changes"), error);

  sqlite3_reset (stmt);

  return count;
}

static gboolean
insert_strings (OnsiteStore        *self,
                const char         *sql,
                gint64              owner,
                const char * const *values,
                const char         *doing,
                GError            **error)
{
  sqlite3_stmt *stmt;

  if (values == NULL)
    return TRUE;

  for (guint i = 0; values[i]; i++)
    {
      if (!(stmt = _onsite_store_prepare (self, sql, error)))
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, owner);
      sqlite3_bind_text (stmt, 2, values[i], -1, SQLITE_TRANSIENT);

      if (!_onsite_store_step_done (self, stmt, doing, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * onsite_store_insert_technician:
 *
 * Adds a technician with skills and working hours.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
onsite_store_insert_technician (OnsiteStore             *self,
                                const OnsiteTechnician  *technician,
                                GError                 **error)
{
  static const char sql[] =
    "INSERT INTO technicians (remote_id, name, email, phone, home_address,"
    "  home_latitude, home_longitude) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  static const char skill_sql[] =
    "INSERT OR IGNORE INTO technician_skills (technician_id, skill) VALUES (?1, ?2)";
  static const char hours_sql[] =
    "INSERT INTO technician_hours (technician_id, weekday, start_minute, end_minute)"
    " VALUES (?1, ?2, ?3, ?4)";
  sqlite3_stmt *stmt;
  gboolean own_transaction;
  gint64 id;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);
  g_return_val_if_fail (technician != NULL, 0);

  if (technician->name == NULL || *technician->name == '\0')
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A technician needs a name."));
      return 0;
    }

  if (technician->has_home &&
      !onsite_coordinates_valid (technician->home_latitude, technician->home_longitude, error))
    return 0;

  for (gsize i = 0; i < technician->n_hours; i++)
    {
      const OnsiteWorkPeriod *p = &technician->hours[i];

      if (p->weekday < 1 || p->weekday > 7 ||
          p->end_minute > 24 * 60 || p->end_minute <= p->start_minute)
        {
          g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                       _("Working hours of %s are impossible: a period must end after it starts, within one day."),
                       technician->name);
          return 0;
        }
    }

  own_transaction = sqlite3_get_autocommit (self->db);
  if (own_transaction && !onsite_store_begin (self, error))
    return 0;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;

  bind_text_or_null (stmt, 1, technician->remote_id);
  _onsite_bind_text (stmt, 2, technician->name);
  _onsite_bind_text (stmt, 3, technician->email);
  _onsite_bind_text (stmt, 4, technician->phone);
  _onsite_bind_text (stmt, 5, technician->home_address);
  if (technician->has_home)
    {
      sqlite3_bind_double (stmt, 6, technician->home_latitude);
      sqlite3_bind_double (stmt, 7, technician->home_longitude);
    }

  if (!_onsite_store_step_done (self, stmt, _("save the technician"), error))
    goto failure;

  id = sqlite3_last_insert_rowid (self->db);

  if (!insert_strings (self, skill_sql, id, technician->skills,
                       _("save the technician’s skills"), error))
    goto failure;

  for (gsize i = 0; i < technician->n_hours; i++)
    {
      if (!(stmt = _onsite_store_prepare (self, hours_sql, error)))
        goto failure;

      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, technician->hours[i].weekday);
      sqlite3_bind_int (stmt, 3, technician->hours[i].start_minute);
      sqlite3_bind_int (stmt, 4, technician->hours[i].end_minute);

      if (!_onsite_store_step_done (self, stmt, _("save the working hours"), error))
        goto failure;
    }

  if (own_transaction && !onsite_store_commit (self, error))
    return 0;

  return id;

failure:
  if (own_transaction)
    onsite_store_rollback (self);
  return 0;
}

/**
 * onsite_store_insert_vendor:
 *
 * Adds a vendor with the categories it covers, its contacts and contracts.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
onsite_store_insert_vendor (OnsiteStore         *self,
                            const OnsiteVendor  *vendor,
                            GError             **error)
{
  static const char sql[] =
    "INSERT INTO vendors (remote_id, name, website) VALUES (?1, ?2, ?3)";
  static const char category_sql[] =
    "INSERT OR IGNORE INTO vendor_categories (vendor_id, category) VALUES (?1, ?2)";
  static const char contact_sql[] =
    "INSERT INTO vendor_contacts (vendor_id, name, role, phone, email, escalation)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  static const char contract_sql[] =
    "INSERT INTO vendor_contracts (vendor_id, number, valid_from, valid_until,"
    "  response_minutes, resolution_minutes, business_hours, pauses_sla)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  sqlite3_stmt *stmt;
  gboolean own_transaction;
  gint64 id;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);
  g_return_val_if_fail (vendor != NULL, 0);

  if (vendor->name == NULL || *vendor->name == '\0')
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A vendor needs a name."));
      return 0;
    }

  for (gsize i = 0; i < vendor->n_contracts; i++)
    {
      const OnsiteVendorContract *c = &vendor->contracts[i];

      if (c->valid_until <= c->valid_from ||
          c->response_minutes <= 0 || c->resolution_minutes <= 0)
        {
          g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                       _("Contract %s of %s is impossible: it must end after it starts and promise positive response and resolution times."),
                       c->number ? c->number : "?", vendor->name);
          return 0;
        }
    }

  own_transaction = sqlite3_get_autocommit (self->db);
  if (own_transaction && !onsite_store_begin (self, error))
    return 0;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;

  bind_text_or_null (stmt, 1, vendor->remote_id);
  _onsite_bind_text (stmt, 2, vendor->name);
  _onsite_bind_text (stmt, 3, vendor->website);

  if (!_onsite_store_step_done (self, stmt, _("save the vendor"), error))
    goto failure;

  id = sqlite3_last_insert_rowid (self->db);

  if (!insert_strings (self, category_sql, id, vendor->categories,
                       _("save the vendor’s categories"), error))
    goto failure;

  for (gsize i = 0; i < vendor->n_contacts; i++)
    {
      const OnsiteVendorContact *c = &vendor->contacts[i];

      if (!(stmt = _onsite_store_prepare (self, contact_sql, error)))
        goto failure;

      sqlite3_bind_int64 (stmt, 1, id);
      _onsite_bind_text (stmt, 2, c->name);
      _onsite_bind_text (stmt, 3, c->role);
      _onsite_bind_text (stmt, 4, c->phone);
      _onsite_bind_text (stmt, 5, c->email);
      sqlite3_bind_int (stmt, 6, c->escalation ? 1 : 0);

      if (!_onsite_store_step_done (self, stmt, _("save the vendor’s contacts"), error))
        goto failure;
    }

  for (gsize i = 0; i < vendor->n_contracts; i++)
    {
      const OnsiteVendorContract *c = &vendor->contracts[i];

      if (!(stmt = _onsite_store_prepare (self, contract_sql, error)))
        goto failure;

      sqlite3_bind_int64 (stmt, 1, id);
      _onsite_bind_text (stmt, 2, c->number);
      sqlite3_bind_int64 (stmt, 3, c->valid_from);
      sqlite3_bind_int64 (stmt, 4, c->valid_until);
      sqlite3_bind_int (stmt, 5, c->response_minutes);
      sqlite3_bind_int (stmt, 6, c->resolution_minutes);
      sqlite3_bind_text (stmt, 7, c->business_hours ? c->business_hours : "mon-fri 08:00-18:00",
                         -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 8, c->pauses_sla ? 1 : 0);

      if (!_onsite_store_step_done (self, stmt, _("save the vendor’s contracts"), error))
        goto failure;
    }

  if (own_transaction && !onsite_store_commit (self, error))
    return 0;

  return id;

failure:
  if (own_transaction)
    onsite_store_rollback (self);
  return 0;
}
