/* test-tile-download.c — "Download map for today" against a tile server on 127.0.0.1
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SoupServer in the test serves generated PNG tiles (with ETags, and
 * answers 304 to a matching If-None-Match), counts the requests and the
 * requests in flight, and can misbehave: HTTP 500, garbage, silence.
 * The tiles land in libshumate's file cache, which the test then reads
 * with ShumateFileCache and with ShumateTileDownloader, the server gone.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>
#include <utime.h>

#include "onsite-tile-download.h"
#include "tile-fixture.h"

typedef enum
{
  SERVE_OK,
  SERVE_MIXED,    /* x % 3: 0 → 500, 1 → garbage, 2 → a tile */
  SERVE_500,
  SERVE_SILENT,   /* never answers */
} ServeMode;

typedef struct
{
  SoupServer *server;
  char       *url_template;
  ServeMode   mode;
  guint       delay_ms;
  guint       n_requests;
  guint       n_in_flight;
  guint       max_in_flight;
  guint       n_not_modified;
  guint       n_conditional;
  guint       n_bad_user_agent;
  guint64     bytes_served;
  GPtrArray  *paused;
} TileServer;

static guint32
tile_colour (int z,
             int x,
             int y)
{
  return (guint32) (((x * 40) & 0xff) << 16 | ((y * 40) & 0xff) << 8 | ((z * 20) & 0xff));
}

static char *
tile_etag (int z,
           int x,
           int y)
{
  return g_strdup_printf ("\"tile-%d-%d-%d\"", z, x, y);
}

static void
on_finished_cb (SoupServerMessage *msg,
                TileServer        *server)
{
  server->n_in_flight--;
}

static void
respond (SoupServerMessage *msg,
         TileServer        *server)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_autofree char *etag = NULL;
  int z, x, y;

  if (sscanf (path, "/tiles/%d/%d/%d.png", &z, &x, &y) != 3)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (server->mode == SERVE_500 || (server->mode == SERVE_MIXED && x % 3 == 0))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "broken", 6);
      return;
    }

  if (server->mode == SERVE_MIXED && x % 3 == 1)
    {
      static const char garbage[] = "<html><body>Tile quota exceeded</body></html>";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, garbage, sizeof garbage - 1);
      return;
    }

  etag = tile_etag (z, x, y);

  if (soup_message_headers_get_one (request, "If-None-Match") != NULL ||
      soup_message_headers_get_one (request, "If-Modified-Since") != NULL)
    server->n_conditional++;

  if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), etag) == 0)
    {
      server->n_not_modified++;
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  {
    g_autoptr(GBytes) png = make_png (tile_colour (z, x, y), 256);
    gsize size;
    gconstpointer data = g_bytes_get_data (png, &size);

    server->bytes_served += size;
    soup_message_headers_replace (response, "ETag", etag);
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY, data, size);
  }
}

static gboolean
unpause_cb (gpointer data)
{
  SoupServerMessage *msg = data;
  TileServer *server = g_object_get_data (G_OBJECT (msg), "tile-server");

  g_ptr_array_remove (server->paused, msg);
  respond (msg, server);
  soup_server_message_unpause (msg);

  return G_SOURCE_REMOVE;
}

static void
handler_cb (SoupServer        *soup_server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  TileServer *server = user_data;
  const char *agent = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "User-Agent");

  server->n_requests++;
  server->n_in_flight++;
  server->max_in_flight = MAX (server->max_in_flight, server->n_in_flight);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished_cb), server);

  if (g_strcmp0 (agent, shumate_get_user_agent ()) != 0)
    server->n_bad_user_agent++;

  if (server->mode == SERVE_SILENT)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (server->paused, g_object_ref (msg));
      return;
    }

  if (server->delay_ms > 0)
    {
      /* Slow enough that two requests overlap if the client sends them. */
      g_object_set_data (G_OBJECT (msg), "tile-server", server);
      soup_server_message_pause (msg);
      g_ptr_array_add (server->paused, g_object_ref (msg));
      g_timeout_add_full (G_PRIORITY_DEFAULT, server->delay_ms, unpause_cb,
                          g_object_ref (msg), g_object_unref);
      return;
    }

  respond (msg, server);
}

