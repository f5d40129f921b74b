/* test-sync-ingest.c — a large pull keeps the search index exact
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SoupServer on 127.0.0.1, in its own thread, answers like RT 5 REST2
 * with more tickets than one write batch of the sync holds. The sync sets
 * the search triggers aside during a batch and indexes the batch's
 * tickets at its end: after a first sync the index must hold exactly the
 * open tickets, and after a second one a ticket resolved at the service
 * must have left it and a changed subject must be found by its new words.
 */

#define G_LOG_DOMAIN "test-sync-ingest"

#include "config.h"

#include <libsoup/soup.h>

#include "onsite-store.h"
#include "onsite-store-private.h"
#include "sync/onsite-rt-connector.h"
#include "sync/onsite-sync-store.h"
#include "sync/onsite-sync.h"

#define N_TICKETS 6100
#define PER_PAGE 100

/* Changed by the test between syncs, read by the server thread. */
static GMutex lock;
static int resolved_id;
static int renamed_id;
static int generation;

/* Every seventh ticket is already resolved at the service. */
static gboolean
is_resolved (int id)
{
  return id % 7 == 0 || id == resolved_id;
}

static void
append_ticket (GString *out,
               int      id,
               gboolean full)
{
  g_string_append_printf (out, "{\"id\":\"%d\",\"type\":\"ticket\","
                          "\"_url\":\"http://127.0.0.1/REST/2.0/ticket/%d\"", id, id);
  if (full)
    g_string_append_printf (out,
                            ",\"Subject\":\"Printer %d %s\",\"Status\":\"%s\","
                            "\"LastUpdated\":\"2026-11-%02dT10:00:00Z\","
                            "\"Created\":\"2026-10-01T08:00:00Z\",\"Priority\":\"50\","
                            "\"Owner\":{\"type\":\"user\",\"id\":\"Nobody\"},"
                            "\"Queue\":{\"type\":\"queue\",\"id\":\"3\"},"
                            "\"Requestor\":[{\"type\":\"user\",\"id\":\"user%d@example.org\"}],"
                            "\"CustomFields\":["
                            "{\"id\":\"3\",\"name\":\"Site\",\"values\":[\"Depot %d\"]},"
                            "{\"id\":\"4\",\"name\":\"Address\",\"values\":[\"Via Roma %d\"]}]",
                            id, id == renamed_id ? "giraffe" : "zebra",
                            is_resolved (id) ? "resolved" : "open",
                            1 + generation, id, id % 40, id % 40);
  g_string_append (out, "},");
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  GString *out = g_string_new (NULL);
  const char *page_text = query ? g_hash_table_lookup (query, "page") : NULL;
  gboolean full = query && g_hash_table_contains (query, "fields");
  int page = page_text ? atoi (page_text) : 1;
  int pages = (N_TICKETS + PER_PAGE - 1) / PER_PAGE;
  gsize len;

  g_mutex_lock (&lock);

  if (g_str_has_prefix (path, "/REST/2.0/queue/"))
    g_string_append (out, "{\"id\":\"3\",\"Name\":\"Onsite\",\"TicketCustomFields\":[]}");
  else if (g_strcmp0 (path, "/REST/2.0/tickets") == 0)
    {
      int first = (page - 1) * PER_PAGE + 1;
      int last = MIN (first + PER_PAGE - 1, N_TICKETS);

      g_string_append_printf (out, "{\"count\":%d,\"page\":%d,\"pages\":%d,\"per_page\":%d,\"total\":%d,",
                              MAX (0, last - first + 1), page, pages, PER_PAGE, N_TICKETS);
      if (page < pages)
        g_string_append (out, "\"next_page\":\"http://127.0.0.1/next\",");
      g_string_append (out, "\"items\":[");
      for (int id = first; id <= last; id++)
        /* The list of active tickets leaves the resolved ones out. */
        if (full || !is_resolved (id))
          append_ticket (out, id, full);
      if (out->str[out->len - 1] == ',')
        g_string_truncate (out, out->len - 1);
      g_string_append (out, "]}");
    }
  else if (g_str_has_prefix (path, "/REST/2.0/ticket/"))
    {
      append_ticket (out, atoi (path + strlen ("/REST/2.0/ticket/")), TRUE);
      g_string_truncate (out, out->len - 1);
    }
  else
    {
      g_mutex_unlock (&lock);
      soup_server_message_set_status (msg, 404, NULL);
      g_string_free (out, TRUE);
      return;
    }

  g_mutex_unlock (&lock);

  len = out->len;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (out, FALSE), len);
}

