/* onsite-map-download-dialog.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-map-download-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "onsite-map-download-dialog.h"

/*
 * "Download map for today": the area of the day's visits with a margin,
 * zoom 10 to 17, how many tiles and roughly how big, then a progress bar
 * while OnsiteTileDownload fills libshumate's tile cache for the map's
 * tile server. Cancel stops and keeps what arrived; closing the window
 * cancels too.
 */

/* Around the visits: the streets to get there. */
#define MARGIN_METRES     1000.0
#define METRES_PER_DEGREE 111320.0
/* libshumate trims its tile cache to 100 MB; a bigger download would push
 * out its own first tiles. */
#define CACHE_WARN_BYTES  (80 * 1000 * 1000)

struct _OnsiteMapDownloadDialog
{
  AdwWindow           parent_instance;

  double              bbox[4];  /* min lat, min lon, max lat, max lon */
  OnsiteTileDownload *download;
  GCancellable       *cancellable;
  gboolean            area_ok;

  GtkLabel           *area_label;
  GtkLabel           *source_label;
  GtkProgressBar     *progress_bar;
  GtkLabel           *status_label;
  GtkButton          *cancel_button;
  GtkButton          *close_button;
  GtkButton          *download_button;
};

G_DEFINE_FINAL_TYPE (OnsiteMapDownloadDialog, onsite_map_download_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_MIN_LAT,
  PROP_MIN_LON,
  PROP_MAX_LAT,
  PROP_MAX_LON,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/**
 * onsite_map_download_dup_url_template:
 *
 * The tile server the map uses: the tile-url-template setting, or
 * OpenStreetMap's as libshumate describes it.
 *
 * Returns: (transfer full): a URL template with `{z}`, `{x}` and `{y}`
 */
char *
onsite_map_download_dup_url_template (void)
{
  GSettingsSchemaSource *schemas = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(ShumateMapSourceRegistry) registry = NULL;
  g_autoptr(ShumateDataSource) osm_data = NULL;
  ShumateMapSource *osm;
  char *url_template = NULL;

  if (schemas != NULL)
    schema = g_settings_schema_source_lookup (schemas, APPLICATION_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "tile-url-template"))
    {
      g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

      url_template = g_settings_get_string (settings, "tile-url-template");
      if (url_template[0] != '\0')
        return url_template;
      g_free (url_template);
    }

  registry = shumate_map_source_registry_new_with_defaults ();
  osm = shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK);
  g_object_get (osm, "data-source", &osm_data, NULL);
  g_object_get (osm_data, "url-template", &url_template, NULL);

  return url_template;
}

static char *
host_of (const char *url_template)
{
  const char *start = strstr (url_template, "://");
  const char *end;

  start = start ? start + 3 : url_template;
  end = strchr (start, '/');

  return end ? g_strndup (start, end - start) : g_strdup (start);
}

static void
update_progress (OnsiteMapDownloadDialog *self)
{
  guint n_total = onsite_tile_download_get_n_total (self->download);
  guint n_done = onsite_tile_download_get_n_done (self->download);
  g_autofree char *size = g_format_size (onsite_tile_download_get_bytes (self->download));
  g_autofree char *text = NULL;

  /* Translators: progress of the map download, e.g. "120 of 1,234 tiles · 1.8 MB" */
  text = g_strdup_printf (_("%'u of %'u tiles · %s"), n_done, n_total, size);

  gtk_progress_bar_set_fraction (self->progress_bar, n_total > 0 ? (double) n_done / n_total : 0.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
show_status (OnsiteMapDownloadDialog *self,
             const char              *text)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
on_download_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OnsiteMapDownloadDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  onsite_tile_download_run_finish (ONSITE_TILE_DOWNLOAD (object), result, &error);
  g_clear_object (&self->cancellable);

  /* Closed while downloading: nothing left to show it in. */
  if (self->download == NULL)
    return;

  summary = onsite_tile_download_dup_summary (self->download);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text =
        g_strdup_printf (_("Stopped. The tiles downloaded so far are kept. %s"), summary);
      show_status (self, text);
    }
  else if (error != NULL)
    show_status (self, error->message);
  else
    show_status (self, summary);

  update_progress (self);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), TRUE);
  /* A second run only asks again for what failed or is out of date. */
  gtk_widget_set_visible (GTK_WIDGET (self->download_button), error != NULL ||
                          onsite_tile_download_get_n_failed (self->download) > 0);
  gtk_button_set_label (self->download_button, _("_Try Again"));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->close_button));
}

