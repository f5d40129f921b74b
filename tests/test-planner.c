/* test-planner.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-planner"

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>

#include "onsite-demo.h"
#include "planning/onsite-day-planner.h"
#include "planning/onsite-plan-private.h"
#include "planning/onsite-planner.h"
#include "planning/onsite-solomon.h"

/* Tiny problems on the plane: location 0 is the depot, travel is the
 * Euclidean distance. */
typedef struct
{
  double x, y;
} Point;

static OnsitePlanProblem *
plane_problem (const Point *points,
               guint        n_points)
{
  OnsitePlanProblem *problem = onsite_plan_problem_new (n_points);
  g_autofree double *matrix = g_new (double, n_points * n_points);

  for (guint i = 0; i < n_points; i++)
    for (guint j = 0; j < n_points; j++)
      matrix[i * n_points + j] = hypot (points[i].x - points[j].x, points[i].y - points[j].y);
  onsite_plan_problem_set_travel_matrix (problem, matrix);

  return problem;
}

static guint
add_visit (OnsitePlanProblem *problem,
           guint              location,
           double             demand)
{
  OnsitePlanVisit v;

  onsite_plan_visit_init (&v);
  v.location = location;
  v.demand = demand;
  v.id = location;
  return onsite_plan_problem_add_visit (problem, &v);
}

static guint
add_technician (OnsitePlanProblem *problem,
                double             capacity,
                guint64            skills)
{
  OnsitePlanTechnician t;

  onsite_plan_technician_init (&t);
  t.capacity = capacity;
  t.skills = skills;
  return onsite_plan_problem_add_technician (problem, &t);
}

static OnsitePlanSolution *
plan_from (OnsitePlanProblem  *problem,
           const int          *routes)
{
  /* routes: visit indices, -1 ends a route, -2 ends the list */
  OnsitePlanSolution *solution = onsite_plan_solution_new (problem);
  guint k = 0;
  guint buf[64];
  guint n = 0;

  for (const int *p = routes; *p != -2; p++)
    {
      if (*p == -1)
        {
          g_assert_true (onsite_plan_solution_set_route (solution, k++, buf, n, NULL));
          n = 0;
        }
      else
        buf[n++] = *p;
    }

  return solution;
}

static double
checked_travel (OnsitePlanSolution *solution)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (onsite_plan_solution_check (solution, &error));
  g_assert_no_error (error);
  return onsite_plan_solution_get_travel (solution);
}

/* The checker */

static void
test_check (void)
{
  const Point points[] = { { 0, 0 }, { 3, 4 }, { 6, 8 } };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 3);
  OnsitePlanVisit v;
  g_autoptr(GError) error = NULL;
  guint route[] = { 0, 1 };
  guint twice[] = { 0, 0 };

  onsite_plan_visit_init (&v);
  v.location = 1;
  v.window_start = 0;
  v.window_end = 100;
  v.duration = 10;
  v.demand = 3;
  onsite_plan_problem_add_visit (problem, &v);
  v.location = 2;
  v.window_end = 14;  /* reached at 5 + 10 + 5 = 20 when visited second */
  onsite_plan_problem_add_visit (problem, &v);
  add_technician (problem, 10, 0);
  add_technician (problem, 5, 0);
  g_assert_true (onsite_plan_problem_validate (problem, NULL));

  /* feasible the other way round: 10 + 10 + 5 + 10 + 5 = 40 */
  {
    g_autoptr(OnsitePlanSolution) s = onsite_plan_solution_new (problem);
    guint good[] = { 1, 0 };
    const OnsitePlanRoute *r;

    g_assert_true (onsite_plan_solution_set_route (s, 0, good, 2, NULL));
    g_assert_cmpfloat_with_epsilon (checked_travel (s), 20, 1e-9);
    r = onsite_plan_solution_get_route (s, 0);
    g_assert_cmpfloat_with_epsilon (g_array_index (r->stops, OnsitePlanStop, 0).start, 10, 1e-9);
    g_assert_cmpfloat_with_epsilon (g_array_index (r->stops, OnsitePlanStop, 1).start, 25, 1e-9);
    g_assert_cmpfloat_with_epsilon (r->return_time, 40, 1e-9);
    g_assert_cmpuint (onsite_plan_solution_get_n_served (s), ==, 2);
    g_assert_cmpuint (onsite_plan_solution_get_n_unassigned (s), ==, 0);
  }

  /* a window missed */
  {
    g_autoptr(OnsitePlanSolution) s = onsite_plan_solution_new (problem);

    g_assert_true (onsite_plan_solution_set_route (s, 0, route, 2, NULL));
    g_assert_false (onsite_plan_solution_check (s, &error));
    g_assert_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INFEASIBLE);
    g_clear_error (&error);
  }

  /* over capacity: 6 > 5 */
  {
    g_autoptr(OnsitePlanSolution) s = onsite_plan_solution_new (problem);
    guint good[] = { 1, 0 };

    g_assert_true (onsite_plan_solution_set_route (s, 1, good, 2, NULL));
    g_assert_false (onsite_plan_solution_check (s, &error));
    g_assert_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INFEASIBLE);
    g_assert_nonnull (strstr (error->message, "capacity"));
    g_clear_error (&error);
  }

  /* twice */
  {
    g_autoptr(OnsitePlanSolution) s = onsite_plan_solution_new (problem);

    g_assert_true (onsite_plan_solution_set_route (s, 0, twice, 2, NULL));
    g_assert_false (onsite_plan_solution_check (s, &error));
    g_assert_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INFEASIBLE);
    g_clear_error (&error);
  }

  /* unknown visit */
  {
    g_autoptr(OnsitePlanSolution) s = onsite_plan_solution_new (problem);
    guint bad[] = { 7 };

    g_assert_false (onsite_plan_solution_set_route (s, 0, bad, 1, &error));
    g_assert_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID);
    g_clear_error (&error);
  }
}

