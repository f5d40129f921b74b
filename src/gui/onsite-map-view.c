/* onsite-map-view.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-map-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "onsite-map-layer.h"
#include "onsite-route-layer.h"
#include "onsite-map-view.h"
#include "onsite-mbtiles-source.h"
#include "onsite-tile-source.h"

/*
 * The dispatcher's map: a ShumateSimpleMap (tiles, zoom buttons, scale,
 * licence) with one OnsiteMapLayer on top that draws every ticket.
 *
 * Tiles come from OpenStreetMap, or from the organisation's own server
 * when the tile-url-template setting says so, through libshumate's tile
 * downloader and its file cache, wrapped in an OnsiteTileSource that tells
 * us when tiles fail. Without tiles the map is an empty background with the
 * markers on it and a small "offline" note; never an error dialog.
 *
 * With the offline-map-file setting, tiles come from that MBTiles file
 * instead, network or not; a file that cannot be opened falls back to the
 * tile server.
 */

#define MILAN_LATITUDE     45.4642
#define MILAN_LONGITUDE     9.19
#define START_ZOOM         11.0
/* Centring on a ticket zooms in at least this far, so that its marker
 * stands out from its neighbours. */
#define SELECT_MIN_ZOOM    13.0
#define GO_TO_DURATION_MS  350
#define CUSTOM_SOURCE_ID   "onsite-custom"

struct _OnsiteMapView
{
  GtkWidget         parent_instance;

  GtkWidget        *overlay;
  ShumateSimpleMap *simple_map;
  ShumateMap       *map;
  OnsiteMapLayer   *layer;
  OnsiteRouteLayer *route_layer;  /* made on first use */
  GtkWidget        *offline_label;

  OnsiteTileSource *tile_source;
  OnsiteMbtilesSource *mbtiles;
  GSettings        *settings;
  GNetworkMonitor  *monitor;

  GListModel       *model;
  OnsiteTicket     *selected;
  gint64            activated_id;
  guint             offline : 1;
};

G_DEFINE_FINAL_TYPE (OnsiteMapView, onsite_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SELECTED,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  TICKET_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
update_offline (OnsiteMapView *self)
{
  gboolean network = g_network_monitor_get_network_available (self->monitor);
  gboolean offline;

  /* An offline map file has its tiles whatever the network does. */
  offline = self->mbtiles == NULL &&
            (!network ||
             (self->tile_source != NULL && onsite_tile_source_get_failing (self->tile_source)));

  if (self->mbtiles != NULL && !network)
    {
      g_autofree char *note = g_strdup_printf (_("Offline · map from %s"),
                                               onsite_mbtiles_source_get_name (self->mbtiles));

      gtk_label_set_text (GTK_LABEL (self->offline_label), note);
      gtk_widget_set_visible (self->offline_label, TRUE);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->offline_label), _("Offline · map tiles unavailable"));
      gtk_widget_set_visible (self->offline_label, offline);
    }

  if (self->offline == offline)
    return;

  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OFFLINE]);
}

