/* test-dispatch-rt.c — assignments reach a real Request Tracker 5
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-dispatch-rt"

#include "config.h"

#include "onsite-store-dispatch.h"
#include "onsite-store-private.h"
#include "sync/onsite-rt-connector.h"
#include "sync/onsite-sync.h"
#include "sync/onsite-sync-store.h"

#include "rt-fixture.h"

/*
 * A visit planned in Onsite sets RT's owner, the Visit Start and Visit End
 * custom fields and the status in one outbox row; moving, reassigning,
 * unassigning and cancelling follow; a reassignment that meets an owner
 * changed in RT becomes a conflict that a person settles.
 */

static RtServer *rt;

typedef struct
{
  char              *path;
  OnsiteStore       *store;
  OnsiteRtConnector *connector;
  OnsiteSync        *sync;
  gint64             bob;
  gint64             alice;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const skills[] = { "printer", NULL };
  const OnsiteWorkPeriod hours[] = { { 1, 8 * 60, 17 * 60 } };
  OnsiteTechnician bob = { .remote_id = "bob", .name = "Bob Builder", .skills = skills,
                           .hours = hours, .n_hours = 1 };
  OnsiteTechnician alice = { .remote_id = "alice", .name = "Alice Archer", .skills = skills,
                             .hours = hours, .n_hours = 1 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("onsite-dispatch-rt-XXXXXX", &error);

  g_assert_no_error (error);
  f->path = g_build_filename (dir, "onsite.db", NULL);
  f->store = onsite_store_open (f->path, &error);
  g_assert_no_error (error);

  f->bob = onsite_store_add_tech (f->store, &bob, "test", &error);
  g_assert_no_error (error);
  f->alice = onsite_store_add_tech (f->store, &alice, "test", &error);
  g_assert_no_error (error);

  f->connector = onsite_rt_connector_new (rt->url, "Onsite");
  onsite_rt_connector_set_token (f->connector, rt->token);
  f->sync = onsite_sync_new (f->path, ONSITE_CONNECTOR (f->connector));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->sync);
  g_clear_object (&f->connector);
  g_clear_object (&f->store);
  g_free (f->path);
}

#define sync_ok(f) sync_ok_at (f, __LINE__)

static void
sync_ok_at (Fixture *f,
            int      line)
{
  g_autoptr(GError) error = NULL;

  g_test_message ("sync at line %d", line);

  onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (onsite_sync_get_last_error (f->sync));
}

/* A custom field's value; "" when empty (RT 5 says [] or [null]). */
static char *
cf_text (const char *id,
         const char *name)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *ticket = rt_get_ticket (rt, id, &keep);
  JsonArray *cfs = json_object_get_array_member (ticket, "CustomFields");

  for (guint i = 0; i < json_array_get_length (cfs); i++)
    {
      JsonObject *cf = json_array_get_object_element (cfs, i);
      JsonArray *values = json_object_get_array_member (cf, "values");
      JsonNode *first;

      if (g_strcmp0 (json_object_get_string_member (cf, "name"), name) != 0)
        continue;
      if (json_array_get_length (values) == 0)
        return g_strdup ("");
      first = json_array_get_element (values, 0);
      return g_strdup (JSON_NODE_HOLDS_NULL (first) ? "" : json_node_get_string (first));
    }

  g_assert_not_reached ();
  return NULL;
}

static void
assert_rt (const char *id,
           const char *status,
           const char *owner,
           const char *start,
           const char *end)
{
  g_autofree char *s = rt_ticket_field (rt, id, "Status");
  g_autofree char *o = rt_ticket_field (rt, id, "Owner");
  g_autofree char *vs = cf_text (id, "Visit Start");
  g_autofree char *ve = cf_text (id, "Visit End");

  g_assert_cmpstr (s, ==, status);
  g_assert_cmpstr (o, ==, owner);
  g_assert_cmpstr (vs, ==, start);
  g_assert_cmpstr (ve, ==, end);
}