static void
test_check_shift_and_skills (void)
{
  const Point points[] = { { 0, 0 }, { 30, 40 } };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 2);
  g_autoptr(GError) error = NULL;
  guint64 gas = onsite_plan_problem_skill_bit (problem, "gas");
  OnsitePlanTechnician t;
  OnsitePlanVisit v;
  guint route[] = { 0 };

  g_assert_cmpuint (onsite_plan_problem_skill_bit (problem, "gas"), ==, gas);
  g_assert_cmpuint (onsite_plan_problem_skill_bit (problem, "electrical"), !=, gas);

  onsite_plan_visit_init (&v);
  v.location = 1;
  v.duration = 5;
  v.skills = gas;
  onsite_plan_problem_add_visit (problem, &v);

  onsite_plan_technician_init (&t);
  t.shift_end = 104;  /* 50 + 5 + 50 = 105 */
  t.skills = gas;
  onsite_plan_problem_add_technician (problem, &t);
  onsite_plan_technician_init (&t);
  onsite_plan_problem_add_technician (problem, &t);

  {
    g_autoptr(OnsitePlanSolution) s = onsite_plan_solution_new (problem);

    onsite_plan_solution_set_route (s, 0, route, 1, NULL);
    g_assert_false (onsite_plan_solution_check (s, &error));
    g_assert_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INFEASIBLE);
    g_clear_error (&error);
  }
  {
    g_autoptr(OnsitePlanSolution) s = onsite_plan_solution_new (problem);

    onsite_plan_solution_set_route (s, 1, route, 1, NULL);
    g_assert_false (onsite_plan_solution_check (s, &error));
    g_assert_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INFEASIBLE);
    g_assert_nonnull (strstr (error->message, "skill"));
    g_clear_error (&error);
  }
}

/* Move operators: each tiny instance starts from a plan that only the
 * operator under test can repair, and must end at the known optimum. */

static void
run_moves (OnsitePlanProblem  *problem,
           const int          *start,
           const int          *optimum,
           OnsitePlanMoves     moves,
           OnsitePlanMoves     useless)
{
  g_autoptr(OnsitePlanSolution) initial = plan_from (problem, start);
  g_autoptr(OnsitePlanSolution) best = plan_from (problem, optimum);
  double start_travel = checked_travel (initial);
  double best_travel = checked_travel (best);

  g_assert_cmpfloat (best_travel, <, start_travel - 1e-6);

  /* the operator under test finds the optimum */
  {
    g_autoptr(OnsitePlanSolver) solver = _onsite_plan_solver_new (problem, 1);
    g_autoptr(OnsitePlanSolution) result = NULL;

    g_assert_true (_onsite_plan_solver_load (solver, initial, NULL));
    g_assert_cmpfloat_with_epsilon (_onsite_plan_solver_get_cost (solver), start_travel, 1e-9);
    g_assert_true (_onsite_plan_solver_local_search (solver, moves));
    result = _onsite_plan_solver_export (solver);
    g_assert_cmpfloat_with_epsilon (checked_travel (result), best_travel, 1e-6);
  }

  /* and the other operators given cannot get there */
  if (useless)
    {
      g_autoptr(OnsitePlanSolver) solver = _onsite_plan_solver_new (problem, 1);

      g_assert_true (_onsite_plan_solver_load (solver, initial, NULL));
      _onsite_plan_solver_local_search (solver, useless);
      g_assert_cmpfloat (_onsite_plan_solver_get_cost (solver), >, best_travel + 1e-6);
    }
}

