/* onsite-route-layer.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-route-layer"

#include "config.h"

#include <math.h>

#include "onsite-route-layer.h"

/*
 * Technicians' days on the map: from the home base through each visit in
 * order, straight lines between stops, a numbered badge on each stop.
 *
 * One layer holds every route shown, drawn in one snapshot with cairo:
 * a route is a handful of points, so there is nothing to index; a widget
 * per stop or a ShumatePathLayer per technician would cost a layer and
 * its viewport signals each. The marker layer (onsite-map-layer.c) stays
 * above this one and untouched.
 */

typedef struct
{
  double latitude;
  double longitude;
  guint  number;    /* 0 for the home base */
} Stop;

typedef struct
{
  gint64  technician_id;
  GArray *stops;    /* Stop, the home base first when known */
  GdkRGBA color;
} Route;

struct _OnsiteRouteLayer
{
  ShumateLayer  parent_instance;

  GPtrArray    *routes;   /* Route */
  guint         n_frames;
  guint         n_drawn_stops;
};

#define BADGE_OFFSET 14.0

G_DEFINE_FINAL_TYPE (OnsiteRouteLayer, onsite_route_layer, SHUMATE_TYPE_LAYER)

/* Distinct on the OSM tiles' beige and green, and from the SLA colours of
 * the markers (red, orange, green). */
static const char * const palette[] = {
  "#1c71d8", "#9141ac", "#1a5fb4", "#865e3c", "#c061cb", "#3d3846",
};

static void
route_free (gpointer data)
{
  Route *route = data;

  g_array_unref (route->stops);
  g_free (route);
}

