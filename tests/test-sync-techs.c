/* test-sync-techs.c — technicians come from a real Request Tracker 5 group
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync-techs"

#include "config.h"

#include "onsite-store-dispatch.h"
#include "onsite-store-private.h"
#include "sync/onsite-rt-connector.h"
#include "sync/onsite-sync.h"
#include "sync/onsite-sync-store.h"

#include "rt-fixture.h"

/*
 * The members of RT's "Technicians" group (alice, bob and carol, see
 * tests/rt/initialdata.pl) come into the roster through a sync: new ones
 * added, a known one's name and address updated with their skills and home
 * kept, one who is not in the group set inactive, one of Onsite's own left
 * alone. Syncing again changes nothing; a group RT does not have is a clear
 * error that changes nothing either.
 */

static RtServer *rt;

typedef struct
{
  char              *path;
  OnsiteStore       *store;
  OnsiteRtConnector *connector;
  OnsiteSync        *sync;
  gint64             bob;
  gint64             zed;
  gint64             local;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const skills[] = { "printer", NULL };
  const OnsiteWorkPeriod hours[] = { { 1, 8 * 60, 17 * 60 } };
  OnsiteTechnician bob = { .remote_id = "bob", .name = "Bob Builder", .email = "bob@old.invalid",
                           .skills = skills, .hours = hours, .n_hours = 1,
                           .has_home = TRUE, .home_latitude = 45.46, .home_longitude = 9.19 };
  OnsiteTechnician zed = { .remote_id = "zed", .name = "Zed Left", .skills = skills };
  OnsiteTechnician local = { .name = "Lucia Locale", .skills = skills };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("onsite-sync-techs-XXXXXX", &error);

  g_assert_no_error (error);
  f->path = g_build_filename (dir, "onsite.db", NULL);
  f->store = onsite_store_open (f->path, &error);
  g_assert_no_error (error);

  f->bob = onsite_store_add_tech (f->store, &bob, "test", &error);
  g_assert_no_error (error);
  f->zed = onsite_store_add_tech (f->store, &zed, "test", &error);
  g_assert_no_error (error);
  f->local = onsite_store_add_tech (f->store, &local, "test", &error);
  g_assert_no_error (error);

  f->connector = onsite_rt_connector_new (rt->url, "Onsite");
  onsite_rt_connector_set_token (f->connector, rt->token);
  onsite_rt_connector_set_technician_group (f->connector, "Technicians");
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

static OnsiteTech *
find_remote (GPtrArray  *techs,
             const char *remote_id)
{
  for (guint i = 0; i < techs->len; i++)
    {
      OnsiteTech *tech = g_ptr_array_index (techs, i);

      if (g_strcmp0 (onsite_tech_get_remote_id (tech), remote_id) == 0)
        return tech;
    }

  return NULL;
}

static void
assert_roster (Fixture *f)
{
  g_autoptr(GPtrArray) techs = NULL;
  g_autoptr(OnsiteTech) bob = NULL;
  g_autoptr(OnsiteTech) zed = NULL;
  g_autoptr(OnsiteTech) local = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteTech *alice, *carol;
  double lat, lon;

  techs = onsite_store_list_techs (f->store, TRUE, &error);
  g_assert_no_error (error);
  /* bob, zed, the local one, and alice and carol new: no one twice. */
  g_assert_cmpuint (techs->len, ==, 5);

  alice = find_remote (techs, "alice");
  g_assert_nonnull (alice);
  g_assert_cmpstr (onsite_tech_get_name (alice), ==, "Alice Technician");
  g_assert_cmpstr (onsite_tech_get_email (alice), ==, "alice@example.invalid");
  g_assert_true (onsite_tech_get_active (alice));
  carol = find_remote (techs, "carol");
  g_assert_nonnull (carol);
  g_assert_cmpstr (onsite_tech_get_name (carol), ==, "Carol Technician");

  /* Known to both: RT's name and address, Onsite's skills and home. */
  bob = onsite_store_get_tech (f->store, f->bob, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onsite_tech_get_remote_id (bob), ==, "bob");
  g_assert_cmpstr (onsite_tech_get_name (bob), ==, "Bob Technician");
  g_assert_cmpstr (onsite_tech_get_email (bob), ==, "bob@example.invalid");
  g_assert_true (onsite_tech_has_skill (bob, "printer"));
  g_assert_true (onsite_tech_get_home (bob, &lat, &lon));
  g_assert_cmpfloat (lat, ==, 45.46);

  /* Not in the group: inactive, not gone. */
  zed = onsite_store_get_tech (f->store, f->zed, &error);
  g_assert_no_error (error);
  g_assert_false (onsite_tech_get_active (zed));
  g_assert_cmpstr (onsite_tech_get_name (zed), ==, "Zed Left");

  /* Onsite's own technician: untouched. */
  local = onsite_store_get_tech (f->store, f->local, &error);
  g_assert_no_error (error);
  g_assert_true (onsite_tech_get_active (local));
  g_assert_cmpstr (onsite_tech_get_name (local), ==, "Lucia Locale");
}

/* Lines of the roster's history (they belong to no ticket). */
static guint
count_events_with (OnsiteStore *store,
                   const char  *text)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", text);

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (store),
                                       "SELECT count(*) FROM events WHERE ticket_id IS NULL AND summary LIKE ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int (stmt, 0);
}

static void
test_group_members (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint events;

  onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (onsite_sync_get_last_error (f->sync));
  assert_roster (f);
  g_assert_cmpuint (count_events_with (f->store, "Technician Alice Technician added"), ==, 1);
  g_assert_cmpuint (count_events_with (f->store, "Technician Bob Technician updated from the ticket service"), ==, 1);
  g_assert_cmpuint (count_events_with (f->store, "Technician Zed Left set inactive"), ==, 1);

  /* Again: the same roster, no new history. */
  events = count_events_with (f->store, "Technician");
  onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  assert_roster (f);
  g_assert_cmpuint (count_events_with (f->store, "Technician"), ==, events);
}

static void
test_no_such_group (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) techs = NULL;
  g_autoptr(GError) error = NULL;

  onsite_rt_connector_set_technician_group (f->connector, "Nobody Here");
  g_assert_false (onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error));
  g_assert_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG);
  g_assert_cmpstr (error->message, ==,
                   "The ticket service has no group “Nobody Here” that this account may see.");
  g_assert_cmpstr (onsite_sync_get_last_error (f->sync), ==, error->message);

  techs = onsite_store_list_techs (f->store, TRUE, NULL);
  g_assert_cmpuint (techs->len, ==, 3);
  g_assert_null (find_remote (techs, "alice"));

  /* No group set: technicians stay Onsite's own. */
  g_clear_error (&error);
  onsite_rt_connector_set_technician_group (f->connector, "");
  onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&techs, g_ptr_array_unref);
  techs = onsite_store_list_techs (f->store, FALSE, NULL);
  g_assert_cmpuint (techs->len, ==, 3);
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

  g_test_add ("/sync/rt/technicians/group-members", Fixture, NULL, fixture_set_up,
              test_group_members, fixture_tear_down);
  g_test_add ("/sync/rt/technicians/no-such-group", Fixture, NULL, fixture_set_up,
              test_no_such_group, fixture_tear_down);

  rt = rt_server_start ();
  ret = g_test_run ();
  rt_server_stop (rt);

  return ret;
}