static void
test_move_relocate (void)
{
  const Point points[] = { { 0, 0 }, { 1, 0 }, { 2, 0 }, { 3, 0 } };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 4);
  const int start[] = { 0, 2, -1, 1, -1, -2 };
  const int optimum[] = { 0, 1, 2, -1, -1, -2 };

  for (guint i = 1; i <= 3; i++)
    add_visit (problem, i, 1);
  add_technician (problem, INFINITY, 0);
  add_technician (problem, INFINITY, 0);

  run_moves (problem, start, optimum, _ONSITE_PLAN_MOVE_RELOCATE, _ONSITE_PLAN_MOVE_TWO_OPT);
}

static void
test_move_exchange (void)
{
  const Point points[] = { { 0, 0 }, { -10, 1 }, { -10, -1 }, { 10, 1 }, { 10, -1 } };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 5);
  /* full routes: nothing can be relocated */
  const int start[] = { 0, 2, -1, 1, 3, -1, -2 };
  const int optimum[] = { 0, 1, -1, 2, 3, -1, -2 };

  for (guint i = 1; i <= 4; i++)
    add_visit (problem, i, 1);
  add_technician (problem, 2, 0);
  add_technician (problem, 2, 0);

  run_moves (problem, start, optimum, _ONSITE_PLAN_MOVE_EXCHANGE,
             _ONSITE_PLAN_MOVE_RELOCATE | _ONSITE_PLAN_MOVE_OR_OPT);
}

static void
test_move_two_opt (void)
{
  const Point points[] = { { 0, 0 }, { 0, 10 }, { 10, 10 }, { 10, 0 }, { 5, -1 } };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 5);
  /* 0 → (0,10) → (10,0) → (10,10) → (5,-1) → 0 crosses itself */
  const int start[] = { 0, 2, 1, 3, -1, -2 };
  const int optimum[] = { 0, 1, 2, 3, -1, -2 };

  for (guint i = 1; i <= 4; i++)
    add_visit (problem, i, 1);
  add_technician (problem, INFINITY, 0);

  run_moves (problem, start, optimum, _ONSITE_PLAN_MOVE_TWO_OPT, 0);
}

static void
test_move_or_opt (void)
{
  Point points[9] = { { 0, 0 } };
  g_autoptr(OnsitePlanProblem) problem = NULL;
  /* around a circle, with the pair (4, 5) misplaced between 1 and 2 */
  const int start[] = { 0, 1, 4, 5, 2, 3, 6, 7, -1, -2 };
  const int optimum[] = { 0, 1, 2, 3, 4, 5, 6, 7, -1, -2 };

  /* the depot and the visits on one circle: the best tour goes round */
  for (guint i = 0; i <= 8; i++)
    {
      points[i].x = 10 * cos (2 * G_PI * i / 9);
      points[i].y = 10 * sin (2 * G_PI * i / 9);
    }
  problem = plane_problem (points, 9);
  for (guint i = 1; i <= 8; i++)
    add_visit (problem, i, 1);
  add_technician (problem, INFINITY, 0);

  run_moves (problem, start, optimum, _ONSITE_PLAN_MOVE_OR_OPT, 0);
}

static void
test_move_two_opt_star (void)
{
  const Point points[] = { { 0, 0 }, { -5, 5 }, { 5, 10 }, { 5, 5 }, { -5, 10 } };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 5);
  const int start[] = { 0, 1, -1, 2, 3, -1, -2 };
  const int optimum[] = { 0, 3, -1, 2, 1, -1, -2 };

  for (guint i = 1; i <= 4; i++)
    add_visit (problem, i, 1);
  add_technician (problem, 2, 0);
  add_technician (problem, 2, 0);

  run_moves (problem, start, optimum, _ONSITE_PLAN_MOVE_TWO_OPT_STAR,
             _ONSITE_PLAN_MOVE_RELOCATE | _ONSITE_PLAN_MOVE_TWO_OPT);
}

static void
test_move_cross (void)
{
  const Point points[] = {
    { 0, 0 },
    { -10, 0 }, { -10, 1 }, { -10, 2 }, { -10, 3 },
    { 10, 0 }, { 10, 1 }, { 10, 2 }, { 10, 3 },
  };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 9);
  /* visits 0-3 on the left, 4-7 on the right, two of each misplaced */
  const int start[] = { 0, 1, 4, 5, -1, 6, 7, 2, 3, -1, -2 };
  const int optimum[] = { 0, 1, 2, 3, -1, 4, 5, 6, 7, -1, -2 };

  for (guint i = 1; i <= 8; i++)
    add_visit (problem, i, 1);
  add_technician (problem, 4, 0);
  add_technician (problem, 4, 0);

  /* the in-route moves tidy up the order after the crossing */
  run_moves (problem, start, optimum,
             _ONSITE_PLAN_MOVE_CROSS | _ONSITE_PLAN_MOVE_RELOCATE | _ONSITE_PLAN_MOVE_OR_OPT | _ONSITE_PLAN_MOVE_TWO_OPT,
             _ONSITE_PLAN_MOVE_RELOCATE | _ONSITE_PLAN_MOVE_OR_OPT | _ONSITE_PLAN_MOVE_TWO_OPT);
}

