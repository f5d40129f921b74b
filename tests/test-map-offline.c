/* test-map-offline.c — the offline map on screen, under Xvfb
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map view shows an MBTiles file made by the test (every tile its own
 * colour) when offline-map-file names it; the pixels on screen must be
 * the colours of the tiles that belong there. Then "Download map for
 * today" fills the tile cache from a tile server on 127.0.0.1, the server
 * stops, and the map still draws those tiles from the cache.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "onsite-map-download-dialog.h"
#include "onsite-map-view.h"
#include "tile-fixture.h"

#define MILAN_LAT 45.4642
#define MILAN_LON 9.19

static char *tmp_dir;

static guint32
tile_colour (int z,
             int x,
             int y)
{
  /* Bright, different for neighbours, and never the map's grey. */
  return (guint32) ((((x * 97) & 0x7f) + 0x80) << 16 |
                    (((y * 61) & 0x7f) + 0x40) << 8 |
                    ((z * 37) & 0xff));
}

static void
tile_position (double  lat,
               double  lon,
               int     z,
               double *x,
               double *y)
{
  double n = 1 << z;
  double rad = lat * G_PI / 180.0;

  *x = (lon + 180.0) / 360.0 * n;
  *y = (1.0 - log (tan (rad) + 1.0 / cos (rad)) / G_PI) / 2.0 * n;
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

static GdkTexture *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);

  /* Nothing drawn yet. */
  if (node == NULL)
    return NULL;

  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
save_png (GdkTexture *texture,
          const char *name)
{
  const char *build_root = g_getenv ("ONSITE_BUILD_ROOT");
  g_autofree char *path = g_build_filename (build_root ? build_root : ".", "tests", name, NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

static gboolean
same_colour (guint32 a,
             guint32 b)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 3)
      return FALSE;

  return TRUE;
}

#define PROBE_MARGIN 48

/* Looks at the middle of every tile around the centre whose middle is on
 * screen: how many have the colour of the tile that belongs there. */
static guint
count_right_tiles (GtkWidget *map,
                   int        z,
                   double     lat,
                   double     lon,
                   gboolean   log_misses,
                   guint     *n_probes)
{
  g_autoptr(GdkTexture) texture = render (map);
  double cx = gtk_widget_get_width (map) / 2.0;
  double cy = gtk_widget_get_height (map) / 2.0;
  double fx, fy;
  guint n_right = 0;

  tile_position (lat, lon, z, &fx, &fy);

  *n_probes = 0;
  if (texture == NULL)
    return 0;

  for (int dy = -2; dy <= 2; dy++)
    for (int dx = -2; dx <= 2; dx++)
    {
      int tx = (int) floor (fx) + dx;
      int ty = (int) floor (fy) + dy;
      int px = (int) round (cx + (tx + 0.5 - fx) * 256);
      int py = (int) round (cy + (ty + 0.5 - fy) * 256);
      guint32 seen, expected;

      if (px < PROBE_MARGIN || py < PROBE_MARGIN ||
          px >= gtk_widget_get_width (map) - PROBE_MARGIN ||
          py >= gtk_widget_get_height (map) - PROBE_MARGIN)
        continue;

      (*n_probes)++;
      seen = texture_pixel (texture, px, py);
      expected = tile_colour (z, tx, ty);

      if (same_colour (seen, expected))
        n_right++;
      else if (log_misses)
        g_test_message ("Tile %d/%d/%d at (%d, %d): %06x, not %06x", z, tx, ty, px, py, seen, expected);
    }

  return n_right;
}

static GtkWidget *
show_map (int     z,
          double  lat,
          double  lon,
          GtkWindow **window_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *map = onsite_map_view_new ();
  ShumateViewport *viewport;

  gtk_window_set_default_size (window, 900, 700);
  gtk_window_set_child (window, map);
  gtk_window_present (window);

  viewport = shumate_map_get_viewport (onsite_map_view_get_map (ONSITE_MAP_VIEW (map)));
  shumate_viewport_set_zoom_level (viewport, z);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);

  *window_out = window;
  return map;
}

static gboolean
wait_for_tiles (GtkWidget *map,
                int        z,
                double     lat,
                double     lon)
{
  guint n_probes = 0;

  for (guint i = 0; i < 100; i++)
    {
      spin (100);
      if (gtk_widget_get_mapped (map) &&
          count_right_tiles (map, z, lat, lon, FALSE, &n_probes) == n_probes &&
          n_probes >= 4)
        return TRUE;
    }

  count_right_tiles (map, z, lat, lon, TRUE, &n_probes);
  return FALSE;
}

