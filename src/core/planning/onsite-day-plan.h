/* onsite-day-plan.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-store.h"
#include "dispatch/onsite-day.h"
#include "planning/onsite-plan.h"

G_BEGIN_DECLS

/**
 * OnsiteDayPlanChangeKind:
 * @ONSITE_DAY_PLAN_UNCHANGED: the visit stays as it is (always so for
 *   pinned and in-progress visits)
 * @ONSITE_DAY_PLAN_ADDED: a ticket without a technician gets one
 * @ONSITE_DAY_PLAN_MOVED: a visit goes to another technician, another
 *   time, or both
 * @ONSITE_DAY_PLAN_UNASSIGNED: the visit or ticket finds no place in the
 *   plan; see onsite_day_plan_change_get_reason_text() for why
 *
 * What the proposed plan does to one visit or ticket of the day.
 */
typedef enum
{
  ONSITE_DAY_PLAN_UNCHANGED,
  ONSITE_DAY_PLAN_ADDED,
  ONSITE_DAY_PLAN_MOVED,
  ONSITE_DAY_PLAN_UNASSIGNED,
} OnsiteDayPlanChangeKind;

const char *onsite_day_plan_change_kind_to_string (OnsiteDayPlanChangeKind kind);

/**
 * OnsiteDayPlanTotals:
 * @served: visits with a technician
 * @breaches: visits that start after their SLA due time
 * @travel_seconds: travel of every technician, from home to home
 *
 * The figures a dispatcher compares between the current day and a plan.
 */
typedef struct
{
  guint served;
  guint breaches;
  int   travel_seconds;
} OnsiteDayPlanTotals;

#define ONSITE_TYPE_DAY_PLAN_CHANGE (onsite_day_plan_change_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteDayPlanChange, onsite_day_plan_change, ONSITE, DAY_PLAN_CHANGE, GObject)

OnsiteDayPlanChangeKind     onsite_day_plan_change_get_kind             (OnsiteDayPlanChange *self);
gint64                      onsite_day_plan_change_get_visit_id         (OnsiteDayPlanChange *self);
gint64                      onsite_day_plan_change_get_ticket_id        (OnsiteDayPlanChange *self);
const char                 *onsite_day_plan_change_get_title            (OnsiteDayPlanChange *self);
gint64                      onsite_day_plan_change_get_technician_before (OnsiteDayPlanChange *self);
gint64                      onsite_day_plan_change_get_technician_after (OnsiteDayPlanChange *self);
const char                 *onsite_day_plan_change_get_technician_name_before (OnsiteDayPlanChange *self);
const char                 *onsite_day_plan_change_get_technician_name_after (OnsiteDayPlanChange *self);
gint64                      onsite_day_plan_change_get_start_before     (OnsiteDayPlanChange *self);
gint64                      onsite_day_plan_change_get_end_before       (OnsiteDayPlanChange *self);
gint64                      onsite_day_plan_change_get_start_after      (OnsiteDayPlanChange *self);
gint64                      onsite_day_plan_change_get_end_after        (OnsiteDayPlanChange *self);
gboolean                    onsite_day_plan_change_get_fixed            (OnsiteDayPlanChange *self);
gboolean                    onsite_day_plan_change_get_applicable       (OnsiteDayPlanChange *self);
gboolean                    onsite_day_plan_change_get_applied          (OnsiteDayPlanChange *self);
gboolean                    onsite_day_plan_change_get_selected         (OnsiteDayPlanChange *self);
void                        onsite_day_plan_change_set_selected         (OnsiteDayPlanChange *self,
                                                                         gboolean             selected);
gboolean                    onsite_day_plan_change_get_reason           (OnsiteDayPlanChange *self,
                                                                         OnsitePlanUnassignedReason *reason);
const char                 *onsite_day_plan_change_get_reason_text      (OnsiteDayPlanChange *self);
char                       *onsite_day_plan_change_dup_description      (OnsiteDayPlanChange *self,
                                                                         OnsiteDay           *day);

#define ONSITE_TYPE_DAY_PLAN (onsite_day_plan_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteDayPlan, onsite_day_plan, ONSITE, DAY_PLAN, GObject)

OnsiteDay  *onsite_day_plan_get_day        (OnsiteDayPlan        *self);
GListModel *onsite_day_plan_get_changes    (OnsiteDayPlan        *self);
guint       onsite_day_plan_count          (OnsiteDayPlan        *self,
                                            OnsiteDayPlanChangeKind kind);
gboolean    onsite_day_plan_get_complete   (OnsiteDayPlan        *self);
void        onsite_day_plan_get_totals     (OnsiteDayPlan        *self,
                                            OnsiteDayPlanTotals  *before,
                                            OnsiteDayPlanTotals  *after);
void        onsite_day_plan_compute_totals (OnsiteDayPlan        *self,
                                            gboolean              selected_only,
                                            OnsiteDayPlanTotals  *totals);
guint       onsite_day_plan_apply          (OnsiteDayPlan        *self,
                                            OnsiteStore          *store,
                                            gboolean              selected_only,
                                            const char           *actor,
                                            GError              **error);

G_END_DECLS