static TileServer *
tile_server_start (ServeMode mode,
                   guint     delay_ms)
{
  TileServer *server = g_new0 (TileServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  server->mode = mode;
  server->delay_ms = delay_ms;
  server->paused = g_ptr_array_new_with_free_func (g_object_unref);
  server->server = soup_server_new ("server-header", "onsite-test-tiles", NULL);
  soup_server_add_handler (server->server, "/tiles", handler_cb, server, NULL);
  soup_server_listen_local (server->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server->server);
  g_assert_nonnull (uris);
  server->url_template = g_strdup_printf ("http://127.0.0.1:%d/tiles/{z}/{x}/{y}.png",
                                          g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return server;
}

static void
tile_server_stop (TileServer *server)
{
  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_clear_pointer (&server->paused, g_ptr_array_unref);
  g_free (server->url_template);
  g_free (server);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
  gint64   finished_at;
} Run;

static void
on_run_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;

  run->ok = onsite_tile_download_run_finish (ONSITE_TILE_DOWNLOAD (object), result, &run->error);
  run->done = TRUE;
  run->finished_at = g_get_monotonic_time ();
}

static void
run_download (OnsiteTileDownload *download,
              GCancellable       *cancellable,
              Run                *run)
{
  *run = (Run) { 0 };
  onsite_tile_download_run_async (download, cancellable, on_run_done_cb, run);
  g_assert_true (onsite_tile_download_get_running (download) || run->done);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (onsite_tile_download_get_running (download));
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
looks_like_png (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return size > 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;
}

/* The tiles that cover a box at zoom @z, found by walking the tile edges
 * rather than by the download's own formula; as (x, y) pairs. */
static GArray *
tiles_of_box (double min_lat,
              double min_lon,
              double max_lat,
              double max_lon,
              int    z)
{
  GArray *tiles = g_array_new (FALSE, FALSE, sizeof (int) * 2);
  int x0 = -1, x1 = -1, y0 = -1, y1 = -1;
  int n = 1 << z;

  for (int x = 0; x < n && x1 < 0; x++)
    {
      double east = (x + 1) / (double) n * 360.0 - 180.0;

      if (x0 < 0 && east > min_lon)
        x0 = x;
      if (x0 >= 0 && east > max_lon)
        x1 = x;
    }

  for (int y = 0; y < n && y1 < 0; y++)
    {
      double m = G_PI - 2.0 * G_PI * (y + 1) / (double) n;
      double south = 180.0 / G_PI * atan (0.5 * (exp (m) - exp (-m)));

      if (y0 < 0 && south < max_lat)
        y0 = y;
      if (y0 >= 0 && south < min_lat)
        y1 = y;
    }

  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      {
        int xy[2] = { x, y };
        g_array_append_val (tiles, xy);
      }

  return tiles;
}

typedef struct
{
  GBytes *bytes;
  char   *etag;
  GError *error;
  gboolean done;
} CacheRead;

static void
on_cache_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CacheRead *read = user_data;

  read->bytes = shumate_file_cache_get_tile_finish (SHUMATE_FILE_CACHE (object), &read->etag, NULL,
                                                    result, &read->error);
  read->done = TRUE;
}

/* What libshumate's cache holds for a tile, read with its own API. */
static GBytes *
cached_tile (ShumateFileCache *cache,
             int               z,
             int               x,
             int               y,
             char            **etag)
{
  CacheRead read = { 0 };

  shumate_file_cache_get_tile_async (cache, x, y, z, NULL, on_cache_read_cb, &read);
  while (!read.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (read.error);
  if (etag)
    *etag = g_steal_pointer (&read.etag);
  g_free (read.etag);

  return read.bytes;
}

static ShumateFileCache *
cache_for (const char *url_template)
{
  g_autofree char *key = g_strcanon (g_strdup (url_template),
                                     "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", '_');

  /* The default folder: the one ShumateTileDownloader uses. */
  return shumate_file_cache_new_full (100 * 1000 * 1000, key, NULL);
}

/* A bit of Milan: zoom 12 to 15 make 2 + 4 + 4 + 9 tiles. */
#define AREA 45.460, 9.180, 45.475, 9.200

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_count (void)
{
  g_autoptr(OnsiteTileDownload) download = onsite_tile_download_new ("http://127.0.0.1:9/{z}/{x}/{y}.png", NULL);
  g_autoptr(GError) error = NULL;

  /* The whole world: 1 + 4 + 16 tiles. */
  g_assert_cmpuint (onsite_tile_download_count_tiles (-85.0, -180.0, 85.0, 180.0, 0, 2), ==, 21);
  /* A point: one tile a zoom level. */
  g_assert_cmpuint (onsite_tile_download_count_tiles (45.4641, 9.1919, 45.4642, 9.1920, 10, 10), ==, 1);
  g_assert_cmpuint (onsite_tile_download_count_tiles (45.4641, 9.1919, 45.4642, 9.1920, 10, 17), ==, 8);
  g_assert_cmpuint (onsite_tile_download_count_tiles (10.0, 0.0, 0.0, 0.0, 10, 17), ==, 0);

  g_assert_true (onsite_tile_download_set_area (download, 45.4641, 9.1919, 45.4642, 9.1920, 10, 10, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (onsite_tile_download_get_n_total (download), ==, 1);
  g_assert_cmpuint (onsite_tile_download_get_estimated_bytes (download), ==, ONSITE_TILE_DOWNLOAD_TYPICAL_TILE_BYTES);

  /* Greater Milan at street level: far more than anyone may fetch. */
  g_assert_false (onsite_tile_download_set_area (download, 45.3, 9.0, 45.6, 9.4, 10, 17, &error));
  g_assert_error (error, ONSITE_TILE_DOWNLOAD_ERROR, ONSITE_TILE_DOWNLOAD_ERROR_TOO_MANY_TILES);
  g_assert_nonnull (strstr (error->message, "20000"));
  g_assert_cmpuint (onsite_tile_download_get_n_total (download), ==, 0);
  g_clear_error (&error);

  g_assert_false (onsite_tile_download_set_area (download, 46.0, 9.0, 45.0, 9.4, 10, 17, &error));
  g_assert_error (error, ONSITE_TILE_DOWNLOAD_ERROR, ONSITE_TILE_DOWNLOAD_ERROR_BAD_AREA);
}

static void
on_tile_data_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CacheRead *read = user_data;

  read->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &read->error);
  read->done = TRUE;
}

static void
test_full (void)
{
  TileServer *server = tile_server_start (SERVE_OK, 30);
  g_autoptr(OnsiteTileDownload) download = onsite_tile_download_new (server->url_template, NULL);
  g_autoptr(ShumateFileCache) cache = cache_for (server->url_template);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint n_total, n_notify_done = 0, n_notify_running = 0;
  guint64 served;
  Run run;

  g_assert_true (onsite_tile_download_set_area (download, AREA, 12, 15, &error));
  n_total = onsite_tile_download_get_n_total (download);
  g_assert_cmpuint (n_total, >=, 10);
  g_assert_cmpuint (n_total, ==, onsite_tile_download_count_tiles (AREA, 12, 15));

  g_signal_connect (download, "notify::n-done", G_CALLBACK (on_notify_cb), &n_notify_done);
  g_signal_connect (download, "notify::running", G_CALLBACK (on_notify_cb), &n_notify_running);

  run_download (download, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);

  /* Progress reached the total, one step per tile. */
  g_assert_cmpuint (onsite_tile_download_get_n_done (download), ==, n_total);
  g_assert_cmpuint (n_notify_done, ==, n_total);
  g_assert_cmpuint (n_notify_running, ==, 2);
  g_assert_cmpuint (onsite_tile_download_get_n_stored (download), ==, n_total);
  g_assert_cmpuint (onsite_tile_download_get_n_failed (download), ==, 0);
  g_assert_cmpuint (onsite_tile_download_get_bytes (download), ==, server->bytes_served);

  /* Politely: one request per tile, two at a time at most (and the two
   * were used), with the application's user agent. */
  g_assert_cmpuint (server->n_requests, ==, n_total);
  g_assert_cmpuint (server->max_in_flight, ==, ONSITE_TILE_DOWNLOAD_MAX_CONNECTIONS);
  g_assert_cmpuint (server->n_bad_user_agent, ==, 0);
  g_assert_cmpuint (server->n_conditional, ==, 0);

  summary = onsite_tile_download_dup_summary (download);
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, "downloaded"));
  g_assert_null (strstr (summary, "could not"));

  /* Every tile is in libshumate's cache, with its ETag. */
  {
    guint n_checked = 0;

    for (int z = 12; z <= 15; z++)
      {
        g_autoptr(GArray) tiles = tiles_of_box (AREA, z);

        for (guint i = 0; i < tiles->len; i++)
            {
              int x = g_array_index (tiles, int, 2 * i), y = g_array_index (tiles, int, 2 * i + 1);
              g_autoptr(GBytes) expected = make_png (tile_colour (z, x, y), 256);
              g_autofree char *expected_etag = tile_etag (z, x, y);
              g_autofree char *etag = NULL;
              g_autoptr(GBytes) bytes = cached_tile (cache, z, x, y, &etag);

              g_assert_nonnull (bytes);
              g_assert_true (g_bytes_equal (bytes, expected));
              g_assert_cmpstr (etag, ==, expected_etag);
              n_checked++;
            }
      }

    g_assert_cmpuint (n_checked, ==, n_total);
  }

  /* Again: everything is fresh, nothing is asked for. */
  run_download (download, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (server->n_requests, ==, n_total);
  g_assert_cmpuint (onsite_tile_download_get_n_fresh (download), ==, n_total);
  g_assert_cmpuint (onsite_tile_download_get_n_stored (download), ==, 0);
  g_assert_cmpuint (onsite_tile_download_get_n_done (download), ==, n_total);
  g_assert_cmpuint (onsite_tile_download_get_bytes (download), ==, 0);

  /* The server goes away; the map's own downloader finds the tiles. */
  served = server->bytes_served;
  {
    g_autofree char *url_template = g_strdup (server->url_template);
    g_autoptr(ShumateTileDownloader) downloader = NULL;
    g_autoptr(GBytes) expected = make_png (tile_colour (15, 17220, 11727), 256);
    CacheRead read = { 0 };

    tile_server_stop (server);
    server = NULL;
    g_assert_cmpuint (served, >, 0);

    downloader = shumate_tile_downloader_new (url_template);
    shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (downloader), 17220, 11727, 15, NULL,
                                             on_tile_data_cb, &read);
    while (!read.done)
      g_main_context_iteration (NULL, TRUE);

    g_assert_no_error (read.error);
    g_assert_nonnull (read.bytes);
    g_assert_true (g_bytes_equal (read.bytes, expected));
    g_bytes_unref (read.bytes);
  }
}

