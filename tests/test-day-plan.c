/* test-day-plan.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Planning a day from the store: the problem made of technicians, visits
 * and open tickets, the proposal as a diff, and applying a part of it
 * through the dispatch store functions. Real SQLite files, no mocks.
 */

#include "config.h"

#include <sqlite3.h>

#include "onsite-demo.h"
#include "onsite-store-dispatch.h"
#include "onsite-store-private.h"
#include "onsite-ticket-private.h"
#include "planning/onsite-day-planner.h"

/* Monday 23 November 2026, 00:00 UTC (the tests run with TZ=UTC). */
#define DAY ((gint64) 1795392000)
#define AT(h, m) (DAY + (h) * 3600 + (m) * 60)

typedef struct
{
  OnsiteStore *store;
  gint64       anna;     /* printer, 8–12 and 13–17 */
  gint64       bruno;    /* network, 8–17 */
  gint64       v1;       /* printer visit on Bruno, who lacks the skill */
  gint64       v2;       /* network visit on Bruno, pinned */
  gint64       v3;       /* network visit on Anna, on site now */
  gint64       t4;       /* printer ticket without a visit, due at noon */
  gint64       t5;       /* cabling ticket nobody can do */
  gint64       v6;       /* audio-video visit on Bruno, nobody has the skill */
  gint64       t7;       /* printer ticket due tomorrow: not today's */
  gint64       t1, t2, t3, t6;
} Day;

