/* onsite-bench-planner.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The day planner at the scale of a real dispatch desk, on generated days
 * (the Solomon benchmark is build-aux/solomon-bench.py):
 *
 * - a big day: 1,000 visits and 50 technicians; the time to the first
 *   feasible plan and the plan after --long seconds;
 * - a re-plan: a 100-visit day planned for a second, then one change (an
 *   urgent visit added, a technician off sick, a visit running long), each
 *   re-planned from the current plan with a 200 ms budget; the time to the
 *   first plan that places the change and the result after the budget,
 *   against a fresh full-length plan of the changed day.
 *
 *   _build/bench/onsite-bench-planner [--long 10] [--seed 1]
 */

#define G_LOG_DOMAIN "onsite-bench-planner"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "planning/onsite-planner.h"

static double long_seconds = 10;
static gint64 seed = 1;

static const GOptionEntry entries[] = {
  { "long", 0, 0, G_OPTION_ARG_DOUBLE, &long_seconds, "Seconds for the full plan of the big day", "S" },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the generated days", "N" },
  { NULL }
};

typedef struct
{
  guint n_visits;
  guint n_technicians;
  double x[2000];
  double y[2000];
  OnsitePlanVisit visits[1100];
  OnsitePlanTechnician technicians[60];
} Day;

/* A city 40 km across, driven at 30 km/h; a day from 8:00 to 17:00 in
 * seconds; half of the visits have a two-hour window, a fifth an SLA due
 * time, a third need one of four skills. Technicians start from home. */
static void
make_day (Day   *day,
          guint  n_visits,
          guint  n_technicians,
          GRand *rand)
{
  guint64 skills[4] = { 1, 2, 4, 8 };

  day->n_visits = n_visits;
  day->n_technicians = n_technicians;

  for (guint i = 0; i < n_visits + n_technicians; i++)
    {
      day->x[i] = g_rand_double_range (rand, 0, 40000);
      day->y[i] = g_rand_double_range (rand, 0, 40000);
    }

  for (guint i = 0; i < n_visits; i++)
    {
      OnsitePlanVisit *v = &day->visits[i];

      onsite_plan_visit_init (v);
      v->location = i;
      v->duration = 60 * g_rand_int_range (rand, 10, 31);
      v->priority = g_rand_int_range (rand, 1, 5);
      v->id = i;
      if (g_rand_boolean (rand))
        {
          double start = 8 * 3600 + 3600 * g_rand_int_range (rand, 0, 7);

          v->window_start = start;
          v->window_end = start + 2 * 3600;
        }
      if (g_rand_int_range (rand, 0, 5) == 0)
        v->due = 8 * 3600 + 3600 * g_rand_int_range (rand, 2, 9);
      if (g_rand_int_range (rand, 0, 3) == 0)
        v->skills = skills[g_rand_int_range (rand, 0, 4)];
    }

  for (guint k = 0; k < n_technicians; k++)
    {
      OnsitePlanTechnician *t = &day->technicians[k];

      onsite_plan_technician_init (t);
      t->start_location = t->end_location = n_visits + k;
      t->shift_start = 8 * 3600;
      t->shift_end = 17 * 3600;
      t->skills = skills[k % 4] | skills[(k + 1) % 4];
      t->id = k;
    }
}

static double
travel (guint    from,
        guint    to,
        gpointer user_data)
{
  Day *day = user_data;

  return hypot (day->x[from] - day->x[to], day->y[from] - day->y[to]) / (30 / 3.6);
}

static OnsitePlanProblem *
make_problem (Day *day)
{
  OnsitePlanProblem *problem = onsite_plan_problem_new (day->n_visits + day->n_technicians);

  onsite_plan_problem_set_travel_func (problem, travel, day);
  for (guint i = 0; i < day->n_visits; i++)
    onsite_plan_problem_add_visit (problem, &day->visits[i]);
  for (guint k = 0; k < day->n_technicians; k++)
    onsite_plan_problem_add_technician (problem, &day->technicians[k]);

  return problem;
}

static OnsitePlanSolution *
run (OnsitePlanProblem  *problem,
     OnsitePlanSolution *initial,
     double              seconds,
     guint64             iterations,
     double             *elapsed)
{
  g_autoptr(OnsitePlanner) planner = onsite_planner_new (problem);
  g_autoptr(GError) error = NULL;
  OnsitePlanSolution *solution;
  gint64 begin = g_get_monotonic_time ();

  onsite_planner_set_time_limit (planner, seconds);
  onsite_planner_set_max_iterations (planner, iterations);
  onsite_planner_set_initial (planner, initial);
  solution = onsite_planner_solve (planner, NULL, &error);
  *elapsed = (g_get_monotonic_time () - begin) / 1e3;
  if (solution == NULL)
    g_error ("%s", error->message);

  return solution;
}

static void
report (const char         *what,
        OnsitePlanSolution *solution,
        double              ms)
{
  printf ("| %s | %.0f ms | %u | %u | %u | %.0f min | %.0f min |\n", what, ms,
          onsite_plan_solution_get_n_served (solution),
          onsite_plan_solution_get_n_unassigned (solution),
          onsite_plan_solution_get_n_breaches (solution),
          onsite_plan_solution_get_lateness (solution) / 60,
          onsite_plan_solution_get_travel (solution) / 60);
}

