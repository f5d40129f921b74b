/* onsite-planner.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-plan.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_PLANNER (onsite_planner_get_type ())

G_DECLARE_FINAL_TYPE (OnsitePlanner, onsite_planner, ONSITE, PLANNER, GObject)

OnsitePlanner      *onsite_planner_new                (OnsitePlanProblem    *problem);
OnsitePlanProblem  *onsite_planner_get_problem        (OnsitePlanner        *self);
double              onsite_planner_get_time_limit     (OnsitePlanner        *self);
void                onsite_planner_set_time_limit     (OnsitePlanner        *self,
                                                       double                seconds);
guint64             onsite_planner_get_seed           (OnsitePlanner        *self);
void                onsite_planner_set_seed           (OnsitePlanner        *self,
                                                       guint64               seed);
guint64             onsite_planner_get_max_iterations (OnsitePlanner        *self);
void                onsite_planner_set_max_iterations (OnsitePlanner        *self,
                                                       guint64               max_iterations);
void                onsite_planner_set_initial        (OnsitePlanner        *self,
                                                       OnsitePlanSolution   *initial);
OnsitePlanSolution *onsite_planner_solve              (OnsitePlanner        *self,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
void                onsite_planner_solve_async        (OnsitePlanner        *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
OnsitePlanSolution *onsite_planner_solve_finish       (OnsitePlanner        *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
OnsitePlanSolution *onsite_planner_dup_best           (OnsitePlanner        *self);
guint64             onsite_planner_get_iterations     (OnsitePlanner        *self);

G_END_DECLS