static OnsiteStore *
open_store (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  OnsiteStore *store = onsite_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
add_ticket (OnsiteStore *store,
            const char  *title,
            const char  *category,
            int          priority,
            gint64       due,
            double       latitude,
            double       longitude)
{
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(GError) error = NULL;
  static guint n;

  ticket->remote_id = g_strdup_printf ("RT-%u", ++n);
  ticket->remote_version = g_strdup ("1");
  ticket->title = g_strdup (title);
  ticket->description = g_strdup ("");
  ticket->requester = g_strdup ("Giulia Ferri");
  ticket->category = g_strdup (category);
  ticket->priority = priority;
  ticket->status = ONSITE_TICKET_STATUS_OPEN;
  ticket->created = DAY - 86400;
  ticket->updated = DAY - 86400;
  ticket->sla_due = due;
  ticket->site_name = g_strdup_printf ("Site of %s", title);
  ticket->address = g_strdup ("Milano");
  ticket->has_location = TRUE;
  ticket->latitude = latitude;
  ticket->longitude = longitude;

  g_assert_true (onsite_store_insert_ticket (store, ticket, &error));
  g_assert_no_error (error);

  return onsite_ticket_get_id (ticket);
}

static gint64
add_tech (OnsiteStore            *store,
          const char             *name,
          const char * const     *skills,
          const OnsiteWorkPeriod *hours,
          gsize                   n_hours,
          double                  latitude,
          double                  longitude)
{
  OnsiteTechnician tech = {
    .name = name,
    .remote_id = name,
    .has_home = TRUE,
    .home_latitude = latitude,
    .home_longitude = longitude,
    .skills = skills,
    .hours = hours,
    .n_hours = n_hours,
  };
  g_autoptr(GError) error = NULL;
  gint64 id = onsite_store_add_tech (store, &tech, "test", &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
assign (OnsiteStore *store,
        gint64       ticket,
        gint64       tech,
        gint64       start,
        gint64       end)
{
  g_autoptr(GError) error = NULL;
  gint64 visit = onsite_store_assign_ticket (store, ticket, tech, start, end, "test", &error);

  g_assert_no_error (error);
  g_assert_cmpint (visit, >, 0);
  return visit;
}

static void
exec_sql (OnsiteStore *store,
          const char  *sql)
{
  g_assert_cmpint (sqlite3_exec (_onsite_store_get_db (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
make_day (Day *d)
{
  static const char * const printer[] = { "printer", NULL };
  static const char * const network[] = { "network", NULL };
  static const OnsiteWorkPeriod anna_hours[] = { { 1, 8 * 60, 12 * 60 }, { 1, 13 * 60, 17 * 60 } };
  static const OnsiteWorkPeriod bruno_hours[] = { { 1, 8 * 60, 17 * 60 } };
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  memset (d, 0, sizeof *d);
  d->store = open_store ("day.db");

  d->anna = add_tech (d->store, "Anna Printer", printer, anna_hours, G_N_ELEMENTS (anna_hours), 45.4640, 9.1900);
  d->bruno = add_tech (d->store, "Bruno Network", network, bruno_hours, G_N_ELEMENTS (bruno_hours), 45.4800, 9.2200);

  d->t1 = add_ticket (d->store, "Printer jams <b>tray 2</b>", "printer", 2, AT (16, 0), 45.4700, 9.2000);
  d->t2 = add_ticket (d->store, "Switch in the basement", "network", 3, AT (18, 0), 45.4850, 9.2250);
  d->t3 = add_ticket (d->store, "Wi-Fi on floor 3", "network", 2, AT (12, 0), 45.4650, 9.1950);
  d->t4 = add_ticket (d->store, "Toner smears", "printer", 2, AT (12, 0), 45.4600, 9.1800);
  d->t5 = add_ticket (d->store, "New cable run", "cabling", 3, AT (17, 0), 45.4700, 9.2100);
  d->t6 = add_ticket (d->store, "Projector flickers", "audio-video", 3, AT (17, 0), 45.4750, 9.2150);
  d->t7 = add_ticket (d->store, "Printer offline", "printer", 4, AT (24 + 12, 0), 45.4680, 9.1850);

  d->v1 = assign (d->store, d->t1, d->bruno, AT (9, 0), AT (9, 45));
  d->v2 = assign (d->store, d->t2, d->bruno, AT (15, 0), AT (16, 0));
  d->v3 = assign (d->store, d->t3, d->anna, AT (10, 0), AT (11, 0));
  d->v6 = assign (d->store, d->t6, d->bruno, AT (11, 0), AT (12, 0));

  g_assert_true (onsite_store_set_visit_pinned (d->store, d->v2, TRUE, "test", &error));
  g_assert_no_error (error);

  sql = g_strdup_printf ("UPDATE visits SET state = 'on-site' WHERE id = %" G_GINT64_FORMAT, d->v3);
  exec_sql (d->store, sql);
}

static void
clear_day (Day *d)
{
  g_clear_object (&d->store);
}

static OnsiteDayPlan *
plan_day (OnsiteStore *store,
          guint64      seed,
          gint64       now)
{
  g_autoptr(OnsiteDayPlanner) planner = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (DAY + 12 * 3600);
  g_autoptr(GError) error = NULL;
  OnsiteDayPlanOptions options;
  OnsiteDayPlan *plan;

  onsite_day_plan_options_init (&options);
  options.seed = seed;
  options.time_limit = 0;
  options.max_iterations = 300;
  options.now = now;

  planner = onsite_day_planner_new (&options);
  g_assert_true (onsite_day_planner_load (planner, store, date, &error));
  g_assert_no_error (error);

  plan = onsite_day_planner_plan (planner, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  g_assert_true (onsite_day_plan_get_complete (plan));

  return plan;
}

static OnsiteDayPlanChange *
find_change (OnsiteDayPlan *plan,
             gint64         ticket_id)
{
  GListModel *changes = onsite_day_plan_get_changes (plan);

  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(OnsiteDayPlanChange) change = g_list_model_get_item (changes, i);

      if (onsite_day_plan_change_get_ticket_id (change) == ticket_id)
        return change;   /* the plan keeps it alive */
    }

  return NULL;
}

static gint64
count (OnsiteStore *store,
       const char  *table)
{
  g_autoptr(GError) error = NULL;
  gint64 n = onsite_store_count_rows (store, table, &error);

  g_assert_no_error (error);
  return n;
}

static void
test_diff (void)
{
  g_autoptr(OnsiteDayPlan) plan = NULL;
  OnsiteDayPlanChange *c;
  OnsiteDayPlanTotals before, after;
  OnsitePlanUnassignedReason reason;
  Day d;

  make_day (&d);
  plan = plan_day (d.store, 1, 0);

  /* Everything of the day is there once; the ticket due tomorrow is not. */
  g_assert_cmpuint (g_list_model_get_n_items (onsite_day_plan_get_changes (plan)), ==, 6);
  g_assert_null (find_change (plan, d.t7));

  /* The printer visit on the network technician goes to the printer one. */
  c = find_change (plan, d.t1);
  g_assert_cmpint (onsite_day_plan_change_get_kind (c), ==, ONSITE_DAY_PLAN_MOVED);
  g_assert_cmpint (onsite_day_plan_change_get_visit_id (c), ==, d.v1);
  g_assert_cmpint (onsite_day_plan_change_get_technician_before (c), ==, d.bruno);
  g_assert_cmpint (onsite_day_plan_change_get_technician_after (c), ==, d.anna);
  g_assert_cmpint (onsite_day_plan_change_get_end_after (c) - onsite_day_plan_change_get_start_after (c), ==, 45 * 60);
  g_assert_true (onsite_day_plan_change_get_applicable (c));
  g_assert_true (onsite_day_plan_change_get_selected (c));
  g_assert_cmpstr (onsite_day_plan_change_get_title (c), ==, "Printer jams <b>tray 2</b>");

  /* Pinned: stays with Bruno at 15:00, although it is his only skill's visit anyway. */
  c = find_change (plan, d.t2);
  g_assert_cmpint (onsite_day_plan_change_get_kind (c), ==, ONSITE_DAY_PLAN_UNCHANGED);
  g_assert_true (onsite_day_plan_change_get_fixed (c));
  g_assert_false (onsite_day_plan_change_get_applicable (c));
  g_assert_cmpint (onsite_day_plan_change_get_start_after (c), ==, AT (15, 0));
  g_assert_cmpint (onsite_day_plan_change_get_technician_after (c), ==, d.bruno);

  /* In progress: stays with Anna, who lacks the network skill. */
  c = find_change (plan, d.t3);
  g_assert_cmpint (onsite_day_plan_change_get_kind (c), ==, ONSITE_DAY_PLAN_UNCHANGED);
  g_assert_true (onsite_day_plan_change_get_fixed (c));
  g_assert_cmpint (onsite_day_plan_change_get_technician_after (c), ==, d.anna);
  g_assert_cmpint (onsite_day_plan_change_get_start_after (c), ==, AT (10, 0));

  /* The open printer ticket gets Anna, after her visit in progress. */
  c = find_change (plan, d.t4);
  g_assert_cmpint (onsite_day_plan_change_get_kind (c), ==, ONSITE_DAY_PLAN_ADDED);
  g_assert_cmpint (onsite_day_plan_change_get_visit_id (c), ==, 0);
  g_assert_cmpint (onsite_day_plan_change_get_technician_after (c), ==, d.anna);
  g_assert_cmpint (onsite_day_plan_change_get_start_after (c), >=, AT (11, 0));
  g_assert_cmpint (onsite_day_plan_change_get_end_after (c) - onsite_day_plan_change_get_start_after (c), ==, 45 * 60);
  /* Not in Anna's lunch break. */
  g_assert_true (onsite_day_plan_change_get_end_after (c) <= AT (12, 0) ||
                 onsite_day_plan_change_get_start_after (c) >= AT (13, 0));

  /* Nobody has the cabling skill: stays unassigned, nothing to apply. */
  c = find_change (plan, d.t5);
  g_assert_cmpint (onsite_day_plan_change_get_kind (c), ==, ONSITE_DAY_PLAN_UNASSIGNED);
  g_assert_false (onsite_day_plan_change_get_applicable (c));
  g_assert_true (onsite_day_plan_change_get_reason (c, &reason));
  g_assert_cmpint (reason, ==, ONSITE_PLAN_UNASSIGNED_NO_SKILLED_TECHNICIAN);
  g_assert_nonnull (strstr (onsite_day_plan_change_get_reason_text (c), "cabling"));

  /* A planned visit nobody is skilled for is taken off Bruno. */
  c = find_change (plan, d.t6);
  g_assert_cmpint (onsite_day_plan_change_get_kind (c), ==, ONSITE_DAY_PLAN_UNASSIGNED);
  g_assert_true (onsite_day_plan_change_get_applicable (c));
  g_assert_true (onsite_day_plan_change_get_reason (c, &reason));
  g_assert_cmpint (reason, ==, ONSITE_PLAN_UNASSIGNED_NO_SKILLED_TECHNICIAN);
  g_assert_nonnull (strstr (onsite_day_plan_change_get_reason_text (c), "audio-video"));

  g_assert_cmpuint (onsite_day_plan_count (plan, ONSITE_DAY_PLAN_MOVED), ==, 1);
  g_assert_cmpuint (onsite_day_plan_count (plan, ONSITE_DAY_PLAN_ADDED), ==, 1);
  g_assert_cmpuint (onsite_day_plan_count (plan, ONSITE_DAY_PLAN_UNASSIGNED), ==, 2);
  g_assert_cmpuint (onsite_day_plan_count (plan, ONSITE_DAY_PLAN_UNCHANGED), ==, 2);

  /* Before: v1, v2, v3, v6 served; v1 is late (9:00 < 16:00 due, no) — none late.
   * After: v1, v2, v3, t4 served, v6 off. */
  onsite_day_plan_get_totals (plan, &before, &after);
  g_assert_cmpuint (before.served, ==, 4);
  g_assert_cmpuint (after.served, ==, 4);
  g_assert_cmpuint (after.breaches, ==, 0);
  g_assert_cmpint (before.travel_seconds, >, 0);
  g_assert_cmpint (after.travel_seconds, >, 0);

  clear_day (&d);
}

static void
test_apply_subset (void)
{
  g_autoptr(OnsiteDayPlan) plan = NULL;
  g_autoptr(OnsiteVisit) v1 = NULL;
  g_autoptr(OnsiteVisit) v2 = NULL;
  g_autoptr(OnsiteVisit) v3 = NULL;
  g_autoptr(OnsiteVisit) v6 = NULL;
  g_autoptr(OnsiteVisit) v4 = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteDayPlanChange *moved, *added;
  OnsiteDayPlanTotals all, selected;
  gint64 outbox, events;
  guint n;
  Day d;

  make_day (&d);
  plan = plan_day (d.store, 1, 0);

  /* The dispatcher unchecks the move. */
  moved = find_change (plan, d.t1);
  onsite_day_plan_change_set_selected (moved, FALSE);
  added = find_change (plan, d.t4);

  onsite_day_plan_compute_totals (plan, FALSE, &all);
  onsite_day_plan_compute_totals (plan, TRUE, &selected);
  g_assert_cmpuint (all.served, ==, selected.served);
  g_assert_cmpint (all.travel_seconds, !=, selected.travel_seconds);

  outbox = count (d.store, "outbox");
  events = count (d.store, "events");

  n = onsite_day_plan_apply (plan, d.store, TRUE, "Dispatcher", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);   /* the added ticket and the unassigned visit */

  /* One outbox row and one history line per change made, none for the other. */
  g_assert_cmpint (count (d.store, "outbox"), ==, outbox + 2);
  g_assert_cmpint (count (d.store, "events"), ==, events + 2);
  g_assert_true (onsite_day_plan_change_get_applied (added));
  g_assert_false (onsite_day_plan_change_get_applied (moved));

  v1 = onsite_store_get_visit (d.store, d.v1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_visit_get_technician_id (v1), ==, d.bruno);
  g_assert_cmpint (onsite_visit_get_start (v1), ==, AT (9, 0));

  v4 = onsite_store_find_ticket_visit (d.store, d.t4, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v4);
  g_assert_cmpint (onsite_visit_get_technician_id (v4), ==, d.anna);
  g_assert_cmpint (onsite_visit_get_start (v4), ==, onsite_day_plan_change_get_start_after (added));

  v6 = onsite_store_get_visit (d.store, d.v6, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_visit_get_technician_id (v6), ==, 0);

  /* Pinned and in progress: not touched. */
  v2 = onsite_store_get_visit (d.store, d.v2, &error);
  v3 = onsite_store_get_visit (d.store, d.v3, &error);
  g_assert_cmpint (onsite_visit_get_start (v2), ==, AT (15, 0));
  g_assert_true (onsite_visit_get_pinned (v2));
  g_assert_cmpint (onsite_visit_get_technician_id (v3), ==, d.anna);
  g_assert_cmpint (onsite_visit_get_state (v3), ==, ONSITE_VISIT_ON_SITE);

  /* Applying again makes nothing twice. */
  n = onsite_day_plan_apply (plan, d.store, TRUE, "Dispatcher", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpint (count (d.store, "outbox"), ==, outbox + 2);

  /* Now the move too, which is a reassignment: one row of kind "assignment". */
  onsite_day_plan_change_set_selected (moved, TRUE);
  n = onsite_day_plan_apply (plan, d.store, TRUE, "Dispatcher", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (count (d.store, "outbox"), ==, outbox + 3);
  g_assert_cmpint (count (d.store, "events"), ==, events + 3);

  g_clear_object (&v1);
  v1 = onsite_store_get_visit (d.store, d.v1, &error);
  g_assert_cmpint (onsite_visit_get_technician_id (v1), ==, d.anna);
  g_assert_cmpint (onsite_visit_get_start (v1), ==, onsite_day_plan_change_get_start_after (moved));

  clear_day (&d);
}

static void
test_stale (void)
{
  g_autoptr(OnsiteDayPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteVisit) v1 = NULL;
  gint64 outbox;
  guint n;
  Day d;

  make_day (&d);
  plan = plan_day (d.store, 1, 0);

  /* The dispatcher drags the visit meanwhile: the plan must not undo it. */
  g_assert_true (onsite_store_move_visit (d.store, d.v1, AT (14, 0), AT (14, 45), "Dispatcher", &error));
  g_assert_no_error (error);
  outbox = count (d.store, "outbox");

  n = onsite_day_plan_apply (plan, d.store, FALSE, "Dispatcher", &error);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Printer jams"));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (count (d.store, "outbox"), ==, outbox + 2);

  v1 = onsite_store_get_visit (d.store, d.v1, NULL);
  g_assert_cmpint (onsite_visit_get_start (v1), ==, AT (14, 0));
  g_assert_cmpint (onsite_visit_get_technician_id (v1), ==, d.bruno);

  clear_day (&d);
}

static void
test_absence (void)
{
  g_autoptr(OnsiteDayPlan) first = NULL;
  g_autoptr(OnsiteDayPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteDayPlanChange *c;
  Day d;

  make_day (&d);
  first = plan_day (d.store, 1, 0);
  onsite_day_plan_apply (first, d.store, FALSE, "Dispatcher", &error);
  g_assert_no_error (error);

  /* Anna is off sick from 11:00: her printer visits have nowhere to go
   * (Bruno lacks the skill); her visit in progress stays hers. */
  onsite_store_add_absence (d.store, d.anna, AT (11, 0), AT (18, 0), "Sick", "Dispatcher", &error);
  g_assert_no_error (error);

  plan = plan_day (d.store, 1, 0);

  c = find_change (plan, d.t3);
  g_assert_cmpint (onsite_day_plan_change_get_kind (c), ==, ONSITE_DAY_PLAN_UNCHANGED);
  g_assert_cmpint (onsite_day_plan_change_get_technician_after (c), ==, d.anna);

  c = find_change (plan, d.t2);
  g_assert_cmpint (onsite_day_plan_change_get_kind (c), ==, ONSITE_DAY_PLAN_UNCHANGED);
  g_assert_cmpint (onsite_day_plan_change_get_start_after (c), ==, AT (15, 0));

  /* Both printer visits fall in the absence or after it: taken off Anna. */
  for (guint i = 0; i < 2; i++)
    {
      c = find_change (plan, i == 0 ? d.t1 : d.t4);
      g_assert_cmpint (onsite_day_plan_change_get_technician_before (c), ==, d.anna);
      if (onsite_day_plan_change_get_start_before (c) >= AT (11, 0))
        {
          OnsitePlanUnassignedReason reason;

          g_assert_cmpint (onsite_day_plan_change_get_kind (c), ==, ONSITE_DAY_PLAN_UNASSIGNED);
          g_assert_true (onsite_day_plan_change_get_reason (c, &reason));
          g_assert_true (onsite_day_plan_change_get_applicable (c));
        }
    }

  clear_day (&d);
}

/* The demo's Monday, from 7:00: a full day to plan. */
static OnsiteStore *
open_demo (const char *name,
           gint64      now)
{
  g_autoptr(GError) error = NULL;
  OnsiteStore *store = open_store (name);
  OnsiteDemoOptions options;

  onsite_demo_options_init (&options);
  options.now = now;
  /* The day is planned from scratch. */
  options.visits = FALSE;
  g_assert_true (onsite_demo_fill (store, &options, &error));
  g_assert_no_error (error);

  return store;
}

static GString *
describe (OnsiteDayPlan *plan)
{
  GListModel *changes = onsite_day_plan_get_changes (plan);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(OnsiteDayPlanChange) c = g_list_model_get_item (changes, i);

      g_string_append_printf (out, "%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                              onsite_day_plan_change_kind_to_string (onsite_day_plan_change_get_kind (c)),
                              onsite_day_plan_change_get_ticket_id (c),
                              onsite_day_plan_change_get_technician_after (c),
                              onsite_day_plan_change_get_start_after (c));
    }

  return out;
}

/* Planned after hours with a technician still on a visit (Anna, on site
 * since 10:00 at 18:30): she finishes and goes home late; the planner must
 * not find her day impossible (it reported an infeasible plan, a critical) */
static void
test_after_hours (void)
{
  g_autoptr(OnsiteDayPlan) plan = NULL;
  OnsiteDayPlanChange *c;
  Day d;

  make_day (&d);
  plan = plan_day (d.store, 1, AT (18, 30));

  c = find_change (plan, d.t3);
  g_assert_nonnull (c);
  g_assert_cmpint (onsite_day_plan_change_get_technician_after (c), ==, d.anna);
  g_assert_cmpint (onsite_day_plan_change_get_kind (c), !=, ONSITE_DAY_PLAN_MOVED);
  /* Nothing new fits in a day that is over */
  g_assert_cmpint (onsite_day_plan_count (plan, ONSITE_DAY_PLAN_ADDED), ==, 0);
}

static void
test_determinism (void)
{
  g_autoptr(OnsiteStore) store = open_demo ("demo.db", AT (7, 0));
  g_autoptr(OnsiteDayPlan) a = plan_day (store, 42, AT (7, 0));
  g_autoptr(OnsiteDayPlan) b = plan_day (store, 42, AT (7, 0));
  g_autoptr(GString) da = describe (a);
  g_autoptr(GString) db = describe (b);
  OnsiteDayPlanTotals before, after;

  g_assert_cmpstr (da->str, ==, db->str);
  g_assert_cmpuint (onsite_day_plan_count (a, ONSITE_DAY_PLAN_ADDED), >, 20);

  /* The demo day already has visits: the plan keeps serving them and
   * adds the new ones. */
  onsite_day_plan_get_totals (a, &before, &after);
  g_test_message ("demo Monday: %u served before, %u after, %u added, %u moved, %u unassigned, %u breaches, %d min travel",
                  before.served, after.served, onsite_day_plan_count (a, ONSITE_DAY_PLAN_ADDED),
                  onsite_day_plan_count (a, ONSITE_DAY_PLAN_MOVED),
                  onsite_day_plan_count (a, ONSITE_DAY_PLAN_UNASSIGNED),
                  after.breaches, after.travel_seconds / 60);
  g_assert_cmpuint (after.served, >=, before.served);
  g_assert_cmpuint (after.served, <=, before.served + onsite_day_plan_count (a, ONSITE_DAY_PLAN_ADDED));
}

/* Applies a plan of the demo day, pins and starts some visits, and plans
 * again: what is pinned or in progress never moves, and a day that did not
 * change gets no moves at all. */
static void
test_replan_keeps_fixed (void)
{
  g_autoptr(OnsiteStore) store = open_demo ("demo-replan.db", AT (7, 0));
  g_autoptr(OnsiteDayPlan) first = plan_day (store, 7, AT (7, 0));
  g_autoptr(OnsiteDayPlan) again = NULL;
  g_autoptr(OnsiteDayPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) fixed = g_array_new (FALSE, FALSE, sizeof (gint64));
  GListModel *changes = onsite_day_plan_get_changes (first);
  guint n_pinned = 0;

  onsite_day_plan_apply (first, store, FALSE, "Dispatcher", &error);
  g_assert_no_error (error);

  /* The applied plan holds by the app's own checks: no overlaps, nothing
   * outside working hours or in a break, enough time for every trip. */
  {
    g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (DAY + 12 * 3600);
    g_autoptr(OnsiteDay) day = onsite_store_load_day (store, date, &error);
    g_autoptr(GPtrArray) conflicts = onsite_day_find_conflicts (day, 0, NULL);
    guint n_visits = 0;

    for (guint i = 0; i < conflicts->len; i++)
      {
        OnsiteConflict *conflict = g_ptr_array_index (conflicts, i);

        if (conflict->kind != ONSITE_CONFLICT_SLA)
          g_test_message ("%s", conflict->message);
        g_assert_cmpint (conflict->kind, ==, ONSITE_CONFLICT_SLA);
      }
    for (guint k = 0; k < g_list_model_get_n_items (onsite_day_get_techs (day)); k++)
      {
        g_autoptr(OnsiteTech) tech = g_list_model_get_item (onsite_day_get_techs (day), k);

        n_visits += g_list_model_get_n_items (onsite_day_get_visits (day, onsite_tech_get_id (tech)));
      }
    g_assert_cmpuint (n_visits, ==, onsite_day_plan_count (first, ONSITE_DAY_PLAN_ADDED));
  }

  /* Nothing changed: planning again from the applied plan only improves
   * on it (the first run was short), and keeps most of it. */
  again = plan_day (store, 7, AT (7, 0));
  {
    OnsiteDayPlanTotals before, after;

    guint weight_before = 0, weight_after = 0;

    /* the planner's first rule is what is served, critical visits counting
     * as eight low ones: only the same mix of priorities must not cost
     * more breaches */
    for (guint i = 0; i < g_list_model_get_n_items (onsite_day_plan_get_changes (again)); i++)
      {
        g_autoptr(OnsiteDayPlanChange) c = g_list_model_get_item (onsite_day_plan_get_changes (again), i);
        g_autoptr(OnsiteTicket) ticket = onsite_store_get_ticket (store, onsite_day_plan_change_get_ticket_id (c), &error);
        guint weight;

        g_assert_no_error (error);
        weight = 1u << (4 - CLAMP (onsite_ticket_get_priority (ticket), 1, 4));
        if (onsite_day_plan_change_get_technician_before (c) != 0)
          weight_before += weight;
        if (onsite_day_plan_change_get_technician_after (c) != 0)
          weight_after += weight;
      }

    onsite_day_plan_get_totals (again, &before, &after);
    g_assert_cmpuint (after.served, >=, before.served);
    g_assert_cmpuint (weight_after, >=, weight_before);
    if (weight_after == weight_before)
      g_assert_cmpuint (after.breaches, <=, before.breaches);
    g_assert_cmpuint (onsite_day_plan_count (again, ONSITE_DAY_PLAN_UNCHANGED), >,
                      onsite_day_plan_count (again, ONSITE_DAY_PLAN_MOVED));
  }

  /* Pin every fourth visit, put every seventh on site. */
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(OnsiteDayPlanChange) c = g_list_model_get_item (changes, i);
      g_autoptr(OnsiteVisit) visit = NULL;

      if (onsite_day_plan_change_get_kind (c) != ONSITE_DAY_PLAN_ADDED)
        continue;
      visit = onsite_store_find_ticket_visit (store, onsite_day_plan_change_get_ticket_id (c), &error);
      g_assert_nonnull (visit);

      if (i % 4 == 0)
        {
          g_assert_true (onsite_store_set_visit_pinned (store, onsite_visit_get_id (visit), TRUE, "test", &error));
          g_array_append_val (fixed, (gint64) { onsite_visit_get_id (visit) });
          n_pinned++;
        }
    }
  g_assert_cmpuint (n_pinned, >, 3);

  /* A technician off sick for the whole day changes a lot around the pins. */
  {
    g_autoptr(GPtrArray) techs = onsite_store_list_techs (store, FALSE, &error);
    OnsiteTech *tech = g_ptr_array_index (techs, 0);

    onsite_store_add_absence (store, onsite_tech_get_id (tech), AT (0, 0), AT (24, 0), "Sick", "test", &error);
    g_assert_no_error (error);
  }

  plan = plan_day (store, 7, AT (7, 0));
  changes = onsite_day_plan_get_changes (plan);
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(OnsiteDayPlanChange) c = g_list_model_get_item (changes, i);
      gint64 visit_id = onsite_day_plan_change_get_visit_id (c);

      for (guint j = 0; j < fixed->len; j++)
        if (g_array_index (fixed, gint64, j) == visit_id)
          {
            g_assert_cmpint (onsite_day_plan_change_get_kind (c), ==, ONSITE_DAY_PLAN_UNCHANGED);
            g_assert_true (onsite_day_plan_change_get_fixed (c));
            g_assert_false (onsite_day_plan_change_get_applicable (c));
          }
    }
  g_assert_cmpuint (onsite_day_plan_count (plan, ONSITE_DAY_PLAN_MOVED) +
                    onsite_day_plan_count (plan, ONSITE_DAY_PLAN_UNASSIGNED), >, 0);

  /* Applying all of it leaves the pinned visits exactly where they were. */
  onsite_day_plan_apply (plan, store, FALSE, "Dispatcher", &error);
  g_assert_no_error (error);
  for (guint j = 0; j < fixed->len; j++)
    {
      g_autoptr(OnsiteVisit) visit = onsite_store_get_visit (store, g_array_index (fixed, gint64, j), &error);
      OnsiteDayPlanChange *c = find_change (first, onsite_visit_get_ticket_id (visit));

      g_assert_cmpint (onsite_visit_get_start (visit), ==, onsite_day_plan_change_get_start_after (c));
      g_assert_cmpint (onsite_visit_get_technician_id (visit), ==, onsite_day_plan_change_get_technician_after (c));
    }
}

static void
plan_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  OnsiteDayPlan **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = onsite_day_planner_plan_finish (ONSITE_DAY_PLANNER (object), result, &error);
  g_assert_no_error (error);
}

static void
progress_cb (OnsiteDayPlanner *planner,
             double            fraction,
             GCancellable     *cancellable)
{
  /* Stop at the first report: the best plan so far is the answer. */
  g_cancellable_cancel (cancellable);
}

static void
test_cancel_keeps_best (void)
{
  g_autoptr(OnsiteStore) store = open_demo ("demo-cancel.db", AT (7, 0));
  g_autoptr(OnsiteDayPlanner) planner = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (DAY + 12 * 3600);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(OnsiteDayPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteDayPlanOptions options;
  gint64 begin;

  onsite_day_plan_options_init (&options);
  options.now = AT (7, 0);
  options.time_limit = 30;

  planner = onsite_day_planner_new (&options);
  g_assert_true (onsite_day_planner_load (planner, store, date, &error));
  g_signal_connect (planner, "progress", G_CALLBACK (progress_cb), cancellable);

  begin = g_get_monotonic_time ();
  onsite_day_planner_plan_async (planner, cancellable, plan_ready_cb, &plan);
  while (plan == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (g_get_monotonic_time () - begin, <, 10 * G_USEC_PER_SEC);
  g_assert_false (onsite_day_plan_get_complete (plan));
  g_assert_cmpuint (onsite_day_plan_count (plan, ONSITE_DAY_PLAN_ADDED), >, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/day-plan/diff", test_diff);
  g_test_add_func ("/day-plan/apply-subset", test_apply_subset);
  g_test_add_func ("/day-plan/stale", test_stale);
  g_test_add_func ("/day-plan/absence", test_absence);
  g_test_add_func ("/day-plan/determinism", test_determinism);
  g_test_add_func ("/day-plan/after-hours", test_after_hours);
  g_test_add_func ("/day-plan/replan-keeps-fixed", test_replan_keeps_fixed);
  g_test_add_func ("/day-plan/cancel-keeps-best", test_cancel_keeps_best);

  return g_test_run ();
}