static void
age_cached_tiles (ShumateFileCache *cache)
{
  g_autofree char *root = g_build_filename (shumate_file_cache_get_cache_dir (cache),
                                            shumate_file_cache_get_cache_key (cache), NULL);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  time_t old = time (NULL) - 8 * 24 * 3600;

  g_ptr_array_add (dirs, g_strdup (root));
  while (dirs->len > 0)
    {
      g_autofree char *dir_path = g_ptr_array_steal_index (dirs, dirs->len - 1);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_DIR))
            g_ptr_array_add (dirs, g_steal_pointer (&path));
          else
            {
              struct utimbuf times = { old, old };
              g_assert_cmpint (utime (path, &times), ==, 0);
            }
        }
    }
}

/* Tiles older than a week are asked for again, conditionally: the server
 * says 304 and nothing is downloaded. */
static void
test_conditional (void)
{
  TileServer *server = tile_server_start (SERVE_OK, 0);
  g_autoptr(OnsiteTileDownload) download = onsite_tile_download_new (server->url_template, NULL);
  g_autoptr(GError) error = NULL;
  guint n_total;
  Run run;

  g_assert_true (onsite_tile_download_set_area (download, AREA, 12, 14, &error));
  n_total = onsite_tile_download_get_n_total (download);

  run_download (download, NULL, &run);
  g_assert_true (run.ok);
  g_assert_cmpuint (server->n_requests, ==, n_total);

  age_cached_tiles (onsite_tile_download_get_cache (download));

  run_download (download, NULL, &run);
  g_assert_true (run.ok);
  g_assert_cmpuint (server->n_requests, ==, 2 * n_total);
  g_assert_cmpuint (server->n_conditional, ==, n_total);
  g_assert_cmpuint (server->n_not_modified, ==, n_total);
  g_assert_cmpuint (onsite_tile_download_get_n_fresh (download), ==, n_total);
  g_assert_cmpuint (onsite_tile_download_get_bytes (download), ==, 0);

  /* Marked up to date: a third run asks nothing. */
  run_download (download, NULL, &run);
  g_assert_cmpuint (server->n_requests, ==, 2 * n_total);

  tile_server_stop (server);
}

