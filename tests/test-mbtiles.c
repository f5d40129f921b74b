/* test-mbtiles.c — the MBTiles data source against real MBTiles files
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test writes a small MBTiles file with SQLite (synthetic one-colour
 * PNG tiles, TMS rows) and reads it back through OnsiteMbtilesSource, the
 * way the map does. No display needed.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "onsite-mbtiles-source.h"
#include "tile-fixture.h"

#define RED    0xd01c1c
#define GREEN  0x1cd01c
#define BLUE   0x1c1cd0

static const TestTile three_tiles[] = {
  { 1, 0, 0, RED },    /* north-west quarter of the world */
  { 1, 1, 1, GREEN },  /* south-east */
  { 2, 2, 1, BLUE },
};

typedef struct
{
  GBytes   *bytes;
  GError   *error;
  gboolean  done;
  guint     n_received;
  GBytes   *received;
} Request;

static void
request_clear (Request *request)
{
  g_clear_pointer (&request->bytes, g_bytes_unref);
  g_clear_pointer (&request->received, g_bytes_unref);
  g_clear_error (&request->error);
}

static void
on_received_data_cb (ShumateDataSource *source,
                     int                x,
                     int                y,
                     int                zoom_level,
                     GBytes            *bytes,
                     Request           *request)
{
  /* The renderer paints from this signal: it must come first. */
  g_assert_false (request->done);
  request->n_received++;
  g_clear_pointer (&request->received, g_bytes_unref);
  request->received = g_bytes_ref (bytes);
}

static void
on_tile_data_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *request = user_data;

  request->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result,
                                                             &request->error);
  request->done = TRUE;
}

static void
get_tile (OnsiteMbtilesSource *source,
          int                  x,
          int                  y,
          int                  z,
          GCancellable        *cancellable,
          Request             *request)
{
  gulong id = g_signal_connect (source, "received-data", G_CALLBACK (on_received_data_cb), request);

  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), x, y, z, cancellable,
                                           on_tile_data_cb, request);
  while (!request->done)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (source, id);
}

static char *tmp_dir;

static char *
temp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static OnsiteMbtilesSource *
open_three_tiles (char **path_out)
{
  g_autofree char *path = temp_path ("three.mbtiles");
  g_autoptr(GError) error = NULL;
  OnsiteMbtilesSource *source;

  g_remove (path);
  write_mbtiles (path, three_tiles, G_N_ELEMENTS (three_tiles), 256,
                 "name", "Test Town",
                 "format", "png",
                 "bounds", "-180.0,-85.0511,180.0,85.0511",
                 "minzoom", "1",
                 "maxzoom", "2",
                 "attribution", "<a href=\"https://example.org/\">&copy; Test &amp; Co</a>",
                 NULL);

  source = onsite_mbtiles_source_new (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ONSITE_IS_MBTILES_SOURCE (source));

  if (path_out)
    *path_out = g_steal_pointer (&path);

  return source;
}

static void
test_tile_present (void)
{
  g_autoptr(OnsiteMbtilesSource) source = open_three_tiles (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (three_tiles); i++)
    {
      const TestTile *tile = &three_tiles[i];
      g_autoptr(GBytes) expected = make_png (tile->rgb, 256);
      Request request = { 0 };

      get_tile (source, tile->x, tile->y, tile->z, NULL, &request);

      g_assert_no_error (request.error);
      g_assert_nonnull (request.bytes);
      g_assert_true (g_bytes_equal (request.bytes, expected));
      /* Announced once, with the same bytes, before the request ended. */
      g_assert_cmpuint (request.n_received, ==, 1);
      g_assert_true (g_bytes_equal (request.received, expected));

      request_clear (&request);
    }
}

