/* onsite-route-layer.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "dispatch/onsite-day.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_ROUTE_LAYER (onsite_route_layer_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteRouteLayer, onsite_route_layer, ONSITE, ROUTE_LAYER, ShumateLayer)

/**
 * OnsiteRouteLayerStats:
 * @n_frames: how many times the layer has been drawn
 * @n_routes: routes held
 * @n_stops: numbered stops held, over all routes (home bases not counted)
 * @n_drawn_stops: stops the last frame drew (inside the view)
 *
 * What the layer holds and drew, for tests and debugging.
 */
typedef struct
{
  guint n_frames;
  guint n_routes;
  guint n_stops;
  guint n_drawn_stops;
} OnsiteRouteLayerStats;

OnsiteRouteLayer *onsite_route_layer_new       (ShumateViewport       *viewport);
void              onsite_route_layer_add_route (OnsiteRouteLayer      *self,
                                                OnsiteDay             *day,
                                                gint64                 technician_id);
void              onsite_route_layer_clear     (OnsiteRouteLayer      *self);
gboolean          onsite_route_layer_get_stop  (OnsiteRouteLayer      *self,
                                                guint                  route,
                                                guint                  stop,
                                                double                *latitude,
                                                double                *longitude);
void              onsite_route_layer_get_stats (OnsiteRouteLayer      *self,
                                                OnsiteRouteLayerStats *stats);
gboolean          onsite_route_layer_get_bounds (OnsiteRouteLayer     *self,
                                                 double               *south,
                                                 double               *west,
                                                 double               *north,
                                                 double               *east);

G_END_DECLS
