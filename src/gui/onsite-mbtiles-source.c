/* onsite-mbtiles-source.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-mbtiles-source"

#include "config.h"

#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "onsite-mbtiles-source.h"

/*
 * Map tiles from an MBTiles file: an SQLite database with a
 * tiles(zoom_level, tile_column, tile_row, tile_data) table, rows counted
 * from the south as in TMS, and a metadata(name, value) table. This is how
 * a field laptop gets a map with no network at all; libsoup 3 does not
 * read file:// URLs, so a URL template cannot point at a tile folder.
 *
 * The file is opened read-only once, when the source is made, which also
 * checks that it is an MBTiles file and reads its metadata. Tiles are read
 * in GTask worker threads; one connection and its prepared statement serve
 * them all under a mutex, because a lookup by primary key takes
 * microseconds and decoding the image, which takes longer, happens in the
 * renderer.
 *
 * libshumate 1.0's raster renderer paints a tile only from the
 * ::received-data signal, emitted before the request completes; the
 * completion just marks the tile done. So a tile found is announced on the
 * main thread and then returned; a tile not in the file is an
 * ONSITE_MBTILES_ERROR_TILE_MISSING error, which the map layer takes as
 * "leave this square empty". Empty bytes would not do: the renderer would
 * try to decode them and warn.
 */

#define DEFAULT_TILE_SIZE 256
#define MAX_ZOOM_LEVEL    30

struct _OnsiteMbtilesSource
{
  ShumateDataSource parent_instance;

  char             *path;
  char             *name;
  char             *format;
  char             *attribution;
  guint             min_zoom;
  guint             max_zoom;
  guint             tile_size;
  double            bounds[4];  /* west, south, east, north as in the metadata */
  guint             has_bounds : 1;

  /* Used by the worker threads: only with the mutex held. */
  GMutex            mutex;
  sqlite3          *db;
  sqlite3_stmt     *stmt_tile;
};

static void onsite_mbtiles_source_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnsiteMbtilesSource, onsite_mbtiles_source, SHUMATE_TYPE_DATA_SOURCE,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      onsite_mbtiles_source_initable_iface_init))

G_DEFINE_QUARK (onsite-mbtiles-error-quark, onsite_mbtiles_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef struct
{
  int x;
  int y;
  int zoom_level;
} TileRequest;

static gboolean
is_corruption (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB || rc == SQLITE_IOERR ||
         rc == SQLITE_FORMAT;
}

static GError *
sqlite_error (OnsiteMbtilesSource *self,
              int                  rc)
{
  if ((rc & 0xff) == SQLITE_NOTADB)
    return g_error_new (ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_NOT_MBTILES,
                        _("“%s” is not an MBTiles map: it is not an SQLite database"),
                        self->path);

  if (is_corruption (rc))
    return g_error_new (ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_CORRUPT,
                        _("The map file “%s” is damaged: %s"),
                        self->path, sqlite3_errstr (rc));

  return g_error_new (ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_OPEN,
                      _("The map file “%s” cannot be read: %s"),
                      self->path, sqlite3_errmsg (self->db));
}

/* MBTiles attributions are often HTML links; the map shows its licence in a
 * plain label. Keep the text, drop the tags. */
static char *
attribution_to_text (const char *html)
{
  static const struct { const char *entity; const char *text; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
    { "&#39;", "'" }, { "&copy;", "©" }, { "&nbsp;", " " },
  };
  GString *text = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (const char *p = html; *p != '\0'; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>' && in_tag)
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (text, *p);
    }

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    g_string_replace (text, entities[i].entity, entities[i].text, 0);

  return g_strstrip (g_string_free (text, FALSE));
}

static void
on_size_prepared_cb (GdkPixbufLoader *loader,
                     int              width,
                     int              height,
                     gpointer         user_data)
{
  *(int *)user_data = width;
}

/* Tiles of 512 pixels exist (for high-density screens); the first tile's
 * image header says which. */
static guint
guess_tile_size (const guint8 *data,
                 gsize         length)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  int width = 0;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared_cb), &width);
  gdk_pixbuf_loader_write (loader, data, length, NULL);
  gdk_pixbuf_loader_close (loader, NULL);

  if (width == 256 || width == 512 || width == 1024)
    return width;

  return DEFAULT_TILE_SIZE;
}

