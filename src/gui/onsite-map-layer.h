/* onsite-map-layer.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "onsite-ticket.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_MAP_LAYER (onsite_map_layer_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteMapLayer, onsite_map_layer, ONSITE, MAP_LAYER, ShumateLayer)

/**
 * OnsiteMapLayerStats:
 * @n_frames: how many times the layer has been drawn
 * @last_frame_usec: the time the last snapshot took, clustering included
 * @last_cluster_usec: the part of it spent clustering and culling
 * @last_rebuild_usec: the time the last new marker set took to index
 * @n_visible: how many markers the last frame drew
 *
 * What the layer's work costs, for the benchmark and for debugging.
 */
typedef struct
{
  guint  n_frames;
  gint64 last_frame_usec;
  gint64 last_cluster_usec;
  gint64 last_rebuild_usec;
  guint  n_visible;
} OnsiteMapLayerStats;

OnsiteMapLayer *onsite_map_layer_new          (ShumateViewport     *viewport);
void            onsite_map_layer_set_model    (OnsiteMapLayer      *self,
                                               GListModel          *tickets);
GListModel     *onsite_map_layer_get_model    (OnsiteMapLayer      *self);
void            onsite_map_layer_set_now      (OnsiteMapLayer      *self,
                                               gint64               now);
void            onsite_map_layer_set_selected (OnsiteMapLayer      *self,
                                               gint64               ticket_id);
guint           onsite_map_layer_get_n_markers (OnsiteMapLayer     *self);
void            onsite_map_layer_get_stats    (OnsiteMapLayer      *self,
                                               OnsiteMapLayerStats *stats);

G_END_DECLS