static void
on_viewport_changed_cb (OnsiteRouteLayer *self)
{
  if (self->routes->len > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
draw_badge (cairo_t      *cr,
            PangoLayout  *layout,
            double        x,
            double        y,
            const GdkRGBA *color,
            guint         number)
{
  char text[16];
  int w, h;
  double r = 10;

  if (number == 0)
    {
      /* The home base: a square, where the day starts. */
      cairo_rectangle (cr, x - 7, y - 7, 14, 14);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, color);
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
      return;
    }

  g_snprintf (text, sizeof text, "%u", number);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  r = MAX (r, w / 2.0 + 4);

  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  cairo_move_to (cr, x - w / 2.0, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
onsite_route_layer_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  OnsiteRouteLayer *self = ONSITE_ROUTE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoFontDescription) font = NULL;
  cairo_t *cr;

  self->n_frames++;
  self->n_drawn_stops = 0;

  if (self->routes->len == 0 || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  layout = gtk_widget_create_pango_layout (widget, NULL);
  font = pango_font_description_from_string ("Sans Bold 9");
  pango_layout_set_font_description (layout, font);

  for (guint r = 0; r < self->routes->len; r++)
    {
      Route *route = g_ptr_array_index (self->routes, r);
      g_autofree graphene_point_t *points = g_new (graphene_point_t, MAX (route->stops->len, 1));

      for (guint i = 0; i < route->stops->len; i++)
        {
          Stop *stop = &g_array_index (route->stops, Stop, i);
          double x, y;

          shumate_viewport_location_to_widget_coords (viewport, widget, stop->latitude,
                                                      stop->longitude, &x, &y);
          points[i] = GRAPHENE_POINT_INIT (x, y);
        }

      if (route->stops->len > 1)
        {
          /* A white casing under the line keeps it readable on any tile. */
          for (guint pass = 0; pass < 2; pass++)
            {
              for (guint i = 0; i < route->stops->len; i++)
                {
                  if (i == 0)
                    cairo_move_to (cr, points[i].x, points[i].y);
                  else
                    cairo_line_to (cr, points[i].x, points[i].y);
                }

              if (pass == 0)
                {
                  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
                  cairo_set_line_width (cr, 7);
                }
              else
                {
                  gdk_cairo_set_source_rgba (cr, &route->color);
                  cairo_set_line_width (cr, 4);
                }
              cairo_stroke (cr);
            }
        }

      for (guint i = 0; i < route->stops->len; i++)
        {
          Stop *stop = &g_array_index (route->stops, Stop, i);

          if (points[i].x < -20 || points[i].y < -20 || points[i].x > width + 20 || points[i].y > height + 20)
            continue;

          if (stop->number > 0)
            {
              /* The ticket's pin rises above the point and is drawn over
               * this layer: the number sits below and to the right, tied
               * to the point by a short stroke. */
              cairo_move_to (cr, points[i].x, points[i].y);
              cairo_line_to (cr, points[i].x + BADGE_OFFSET, points[i].y + BADGE_OFFSET);
              gdk_cairo_set_source_rgba (cr, &route->color);
              cairo_set_line_width (cr, 2);
              cairo_stroke (cr);
              draw_badge (cr, layout, points[i].x + BADGE_OFFSET, points[i].y + BADGE_OFFSET,
                          &route->color, stop->number);
            }
          else
            draw_badge (cr, layout, points[i].x, points[i].y, &route->color, 0);
          if (stop->number > 0)
            self->n_drawn_stops++;
        }
    }

  cairo_destroy (cr);
}

static void
onsite_route_layer_constructed (GObject *object)
{
  OnsiteRouteLayer *self = (OnsiteRouteLayer *)object;
  ShumateViewport *viewport;

  G_OBJECT_CLASS (onsite_route_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::rotation", G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
onsite_route_layer_finalize (GObject *object)
{
  OnsiteRouteLayer *self = (OnsiteRouteLayer *)object;

  g_clear_pointer (&self->routes, g_ptr_array_unref);

  G_OBJECT_CLASS (onsite_route_layer_parent_class)->finalize (object);
}

static void
onsite_route_layer_class_init (OnsiteRouteLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = onsite_route_layer_constructed;
  object_class->finalize = onsite_route_layer_finalize;
  widget_class->snapshot = onsite_route_layer_snapshot;

  gtk_widget_class_set_css_name (widget_class, "onsite-route-layer");
}

static void
onsite_route_layer_init (OnsiteRouteLayer *self)
{
  self->routes = g_ptr_array_new_with_free_func (route_free);

  /* Clicks go through to the markers and the map. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

OnsiteRouteLayer *
onsite_route_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (ONSITE_TYPE_ROUTE_LAYER, "viewport", viewport, NULL);
}

/**
 * onsite_route_layer_add_route:
 * @day: the day, with its technicians and visits
 * @technician_id: whose route
 *
 * Adds the technician's day: the home base, then the visits by start time
 * (cancelled and rescheduled ones left out), numbered from 1. Visits
 * without a location keep their number but have no stop.
 */
void
onsite_route_layer_add_route (OnsiteRouteLayer *self,
                              OnsiteDay        *day,
                              gint64            technician_id)
{
  OnsiteTech *tech;
  GListModel *visits;
  Route *route;
  guint number = 0;
  double lat, lon;

  g_return_if_fail (ONSITE_IS_ROUTE_LAYER (self));
  g_return_if_fail (ONSITE_IS_DAY (day));

  route = g_new0 (Route, 1);
  route->technician_id = technician_id;
  route->stops = g_array_new (FALSE, FALSE, sizeof (Stop));
  gdk_rgba_parse (&route->color, palette[(guint64)technician_id % G_N_ELEMENTS (palette)]);

  tech = onsite_day_find_tech (day, technician_id);
  if (tech != NULL && onsite_tech_get_home (tech, &lat, &lon))
    g_array_append_val (route->stops, ((Stop) { lat, lon, 0 }));

  visits = onsite_day_get_visits (day, technician_id);
  for (guint i = 0; visits && i < g_list_model_get_n_items (visits); i++)
    {
      g_autoptr(OnsiteVisit) visit = g_list_model_get_item (visits, i);
      OnsiteVisitState state = onsite_visit_get_state (visit);

      if (state == ONSITE_VISIT_CANCELLED || state == ONSITE_VISIT_RESCHEDULED)
        continue;

      number++;
      if (onsite_visit_get_location (visit, &lat, &lon))
        g_array_append_val (route->stops, ((Stop) { lat, lon, number }));
    }

  g_ptr_array_add (self->routes, route);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
onsite_route_layer_clear (OnsiteRouteLayer *self)
{
  g_return_if_fail (ONSITE_IS_ROUTE_LAYER (self));

  if (self->routes->len == 0)
    return;

  g_ptr_array_set_size (self->routes, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onsite_route_layer_get_stop:
 * @route: which route, in the order they were added
 * @stop: 0 for the home base, else the stop's number
 *
 * Returns: %TRUE if that stop is on the map
 */
gboolean
onsite_route_layer_get_stop (OnsiteRouteLayer *self,
                             guint             route,
                             guint             stop,
                             double           *latitude,
                             double           *longitude)
{
  Route *r;

  g_return_val_if_fail (ONSITE_IS_ROUTE_LAYER (self), FALSE);

  if (route >= self->routes->len)
    return FALSE;

  r = g_ptr_array_index (self->routes, route);
  for (guint i = 0; i < r->stops->len; i++)
    {
      Stop *s = &g_array_index (r->stops, Stop, i);

      if (s->number == stop)
        {
          if (latitude)
            *latitude = s->latitude;
          if (longitude)
            *longitude = s->longitude;
          return TRUE;
        }
    }

  return FALSE;
}

void
onsite_route_layer_get_stats (OnsiteRouteLayer      *self,
                              OnsiteRouteLayerStats *stats)
{
  g_return_if_fail (ONSITE_IS_ROUTE_LAYER (self));
  g_return_if_fail (stats != NULL);

  stats->n_frames = self->n_frames;
  stats->n_routes = self->routes->len;
  stats->n_stops = 0;
  for (guint r = 0; r < self->routes->len; r++)
    {
      Route *route = g_ptr_array_index (self->routes, r);

      for (guint i = 0; i < route->stops->len; i++)
        stats->n_stops += g_array_index (route->stops, Stop, i).number > 0;
    }
  stats->n_drawn_stops = self->n_drawn_stops;
}

/**
 * onsite_route_layer_get_bounds:
 * @south: (out) (optional): the southmost latitude of any stop
 * @west: (out) (optional): the westmost longitude
 * @north: (out) (optional): the northmost latitude
 * @east: (out) (optional): the eastmost longitude
 *
 * The box around every stop of every route, home bases included.
 *
 * Returns: %TRUE if there is any stop
 */
gboolean
onsite_route_layer_get_bounds (OnsiteRouteLayer *self,
                               double           *south,
                               double           *west,
                               double           *north,
                               double           *east)
{
  double s = G_MAXDOUBLE, w = G_MAXDOUBLE, n = -G_MAXDOUBLE, e = -G_MAXDOUBLE;
  gboolean any = FALSE;

  g_return_val_if_fail (ONSITE_IS_ROUTE_LAYER (self), FALSE);

  for (guint r = 0; r < self->routes->len; r++)
    {
      Route *route = g_ptr_array_index (self->routes, r);

      for (guint i = 0; i < route->stops->len; i++)
        {
          const Stop *stop = &g_array_index (route->stops, Stop, i);

          s = MIN (s, stop->latitude);
          n = MAX (n, stop->latitude);
          w = MIN (w, stop->longitude);
          e = MAX (e, stop->longitude);
          any = TRUE;
        }
    }

  if (any)
    {
      if (south) *south = s;
      if (west) *west = w;
      if (north) *north = n;
      if (east) *east = e;
    }

  return any;
}