static gboolean
read_metadata (OnsiteMbtilesSource  *self,
               GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean have_min = FALSE, have_max = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT 1 FROM sqlite_master WHERE name = 'metadata' AND type IN ('table', 'view')",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_propagate_error (error, sqlite_error (self, rc));
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The spec asks for it, but a file without metadata still has tiles. */
  if (rc == SQLITE_ROW &&
      sqlite3_prepare_v2 (self->db, "SELECT name, value FROM metadata", -1, &stmt, NULL) == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 0);
          const char *value = (const char *) sqlite3_column_text (stmt, 1);

          if (name == NULL || value == NULL)
            continue;

          if (g_str_equal (name, "name") && *value != '\0')
            {
              g_free (self->name);
              self->name = g_strdup (value);
            }
          else if (g_str_equal (name, "format"))
            {
              g_free (self->format);
              self->format = g_strdup (value);
            }
          else if (g_str_equal (name, "attribution"))
            {
              g_free (self->attribution);
              self->attribution = attribution_to_text (value);
            }
          else if (g_str_equal (name, "minzoom"))
            {
              self->min_zoom = CLAMP (atoi (value), 0, MAX_ZOOM_LEVEL);
              have_min = TRUE;
            }
          else if (g_str_equal (name, "maxzoom"))
            {
              self->max_zoom = CLAMP (atoi (value), 0, MAX_ZOOM_LEVEL);
              have_max = TRUE;
            }
          else if (g_str_equal (name, "bounds"))
            {
              g_auto(GStrv) parts = g_strsplit (value, ",", -1);

              if (g_strv_length (parts) == 4)
                {
                  for (guint i = 0; i < 4; i++)
                    self->bounds[i] = g_ascii_strtod (parts[i], NULL);
                  self->has_bounds = self->bounds[0] < self->bounds[2] &&
                                     self->bounds[1] < self->bounds[3];
                }
            }
        }

      if (rc != SQLITE_DONE)
        {
          g_propagate_error (error, sqlite_error (self, rc));
          return FALSE;
        }

      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  if (self->format != NULL &&
      (g_str_equal (self->format, "pbf") || g_str_equal (self->format, "mvt")))
    {
      g_set_error (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_UNSUPPORTED,
                   _("“%s” holds vector tiles, which Onsite cannot draw; it needs a map of PNG or JPEG tiles"),
                   self->path);
      return FALSE;
    }

  if (!have_min || !have_max)
    {
      rc = sqlite3_prepare_v2 (self->db, "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles",
                               -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          g_propagate_error (error, sqlite_error (self, rc));
          return FALSE;
        }

      if (!have_min && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        self->min_zoom = CLAMP (sqlite3_column_int (stmt, 0), 0, MAX_ZOOM_LEVEL);
      if (!have_max && sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        self->max_zoom = CLAMP (sqlite3_column_int (stmt, 1), 0, MAX_ZOOM_LEVEL);
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  if (self->min_zoom > self->max_zoom)
    {
      guint swap = self->min_zoom;
      self->min_zoom = self->max_zoom;
      self->max_zoom = swap;
    }

  rc = sqlite3_prepare_v2 (self->db, "SELECT tile_data FROM tiles LIMIT 1", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    self->tile_size = guess_tile_size (sqlite3_column_blob (stmt, 0),
                                       sqlite3_column_bytes (stmt, 0));
  else if (rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      g_propagate_error (error, sqlite_error (self, rc));
      return FALSE;
    }

  if (self->name == NULL)
    self->name = g_path_get_basename (self->path);

  return TRUE;
}

static gboolean
onsite_mbtiles_source_initable_init (GInitable     *initable,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  OnsiteMbtilesSource *self = ONSITE_MBTILES_SOURCE (initable);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (self->path == NULL || !g_file_test (self->path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_OPEN,
                   _("The map file “%s” does not exist"),
                   self->path ? self->path : "");
      return FALSE;
    }

  /* Worker threads share this connection under self->mutex. */
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_propagate_error (error, sqlite_error (self, rc));
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT 1 FROM sqlite_master WHERE name = 'tiles' AND type IN ('table', 'view')",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_NOT_MBTILES,
                   _("“%s” is not an MBTiles map: it has no tiles table"),
                   self->path);
      return FALSE;
    }
  else if (rc != SQLITE_ROW)
    {
      g_propagate_error (error, sqlite_error (self, rc));
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT tile_data FROM tiles"
                           " WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                           -1, &self->stmt_tile, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_NOT_MBTILES,
                   _("“%s” is not an MBTiles map: its tiles table lacks the expected columns (%s)"),
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }

  return read_metadata (self, error);
}

static void
onsite_mbtiles_source_initable_iface_init (GInitableIface *iface)
{
  iface->init = onsite_mbtiles_source_initable_init;
}

static void
read_tile_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  OnsiteMbtilesSource *self = source_object;
  TileRequest *request = task_data;
  g_autoptr(GMutexLocker) locker = NULL;
  GBytes *bytes = NULL;
  int n_rows = 1 << request->zoom_level;
  int rc;

  if (g_task_return_error_if_cancelled (task))
    return;

  locker = g_mutex_locker_new (&self->mutex);

  sqlite3_reset (self->stmt_tile);
  sqlite3_bind_int (self->stmt_tile, 1, request->zoom_level);
  sqlite3_bind_int (self->stmt_tile, 2, request->x);
  /* TMS counts rows from the south. */
  sqlite3_bind_int (self->stmt_tile, 3, n_rows - 1 - request->y);

  rc = sqlite3_step (self->stmt_tile);

  if (rc == SQLITE_ROW && sqlite3_column_bytes (self->stmt_tile, 0) > 0)
    bytes = g_bytes_new (sqlite3_column_blob (self->stmt_tile, 0),
                         sqlite3_column_bytes (self->stmt_tile, 0));

  if (bytes != NULL)
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
  else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    g_task_return_new_error (task, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_TILE_MISSING,
                             _("The map file has no tile %d/%d/%d"),
                             request->zoom_level, request->x, request->y);
  else
    g_task_return_error (task, sqlite_error (self, rc));

  sqlite3_reset (self->stmt_tile);
}

