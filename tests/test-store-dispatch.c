/* test-store-dispatch.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "onsite-store-dispatch.h"
#include "onsite-store-private.h"
#include "onsite-ticket-private.h"
#include "onsite-sync-store.h"

/*
 * Technicians and visits through a real SQLite file: every visit change
 * writes the visit, the status, one history line and exactly one outbox
 * row that the RT connector understands, or nothing at all.
 */

typedef struct
{
  char        *dir;
  OnsiteStore *store;
  gint64       marco;
  gint64       giulia;
  gint64       ticket;
  gint64       today;   /* midnight UTC of the day the test runs */
} Fixture;

static const OnsiteWorkPeriod weekdays[] = {
  { 1, 8 * 60, 17 * 60 }, { 2, 8 * 60, 17 * 60 }, { 3, 8 * 60, 17 * 60 },
  { 4, 8 * 60, 17 * 60 }, { 5, 8 * 60, 17 * 60 }, { 6, 8 * 60, 17 * 60 },
  { 7, 8 * 60, 17 * 60 },
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const marco_skills[] = { "printer", "network", NULL };
  const char * const giulia_skills[] = { "laptop", NULL };
  OnsiteTechnician marco = {
    .remote_id = "marco",
    .name = "Marco Rossi",
    .email = "marco.rossi@example.com",
    .home_address = "Piazza del Duomo, Milano",
    .has_home = TRUE,
    .home_latitude = 45.4642,
    .home_longitude = 9.19,
    .skills = marco_skills,
    .hours = weekdays,
    .n_hours = G_N_ELEMENTS (weekdays),
  };
  OnsiteTechnician giulia = {
    .name = "Giulia Ferrari",
    .email = "giulia.ferrari@example.com",
    .skills = giulia_skills,
    .hours = weekdays,
    .n_hours = 5,
  };
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("onsite-dispatch-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "onsite.db", NULL);
  f->store = onsite_store_open (path, &error);
  g_assert_no_error (error);

  f->marco = onsite_store_add_tech (f->store, &marco, "Dispatch", &error);
  g_assert_no_error (error);
  f->giulia = onsite_store_add_tech (f->store, &giulia, "Dispatch", &error);
  g_assert_no_error (error);

  ticket->remote_id = g_strdup ("123");
  ticket->title = g_strdup ("Printer jams, on every page; \"urgent\"");
  ticket->description = g_strdup ("Paper jam in tray 2.");
  ticket->requester = g_strdup ("Anna Bianchi");
  ticket->category = g_strdup ("printer");
  ticket->status = ONSITE_TICKET_STATUS_OPEN;
  ticket->site_name = g_strdup ("Headquarters");
  ticket->address = g_strdup ("Via Dante 1, Milano");
  ticket->has_location = TRUE;
  ticket->latitude = 45.4668;
  ticket->longitude = 9.1859;
  onsite_store_insert_ticket (f->store, ticket, &error);
  g_assert_no_error (error);
  f->ticket = ticket->id;

  f->today = g_get_real_time () / G_USEC_PER_SEC;
  f->today -= f->today % 86400;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "onsite.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *table)
{
  g_autoptr(GError) error = NULL;
  gint64 n = onsite_store_count_rows (f->store, table, &error);

  g_assert_no_error (error);
  return n;
}

static char *
query_text (Fixture    *f,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *)sqlite3_column_text (stmt, 0));

  return text;
}