static char *server_url;
static GCond server_ready;

static gpointer
server_thread (gpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handle, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  g_mutex_lock (&lock);
  server_url = g_uri_to_string (uris->data);
  g_cond_signal (&server_ready);
  g_mutex_unlock (&lock);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_main_loop_run (loop);

  return NULL;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;

  onsite_sync_run_finish (ONSITE_SYNC (object), result, error);
  *error = *error ? *error : (GError *)(gpointer)1;
}

static void
run_sync (OnsiteSync *sync)
{
  GError *error = NULL;

  onsite_sync_run_async (sync, ONSITE_SYNC_PULL | ONSITE_SYNC_RECONCILE | ONSITE_SYNC_FULL,
                         NULL, on_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (error != (GError *)(gpointer)1)
    g_error ("sync failed: %s", error->message);
}

static gint64
count (OnsiteStore *store,
       const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);

  return n;
}

/* The index holds exactly the open tickets, each with its own words. */
static void
assert_index_exact (OnsiteStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 open = onsite_store_count_tickets (store, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpint (open, >, 0);
  g_assert_cmpint (count (store, "SELECT count (*) FROM ticket_search"), ==, open);
  g_assert_cmpint (count (store,
                          "SELECT count (*) FROM tickets t JOIN ticket_search f ON f.rowid = t.id"
                          " WHERE t.status IN ('new', 'open', 'scheduled', 'in-progress', 'waiting')"
                          "   AND f.title = t.title AND f.requester = t.requester"
                          "   AND f.site = (SELECT name FROM sites WHERE id = t.site_id)"),
                   ==, open);
  /* The triggers are back for the app's own writes. */
  g_assert_cmpint (count (store,
                          "SELECT count (*) FROM sqlite_schema WHERE type = 'trigger'"
                          " AND name IN ('tickets_search_insert', 'tickets_search_update')"),
                   ==, 2);
}

static gint64
ticket_id_for (OnsiteStore *store,
               int          remote_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM tickets WHERE remote_id = '%d'", remote_id);

  return count (store, sql);
}

static void
test_index_after_bulk_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteRtConnector) connector = NULL;
  g_autoptr(OnsiteSync) sync = NULL;
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GArray) found = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "onsite.db", NULL);
  gint64 expected_open = 0;
  gint64 seven, eight;

  for (int id = 1; id <= N_TICKETS; id++)
    expected_open += !is_resolved (id);

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  store = onsite_store_open (path, &error);
  g_assert_no_error (error);

  connector = onsite_rt_connector_new (server_url, "Onsite");
  onsite_rt_connector_set_token (connector, "test");
  sync = onsite_sync_new (path, ONSITE_CONNECTOR (connector));

  run_sync (sync);

  g_assert_cmpint (onsite_store_count_tickets (store, TRUE, NULL), ==, expected_open);
  assert_index_exact (store);
  found = onsite_store_search (store, "zebra", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->len, ==, expected_open);
  g_clear_pointer (&found, g_array_unref);
  found = onsite_store_search (store, "giraffe", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);

  /* At the service: one ticket resolved, another renamed; every ticket
   * has a new LastUpdated, so the second sync updates them all. */
  seven = ticket_id_for (store, 5001);
  eight = ticket_id_for (store, 5002);
  g_assert_cmpint (seven, >, 0);
  g_assert_cmpint (eight, >, 0);
  g_mutex_lock (&lock);
  resolved_id = 5001;
  renamed_id = 5002;
  generation++;
  g_mutex_unlock (&lock);

  run_sync (sync);

  g_assert_cmpint (onsite_store_count_tickets (store, TRUE, NULL), ==, expected_open - 1);
  assert_index_exact (store);
  found = onsite_store_search (store, "zebra", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->len, ==, expected_open - 2);
  for (guint i = 0; i < found->len; i++)
    {
      g_assert_cmpint (g_array_index (found, gint64, i), !=, seven);
      g_assert_cmpint (g_array_index (found, gint64, i), !=, eight);
    }
  g_clear_pointer (&found, g_array_unref);
  found = onsite_store_search (store, "giraffe", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, eight);
  g_clear_pointer (&found, g_array_unref);

  /* The app's own writes are indexed by the triggers again. */
  g_assert_true (onsite_store_set_ticket_status (store, eight, ONSITE_TICKET_STATUS_CLOSED, "test", &error));
  g_assert_no_error (error);
  found = onsite_store_search (store, "giraffe", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->len, ==, 0);
}