/* Rules of the day */

static OnsitePlanSolution *
solve (OnsitePlanProblem  *problem,
       OnsitePlanSolution *initial,
       guint64             iterations)
{
  g_autoptr(OnsitePlanner) planner = onsite_planner_new (problem);
  g_autoptr(GError) error = NULL;
  OnsitePlanSolution *solution;

  onsite_planner_set_time_limit (planner, 0);
  onsite_planner_set_max_iterations (planner, iterations);
  onsite_planner_set_initial (planner, initial);
  solution = onsite_planner_solve (planner, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (solution);
  checked_travel (solution);

  return solution;
}

static void
test_skills (void)
{
  const Point points[] = { { 0, 0 }, { 1, 0 }, { 2, 0 }, { -50, 0 } };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 4);
  g_autoptr(OnsitePlanSolution) solution = NULL;
  guint64 gas = onsite_plan_problem_skill_bit (problem, "gas");
  OnsitePlanTechnician t;
  guint boiler;

  add_visit (problem, 1, 0);
  boiler = add_visit (problem, 2, 0);
  ((OnsitePlanVisit *) onsite_plan_problem_get_visit (problem, boiler))->skills = gas;

  add_technician (problem, INFINITY, 0);
  onsite_plan_technician_init (&t);
  t.start_location = t.end_location = 3;  /* far away, but the only gas fitter */
  t.skills = gas;
  onsite_plan_problem_add_technician (problem, &t);

  solution = solve (problem, NULL, 200);
  g_assert_cmpint (onsite_plan_solution_find_visit (solution, boiler, NULL), ==, 1);
  g_assert_cmpuint (onsite_plan_solution_get_n_served (solution), ==, 2);
}

static void
test_pinning (void)
{
  const Point points[] = { { 0, 0 }, { 1, 0 }, { 2, 0 }, { 3, 0 }, { 100, 0 } };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 5);
  g_autoptr(OnsitePlanSolution) solution = NULL;
  OnsitePlanTechnician t;
  OnsitePlanVisit *v;
  guint pos;

  for (guint i = 1; i <= 3; i++)
    add_visit (problem, i, 0);
  add_technician (problem, INFINITY, 0);
  onsite_plan_technician_init (&t);
  t.start_location = t.end_location = 4;
  onsite_plan_problem_add_technician (problem, &t);

  /* visit 1 pinned to the far technician, visit 2 pinned to start at 40 */
  v = (OnsitePlanVisit *) onsite_plan_problem_get_visit (problem, 1);
  v->pinned_technician = 1;
  v = (OnsitePlanVisit *) onsite_plan_problem_get_visit (problem, 2);
  v->pinned_time = 40;

  solution = solve (problem, NULL, 300);
  g_assert_cmpint (onsite_plan_solution_find_visit (solution, 1, NULL), ==, 1);
  {
    int k = onsite_plan_solution_find_visit (solution, 2, &pos);
    const OnsitePlanRoute *r = onsite_plan_solution_get_route (solution, k);

    g_assert_cmpint (k, >=, 0);
    g_assert_cmpfloat_with_epsilon (g_array_index (r->stops, OnsitePlanStop, pos).start, 40, 1e-9);
  }
  g_assert_cmpuint (onsite_plan_solution_get_n_unassigned (solution), ==, 0);
}

/* Breaks and visits without an address are at the day planner's "nowhere"
 * place, no travel from or to anywhere, so travel times there break the
 * triangle inequality: taking such a visit out of a route can make the trip
 * between its neighbours longer than the visit took. The search once left
 * routes late at a lunch break or past the end of the shift because of it,
 * on the demo Monday (seeds 4, 6 or 10 of 30,000 iterations, depending on
 * the hour). */