/* The newest outbox row: its kind, and its payload parsed. */
static JsonObject *
last_change (Fixture  *f,
             char    **kind)
{
  g_autofree char *payload = query_text (f, "SELECT payload FROM outbox ORDER BY id DESC LIMIT 1");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  *kind = query_text (f, "SELECT kind FROM outbox ORDER BY id DESC LIMIT 1");
  g_assert_nonnull (payload);
  json_parser_load_from_data (parser, payload, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
change_value (JsonObject *payload,
              const char *path,
              const char *member)
{
  JsonObject *object = payload;
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);

  for (guint i = 0; parts[i]; i++)
    {
      g_assert_true (json_object_has_member (object, parts[i]));
      object = json_object_get_object_member (object, parts[i]);
    }

  return json_object_get_string_member (object, member);
}

static char *
last_event (Fixture *f)
{
  return query_text (f, "SELECT summary FROM events WHERE ticket_id IS NOT NULL ORDER BY id DESC LIMIT 1");
}

static char *
service_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static void
test_roster (Fixture       *f,
             gconstpointer  data)
{
  const char * const new_skills[] = { "phone", "laptop", "phone", NULL };
  const OnsiteWorkPeriod split[] = { { 1, 9 * 60, 13 * 60 }, { 1, 14 * 60, 18 * 60 } };
  OnsiteTechnician edit = {
    .name = "Giulia Ferrari-Conti",
    .email = "giulia@example.com",
    .phone = "+39 02 1234",
    .has_home = TRUE,
    .home_latitude = 45.5,
    .home_longitude = 9.2,
    .skills = new_skills,
    .hours = split,
    .n_hours = G_N_ELEMENTS (split),
  };
  OnsiteTechnician bad = { .name = "Nobody", .hours = (OnsiteWorkPeriod[]) { { 1, 600, 500 } }, .n_hours = 1 };
  g_autoptr(GPtrArray) techs = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(OnsiteTech) giulia = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  const OnsiteWorkPeriod *periods;
  const OnsiteAbsence *absences;
  guint n;
  gint64 absence, now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 events = count (f, "events");

  techs = onsite_store_list_techs (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (techs->len, ==, 2);
  /* By name. */
  g_assert_cmpstr (onsite_tech_get_name (g_ptr_array_index (techs, 0)), ==, "Giulia Ferrari");
  g_assert_cmpstr (onsite_tech_get_name (g_ptr_array_index (techs, 1)), ==, "Marco Rossi");
  label = onsite_tech_dup_skills_label (g_ptr_array_index (techs, 1));
  g_assert_cmpstr (label, ==, "network, printer");
  g_assert_cmpstr (onsite_tech_get_owner_name (g_ptr_array_index (techs, 1)), ==, "marco");
  /* No user name at the service: the e-mail address. */
  g_assert_cmpstr (onsite_tech_get_owner_name (g_ptr_array_index (techs, 0)), ==, "giulia.ferrari@example.com");
  onsite_tech_get_work_periods (g_ptr_array_index (techs, 1), &n);
  g_assert_cmpuint (n, ==, 7);

  g_assert_true (onsite_store_update_tech (f->store, f->giulia, &edit, "Dispatch", &error));
  g_assert_no_error (error);
  absence = onsite_store_add_absence (f->store, f->giulia, now + 3600, now + 7200, "Dentist", "Dispatch", &error);
  g_assert_no_error (error);
  g_assert_cmpint (absence, >, 0);
  /* A past absence is not listed. */
  onsite_store_add_absence (f->store, f->giulia, now - 7200, now - 3600, "Past", "Dispatch", &error);
  g_assert_no_error (error);

  giulia = onsite_store_get_tech (f->store, f->giulia, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onsite_tech_get_name (giulia), ==, "Giulia Ferrari-Conti");
  g_assert_cmpstr (onsite_tech_get_phone (giulia), ==, "+39 02 1234");
  g_assert_cmpstr (onsite_tech_get_skills (giulia)[0], ==, "laptop");
  g_assert_cmpstr (onsite_tech_get_skills (giulia)[1], ==, "phone");
  g_assert_null (onsite_tech_get_skills (giulia)[2]);
  periods = onsite_tech_get_work_periods (giulia, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (periods[1].start_minute, ==, 14 * 60);
  absences = onsite_tech_get_absences (giulia, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (absences[0].reason, ==, "Dentist");
  g_assert_cmpint (absences[0].id, ==, absence);

  g_assert_true (onsite_store_remove_absence (f->store, absence, "Dispatch", &error));
  g_assert_no_error (error);
  g_assert_false (onsite_store_remove_absence (f->store, absence, "Dispatch", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Refusals write nothing. */
  g_assert_false (onsite_store_update_tech (f->store, f->giulia, &bad, "Dispatch", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (onsite_store_update_tech (f->store, 999, &edit, "Dispatch", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (onsite_store_add_absence (f->store, f->giulia, now, now, NULL, NULL, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (onsite_store_set_tech_active (f->store, f->giulia, FALSE, "Dispatch", &error));
  g_assert_no_error (error);
  g_clear_pointer (&techs, g_ptr_array_unref);
  techs = onsite_store_list_techs (f->store, FALSE, &error);
  g_assert_cmpuint (techs->len, ==, 1);
  all = onsite_store_list_techs (f->store, TRUE, &error);
  g_assert_cmpuint (all->len, ==, 2);

  /* Roster changes are in the history (no ticket), never in the outbox. */
  g_assert_cmpint (count (f, "events"), ==, events + 5);
  g_assert_cmpint (count (f, "outbox"), ==, 0);
}

static void
test_assign_move_unassign_cancel (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteVisit) visit = NULL;
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *owner = NULL;
  gint64 start = f->today + 10 * 3600;
  gint64 end = f->today + 11 * 3600;
  gint64 visit_id, again, ws, we;

  /* Assign. */
  visit_id = onsite_store_assign_ticket (f->store, f->ticket, f->marco, start, end, "Dispatch", &error);
  g_assert_no_error (error);
  g_assert_cmpint (visit_id, >, 0);
  g_assert_cmpint (count (f, "visits"), ==, 1);
  g_assert_cmpint (count (f, "outbox"), ==, 1);

  visit = onsite_store_get_visit (f->store, visit_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_visit_get_technician_id (visit), ==, f->marco);
  g_assert_cmpint (onsite_visit_get_start (visit), ==, start);
  g_assert_cmpint (onsite_visit_get_end (visit), ==, end);
  g_assert_cmpint (onsite_visit_get_state (visit), ==, ONSITE_VISIT_PLANNED);
  g_assert_cmpstr (onsite_visit_get_title (visit), ==, "Printer jams, on every page; \"urgent\"");
  g_assert_cmpstr (onsite_visit_get_ticket_remote_id (visit), ==, "123");
  g_assert_true (onsite_visit_get_location (visit, NULL, NULL));
  g_clear_object (&visit);

  ticket = onsite_store_get_ticket (f->store, f->ticket, &error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_SCHEDULED);
  g_clear_object (&ticket);

  summary = last_event (f);
  g_assert_cmpstr (summary, ==, "Assigned to Marco Rossi for 10:00–11:00");
  g_clear_pointer (&summary, g_free);

  payload = last_change (f, &kind);
  g_assert_cmpstr (kind, ==, "assignment");
  g_assert_cmpint (json_object_get_int_member (payload, "visit"), ==, visit_id);
  g_assert_cmpstr (change_value (payload, "owner", "value"), ==, "marco");
  g_assert_cmpstr (change_value (payload, "owner", "previous"), ==, "");
  start_text = service_time (start);
  g_assert_cmpstr (change_value (payload, "fields/visit-start", "value"), ==, start_text);
  g_assert_cmpstr (change_value (payload, "fields/visit-start", "previous"), ==, "");
  g_assert_cmpstr (change_value (payload, "status", "value"), ==, "scheduled");
  g_assert_cmpstr (change_value (payload, "status", "previous"), ==, "open");
  g_clear_pointer (&payload, json_object_unref);
  g_clear_pointer (&kind, g_free);

  /* The sync store sees the same owner and window. */
  owner = onsite_store_get_ticket_owner (f->store, f->ticket, &error);
  g_assert_cmpstr (owner, ==, "marco");
  g_assert_true (onsite_store_get_visit_window (f->store, f->ticket, &ws, &we, &error));
  g_assert_cmpint (ws, ==, start);
  g_assert_cmpint (we, ==, end);

  /* The same again changes nothing. */
  again = onsite_store_assign_ticket (f->store, f->ticket, f->marco, start, end, "Dispatch", &error);
  g_assert_cmpint (again, ==, visit_id);
  g_assert_cmpint (count (f, "outbox"), ==, 1);

  /* Move and resize: the window only, as a plain field change. */
  g_assert_true (onsite_store_move_visit (f->store, visit_id, start + 3600, end + 5400, "Dispatch", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "outbox"), ==, 2);
  summary = last_event (f);
  g_assert_cmpstr (summary, ==, "Visit with Marco Rossi moved from 10:00–11:00 to 11:00–12:30");
  g_clear_pointer (&summary, g_free);
  payload = last_change (f, &kind);
  g_assert_cmpstr (kind, ==, "fields");
  g_assert_cmpstr (change_value (payload, "fields/visit-start", "previous"), ==, start_text);
  g_assert_false (json_object_has_member (payload, "owner"));
  g_assert_false (json_object_has_member (payload, "status"));
  g_clear_pointer (&payload, json_object_unref);
  g_clear_pointer (&kind, g_free);

  /* Reassign. */
  again = onsite_store_assign_ticket (f->store, f->ticket, f->giulia, start + 3600, end + 5400, "Dispatch", &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, visit_id);
  g_assert_cmpint (count (f, "visits"), ==, 1);
  g_assert_cmpint (count (f, "outbox"), ==, 3);
  summary = last_event (f);
  g_assert_cmpstr (summary, ==, "Reassigned from Marco Rossi to Giulia Ferrari for 11:00–12:30");
  g_clear_pointer (&summary, g_free);
  payload = last_change (f, &kind);
  g_assert_cmpstr (kind, ==, "assignment");
  g_assert_cmpstr (change_value (payload, "owner", "value"), ==, "giulia.ferrari@example.com");
  g_assert_cmpstr (change_value (payload, "owner", "previous"), ==, "marco");
  g_assert_false (json_object_has_member (payload, "fields"));
  g_assert_false (json_object_has_member (payload, "status"));
  g_clear_pointer (&payload, json_object_unref);
  g_clear_pointer (&kind, g_free);

  /* Pin: the history only. */
  g_assert_true (onsite_store_set_visit_pinned (f->store, visit_id, TRUE, "Dispatch", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "outbox"), ==, 3);
  visit = onsite_store_get_visit (f->store, visit_id, &error);
  g_assert_true (onsite_visit_get_pinned (visit));
  g_clear_object (&visit);

  /* Unassign: the visit waits for someone else; the ticket is open. */
  g_assert_true (onsite_store_unassign_visit (f->store, visit_id, "Dispatch", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "outbox"), ==, 4);
  visit = onsite_store_get_visit (f->store, visit_id, &error);
  g_assert_cmpint (onsite_visit_get_technician_id (visit), ==, 0);
  g_assert_cmpint (onsite_visit_get_start (visit), ==, start + 3600);
  g_clear_object (&visit);
  ticket = onsite_store_get_ticket (f->store, f->ticket, &error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_OPEN);
  g_clear_object (&ticket);
  summary = last_event (f);
  g_assert_cmpstr (summary, ==, "Unassigned from Giulia Ferrari (the visit 11:00–12:30 waits for someone else)");
  g_clear_pointer (&summary, g_free);
  payload = last_change (f, &kind);
  g_assert_cmpstr (kind, ==, "assignment");
  g_assert_cmpstr (change_value (payload, "owner", "value"), ==, "");
  g_assert_cmpstr (change_value (payload, "status", "value"), ==, "open");
  g_assert_cmpstr (change_value (payload, "status", "previous"), ==, "scheduled");
  g_clear_pointer (&payload, json_object_unref);
  g_clear_pointer (&kind, g_free);

  /* Assign the waiting visit again, then cancel it. */
  again = onsite_store_assign_ticket (f->store, f->ticket, f->marco, start, end, "Dispatch", &error);
  g_assert_cmpint (again, ==, visit_id);
  g_assert_cmpint (count (f, "outbox"), ==, 5);

  g_assert_true (onsite_store_cancel_visit (f->store, visit_id, "the requester is away", "Dispatch", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "outbox"), ==, 6);
  visit = onsite_store_get_visit (f->store, visit_id, &error);
  g_assert_cmpint (onsite_visit_get_state (visit), ==, ONSITE_VISIT_CANCELLED);
  g_clear_object (&visit);
  summary = last_event (f);
  g_assert_cmpstr (summary, ==, "Visit with Marco Rossi at 10:00–11:00 cancelled: the requester is away");
  g_clear_pointer (&summary, g_free);
  payload = last_change (f, &kind);
  g_assert_cmpstr (kind, ==, "assignment");
  g_assert_cmpstr (change_value (payload, "owner", "previous"), ==, "marco");
  g_assert_cmpstr (change_value (payload, "owner", "value"), ==, "");
  g_assert_cmpstr (change_value (payload, "fields/visit-start", "value"), ==, "");
  g_assert_cmpstr (change_value (payload, "fields/visit-end", "value"), ==, "");
  g_assert_cmpstr (change_value (payload, "status", "value"), ==, "open");
  g_clear_pointer (&payload, json_object_unref);
  g_clear_pointer (&kind, g_free);

  /* A cancelled visit no longer changes; the next assignment is a new visit. */
  g_assert_false (onsite_store_move_visit (f->store, visit_id, start, end, "Dispatch", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  again = onsite_store_assign_ticket (f->store, f->ticket, f->marco, start, end, "Dispatch", &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, !=, visit_id);
  g_assert_cmpint (count (f, "visits"), ==, 2);

  /* Every change: exactly one history line (with the ticket) per outbox
   * row, plus the pin. */
  g_clear_pointer (&summary, g_free);
  summary = query_text (f, "SELECT count(*) FROM events WHERE ticket_id IS NOT NULL");
  g_assert_cmpstr (summary, ==, "8");
  g_assert_cmpint (count (f, "outbox"), ==, 7);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = f->today + 10 * 3600;

  g_assert_cmpint (onsite_store_assign_ticket (f->store, f->ticket, f->marco, start, start, NULL, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (onsite_store_assign_ticket (f->store, f->ticket, f->marco, start, start + 2 * 86400, NULL, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (onsite_store_assign_ticket (f->store, f->ticket, 999, start, start + 3600, NULL, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (onsite_store_assign_ticket (f->store, 999, f->marco, start, start + 3600, NULL, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A closed ticket gets no visit. */
  g_assert_true (onsite_store_set_ticket_status (f->store, f->ticket, ONSITE_TICKET_STATUS_CLOSED, NULL, &error));
  g_assert_cmpint (onsite_store_assign_ticket (f->store, f->ticket, f->marco, start, start + 3600, NULL, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (count (f, "visits"), ==, 0);
  g_assert_cmpint (count (f, "outbox"), ==, 1);   /* the status change */
}

/*
 * A failure after the visit and the history line are written (here the
 * outbox refuses its row) leaves nothing behind: no visit, no status
 * change, no history line, no half-updated service state.
 */
static void
test_failure_writes_nothing (Fixture       *f,
                             gconstpointer  data)
{
  sqlite3 *db = _onsite_store_get_db (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autofree char *owner = NULL;
  gint64 start = f->today + 10 * 3600;
  gint64 events = count (f, "events");
  gint64 visit_id;

  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TEMP TRIGGER refuse_outbox BEFORE INSERT ON outbox"
                                 " BEGIN SELECT RAISE (ABORT, 'disk trouble'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (onsite_store_assign_ticket (f->store, f->ticket, f->marco, start, start + 3600, "Dispatch", &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Could not queue the change"));
  g_clear_error (&error);

  g_assert_cmpint (count (f, "visits"), ==, 0);
  g_assert_cmpint (count (f, "events"), ==, events);
  g_assert_cmpint (count (f, "outbox"), ==, 0);
  ticket = onsite_store_get_ticket (f->store, f->ticket, &error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_OPEN);
  g_clear_object (&ticket);
  owner = onsite_store_get_ticket_owner (f->store, f->ticket, &error);
  g_assert_cmpstr (owner, ==, "");
  g_clear_pointer (&owner, g_free);

  /* Works once the trouble is gone; then a move fails the same way. */
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER refuse_outbox", NULL, NULL, NULL), ==, SQLITE_OK);
  visit_id = onsite_store_assign_ticket (f->store, f->ticket, f->marco, start, start + 3600, "Dispatch", &error);
  g_assert_no_error (error);
  events = count (f, "events");

  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TEMP TRIGGER refuse_outbox BEFORE INSERT ON outbox"
                                 " BEGIN SELECT RAISE (ABORT, 'disk trouble'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (onsite_store_move_visit (f->store, visit_id, start + 7200, start + 9000, "Dispatch", &error));
  g_clear_error (&error);
  g_assert_false (onsite_store_cancel_visit (f->store, visit_id, NULL, "Dispatch", &error));
  g_clear_error (&error);
  g_assert_false (onsite_store_unassign_visit (f->store, visit_id, "Dispatch", &error));
  g_clear_error (&error);

  {
    g_autoptr(OnsiteVisit) visit = onsite_store_get_visit (f->store, visit_id, &error);
    gint64 ws, we;

    g_assert_cmpint (onsite_visit_get_start (visit), ==, start);
    g_assert_cmpint (onsite_visit_get_state (visit), ==, ONSITE_VISIT_PLANNED);
    g_assert_cmpint (onsite_visit_get_technician_id (visit), ==, f->marco);
    g_assert_true (onsite_store_get_visit_window (f->store, f->ticket, &ws, &we, &error));
    g_assert_cmpint (ws, ==, start);
  }
  ticket = onsite_store_get_ticket (f->store, f->ticket, &error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_SCHEDULED);
  g_assert_cmpint (count (f, "events"), ==, events);
  g_assert_cmpint (count (f, "outbox"), ==, 1);
}

static void
test_load_day (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (f->today + 12 * 3600);
  g_autoptr(OnsiteDay) day = NULL;
  g_autoptr(OnsiteTicket) other = onsite_ticket_new ();
  g_autoptr(GPtrArray) conflicts = NULL;
  GListModel *visits;
  gint64 first, second;

  other->title = g_strdup ("Switch down");
  other->category = g_strdup ("network");
  other->status = ONSITE_TICKET_STATUS_NEW;
  onsite_store_insert_ticket (f->store, other, &error);
  g_assert_no_error (error);

  first = onsite_store_assign_ticket (f->store, f->ticket, f->marco, f->today + 9 * 3600,
                                      f->today + 10 * 3600, NULL, &error);
  second = onsite_store_assign_ticket (f->store, other->id, f->marco, f->today + 9 * 3600 + 1800,
                                       f->today + 11 * 3600, NULL, &error);
  g_assert_no_error (error);
  /* Tomorrow's visit is not today's. */
  onsite_store_move_visit (f->store, second, f->today + 86400 + 9 * 3600, f->today + 86400 + 10 * 3600, NULL, &error);
  g_assert_no_error (error);
  onsite_store_move_visit (f->store, second, f->today + 9 * 3600 + 1800, f->today + 11 * 3600, NULL, &error);

  onsite_store_add_absence (f->store, f->marco, f->today + 15 * 3600, f->today + 16 * 3600, "Training", NULL, &error);
  g_assert_no_error (error);

  day = onsite_store_load_day (f->store, date, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_day_get_start (day), ==, f->today);
  g_assert_cmpuint (g_list_model_get_n_items (onsite_day_get_techs (day)), ==, 2);
  visits = onsite_day_get_visits (day, f->marco);
  g_assert_cmpuint (g_list_model_get_n_items (visits), ==, 2);
  {
    g_autoptr(OnsiteVisit) v = g_list_model_get_item (visits, 0);
    g_assert_cmpint (onsite_visit_get_id (v), ==, first);
  }

  /* The day's absences came along: 8–15, 16–17. */
  {
    g_autoptr(GArray) periods = onsite_day_dup_working_periods (day, f->marco);

    g_assert_cmpuint (periods->len, ==, 2);
    g_assert_cmpint (g_array_index (periods, OnsiteInterval, 0).end, ==, f->today + 15 * 3600);
  }

  conflicts = onsite_day_find_conflicts (day, f->marco, NULL);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpint (((OnsiteConflict *)g_ptr_array_index (conflicts, 0))->kind, ==, ONSITE_CONFLICT_OVERLAP);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store-dispatch/roster", test_roster);
  ADD ("/store-dispatch/assign-move-unassign-cancel", test_assign_move_unassign_cancel);
  ADD ("/store-dispatch/refusals", test_refusals);
  ADD ("/store-dispatch/failure-writes-nothing", test_failure_writes_nothing);
  ADD ("/store-dispatch/load-day", test_load_day);

#undef ADD

  return g_test_run ();
}