static void
test_tile_missing (void)
{
  g_autoptr(OnsiteMbtilesSource) source = open_three_tiles (NULL);
  /* As x, y, zoom: (1, 0, 1) is not in the file; (0, 1, 1) would be the
   * red tile without the TMS flip; (0, 0, 0) is a zoom level the file lacks, the others are
   * outside the world. */
  const int missing[][3] = { { 1, 0, 1 }, { 0, 1, 1 }, { 0, 0, 0 }, { 4, 0, 2 }, { -1, 0, 1 }, { 0, 0, 40 } };

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      Request request = { 0 };

      get_tile (source, missing[i][0], missing[i][1], missing[i][2], NULL, &request);

      g_assert_error (request.error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_TILE_MISSING);
      g_assert_null (request.bytes);
      g_assert_cmpuint (request.n_received, ==, 0);

      request_clear (&request);
    }
}

static void
test_metadata (void)
{
  g_autoptr(OnsiteMbtilesSource) source = open_three_tiles (NULL);
  g_autoptr(ShumateMapSource) map_source = NULL;
  g_autoptr(OnsiteMbtilesSource) other = NULL;
  g_autoptr(ShumateMapSource) other_map = NULL;
  g_autofree char *big_path = temp_path ("big.mbtiles");
  g_autoptr(GError) error = NULL;
  double min_lat, min_lon, max_lat, max_lon;
  static const TestTile big[] = { { 3, 4, 2, RED }, { 5, 17, 11, GREEN } };

  g_assert_cmpstr (onsite_mbtiles_source_get_name (source), ==, "Test Town");
  g_assert_cmpstr (onsite_mbtiles_source_get_format (source), ==, "png");
  g_assert_cmpstr (onsite_mbtiles_source_get_attribution (source), ==, "© Test & Co");
  g_assert_cmpuint (onsite_mbtiles_source_get_min_zoom (source), ==, 1);
  g_assert_cmpuint (onsite_mbtiles_source_get_max_zoom (source), ==, 2);
  g_assert_cmpuint (onsite_mbtiles_source_get_tile_size (source), ==, 256);
  g_assert_true (onsite_mbtiles_source_get_bounds (source, &min_lat, &min_lon, &max_lat, &max_lon));
  g_assert_cmpfloat_with_epsilon (min_lon, -180.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (min_lat, -85.0511, 1e-9);
  g_assert_cmpfloat_with_epsilon (max_lon, 180.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (max_lat, 85.0511, 1e-9);

  map_source = onsite_mbtiles_source_create_map_source (source);
  g_assert_true (SHUMATE_IS_RASTER_RENDERER (map_source));
  g_assert_cmpstr (shumate_map_source_get_name (map_source), ==, "Test Town");
  g_assert_cmpstr (shumate_map_source_get_license (map_source), ==, "© Test & Co");
  g_assert_cmpuint (shumate_map_source_get_min_zoom_level (map_source), ==, 1);
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (map_source), ==, 2);
  g_assert_cmpuint (shumate_map_source_get_tile_size (map_source), ==, 256);

  /* No metadata at all: the zoom range from the tiles, the size from the
   * first image, the name from the file. */
  {
    sqlite3 *db;

    write_mbtiles (big_path, big, G_N_ELEMENTS (big), 512, NULL);
    g_assert_cmpint (sqlite3_open (big_path, &db), ==, SQLITE_OK);
    exec_sql (db, "DROP TABLE metadata");
    sqlite3_close (db);
  }

  other = onsite_mbtiles_source_new (big_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onsite_mbtiles_source_get_name (other), ==, "big.mbtiles");
  g_assert_null (onsite_mbtiles_source_get_format (other));
  g_assert_null (onsite_mbtiles_source_get_attribution (other));
  g_assert_cmpuint (onsite_mbtiles_source_get_min_zoom (other), ==, 3);
  g_assert_cmpuint (onsite_mbtiles_source_get_max_zoom (other), ==, 5);
  g_assert_cmpuint (onsite_mbtiles_source_get_tile_size (other), ==, 512);
  g_assert_false (onsite_mbtiles_source_get_bounds (other, NULL, NULL, NULL, NULL));

  /* Two files, two ids: the map's memory cache keeps them apart. */
  other_map = onsite_mbtiles_source_create_map_source (other);
  g_assert_cmpstr (shumate_map_source_get_id (map_source), !=, shumate_map_source_get_id (other_map));
}

static void
test_not_mbtiles (void)
{
  g_autofree char *text_path = temp_path ("notes.mbtiles");
  g_autofree char *db_path = temp_path ("other.sqlite");
  g_autofree char *vector_path = temp_path ("vector.mbtiles");
  g_autofree char *odd_path = temp_path ("odd.mbtiles");
  g_autofree char *missing_path = temp_path ("nowhere.mbtiles");
  g_autoptr(GError) error = NULL;
  OnsiteMbtilesSource *source;
  sqlite3 *db;


  /* Not a database at all. */
  g_assert_true (g_file_set_contents (text_path, "These are my notes, not a map.\n", -1, NULL));
  source = onsite_mbtiles_source_new (text_path, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_NOT_MBTILES);
  g_assert_nonnull (strstr (error->message, "not an MBTiles map"));
  g_assert_nonnull (strstr (error->message, text_path));
  g_clear_error (&error);

  /* A database, but not of tiles. */
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  exec_sql (db, "CREATE TABLE tickets (id INTEGER PRIMARY KEY, subject TEXT)");
  sqlite3_close (db);
  source = onsite_mbtiles_source_new (db_path, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_NOT_MBTILES);
  g_assert_nonnull (strstr (error->message, "no tiles table"));
  g_clear_error (&error);

  /* A tiles table with other columns. */
  g_assert_cmpint (sqlite3_open (odd_path, &db), ==, SQLITE_OK);
  exec_sql (db, "CREATE TABLE tiles (z INTEGER, x INTEGER, y INTEGER, png BLOB)");
  sqlite3_close (db);
  source = onsite_mbtiles_source_new (odd_path, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_NOT_MBTILES);
  g_clear_error (&error);

  /* Vector tiles: MBTiles, but nothing the raster renderer can draw. */
  write_mbtiles (vector_path, three_tiles, 1, 256, "format", "pbf", NULL);
  source = onsite_mbtiles_source_new (vector_path, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "vector tiles"));
  g_clear_error (&error);

  /* No such file: SQLite must not create an empty one. */
  source = onsite_mbtiles_source_new (missing_path, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_OPEN);
  g_assert_false (g_file_test (missing_path, G_FILE_TEST_EXISTS));
}