static void
test_mbtiles_on_screen (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *path = g_build_filename (tmp_dir, "milan.mbtiles", NULL);
  g_autofree char *not_map = g_build_filename (tmp_dir, "notes.mbtiles", NULL);
  guint n_probes;
  g_autoptr(GArray) tiles = g_array_new (FALSE, FALSE, sizeof (TestTile));
  GtkWindow *window;
  GtkWidget *map;
  double fx, fy;
  int z = 11;

  /* A 7 × 7 block of tiles around Milan at zoom 11, each its own colour. */
  tile_position (MILAN_LAT, MILAN_LON, z, &fx, &fy);
  for (int dy = -3; dy <= 3; dy++)
    for (int dx = -3; dx <= 3; dx++)
      {
        TestTile tile = { z, (int) fx + dx, (int) fy + dy, tile_colour (z, (int) fx + dx, (int) fy + dy) };
        g_array_append_val (tiles, tile);
      }
  write_mbtiles (path, (TestTile *) tiles->data, tiles->len, 256,
                 "name", "Test Milan", "format", "png",
                 "minzoom", "11", "maxzoom", "11",
                 "attribution", "© Test tiles",
                 NULL);

  /* Nothing on the network answers here: the tiles can only come from
   * the file. */
  g_settings_set_string (settings, "tile-url-template", "http://127.0.0.1:9/{z}/{x}/{y}.png");
  g_settings_set_string (settings, "offline-map-file", path);

  map = show_map (z, MILAN_LAT, MILAN_LON, &window);

  g_assert_true (wait_for_tiles (map, z, MILAN_LAT, MILAN_LON));
  g_assert_false (onsite_map_view_get_offline (ONSITE_MAP_VIEW (map)));

  {
    g_autoptr(GdkTexture) shot = render (GTK_WIDGET (window));
    save_png (shot, "screenshot-map-mbtiles.png");
  }

  /* A file that is not a map: back to the tile server, which fails, and
   * the map says it is offline rather than showing an error. */
  g_assert_true (g_file_set_contents (not_map, "not a map", -1, NULL));
  g_settings_set_string (settings, "offline-map-file", not_map);
  for (guint i = 0; i < 50 && !onsite_map_view_get_offline (ONSITE_MAP_VIEW (map)); i++)
    spin (100);
  g_assert_true (onsite_map_view_get_offline (ONSITE_MAP_VIEW (map)));
  spin (300);
  g_assert_cmpuint (count_right_tiles (map, z, MILAN_LAT, MILAN_LON, TRUE, &n_probes), ==, 0);
  g_assert_cmpuint (n_probes, >=, 4);

  gtk_window_destroy (window);
  g_settings_reset (settings, "offline-map-file");
  g_settings_reset (settings, "tile-url-template");
  g_remove (path);
  g_remove (not_map);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  guint *n_requests = user_data;
  g_autoptr(GBytes) png = NULL;
  int z, x, y;

  (*n_requests)++;

  if (sscanf (path, "/tiles/%d/%d/%d.png", &z, &x, &y) != 3)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  png = make_png (tile_colour (z, x, y), 256);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found)
        return found;
    }

  return NULL;
}

static gboolean
label_contains (GtkWidget  *root,
                const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (label_contains (child, text))
      return TRUE;

  return FALSE;
}

static void
test_download_then_offline (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url_template = NULL;
  OnsiteTileDownload *download;
  GtkWidget *dialog;
  GtkWidget *button;
  GtkWindow *window;
  GtkWidget *map;
  GSList *uris;
  guint n_requests = 0, n_total;
  int z = 17;

  soup_server_add_handler (server, "/tiles", handler_cb, &n_requests, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url_template = g_strdup_printf ("http://127.0.0.1:%d/tiles/{z}/{x}/{y}.png", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_settings_set_string (settings, "tile-url-template", url_template);

  /* The day's visits: around the cathedral. */
  dialog = onsite_map_download_dialog_new (NULL, MILAN_LAT - 0.002, MILAN_LON - 0.002,
                                           MILAN_LAT + 0.002, MILAN_LON + 0.002);
  download = onsite_map_download_dialog_get_download (ONSITE_MAP_DOWNLOAD_DIALOG (dialog));
  g_assert_cmpstr (onsite_tile_download_get_url_template (download), ==, url_template);
  n_total = onsite_tile_download_get_n_total (download);
  g_assert_cmpuint (n_total, >, 50);
  g_assert_cmpuint (n_total, <, 2000);
  gtk_window_present (GTK_WINDOW (dialog));
  spin (300);

  g_assert_true (label_contains (dialog, "map tiles, about"));
  g_assert_true (label_contains (dialog, "127.0.0.1"));
  {
    g_autoptr(GdkTexture) shot = render (dialog);
    save_png (shot, "screenshot-map-download-ready.png");
  }

  button = find_button (dialog, "_Download");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (onsite_tile_download_get_running (download));

  for (guint i = 0; i < 600 && onsite_tile_download_get_running (download); i++)
    spin (100);
  g_assert_false (onsite_tile_download_get_running (download));

  g_assert_cmpuint (onsite_tile_download_get_n_done (download), ==, n_total);
  g_assert_cmpuint (onsite_tile_download_get_n_stored (download), ==, n_total);
  g_assert_cmpuint (n_requests, ==, n_total);
  g_assert_true (label_contains (dialog, "map tiles downloaded"));
  g_assert_true (gtk_widget_get_visible (find_button (dialog, "C_lose")));
  spin (200);
  {
    g_autoptr(GdkTexture) shot = render (dialog);
    save_png (shot, "screenshot-map-download-done.png");
  }
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The server goes; the map draws street level from the cache. */
  soup_server_disconnect (server);
  g_clear_object (&server);

  map = show_map (z, MILAN_LAT, MILAN_LON, &window);
  g_assert_true (wait_for_tiles (map, z, MILAN_LAT, MILAN_LON));
  {
    g_autoptr(GdkTexture) shot = render (GTK_WIDGET (window));
    save_png (shot, "screenshot-map-from-cache.png");
  }

  gtk_window_destroy (window);
  g_settings_reset (settings, "tile-url-template");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache_home = NULL;
  int status;

  /* A private tile cache; not G_TEST_OPTION_ISOLATE_DIRS, since GdkPixbuf
   * needs the system's MIME data to recognise a PNG. */
  tmp_dir = g_dir_make_tmp ("onsite-map-offline-XXXXXX", NULL);
  cache_home = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run this test under Xvfb\n");
      return 77;
    }
  adw_init ();

  g_test_add_func ("/ui/map-offline/mbtiles-on-screen", test_mbtiles_on_screen);
  g_test_add_func ("/ui/map-offline/download-then-offline", test_download_then_offline);

  status = g_test_run ();

  {
    const char *rm[] = { "rm", "-rf", tmp_dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmp_dir);

  return status;
}