static void
on_stored_cancel_cb (OnsiteTileDownload *download,
                     GParamSpec         *pspec,
                     GCancellable       *cancellable)
{
  if (onsite_tile_download_get_n_stored (download) == 5)
    {
      g_object_set_data (G_OBJECT (download), "cancelled-at",
                         GSIZE_TO_POINTER ((gsize) (g_get_monotonic_time () / 1000)));
      g_cancellable_cancel (cancellable);
    }
}

static void
test_cancel (void)
{
  TileServer *server = tile_server_start (SERVE_OK, 100);
  g_autoptr(OnsiteTileDownload) download = onsite_tile_download_new (server->url_template, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint n_total, n_stored, n_requests;
  gint64 cancelled_at;
  Run run;

  g_assert_true (onsite_tile_download_set_area (download, AREA, 12, 15, &error));
  n_total = onsite_tile_download_get_n_total (download);

  g_signal_connect (download, "notify::n-stored", G_CALLBACK (on_stored_cancel_cb), cancellable);
  run_download (download, cancellable, &run);

  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&run.error);

  /* Promptly: well before the next slow answer. */
  cancelled_at = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (download), "cancelled-at"));
  g_assert_cmpint (run.finished_at / 1000 - cancelled_at, <, 100);

  n_stored = onsite_tile_download_get_n_stored (download);
  g_assert_cmpuint (n_stored, >=, 5);
  g_assert_cmpuint (n_stored, <, n_total);
  g_assert_cmpuint (onsite_tile_download_get_n_done (download), <, n_total);

  /* No more requests after the end. */
  n_requests = server->n_requests;
  g_assert_cmpuint (n_requests, <=, n_stored + ONSITE_TILE_DOWNLOAD_MAX_CONNECTIONS);
  spin (300);
  g_assert_cmpuint (server->n_requests, ==, n_requests);

  /* What was stored is kept: the rest of the run fetches only the rest. */
  g_signal_handlers_disconnect_by_func (download, on_stored_cancel_cb, cancellable);
  server->delay_ms = 0;
  run_download (download, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (onsite_tile_download_get_n_fresh (download), ==, n_stored);
  g_assert_cmpuint (onsite_tile_download_get_n_stored (download), ==, n_total - n_stored);

  tile_server_stop (server);
}

