/* onsite-bench-sync.c — ingest of RT-shaped pages from a loopback server
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   onsite-bench-sync [--tickets N]
 *
 * A SoupServer in its own thread answers like RT 5 REST2 (100 tickets a
 * page, custom fields inline, the same JSON shape), generating each page
 * when asked. A first, full sync pulls every ticket into a fresh store
 * through OnsiteRtConnector and OnsiteSync, exactly as the app does, while
 * the main loop runs a 1 ms timer to measure its longest stall. Prints the
 * total time, the peak memory of the process and that stall.
 */

#define G_LOG_DOMAIN "onsite-bench-sync"

#include "config.h"

#include <sys/resource.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "onsite-store.h"
#include "sync/onsite-rt-connector.h"
#include "sync/onsite-sync.h"

#define PER_PAGE 100

static int n_tickets = 100000;

static void
append_cf (GString    *out,
           int         id,
           const char *name,
           const char *value)
{
  g_string_append_printf (out,
                          "{\"id\":\"%d\",\"_url\":\"http://127.0.0.1/REST/2.0/customfield/%d\","
                          "\"type\":\"customfield\",\"name\":\"%s\",\"values\":[",
                          id, id, name);
  if (value)
    g_string_append_printf (out, "\"%s\"", value);
  g_string_append (out, "]},");
}

static void
append_ticket (GString *out,
               int      id,
               gboolean full)
{
  char lat[32], lon[32], site[32], level[4];

  g_string_append_printf (out, "{\"id\":\"%d\",\"type\":\"ticket\","
                          "\"_url\":\"http://127.0.0.1/REST/2.0/ticket/%d\"", id, id);
  if (!full)
    {
      g_string_append (out, "},");
      return;
    }

  g_snprintf (lat, sizeof lat, "%.6f", 45.0 + (id % 997) / 1000.0);
  g_snprintf (lon, sizeof lon, "%.6f", 9.0 + (id % 991) / 1000.0);
  g_snprintf (site, sizeof site, "Site %d", id % 2000);
  g_snprintf (level, sizeof level, "%d", 1 + id % 3);

  g_string_append_printf (out,
                          ",\"Subject\":\"Printer %d on floor %d does not print <again> & again\","
                          "\"Status\":\"%s\",\"LastUpdated\":\"2026-11-%02dT%02d:%02d:%02dZ\","
                          "\"Created\":\"2026-10-01T08:00:00Z\",\"Due\":\"1970-01-01T00:00:00Z\","
                          "\"Priority\":\"%d\","
                          "\"Owner\":{\"type\":\"user\",\"id\":\"Nobody\",\"_url\":\"http://127.0.0.1/REST/2.0/user/Nobody\"},"
                          "\"Queue\":{\"type\":\"queue\",\"id\":\"3\",\"_url\":\"http://127.0.0.1/REST/2.0/queue/3\"},"
                          "\"Requestor\":[{\"type\":\"user\",\"id\":\"user%d@example.org\",\"_url\":\"x\"}],"
                          "\"CustomFields\":[",
                          id, id % 9, (id % 5) ? "open" : "new",
                          1 + id % 28, id % 24, id % 60, (id / 60) % 60,
                          id % 100, id % 5000);
  append_cf (out, 2, "Support Level", level);
  append_cf (out, 3, "Site", site);
  append_cf (out, 4, "Address", "Via Roma 1, Milano");
  append_cf (out, 5, "Latitude", lat);
  append_cf (out, 6, "Longitude", lon);
  append_cf (out, 7, "Vendor Case", NULL);
  append_cf (out, 8, "Visit Start", NULL);
  append_cf (out, 9, "Visit End", NULL);
  g_string_truncate (out, out->len - 1);
  g_string_append (out, "]},");
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  GString *out = g_string_sized_new (256 * 1024);
  const char *page_text = query ? g_hash_table_lookup (query, "page") : NULL;
  gboolean full = query && g_hash_table_contains (query, "fields");
  int page = page_text ? atoi (page_text) : 1;
  int pages = (n_tickets + PER_PAGE - 1) / PER_PAGE;
  gsize len;

  if (g_str_has_prefix (path, "/REST/2.0/queue/"))
    {
      g_string_append (out, "{\"id\":\"3\",\"Name\":\"Onsite\",\"TicketCustomFields\":[]}");
    }
  else if (g_strcmp0 (path, "/REST/2.0/tickets") == 0)
    {
      int first = (page - 1) * PER_PAGE + 1;
      int last = MIN (first + PER_PAGE - 1, n_tickets);

      g_string_append_printf (out, "{\"count\":%d,\"page\":%d,\"pages\":%d,\"per_page\":%d,\"total\":%d,",
                              MAX (0, last - first + 1), page, pages, PER_PAGE, n_tickets);
      if (page < pages)
        g_string_append (out, "\"next_page\":\"http://127.0.0.1/next\",");
      g_string_append (out, "\"items\":[");
      for (int id = first; id <= last; id++)
        append_ticket (out, id, full);
      if (out->str[out->len - 1] == ',')
        g_string_truncate (out, out->len - 1);
      g_string_append (out, "]}");
    }
  else
    {
      soup_server_message_set_status (msg, 404, NULL);
      g_string_free (out, TRUE);
      return;
    }

  len = out->len;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (out, FALSE), len);
}

