/* onsite-bench-replan.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Re-planning a day in the store after one change, end to end: reading the
 * day from SQLite, building the planner's problem (travel included), the
 * search from the current plan, and the diff. A day of about 100 visits for
 * 14 technicians is planned and applied first; then an urgent ticket comes
 * in, or a technician calls in sick, and the day is planned again.
 *
 *   onsite-bench-replan [--budget MS] [--seed N]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>

#include "onsite-store-dispatch.h"
#include "onsite-ticket-private.h"
#include "planning/onsite-day-planner.h"

/* Monday 23 November 2026, 00:00 UTC; the benchmark runs in UTC. */
#define DAY ((gint64) 1795392000)
#define AT(h, m) (DAY + (h) * 3600 + (m) * 60)
#define N_TECHS 14
#define N_TICKETS 100

static const char * const categories[] = { "printer", "laptop", "phone", "network", "printer", "phone" };
static const char * const skill_sets[][4] = {
  { "printer", "laptop", "phone" },
  { "network", "phone", "printer" },
  { "laptop", "network", "phone" },
};

static gint64
add_ticket (OnsiteStore *store,
            GRand       *rand,
            int          n,
            int          priority,
            gint64       due)
{
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(GError) error = NULL;

  ticket->remote_id = g_strdup_printf ("B-%d", n);
  ticket->remote_version = g_strdup ("1");
  ticket->title = g_strdup_printf ("Ticket %d", n);
  ticket->description = g_strdup ("");
  ticket->requester = g_strdup ("Bench");
  ticket->category = g_strdup (categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))]);
  ticket->priority = priority;
  ticket->status = ONSITE_TICKET_STATUS_OPEN;
  ticket->created = DAY - 3600;
  ticket->updated = DAY - 3600;
  ticket->sla_due = due;
  ticket->site_name = g_strdup_printf ("Site %d", n);
  ticket->address = g_strdup ("Milano");
  ticket->has_location = TRUE;
  /* A 14 × 12 km city. */
  ticket->latitude = 45.41 + g_rand_double_range (rand, 0, 0.11);
  ticket->longitude = 9.11 + g_rand_double_range (rand, 0, 0.18);

  if (!onsite_store_insert_ticket (store, ticket, &error))
    g_error ("%s", error->message);

  return onsite_ticket_get_id (ticket);
}

typedef struct
{
  double            load_ms;
  double            plan_ms;
  OnsiteDayPlan    *plan;
} Run;

static void
replan (OnsiteStore *store,
        guint64      seed,
        double       budget_s,
        guint64      iterations,
        Run         *run)
{
  g_autoptr(OnsiteDayPlanner) planner = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (DAY + 12 * 3600);
  g_autoptr(GError) error = NULL;
  OnsiteDayPlanOptions options;
  gint64 t0, t1, t2;

  onsite_day_plan_options_init (&options);
  options.now = AT (7, 0);
  options.seed = seed;
  options.time_limit = budget_s;
  options.max_iterations = iterations;

  t0 = g_get_monotonic_time ();
  planner = onsite_day_planner_new (&options);
  if (!onsite_day_planner_load (planner, store, date, &error))
    g_error ("%s", error->message);
  t1 = g_get_monotonic_time ();
  if (!(run->plan = onsite_day_planner_plan (planner, NULL, &error)))
    g_error ("%s", error->message);
  t2 = g_get_monotonic_time ();

  run->load_ms = (t1 - t0) / 1000.0;
  run->plan_ms = (t2 - t1) / 1000.0;
}

