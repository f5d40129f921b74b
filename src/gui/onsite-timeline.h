/* onsite-timeline.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "onsite-day.h"
#include "onsite-travel-model.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_TIMELINE (onsite_timeline_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteTimeline, onsite_timeline, ONSITE, TIMELINE, GtkWidget)

#define ONSITE_TIMELINE_MIN_ZOOM 30.0
#define ONSITE_TIMELINE_MAX_ZOOM 480.0
#define ONSITE_TIMELINE_DEFAULT_ZOOM 120.0

GtkWidget   *onsite_timeline_new             (void);
OnsiteDay   *onsite_timeline_get_day         (OnsiteTimeline   *self);
void         onsite_timeline_set_day         (OnsiteTimeline   *self,
                                              OnsiteDay        *day);
void         onsite_timeline_set_travel      (OnsiteTimeline     *self,
                                              OnsiteTravelModel  *model,
                                              OnsiteTravelMatrix *matrix);
gint64       onsite_timeline_get_now         (OnsiteTimeline   *self);
void         onsite_timeline_set_now         (OnsiteTimeline   *self,
                                              gint64            now);
double       onsite_timeline_get_zoom        (OnsiteTimeline   *self);
void         onsite_timeline_set_zoom        (OnsiteTimeline   *self,
                                              double            px_per_hour);
void         onsite_timeline_zoom_in         (OnsiteTimeline   *self);
void         onsite_timeline_zoom_out        (OnsiteTimeline   *self);
void         onsite_timeline_scroll_to_time  (OnsiteTimeline   *self,
                                              gint64            time);
guint        onsite_timeline_get_n_conflicts (OnsiteTimeline   *self);

OnsiteVisit *onsite_timeline_get_selected    (OnsiteTimeline   *self);
gboolean     onsite_timeline_select_visit    (OnsiteTimeline   *self,
                                              gint64            visit_id);
gboolean     onsite_timeline_get_visit_area  (OnsiteTimeline   *self,
                                              gint64            visit_id,
                                              graphene_rect_t  *area);
gboolean     onsite_timeline_get_row_area    (OnsiteTimeline   *self,
                                              gint64            technician_id,
                                              graphene_rect_t  *area);
double       onsite_timeline_time_to_x       (OnsiteTimeline   *self,
                                              gint64            time);
char        *onsite_timeline_dup_visit_problems (OnsiteTimeline *self,
                                              gint64            visit_id);

G_END_DECLS