static void
test_nowhere_breaks (void)
{
  const gint64 monday_7am = (gint64) 1795392000 + 7 * 3600;
  g_autofree char *dir = g_dir_make_tmp ("onsite-planner-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(OnsiteDayPlanner) day = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (monday_7am);
  OnsiteDemoOptions demo;
  OnsiteDayPlanOptions options;
  OnsitePlanProblem *problem;
  guint n_breaks = 0, n_nowhere = 0;

  g_assert_nonnull (dir);
  store = onsite_store_open (path, &error);
  g_assert_no_error (error);
  onsite_demo_options_init (&demo);
  demo.now = monday_7am;
  g_assert_true (onsite_demo_fill (store, &demo, &error));
  g_assert_no_error (error);

  onsite_day_plan_options_init (&options);
  options.now = monday_7am;
  day = onsite_day_planner_new (&options);
  g_assert_true (onsite_day_planner_load (day, store, date, &error));
  g_assert_no_error (error);
  problem = onsite_day_planner_get_problem (day);

  /* the day has what makes the fault: pinned breaks and other visits at
   * the nowhere place, and travel there that skips the triangle inequality */
  for (guint i = 0; i < onsite_plan_problem_get_n_visits (problem); i++)
    {
      const OnsitePlanVisit *v = onsite_plan_problem_get_visit (problem, i);

      if (v->location == 0 && !isnan (v->pinned_time))
        n_breaks++;
      else if (v->location == 0)
        n_nowhere++;
    }
  g_assert_cmpuint (n_breaks, >, 0);
  g_assert_cmpuint (n_nowhere, >, 0);

  /* the demo's tickets depend a little on the clock, so try a few seeds */
  for (guint64 seed = 1; seed <= 8; seed++)
    {
      g_autoptr(OnsitePlanner) planner = onsite_planner_new (problem);
      g_autoptr(OnsitePlanSolution) solution = NULL;

      onsite_planner_set_seed (planner, seed);
      onsite_planner_set_time_limit (planner, 0);
      onsite_planner_set_max_iterations (planner, 30000);
      /* the planner itself reports an infeasible result as a critical */
      solution = onsite_planner_solve (planner, NULL, &error);
      g_assert_no_error (error);
      checked_travel (solution);

      for (guint k = 0; k < onsite_plan_solution_get_n_routes (solution); k++)
        {
          const OnsitePlanRoute *r = onsite_plan_solution_get_route (solution, k);
          const OnsitePlanTechnician *t = onsite_plan_problem_get_technician (problem, k);

          g_assert_cmpfloat (r->return_time, <=, t->shift_end + 1e-6);
          for (guint i = 0; i < r->stops->len; i++)
            {
              const OnsitePlanStop *stop = &g_array_index (r->stops, OnsitePlanStop, i);
              const OnsitePlanVisit *v = onsite_plan_problem_get_visit (problem, stop->visit);

              if (!isnan (v->pinned_time))
                g_assert_cmpfloat_with_epsilon (stop->start, v->pinned_time, 1e-6);
            }
        }
    }

  g_assert_no_errno (g_unlink (path));
}

static void
test_replan_keeps_fixed (void)
{
  const Point points[] = { { 0, 0 }, { 1, 0 }, { 2, 0 }, { 3, 0 }, { 4, 0 }, { 0, 5 } };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 6);
  g_autoptr(OnsitePlanSolution) current = NULL;
  g_autoptr(OnsitePlanSolution) solution = NULL;
  OnsitePlanVisit *v;
  const int plan[] = { 0, 1, -1, 3, 2, -1, -2 };
  guint pos;

  for (guint i = 1; i <= 5; i++)
    add_visit (problem, i, 0);
  add_technician (problem, INFINITY, 0);
  add_technician (problem, INFINITY, 0);

  /* technician 1 is at visit 3 (far end of the line) right now; visit 2 is
   * pinned to technician 1; visit 4 (new) and the rest are free */
  v = (OnsitePlanVisit *) onsite_plan_problem_get_visit (problem, 3);
  v->in_progress = TRUE;
  v->pinned_technician = 1;
  v->pinned_time = 4;
  v = (OnsitePlanVisit *) onsite_plan_problem_get_visit (problem, 2);
  v->pinned_technician = 1;

  current = plan_from (problem, plan);
  checked_travel (current);

  solution = solve (problem, current, 300);
  g_assert_cmpint (onsite_plan_solution_find_visit (solution, 3, &pos), ==, 1);
  g_assert_cmpuint (pos, ==, 0);
  g_assert_cmpint (onsite_plan_solution_find_visit (solution, 2, NULL), ==, 1);
  g_assert_cmpuint (onsite_plan_solution_get_n_served (solution), ==, 5);
}