static ShumateMapSource *
create_map_source (OnsiteMapView *self)
{
  g_autoptr(ShumateMapSourceRegistry) registry = NULL;
  g_autofree char *url_template = NULL;
  ShumateMapSource *osm;
  ShumateMapSource *source;

  if (self->settings != NULL)
    url_template = g_settings_get_string (self->settings, "tile-url-template");

  if (self->tile_source != NULL)
    g_signal_handlers_disconnect_by_data (self->tile_source, self);
  g_clear_object (&self->tile_source);
  g_clear_object (&self->mbtiles);

  if (self->settings != NULL)
    {
      g_autofree char *map_file = g_settings_get_string (self->settings, "offline-map-file");
      g_autoptr(GError) error = NULL;

      if (map_file[0] != '\0')
        self->mbtiles = onsite_mbtiles_source_new (map_file, NULL, &error);

      if (self->mbtiles != NULL)
        return onsite_mbtiles_source_create_map_source (self->mbtiles);

      if (error != NULL)
        g_message ("Offline map not used: %s", error->message);
    }

  if (url_template != NULL && url_template[0] != '\0')
    {
      self->tile_source = onsite_tile_source_new (url_template);
      source = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (CUSTOM_SOURCE_ID,
                                                                     _("Organisation map"),
                                                                     NULL, NULL,
                                                                     0, 19, 256,
                                                                     SHUMATE_MAP_PROJECTION_MERCATOR,
                                                                     SHUMATE_DATA_SOURCE (self->tile_source)));
    }
  else
    {
      g_autoptr(ShumateDataSource) osm_data = NULL;
      g_autofree char *osm_url = NULL;

      /* OpenStreetMap as libshumate describes it (URL, licence, zoom
       * range), downloaded through our wrapper. */
      registry = shumate_map_source_registry_new_with_defaults ();
      osm = shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK);
      g_object_get (osm, "data-source", &osm_data, NULL);
      g_object_get (osm_data, "url-template", &osm_url, NULL);

      self->tile_source = onsite_tile_source_new (osm_url);
      source = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (shumate_map_source_get_id (osm),
                                                                     shumate_map_source_get_name (osm),
                                                                     /* OSM's own short attribution: libshumate's
                                                                      * long one runs into the scale on a narrow map */
                                                                     "© OpenStreetMap contributors",
                                                                     shumate_map_source_get_license_uri (osm),
                                                                     shumate_map_source_get_min_zoom_level (osm),
                                                                     shumate_map_source_get_max_zoom_level (osm),
                                                                     shumate_map_source_get_tile_size (osm),
                                                                     shumate_map_source_get_projection (osm),
                                                                     SHUMATE_DATA_SOURCE (self->tile_source)));
    }

  g_signal_connect_object (self->tile_source, "notify::failing",
                           G_CALLBACK (update_offline), self, G_CONNECT_SWAPPED);

  return source;
}

static void
reload_tiles (OnsiteMapView *self)
{
  g_autoptr(ShumateMapSource) source = create_map_source (self);

  shumate_simple_map_set_map_source (self->simple_map, source);
  update_offline (self);
}

static void
on_network_changed_cb (OnsiteMapView   *self,
                       gboolean         available,
                       GNetworkMonitor *monitor)
{
  /* Tiles that failed are not asked for again by libshumate; a fresh
   * source asks for what is in view. */
  if (available && self->offline)
    reload_tiles (self);
  else
    update_offline (self);
}

static void
on_layer_ticket_activated_cb (OnsiteMapView  *self,
                              OnsiteTicket   *ticket,
                              OnsiteMapLayer *layer)
{
  g_autoptr(OnsiteTicket) hold = g_object_ref (ticket);

  /* The marker is where the user is looking: no need to move the map when
   * the window hands the selection back. */
  self->activated_id = onsite_ticket_get_id (ticket);
  onsite_map_view_set_selected (self, ticket);
  g_signal_emit (self, signals [TICKET_ACTIVATED], 0, ticket);
  self->activated_id = 0;
}

static void
on_layer_cluster_activated_cb (OnsiteMapView  *self,
                               double          latitude,
                               double          longitude,
                               double          zoom_level,
                               OnsiteMapLayer *layer)
{
  shumate_map_go_to_full_with_duration (self->map, latitude, longitude, zoom_level, GO_TO_DURATION_MS);
}

static void
onsite_map_view_dispose (GObject *object)
{
  OnsiteMapView *self = (OnsiteMapView *)object;

  if (self->tile_source != NULL)
    g_signal_handlers_disconnect_by_data (self->tile_source, self);

  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  g_clear_object (&self->tile_source);
  g_clear_object (&self->mbtiles);
  g_clear_object (&self->settings);
  g_clear_object (&self->model);
  g_clear_object (&self->selected);

  G_OBJECT_CLASS (onsite_map_view_parent_class)->dispose (object);
}