static void
report (const char *label,
        Run        *run)
{
  OnsiteDayPlanTotals before, after;

  onsite_day_plan_get_totals (run->plan, &before, &after);
  g_print ("| %s | %.0f ms | %.0f ms | %.0f ms | %u / %u / %u | %u → %u | %u → %u | %d → %d min |\n",
           label, run->load_ms, run->plan_ms, run->load_ms + run->plan_ms,
           onsite_day_plan_count (run->plan, ONSITE_DAY_PLAN_MOVED),
           onsite_day_plan_count (run->plan, ONSITE_DAY_PLAN_ADDED),
           onsite_day_plan_count (run->plan, ONSITE_DAY_PLAN_UNASSIGNED),
           before.served, after.served, before.breaches, after.breaches,
           before.travel_seconds / 60, after.travel_seconds / 60);
}

int
main (int   argc,
      char *argv[])
{
  static const OnsiteWorkPeriod hours[] = { { 1, 8 * 60, 12 * 60 + 30 }, { 1, 13 * 60 + 30, 17 * 60 + 30 } };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gint64 techs[N_TECHS];
  int budget_ms = 150;
  int seed = 1;
  GOptionEntry entries[] = {
    { "budget", 0, 0, G_OPTION_ARG_INT, &budget_ms, "Search time of a re-plan, ms (150)", "MS" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the day and the planner (1)", "N" },
    { NULL }
  };
  Run run = { 0 };

  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  context = g_option_context_new ("— re-plan a 100-visit day after one change");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("onsite-bench-replan-XXXXXX", &error);
  path = g_build_filename (dir, "onsite.db", NULL);
  if (!(store = onsite_store_open (path, &error)))
    g_error ("%s", error->message);

  rand = g_rand_new_with_seed (seed);
  for (int k = 0; k < N_TECHS; k++)
    {
      g_autofree char *name = g_strdup_printf ("Technician %02d", k + 1);
      OnsiteTechnician tech = {
        .name = name,
        .remote_id = name,
        .has_home = TRUE,
        .home_latitude = 45.41 + g_rand_double_range (rand, 0, 0.11),
        .home_longitude = 9.11 + g_rand_double_range (rand, 0, 0.18),
        .skills = skill_sets[k % G_N_ELEMENTS (skill_sets)],
        .hours = hours,
        .n_hours = G_N_ELEMENTS (hours),
      };

      if (!(techs[k] = onsite_store_add_tech (store, &tech, "bench", &error)))
        g_error ("%s", error->message);
    }

  for (int i = 0; i < N_TICKETS; i++)
    add_ticket (store, rand, i, g_rand_int_range (rand, 2, 5),
                AT (g_rand_int_range (rand, 9, 18), 0));

  /* The morning's plan, accepted as it is. */
  replan (store, seed, 2.0, 0, &run);
  report ("morning plan, 2 s", &run);
  onsite_day_plan_apply (run.plan, store, FALSE, "bench", &error);
  g_assert_no_error (error);
  g_clear_object (&run.plan);

  replan (store, seed, budget_ms / 1000.0, 0, &run);
  report ("nothing changed: re-plan", &run);
  g_clear_object (&run.plan);

  /* An urgent ticket comes in. */
  add_ticket (store, rand, N_TICKETS, 1, AT (10, 0));
  replan (store, seed, 0, 1, &run);
  report ("urgent ticket added: first plan", &run);
  g_clear_object (&run.plan);
  replan (store, seed, budget_ms / 1000.0, 0, &run);
  report ("urgent ticket added: re-plan", &run);
  onsite_day_plan_apply (run.plan, store, FALSE, "bench", &error);
  g_assert_no_error (error);
  g_clear_object (&run.plan);

  /* A technician calls in sick. */
  onsite_store_add_absence (store, techs[3], AT (0, 0), AT (24, 0), "Sick", "bench", &error);
  g_assert_no_error (error);
  replan (store, seed, 0, 1, &run);
  report ("technician off sick: first plan", &run);
  g_clear_object (&run.plan);
  replan (store, seed, budget_ms / 1000.0, 0, &run);
  report ("technician off sick: re-plan", &run);
  g_clear_object (&run.plan);

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
    g_remove (path);
    g_rmdir (dir);
  }

  return 0;
}
