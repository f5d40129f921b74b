/* onsite-schedule-view.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "onsite-context.h"
#include "onsite-day.h"
#include "onsite-timeline.h"

G_BEGIN_DECLS

/**
 * OnsiteTechState:
 * @ONSITE_TECH_STATE_OFF_SHIFT: outside the working hours, or absent
 * @ONSITE_TECH_STATE_FREE: working, no visit going on
 * @ONSITE_TECH_STATE_EN_ROUTE: on the way to a visit
 * @ONSITE_TECH_STATE_ON_SITE: at a visit
 *
 * Where a technician is now, as the roster says it.
 */
typedef enum
{
  ONSITE_TECH_STATE_OFF_SHIFT,
  ONSITE_TECH_STATE_FREE,
  ONSITE_TECH_STATE_EN_ROUTE,
  ONSITE_TECH_STATE_ON_SITE,
} OnsiteTechState;

const char      *onsite_tech_state_to_label  (OnsiteTechState  state);
OnsiteTechState  onsite_schedule_tech_state  (OnsiteTech      *tech,
                                              GListModel      *visits,
                                              GArray          *periods,
                                              gint64           now);

#define ONSITE_TYPE_SCHEDULE_VIEW (onsite_schedule_view_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteScheduleView, onsite_schedule_view, ONSITE, SCHEDULE_VIEW, GtkWidget)

GtkWidget      *onsite_schedule_view_new             (void);
OnsiteContext  *onsite_schedule_view_get_context     (OnsiteScheduleView *self);
void            onsite_schedule_view_set_context     (OnsiteScheduleView *self,
                                                      OnsiteContext      *context);
GDateTime      *onsite_schedule_view_get_date        (OnsiteScheduleView *self);
void            onsite_schedule_view_set_date        (OnsiteScheduleView *self,
                                                      GDateTime          *date);
OnsiteDay      *onsite_schedule_view_get_day         (OnsiteScheduleView *self);
OnsiteTimeline *onsite_schedule_view_get_timeline    (OnsiteScheduleView *self);
gint64          onsite_schedule_view_assign_ticket_at (OnsiteScheduleView *self,
                                                      gint64              ticket_id,
                                                      gint64              technician_id,
                                                      gint64              start);

G_END_DECLS
