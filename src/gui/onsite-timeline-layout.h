/* onsite-timeline-layout.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The day timeline's geometry, kept apart from the widget (GLib only) so
 * that the mapping between time and pixels, the snapping, the lanes of
 * overlapping visits and the hit-testing can be tested without a display.
 */

/**
 * OnsiteTimelineLayout:
 * @day_start: the day's first second (local midnight), unix seconds
 * @day_end: the next day's first second
 * @px_per_hour: the zoom
 * @origin_x: where @day_start is drawn, scrolling included
 * @origin_y: where the first row's top is drawn, scrolling included
 * @row_height: the height of one technician's row
 */
typedef struct
{
  gint64 day_start;
  gint64 day_end;
  double px_per_hour;
  double origin_x;
  double origin_y;
  double row_height;
} OnsiteTimelineLayout;

/**
 * OnsiteTimelineRect:
 *
 * A block's place, in widget coordinates.
 */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} OnsiteTimelineRect;

/**
 * OnsiteTimelinePart:
 * @ONSITE_TIMELINE_PART_NONE: nothing there
 * @ONSITE_TIMELINE_PART_BODY: the block itself: dragging it moves it
 * @ONSITE_TIMELINE_PART_START: its left edge: dragging it moves the start
 * @ONSITE_TIMELINE_PART_END: its right edge: dragging it moves the end
 */
typedef enum
{
  ONSITE_TIMELINE_PART_NONE,
  ONSITE_TIMELINE_PART_BODY,
  ONSITE_TIMELINE_PART_START,
  ONSITE_TIMELINE_PART_END,
} OnsiteTimelinePart;

/* Timeline snapping: 15 minutes. */
#define ONSITE_TIMELINE_SNAP (15 * 60)

/* How close to a block's edge (in pixels) a press grabs the edge. */
#define ONSITE_TIMELINE_EDGE 6.0

double             onsite_timeline_layout_time_to_x (const OnsiteTimelineLayout *layout,
                                                     gint64                      time);
gint64             onsite_timeline_layout_x_to_time (const OnsiteTimelineLayout *layout,
                                                     double                      x);
int                onsite_timeline_layout_row_at    (const OnsiteTimelineLayout *layout,
                                                     double                      y,
                                                     guint                       n_rows);
gint64             onsite_timeline_snap             (gint64                      time,
                                                     gint64                      origin,
                                                     int                         step);
guint              onsite_timeline_assign_lanes     (const gint64               *starts,
                                                     const gint64               *ends,
                                                     guint                       n,
                                                     guint                      *lanes);
int                onsite_timeline_hit_test         (const OnsiteTimelineRect   *rects,
                                                     guint                       n,
                                                     double                      x,
                                                     double                      y,
                                                     OnsiteTimelinePart         *part);

G_END_DECLS
