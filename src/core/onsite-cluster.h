/* onsite-cluster.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-ticket.h"
#include "onsite-types.h"

G_BEGIN_DECLS

/**
 * ONSITE_CLUSTER_CELL_SIZE:
 *
 * The default side, in pixels at the clustering zoom level, of one cell of
 * the clustering grid.
 */
#define ONSITE_CLUSTER_CELL_SIZE 56.0

/**
 * OnsiteClusterView:
 * @center_x: normalised world X (0 west edge, 1 east edge) of the widget centre
 * @center_y: normalised world Y (0 north edge, 1 south edge) of the widget centre
 * @zoom_level: the (fractional) zoom level shown
 * @tile_size: the side of one tile in pixels, usually 256
 * @rotation: the rotation of the map in radians
 * @width: the width of the widget in pixels
 * @height: the height of the widget in pixels
 * @cell_size: the side of a grid cell in pixels, or 0 for
 *   %ONSITE_CLUSTER_CELL_SIZE
 * @margin: how far outside the widget, in pixels, markers still count as
 *   visible (so that half-visible pins are drawn)
 *
 * What part of the world a map widget shows, in the Web-Mercator terms that
 * libshumate uses: a point at normalised world coordinates (x, y) is drawn
 * at ((x - center_x) · S, (y - center_y) · S), rotated by @rotation around
 * the widget centre, where S = @tile_size · 2^@zoom_level.
 */
typedef struct
{
  double center_x;
  double center_y;
  double zoom_level;
  double tile_size;
  double rotation;
  double width;
  double height;
  double cell_size;
  double margin;
} OnsiteClusterView;

/**
 * OnsiteCluster:
 * @x: normalised world X of the marker (the centroid of the members)
 * @y: normalised world Y of the marker
 * @screen_x: widget X of the marker for the last view given to
 *   onsite_cluster_index_update()
 * @screen_y: widget Y of the marker for that view
 * @count: how many tickets the marker stands for, at least 1
 * @worst_state: the worst SLA state among the members
 * @top_priority: the most urgent (smallest) priority among the members, or 0
 *   if none has a valid priority
 * @first_member: where the members start in the index's member list, see
 *   onsite_cluster_index_get_member()
 * @selected: %TRUE for the marker of the selected ticket, which is never
 *   part of a cluster
 *
 * One marker on the map: a single ticket (@count is 1) or a cluster.
 */
typedef struct
{
  double         x;
  double         y;
  double         screen_x;
  double         screen_y;
  guint          count;
  OnsiteSlaState worst_state;
  int            top_priority;
  guint          first_member;
  gboolean       selected;
} OnsiteCluster;

typedef struct _OnsiteClusterIndex OnsiteClusterIndex;

void                 onsite_cluster_project             (double                   latitude,
                                                         double                   longitude,
                                                         double                  *x,
                                                         double                  *y);
void                 onsite_cluster_unproject           (double                   x,
                                                         double                   y,
                                                         double                  *latitude,
                                                         double                  *longitude);

OnsiteClusterIndex  *onsite_cluster_index_new           (void);
void                 onsite_cluster_index_free          (OnsiteClusterIndex      *self);
void                 onsite_cluster_index_set_tickets   (OnsiteClusterIndex      *self,
                                                         GListModel              *tickets,
                                                         gint64                   now);
gboolean             onsite_cluster_index_set_now       (OnsiteClusterIndex      *self,
                                                         gint64                   now);
gboolean             onsite_cluster_index_set_selected  (OnsiteClusterIndex      *self,
                                                         gint64                   ticket_id);
gint64               onsite_cluster_index_get_selected  (OnsiteClusterIndex      *self);
guint                onsite_cluster_index_get_n_points  (OnsiteClusterIndex      *self);
guint                onsite_cluster_index_get_n_skipped (OnsiteClusterIndex      *self);
gboolean             onsite_cluster_index_find          (OnsiteClusterIndex      *self,
                                                         gint64                   ticket_id,
                                                         double                  *x,
                                                         double                  *y);
guint                onsite_cluster_index_update        (OnsiteClusterIndex      *self,
                                                         const OnsiteClusterView *view);
guint                onsite_cluster_index_get_n_clusters (OnsiteClusterIndex     *self);
const OnsiteCluster *onsite_cluster_index_get_visible   (OnsiteClusterIndex      *self,
                                                         guint                    position);
OnsiteTicket        *onsite_cluster_index_get_member    (OnsiteClusterIndex      *self,
                                                         const OnsiteCluster     *cluster,
                                                         guint                    nth);
OnsiteSlaState       onsite_cluster_index_get_member_state (OnsiteClusterIndex   *self,
                                                         const OnsiteCluster     *cluster,
                                                         guint                    nth);
void                 onsite_cluster_index_get_bounds    (OnsiteClusterIndex      *self,
                                                         const OnsiteCluster     *cluster,
                                                         double                  *min_x,
                                                         double                  *min_y,
                                                         double                  *max_x,
                                                         double                  *max_y);
const OnsiteCluster *onsite_cluster_index_hit_test      (OnsiteClusterIndex      *self,
                                                         double                   x,
                                                         double                   y,
                                                         double                   tolerance,
                                                         double                   single_dy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsiteClusterIndex, onsite_cluster_index_free)

G_END_DECLS
