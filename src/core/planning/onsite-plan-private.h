/* onsite-plan-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "onsite-plan.h"

G_BEGIN_DECLS

/*
 * The objective is lexicographic (served visits weighted by priority, then
 * SLA breaches, then lateness and travel) but the search works on one number:
 * the weights below keep the levels apart for any day of realistic size
 * (travel of a whole day in seconds stays far below a breach, a breach far
 * below a lost visit of the lowest priority).
 */
#define _ONSITE_PLAN_W_UNASSIGNED 1e10
#define _ONSITE_PLAN_W_BREACH     1e6
#define _ONSITE_PLAN_EPSILON      1e-7

struct _OnsitePlanProblem
{
  gatomicrefcount  ref_count;
  guint            n_locations;
  double          *matrix;
  GArray          *visits;
  GArray          *technicians;
  GPtrArray       *skill_names;
};

typedef struct
{
  guint                      visit;
  OnsitePlanUnassignedReason reason;
} _OnsitePlanUnassigned;

struct _OnsitePlanSolution
{
  gatomicrefcount    ref_count;
  OnsitePlanProblem *problem;
  GArray            *routes;      /* OnsitePlanRoute, one per technician */
  GArray            *unassigned;  /* _OnsitePlanUnassigned */
  guint              n_served;
  guint              n_breaches;
  double             lateness;
  double             travel;
  double             cost;
};

static inline double
_onsite_plan_travel (const OnsitePlanProblem *problem,
                     guint                    from,
                     guint                    to)
{
  return problem->matrix[(gsize) from * problem->n_locations + to];
}

static inline double
_onsite_plan_priority_weight (int priority)
{
  /* Critical counts as eight low-priority visits. */
  return (double) (1 << (4 - CLAMP (priority, 1, 4)));
}

static inline gboolean
_onsite_plan_visit_is_fixed (const OnsitePlanVisit *visit)
{
  return visit->in_progress || visit->pinned_technician >= 0 || !isnan (visit->pinned_time);
}

gboolean                   _onsite_plan_technician_allowed (OnsitePlanProblem *problem,
                                                            guint              visit,
                                                            guint              technician);
OnsitePlanUnassignedReason _onsite_plan_problem_explain    (OnsitePlanProblem *problem,
                                                            guint              visit);

/* The search engine (onsite-plan-solver.c). */
typedef struct _OnsitePlanSolver OnsitePlanSolver;

/*
 * Called from the solver's thread whenever the best plan improves and every
 * few hundred iterations; @fraction is the part of the time or iteration
 * budget used so far.
 */
typedef void (*OnsitePlanSolverProgress) (OnsitePlanSolver *solver,
                                          double            fraction,
                                          gboolean          improved,
                                          gpointer          user_data);

typedef enum
{
  _ONSITE_PLAN_MOVE_RELOCATE    = 1 << 0,
  _ONSITE_PLAN_MOVE_EXCHANGE    = 1 << 1,
  _ONSITE_PLAN_MOVE_OR_OPT      = 1 << 2,
  _ONSITE_PLAN_MOVE_TWO_OPT     = 1 << 3,
  _ONSITE_PLAN_MOVE_TWO_OPT_STAR = 1 << 4,
  _ONSITE_PLAN_MOVE_CROSS       = 1 << 5,
  _ONSITE_PLAN_MOVE_ALL         = 0x3f,
} OnsitePlanMoves;

OnsitePlanSolver   *_onsite_plan_solver_new          (OnsitePlanProblem        *problem,
                                                      guint64                   seed);
void                _onsite_plan_solver_free         (OnsitePlanSolver         *solver);
gboolean            _onsite_plan_solver_load         (OnsitePlanSolver         *solver,
                                                      OnsitePlanSolution       *initial,
                                                      GError                  **error);
void                _onsite_plan_solver_construct    (OnsitePlanSolver         *solver);
gboolean            _onsite_plan_solver_local_search (OnsitePlanSolver         *solver,
                                                      OnsitePlanMoves           moves);
void                _onsite_plan_solver_run          (OnsitePlanSolver         *solver,
                                                      double                    time_limit,
                                                      guint64                   max_iterations,
                                                      GCancellable             *cancellable,
                                                      OnsitePlanSolverProgress  progress,
                                                      gpointer                  user_data);
double              _onsite_plan_solver_get_cost     (OnsitePlanSolver         *solver);
guint64             _onsite_plan_solver_get_iterations (OnsitePlanSolver       *solver);
OnsitePlanSolution *_onsite_plan_solver_export       (OnsitePlanSolver         *solver);
OnsitePlanSolution *_onsite_plan_solver_dup_best     (OnsitePlanSolver         *solver);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsitePlanSolver, _onsite_plan_solver_free)

G_END_DECLS
