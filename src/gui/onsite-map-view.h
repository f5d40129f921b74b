/* onsite-map-view.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "onsite-map-layer.h"
#include "onsite-route-layer.h"
#include "onsite-ticket.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_MAP_VIEW (onsite_map_view_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteMapView, onsite_map_view, ONSITE, MAP_VIEW, GtkWidget)

GtkWidget    *onsite_map_view_new          (void);
void          onsite_map_view_set_model    (OnsiteMapView *self,
                                            GListModel    *tickets);
GListModel   *onsite_map_view_get_model    (OnsiteMapView *self);
void          onsite_map_view_set_selected (OnsiteMapView *self,
                                            OnsiteTicket  *ticket);
OnsiteTicket *onsite_map_view_get_selected (OnsiteMapView *self);
void          onsite_map_view_set_now      (OnsiteMapView *self,
                                            gint64         now);
gboolean      onsite_map_view_get_offline  (OnsiteMapView *self);
ShumateMap     *onsite_map_view_get_map      (OnsiteMapView *self);
OnsiteMapLayer *onsite_map_view_get_layer    (OnsiteMapView *self);
void              onsite_map_view_set_route       (OnsiteMapView *self,
                                                   OnsiteDay     *day,
                                                   gint64         technician_id);
void              onsite_map_view_clear_route     (OnsiteMapView *self);
void              onsite_map_view_zoom_to_route   (OnsiteMapView *self);
OnsiteRouteLayer *onsite_map_view_get_route_layer (OnsiteMapView *self);

G_END_DECLS
