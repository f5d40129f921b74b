/* test-field.c — the technician's side of a visit: steps, work record, feedback
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "onsite-store-dispatch.h"
#include "onsite-store-field.h"
#include "onsite-store-private.h"
#include "onsite-ticket-private.h"

typedef struct
{
  char        *dir;
  OnsiteStore *store;
  gint64       ticket_id;
  gint64       tech_id;
  gint64       visit_id;
} Fixture;

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static gint64
count (OnsiteStore *store,
       const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

static char *
query_text (OnsiteStore *store,
            const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    text = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return text;
}

static gint64
add_ticket (OnsiteStore *store,
            const char  *remote_id,
            const char  *title)
{
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(GError) error = NULL;

  ticket->remote_id = g_strdup (remote_id);
  ticket->title = g_strdup (title);
  ticket->description = g_strdup ("Paper jams in tray 2; error 13.2.");
  ticket->requester = g_strdup ("Giulia Ferri");
  ticket->requester_contact = g_strdup ("+39 02 555 0101");
  ticket->category = g_strdup ("printer");
  ticket->status = ONSITE_TICKET_STATUS_OPEN;
  ticket->created = utc (2026, 3, 1, 8, 0);
  ticket->sla_due = utc (2026, 3, 2, 17, 0);
  ticket->site_name = g_strdup ("Brera Consulting");
  ticket->address = g_strdup ("Via Golgi 20, Milano");
  ticket->building = g_strdup ("B");
  ticket->floor = g_strdup ("3");
  ticket->room = g_strdup ("Copy corner");
  ticket->has_location = TRUE;
  ticket->latitude = 45.478;
  ticket->longitude = 9.227;

  g_assert_true (onsite_store_insert_ticket (store, ticket, &error));
  g_assert_no_error (error);

  return onsite_ticket_get_id (ticket);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  OnsiteTechnician tech = { .name = "Marco Rossi", .remote_id = "marco" };

  fixture->dir = g_dir_make_tmp ("onsite-field-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "onsite.db", NULL);
  fixture->store = onsite_store_open (path, &error);
  g_assert_no_error (error);

  fixture->ticket_id = add_ticket (fixture->store, "101", "Printer jams on the third floor");
  fixture->tech_id = onsite_store_add_tech (fixture->store, &tech, "dispatcher", &error);
  g_assert_no_error (error);
  fixture->visit_id = onsite_store_assign_ticket (fixture->store, fixture->ticket_id, fixture->tech_id,
                                                  utc (2026, 3, 2, 9, 0), utc (2026, 3, 2, 10, 30),
                                                  "dispatcher", &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture->visit_id, >, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static OnsiteVisitState
visit_state (Fixture *fixture)
{
  g_autoptr(OnsiteVisit) visit = onsite_store_get_visit (fixture->store, fixture->visit_id, NULL);

  g_assert_nonnull (visit);
  return onsite_visit_get_state (visit);
}

static OnsiteTicketStatus
ticket_status (Fixture *fixture)
{
  g_autoptr(OnsiteTicket) ticket = onsite_store_get_ticket (fixture->store, fixture->ticket_id, NULL);

  g_assert_nonnull (ticket);
  return onsite_ticket_get_status (ticket);
}

static JsonObject *
last_outbox_payload (OnsiteStore *store,
                     const char  *kind,
                     JsonParser  *parser)
{
  g_autofree char *sql = g_strdup_printf ("SELECT payload FROM outbox WHERE kind = '%s' ORDER BY id DESC LIMIT 1", kind);
  g_autofree char *payload = query_text (store, sql);

  g_assert_nonnull (payload);
  g_assert_true (json_parser_load_from_data (parser, payload, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_steps_resolve (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteWorkRecord) record = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 set_off = utc (2026, 3, 2, 8, 50);
  gint64 arrive = utc (2026, 3, 2, 9, 18);
  gint64 leave = utc (2026, 3, 2, 10, 30);
  gint64 events_before = count (fixture->store, "SELECT count(*) FROM events");
  gint64 outbox_before = count (fixture->store, "SELECT count(*) FROM outbox");
  JsonObject *payload;

  g_assert_cmpint (ticket_status (fixture), ==, ONSITE_TICKET_STATUS_SCHEDULED);

  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_EN_ROUTE,
                                          NULL, set_off, "marco", &error));
  g_assert_no_error (error);
  g_assert_cmpint (visit_state (fixture), ==, ONSITE_VISIT_EN_ROUTE);
  g_assert_cmpint (ticket_status (fixture), ==, ONSITE_TICKET_STATUS_SCHEDULED);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM events"), ==, events_before + 1);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM outbox"), ==, outbox_before + 1);

  /* Setting off says when, and changes no status. */
  payload = last_outbox_payload (fixture->store, "visit-step", parser);
  g_assert_cmpstr (json_object_get_string_member (payload, "step"), ==, "en-route");
  g_assert_cmpstr (json_object_get_string_member (payload, "at"), ==, "2026-03-02 08:50:00");
  g_assert_false (json_object_has_member (payload, "status"));
  g_assert_nonnull (strstr (json_object_get_string_member (payload, "text"), "Marco Rossi on the way at 08:50"));

  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_ARRIVE,
                                          "Reception sent me to the basement", arrive, "marco", &error));
  g_assert_no_error (error);
  g_assert_cmpint (visit_state (fixture), ==, ONSITE_VISIT_ON_SITE);
  g_assert_cmpint (ticket_status (fixture), ==, ONSITE_TICKET_STATUS_IN_PROGRESS);
  payload = last_outbox_payload (fixture->store, "visit-step", parser);
  g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, "in-progress");
  g_assert_cmpstr (json_object_get_string_member (payload, "previous"), ==, "scheduled");
  g_assert_nonnull (strstr (json_object_get_string_member (payload, "text"),
                            "Marco Rossi arrived on site at 09:18 (28 min on the way).\n\nReception sent me to the basement"));

  /* The work record goes with the departure. */
  g_assert_true (onsite_store_set_work_notes (fixture->store, fixture->visit_id,
                                              "Cleaned the rollers, replaced the fuser.", &error));
  g_assert_no_error (error);
  g_assert_cmpint (onsite_store_add_part (fixture->store, fixture->visit_id, "  Fuser unit RM2-5425 ", 1,
                                          "marco", &error), >, 0);
  g_assert_cmpint (onsite_store_add_part (fixture->store, fixture->visit_id, "Pick-up roller", 2,
                                          "marco", &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_RESOLVE,
                                          "Printed 50 pages without a jam", leave, "marco", &error));
  g_assert_no_error (error);
  g_assert_cmpint (visit_state (fixture), ==, ONSITE_VISIT_DONE);
  g_assert_cmpint (ticket_status (fixture), ==, ONSITE_TICKET_STATUS_RESOLVED);

  payload = last_outbox_payload (fixture->store, "visit-step", parser);
  g_assert_cmpstr (json_object_get_string_member (payload, "step"), ==, "resolved");
  g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, "resolved");
  g_assert_cmpstr (json_object_get_string_member (payload, "previous"), ==, "in-progress");
  g_assert_cmpstr (json_object_get_string_member (payload, "text"), ==,
                   "Marco Rossi resolved the problem at 10:30 after 1 h 12 min on site.\n\n"
                   "Printed 50 pages without a jam\n\n"
                   "Work notes:\nCleaned the rollers, replaced the fuser.\n\n"
                   "Parts used:\n- 1 × Fuser unit RM2-5425\n- 2 × Pick-up roller");

  /* Three steps: three history lines with their times, three outbox rows
   * (the parts wrote two more history lines, and nothing to the outbox). */
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM outbox"), ==, outbox_before + 3);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM outbox WHERE kind = 'visit-step'"), ==, 3);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM events"), ==, events_before + 5);

  {
    g_autofree char *summary = query_text (fixture->store,
                                           "SELECT summary FROM events WHERE json_extract (data, '$.step') = 'resolved'");
    g_autofree char *at = query_text (fixture->store,
                                      "SELECT at FROM events WHERE json_extract (data, '$.step') = 'resolved'");

    g_assert_cmpstr (summary, ==,
                     "Marco Rossi resolved the problem at 10:30 after 1 h 12 min on site: Printed 50 pages without a jam");
    g_assert_cmpint (g_ascii_strtoll (at, NULL, 10), ==, leave);
  }
  g_assert_cmpint (count (fixture->store,
                          "SELECT count(*) FROM events WHERE kind = 'visit' AND json_extract (data, '$.step') IN"
                          " ('en-route', 'on-site', 'resolved')"), ==, 3);
  g_assert_cmpint (count (fixture->store,
                          "SELECT json_extract (data, '$.on-site-seconds') FROM events"
                          " WHERE json_extract (data, '$.step') = 'resolved'"), ==, 72 * 60);

  record = onsite_store_get_work_record (fixture->store, fixture->visit_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->en_route_at, ==, set_off);
  g_assert_cmpint (record->arrived_at, ==, arrive);
  g_assert_cmpint (record->departed_at, ==, leave);
  g_assert_cmpint (onsite_work_record_get_time_on_site (record, 0), ==, 72 * 60);
  g_assert_cmpuint (record->parts->len, ==, 2);
  g_assert_cmpstr (((OnsitePart *)g_ptr_array_index (record->parts, 0))->description, ==, "Fuser unit RM2-5425");

  /* Once the technician has left, the record is closed. */
  g_assert_false (onsite_store_add_part (fixture->store, fixture->visit_id, "Toner", 1, "marco", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (onsite_store_set_work_notes (fixture->store, fixture->visit_id, "later", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
}

static void
expect_refused (Fixture         *fixture,
                OnsiteVisitStep  step,
                const char      *message)
{
  g_autoptr(GError) error = NULL;
  gint64 events = count (fixture->store, "SELECT count(*) FROM events");
  gint64 outbox = count (fixture->store, "SELECT count(*) FROM outbox");
  OnsiteVisitState state = visit_state (fixture);

  g_assert_false (onsite_store_visit_step (fixture->store, fixture->visit_id, step, NULL, 0, "marco", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (visit_state (fixture), ==, state);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM events"), ==, events);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM outbox"), ==, outbox);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  expect_refused (fixture, ONSITE_VISIT_STEP_RESOLVE,
                  "Mark the visit for “Printer jams on the third floor” “On Site” before “Resolved”.");
  expect_refused (fixture, ONSITE_VISIT_STEP_NEEDS_PARTS,
                  "Mark the visit for “Printer jams on the third floor” “On Site” before “Needs Parts”.");

  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_EN_ROUTE,
                                          NULL, utc (2026, 3, 2, 9, 0), "marco", &error));
  g_assert_no_error (error);
  expect_refused (fixture, ONSITE_VISIT_STEP_EN_ROUTE,
                  "You are already on the way to “Printer jams on the third floor”.");

  /* Time runs forward. */
  g_assert_false (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_ARRIVE,
                                           NULL, utc (2026, 3, 2, 8, 59), "marco", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The arrival at 08:59 cannot be before setting off at 09:00.");
  g_clear_error (&error);

  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_ARRIVE,
                                          NULL, utc (2026, 3, 2, 9, 20), "marco", &error));
  g_assert_no_error (error);
  expect_refused (fixture, ONSITE_VISIT_STEP_ARRIVE,
                  "You are already on site for “Printer jams on the third floor”.");
  expect_refused (fixture, ONSITE_VISIT_STEP_EN_ROUTE,
                  "You are already on site for “Printer jams on the third floor”.");

  g_assert_false (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_RESOLVE,
                                           NULL, utc (2026, 3, 2, 9, 10), "marco", &error));
  g_assert_cmpstr (error->message, ==, "The departure at 09:10 cannot be before the arrival at 09:20.");
  g_clear_error (&error);

  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_NEEDS_PARTS,
                                          "Fuser out of stock", utc (2026, 3, 2, 9, 45), "marco", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ticket_status (fixture), ==, ONSITE_TICKET_STATUS_WAITING);

  /* Over: nothing follows. */
  for (guint step = 0; step < ONSITE_N_VISIT_STEPS; step++)
    {
      g_autofree char *message =
        g_strdup_printf ("The visit for “Printer jams on the third floor” is already %s; it cannot be marked “%s”.",
                         onsite_visit_state_to_label (ONSITE_VISIT_NEEDS_PARTS),
                         onsite_visit_step_to_label (step));

      expect_refused (fixture, step, message);
    }

  g_assert_false (onsite_store_visit_step (fixture->store, 9999, ONSITE_VISIT_STEP_ARRIVE, NULL, 0, NULL, &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND);
}