static void
onsite_map_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OnsiteMapView *self = ONSITE_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_map_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  OnsiteMapView *self = ONSITE_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      onsite_map_view_set_model (self, g_value_get_object (value));
      break;

    case PROP_SELECTED:
      onsite_map_view_set_selected (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_map_view_class_init (OnsiteMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onsite_map_view_dispose;
  object_class->get_property = onsite_map_view_get_property;
  object_class->set_property = onsite_map_view_set_property;

  /**
   * OnsiteMapView:model:
   *
   * The #OnsiteTicket<!-- -->s to show, usually the board's filtered list.
   */
  properties [PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteMapView:selected:
   *
   * The ticket whose marker is highlighted; setting it centres the map on
   * the ticket if it has a location.
   */
  properties [PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, ONSITE_TYPE_TICKET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteMapView:offline:
   *
   * Whether map tiles cannot be had: no network, or the tile server fails.
   * The markers are still shown.
   */
  properties [PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnsiteMapView::ticket-activated:
   * @self: the map view
   * @ticket: the ticket whose marker was clicked
   *
   * Emitted when the user picks a ticket on the map; the ticket is already
   * #OnsiteMapView:selected.
   */
  signals [TICKET_ACTIVATED] =
    g_signal_new ("ticket-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ONSITE_TYPE_TICKET);

  gtk_widget_class_set_css_name (widget_class, "onsite-map");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  /* Tile servers, OpenStreetMap's first, want to know who asks. */
  shumate_set_user_agent ("Onsite/" PACKAGE_VERSION " (field-service dispatch)");
}

static void
onsite_map_view_init (OnsiteMapView *self)
{
  GSettingsSchemaSource *schemas = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  ShumateViewport *viewport;

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  /* Without the installed schema (a test, a benchmark) OpenStreetMap it is. */
  if (schemas != NULL)
    schema = g_settings_schema_source_lookup (schemas, APPLICATION_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "tile-url-template"))
    {
      self->settings = g_settings_new (APPLICATION_ID);
      g_signal_connect_object (self->settings, "changed::tile-url-template",
                               G_CALLBACK (reload_tiles), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::offline-map-file",
                               G_CALLBACK (reload_tiles), self, G_CONNECT_SWAPPED);
    }

  self->monitor = g_network_monitor_get_default ();
  g_signal_connect_object (self->monitor, "network-changed",
                           G_CALLBACK (on_network_changed_cb), self, G_CONNECT_SWAPPED);

  self->overlay = gtk_overlay_new ();
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  self->simple_map = shumate_simple_map_new ();
  self->map = shumate_simple_map_get_map (self->simple_map);
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), GTK_WIDGET (self->simple_map));

  self->offline_label = gtk_label_new (_("Offline · map tiles unavailable"));
  gtk_widget_add_css_class (self->offline_label, "osd");
  gtk_widget_add_css_class (self->offline_label, "map-offline");
  /* Top left: the zoom buttons take the top right corner, and a narrow map
   * (the Dispatch page at 1024 pixels) has no room for both in the middle. */
  gtk_label_set_ellipsize (GTK_LABEL (self->offline_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (self->offline_label, 12);
  gtk_widget_set_margin_start (self->offline_label, 12);
  gtk_widget_set_margin_end (self->offline_label, 72);
  gtk_widget_set_halign (self->offline_label, GTK_ALIGN_START);
  gtk_widget_set_valign (self->offline_label, GTK_ALIGN_START);
  gtk_widget_set_can_target (self->offline_label, FALSE);
  gtk_widget_set_visible (self->offline_label, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->offline_label);

  reload_tiles (self);

  viewport = shumate_simple_map_get_viewport (self->simple_map);
  shumate_viewport_set_zoom_level (viewport, START_ZOOM);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), MILAN_LATITUDE, MILAN_LONGITUDE);

  self->layer = onsite_map_layer_new (viewport);
  g_signal_connect_object (self->layer, "ticket-activated",
                           G_CALLBACK (on_layer_ticket_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->layer, "cluster-activated",
                           G_CALLBACK (on_layer_cluster_activated_cb), self, G_CONNECT_SWAPPED);
  shumate_simple_map_add_overlay_layer (self->simple_map, SHUMATE_LAYER (self->layer));
}

/**
 * onsite_map_view_new:
 *
 * Creates the map of the dispatcher board.
 *
 * Returns: (transfer full): a new #OnsiteMapView
 */
GtkWidget *
onsite_map_view_new (void)
{
  return g_object_new (ONSITE_TYPE_MAP_VIEW, NULL);
}

/**
 * onsite_map_view_set_model:
 * @self: an #OnsiteMapView
 * @tickets: (nullable): a #GListModel of #OnsiteTicket
 *
 * Sets the tickets to show; the map follows the model's changes. Tickets
 * without a location are left off the map.
 */
void
onsite_map_view_set_model (OnsiteMapView *self,
                           GListModel    *tickets)
{
  g_return_if_fail (ONSITE_IS_MAP_VIEW (self));
  g_return_if_fail (tickets == NULL || G_IS_LIST_MODEL (tickets));

  if (!g_set_object (&self->model, tickets))
    return;

  onsite_map_layer_set_model (self->layer, tickets);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODEL]);
}

GListModel *
onsite_map_view_get_model (OnsiteMapView *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_VIEW (self), NULL);

  return self->model;
}

