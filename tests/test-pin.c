/* test-pin.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pinning a visit on the day timeline, in the real window under Xvfb: the
 * P key, the visit's menu from the Menu key and from a right click, each
 * through the X server (xdotool); the store says whether the visit is
 * pinned, and the day planner, run on the same store, leaves the pinned
 * visit with its technician at its time.
 */

#include "ui-fixture.h"

#include "onsite-schedule-view.h"
#include "onsite-store-dispatch.h"
#include "onsite-timeline.h"
#include "planning/onsite-day-planner.h"

/* Monday 23 November 2026, 07:00 UTC (the tests run with TZ=UTC). */
#define MONDAY_7AM ((gint64) 1795392000 + 7 * 3600)
#define AT(h, m) ((gint64) 1795392000 + (h) * 3600 + (m) * 60)

typedef struct
{
  OnsiteStore *store;
  gint64       visit_id;
} Expect;

static Expect expect;
static OnsiteTimeline *the_timeline;

static OnsiteScheduleView *
find_view (Fixture *fixture)
{
  return (OnsiteScheduleView *)find_widget (GTK_WIDGET (fixture->window), ONSITE_TYPE_SCHEDULE_VIEW);
}

static gboolean
monday_shown (Fixture *fixture)
{
  OnsiteScheduleView *view = find_view (fixture);
  OnsiteDay *day;

  if (view == NULL || !gtk_widget_get_mapped (GTK_WIDGET (view)))
    return FALSE;

  day = onsite_schedule_view_get_day (view);
  return day != NULL && onsite_day_get_start (day) == AT (0, 0) && onsite_day_get_n_visits (day) >= 2;
}

static gboolean
visit_pinned (OnsiteStore *store,
              gint64       visit_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteVisit) visit = onsite_store_get_visit (store, visit_id, &error);

  g_assert_no_error (error);
  return onsite_visit_get_pinned (visit);
}

static gboolean
expected_pinned (Fixture *fixture)
{
  return visit_pinned (expect.store, expect.visit_id);
}

static gboolean
expected_unpinned (Fixture *fixture)
{
  return !visit_pinned (expect.store, expect.visit_id);
}

/* The pin is drawn from the day the timeline shows: wait for the reload. */
static gboolean
timeline_shows_pinned (Fixture *fixture)
{
  OnsiteVisit *visit = onsite_timeline_get_selected (the_timeline);

  return visit != NULL && onsite_visit_get_id (visit) == expect.visit_id &&
         onsite_visit_get_pinned (visit);
}

static GtkWidget *
visible_menu (OnsiteTimeline *timeline)
{
  GtkWidget *menu = find_widget (GTK_WIDGET (timeline), GTK_TYPE_POPOVER_MENU);

  return menu != NULL && gtk_widget_get_mapped (menu) ? menu : NULL;
}

static gboolean
menu_shown (Fixture *fixture)
{
  GtkWidget *menu = visible_menu (the_timeline);

  /* Mapped is not yet laid out. */
  return menu != NULL && gtk_widget_get_width (menu) > 0;
}

static gboolean
menu_gone (Fixture *fixture)
{
  return visible_menu (the_timeline) == NULL;
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

static OnsiteDayPlan *
plan_monday (OnsiteStore *store)
{
  g_autoptr(OnsiteDayPlanner) planner = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (AT (0, 0));
  g_autoptr(GError) error = NULL;
  OnsiteDayPlanOptions options;
  OnsiteDayPlan *plan;

  onsite_day_plan_options_init (&options);
  options.now = MONDAY_7AM;
  options.time_limit = 0;
  options.max_iterations = 300;
  planner = onsite_day_planner_new (&options);
  g_assert_true (onsite_day_planner_load (planner, store, date, &error));
  g_assert_no_error (error);
  plan = onsite_day_planner_plan (planner, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);

  return plan;
}

static OnsiteDayPlanChange *
find_change (OnsiteDayPlan *plan,
             gint64         visit_id)
{
  GListModel *changes = onsite_day_plan_get_changes (plan);

  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(OnsiteDayPlanChange) change = g_list_model_get_item (changes, i);

      if (onsite_day_plan_change_get_visit_id (change) == visit_id)
        return change;
    }

  return NULL;
}

/* Moves the pointer to the middle of @visit_id's block and clicks @button. */
static void
click_visit (OnsiteTimeline *timeline,
             gint64          visit_id,
             const char     *button)
{
  graphene_rect_t area;
  g_autofree char *xid = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  g_assert_true (onsite_timeline_get_visit_area (timeline, visit_id, &area));
  to_screen (GTK_WIDGET (timeline), area.origin.x + MIN (area.size.width / 2, 30),
             area.origin.y + area.size.height / 2, &xid, &x, &y);
  /* From elsewhere: where a menu closed under the pointer, GDK waits for
   * motion to know which surface the pointer is in. */
  xdo ("mousemove", "--window", xid, "5", "5", NULL);
  xdo ("mousemove", "--window", xid, x, y, NULL);
  xdo ("click", button, NULL);
}