static void
test_other_endings (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(OnsiteWorkRecord) record = NULL;
  gint64 other_ticket, other_visit, third_ticket, third_visit;
  JsonObject *payload;

  /* Nobody there: back to the dispatcher, no arrival recorded. */
  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_EN_ROUTE,
                                          NULL, utc (2026, 3, 2, 8, 40), "marco", &error));
  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_NO_ACCESS,
                                          "Office locked, nobody answers the phone",
                                          utc (2026, 3, 2, 9, 5), "marco", &error));
  g_assert_no_error (error);
  g_assert_cmpint (visit_state (fixture), ==, ONSITE_VISIT_NO_ACCESS);
  g_assert_cmpint (ticket_status (fixture), ==, ONSITE_TICKET_STATUS_OPEN);
  payload = last_outbox_payload (fixture->store, "visit-step", parser);
  g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, "open");
  g_assert_nonnull (strstr (json_object_get_string_member (payload, "text"),
                            "Marco Rossi could not get in at 09:05: customer absent or no access"));
  record = onsite_store_get_work_record (fixture->store, fixture->visit_id, &error);
  g_assert_cmpint (record->arrived_at, ==, 0);
  g_assert_cmpint (record->departed_at, ==, 0);

  /* Feedback needs a visit the technician was on site for. */
  g_assert_false (onsite_store_add_feedback (fixture->store, fixture->visit_id, 3, NULL, "Giulia", 0, "marco", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The vendor has to come. */
  other_ticket = add_ticket (fixture->store, "102", "Switch drops packets");
  other_visit = onsite_store_assign_ticket (fixture->store, other_ticket, fixture->tech_id,
                                            utc (2026, 3, 2, 11, 0), utc (2026, 3, 2, 12, 0), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (onsite_store_visit_step (fixture->store, other_visit, ONSITE_VISIT_STEP_ARRIVE,
                                          NULL, utc (2026, 3, 2, 11, 0), "marco", &error));
  g_assert_true (onsite_store_visit_step (fixture->store, other_visit, ONSITE_VISIT_STEP_NEEDS_VENDOR,
                                          NULL, utc (2026, 3, 2, 11, 40), "marco", &error));
  g_assert_no_error (error);
  payload = last_outbox_payload (fixture->store, "visit-step", parser);
  g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, "waiting");
  g_assert_cmpstr (json_object_get_string_member (payload, "text"), ==,
                   "Marco Rossi left at 11:40 after 40 min on site: the vendor has to come (L3).");

  /* Rescheduled before setting off. */
  third_ticket = add_ticket (fixture->store, "103", "Projector flickers");
  third_visit = onsite_store_assign_ticket (fixture->store, third_ticket, fixture->tech_id,
                                            utc (2026, 3, 2, 14, 0), utc (2026, 3, 2, 15, 0), NULL, &error);
  g_assert_true (onsite_store_visit_step (fixture->store, third_visit, ONSITE_VISIT_STEP_RESCHEDULE,
                                          "Customer asked for tomorrow", utc (2026, 3, 2, 13, 0), "marco", &error));
  g_assert_no_error (error);
  {
    g_autoptr(OnsiteVisit) visit = onsite_store_get_visit (fixture->store, third_visit, NULL);
    g_autoptr(OnsiteTicket) ticket = onsite_store_get_ticket (fixture->store, third_ticket, NULL);

    g_assert_cmpint (onsite_visit_get_state (visit), ==, ONSITE_VISIT_RESCHEDULED);
    g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_OPEN);
  }

  /* The day's list keeps the route order and leaves no one else's. */
  {
    g_autoptr(GPtrArray) visits = onsite_store_list_tech_visits (fixture->store, fixture->tech_id,
                                                                 utc (2026, 3, 2, 0, 0), utc (2026, 3, 3, 0, 0),
                                                                 &error);
    g_assert_no_error (error);
    g_assert_cmpuint (visits->len, ==, 3);
    g_assert_cmpint (onsite_visit_get_id (g_ptr_array_index (visits, 0)), ==, fixture->visit_id);
    g_assert_cmpint (onsite_visit_get_id (g_ptr_array_index (visits, 2)), ==, third_visit);
  }
}