static void
center_on (OnsiteMapView *self,
           double         latitude,
           double         longitude)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  double zoom = MAX (shumate_viewport_get_zoom_level (viewport), SELECT_MIN_ZOOM);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      shumate_map_go_to_full_with_duration (self->map, latitude, longitude, zoom, GO_TO_DURATION_MS);
    }
  else
    {
      /* No frame clock to animate with: jump. */
      shumate_map_stop_go_to (self->map);
      shumate_viewport_set_zoom_level (viewport, zoom);
      shumate_location_set_location (SHUMATE_LOCATION (viewport), latitude, longitude);
    }
}

/**
 * onsite_map_view_set_selected:
 * @self: an #OnsiteMapView
 * @ticket: (nullable): the selected ticket
 *
 * Highlights @ticket's marker and centres the map on it. A ticket without a
 * location leaves the map where it is.
 */
void
onsite_map_view_set_selected (OnsiteMapView *self,
                              OnsiteTicket  *ticket)
{
  double latitude, longitude;
  gint64 id;

  g_return_if_fail (ONSITE_IS_MAP_VIEW (self));
  g_return_if_fail (ticket == NULL || ONSITE_IS_TICKET (ticket));

  id = ticket ? onsite_ticket_get_id (ticket) : 0;

  if (ticket != NULL &&
      id != self->activated_id &&
      onsite_ticket_get_location (ticket, &latitude, &longitude))
    center_on (self, latitude, longitude);

  onsite_map_layer_set_selected (self->layer, id);

  if (g_set_object (&self->selected, ticket))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED]);
}

OnsiteTicket *
onsite_map_view_get_selected (OnsiteMapView *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_VIEW (self), NULL);

  return self->selected;
}

/**
 * onsite_map_view_set_now:
 * @self: an #OnsiteMapView
 * @now: seconds since the epoch
 *
 * Sets the time the SLA colours of the markers are for.
 */
void
onsite_map_view_set_now (OnsiteMapView *self,
                         gint64         now)
{
  g_return_if_fail (ONSITE_IS_MAP_VIEW (self));

  onsite_map_layer_set_now (self->layer, now);
}

/**
 * onsite_map_view_get_offline:
 * @self: an #OnsiteMapView
 *
 * Returns: whether map tiles are unavailable, see #OnsiteMapView:offline
 */
gboolean
onsite_map_view_get_offline (OnsiteMapView *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_VIEW (self), FALSE);

  return self->offline;
}

/**
 * onsite_map_view_get_map:
 * @self: an #OnsiteMapView
 *
 * Returns: (transfer none): the #ShumateMap, for its viewport
 */
ShumateMap *
onsite_map_view_get_map (OnsiteMapView *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_VIEW (self), NULL);

  return self->map;
}

