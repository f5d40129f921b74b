/* test-sync-field.c — a technician's day offline, then synced to a real Request Tracker 5
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync-field"

#include "config.h"

#include "onsite-store-dispatch.h"
#include "onsite-store-field.h"
#include "onsite-store-private.h"
#include "sync/onsite-rt-connector.h"
#include "sync/onsite-sync.h"
#include "sync/onsite-sync-store.h"

#include "rt-fixture.h"

static OnsiteSync *
new_sync (const char        *db_path,
          RtServer          *rt,
          OnsiteRtConnector **connector)
{
  *connector = onsite_rt_connector_new (rt->url, "Onsite");
  onsite_rt_connector_set_token (*connector, rt->token);

  return onsite_sync_new (db_path, ONSITE_CONNECTOR (*connector));
}

static gint64
add_visit (OnsiteStore *store,
           gint64       ticket_id,
           gint64       tech_id,
           gint64       start)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* As the dispatcher's plan arrived: the visit only, nothing to send. */
  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (store),
                                       "INSERT INTO visits (ticket_id, technician_id, planned_start,"
                                       " planned_end, state, created_at, updated_at)"
                                       " VALUES (?1, ?2, ?3, ?4, 'planned', ?3, ?3)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, tech_id);
  sqlite3_bind_int64 (stmt, 3, start);
  sqlite3_bind_int64 (stmt, 4, start + 3600);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);

  return sqlite3_last_insert_rowid (_onsite_store_get_db (store));
}

static void
do_step (OnsiteStore     *store,
         gint64           visit_id,
         OnsiteVisitStep  step,
         const char      *note,
         gint64           at)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (onsite_store_visit_step (store, visit_id, step, note, at, "Marco Rossi", &error));
  g_assert_no_error (error);
}

/* The ticket's comments and status changes, oldest first:
 * "Comment,Comment,Status:open,Comment,Status:resolved,Comment". */
static char *
rt_story (RtServer   *rt,
          const char *id)
{
  g_autofree char *path = g_strdup_printf ("ticket/%s/history?fields=Type,NewValue&per_page=100", id);
  g_autoptr(JsonNode) reply = rt_request (rt, "GET", path, NULL, NULL);
  JsonArray *items = json_object_get_array_member (json_node_get_object (reply), "items");
  g_autoptr(GString) story = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *txn = json_array_get_object_element (items, i);
      const char *type = json_object_get_string_member (txn, "Type");

      if (g_strcmp0 (type, "Comment") == 0)
        g_string_append (story, story->len ? ",Comment" : "Comment");
      else if (g_strcmp0 (type, "Status") == 0)
        g_string_append_printf (story, "%sStatus:%s", story->len ? "," : "",
                                json_object_get_string_member (txn, "NewValue"));
    }

  return g_string_free (g_steal_pointer (&story), FALSE);
}

/* How many of the ticket's attachments carry that file name. */
static guint
rt_count_attachments (RtServer   *rt,
                      const char *id,
                      const char *filename)
{
  g_autofree char *path = g_strdup_printf ("ticket/%s/attachments?fields=Filename,ContentType&per_page=100", id);
  g_autoptr(JsonNode) reply = rt_request (rt, "GET", path, NULL, NULL);
  JsonArray *items;
  guint count = 0;

  g_assert_nonnull (reply);
  items = json_object_get_array_member (json_node_get_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *attachment = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (attachment, "Filename", ""), filename) == 0)
        count++;
    }

  return count;
}

static gint64
count_outbox (OnsiteStore *store,
              const char  *state)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (store),
                                       "SELECT count(*) FROM outbox WHERE state = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static void