static void
test_unassigned_reasons (void)
{
  const Point points[] = { { 0, 0 }, { 10, 0 }, { 0, 10 }, { -10, 0 }, { 0, -10 }, { 0, -11 } };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 6);
  g_autoptr(OnsitePlanSolution) solution = NULL;
  guint64 crane = onsite_plan_problem_skill_bit (problem, "crane");
  OnsitePlanTechnician t;
  OnsitePlanVisit v;
  OnsitePlanUnassignedReason reasons[5];
  gboolean seen[5] = { FALSE };

  onsite_plan_visit_init (&v);
  v.location = 1;
  v.skills = crane;                        /* 0: nobody has a crane */
  onsite_plan_problem_add_visit (problem, &v);
  onsite_plan_visit_init (&v);
  v.location = 2;
  v.window_start = 0;
  v.window_end = 5;                        /* 1: 10 away, closes at 5 */
  onsite_plan_problem_add_visit (problem, &v);
  onsite_plan_visit_init (&v);
  v.location = 3;
  v.demand = 50;                           /* 2: more than anyone carries */
  onsite_plan_problem_add_visit (problem, &v);
  onsite_plan_visit_init (&v);
  v.location = 4;
  v.window_start = 10;
  v.window_end = 10;
  v.duration = 30;
  v.priority = 4;                          /* 3: low priority, clashes with 4 */
  onsite_plan_problem_add_visit (problem, &v);
  v.location = 5;
  v.window_start = 11;
  v.window_end = 11;
  v.priority = 1;                          /* 4: critical */
  onsite_plan_problem_add_visit (problem, &v);

  onsite_plan_technician_init (&t);
  t.capacity = 10;
  onsite_plan_problem_add_technician (problem, &t);

  solution = solve (problem, NULL, 200);
  g_assert_cmpuint (onsite_plan_solution_get_n_unassigned (solution), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      OnsitePlanUnassignedReason reason;
      guint visit = onsite_plan_solution_get_unassigned (solution, i, &reason);

      g_assert_cmpuint (visit, <, 4);
      reasons[visit] = reason;
      seen[visit] = TRUE;
    }
  g_assert_true (seen[0] && seen[1] && seen[2] && seen[3]);
  g_assert_cmpint (reasons[0], ==, ONSITE_PLAN_UNASSIGNED_NO_SKILLED_TECHNICIAN);
  g_assert_cmpint (reasons[1], ==, ONSITE_PLAN_UNASSIGNED_WINDOW_IMPOSSIBLE);
  g_assert_cmpint (reasons[2], ==, ONSITE_PLAN_UNASSIGNED_CAPACITY);
  g_assert_cmpint (reasons[3], ==, ONSITE_PLAN_UNASSIGNED_NO_ROOM);
  g_assert_cmpint (onsite_plan_solution_find_visit (solution, 4, NULL), ==, 0);
  g_assert_cmpstr (onsite_plan_unassigned_reason_to_string (reasons[3]), ==, "no-room");
}

static void
test_sla (void)
{
  const Point points[] = { { 0, 0 }, { 10, 0 }, { 10, 10 }, { 0, 10 } };
  g_autoptr(OnsitePlanProblem) problem = plane_problem (points, 4);
  g_autoptr(OnsitePlanSolution) solution = NULL;
  OnsitePlanVisit v;
  guint pos;

  /* going round the square (40) reaches the far corner at 25 at best; it is
   * due at 15, so the plan must go there first (48.3) */
  onsite_plan_visit_init (&v);
  v.duration = 5;
  v.location = 1;
  onsite_plan_problem_add_visit (problem, &v);
  v.location = 2;
  v.due = 15;
  onsite_plan_problem_add_visit (problem, &v);
  v.location = 3;
  v.due = INFINITY;
  onsite_plan_problem_add_visit (problem, &v);
  add_technician (problem, INFINITY, 0);

  solution = solve (problem, NULL, 300);
  g_assert_cmpuint (onsite_plan_solution_get_n_breaches (solution), ==, 0);
  g_assert_cmpint (onsite_plan_solution_find_visit (solution, 1, &pos), ==, 0);
  g_assert_cmpuint (pos, ==, 0);
  g_assert_cmpfloat_with_epsilon (onsite_plan_solution_get_travel (solution), 20 + 20 * G_SQRT2, 1e-9);

  /* an impossible due time is a breach, not a lost visit; lateness then
   * weighs like travel, and going there first is still cheaper (9.1 late
   * plus 48.3 travelled against 20 late plus 40) */
  ((OnsitePlanVisit *) onsite_plan_problem_get_visit (problem, 1))->due = 5;
  g_clear_pointer (&solution, onsite_plan_solution_unref);
  solution = solve (problem, NULL, 300);
  g_assert_cmpuint (onsite_plan_solution_get_n_unassigned (solution), ==, 0);
  g_assert_cmpuint (onsite_plan_solution_get_n_breaches (solution), ==, 1);
  g_assert_cmpint (onsite_plan_solution_find_visit (solution, 1, &pos), ==, 0);
  g_assert_cmpuint (pos, ==, 0);
  g_assert_cmpfloat_with_epsilon (onsite_plan_solution_get_lateness (solution), 10 * G_SQRT2 - 5, 1e-9);
}

