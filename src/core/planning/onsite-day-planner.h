/* onsite-day-planner.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-store.h"
#include "dispatch/onsite-day.h"
#include "planning/onsite-day-plan.h"
#include "planning/onsite-plan.h"

G_BEGIN_DECLS

/**
 * OnsiteDayPlanOptions:
 * @now: the present, unix seconds: nothing is planned to start before it,
 *   and in-progress visits run from it; 0 for no such limit (planning a day
 *   ahead, tests)
 * @seed: the planner's seed; the same day, options and seed give the same
 *   plan when @max_iterations limits the search
 * @time_limit: seconds the planner may search, 0 for none (then
 *   @max_iterations must be set)
 * @max_iterations: ruin-and-recreate rounds, 0 for no limit
 * @include_open_tickets: also place open tickets that have no visit and
 *   whose SLA is due before the end of the day
 * @snap: planned starts are rounded up to this many seconds when that
 *   costs nothing (300: five minutes); 0 or 1 to keep exact times
 * @dispatch: (nullable): the travel model of the ranking and the conflict
 *   checks; %NULL for the offline city defaults
 *
 * How a day is planned. Start from onsite_day_plan_options_init().
 */
typedef struct
{
  gint64                       now;
  guint64                      seed;
  double                       time_limit;
  guint64                      max_iterations;
  gboolean                     include_open_tickets;
  int                          snap;
  const OnsiteDispatchOptions *dispatch;
} OnsiteDayPlanOptions;

void onsite_day_plan_options_init (OnsiteDayPlanOptions *options);

#define ONSITE_TYPE_DAY_PLANNER (onsite_day_planner_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteDayPlanner, onsite_day_planner, ONSITE, DAY_PLANNER, GObject)

OnsiteDayPlanner  *onsite_day_planner_new           (const OnsiteDayPlanOptions *options);
gboolean           onsite_day_planner_load          (OnsiteDayPlanner     *self,
                                                     OnsiteStore          *store,
                                                     GDateTime            *date,
                                                     GError              **error);
void               onsite_day_planner_set_day       (OnsiteDayPlanner     *self,
                                                     OnsiteDay            *day,
                                                     GPtrArray            *tickets);
OnsiteDay         *onsite_day_planner_get_day       (OnsiteDayPlanner     *self);
OnsitePlanProblem *onsite_day_planner_get_problem   (OnsiteDayPlanner     *self);
OnsiteDayPlan     *onsite_day_planner_plan          (OnsiteDayPlanner     *self,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
void               onsite_day_planner_plan_async    (OnsiteDayPlanner     *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
OnsiteDayPlan     *onsite_day_planner_plan_finish   (OnsiteDayPlanner     *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
OnsiteDayPlan     *onsite_day_planner_dup_best      (OnsiteDayPlanner     *self);

G_END_DECLS