/* One ticket of a pull at the site "Depot", Via Roma 1. */
static gint64
apply_at_depot (OnsiteStore *store,
                GHashTable  *site_cache,
                int          remote_id,
                gboolean     has_location,
                double       latitude,
                double       longitude,
                gboolean     location_invalid)
{
  g_autoptr(GError) error = NULL;
  OnsiteRemoteTicket *remote = onsite_remote_ticket_new ();
  g_autofree char *sql = NULL;

  remote->remote_id = g_strdup_printf ("%d", remote_id);
  remote->version = g_strdup ("2026-11-23T10:00:00Z");
  remote->in_scope = TRUE;
  remote->title = g_strdup ("Printer");
  remote->requester = g_strdup ("");
  remote->remote_status = g_strdup ("open");
  remote->status = ONSITE_TICKET_STATUS_OPEN;
  remote->owner = g_strdup ("");
  remote->priority = 3;
  remote->support_level = 2;
  remote->updated = 1795000000;
  remote->site_name = g_strdup ("Depot");
  remote->address = g_strdup ("Via Roma 1");
  remote->has_location = has_location;
  remote->latitude = latitude;
  remote->longitude = longitude;
  remote->location_invalid = location_invalid;
  remote->vendor_reference = g_strdup ("");

  g_assert_true (_onsite_store_apply_remote_ticket (store, "rt", remote, 1795000000, 0, site_cache, &error));
  g_assert_no_error (error);
  onsite_remote_ticket_free (remote);

  sql = g_strdup_printf ("SELECT site_id FROM tickets WHERE remote_id = '%d'", remote_id);
  return count (store, sql);
}

static void
assert_depot (OnsiteStore *store,
              gint64       site_id,
              const char  *place)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM sites WHERE id = %" G_GINT64_FORMAT
                                          " AND printf ('%%.3f %%.3f %%d', latitude, longitude,"
                                          " location_invalid) = '%s'", site_id, place);

  g_assert_cmpint (count (store, "SELECT count (*) FROM sites"), ==, 1);
  g_assert_cmpint (count (store, sql), ==, 1);
}

/* Within one pull, a site is written once per place and flag it is seen
 * with, and always ends with what the service said last. */
static void
test_site_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GHashTable) cache = _onsite_store_new_site_cache ();
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "sites.db", NULL);
  gint64 depot;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  store = onsite_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (onsite_store_begin (store, &error));

  depot = apply_at_depot (store, cache, 1, TRUE, 45.1, 9.1, FALSE);
  g_assert_cmpint (depot, >, 0);
  assert_depot (store, depot, "45.100 9.100 0");

  g_assert_cmpint (apply_at_depot (store, cache, 2, TRUE, 45.2, 9.2, FALSE), ==, depot);
  assert_depot (store, depot, "45.200 9.200 0");

  /* No place given: the one known stays, flagged. */
  g_assert_cmpint (apply_at_depot (store, cache, 3, FALSE, 0, 0, TRUE), ==, depot);
  assert_depot (store, depot, "45.200 9.200 1");

  g_assert_cmpint (apply_at_depot (store, cache, 4, TRUE, 45.3, 9.3, FALSE), ==, depot);
  assert_depot (store, depot, "45.300 9.300 0");

  g_assert_true (onsite_store_commit (store, &error));
  g_assert_no_error (error);

  /* The next batch of the same pull. */
  g_assert_true (onsite_store_begin (store, &error));
  g_assert_cmpint (apply_at_depot (store, cache, 5, TRUE, 45.4, 9.4, FALSE), ==, depot);
  g_assert_true (onsite_store_commit (store, &error));
  assert_depot (store, depot, "45.400 9.400 0");
  g_assert_cmpint (count (store, "SELECT count (DISTINCT site_id) FROM tickets"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_mutex_lock (&lock);
  g_thread_unref (g_thread_new ("rt-like-server", server_thread, NULL));
  while (server_url == NULL)
    g_cond_wait (&server_ready, &lock);
  g_mutex_unlock (&lock);

  g_test_add_func ("/sync/ingest/search-index", test_index_after_bulk_sync);
  g_test_add_func ("/sync/ingest/site-cache", test_site_cache);

  return g_test_run ();
}