/* Solomon */

static char *
solomon_path (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".txt", NULL);

  return g_test_build_filename (G_TEST_DIST, "data", "solomon", file, NULL);
}

static double
solomon_bks (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "solomon",
                                                 "solomon_bks_distance_only.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", 4);

      if (fields[0] && g_str_equal (fields[0], name) && fields[1] && fields[2])
        return g_ascii_strtod (fields[2], NULL);
    }

  g_assert_not_reached ();
}

static void
test_solomon_parse (void)
{
  g_autofree char *path = solomon_path ("C101");
  g_autoptr(OnsitePlanProblem) problem = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const OnsitePlanVisit *v;

  problem = onsite_solomon_load (path, &name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "C101");
  g_assert_cmpuint (onsite_plan_problem_get_n_visits (problem), ==, 100);
  g_assert_cmpuint (onsite_plan_problem_get_n_technicians (problem), ==, 25);
  g_assert_cmpfloat (onsite_plan_problem_get_technician (problem, 0)->capacity, ==, 200);
  g_assert_cmpfloat (onsite_plan_problem_get_technician (problem, 0)->shift_end, ==, 1236);
  v = onsite_plan_problem_get_visit (problem, 0);
  g_assert_cmpint (v->id, ==, 1);
  g_assert_cmpfloat (v->window_start, ==, 912);
  g_assert_cmpfloat (v->window_end, ==, 967);
  g_assert_cmpfloat (v->duration, ==, 90);
  /* customer 1 at (45, 68), depot at (40, 50) */
  g_assert_cmpfloat_with_epsilon (onsite_plan_problem_get_travel (problem, 0, 1), hypot (5, 18), 1e-12);

  g_assert_null (onsite_solomon_parse ("C1\n\nVEHICLE\n", -1, NULL, &error));
  g_assert_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (onsite_solomon_parse ("X\n25 200\n0 1 1 0 0 100 0\n2 1 1 0 0 100 0\n", -1, NULL, &error));
  g_assert_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_PARSE);
  g_clear_error (&error);
}

static void
test_determinism (void)
{
  g_autofree char *path = solomon_path ("R101");
  g_autoptr(OnsitePlanProblem) problem = onsite_solomon_load (path, NULL, NULL);
  g_autoptr(OnsitePlanSolution) a = solve (problem, NULL, 3000);
  g_autoptr(OnsitePlanSolution) b = solve (problem, NULL, 3000);

  g_assert_cmpfloat (onsite_plan_solution_get_travel (a), ==, onsite_plan_solution_get_travel (b));
  for (guint k = 0; k < onsite_plan_solution_get_n_routes (a); k++)
    {
      const OnsitePlanRoute *ra = onsite_plan_solution_get_route (a, k);
      const OnsitePlanRoute *rb = onsite_plan_solution_get_route (b, k);

      g_assert_cmpuint (ra->stops->len, ==, rb->stops->len);
      for (guint i = 0; i < ra->stops->len; i++)
        g_assert_cmpuint (g_array_index (ra->stops, OnsitePlanStop, i).visit, ==,
                          g_array_index (rb->stops, OnsitePlanStop, i).visit);
    }

  /* and a different seed explores differently */
  {
    g_autoptr(OnsitePlanner) planner = onsite_planner_new (problem);
    g_autoptr(OnsitePlanSolution) c = NULL;

    onsite_planner_set_time_limit (planner, 0);
    onsite_planner_set_max_iterations (planner, g_getenv ("IT") ? atoi (g_getenv ("IT")) : 3000);
    onsite_planner_set_seed (planner, 99);
    c = onsite_planner_solve (planner, NULL, NULL);
    g_assert_nonnull (c);
    g_assert_cmpfloat (onsite_plan_solution_get_travel (c), !=, onsite_plan_solution_get_travel (a));
  }
}

typedef struct
{
  GMainLoop          *loop;
  OnsitePlanSolution *solution;
  GError             *error;
  guint               progress;
  GThread            *main_thread;
} AsyncState;

static void
on_progress (OnsitePlanner *planner,
             double         fraction,
             gboolean       improved,
             AsyncState    *state)
{
  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_cmpfloat (fraction, >=, 0);
  g_assert_cmpfloat (fraction, <=, 1);
  state->progress++;
}

