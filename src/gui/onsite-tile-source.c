/* onsite-tile-source.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-tile-source"

#include "config.h"

#include "onsite-tile-source.h"

/*
 * libshumate's ShumateTileDownloader (HTTP with its own file cache) wrapped
 * so that the map can tell when tiles stop arriving. libshumate 1.0's map
 * layer drops tile errors silently; this data source passes every request
 * through to the downloader and watches the outcome: an error other than a
 * cancellation turns "failing" on, the next tile that arrives turns it off.
 */

struct _OnsiteTileSource
{
  ShumateDataSource      parent_instance;

  ShumateTileDownloader *downloader;
  char                  *url_template;
  gboolean               failing;
};

G_DEFINE_FINAL_TYPE (OnsiteTileSource, onsite_tile_source, SHUMATE_TYPE_DATA_SOURCE)

enum {
  PROP_0,
  PROP_URL_TEMPLATE,
  PROP_FAILING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
set_failing (OnsiteTileSource *self,
             gboolean          failing)
{
  if (self->failing == failing)
    return;

  self->failing = failing;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FAILING]);
}

static void
on_downloader_received_data_cb (OnsiteTileSource  *self,
                                int                x,
                                int                y,
                                int                zoom_level,
                                GBytes            *bytes,
                                ShumateDataSource *downloader)
{
  /* The raster renderer listens to its own data source for tiles. */
  g_signal_emit_by_name (self, "received-data", x, y, zoom_level, bytes);
}

static void
on_tile_data_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnsiteTileSource *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &error);

  if (bytes != NULL)
    {
      set_failing (self, FALSE);
      g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("No map tile from %s: %s", self->url_template, error->message);
      set_failing (self, TRUE);
    }

  g_task_return_error (task, g_steal_pointer (&error));
}

static void
onsite_tile_source_get_tile_data_async (ShumateDataSource   *data_source,
                                        int                  x,
                                        int                  y,
                                        int                  zoom_level,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  OnsiteTileSource *self = ONSITE_TILE_SOURCE (data_source);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_tile_source_get_tile_data_async);

  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (self->downloader),
                                           x, y, zoom_level, cancellable,
                                           on_tile_data_cb, g_steal_pointer (&task));
}

static GBytes *
onsite_tile_source_get_tile_data_finish (ShumateDataSource  *data_source,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, data_source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
onsite_tile_source_constructed (GObject *object)
{
  OnsiteTileSource *self = (OnsiteTileSource *)object;

  G_OBJECT_CLASS (onsite_tile_source_parent_class)->constructed (object);

  self->downloader = shumate_tile_downloader_new (self->url_template);
  g_signal_connect_object (self->downloader, "received-data",
                           G_CALLBACK (on_downloader_received_data_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
onsite_tile_source_finalize (GObject *object)
{
  OnsiteTileSource *self = (OnsiteTileSource *)object;

  g_clear_object (&self->downloader);
  g_clear_pointer (&self->url_template, g_free);

  G_OBJECT_CLASS (onsite_tile_source_parent_class)->finalize (object);
}

static void
onsite_tile_source_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OnsiteTileSource *self = ONSITE_TILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_URL_TEMPLATE:
      g_value_set_string (value, self->url_template);
      break;

    case PROP_FAILING:
      g_value_set_boolean (value, self->failing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_tile_source_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OnsiteTileSource *self = ONSITE_TILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_URL_TEMPLATE:
      self->url_template = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_tile_source_class_init (OnsiteTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *data_source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->constructed = onsite_tile_source_constructed;
  object_class->finalize = onsite_tile_source_finalize;
  object_class->get_property = onsite_tile_source_get_property;
  object_class->set_property = onsite_tile_source_set_property;

  data_source_class->get_tile_data_async = onsite_tile_source_get_tile_data_async;
  data_source_class->get_tile_data_finish = onsite_tile_source_get_tile_data_finish;

  /**
   * OnsiteTileSource:url-template:
   *
   * Where tiles come from, with `{z}`, `{x}` and `{y}` in place of the tile
   * coordinates.
   */
  properties [PROP_URL_TEMPLATE] =
    g_param_spec_string ("url-template", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteTileSource:failing:
   *
   * Whether the last tile request failed for another reason than being
   * cancelled: no network, no such host, or an HTTP error.
   */
  properties [PROP_FAILING] =
    g_param_spec_boolean ("failing", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_tile_source_init (OnsiteTileSource *self)
{
}

/**
 * onsite_tile_source_new:
 * @url_template: a tile URL with `{z}`, `{x}` and `{y}`
 *
 * Creates a tile source that downloads through libshumate's tile downloader
 * and its file cache, and reports failures in #OnsiteTileSource:failing.
 *
 * Returns: (transfer full): a new #OnsiteTileSource
 */
OnsiteTileSource *
onsite_tile_source_new (const char *url_template)
{
  g_return_val_if_fail (url_template != NULL, NULL);

  return g_object_new (ONSITE_TYPE_TILE_SOURCE,
                       "url-template", url_template,
                       NULL);
}

const char *
onsite_tile_source_get_url_template (OnsiteTileSource *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_SOURCE (self), NULL);

  return self->url_template;
}

gboolean
onsite_tile_source_get_failing (OnsiteTileSource *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_SOURCE (self), FALSE);

  return self->failing;
}