static char *server_url;
static GMutex server_lock;
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
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);

  uris = soup_server_get_uris (server);
  g_mutex_lock (&server_lock);
  server_url = g_uri_to_string (uris->data);
  g_cond_signal (&server_ready);
  g_mutex_unlock (&server_lock);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_main_loop_run (loop);

  return NULL;
}

typedef struct
{
  GMainLoop *loop;
  gint64     last_tick;
  gint64     max_stall;
  gboolean   done;
  GError    *error;
} State;

static gboolean
tick (gpointer data)
{
  State *state = data;
  gint64 now = g_get_monotonic_time ();

  if (state->last_tick && now - state->last_tick > state->max_stall)
    state->max_stall = now - state->last_tick;
  state->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  State *state = user_data;

  onsite_sync_run_finish (ONSITE_SYNC (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteRtConnector) connector = NULL;
  g_autoptr(OnsiteSync) sync = NULL;
  g_autoptr(OnsiteStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  State state = { 0, };
  struct rusage usage;
  gint64 start, elapsed;
  guint timer;
  GOptionEntry entries[] = {
    { "tickets", 'n', 0, G_OPTION_ARG_INT, &n_tickets, "How many tickets", "N" },
    { NULL }
  };

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  g_mutex_lock (&server_lock);
  g_thread_unref (g_thread_new ("rt-like-server", server_thread, NULL));
  while (server_url == NULL)
    g_cond_wait (&server_ready, &server_lock);
  g_mutex_unlock (&server_lock);

  dir = g_dir_make_tmp ("onsite-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "onsite.db", NULL);

  /* The app opens its store first; the sync then opens its own. */
  store = onsite_store_open (path, &error);
  g_assert_no_error (error);

  connector = onsite_rt_connector_new (server_url, "Onsite");
  onsite_rt_connector_set_token (connector, "bench");
  sync = onsite_sync_new (path, ONSITE_CONNECTOR (connector));

  state.loop = g_main_loop_new (NULL, FALSE);
  timer = g_timeout_add (1, tick, &state);

  start = g_get_monotonic_time ();
  onsite_sync_run_async (sync, ONSITE_SYNC_PULL | ONSITE_SYNC_FULL, NULL, on_done, &state);
  g_main_loop_run (state.loop);
  elapsed = g_get_monotonic_time () - start;
  g_source_remove (timer);

  if (state.error)
    g_error ("sync failed: %s", state.error->message);

  getrusage (RUSAGE_SELF, &usage);

  g_print ("tickets in store: %" G_GINT64_FORMAT " of %d\n",
           onsite_store_count_tickets (store, FALSE, NULL), n_tickets);
  g_print ("sites in store:   %" G_GINT64_FORMAT "\n", onsite_store_count_rows (store, "sites", NULL));
  g_print ("total time:       %.2f s\n", elapsed / 1e6);
  g_print ("peak memory:      %.1f MB (process, server thread included)\n", usage.ru_maxrss / 1024.0);
  g_print ("longest stall:    %.1f ms (main loop, 1 ms timer)\n", state.max_stall / 1000.0);

  g_main_loop_unref (state.loop);
  g_clear_object (&store);
  if (g_getenv ("ONSITE_BENCH_KEEP"))
    {
      g_print ("database kept:    %s\n", path);
      return 0;
    }
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (path);
  g_rmdir (dir);

  return 0;
}