/* The current plan carried over to the changed day's problem. */
static OnsitePlanSolution *
carry_over (OnsitePlanSolution *plan,
            OnsitePlanProblem  *changed,
            int                 drop_technician)
{
  OnsitePlanSolution *solution = onsite_plan_solution_new (changed);

  for (guint k = 0; k < onsite_plan_solution_get_n_routes (plan); k++)
    {
      const OnsitePlanRoute *route = onsite_plan_solution_get_route (plan, k);
      g_autofree guint *visits = g_new (guint, route->stops->len + 1);

      if ((int) k == drop_technician)
        continue;
      for (guint i = 0; i < route->stops->len; i++)
        visits[i] = g_array_index (route->stops, OnsitePlanStop, i).visit;
      onsite_plan_solution_set_route (solution, k, visits, route->stops->len, NULL);
    }

  return solution;
}

static void
replan (const char         *what,
        Day                *day,
        OnsitePlanSolution *plan,
        int                 drop_technician)
{
  g_autoptr(OnsitePlanProblem) changed = make_problem (day);
  g_autoptr(OnsitePlanSolution) initial = carry_over (plan, changed, drop_technician);
  g_autoptr(OnsitePlanSolution) first = NULL;
  g_autoptr(OnsitePlanSolution) quick = NULL;
  g_autoptr(OnsitePlanSolution) fresh = NULL;
  g_autofree char *label = NULL;
  double ms;

  first = run (changed, initial, 0, 1, &ms);
  label = g_strdup_printf ("%s: first plan", what);
  report (label, first, ms);
  g_free (label);

  quick = run (changed, initial, 0.2, 0, &ms);
  label = g_strdup_printf ("%s: re-plan, 200 ms budget", what);
  report (label, quick, ms);
  g_free (label);

  fresh = run (changed, NULL, 1, 0, &ms);
  label = g_strdup_printf ("%s: fresh plan, 1 s", what);
  report (label, fresh, ms);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— measure the day planner");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree Day *day = g_new0 (Day, 1);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  rand = g_rand_new_with_seed ((guint32) seed);

  printf ("| Case | Time | Served | Unassigned | SLA breaches | Lateness | Travel |\n");
  printf ("|---|---:|---:|---:|---:|---:|---:|\n");

  /* the big day */
  {
    g_autoptr(OnsitePlanProblem) problem = NULL;
    g_autoptr(OnsitePlanSolution) first = NULL;
    g_autoptr(OnsitePlanSolution) final = NULL;
    g_autofree char *label = NULL;
    gint64 begin = g_get_monotonic_time ();
    double ms;

    make_day (day, 1000, 50, rand);
    problem = make_problem (day);
    ms = (g_get_monotonic_time () - begin) / 1e3;
    printf ("| 1,000 visits, 50 technicians: travel matrix | %.0f ms | | | | | |\n", ms);

    first = run (problem, NULL, 0, 1, &ms);
    report ("1,000 visits, 50 technicians: first plan", first, ms);
    final = run (problem, NULL, long_seconds, 0, &ms);
    label = g_strdup_printf ("1,000 visits, 50 technicians: %g s", long_seconds);
    report (label, final, ms);
  }

  /* a day of 100 visits for 8 technicians, then one change at a time */
  {
    g_autoptr(OnsitePlanProblem) problem = NULL;
    g_autoptr(OnsitePlanSolution) plan = NULL;
    double ms;

    make_day (day, 100, 8, rand);
    problem = make_problem (day);
    plan = run (problem, NULL, 1, 0, &ms);
    report ("100 visits, 8 technicians: plan, 1 s", plan, ms);

    /* an urgent visit comes in: the day gains a visit (and its place) */
    {
      Day *changed = g_memdup2 (day, sizeof *day);
      OnsitePlanVisit *v = &changed->visits[100];

      onsite_plan_visit_init (v);
      v->duration = 45 * 60;
      v->priority = 1;
      v->due = 11 * 3600;
      changed->n_visits = 101;
      /* keep the technicians' homes where they were */
      for (guint k = 0; k < changed->n_technicians; k++)
        {
          changed->x[101 + k] = day->x[100 + k];
          changed->y[101 + k] = day->y[100 + k];
          changed->technicians[k].start_location = changed->technicians[k].end_location = 101 + k;
        }
      changed->x[100] = 20000;
      changed->y[100] = 20000;
      v->location = 100;
      replan ("urgent visit added", changed, plan, -1);
      g_free (changed);
    }

    /* technician 3 is off sick: a zero-length shift */
    {
      Day *changed = g_memdup2 (day, sizeof *day);

      changed->technicians[3].shift_end = changed->technicians[3].shift_start;
      replan ("technician off sick", changed, plan, 3);
      g_free (changed);
    }

    /* the first visit of technician 0 runs two hours long */
    {
      Day *changed = g_memdup2 (day, sizeof *day);
      const OnsitePlanRoute *route = onsite_plan_solution_get_route (plan, 0);

      if (route->stops->len > 0)
        {
          guint x = g_array_index (route->stops, OnsitePlanStop, 0).visit;

          changed->visits[x].duration += 2 * 3600;
          changed->visits[x].in_progress = TRUE;
          changed->visits[x].pinned_technician = 0;
          changed->visits[x].pinned_time = g_array_index (route->stops, OnsitePlanStop, 0).start;
        }
      replan ("visit running 2 h long", changed, plan, -1);
      g_free (changed);
    }
  }

  return 0;
}
