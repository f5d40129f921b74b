/* onsite-timeline-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-timeline.h"

G_BEGIN_DECLS

/* The pointer drag, without a pointer: the gesture calls these, and so
 * does the benchmark, which drags a block frame by frame. */
gboolean _onsite_timeline_drag_begin  (OnsiteTimeline *self,
                                       double          x,
                                       double          y);
void     _onsite_timeline_drag_update (OnsiteTimeline *self,
                                       double          dx,
                                       double          dy);
void     _onsite_timeline_drag_end    (OnsiteTimeline *self,
                                       double          dx,
                                       double          dy);

G_END_DECLS
