/* test-vendor-sync.c — a vendor case reference from the ticket service
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the pull does with the vendor-case field it reads from the service,
 * on a real store file: the open hand-off takes a reference typed there,
 * as a history line and without a change echoing it back; a reference
 * Onsite is still sending meets it in a conflict, and settling that
 * conflict sends what the service still needs.
 */

#include <json-glib/json-glib.h>

#include "onsite-store-private.h"
#include "onsite-store-vendor.h"
#include "sync/onsite-connector.h"
#include "sync/onsite-sync-store.h"

typedef struct
{
  OnsiteStore *store;
  gint64       ticket_id;
  gint64       handoff_id;
  guint        version;
} Fixture;

static gint64
query_int (OnsiteStore *store,
           const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);

  return value;
}

static char *
query_text (OnsiteStore *store,
            const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

/* One ticket as a pull brings it: every call is a new version of it,
 * last changed at the service at @updated (0: a minute ago). */
static void
pull_at (Fixture    *f,
         const char *vendor_reference,
         gint64      updated)
{
  g_autoptr(GError) error = NULL;
  OnsiteRemoteTicket *remote = onsite_remote_ticket_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  remote->remote_id = g_strdup ("4711");
  remote->version = g_strdup_printf ("%u", ++f->version);
  remote->in_scope = TRUE;
  remote->title = g_strdup ("Copier in the lobby jams");
  remote->requester = g_strdup ("front.desk@example.org");
  remote->remote_status = g_strdup ("open");
  remote->status = ONSITE_TICKET_STATUS_OPEN;
  remote->owner = g_strdup ("");
  remote->priority = 3;
  remote->support_level = 2;
  remote->created = now - 3600;
  remote->updated = updated > 0 ? updated : now - 60 + f->version;
  remote->site_name = g_strdup ("Lobby");
  remote->vendor_reference = g_strdup (vendor_reference);

  g_assert_true (onsite_store_begin (f->store, &error));
  g_assert_true (_onsite_store_apply_remote_ticket (f->store, "rt", remote, now, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (onsite_store_commit (f->store, &error));
  g_assert_no_error (error);

  onsite_remote_ticket_free (remote);
}

static void
pull (Fixture    *f,
      const char *vendor_reference)
{
  pull_at (f, vendor_reference, 0);
}

/* What a successful push leaves behind. */
static void
mark_all_sent (Fixture *f)
{
  g_assert_cmpint (sqlite3_exec (_onsite_store_get_db (f->store),
                                 "UPDATE outbox SET state = 'sent' WHERE state = 'pending'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static char *
handoff_reference (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteHandoff) handoff = onsite_store_get_handoff (f->store, f->handoff_id, &error);

  g_assert_no_error (error);
  return g_strdup (onsite_handoff_get_vendor_reference (handoff));
}

static guint
count_events (Fixture    *f,
              const char *kind,
              const char *actor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = onsite_store_list_events (f->store, f->ticket_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      OnsiteEvent *e = g_ptr_array_index (events, i);

      if (g_strcmp0 (e->kind, kind) == 0 && (actor == NULL || g_strcmp0 (e->actor, actor) == 0))
        n++;
    }

  return n;
}

static OnsiteHandoffState
handoff_state (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteHandoff) handoff = onsite_store_get_handoff (f->store, f->handoff_id, &error);

  g_assert_no_error (error);
  return onsite_handoff_get_state (handoff);
}

static gint64
count_outbox (Fixture *f)
{
  return query_int (f->store, "SELECT count(*) FROM outbox");
}

/* A ticket from the service, handed to a vendor, and that step sent. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const OnsiteVendorContact contact = { "Desk", "", "", "desk@vendor.example", FALSE };
  const char *old_reference = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "vendor-sync", "onsite.db", NULL);
  OnsiteVendor vendor = { .name = "Alpha Print", .contacts = &contact, .n_contacts = 1 };
  OnsiteHandoffRequest request = { 0, };

  f->store = onsite_store_open (path, &error);
  g_assert_no_error (error);

  /* The field may still hold an earlier case's number. */
  pull (f, old_reference ? old_reference : "");
  f->ticket_id = onsite_store_find_remote_ticket (f->store, "4711", &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->ticket_id, >, 0);

  request.ticket_id = f->ticket_id;
  request.vendor_id = onsite_store_insert_vendor (f->store, &vendor, &error);
  g_assert_no_error (error);
  request.summary = "Fuser broken";
  request.actor = "dora";
  request.sent_at = g_get_real_time () / G_USEC_PER_SEC - 1800;
  f->handoff_id = onsite_store_request_handoff (f->store, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->handoff_id, >, 0);
  mark_all_sent (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
}

/* Typed in RT: the open case has it, with a history line of the
 * service's, and nothing goes back. */
static void
test_from_service (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *reference = NULL;
  gint64 outbox = count_outbox (f);

  pull (f, "VC-77");
  reference = handoff_reference (f);
  g_assert_cmpstr (reference, ==, "VC-77");
  /* The first one is the vendor's answer: the acknowledge step. */
  g_assert_cmpuint (count_events (f, "handoff", "rt"), ==, 1);
  g_assert_cmpuint (count_events (f, "handoff-reference", NULL), ==, 0);
  g_assert_cmpint (count_outbox (f), ==, outbox);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM sync_conflicts"), ==, 0);

  /* Pulled again unchanged: no second line. */
  pull (f, "VC-77");
  g_assert_cmpuint (count_events (f, "handoff", "rt"), ==, 1);
  g_assert_cmpuint (count_events (f, "handoff-reference", NULL), ==, 0);

  /* Corrected in RT. */
  pull (f, " VC-78 ");
  g_clear_pointer (&reference, g_free);
  reference = handoff_reference (f);
  g_assert_cmpstr (reference, ==, "VC-78");
  g_assert_cmpuint (count_events (f, "handoff-reference", "rt"), ==, 1);
  g_assert_cmpuint (count_events (f, "handoff", "rt"), ==, 1);

  /* Cleared in RT: Onsite keeps the vendor's number, the case its state,
   * and nothing is recorded. */
  pull (f, "");
  g_clear_pointer (&reference, g_free);
  reference = handoff_reference (f);
  g_assert_cmpstr (reference, ==, "VC-78");
  g_assert_cmpint (count_outbox (f), ==, outbox);
  g_assert_cmpuint (count_events (f, "handoff-reference", NULL), ==, 1);
  g_assert_cmpuint (count_events (f, "handoff", "rt"), ==, 1);
  g_assert_cmpint (handoff_state (f), ==, ONSITE_HANDOFF_ACKNOWLEDGED);
}

/* A reference typed in RT on a requested case is the vendor's answer: the
 * case is acknowledged when RT last changed the ticket, as a step of its
 * history, with no change going back to RT; the next local step does not
 * send the reference either. */
static void
test_acknowledge (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteHandoff) handoff = NULL;
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *payload = NULL;
  g_autofree char *data_json = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 outbox = count_outbox (f);
  JsonObject *object;

  g_assert_cmpint (handoff_state (f), ==, ONSITE_HANDOFF_REQUESTED);

  pull_at (f, "VC-300", now - 600);

  handoff = onsite_store_get_handoff (f->store, f->handoff_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_handoff_get_state (handoff), ==, ONSITE_HANDOFF_ACKNOWLEDGED);
  g_assert_cmpstr (onsite_handoff_get_vendor_reference (handoff), ==, "VC-300");
  g_assert_cmpint (onsite_handoff_get_acknowledged_at (handoff), ==, now - 600);

  g_assert_cmpuint (count_events (f, "handoff", "rt"), ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT at FROM events WHERE kind = 'handoff' AND actor = 'rt'"),
                   ==, now - 600);
  data_json = query_text (f->store, "SELECT data FROM events WHERE kind = 'handoff' AND actor = 'rt'");
  g_assert_true (json_parser_load_from_data (parser, data_json, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "acknowledged");
  g_assert_cmpint (json_object_get_int_member (object, "handoff"), ==, f->handoff_id);

  /* Nothing for RT, and the ticket still waits on the vendor. */
  g_assert_cmpint (count_outbox (f), ==, outbox);
  g_assert_cmpint (onsite_store_count_pending_changes (f->store, NULL), ==, 0);
  ticket = onsite_store_get_ticket (f->store, f->ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_WAITING);

  /* Acknowledged means acknowledged: not a second time from Onsite. */
  g_assert_false (onsite_store_acknowledge_handoff (f->store, f->handoff_id, "VC-300", 0, "carla", &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION);
  g_clear_error (&error);

  /* The next step from Onsite goes to RT without the field RT already has. */
  g_assert_true (onsite_store_set_handoff_state (f->store, f->handoff_id, ONSITE_HANDOFF_IN_PROGRESS,
                                                 NULL, 0, "carla", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_outbox (f), ==, outbox + 1);
  payload = query_text (f->store, "SELECT payload FROM outbox ORDER BY id DESC LIMIT 1");
  g_assert_nonnull (strstr (payload, "VC-300"));
  g_assert_null (strstr (payload, "\"fields\""));
}

/* RT's clock says the answer came before the case was sent (clocks
 * differ), or after this pull: the step stays between the two. */
static void
test_acknowledge_clock (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteHandoff) handoff = onsite_store_get_handoff (f->store, f->handoff_id, &error);
  g_autoptr(OnsiteHandoff) after = NULL;
  gint64 sent_at = onsite_handoff_get_sent_at (handoff);
  gint64 before, later;

  g_assert_no_error (error);
  pull_at (f, "VC-1", sent_at - 3600);
  after = onsite_store_get_handoff (f->store, f->handoff_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_handoff_get_state (after), ==, ONSITE_HANDOFF_ACKNOWLEDGED);
  g_assert_cmpint (onsite_handoff_get_acknowledged_at (after), ==, sent_at);

  /* A second case, answered "tomorrow" by RT's clock. */
  g_assert_true (onsite_store_set_handoff_state (f->store, f->handoff_id, ONSITE_HANDOFF_REJECTED,
                                                 "Wrong vendor", 0, "carla", &error));
  g_assert_no_error (error);
  {
    OnsiteHandoffRequest request = { 0, };

    request.ticket_id = f->ticket_id;
    request.vendor_id = onsite_handoff_get_vendor_id (after);
    request.summary = "Fuser still broken";
    request.actor = "dora";
    f->handoff_id = onsite_store_request_handoff (f->store, &request, &error);
    g_assert_no_error (error);
  }
  mark_all_sent (f);
  before = g_get_real_time () / G_USEC_PER_SEC;
  pull_at (f, "VC-2", before + 86400);
  later = g_get_real_time () / G_USEC_PER_SEC;
  g_clear_object (&after);
  after = onsite_store_get_handoff (f->store, f->handoff_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_handoff_get_state (after), ==, ONSITE_HANDOFF_ACKNOWLEDGED);
  g_assert_cmpstr (onsite_handoff_get_vendor_reference (after), ==, "VC-2");
  g_assert_cmpint (onsite_handoff_get_acknowledged_at (after), >=, before);
  g_assert_cmpint (onsite_handoff_get_acknowledged_at (after), <=, later);
}

/* Onsite's own reference coming back from RT is not news. */
static void
test_echo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  guint events;
  gint64 outbox;

  g_assert_true (onsite_store_acknowledge_handoff (f->store, f->handoff_id, "VC-5", 0, "carla", &error));
  g_assert_no_error (error);
  mark_all_sent (f);
  events = count_events (f, "handoff-reference", NULL);
  outbox = count_outbox (f);

  pull (f, "VC-5");
  reference = handoff_reference (f);
  g_assert_cmpstr (reference, ==, "VC-5");
  g_assert_cmpuint (count_events (f, "handoff-reference", NULL), ==, events);
  g_assert_cmpint (count_outbox (f), ==, outbox);
}

/* The number of an earlier case, still in the field, is not this one's. */
static void
test_stale (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *reference = NULL;

  pull (f, "OLD-1");
  reference = handoff_reference (f);
  g_assert_cmpstr (reference, ==, "");
  g_assert_cmpuint (count_events (f, "handoff-reference", NULL), ==, 0);

  pull (f, "NEW-2");
  g_clear_pointer (&reference, g_free);
  reference = handoff_reference (f);
  g_assert_cmpstr (reference, ==, "NEW-2");
}

static OnsiteSyncConflict *
only_conflict (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = onsite_store_list_conflicts (f->store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);

  return g_ptr_array_steal_index (conflicts, 0);
}

/* Both sides changed it: a conflict, the local change held back. */
static void
test_conflict_keep_mine (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *reference = NULL;
  g_autofree char *key = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *state = NULL;
  OnsiteSyncConflict *conflict;
  JsonObject *object;

  g_assert_true (onsite_store_acknowledge_handoff (f->store, f->handoff_id, "L-1", 0, "carla", &error));
  g_assert_no_error (error);
  key = query_text (f->store, "SELECT idempotency_key FROM outbox ORDER BY id DESC LIMIT 1");

  pull (f, "R-1");
  conflict = only_conflict (f);
  g_assert_cmpint (conflict->ticket_id, ==, f->ticket_id);
  g_assert_cmpstr (conflict->field, ==, "vendor-reference");
  g_assert_cmpstr (conflict->local_value, ==, "L-1");
  g_assert_cmpstr (conflict->remote_value, ==, "R-1");
  state = query_text (f->store, "SELECT state FROM outbox ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (state, ==, "conflict");
  reference = handoff_reference (f);
  g_assert_cmpstr (reference, ==, "L-1");
  g_assert_cmpint (onsite_store_count_pending_changes (f->store, NULL), ==, 0);

  /* Pulled again: still one conflict. */
  pull (f, "R-1");
  onsite_sync_conflict_free (only_conflict (f));

  /* Keep mine: the step goes again over RT's value. Its note never left,
   * so it goes too, under the key it was queued with. */
  g_assert_true (onsite_store_resolve_conflict (f->store, conflict->id, TRUE, &error));
  g_assert_no_error (error);
  onsite_sync_conflict_free (conflict);
  g_assert_cmpint (onsite_store_count_pending_changes (f->store, NULL), ==, 1);

  payload = query_text (f->store, "SELECT payload FROM outbox WHERE state = 'pending'");
  g_assert_true (json_parser_load_from_data (parser, payload, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "note_key"), ==, key);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "text"),
                                   "Alpha Print acknowledged the case as L-1"));
  object = json_object_get_object_member (json_object_get_object_member (object, "fields"),
                                          "vendor-reference");
  g_assert_cmpstr (json_object_get_string_member (object, "value"), ==, "L-1");
  g_assert_cmpstr (json_object_get_string_member (object, "previous"), ==, "R-1");

  g_clear_pointer (&reference, g_free);
  reference = handoff_reference (f);
  g_assert_cmpstr (reference, ==, "L-1");
}

/* Take theirs: the local change is dropped and RT's number comes in. */
static void
test_conflict_take_theirs (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  OnsiteSyncConflict *conflict;

  g_assert_true (onsite_store_set_handoff_reference (f->store, f->handoff_id, "L-2", 0, "carla", &error));
  g_assert_no_error (error);

  pull (f, "R-2");
  conflict = only_conflict (f);
  g_assert_cmpstr (conflict->local_value, ==, "L-2");

  g_assert_true (onsite_store_resolve_conflict (f->store, conflict->id, FALSE, &error));
  g_assert_no_error (error);
  onsite_sync_conflict_free (conflict);
  g_assert_cmpint (onsite_store_count_pending_changes (f->store, NULL), ==, 0);

  pull (f, "R-2");
  reference = handoff_reference (f);
  g_assert_cmpstr (reference, ==, "R-2");
  /* Still requested: RT's number is the vendor's answer. */
  g_assert_cmpuint (count_events (f, "handoff", "rt"), ==, 1);
  g_assert_cmpint (handoff_state (f), ==, ONSITE_HANDOFF_ACKNOWLEDGED);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL"), ==, 0);
}

/* A closed case is history: RT's field does not rewrite it. */
static void
test_closed_case (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;

  g_assert_true (onsite_store_set_handoff_state (f->store, f->handoff_id, ONSITE_HANDOFF_REJECTED,
                                                 "Not under contract", 0, "carla", &error));
  g_assert_no_error (error);
  mark_all_sent (f);

  pull (f, "VC-9");
  reference = handoff_reference (f);
  g_assert_cmpstr (reference, ==, "");
  g_assert_cmpuint (count_events (f, "handoff-reference", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/vendor/sync/from-service", test_from_service, NULL);
  ADD ("/vendor/sync/acknowledge", test_acknowledge, NULL);
  ADD ("/vendor/sync/acknowledge-clock", test_acknowledge_clock, NULL);
  ADD ("/vendor/sync/echo", test_echo, NULL);
  ADD ("/vendor/sync/stale", test_stale, "OLD-1");
  ADD ("/vendor/sync/conflict-keep-mine", test_conflict_keep_mine, NULL);
  ADD ("/vendor/sync/conflict-take-theirs", test_conflict_take_theirs, NULL);
  ADD ("/vendor/sync/closed-case", test_closed_case, NULL);
#undef ADD

  return g_test_run ();
}