static void
on_download_clicked_cb (OnsiteMapDownloadDialog *self)
{
  g_assert (self->area_ok);

  if (onsite_tile_download_get_running (self->download))
    return;

  self->cancellable = g_cancellable_new ();

  show_status (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->download_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), TRUE);

  onsite_tile_download_run_async (self->download, self->cancellable,
                                  on_download_done_cb, g_object_ref (self));
  update_progress (self);
}

static void
on_cancel_clicked_cb (OnsiteMapDownloadDialog *self)
{
  g_cancellable_cancel (self->cancellable);
}

static gboolean
onsite_map_download_dialog_close_request (GtkWindow *window)
{
  OnsiteMapDownloadDialog *self = ONSITE_MAP_DOWNLOAD_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (onsite_map_download_dialog_parent_class)->close_request (window);
}

static void
onsite_map_download_dialog_constructed (GObject *object)
{
  OnsiteMapDownloadDialog *self = (OnsiteMapDownloadDialog *)object;
  g_autofree char *url_template = NULL;
  g_autofree char *host = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;
  double lat_margin, lon_margin, mid_lat;

  G_OBJECT_CLASS (onsite_map_download_dialog_parent_class)->constructed (object);

  url_template = onsite_map_download_dup_url_template ();
  self->download = onsite_tile_download_new (url_template, NULL);
  g_signal_connect_object (self->download, "notify::n-done",
                           G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->download, "notify::bytes",
                           G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);

  mid_lat = (self->bbox[0] + self->bbox[2]) / 2.0;
  lat_margin = MARGIN_METRES / METRES_PER_DEGREE;
  lon_margin = lat_margin / MAX (cos (mid_lat * G_PI / 180.0), 0.1);

  self->area_ok = onsite_tile_download_set_area (self->download,
                                                 MAX (self->bbox[0] - lat_margin, -85.0),
                                                 MAX (self->bbox[1] - lon_margin, -180.0),
                                                 MIN (self->bbox[2] + lat_margin, 85.0),
                                                 MIN (self->bbox[3] + lon_margin, 180.0),
                                                 ONSITE_MAP_DOWNLOAD_MIN_ZOOM,
                                                 ONSITE_MAP_DOWNLOAD_MAX_ZOOM,
                                                 &error);

  if (self->area_ok)
    {
      guint n_tiles = onsite_tile_download_get_n_total (self->download);
      guint64 estimate = onsite_tile_download_get_estimated_bytes (self->download);
      g_autofree char *size = g_format_size (estimate);
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%'u map tile, about %s (an estimate)",
                                           "%'u map tiles, about %s (an estimate)",
                                           n_tiles),
                              n_tiles, size);
      gtk_label_set_text (self->area_label, text);

      if (estimate > CACHE_WARN_BYTES)
        show_status (self, _("This is more than the map cache keeps (100 MB): the first tiles may be dropped again. Choose a smaller area if you can."));
    }
  else
    {
      gtk_label_set_text (self->area_label, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->download_button), FALSE);
    }

  host = host_of (url_template);
  /* Translators: %s is the host name of the tile server */
  source = g_strdup_printf (_("From %s, two tiles at a time as tile servers ask. Tiles already downloaded this week are not fetched again."),
                            host);
  gtk_label_set_text (self->source_label, source);

  update_progress (self);

  if (self->area_ok)
    gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->download_button));
}