static void
test_assign_lifecycle (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Plan a visit\"}");
  g_autoptr(OnsiteTicket) ticket = NULL;
  /* 2027-01-15 08:00 UTC */
  gint64 start = 1800000000, visit, tid;

  sync_ok (f);
  tid = onsite_store_find_remote_ticket (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tid, >, 0);

  visit = onsite_store_assign_ticket (f->store, tid, f->bob, start, start + 3600, "dispatcher", &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_store_count_pending_changes (f->store, NULL), ==, 1);
  sync_ok (f);
  g_assert_cmpint (onsite_sync_get_pending_changes (f->sync), ==, 0);
  g_assert_cmpint (onsite_sync_get_conflicts (f->sync), ==, 0);
  assert_rt (id, "open", "bob", "2027-01-15 08:00:00", "2027-01-15 09:00:00");

  /* The pull after the push keeps Onsite's finer "scheduled". */
  sync_ok (f);
  ticket = onsite_store_get_ticket (f->store, tid, &error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_SCHEDULED);
  g_clear_object (&ticket);

  /* Move: the window only. */
  g_assert_true (onsite_store_move_visit (f->store, visit, start + 7200, start + 9000, "dispatcher", &error));
  sync_ok (f);
  assert_rt (id, "open", "bob", "2027-01-15 10:00:00", "2027-01-15 10:30:00");

  /* Reassign. */
  onsite_store_assign_ticket (f->store, tid, f->alice, start + 7200, start + 9000, "dispatcher", &error);
  g_assert_no_error (error);
  sync_ok (f);
  assert_rt (id, "open", "alice", "2027-01-15 10:00:00", "2027-01-15 10:30:00");

  /* Unassign: nobody owns it; the window stays. */
  g_assert_true (onsite_store_unassign_visit (f->store, visit, "dispatcher", &error));
  sync_ok (f);
  assert_rt (id, "open", "Nobody", "2027-01-15 10:00:00", "2027-01-15 10:30:00");

  /* Assign again and cancel: no owner, no window. */
  onsite_store_assign_ticket (f->store, tid, f->bob, start, start + 3600, "dispatcher", &error);
  g_assert_no_error (error);
  g_assert_true (onsite_store_cancel_visit (f->store, visit, "requester away", "dispatcher", &error));
  sync_ok (f);
  assert_rt (id, "open", "Nobody", "", "");
  g_assert_cmpint (onsite_sync_get_conflicts (f->sync), ==, 0);

  sync_ok (f);
  ticket = onsite_store_get_ticket (f->store, tid, &error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_OPEN);
}

/* RT gives the ticket to root while Onsite gives it to alice. */
static void
test_owner_conflict (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Contested\"}");
  g_autofree char *path = g_strdup_printf ("ticket/%s", id);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  OnsiteSyncConflict *conflict;
  gint64 start = 1800000000, tid;
  guint code = 0;

  sync_ok (f);
  tid = onsite_store_find_remote_ticket (f->store, id, &error);
  onsite_store_assign_ticket (f->store, tid, f->bob, start, start + 3600, "dispatcher", &error);
  g_assert_no_error (error);
  sync_ok (f);

  reply = rt_request (rt, "PUT", path, "{\"Owner\":\"root\"}", &code);
  g_assert_cmpuint (code, ==, 200);
  onsite_store_assign_ticket (f->store, tid, f->alice, start, start + 3600, "dispatcher", &error);
  g_assert_no_error (error);
  sync_ok (f);

  conflicts = onsite_store_list_conflicts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->field, ==, "Owner");
  g_assert_cmpstr (conflict->local_value, ==, "alice");
  g_assert_cmpstr (conflict->remote_value, ==, "root");

  /* The dispatcher insists: alice goes. */
  onsite_store_resolve_conflict (f->store, conflict->id, TRUE, &error);
  g_assert_no_error (error);
  sync_ok (f);
  assert_rt (id, "open", "alice", "2027-01-15 08:00:00", "2027-01-15 09:00:00");
  g_assert_cmpint (onsite_sync_get_conflicts (f->sync), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  rt_fixture_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!rt_available ())
    {
      g_test_skip ("Request Tracker 5 is not installed (build-aux/dev test installs it)");
      return 77;
    }

  g_test_add ("/dispatch/rt/assign-lifecycle", Fixture, NULL, fixture_set_up,
              test_assign_lifecycle, fixture_tear_down);
  g_test_add ("/dispatch/rt/owner-conflict", Fixture, NULL, fixture_set_up,
              test_owner_conflict, fixture_tear_down);

  rt = rt_server_start ();
  ret = g_test_run ();
  rt_server_stop (rt);

  return ret;
}
