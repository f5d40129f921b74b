/* onsitectl-plan.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsitectl"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "onsitectl-private.h"
#include "planning/onsite-planner.h"
#include "planning/onsite-solomon.h"

/*
 * onsitectl solve-vrptw FILE: plans one of Solomon's VRPTW instances with
 * the app's own planner, for the benchmark (build-aux/solomon-bench.py).
 * Needs no database.
 */

static void
print_json (const char         *name,
            OnsitePlanProblem  *problem,
            OnsitePlanSolution *solution,
            double              seconds)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *escaped = g_strescape (name, NULL);
  gboolean first_route = TRUE;

  g_string_append_printf (out, "{\"instance\": \"%s\", \"vehicles\": %u, ",
                          escaped, onsite_plan_solution_get_n_used_routes (solution));
  g_string_append (out, "\"distance\": ");
  g_string_append_printf (out, "%.2f", onsite_plan_solution_get_travel (solution));
  g_string_append (out, ", \"routes\": [");

  for (guint k = 0; k < onsite_plan_solution_get_n_routes (solution); k++)
    {
      const OnsitePlanRoute *route = onsite_plan_solution_get_route (solution, k);

      if (route->stops->len == 0)
        continue;
      g_string_append (out, first_route ? "[" : ", [");
      first_route = FALSE;
      for (guint i = 0; i < route->stops->len; i++)
        {
          guint visit = g_array_index (route->stops, OnsitePlanStop, i).visit;

          g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? ", " : "",
                                  onsite_plan_problem_get_visit (problem, visit)->id);
        }
      g_string_append (out, "]");
    }

  g_string_append (out, "], \"unassigned\": [");
  for (guint i = 0; i < onsite_plan_solution_get_n_unassigned (solution); i++)
    {
      guint visit = onsite_plan_solution_get_unassigned (solution, i, NULL);

      g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? ", " : "",
                              onsite_plan_problem_get_visit (problem, visit)->id);
    }
  g_string_append_printf (out, "], \"seconds\": %.2f}\n", seconds);

  fputs (out->str, stdout);
}

static void
print_text (const char         *name,
            OnsitePlanProblem  *problem,
            OnsitePlanSolution *solution,
            double              seconds,
            guint64             iterations)
{
  guint n = 0;

  g_print ("%s\n", name);
  for (guint k = 0; k < onsite_plan_solution_get_n_routes (solution); k++)
    {
      const OnsitePlanRoute *route = onsite_plan_solution_get_route (solution, k);

      if (route->stops->len == 0)
        continue;
      g_print (_("Route %u:"), ++n);
      for (guint i = 0; i < route->stops->len; i++)
        {
          guint visit = g_array_index (route->stops, OnsitePlanStop, i).visit;

          g_print (" %" G_GINT64_FORMAT, onsite_plan_problem_get_visit (problem, visit)->id);
        }
      g_print ("\n");
    }

  for (guint i = 0; i < onsite_plan_solution_get_n_unassigned (solution); i++)
    {
      OnsitePlanUnassignedReason reason;
      guint visit = onsite_plan_solution_get_unassigned (solution, i, &reason);

      g_print (_("Unassigned: %" G_GINT64_FORMAT " (%s)\n"),
               onsite_plan_problem_get_visit (problem, visit)->id,
               onsite_plan_unassigned_reason_to_string (reason));
    }

  g_print (_("Vehicles: %u\n"), onsite_plan_solution_get_n_used_routes (solution));
  g_print (_("Distance: %.2f\n"), onsite_plan_solution_get_travel (solution));
  g_print (_("Time: %.2f s (%" G_GUINT64_FORMAT " iterations)\n"), seconds, iterations);
}

int
onsitectl_cmd_solve_vrptw (OnsitectlContext  *ctx,
                           int                argc,
                           char             **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsitePlanProblem) problem = NULL;
  g_autoptr(OnsitePlanner) planner = NULL;
  g_autoptr(OnsitePlanSolution) solution = NULL;
  g_autofree char *name = NULL;
  double time_limit = 1.0;
  gint64 seed = 1;
  gint64 iterations = 0;
  gboolean json = FALSE;
  gint64 begin;
  double seconds;
  const GOptionEntry entries[] = {
    { "time-limit", 0, 0, G_OPTION_ARG_DOUBLE, &time_limit,
      N_("Seconds for the whole search (default 1)"), N_("SECONDS") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the random choices (default 1)"), N_("N") },
    { "iterations", 0, 0, G_OPTION_ARG_INT64, &iterations,
      N_("Stop after N iterations, for exactly reproducible runs"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object"), NULL },
    { NULL }
  };

  if (!onsitectl_parse_options (ctx, _("FILE — plan a Solomon VRPTW instance"), entries, &argc, &argv))
    return ONSITECTL_EXIT_USAGE;

  if (argc != 2 || time_limit < 0 || seed < 0 || iterations < 0)
    {
      g_printerr (_("Usage: onsitectl solve-vrptw FILE [--time-limit SECONDS] [--seed N] [--iterations N] [--json]\n"));
      return ONSITECTL_EXIT_USAGE;
    }

  problem = onsite_solomon_load (argv[1], &name, &error);
  if (problem == NULL)
    return onsitectl_fail ("%s: %s", argv[1], error->message);

  begin = g_get_monotonic_time ();
  planner = onsite_planner_new (problem);
  onsite_planner_set_time_limit (planner, time_limit);
  onsite_planner_set_seed (planner, (guint64) seed);
  onsite_planner_set_max_iterations (planner, (guint64) iterations);
  solution = onsite_planner_solve (planner, NULL, &error);
  seconds = (g_get_monotonic_time () - begin) / (double) G_USEC_PER_SEC;

  if (solution == NULL)
    return onsitectl_fail_error (error);

  if (json || ctx->json)
    print_json (name, problem, solution, seconds);
  else
    print_text (name, problem, solution, seconds, onsite_planner_get_iterations (planner));

  return 0;
}