static void
test_corrupt (void)
{
  g_autofree char *path = temp_path ("damaged.mbtiles");
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteMbtilesSource) source = NULL;
  g_autofree char *contents = NULL;
  TestTile tiles[64];
  gsize length;
  guint n_corrupt = 0;
  sqlite3 *db;


  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    tiles[i] = (TestTile) { 3, i % 8, i / 8, 0x101010 * (i % 16) + i };

  /* Small pages, so that the tiles spread over many of them. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "PRAGMA page_size = 1024; VACUUM;");
  sqlite3_close (db);
  write_mbtiles (path, tiles, G_N_ELEMENTS (tiles), 256, "name", "Damaged", NULL);

  /* Keep the schema on the first pages, scribble over the rest as a bad
   * disk or a cut-short copy would. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 16 * 1024);
  memset (contents + 4 * 1024, 0xa5, length - 4 * 1024);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  source = onsite_mbtiles_source_new (path, NULL, &error);

  if (source == NULL)
    {
      /* The damage reached the metadata or the first tile. */
      g_test_message ("Damage found on opening: %s", error->message);
      g_assert_error (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, "damaged"));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      Request request = { 0 };

      get_tile (source, tiles[i].x, tiles[i].y, tiles[i].z, NULL, &request);

      if (request.error != NULL)
        {
          g_assert_error (request.error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_CORRUPT);
          n_corrupt++;
        }

      request_clear (&request);
    }

  g_test_message ("%u of %u tiles damaged", n_corrupt, (guint) G_N_ELEMENTS (tiles));
  g_assert_cmpuint (n_corrupt, >, 0);
}

