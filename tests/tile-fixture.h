/* tile-fixture.h — synthetic map tiles and MBTiles files for the tests
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Included by the map tile tests (one program per file): PNG tiles of one
 * flat colour, so that a pixel on screen tells which tile it came from,
 * and MBTiles files written with plain SQLite, rows counted from the south
 * as the MBTiles spec says.
 */

#pragma once

#include <cairo.h>
#include <gtk/gtk.h>
#include <sqlite3.h>

typedef struct
{
  int     z;
  int     x;
  int     y;      /* XYZ row, from the north, as the map asks */
  guint32 rgb;    /* 0xRRGGBB */
} TestTile;

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A @size × @size PNG of one colour. */
G_GNUC_UNUSED static GBytes *
make_png (guint32 rgb,
          int     size)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr,
                        ((rgb >> 16) & 0xff) / 255.0,
                        ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
  cairo_paint (cr);
  cairo_destroy (cr);

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png_cb, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

G_GNUC_UNUSED static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Writes an MBTiles file with @tiles and the metadata given as name, value
 * pairs ending with NULL. */
G_GNUC_UNUSED static void
write_mbtiles (const char     *path,
               const TestTile *tiles,
               guint           n_tiles,
               int             tile_size,
               ...)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *name;
  va_list args;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db,
            "CREATE TABLE metadata (name TEXT, value TEXT);"
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
            "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);");

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO metadata VALUES (?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  va_start (args, tile_size);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }
  va_end (args);
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n_tiles; i++)
    {
      g_autoptr(GBytes) png = make_png (tiles[i].rgb, tile_size);

      sqlite3_reset (stmt);
      sqlite3_bind_int (stmt, 1, tiles[i].z);
      sqlite3_bind_int (stmt, 2, tiles[i].x);
      sqlite3_bind_int (stmt, 3, (1 << tiles[i].z) - 1 - tiles[i].y);
      sqlite3_bind_blob (stmt, 4, g_bytes_get_data (png, NULL), g_bytes_get_size (png), SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* The colour of the pixel at (@px, @py) of @texture, as 0xRRGGBB. */
G_GNUC_UNUSED static guint32
texture_pixel (GdkTexture *texture,
               int         px,
               int         py)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc (width * height * 4);
  const guchar *p;

  g_assert_cmpint (px, <, width);
  g_assert_cmpint (py, <, height);

  /* GDK_MEMORY_DEFAULT is B8G8R8A8 premultiplied on little-endian. */
  gdk_texture_download (texture, data, width * 4);
  p = data + py * width * 4 + px * 4;

  return ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}
