/* onsite-timeline-layout.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-timeline-layout"

#include "config.h"

#include <math.h>

#include "onsite-timeline-layout.h"

/**
 * onsite_timeline_layout_time_to_x:
 *
 * Returns: where @time is drawn
 */
double
onsite_timeline_layout_time_to_x (const OnsiteTimelineLayout *layout,
                                  gint64                      time)
{
  g_return_val_if_fail (layout != NULL, 0);

  return layout->origin_x + (double)(time - layout->day_start) * layout->px_per_hour / 3600.0;
}

/**
 * onsite_timeline_layout_x_to_time:
 *
 * Returns: the time drawn at @x, to the second
 */
gint64
onsite_timeline_layout_x_to_time (const OnsiteTimelineLayout *layout,
                                  double                      x)
{
  g_return_val_if_fail (layout != NULL, 0);
  g_return_val_if_fail (layout->px_per_hour > 0, layout->day_start);

  return layout->day_start + (gint64)floor ((x - layout->origin_x) * 3600.0 / layout->px_per_hour + 0.5);
}

/**
 * onsite_timeline_layout_row_at:
 *
 * Returns: the row drawn at @y, or -1 above the first and below the last
 */
int
onsite_timeline_layout_row_at (const OnsiteTimelineLayout *layout,
                               double                      y,
                               guint                       n_rows)
{
  double row;

  g_return_val_if_fail (layout != NULL, -1);
  g_return_val_if_fail (layout->row_height > 0, -1);

  if (y < layout->origin_y)
    return -1;

  row = floor ((y - layout->origin_y) / layout->row_height);

  return row < n_rows ? (int)row : -1;
}

/**
 * onsite_timeline_snap:
 * @origin: what the steps count from (the day's midnight, so that a day
 *   in a zone with a half-hour offset still snaps to its own quarters)
 * @step: the step, in seconds
 *
 * Returns: the multiple of @step after @origin nearest to @time (halves
 *   round up)
 */
gint64
onsite_timeline_snap (gint64 time,
                      gint64 origin,
                      int    step)
{
  gint64 offset, rem;

  g_return_val_if_fail (step > 0, time);

  offset = time - origin;
  /* Floored, also before @origin. */
  rem = offset % step;
  if (rem < 0)
    rem += step;

  offset -= rem;
  if (rem * 2 >= step)
    offset += step;

  return origin + offset;
}

/**
 * onsite_timeline_assign_lanes:
 * @starts: the blocks' starts, in ascending order
 * @ends: their ends
 * @n: how many
 * @lanes: (out caller-allocates) (array length=n): each block's lane
 *
 * Puts overlapping blocks of one row side by side: each block takes the
 * first lane that is free at its start.
 *
 * Returns: the number of lanes the row needs (1 for none)
 */
guint
onsite_timeline_assign_lanes (const gint64 *starts,
                              const gint64 *ends,
                              guint         n,
                              guint        *lanes)
{
  g_autofree gint64 *lane_end = NULL;
  guint n_lanes = 1;

  if (n == 0)
    return 1;

  g_return_val_if_fail (starts != NULL && ends != NULL && lanes != NULL, 1);

  lane_end = g_new0 (gint64, n);
  lane_end[0] = G_MININT64;

  for (guint i = 0; i < n; i++)
    {
      guint lane = 0;

      while (lane < n_lanes && lane_end[lane] > starts[i])
        lane++;

      if (lane == n_lanes)
        n_lanes++;

      lanes[i] = lane;
      lane_end[lane] = MAX (ends[i], starts[i]);
    }

  return n_lanes;
}

/**
 * onsite_timeline_hit_test:
 * @rects: (array length=n): the blocks as drawn, later ones on top
 * @part: (out) (optional): which part of the block is under the point
 *
 * Returns: the index of the topmost block under (@x, @y), or -1
 */
int
onsite_timeline_hit_test (const OnsiteTimelineRect *rects,
                          guint                     n,
                          double                    x,
                          double                    y,
                          OnsiteTimelinePart       *part)
{
  if (part)
    *part = ONSITE_TIMELINE_PART_NONE;

  g_return_val_if_fail (rects != NULL || n == 0, -1);

  for (guint i = n; i > 0; i--)
    {
      const OnsiteTimelineRect *r = &rects[i - 1];
      double edge;

      if (x < r->x || x >= r->x + r->width || y < r->y || y >= r->y + r->height)
        continue;

      if (part)
        {
          /* A narrow block keeps most of itself for moving. */
          edge = MIN (ONSITE_TIMELINE_EDGE, r->width / 4.0);

          if (x < r->x + edge)
            *part = ONSITE_TIMELINE_PART_START;
          else if (x >= r->x + r->width - edge)
            *part = ONSITE_TIMELINE_PART_END;
          else
            *part = ONSITE_TIMELINE_PART_BODY;
        }

      return (int)(i - 1);
    }

  return -1;
}