static void
onsite_map_download_dialog_dispose (GObject *object)
{
  OnsiteMapDownloadDialog *self = (OnsiteMapDownloadDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_MAP_DOWNLOAD_DIALOG);
  g_clear_object (&self->cancellable);

  if (self->download != NULL)
    g_signal_handlers_disconnect_by_data (self->download, self);
  g_clear_object (&self->download);

  G_OBJECT_CLASS (onsite_map_download_dialog_parent_class)->dispose (object);
}

static void
onsite_map_download_dialog_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  OnsiteMapDownloadDialog *self = ONSITE_MAP_DOWNLOAD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_MIN_LAT:
    case PROP_MIN_LON:
    case PROP_MAX_LAT:
    case PROP_MAX_LON:
      self->bbox[prop_id - PROP_MIN_LAT] = g_value_get_double (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_map_download_dialog_class_init (OnsiteMapDownloadDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = onsite_map_download_dialog_constructed;
  object_class->dispose = onsite_map_download_dialog_dispose;
  object_class->set_property = onsite_map_download_dialog_set_property;

  window_class->close_request = onsite_map_download_dialog_close_request;

  properties [PROP_MIN_LAT] =
    g_param_spec_double ("min-lat", NULL, NULL, -90.0, 90.0, 0.0,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_MIN_LON] =
    g_param_spec_double ("min-lon", NULL, NULL, -180.0, 180.0, 0.0,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_MAX_LAT] =
    g_param_spec_double ("max-lat", NULL, NULL, -90.0, 90.0, 0.0,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_MAX_LON] =
    g_param_spec_double ("max-lon", NULL, NULL, -180.0, 180.0, 0.0,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-map-download-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsiteMapDownloadDialog, area_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMapDownloadDialog, source_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMapDownloadDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMapDownloadDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMapDownloadDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMapDownloadDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMapDownloadDialog, download_button);
  gtk_widget_class_bind_template_callback (widget_class, on_download_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
onsite_map_download_dialog_init (OnsiteMapDownloadDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * onsite_map_download_dialog_new:
 * @parent: (nullable): the window to stay above
 * @min_lat: the southernmost visit
 * @min_lon: the westernmost visit
 * @max_lat: the northernmost visit
 * @max_lon: the easternmost visit
 *
 * Creates the "Download map for today" window for the area of the day's
 * visits; it adds a margin of about a kilometre and downloads zoom levels
 * %ONSITE_MAP_DOWNLOAD_MIN_ZOOM to %ONSITE_MAP_DOWNLOAD_MAX_ZOOM of the
 * map's tile server into libshumate's cache. Present it with
 * gtk_window_present().
 *
 * Returns: (transfer floating): a new #OnsiteMapDownloadDialog
 */
GtkWidget *
onsite_map_download_dialog_new (GtkWindow *parent,
                                double     min_lat,
                                double     min_lon,
                                double     max_lat,
                                double     max_lon)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (ONSITE_TYPE_MAP_DOWNLOAD_DIALOG,
                       "transient-for", parent,
                       "min-lat", CLAMP (MIN (min_lat, max_lat), -90.0, 90.0),
                       "min-lon", CLAMP (MIN (min_lon, max_lon), -180.0, 180.0),
                       "max-lat", CLAMP (MAX (min_lat, max_lat), -90.0, 90.0),
                       "max-lon", CLAMP (MAX (min_lon, max_lon), -180.0, 180.0),
                       NULL);
}

/**
 * onsite_map_download_dialog_get_download:
 * @self: an #OnsiteMapDownloadDialog
 *
 * Returns: (transfer none): the download the window shows
 */
OnsiteTileDownload *
onsite_map_download_dialog_get_download (OnsiteMapDownloadDialog *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_DOWNLOAD_DIALOG (self), NULL);

  return self->download;
}