static void
on_solved (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->solution = onsite_planner_solve_finish (ONSITE_PLANNER (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autofree char *path = solomon_path ("RC201");
  g_autoptr(OnsitePlanProblem) problem = onsite_solomon_load (path, NULL, NULL);
  g_autoptr(OnsitePlanner) planner = onsite_planner_new (problem);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(OnsitePlanSolution) best = NULL;
  AsyncState state = { 0 };
  gint64 begin;

  state.loop = g_main_loop_new (NULL, FALSE);
  state.main_thread = g_thread_self ();
  g_signal_connect (planner, "progress", G_CALLBACK (on_progress), &state);

  onsite_planner_set_time_limit (planner, 60);
  begin = g_get_monotonic_time ();
  onsite_planner_solve_async (planner, cancellable, on_solved, &state);
  g_timeout_add (300, cancel_later, cancellable);
  g_main_loop_run (state.loop);

  g_assert_cmpint (g_get_monotonic_time () - begin, <, 3 * G_USEC_PER_SEC);
  g_assert_null (state.solution);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (state.progress, >, 0);

  best = onsite_planner_dup_best (planner);
  g_assert_nonnull (best);
  checked_travel (best);
  g_assert_cmpuint (onsite_plan_solution_get_n_unassigned (best), ==, 0);

  g_clear_error (&state.error);
  g_main_loop_unref (state.loop);
}

static void
test_async (void)
{
  g_autofree char *path = solomon_path ("C101");
  g_autoptr(OnsitePlanProblem) problem = onsite_solomon_load (path, NULL, NULL);
  g_autoptr(OnsitePlanner) planner = onsite_planner_new (problem);
  AsyncState state = { 0 };

  state.loop = g_main_loop_new (NULL, FALSE);
  state.main_thread = g_thread_self ();
  onsite_planner_set_time_limit (planner, 0.2);
  onsite_planner_solve_async (planner, NULL, on_solved, &state);
  g_main_loop_run (state.loop);

  g_assert_no_error (state.error);
  g_assert_nonnull (state.solution);
  checked_travel (state.solution);
  g_assert_cmpuint (onsite_plan_solution_get_n_served (state.solution), ==, 100);

  g_clear_pointer (&state.solution, onsite_plan_solution_unref);
  g_main_loop_unref (state.loop);
}

static void
test_solomon_quick (void)
{
  const char *names[] = { "C101", "C204", "R101", "R205", "RC105", "RC201" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = solomon_path (names[i]);
      g_autoptr(OnsitePlanProblem) problem = onsite_solomon_load (path, NULL, NULL);
      g_autoptr(OnsitePlanner) planner = onsite_planner_new (problem);
      g_autoptr(OnsitePlanSolution) solution = NULL;
      g_autoptr(GError) error = NULL;
      double bks = solomon_bks (names[i]);
      double gap;

      onsite_planner_set_time_limit (planner, 0.5);
      solution = onsite_planner_solve (planner, NULL, &error);
      g_assert_no_error (error);
      gap = (checked_travel (solution) - bks) / bks;
      g_test_message ("%s: %.2f (best known %.2f, gap %+.2f %%)",
                      names[i], onsite_plan_solution_get_travel (solution), bks, 100 * gap);
      g_assert_cmpuint (onsite_plan_solution_get_n_unassigned (solution), ==, 0);
      g_assert_cmpuint (onsite_plan_solution_get_n_used_routes (solution), <=, 25);
      g_assert_cmpfloat (gap, <, 0.05);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/planner/check", test_check);
  g_test_add_func ("/planner/check-shift-skills", test_check_shift_and_skills);
  g_test_add_func ("/planner/move/relocate", test_move_relocate);
  g_test_add_func ("/planner/move/exchange", test_move_exchange);
  g_test_add_func ("/planner/move/two-opt", test_move_two_opt);
  g_test_add_func ("/planner/move/or-opt", test_move_or_opt);
  g_test_add_func ("/planner/move/two-opt-star", test_move_two_opt_star);
  g_test_add_func ("/planner/move/cross-exchange", test_move_cross);
  g_test_add_func ("/planner/skills", test_skills);
  g_test_add_func ("/planner/pinning", test_pinning);
  g_test_add_func ("/planner/nowhere-breaks", test_nowhere_breaks);
  g_test_add_func ("/planner/replan-keeps-fixed", test_replan_keeps_fixed);
  g_test_add_func ("/planner/unassigned-reasons", test_unassigned_reasons);
  g_test_add_func ("/planner/sla", test_sla);
  g_test_add_func ("/planner/solomon/parse", test_solomon_parse);
  g_test_add_func ("/planner/determinism", test_determinism);
  g_test_add_func ("/planner/async", test_async);
  g_test_add_func ("/planner/cancel", test_cancel);
  g_test_add_func ("/planner/solomon/quick", test_solomon_quick);

  return g_test_run ();
}