/* 500s and garbage are counted as failures; the good tiles still land. */
static void
test_bad_answers (void)
{
  TileServer *server = tile_server_start (SERVE_MIXED, 0);
  g_autoptr(OnsiteTileDownload) download = onsite_tile_download_new (server->url_template, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint n_total, n_good = 0;
  Run run;

  g_assert_true (onsite_tile_download_set_area (download, AREA, 12, 15, &error));
  n_total = onsite_tile_download_get_n_total (download);

  run_download (download, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);

  g_assert_cmpuint (onsite_tile_download_get_n_done (download), ==, n_total);
  g_assert_cmpuint (onsite_tile_download_get_n_failed (download), >, 0);
  g_assert_cmpuint (onsite_tile_download_get_n_stored (download), >, 0);
  g_assert_cmpuint (onsite_tile_download_get_n_failed (download) + onsite_tile_download_get_n_stored (download), ==, n_total);

  summary = onsite_tile_download_dup_summary (download);
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, "could not be downloaded"));
  g_assert_true (strstr (summary, "500") != NULL || strstr (summary, "not an image") != NULL);

  /* Only the good tiles reached the cache, no error page. */
  for (int z = 12; z <= 15; z++)
    {
      g_autoptr(GArray) tiles = tiles_of_box (AREA, z);

      for (guint i = 0; i < tiles->len; i++)
        {
          int x = g_array_index (tiles, int, 2 * i), y = g_array_index (tiles, int, 2 * i + 1);
          g_autoptr(GBytes) bytes = cached_tile (onsite_tile_download_get_cache (download), z, x, y, NULL);

          if (x % 3 == 2)
            {
              g_assert_nonnull (bytes);
              g_assert_true (looks_like_png (bytes));
              n_good++;
            }
          else
            g_assert_null (bytes);
        }
    }
  g_assert_cmpuint (n_good, ==, onsite_tile_download_get_n_stored (download));

  tile_server_stop (server);
}