static void
test_pin (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) techs = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(OnsiteDayPlan) first = NULL;
  g_autoptr(OnsiteDayPlan) plan = NULL;
  g_autoptr(OnsiteVisit) after = NULL;
  g_autoptr(GDateTime) monday = NULL;
  OnsiteDayPlanChange *change_a, *change_b, *change;
  OnsiteScheduleView *view;
  OnsiteTimeline *timeline;
  OnsiteDemoOptions options;
  GtkWidget *switcher_label;
  GtkWidget *menu;
  GtkLabel *item;
  gint64 tech_id, visit_a = 0, visit_b = 0, pinned_id, other_id;
  gint64 events, outbox;

  if (!g_find_program_in_path ("xdotool"))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  /* The demo's Monday, empty; then two visits for the first technician at
   * the same time: a plan must move one of them. */
  store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  onsite_demo_options_init (&options);
  options.now = MONDAY_7AM;
  options.visits = FALSE;
  onsite_demo_fill (store, &options, &error);
  g_assert_no_error (error);

  techs = onsite_store_list_techs (store, FALSE, &error);
  g_assert_no_error (error);
  tech_id = onsite_tech_get_id (g_ptr_array_index (techs, 0));
  open = onsite_store_list_open_tickets (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < open->len && visit_b == 0; i++)
    {
      OnsiteTicket *ticket = g_ptr_array_index (open, i);
      gint64 id = onsite_store_assign_ticket (store, onsite_ticket_get_id (ticket), tech_id,
                                              AT (10, 0), AT (11, 0), "test", NULL);

      if (id <= 0)
        continue;
      if (visit_a == 0)
        visit_a = id;
      else
        visit_b = id;
    }
  g_assert_cmpint (visit_b, >, 0);

  /* Unpinned, the planner moves at least one of the two: the one it moves
   * is the one to pin. */
  first = plan_monday (store);
  change_a = find_change (first, visit_a);
  change_b = find_change (first, visit_b);
  g_assert_nonnull (change_a);
  g_assert_nonnull (change_b);
  g_assert_true (onsite_day_plan_change_get_kind (change_a) != ONSITE_DAY_PLAN_UNCHANGED ||
                 onsite_day_plan_change_get_kind (change_b) != ONSITE_DAY_PLAN_UNCHANGED);
  if (onsite_day_plan_change_get_kind (change_a) != ONSITE_DAY_PLAN_UNCHANGED)
    pinned_id = visit_a, other_id = visit_b;
  else
    pinned_id = visit_b, other_id = visit_a;
  g_assert_false (onsite_day_plan_change_get_fixed (find_change (first, pinned_id)));

  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  spin (0.5);

  switcher_label = GTK_WIDGET (find_label_with_text (GTK_WIDGET (fixture->window), "Schedule"));
  g_assert_nonnull (switcher_label);
  click_widget (switcher_label);
  view = find_view (fixture);
  g_assert_nonnull (view);
  monday = g_date_time_new_from_unix_utc (AT (0, 0));
  onsite_schedule_view_set_date (view, monday);
  g_assert_true (wait_for (fixture, monday_shown, 5));
  timeline = the_timeline = onsite_schedule_view_get_timeline (view);
  onsite_timeline_scroll_to_time (timeline, AT (8, 0));
  spin (0.5);

  expect.store = store;
  expect.visit_id = pinned_id;
  events = count (store, "events");
  outbox = count (store, "outbox");

  /* P on the focused visit pins it: one history line, nothing to send. */
  g_assert_true (onsite_timeline_select_visit (timeline, pinned_id));
  gtk_widget_grab_focus (GTK_WIDGET (timeline));
  spin (0.2);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (timeline)));
  xdo ("key", "p", NULL);
  g_assert_true (wait_for (fixture, expected_pinned, 5));
  g_assert_cmpint (count (store, "events"), ==, events + 1);
  g_assert_cmpint (count (store, "outbox"), ==, outbox);
  g_assert_false (visit_pinned (store, other_id));
  g_assert_true (wait_for (fixture, timeline_shows_pinned, 5));
  spin (0.3);

  /* The pin at the default zoom and at the smallest. */
  save_screenshot (GTK_WIDGET (timeline), "screenshot-timeline-pinned.png");
  onsite_timeline_set_zoom (timeline, ONSITE_TIMELINE_MIN_ZOOM);
  onsite_timeline_scroll_to_time (timeline, AT (6, 0));
  spin (0.5);
  save_screenshot (GTK_WIDGET (timeline), "screenshot-timeline-pinned-small.png");
  onsite_timeline_set_zoom (timeline, ONSITE_TIMELINE_DEFAULT_ZOOM);
  onsite_timeline_scroll_to_time (timeline, AT (8, 0));
  spin (0.5);

  /* The Menu key opens the visit's menu: Unpin is there, Pin is not. */
  xdo ("key", "Menu", NULL);
  g_assert_true (wait_for (fixture, menu_shown, 5));
  menu = visible_menu (timeline);
  g_assert_null (find_label_with_text (menu, "Pin to Technician and Time"));
  item = find_label_with_text (menu, "Unpin");
  g_assert_nonnull (item);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-timeline-pin-menu.png");
  click_widget (GTK_WIDGET (item));
  g_assert_true (wait_for (fixture, expected_unpinned, 5));
  g_assert_true (wait_for (fixture, menu_gone, 5));
  g_assert_cmpint (count (store, "events"), ==, events + 2);
  g_assert_cmpint (count (store, "outbox"), ==, outbox);

  /* Shift+F10 opens it too; Escape closes it and changes nothing. */
  gtk_widget_grab_focus (GTK_WIDGET (timeline));
  spin (0.3);
  xdo ("key", "shift+F10", NULL);
  g_assert_true (wait_for (fixture, menu_shown, 5));
  g_assert_nonnull (find_label_with_text (visible_menu (timeline), "Pin to Technician and Time"));
  xdo ("key", "Escape", NULL);
  g_assert_true (wait_for (fixture, menu_gone, 5));
  g_assert_false (visit_pinned (store, pinned_id));

  /* A right click on the other visit focuses it and opens its menu; Escape.
   * Then a right click on the one to pin, and Pin to Technician and Time. */
  click_visit (timeline, other_id, "3");
  g_assert_true (wait_for (fixture, menu_shown, 5));
  g_assert_nonnull (onsite_timeline_get_selected (timeline));
  g_assert_cmpint (onsite_visit_get_id (onsite_timeline_get_selected (timeline)), ==, other_id);
  xdo ("key", "Escape", NULL);
  g_assert_true (wait_for (fixture, menu_gone, 5));

  click_visit (timeline, pinned_id, "3");
  g_assert_true (wait_for (fixture, menu_shown, 5));
  item = find_label_with_text (visible_menu (timeline), "Pin to Technician and Time");
  g_assert_nonnull (item);
  click_widget (GTK_WIDGET (item));
  g_assert_true (wait_for (fixture, expected_pinned, 5));
  g_assert_false (visit_pinned (store, other_id));
  g_assert_cmpint (count (store, "events"), ==, events + 3);
  g_assert_cmpint (count (store, "outbox"), ==, outbox);

  /* Plan the day again: the pinned visit stays, the other one makes way. */
  plan = plan_monday (store);
  change = find_change (plan, pinned_id);
  g_assert_nonnull (change);
  g_assert_true (onsite_day_plan_change_get_fixed (change));
  g_assert_cmpint (onsite_day_plan_change_get_kind (change), ==, ONSITE_DAY_PLAN_UNCHANGED);
  g_assert_cmpint (onsite_day_plan_change_get_technician_after (change), ==, tech_id);
  g_assert_cmpint (onsite_day_plan_change_get_start_after (change), ==, AT (10, 0));
  g_assert_cmpint (onsite_day_plan_change_get_end_after (change), ==, AT (11, 0));
  change = find_change (plan, other_id);
  g_assert_nonnull (change);
  g_assert_cmpint (onsite_day_plan_change_get_kind (change), !=, ONSITE_DAY_PLAN_UNCHANGED);

  /* Accept all of it: the pinned visit is where it was, still pinned. */
  onsite_day_plan_apply (plan, store, FALSE, "test", &error);
  g_assert_no_error (error);
  after = onsite_store_get_visit (store, pinned_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_visit_get_technician_id (after), ==, tech_id);
  g_assert_cmpint (onsite_visit_get_start (after), ==, AT (10, 0));
  g_assert_cmpint (onsite_visit_get_end (after), ==, AT (11, 0));
  g_assert_true (onsite_visit_get_pinned (after));
  {
    g_autoptr(OnsiteVisit) other = onsite_store_get_visit (store, other_id, &error);

    g_assert_no_error (error);
    g_assert_true (onsite_visit_get_technician_id (other) != tech_id ||
                   onsite_visit_get_start (other) >= AT (11, 0) ||
                   onsite_visit_get_end (other) <= AT (10, 0));
  }

  /* The pinned visit alone in its row, at the default zoom. */
  onsite_context_store_changed (onsite_window_get_context (fixture->window));
  g_assert_true (onsite_timeline_select_visit (timeline, pinned_id));
  g_assert_true (wait_for (fixture, timeline_shows_pinned, 5));
  spin (0.5);
  save_screenshot (GTK_WIDGET (timeline), "screenshot-timeline-pinned-planned.png");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run this test under Xvfb\n");
      return 77;
    }
  adw_init ();

  g_test_add ("/ui/timeline/pin", Fixture, NULL,
              fixture_set_up, test_pin, fixture_tear_down);

  return g_test_run ();
}