static void
test_cancelled (void)
{
  g_autoptr(OnsiteMbtilesSource) source = open_three_tiles (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Request request = { 0 };

  g_cancellable_cancel (cancellable);
  get_tile (source, 0, 0, 1, cancellable, &request);

  g_assert_error (request.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (request.n_received, ==, 0);
  request_clear (&request);
}

typedef struct
{
  guint n_pending;
  guint n_ok;
  guint n_missing;
} Many;

static void
on_many_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Many *many = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &error);
  if (bytes != NULL)
    many->n_ok++;
  else if (g_error_matches (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_TILE_MISSING))
    many->n_missing++;

  many->n_pending--;
}

/* The map asks for a screenful at once; worker threads share the file. */
static void
test_many_at_once (void)
{
  g_autoptr(OnsiteMbtilesSource) source = open_three_tiles (NULL);
  Many many = { 0 };

  for (guint round = 0; round < 50; round++)
    for (guint i = 0; i < G_N_ELEMENTS (three_tiles); i++)
      {
        many.n_pending += 2;
        shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source),
                                                 three_tiles[i].x, three_tiles[i].y, three_tiles[i].z,
                                                 NULL, on_many_cb, &many);
        shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source),
                                                 three_tiles[i].x + 1, three_tiles[i].y, 2,
                                                 NULL, on_many_cb, &many);
      }

  while (many.n_pending > 0)
    g_main_context_iteration (NULL, TRUE);

  /* Each round: the three tiles, then zoom 2 at (1, 0) missing, (2, 1)
   * the blue tile, (3, 1) missing. */
  g_assert_cmpuint (many.n_ok, ==, 50 * 4);
  g_assert_cmpuint (many.n_missing, ==, 50 * 2);
}

static void
on_tile_filled_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Request *request = user_data;
  gboolean ok;

  ok = shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, &request->error);
  g_assert_true (ok == (request->error == NULL));
  request->done = TRUE;
}

/* Through libshumate's raster renderer, as the map layer asks: the tile
 * gets an image of the right colour. */
static void
test_renderer_paints (void)
{
  g_autoptr(OnsiteMbtilesSource) source = open_three_tiles (NULL);
  g_autoptr(ShumateMapSource) map_source = onsite_mbtiles_source_create_map_source (source);
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (1, 1, 256, 1);
  g_autoptr(ShumateTile) empty = shumate_tile_new_full (1, 0, 256, 1);
  GdkPaintable *paintable;
  Request request = { 0 };

  shumate_map_source_fill_tile_async (map_source, tile, NULL, on_tile_filled_cb, &request);
  while (!request.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (request.error);
  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_DONE);
  paintable = shumate_tile_get_paintable (tile);
  g_assert_true (GDK_IS_TEXTURE (paintable));
  g_assert_cmphex (texture_pixel (GDK_TEXTURE (paintable), 128, 128), ==, GREEN);
  request_clear (&request);
  request.done = FALSE;

  shumate_map_source_fill_tile_async (map_source, empty, NULL, on_tile_filled_cb, &request);
  while (!request.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (request.error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_TILE_MISSING);
  g_assert_null (shumate_tile_get_paintable (empty));
  request_clear (&request);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: without the system's XDG data folders
   * GdkPixbuf finds no MIME database and recognises no image at all. */
  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("onsite-mbtiles-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/mbtiles/tile-present", test_tile_present);
  g_test_add_func ("/mbtiles/tile-missing", test_tile_missing);
  g_test_add_func ("/mbtiles/metadata", test_metadata);
  g_test_add_func ("/mbtiles/not-mbtiles", test_not_mbtiles);
  g_test_add_func ("/mbtiles/corrupt", test_corrupt);
  g_test_add_func ("/mbtiles/cancelled", test_cancelled);
  g_test_add_func ("/mbtiles/many-at-once", test_many_at_once);
  g_test_add_func ("/mbtiles/renderer-paints", test_renderer_paints);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_remove (path);
      }
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }

  return status;
}