static void
test_all_fail (void)
{
  TileServer *server = tile_server_start (SERVE_500, 0);
  g_autoptr(OnsiteTileDownload) download = onsite_tile_download_new (server->url_template, NULL);
  g_autoptr(GError) error = NULL;
  Run run;

  g_assert_true (onsite_tile_download_set_area (download, AREA, 12, 13, &error));
  run_download (download, NULL, &run);

  g_assert_false (run.ok);
  g_assert_error (run.error, ONSITE_TILE_DOWNLOAD_ERROR, ONSITE_TILE_DOWNLOAD_ERROR_FAILED);
  g_test_message ("%s", run.error->message);
  g_assert_nonnull (strstr (run.error->message, "500"));
  g_clear_error (&run.error);

  tile_server_stop (server);
}

/* A server that never answers: every tile times out, nothing hangs. */
static void
test_silent_server (void)
{
  TileServer *server = tile_server_start (SERVE_SILENT, 0);
  g_autoptr(OnsiteTileDownload) download = onsite_tile_download_new (server->url_template, NULL);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  Run run;

  g_assert_true (onsite_tile_download_set_area (download, 45.4641, 9.1919, 45.4642, 9.1920, 10, 13, &error));
  g_assert_cmpuint (onsite_tile_download_get_n_total (download), ==, 4);
  onsite_tile_download_set_timeout (download, 1);
  run_download (download, NULL, &run);

  g_assert_error (run.error, ONSITE_TILE_DOWNLOAD_ERROR, ONSITE_TILE_DOWNLOAD_ERROR_FAILED);
  g_test_message ("%s", run.error->message);
  g_clear_error (&run.error);
  g_assert_cmpuint (onsite_tile_download_get_n_failed (download), ==, 4);
  /* Two at a time, a second each. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  g_assert_cmpuint (server->n_requests, ==, 4);

  tile_server_stop (server);
}

/* No server at all. */
static void
test_no_server (void)
{
  TileServer *server = tile_server_start (SERVE_OK, 0);
  g_autofree char *url_template = g_strdup (server->url_template);
  g_autoptr(OnsiteTileDownload) download = NULL;
  g_autoptr(GError) error = NULL;
  Run run;

  tile_server_stop (server);

  download = onsite_tile_download_new (url_template, NULL);
  g_assert_true (onsite_tile_download_set_area (download, AREA, 12, 13, &error));
  run_download (download, NULL, &run);

  g_assert_error (run.error, ONSITE_TILE_DOWNLOAD_ERROR, ONSITE_TILE_DOWNLOAD_ERROR_FAILED);
  g_test_message ("%s", run.error->message);
  g_clear_error (&run.error);
  g_assert_cmpuint (onsite_tile_download_get_n_failed (download), ==, onsite_tile_download_get_n_total (download));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp_dir = g_dir_make_tmp ("onsite-tiles-XXXXXX", NULL);
  g_autofree char *cache_home = g_build_filename (tmp_dir, "cache", NULL);
  int status;

  /* libshumate's default cache folder, private to this run. Not
   * G_TEST_OPTION_ISOLATE_DIRS: GdkPixbuf needs the system's MIME data. */
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  shumate_set_user_agent ("Onsite-test/1.0 (tile download)");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tile-download/count", test_count);
  g_test_add_func ("/tile-download/full", test_full);
  g_test_add_func ("/tile-download/conditional", test_conditional);
  g_test_add_func ("/tile-download/cancel", test_cancel);
  g_test_add_func ("/tile-download/bad-answers", test_bad_answers);
  g_test_add_func ("/tile-download/all-fail", test_all_fail);
  g_test_add_func ("/tile-download/silent-server", test_silent_server);
  g_test_add_func ("/tile-download/no-server", test_no_server);

  status = g_test_run ();

  {
    const char *rm[] = { "rm", "-rf", tmp_dir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }

  return status;
}