static void
test_next_step (void)
{
  OnsiteVisitStep step;

  g_assert_true (onsite_visit_state_next_step (ONSITE_VISIT_PLANNED, &step));
  g_assert_cmpint (step, ==, ONSITE_VISIT_STEP_EN_ROUTE);
  g_assert_true (onsite_visit_state_next_step (ONSITE_VISIT_EN_ROUTE, &step));
  g_assert_cmpint (step, ==, ONSITE_VISIT_STEP_ARRIVE);
  g_assert_true (onsite_visit_state_next_step (ONSITE_VISIT_ON_SITE, &step));
  g_assert_cmpint (step, ==, ONSITE_VISIT_STEP_RESOLVE);
  g_assert_false (onsite_visit_state_next_step (ONSITE_VISIT_DONE, &step));
  g_assert_false (onsite_visit_state_next_step (ONSITE_VISIT_NO_ACCESS, &step));

  for (guint i = 0; i < ONSITE_N_VISIT_STEPS; i++)
    {
      OnsiteVisitStep back;

      g_assert_true (onsite_visit_step_from_string (onsite_visit_step_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
    }
  g_assert_false (onsite_visit_step_from_string ("teleport", &step));

  /* Arriving without saying "en route" is allowed: people forget. */
  g_assert_true (onsite_visit_step_is_allowed (ONSITE_VISIT_STEP_ARRIVE, ONSITE_VISIT_PLANNED));
  g_assert_false (onsite_visit_step_is_allowed (ONSITE_VISIT_STEP_RESOLVE, ONSITE_VISIT_EN_ROUTE));
  g_assert_false (onsite_visit_step_is_allowed (ONSITE_VISIT_STEP_NO_ACCESS, ONSITE_VISIT_DONE));
}

/* A failure half-way through the transaction leaves nothing behind. */
static void
test_atomic (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 events = count (fixture->store, "SELECT count(*) FROM events");
  gint64 outbox = count (fixture->store, "SELECT count(*) FROM outbox");
  char *message = NULL;

  /* The outbox row is the last write of a step: refuse it. */
  g_assert_cmpint (sqlite3_exec (_onsite_store_get_db (fixture->store),
                                 "CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox"
                                 " BEGIN SELECT RAISE (ABORT, 'disk on fire'); END;",
                                 NULL, NULL, &message), ==, SQLITE_OK);

  g_assert_false (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_ARRIVE,
                                           "note", utc (2026, 3, 2, 9, 0), "marco", &error));
  g_assert_nonnull (error);
  g_test_message ("refused with: %s", error->message);
  g_clear_error (&error);

  g_assert_cmpint (visit_state (fixture), ==, ONSITE_VISIT_PLANNED);
  g_assert_cmpint (ticket_status (fixture), ==, ONSITE_TICKET_STATUS_SCHEDULED);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM events"), ==, events);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM outbox"), ==, outbox);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM visits WHERE arrived_at IS NOT NULL"), ==, 0);

  /* Feedback too: arrive first (with the trigger gone), then fail the comment. */
  g_assert_cmpint (sqlite3_exec (_onsite_store_get_db (fixture->store), "DROP TRIGGER fail_outbox",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_ARRIVE,
                                          NULL, utc (2026, 3, 2, 9, 0), "marco", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (_onsite_store_get_db (fixture->store),
                                 "CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox"
                                 " BEGIN SELECT RAISE (ABORT, 'disk on fire'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  events = count (fixture->store, "SELECT count(*) FROM events");
  g_assert_false (onsite_store_add_feedback (fixture->store, fixture->visit_id, 5, "Great", "Giulia Ferri",
                                             0, "marco", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM visit_feedback"), ==, 0);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM events"), ==, events);
}

static void
test_feedback (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(OnsiteWorkRecord) record = NULL;
  gint64 outbox;
  JsonObject *payload;
  guint n;
  double mean;

  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_ARRIVE,
                                          NULL, utc (2026, 3, 2, 9, 0), "marco", &error));
  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_RESOLVE,
                                          NULL, utc (2026, 3, 2, 9, 40), "marco", &error));
  g_assert_no_error (error);
  outbox = count (fixture->store, "SELECT count(*) FROM outbox");

  /* 1 to 5 stars, and a name. */
  for (int rating = -1; rating <= 7; rating += 1)
    {
      if (rating >= 1 && rating <= 5)
        continue;
      g_assert_false (onsite_store_add_feedback (fixture->store, fixture->visit_id, rating, NULL,
                                                 "Giulia Ferri", 0, "marco", &error));
      g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "Satisfaction is given from 1 to 5 stars.");
      g_clear_error (&error);
    }
  g_assert_false (onsite_store_add_feedback (fixture->store, fixture->visit_id, 4, NULL, "  ", 0, "marco", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM outbox"), ==, outbox);

  g_assert_true (onsite_store_add_feedback (fixture->store, fixture->visit_id, 4, " Quick and tidy ",
                                            "Giulia Ferri", utc (2026, 3, 2, 9, 42), "marco", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM outbox"), ==, outbox + 1);
  payload = last_outbox_payload (fixture->store, "comment", parser);
  g_assert_cmpstr (json_object_get_string_member (payload, "text"), ==,
                   "Customer feedback: 4 of 5 from Giulia Ferri, given at 09:42.\n\nQuick and tidy");
  g_assert_cmpint (count (fixture->store,
                          "SELECT count(*) FROM events WHERE summary ="
                          " 'Giulia Ferri rated the visit 4 of 5 at 09:42: “Quick and tidy”'"), ==, 1);

  record = onsite_store_get_work_record (fixture->store, fixture->visit_id, &error);
  g_assert_nonnull (record->feedback);
  g_assert_cmpint (record->feedback->rating, ==, 4);
  g_assert_cmpstr (record->feedback->comment, ==, "Quick and tidy");
  g_assert_cmpstr (record->feedback->customer_name, ==, "Giulia Ferri");

  /* Once per visit. */
  g_assert_false (onsite_store_add_feedback (fixture->store, fixture->visit_id, 5, NULL, "Someone Else",
                                             0, "marco", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Giulia Ferri already gave feedback for this visit.");
  g_clear_error (&error);

  g_assert_true (onsite_store_get_feedback_stats (fixture->store, utc (2026, 3, 2, 0, 0),
                                                  utc (2026, 3, 3, 0, 0), &n, &mean, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat_with_epsilon (mean, 4.0, 1e-9);
  g_assert_true (onsite_store_get_feedback_stats (fixture->store, utc (2026, 3, 3, 0, 0),
                                                  utc (2026, 3, 4, 0, 0), &n, &mean, &error));
  g_assert_cmpuint (n, ==, 0);
}

static void
attached_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;
  gint64 id = onsite_store_attach_file_finish (ONSITE_STORE (object), result, error);

  g_assert_true (id > 0 || *error != NULL);
  if (*error == NULL)
    *error = g_error_new (G_IO_ERROR, G_IO_ERROR_NONE, "ok %" G_GINT64_FORMAT, id);
}

static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteWorkRecord) record = NULL;
  g_autofree char *source_path = g_build_filename (fixture->dir, "fuser photo.jpg", NULL);
  g_autofree char *expected_dir = onsite_attachments_dir (fixture->ticket_id);
  g_autofree char *folder = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GFile) folder_file = g_file_new_for_path (fixture->dir);
  /* A JPEG's first bytes, so that the content type is found from the data. */
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01,
                                 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9 };
  OnsiteAttachment *first, *second;
  gsize length;
  gint64 id;

  /* The content types come from the system's shared-mime-info, which the
   * isolated directories hide. */
  g_setenv ("XDG_DATA_DIRS", "/usr/local/share:/usr/share", TRUE);

  /* The data folder is the test's own (G_TEST_OPTION_ISOLATE_DIRS). */
  g_assert_true (g_str_has_prefix (expected_dir, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (expected_dir, "/onsite/attachments/1"));

  g_assert_true (g_file_set_contents (source_path, (const char *)jpeg, sizeof jpeg, &error));

  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_ARRIVE,
                                          NULL, utc (2026, 3, 2, 9, 0), "marco", &error));
  g_assert_no_error (error);

  id = onsite_store_attach_file (fixture->store, fixture->visit_id, source, NULL, "marco", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* The same name again gets a number; this one through the async path. */
  onsite_store_attach_file_async (fixture->store, fixture->visit_id, source, NULL, "marco", NULL,
                                  attached_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_str_has_prefix (error->message, "ok "));
  g_clear_error (&error);

  /* A folder is not a file. */
  g_assert_cmpint (onsite_store_attach_file (fixture->store, fixture->visit_id, folder_file, NULL,
                                             "marco", NULL, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);

  record = onsite_store_get_work_record (fixture->store, fixture->visit_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (record->attachments->len, ==, 2);
  first = g_ptr_array_index (record->attachments, 0);
  second = g_ptr_array_index (record->attachments, 1);
  g_assert_cmpstr (first->name, ==, "fuser photo.jpg");
  g_assert_cmpint (first->size, ==, sizeof jpeg);
  g_assert_cmpstr (first->mime_type, ==, "image/jpeg");
  folder = g_path_get_dirname (first->path);
  g_assert_cmpstr (folder, ==, expected_dir);
  g_assert_true (g_str_has_suffix (first->path, "/fuser photo.jpg"));
  g_assert_true (g_str_has_suffix (second->path, "/fuser photo (2).jpg"));

  /* Real copies: the original can go. */
  g_assert_cmpint (g_remove (source_path), ==, 0);
  g_assert_true (g_file_get_contents (second->path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, jpeg, sizeof jpeg);
  g_assert_cmpint (count (fixture->store,
                          "SELECT count(*) FROM events WHERE summary LIKE 'File attached: fuser photo%'"), ==, 2);

  /* The departure lists them. */
  g_assert_true (onsite_store_visit_step (fixture->store, fixture->visit_id, ONSITE_VISIT_STEP_RESOLVE,
                                          NULL, utc (2026, 3, 2, 9, 30), "marco", &error));
  {
    g_autofree char *payload = query_text (fixture->store,
                                           "SELECT payload FROM outbox ORDER BY id DESC LIMIT 1");

    g_assert_nonnull (strstr (payload, "fuser photo (2).jpg (22 bytes)"));
  }

  /* A visit that is over takes no more files, and leaves no copy behind. */
  g_assert_true (g_file_set_contents (source_path, "x", 1, NULL));
  g_assert_cmpint (onsite_store_attach_file (fixture->store, fixture->visit_id, source, NULL,
                                             "marco", NULL, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  {
    g_autofree char *third = g_build_filename (expected_dir, "fuser photo (3).jpg", NULL);

    g_assert_false (g_file_test (third, G_FILE_TEST_EXISTS));
  }
  remove_tree (expected_dir);
}

static void
test_parts (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteWorkRecord) record = NULL;
  gint64 part;

  g_assert_cmpint (onsite_store_add_part (fixture->store, fixture->visit_id, "", 1, NULL, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (onsite_store_add_part (fixture->store, fixture->visit_id, "Cable", 0, NULL, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);

  part = onsite_store_add_part (fixture->store, fixture->visit_id, "Cable Cat6 2 m", 3, "marco", &error);
  g_assert_no_error (error);
  g_assert_true (onsite_store_remove_part (fixture->store, part, "marco", &error));
  g_assert_no_error (error);
  g_assert_false (onsite_store_remove_part (fixture->store, part, "marco", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  record = onsite_store_get_work_record (fixture->store, fixture->visit_id, &error);
  g_assert_cmpuint (record->parts->len, ==, 0);
  g_assert_cmpint (count (fixture->store,
                          "SELECT count(*) FROM events WHERE summary IN"
                          " ('Part used: 3 × Cable Cat6 2 m', 'Part removed from the work record: 3 × Cable Cat6 2 m')"),
                   ==, 2);
  /* Parts are local until the departure: nothing in the outbox for them. */
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM outbox WHERE kind <> 'assignment'"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/field/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/field/next-step", test_next_step);
  ADD ("steps-resolve", test_steps_resolve);
  ADD ("refusals", test_refusals);
  ADD ("other-endings", test_other_endings);
  ADD ("atomic", test_atomic);
  ADD ("feedback", test_feedback);
  ADD ("attachments", test_attachments);
  ADD ("parts", test_parts);

  return g_test_run ();
}