static void
on_tile_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OnsiteMbtilesSource *self = ONSITE_MBTILES_SOURCE (object);
  g_autoptr(GTask) task = user_data;
  TileRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_task_propagate_pointer (G_TASK (result), &error);

  if (bytes == NULL)
    {
      if (!g_error_matches (error, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_TILE_MISSING) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("%s", error->message);

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The raster renderer paints from this signal, see above. */
  g_signal_emit_by_name (self, "received-data",
                         request->x, request->y, request->zoom_level, bytes);

  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
onsite_mbtiles_source_get_tile_data_async (ShumateDataSource   *data_source,
                                           int                  x,
                                           int                  y,
                                           int                  zoom_level,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  OnsiteMbtilesSource *self = ONSITE_MBTILES_SOURCE (data_source);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read = NULL;
  TileRequest *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_mbtiles_source_get_tile_data_async);

  request = g_new0 (TileRequest, 1);
  request->x = x;
  request->y = y;
  request->zoom_level = zoom_level;
  g_task_set_task_data (task, request, g_free);

  if (self->stmt_tile == NULL)
    {
      g_task_return_new_error (task, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_OPEN,
                               _("The map file “%s” is not open"),
                               self->path ? self->path : "");
      return;
    }

  if (zoom_level < 0 || zoom_level > MAX_ZOOM_LEVEL ||
      x < 0 || y < 0 || x >= (1 << zoom_level) || y >= (1 << zoom_level))
    {
      g_task_return_new_error (task, ONSITE_MBTILES_ERROR, ONSITE_MBTILES_ERROR_TILE_MISSING,
                               _("The map file has no tile %d/%d/%d"),
                               zoom_level, x, y);
      return;
    }

  read = g_task_new (self, cancellable, on_tile_read_cb, g_object_ref (task));
  g_task_set_source_tag (read, read_tile_thread);
  g_task_set_task_data (read, g_memdup2 (request, sizeof *request), g_free);
  g_task_run_in_thread (read, read_tile_thread);
}

static GBytes *
onsite_mbtiles_source_get_tile_data_finish (ShumateDataSource  *data_source,
                                            GAsyncResult       *result,
                                            GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, data_source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
onsite_mbtiles_source_finalize (GObject *object)
{
  OnsiteMbtilesSource *self = (OnsiteMbtilesSource *)object;

  g_clear_pointer (&self->stmt_tile, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->mutex);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->format, g_free);
  g_clear_pointer (&self->attribution, g_free);

  G_OBJECT_CLASS (onsite_mbtiles_source_parent_class)->finalize (object);
}

static void
onsite_mbtiles_source_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  OnsiteMbtilesSource *self = ONSITE_MBTILES_SOURCE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_mbtiles_source_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  OnsiteMbtilesSource *self = ONSITE_MBTILES_SOURCE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_mbtiles_source_class_init (OnsiteMbtilesSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *data_source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = onsite_mbtiles_source_finalize;
  object_class->get_property = onsite_mbtiles_source_get_property;
  object_class->set_property = onsite_mbtiles_source_set_property;

  data_source_class->get_tile_data_async = onsite_mbtiles_source_get_tile_data_async;
  data_source_class->get_tile_data_finish = onsite_mbtiles_source_get_tile_data_finish;

  /**
   * OnsiteMbtilesSource:path:
   *
   * The MBTiles file the tiles come from.
   */
  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_mbtiles_source_init (OnsiteMbtilesSource *self)
{
  g_mutex_init (&self->mutex);
  self->min_zoom = 0;
  self->max_zoom = 19;
  self->tile_size = DEFAULT_TILE_SIZE;
}

/**
 * onsite_mbtiles_source_new:
 * @path: an MBTiles file
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError, or %NULL
 *
 * Opens @path read-only and reads its metadata. Fails with an
 * #OnsiteMbtilesError when the file does not exist, is not an MBTiles
 * file, holds vector tiles or is damaged.
 *
 * Returns: (transfer full) (nullable): a new #OnsiteMbtilesSource
 */
OnsiteMbtilesSource *
onsite_mbtiles_source_new (const char    *path,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  return g_initable_new (ONSITE_TYPE_MBTILES_SOURCE, cancellable, error,
                         "path", path,
                         NULL);
}

const char *
onsite_mbtiles_source_get_path (OnsiteMbtilesSource *self)
{
  g_return_val_if_fail (ONSITE_IS_MBTILES_SOURCE (self), NULL);

  return self->path;
}

/**
 * onsite_mbtiles_source_get_name:
 * @self: an #OnsiteMbtilesSource
 *
 * Returns: the map's name from the metadata, or the file's name
 */
const char *
onsite_mbtiles_source_get_name (OnsiteMbtilesSource *self)
{
  g_return_val_if_fail (ONSITE_IS_MBTILES_SOURCE (self), NULL);

  return self->name;
}

/**
 * onsite_mbtiles_source_get_format:
 * @self: an #OnsiteMbtilesSource
 *
 * Returns: (nullable): the tile format from the metadata ("png", "jpg", …)
 */
const char *
onsite_mbtiles_source_get_format (OnsiteMbtilesSource *self)
{
  g_return_val_if_fail (ONSITE_IS_MBTILES_SOURCE (self), NULL);

  return self->format;
}

/**
 * onsite_mbtiles_source_get_attribution:
 * @self: an #OnsiteMbtilesSource
 *
 * Returns: (nullable): the map's attribution as plain text, HTML tags removed
 */
const char *
onsite_mbtiles_source_get_attribution (OnsiteMbtilesSource *self)
{
  g_return_val_if_fail (ONSITE_IS_MBTILES_SOURCE (self), NULL);

  return self->attribution;
}

guint
onsite_mbtiles_source_get_min_zoom (OnsiteMbtilesSource *self)
{
  g_return_val_if_fail (ONSITE_IS_MBTILES_SOURCE (self), 0);

  return self->min_zoom;
}

guint
onsite_mbtiles_source_get_max_zoom (OnsiteMbtilesSource *self)
{
  g_return_val_if_fail (ONSITE_IS_MBTILES_SOURCE (self), 0);

  return self->max_zoom;
}

/**
 * onsite_mbtiles_source_get_tile_size:
 * @self: an #OnsiteMbtilesSource
 *
 * Returns: the width of the tiles in pixels, from the first tile's image
 */
guint
onsite_mbtiles_source_get_tile_size (OnsiteMbtilesSource *self)
{
  g_return_val_if_fail (ONSITE_IS_MBTILES_SOURCE (self), DEFAULT_TILE_SIZE);

  return self->tile_size;
}

/**
 * onsite_mbtiles_source_get_bounds:
 * @self: an #OnsiteMbtilesSource
 * @min_lat: (out) (optional): the southern edge
 * @min_lon: (out) (optional): the western edge
 * @max_lat: (out) (optional): the northern edge
 * @max_lon: (out) (optional): the eastern edge
 *
 * The area the file covers, from its metadata.
 *
 * Returns: whether the metadata has usable bounds
 */
gboolean
onsite_mbtiles_source_get_bounds (OnsiteMbtilesSource *self,
                                  double              *min_lat,
                                  double              *min_lon,
                                  double              *max_lat,
                                  double              *max_lon)
{
  g_return_val_if_fail (ONSITE_IS_MBTILES_SOURCE (self), FALSE);

  if (!self->has_bounds)
    return FALSE;

  if (min_lon)
    *min_lon = self->bounds[0];
  if (min_lat)
    *min_lat = self->bounds[1];
  if (max_lon)
    *max_lon = self->bounds[2];
  if (max_lat)
    *max_lat = self->bounds[3];

  return TRUE;
}

/**
 * onsite_mbtiles_source_create_map_source:
 * @self: an #OnsiteMbtilesSource
 *
 * Creates the map source that draws this file's tiles: its name, licence,
 * zoom range and tile size come from the file. The id differs per file, so
 * that libshumate's memory cache does not mix two files.
 *
 * Returns: (transfer full): a new #ShumateMapSource
 */
ShumateMapSource *
onsite_mbtiles_source_create_map_source (OnsiteMbtilesSource *self)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (ONSITE_IS_MBTILES_SOURCE (self), NULL);

  id = g_strdup_printf ("onsite-mbtiles-%08x", g_str_hash (self->path));

  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (id,
                                                               self->name,
                                                               self->attribution,
                                                               NULL,
                                                               self->min_zoom,
                                                               self->max_zoom,
                                                               self->tile_size,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (self)));
}