test_offline_day (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(OnsiteRtConnector) connector = NULL;
  g_autoptr(OnsiteSync) sync = NULL;
  g_autofree char *dir = g_dir_make_tmp ("onsite-field-sync-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "onsite.db", NULL);
  g_autofree char *owner = g_strdup_printf ("%d", (int)getpid ());
  g_autofree char *pid = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  OnsiteTechnician tech = { .name = "Marco Rossi", .remote_id = "marco" };
  RtServer *rt = rt_server_start ();
  char *ids[3];
  gint64 tickets[3], visits[3];
  gint64 tech_id, t0 = g_get_real_time () / G_USEC_PER_SEC - 3 * 3600;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"Queue\":\"Onsite\",\"Subject\":\"Field visit %u of %d\"}",
                                               i + 1, (int)getpid ());

      ids[i] = rt_create_ticket (rt, body);
    }

  store = onsite_store_open (db_path, &error);
  g_assert_no_error (error);
  sync = new_sync (db_path, rt, &connector);
  onsite_sync_run (sync, ONSITE_SYNC_DEFAULT, NULL, &error);
  g_assert_no_error (error);

  tech_id = onsite_store_add_tech (store, &tech, "dispatcher", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      tickets[i] = onsite_store_find_remote_ticket (store, ids[i], &error);
      g_assert_no_error (error);
      g_assert_cmpint (tickets[i], >, 0);
      visits[i] = add_visit (store, tickets[i], tech_id, t0 + i * 3600);
    }
  g_assert_cmpint (count_outbox (store, "pending"), ==, 0);

  /* The basement: no ticket service. */
  pid = g_strdup_printf ("%d", (int)rt->pid);
  g_free (rt_run_script ((const char * const[]) { "stop", pid, NULL }));

  do_step (store, visits[0], ONSITE_VISIT_STEP_EN_ROUTE, NULL, t0 - 1200);
  do_step (store, visits[0], ONSITE_VISIT_STEP_ARRIVE, "Reception sent me to the basement", t0);
  g_assert_true (onsite_store_set_work_notes (store, visits[0], "Replaced the fuser.", &error));
  g_assert_cmpint (onsite_store_add_part (store, visits[0], "Fuser unit RM2-5425", 1, "Marco Rossi", &error), >, 0);
  {
    /* A photo of the old fuser goes to RT with the departure note. */
    g_autofree char *photo = g_build_filename (dir, "old fuser.png", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (photo);

    g_assert_true (g_file_set_contents (photo, "\x89PNG\r\n\x1a\nnot really", -1, &error));
    g_assert_cmpint (onsite_store_attach_file (store, visits[0], file, NULL, "Marco Rossi", NULL, &error), >, 0);
    g_assert_no_error (error);
  }
  do_step (store, visits[0], ONSITE_VISIT_STEP_RESOLVE, "Printed 50 pages", t0 + 2400);
  g_assert_true (onsite_store_add_feedback (store, visits[0], 5, "Quick", "Giulia Ferri", t0 + 2460,
                                            "Marco Rossi", &error));
  g_assert_no_error (error);

  do_step (store, visits[1], ONSITE_VISIT_STEP_EN_ROUTE, NULL, t0 + 2700);
  do_step (store, visits[1], ONSITE_VISIT_STEP_ARRIVE, NULL, t0 + 3600);
  do_step (store, visits[1], ONSITE_VISIT_STEP_NEEDS_PARTS, "Switch PSU out of stock", t0 + 4200);

  do_step (store, visits[2], ONSITE_VISIT_STEP_EN_ROUTE, NULL, t0 + 4500);
  do_step (store, visits[2], ONSITE_VISIT_STEP_NO_ACCESS, "Office locked", t0 + 7200);

  g_assert_cmpint (count_outbox (store, "pending"), ==, 9);

  /* A sync while the service is away sends nothing and loses nothing. */
  onsite_sync_run (sync, ONSITE_SYNC_DEFAULT, NULL, &error);
  g_assert_nonnull (error);
  g_test_message ("offline sync: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (count_outbox (store, "sent"), ==, 0);
  g_assert_cmpint (onsite_sync_get_pending_changes (sync), ==, 9);

  /* The service is back (on another port: a new connection). */
  out = rt_run_script ((const char * const[]) { "start", rt->dir, owner, NULL });
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_free (rt->url);
  rt->url = g_strdup (lines[0]);
  rt->pid = (GPid)g_ascii_strtoll (lines[1], NULL, 10);

  g_clear_object (&sync);
  g_clear_object (&connector);
  sync = new_sync (db_path, rt, &connector);
  onsite_sync_run (sync, ONSITE_SYNC_DEFAULT | ONSITE_SYNC_NOW, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_outbox (store, "sent"), ==, 9);
  g_assert_cmpint (onsite_sync_get_pending_changes (sync), ==, 0);
  g_assert_cmpint (onsite_sync_get_conflicts (sync), ==, 0);

  /* Every change once, in the order it was made. */
  {
    g_autofree char *a = rt_story (rt, ids[0]);
    g_autofree char *b = rt_story (rt, ids[1]);
    g_autofree char *c = rt_story (rt, ids[2]);
    g_autofree char *status = rt_ticket_field (rt, ids[0], "Status");

    g_assert_cmpstr (a, ==, "Comment,Comment,Status:open,Comment,Status:resolved,Comment");
    g_assert_cmpstr (b, ==, "Comment,Comment,Status:open,Comment,Status:stalled");
    g_assert_cmpstr (c, ==, "Comment,Comment,Status:open");
    g_assert_cmpstr (status, ==, "resolved");
  }
  g_assert_cmpuint (rt_count_comments (rt, ids[0], "Note from Marco Rossi in Onsite"), ==, 4);
  g_assert_cmpuint (rt_count_attachments (rt, ids[0], "old fuser.png"), ==, 1);

  /* Again: nothing is sent twice, nothing comes back as RT's change. */
  onsite_sync_run (sync, ONSITE_SYNC_DEFAULT | ONSITE_SYNC_NOW, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *a = rt_story (rt, ids[0]);
    g_autoptr(OnsiteTicket) ticket = onsite_store_get_ticket (store, tickets[1], &error);

    g_assert_cmpstr (a, ==, "Comment,Comment,Status:open,Comment,Status:resolved,Comment");
    g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_WAITING);
  }
  g_assert_cmpint (onsite_sync_get_conflicts (sync), ==, 0);
  g_assert_cmpuint (rt_count_attachments (rt, ids[0], "old fuser.png"), ==, 1);

  for (guint i = 0; i < 3; i++)
    g_free (ids[i]);
  g_clear_object (&sync);
  g_clear_object (&connector);
  g_clear_object (&store);
  rt_server_stop (rt);
  rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  rt_fixture_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!rt_available ())
    {
      g_test_skip ("Request Tracker 5 is not installed (build-aux/dev test installs it)");
      return 77;
    }

  g_test_add_func ("/sync/field/offline-day", test_offline_day);

  return g_test_run ();
}