/**
 * onsite_map_view_get_layer:
 * @self: an #OnsiteMapView
 *
 * Returns: (transfer none): the layer that draws the markers
 */
OnsiteMapLayer *
onsite_map_view_get_layer (OnsiteMapView *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_VIEW (self), NULL);

  return self->layer;
}

static OnsiteRouteLayer *
ensure_route_layer (OnsiteMapView *self)
{
  if (self->route_layer == NULL)
    {
      self->route_layer = onsite_route_layer_new (shumate_simple_map_get_viewport (self->simple_map));
      /* Under the markers: a route never hides a ticket. */
      shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (self->route_layer),
                                       SHUMATE_LAYER (self->layer));
    }

  return self->route_layer;
}

/**
 * onsite_map_view_set_route:
 * @day: (nullable): the day, with its technicians and visits
 * @technician_id: whose day to draw
 *
 * Draws the technician's day as a route with numbered stops, from the
 * home base, in place of any route shown. %NULL or 0 clears it.
 */
void
onsite_map_view_set_route (OnsiteMapView *self,
                           OnsiteDay     *day,
                           gint64         technician_id)
{
  g_return_if_fail (ONSITE_IS_MAP_VIEW (self));
  g_return_if_fail (!day || ONSITE_IS_DAY (day));

  if (day == NULL || technician_id <= 0)
    {
      onsite_map_view_clear_route (self);
      return;
    }

  onsite_route_layer_clear (ensure_route_layer (self));
  onsite_route_layer_add_route (self->route_layer, day, technician_id);
}

/* Web Mercator y of a latitude, 0 at the top of the world, 1 at the bottom. */
static double
mercator_y (double latitude)
{
  double phi = CLAMP (latitude, -85.05, 85.05) * G_PI / 180.0;

  return (1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0;
}

/**
 * onsite_map_view_zoom_to_route:
 *
 * Moves the map so that the route shown fits in it, with a margin; does
 * nothing when no route with a stop is shown.
 */
void
onsite_map_view_zoom_to_route (OnsiteMapView *self)
{
  ShumateViewport *viewport;
  double south, west, north, east;
  double width, height, x_span, y_span, zoom;

  g_return_if_fail (ONSITE_IS_MAP_VIEW (self));

  if (self->route_layer == NULL ||
      !onsite_route_layer_get_bounds (self->route_layer, &south, &west, &north, &east))
    return;

  viewport = shumate_map_get_viewport (self->map);
  /* Not laid out yet: the size it is usually given. */
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width < 50 || height < 50)
    width = height = 360;

  /* The share of the world's width and height the route spans, and the
   * zoom at which that fills 70 % of the map (256 px tiles), so that no
   * stop hides under the zoom buttons or the scale. */
  x_span = MAX ((east - west) / 360.0, 1e-9);
  y_span = MAX (fabs (mercator_y (south) - mercator_y (north)), 1e-9);
  zoom = log2 (MIN (0.7 * width / (256.0 * x_span), 0.7 * height / (256.0 * y_span)));
  zoom = CLAMP (zoom, 3.0, 16.0);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    shumate_map_go_to_full_with_duration (self->map, (south + north) / 2, (west + east) / 2,
                                          zoom, GO_TO_DURATION_MS);
  else
    {
      shumate_map_stop_go_to (self->map);
      shumate_viewport_set_zoom_level (viewport, zoom);
      shumate_location_set_location (SHUMATE_LOCATION (viewport), (south + north) / 2, (west + east) / 2);
    }
}

void
onsite_map_view_clear_route (OnsiteMapView *self)
{
  g_return_if_fail (ONSITE_IS_MAP_VIEW (self));

  if (self->route_layer != NULL)
    onsite_route_layer_clear (self->route_layer);
}

/**
 * onsite_map_view_get_route_layer:
 *
 * Returns: (transfer none) (nullable): the layer that draws routes, once
 *   a route was shown
 */
OnsiteRouteLayer *
onsite_map_view_get_route_layer (OnsiteMapView *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_VIEW (self), NULL);

  return self->route_layer;
}
