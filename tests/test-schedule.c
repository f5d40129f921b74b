/* test-schedule.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Schedule view in the real window, under Xvfb: visits are dragged with
 * the pointer and moved with keys through the X server (xdotool), tickets
 * are dropped on the timeline and the roster; after each change the store,
 * the history and the outbox are read back. The timeline's geometry and
 * the roster's states are tested as plain functions first.
 */

#include "ui-fixture.h"

#include <stdlib.h>

#include "onsite-schedule-view.h"
#include "onsite-store-dispatch.h"
#include "onsite-timeline-layout.h"
#include "onsite-ticket-dnd.h"
#include "onsite-timeline.h"

/* Pure logic -------------------------------------------------------------- */

static void
test_snap (void)
{
  gint64 origin = 1000000 * 900 + 1800;   /* a midnight half past an hour in UTC */

  g_assert_cmpint (onsite_timeline_snap (origin, origin, 900), ==, origin);
  g_assert_cmpint (onsite_timeline_snap (origin + 449, origin, 900), ==, origin);
  g_assert_cmpint (onsite_timeline_snap (origin + 450, origin, 900), ==, origin + 900);
  g_assert_cmpint (onsite_timeline_snap (origin + 1000, origin, 900), ==, origin + 900);
  g_assert_cmpint (onsite_timeline_snap (origin + 3 * 3600 + 7 * 60, origin, 900), ==, origin + 3 * 3600);
  g_assert_cmpint (onsite_timeline_snap (origin + 3 * 3600 + 8 * 60, origin, 900), ==, origin + 3 * 3600 + 900);
  /* Before the origin the steps go on the same way. */
  g_assert_cmpint (onsite_timeline_snap (origin - 100, origin, 900), ==, origin);
  g_assert_cmpint (onsite_timeline_snap (origin - 500, origin, 900), ==, origin - 900);
  g_assert_cmpint (onsite_timeline_snap (origin - 1000, origin, 900), ==, origin - 900);
}

static void
test_time_to_x (void)
{
  OnsiteTimelineLayout layout = {
    .day_start = 1795392000, .day_end = 1795392000 + 86400,
    .px_per_hour = 80, .origin_x = 150 - 560, .origin_y = 30 - 108, .row_height = 54,
  };

  /* 07:00 is at the left edge of the scrolled area, 08:30 120 px further. */
  g_assert_cmpfloat_with_epsilon (onsite_timeline_layout_time_to_x (&layout, layout.day_start + 7 * 3600), 150, 1e-9);
  g_assert_cmpfloat_with_epsilon (onsite_timeline_layout_time_to_x (&layout, layout.day_start + 8 * 3600 + 1800), 270, 1e-9);

  /* And back, for every quarter of the day. */
  for (gint64 t = layout.day_start; t <= layout.day_end; t += 900)
    g_assert_cmpint (onsite_timeline_layout_x_to_time (&layout, onsite_timeline_layout_time_to_x (&layout, t)), ==, t);

  /* Rows: the third row starts at 30 - 108 + 108 = 30. */
  g_assert_cmpint (onsite_timeline_layout_row_at (&layout, 30, 10), ==, 2);
  g_assert_cmpint (onsite_timeline_layout_row_at (&layout, 29.9, 10), ==, 1);
  g_assert_cmpint (onsite_timeline_layout_row_at (&layout, -78.1, 10), ==, -1);
  g_assert_cmpint (onsite_timeline_layout_row_at (&layout, 30 + 8 * 54, 10), ==, -1);
}

static void
test_lanes (void)
{
  /* 9–10, 9:30–11, 10–10:30, 11–12: the second overlaps both neighbours. */
  const gint64 starts[] = { 9 * 60, 9 * 60 + 30, 10 * 60, 11 * 60 };
  const gint64 ends[] = { 10 * 60, 11 * 60, 10 * 60 + 30, 12 * 60 };
  guint lanes[4];

  g_assert_cmpuint (onsite_timeline_assign_lanes (starts, ends, 4, lanes), ==, 2);
  g_assert_cmpuint (lanes[0], ==, 0);
  g_assert_cmpuint (lanes[1], ==, 1);
  g_assert_cmpuint (lanes[2], ==, 0);
  g_assert_cmpuint (lanes[3], ==, 0);

  g_assert_cmpuint (onsite_timeline_assign_lanes (starts, ends, 0, lanes), ==, 1);
}

static void
test_hit_test (void)
{
  const OnsiteTimelineRect rects[] = {
    { 100, 10, 80, 40 },
    { 150, 10, 80, 40 },   /* over the first one's right part */
    { 300, 10, 10, 40 },   /* narrow */
  };
  OnsiteTimelinePart part;

  g_assert_cmpint (onsite_timeline_hit_test (rects, 3, 120, 20, &part), ==, 0);
  g_assert_cmpint (part, ==, ONSITE_TIMELINE_PART_BODY);
  g_assert_cmpint (onsite_timeline_hit_test (rects, 3, 101, 20, &part), ==, 0);
  g_assert_cmpint (part, ==, ONSITE_TIMELINE_PART_START);
  /* The topmost wins where they overlap. */
  g_assert_cmpint (onsite_timeline_hit_test (rects, 3, 170, 20, &part), ==, 1);
  g_assert_cmpint (part, ==, ONSITE_TIMELINE_PART_BODY);
  g_assert_cmpint (onsite_timeline_hit_test (rects, 3, 228, 20, &part), ==, 1);
  g_assert_cmpint (part, ==, ONSITE_TIMELINE_PART_END);
  /* A narrow block keeps its middle for moving. */
  g_assert_cmpint (onsite_timeline_hit_test (rects, 3, 305, 20, &part), ==, 2);
  g_assert_cmpint (part, ==, ONSITE_TIMELINE_PART_BODY);
  g_assert_cmpint (onsite_timeline_hit_test (rects, 3, 300.5, 20, &part), ==, 2);
  g_assert_cmpint (part, ==, ONSITE_TIMELINE_PART_START);
  /* Nothing between rows or beside blocks. */
  g_assert_cmpint (onsite_timeline_hit_test (rects, 3, 120, 50, &part), ==, -1);
  g_assert_cmpint (part, ==, ONSITE_TIMELINE_PART_NONE);
  g_assert_cmpint (onsite_timeline_hit_test (rects, 3, 250, 20, NULL), ==, -1);
}

static OnsiteVisit *
planned_visit (gint64 id,
               gint64 start,
               gint64 end,
               OnsiteVisitState state)
{
  OnsiteVisit *visit = onsite_visit_new (id, id, 1, start, end);

  onsite_visit_set_state (visit, state);
  onsite_visit_set_location (visit, TRUE, 45.4642, 9.19);
  return visit;
}

static void
test_tech_state (void)
{
  g_autoptr(OnsiteTech) tech = onsite_tech_new (1, "Marco Rossi");
  g_autoptr(GListStore) visits = g_list_store_new (ONSITE_TYPE_VISIT);
  g_autoptr(GArray) periods = g_array_new (FALSE, FALSE, sizeof (OnsiteInterval));
  g_autoptr(OnsiteVisit) first = NULL;
  gint64 day = 1795392000;
  OnsiteInterval morning = { day + 8 * 3600, day + 12 * 3600 };
  OnsiteInterval afternoon = { day + 13 * 3600, day + 17 * 3600 };

  /* Home about 4 km from the visit: ~10 min of driving, plus parking. */
  onsite_tech_set_home (tech, "Home", TRUE, 45.4642 + 0.036, 9.19);
  g_array_append_val (periods, morning);
  g_array_append_val (periods, afternoon);

  first = planned_visit (1, day + 10 * 3600, day + 11 * 3600, ONSITE_VISIT_PLANNED);
  g_list_store_append (visits, first);

  g_assert_cmpint (onsite_schedule_tech_state (tech, G_LIST_MODEL (visits), periods, day + 7 * 3600), ==, ONSITE_TECH_STATE_OFF_SHIFT);
  g_assert_cmpint (onsite_schedule_tech_state (tech, G_LIST_MODEL (visits), periods, day + 9 * 3600), ==, ONSITE_TECH_STATE_FREE);
  g_assert_cmpint (onsite_schedule_tech_state (tech, G_LIST_MODEL (visits), periods, day + 10 * 3600 - 5 * 60), ==, ONSITE_TECH_STATE_EN_ROUTE);
  g_assert_cmpint (onsite_schedule_tech_state (tech, G_LIST_MODEL (visits), periods, day + 10 * 3600 - 40 * 60), ==, ONSITE_TECH_STATE_FREE);
  g_assert_cmpint (onsite_schedule_tech_state (tech, G_LIST_MODEL (visits), periods, day + 10 * 3600 + 60), ==, ONSITE_TECH_STATE_ON_SITE);
  /* The lunch break is off shift. */
  g_assert_cmpint (onsite_schedule_tech_state (tech, G_LIST_MODEL (visits), periods, day + 12 * 3600 + 1800), ==, ONSITE_TECH_STATE_OFF_SHIFT);

  /* What the technician reported wins over the plan. */
  onsite_visit_set_state (first, ONSITE_VISIT_EN_ROUTE);
  g_assert_cmpint (onsite_schedule_tech_state (tech, G_LIST_MODEL (visits), periods, day + 15 * 3600), ==, ONSITE_TECH_STATE_EN_ROUTE);
  onsite_visit_set_state (first, ONSITE_VISIT_DONE);
  g_assert_cmpint (onsite_schedule_tech_state (tech, G_LIST_MODEL (visits), periods, day + 10 * 3600 + 60), ==, ONSITE_TECH_STATE_FREE);
}

/* The window -------------------------------------------------------------- */

static OnsiteScheduleView *
find_view (Fixture *fixture)
{
  return (OnsiteScheduleView *)find_widget (GTK_WIDGET (fixture->window), ONSITE_TYPE_SCHEDULE_VIEW);
}

static gboolean
schedule_shown (Fixture *fixture)
{
  OnsiteScheduleView *view = find_view (fixture);
  OnsiteDay *day;

  if (view == NULL || !gtk_widget_get_mapped (GTK_WIDGET (view)))
    return FALSE;

  day = onsite_schedule_view_get_day (view);
  return day != NULL && onsite_day_get_n_visits (day) > 0;
}

static GDateTime *
today_at (int hour,
          int minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), hour, minute, 0);
}

static gint64
today_unix (int hour,
            int minute)
{
  g_autoptr(GDateTime) t = today_at (hour, minute);

  return g_date_time_to_unix (t);
}

/* The demo may or may not plan visits today: plan some for the first
 * technicians, two each, through the store as the app would. */
static void
ensure_visits_today (OnsiteStore *store)
{
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GPtrArray) techs = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  guint next_ticket = 0;

  visits = onsite_store_list_visits (store, today_unix (0, 0), today_unix (23, 59), &error);
  g_assert_no_error (error);
  if (visits->len >= 6)
    return;

  techs = onsite_store_list_techs (store, FALSE, &error);
  g_assert_no_error (error);
  open = onsite_store_list_open_tickets (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < MIN (techs->len, 6); i++)
    {
      OnsiteTech *tech = g_ptr_array_index (techs, i);

      for (int k = 0; k < 2; k++)
        {
          OnsiteTicket *ticket = NULL;

          while (next_ticket < open->len)
            {
              g_autoptr(OnsiteVisit) existing = NULL;

              ticket = g_ptr_array_index (open, next_ticket++);
              existing = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL);
              if (existing == NULL)
                break;
              ticket = NULL;
            }
          g_assert_nonnull (ticket);

          onsite_store_assign_ticket (store, onsite_ticket_get_id (ticket), onsite_tech_get_id (tech),
                                      today_unix (9 + 3 * k, 0), today_unix (10 + 3 * k, 0), "test", &error);
          g_assert_no_error (error);
        }
    }
}

/* A ticket that is open and has no visit yet. */
static OnsiteTicket *
unplanned_ticket (OnsiteStore *store,
                  guint        skip)
{
  g_autoptr(GPtrArray) open = onsite_store_list_open_tickets (store, NULL);

  for (guint i = open->len; i > 0; i--)
    {
      OnsiteTicket *ticket = g_ptr_array_index (open, i - 1);
      g_autoptr(OnsiteVisit) visit = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL);

      if (visit == NULL && skip-- == 0)
        return g_object_ref (ticket);
    }

  return NULL;
}

static guint
count_events (OnsiteStore *store,
              gint64       ticket_id)
{
  g_autoptr(GPtrArray) events = onsite_store_list_events (store, ticket_id, NULL);

  return events ? events->len : 0;
}

/* Presses at (x0, y0) of @widget, moves in steps to (x1, y1), releases. */
static void
pointer_drag (GtkWidget  *widget,
              double      x0,
              double      y0,
              double      x1,
              double      y1,
              const char *screenshot)
{
  g_autofree char *xid = NULL;
  g_autofree char *sx = NULL;
  g_autofree char *sy = NULL;

  to_screen (widget, x0, y0, &xid, &sx, &sy);
  xdo ("mousemove", "--window", xid, sx, sy, NULL);
  xdo ("mousedown", "1", NULL);

  for (int i = 1; i <= 4; i++)
    {
      g_autofree char *mx = NULL;
      g_autofree char *my = NULL;
      g_autofree char *unused = NULL;

      to_screen (widget, x0 + (x1 - x0) * i / 4, y0 + (y1 - y0) * i / 4, &unused, &mx, &my);
      xdo ("mousemove", "--window", xid, mx, my, NULL);
    }

  if (screenshot)
    save_screenshot (GTK_WIDGET (gtk_widget_get_root (widget)), screenshot);
  xdo ("mouseup", "1", NULL);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

static gboolean
emit_drop (GtkWidget *widget,
           gint64     ticket_id,
           double     x,
           double     y)
{
  GtkDropTarget *target = find_drop_target (widget);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, ticket_id);

  /* The drop target's own signal, as GTK emits it once a drag lets go
   * (enter and motion need a real GdkDrop). */
  g_signal_emit_by_name (target, "drop", &value, x, y, &accepted);

  return accepted;
}

static struct {
  OnsiteStore *store;
  gint64       ticket_id;
  gint64       visit_id;
  gint64       start;
  gint64       end;
  gint64       tech_id;
} expect;

static gboolean
visit_as_expected (Fixture *fixture)
{
  g_autoptr(OnsiteVisit) visit = onsite_store_get_visit (expect.store, expect.visit_id, NULL);

  return visit != NULL &&
         onsite_visit_get_start (visit) == expect.start &&
         onsite_visit_get_end (visit) == expect.end &&
         onsite_visit_get_technician_id (visit) == expect.tech_id;
}

static gboolean
timeline_shows_expected (Fixture *fixture)
{
  OnsiteTimeline *timeline = onsite_schedule_view_get_timeline (find_view (fixture));
  OnsiteDay *day = onsite_timeline_get_day (timeline);
  GListModel *visits;

  if (day == NULL || !(visits = onsite_day_get_visits (day, expect.tech_id)))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (visits); i++)
    {
      g_autoptr(OnsiteVisit) visit = g_list_model_get_item (visits, i);

      if (onsite_visit_get_id (visit) == expect.visit_id)
        return onsite_visit_get_start (visit) == expect.start;
    }

  return FALSE;
}

/* One change: exactly one more outbox row and one more history line. */
static void
assert_one_change (OnsiteStore *store,
                   gint64       pending_before,
                   gint64       ticket_id,
                   guint        events_before)
{
  g_assert_cmpint (onsite_store_count_pending_changes (store, NULL), ==, pending_before + 1);
  g_assert_cmpuint (count_events (store, ticket_id), ==, events_before + 1);
}

static gint64
next_tech_id (OnsiteDay *day,
              gint64     tech_id)
{
  GListModel *techs = onsite_day_get_techs (day);

  for (guint i = 0; i + 1 < g_list_model_get_n_items (techs); i++)
    {
      g_autoptr(OnsiteTech) tech = g_list_model_get_item (techs, i);

      if (onsite_tech_get_id (tech) == tech_id)
        {
          g_autoptr(OnsiteTech) next = g_list_model_get_item (techs, i + 1);
          return onsite_tech_get_id (next);
        }
    }

  return 0;
}

static GdkContentProvider *
source_prepare_cb (GtkDragSource *source,
                   double         x,
                   double         y,
                   OnsiteTicket  *ticket)
{
  return onsite_ticket_dnd_content (ticket);
}

static gboolean
ticket_planned (Fixture *fixture)
{
  g_autoptr(OnsiteVisit) visit = onsite_store_find_ticket_visit (expect.store, expect.ticket_id, NULL);

  return visit != NULL && onsite_visit_get_technician_id (visit) == expect.tech_id;
}

/* Drags @ticket with the pointer, through the X server's drag and drop,
 * from a second window (as the board's list offers tickets) to (@x, @y)
 * of @target. */
static void
xdnd_drag (OnsiteTicket *ticket,
           GtkWidget    *target,
           double        x,
           double        y)
{
  GtkWidget *source_window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("Drag this ticket");
  GtkDragSource *source = onsite_ticket_dnd_source_new ();
  g_autofree char *xid = NULL;
  g_autofree char *sx = NULL;
  g_autofree char *sy = NULL;
  g_autofree char *tx = NULL;
  g_autofree char *ty = NULL;
  g_autofree char *txid = NULL;
  g_autofree char *near = NULL;

  gtk_widget_set_size_request (label, 200, 60);
  g_signal_connect (source, "prepare", G_CALLBACK (source_prepare_cb), ticket);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (source));
  gtk_window_set_child (GTK_WINDOW (source_window), label);
  gtk_window_present (GTK_WINDOW (source_window));
  spin (1.0);

  to_screen (label, 100, 30, &xid, &sx, &sy);
  to_screen (target, x, y, &txid, &tx, &ty);
  near = g_strdup_printf ("%d", atoi (tx) + 1);

  xdo ("mousemove", "--window", xid, sx, sy, NULL);
  xdo ("mousedown", "1", NULL);
  xdo ("mousemove", "--window", xid, "130", "40", NULL);
  xdo ("mousemove", "--window", xid, "160", "50", NULL);
  xdo ("mousemove", "--window", txid, tx, ty, NULL);
  xdo ("mousemove", "--window", txid, near, ty, NULL);
  xdo ("mousemove", "--window", txid, tx, ty, NULL);
  xdo ("mouseup", "1", NULL);
  spin (0.5);

  gtk_window_destroy (GTK_WINDOW (source_window));
  spin (0.3);
}

static void
test_schedule (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteVisit) visit = NULL;
  g_autoptr(OnsiteTicket) ticket = NULL;
  OnsiteScheduleView *view;
  OnsiteTimeline *timeline;
  GtkWidget *switcher_label;
  graphene_rect_t area;
  gint64 pending, ticket_id, tech_id, visit_id;
  guint events;

  if (!g_find_program_in_path ("xdotool"))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  fill_demo (fixture->db_path);
  store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  ensure_visits_today (store);
  expect.store = store;

  /* An afternoon away for the last technician, to be drawn as such. */
  {
    g_autoptr(GPtrArray) techs = onsite_store_list_techs (store, FALSE, &error);
    OnsiteTech *last = g_ptr_array_index (techs, techs->len - 1);

    onsite_store_add_absence (store, onsite_tech_get_id (last), today_unix (14, 0), today_unix (16, 30),
                              "Training", "test", &error);
    g_assert_no_error (error);
  }

  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  spin (0.5);

  /* To the Schedule view, with a click on the view switcher. */
  switcher_label = GTK_WIDGET (find_label_with_text (GTK_WIDGET (fixture->window), "Schedule"));
  g_assert_nonnull (switcher_label);
  click_widget (switcher_label);
  g_assert_true (wait_for (fixture, schedule_shown, 5));
  view = find_view (fixture);
  timeline = onsite_schedule_view_get_timeline (view);
  spin (0.5);

  /* The first planned visit of the first technician with one. */
  {
    OnsiteDay *day = onsite_schedule_view_get_day (view);
    GListModel *day_techs = onsite_day_get_techs (day);

    for (guint i = 0; i < g_list_model_get_n_items (day_techs) && visit == NULL; i++)
      {
        g_autoptr(OnsiteTech) tech = g_list_model_get_item (day_techs, i);
        GListModel *visits = onsite_day_get_visits (day, onsite_tech_get_id (tech));

        for (guint k = 0; k < g_list_model_get_n_items (visits); k++)
          {
            g_autoptr(OnsiteVisit) v = g_list_model_get_item (visits, k);

            if (onsite_visit_get_state (v) == ONSITE_VISIT_PLANNED && next_tech_id (day, onsite_tech_get_id (tech)))
              {
                visit = g_steal_pointer (&v);
                break;
              }
          }
      }
  }
  g_assert_nonnull (visit);
  visit_id = onsite_visit_get_id (visit);
  ticket_id = onsite_visit_get_ticket_id (visit);
  tech_id = onsite_visit_get_technician_id (visit);
  expect.visit_id = visit_id;

  g_assert_true (onsite_timeline_select_visit (timeline, visit_id));
  /* Room on the right for the drag, whatever the hour the test runs. */
  onsite_timeline_scroll_to_time (timeline, onsite_visit_get_start (visit) - 3600);
  spin (0.3);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-schedule.png");

  /* Conflicts are flagged on their visits, with the core's sentences. */
  {
    g_autoptr(GPtrArray) conflicts = onsite_day_find_conflicts (onsite_schedule_view_get_day (view), 0, NULL);

    g_assert_cmpuint (onsite_timeline_get_n_conflicts (timeline), ==, conflicts->len);
    for (guint i = 0; i < conflicts->len; i++)
      {
        const OnsiteConflict *c = g_ptr_array_index (conflicts, i);
        g_autofree char *problems = onsite_timeline_dup_visit_problems (timeline, c->visit_id);

        g_assert_nonnull (problems);
        g_assert_nonnull (strstr (problems, c->message));
      }
    if (conflicts->len > 0)
      g_assert_nonnull (find_label_containing (GTK_WIDGET (view), "conflict"));
  }

  /* 1. Drag the block one hour later with the pointer. */
  g_assert_true (onsite_timeline_get_visit_area (timeline, visit_id, &area));
  g_assert_cmpfloat (area.origin.x + area.size.width / 2, <, gtk_widget_get_width (GTK_WIDGET (timeline)));
  pending = onsite_store_count_pending_changes (store, NULL);
  events = count_events (store, ticket_id);
  {
    double x = area.origin.x + area.size.width / 2;
    double y = area.origin.y + area.size.height / 2;
    double hour = onsite_timeline_time_to_x (timeline, 3600) - onsite_timeline_time_to_x (timeline, 0);

    pointer_drag (GTK_WIDGET (timeline), x, y, x + hour, y, "screenshot-schedule-dragging.png");
  }
  /* An hour later, on the quarter hour (the demo plans on 5 minutes). */
  expect.start = onsite_timeline_snap (onsite_visit_get_start (visit) + 3600, today_unix (0, 0), ONSITE_TIMELINE_SNAP);
  expect.end = expect.start + onsite_visit_get_end (visit) - onsite_visit_get_start (visit);
  expect.tech_id = tech_id;
  g_assert_true (wait_for (fixture, visit_as_expected, 5));
  assert_one_change (store, pending, ticket_id, events);
  g_assert_true (wait_for (fixture, timeline_shows_expected, 5));

  /* 2. The keyboard: Right moves by 15 minutes. */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (timeline)));
  g_assert_true (onsite_timeline_get_selected (timeline) != NULL);
  g_assert_cmpint (onsite_visit_get_id (onsite_timeline_get_selected (timeline)), ==, visit_id);
  pending = onsite_store_count_pending_changes (store, NULL);
  events = count_events (store, ticket_id);
  xdo ("key", "Right", NULL);
  expect.start += 900;
  expect.end += 900;
  g_assert_true (wait_for (fixture, visit_as_expected, 5));
  assert_one_change (store, pending, ticket_id, events);

  /* Shift+Right makes it 15 minutes longer. */
  pending = onsite_store_count_pending_changes (store, NULL);
  events = count_events (store, ticket_id);
  xdo ("key", "shift+Right", NULL);
  expect.end += 900;
  g_assert_true (wait_for (fixture, visit_as_expected, 5));
  assert_one_change (store, pending, ticket_id, events);

  /* Ctrl+Down gives it to the next technician. */
  pending = onsite_store_count_pending_changes (store, NULL);
  events = count_events (store, ticket_id);
  expect.tech_id = next_tech_id (onsite_schedule_view_get_day (view), tech_id);
  xdo ("key", "ctrl+Down", NULL);
  g_assert_true (wait_for (fixture, visit_as_expected, 5));
  assert_one_change (store, pending, ticket_id, events);
  g_assert_cmpint (onsite_visit_get_id (onsite_timeline_get_selected (timeline)), ==, visit_id);

  /* The history says it in words. */
  {
    g_autoptr(GPtrArray) history = onsite_store_list_events (store, ticket_id, NULL);
    OnsiteEvent *last = g_ptr_array_index (history, history->len - 1);
    OnsiteEvent *first_move = g_ptr_array_index (history, history->len - 4);

    g_assert_true (g_str_has_prefix (last->summary, "Reassigned from "));
    g_assert_nonnull (strstr (first_move->summary, " moved from "));
  }

  /* 3. Assign a ticket through the public call, at 14:00. */
  ticket = unplanned_ticket (store, 0);
  g_assert_nonnull (ticket);
  pending = onsite_store_count_pending_changes (store, NULL);
  events = count_events (store, onsite_ticket_get_id (ticket));
  expect.visit_id = onsite_schedule_view_assign_ticket_at (view, onsite_ticket_get_id (ticket), tech_id, today_unix (14, 0));
  g_assert_cmpint (expect.visit_id, >, 0);
  expect.start = today_unix (14, 0);
  expect.tech_id = tech_id;
  {
    g_autoptr(OnsiteVisit) made = onsite_store_get_visit (store, expect.visit_id, NULL);
    g_autoptr(OnsiteTicket) after = onsite_store_get_ticket (store, onsite_ticket_get_id (ticket), NULL);

    expect.end = onsite_visit_get_end (made);
    g_assert_cmpint (expect.end, >, expect.start);
    g_assert_cmpint (onsite_ticket_get_status (after), ==, ONSITE_TICKET_STATUS_SCHEDULED);
  }
  g_assert_true (visit_as_expected (fixture));
  assert_one_change (store, pending, onsite_ticket_get_id (ticket), events);
  g_assert_true (wait_for (fixture, timeline_shows_expected, 5));
  g_clear_object (&ticket);

  /* 4. Drop a ticket on the timeline at 15:10: it lands at 15:15. */
  ticket = unplanned_ticket (store, 0);
  g_assert_nonnull (ticket);
  onsite_timeline_scroll_to_time (timeline, today_unix (12, 0));
  spin (0.3);
  g_assert_true (onsite_timeline_get_row_area (timeline, tech_id, &area));
  pending = onsite_store_count_pending_changes (store, NULL);
  events = count_events (store, onsite_ticket_get_id (ticket));
  g_assert_true (emit_drop (GTK_WIDGET (timeline), onsite_ticket_get_id (ticket),
                            onsite_timeline_time_to_x (timeline, today_unix (15, 10)),
                            area.origin.y + area.size.height / 2));
  {
    g_autoptr(OnsiteVisit) made = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL);

    g_assert_nonnull (made);
    g_assert_cmpint (onsite_visit_get_technician_id (made), ==, tech_id);
    g_assert_cmpint (onsite_visit_get_start (made), ==, today_unix (15, 15));
  }
  assert_one_change (store, pending, onsite_ticket_get_id (ticket), events);
  g_clear_object (&ticket);

  /* 5. Drag a ticket onto a technician in the roster: their earliest slot. */
  {
    GtkWidget *roster = find_widget (GTK_WIDGET (view), GTK_TYPE_LIST_BOX);
    GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (gtk_widget_get_parent (roster)));
    OnsiteDay *day = onsite_schedule_view_get_day (view);
    g_autoptr(OnsiteVisit) made = NULL;
    GtkWidget *row = NULL;
    OnsiteTech *first = NULL;
    gint64 first_id, day_start, day_end;
    graphene_point_t top;

    /* The least busy technician today, so that a slot is likely. */
    {
      GtkWidget *candidate;
      guint fewest = G_MAXUINT;

      for (int i = 0; (candidate = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (roster), i))); i++)
        {
          OnsiteTech *tech = g_object_get_data (G_OBJECT (candidate), "tech");
          guint n = g_list_model_get_n_items (onsite_day_get_visits (day, onsite_tech_get_id (tech)));

          if (n < fewest)
            {
              fewest = n;
              row = candidate;
              first = tech;
            }
        }
    }
    g_assert_nonnull (row);
    g_assert_nonnull (first);

    /* The drop rebuilds the roster: keep the id, not the row's technician. */
    first_id = onsite_tech_get_id (first);
    day_start = onsite_day_get_start (day);
    day_end = onsite_day_get_end (day);

    /* Scroll the row into view, as a person would first. */
    g_assert_true (gtk_widget_compute_point (row, roster, &GRAPHENE_POINT_INIT (0, 0), &top));
    gtk_adjustment_set_value (vadjustment, top.y);
    spin (0.3);

    ticket = unplanned_ticket (store, 0);
    pending = onsite_store_count_pending_changes (store, NULL);
    events = count_events (store, onsite_ticket_get_id (ticket));
    xdnd_drag (ticket, row, 60, 20);
    expect.ticket_id = onsite_ticket_get_id (ticket);
    expect.tech_id = first_id;

    if (wait_for (fixture, ticket_planned, 3))
      {
        made = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL);
        g_assert_cmpint (onsite_visit_get_start (made), >=, day_start);
        g_assert_cmpint (onsite_visit_get_end (made), <=, day_end);
        assert_one_change (store, pending, onsite_ticket_get_id (ticket), events);
        g_test_message ("Roster drop: planned at %" G_GINT64_FORMAT, onsite_visit_get_start (made));
      }
    else
      {
        /* No slot that day (a weekend, late evening): nothing written, and a toast says why. */
        g_assert_null (onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL));
        g_assert_cmpint (onsite_store_count_pending_changes (store, NULL), ==, pending);
        g_assert_nonnull (find_label_containing (GTK_WIDGET (view), "No free time for"));
        g_test_message ("Roster drop: no feasible slot today");
      }
    g_clear_object (&ticket);
  }

  spin (0.5);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-schedule-after.png");
  /* 6. A real drag and drop through the X server, onto the timeline at 16:00. */
  ticket = unplanned_ticket (store, 0);
  g_assert_nonnull (ticket);
  onsite_timeline_scroll_to_time (timeline, today_unix (12, 0));
  spin (0.3);
  g_assert_true (onsite_timeline_get_row_area (timeline, tech_id, &area));
  pending = onsite_store_count_pending_changes (store, NULL);
  events = count_events (store, onsite_ticket_get_id (ticket));
  xdnd_drag (ticket, GTK_WIDGET (timeline),
             onsite_timeline_time_to_x (timeline, today_unix (16, 0)) + 2,
             area.origin.y + area.size.height / 2);
  expect.ticket_id = onsite_ticket_get_id (ticket);
  expect.tech_id = tech_id;
  g_assert_true (wait_for (fixture, ticket_planned, 5));
  {
    g_autoptr(OnsiteVisit) made = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL);

    g_assert_cmpint (onsite_visit_get_start (made), ==, today_unix (16, 0));
  }
  assert_one_change (store, pending, onsite_ticket_get_id (ticket), events);
  g_clear_object (&ticket);

  /* 7. Delete takes the technician off the focused visit. */
  expect.visit_id = visit_id;
  g_assert_true (onsite_timeline_select_visit (timeline, visit_id));
  gtk_widget_grab_focus (GTK_WIDGET (timeline));
  pending = onsite_store_count_pending_changes (store, NULL);
  events = count_events (store, ticket_id);
  {
    g_autoptr(OnsiteVisit) before = onsite_store_get_visit (store, visit_id, NULL);

    expect.start = onsite_visit_get_start (before);
    expect.end = onsite_visit_get_end (before);
    expect.tech_id = onsite_visit_get_technician_id (before);
  }
  xdo ("key", "Delete", NULL);
  {
    g_autoptr(OnsiteVisit) after = onsite_store_get_visit (store, visit_id, NULL);

    g_assert_cmpint (onsite_visit_get_technician_id (after), <=, 0);
  }
  assert_one_change (store, pending, ticket_id, events);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (view), "unassigned"));
  {
    /* The visit waits in the Unassigned row at the bottom. */
    GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (timeline));

    gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
    spin (0.3);
    save_screenshot (GTK_WIDGET (fixture->window), "screenshot-schedule-unassigned.png");
  }

  /* The toast's Undo gives it back: another change, another outbox row. */
  {
    GtkWidget *undo = GTK_WIDGET (find_label_with_text (GTK_WIDGET (view), "Undo"));

    while (undo != NULL && !GTK_IS_BUTTON (undo))
      undo = gtk_widget_get_parent (undo);
    g_assert_nonnull (undo);
    pending = onsite_store_count_pending_changes (store, NULL);
    events = count_events (store, ticket_id);
    click_widget (undo);
    g_assert_true (wait_for (fixture, visit_as_expected, 5));
    assert_one_change (store, pending, ticket_id, events);
  }

  /* A small screen. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  spin (1.0);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-schedule-1024x600.png");

  expect.store = NULL;
}

static guint n_activated;
static gint64 activated_id;

static void
on_visit_activated_cb (OnsiteScheduleView *view,
                       OnsiteVisit        *visit,
                       gpointer            data)
{
  n_activated++;
  activated_id = onsite_visit_get_id (visit);
}

static gboolean
zoom_changed (Fixture *fixture)
{
  OnsiteTimeline *timeline = onsite_schedule_view_get_timeline (find_view (fixture));

  return onsite_timeline_get_zoom (timeline) != ONSITE_TIMELINE_DEFAULT_ZOOM;
}

static void
click_button_with_tooltip (GtkWidget  *root,
                           const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        {
          click_widget (child);
          return;
        }
      click_button_with_tooltip (child, tooltip);
    }
}

static void
test_day_and_zoom (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) today = NULL;
  OnsiteScheduleView *view;
  OnsiteTimeline *timeline;
  OnsiteVisit *visit;
  graphene_rect_t area;
  gint64 pending;
  double zoom;

  if (!g_find_program_in_path ("xdotool"))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  fill_demo (fixture->db_path);
  store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  ensure_visits_today (store);

  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  spin (0.5);
  click_widget (GTK_WIDGET (find_label_with_text (GTK_WIDGET (fixture->window), "Schedule")));
  g_assert_true (wait_for (fixture, schedule_shown, 5));
  view = find_view (fixture);
  timeline = onsite_schedule_view_get_timeline (view);
  today = g_date_time_ref (onsite_schedule_view_get_date (view));
  g_signal_connect (view, "visit-activated", G_CALLBACK (on_visit_activated_cb), NULL);
  spin (0.5);

  /* A click on a block, without moving it, activates it and changes nothing. */
  {
    OnsiteDay *day = onsite_schedule_view_get_day (view);
    g_autoptr(OnsiteTech) first = g_list_model_get_item (onsite_day_get_techs (day), 0);

    visit = g_list_model_get_item (onsite_day_get_visits (day, onsite_tech_get_id (first)), 0);
  }
  g_assert_nonnull (visit);
  g_assert_true (onsite_timeline_select_visit (timeline, onsite_visit_get_id (visit)));
  spin (0.3);
  g_assert_true (onsite_timeline_get_visit_area (timeline, onsite_visit_get_id (visit), &area));
  pending = onsite_store_count_pending_changes (store, NULL);
  {
    g_autofree char *xid = NULL;
    g_autofree char *sx = NULL;
    g_autofree char *sy = NULL;

    to_screen (GTK_WIDGET (timeline), area.origin.x + area.size.width / 2, area.origin.y + area.size.height / 2,
               &xid, &sx, &sy);
    xdo ("mousemove", "--window", xid, sx, sy, NULL);
    xdo ("click", "1", NULL);

    /* And the pointer resting on it tells what it is. */
    {
      g_autofree char *near = g_strdup_printf ("%d", atoi (sx) + 2);
      xdo ("mousemove", "--window", xid, near, sy, NULL);
    }
    spin (1.5);
    save_screenshot (GTK_WIDGET (fixture->window), "screenshot-schedule-tooltip.png");
  }
  g_assert_cmpuint (n_activated, ==, 1);
  g_assert_cmpint (activated_id, ==, onsite_visit_get_id (visit));
  g_assert_cmpint (onsite_store_count_pending_changes (store, NULL), ==, pending);

  /* Held at the right edge, a drag scrolls the day on; Escape puts the
   * block back and nothing is written. */
  {
    GtkAdjustment *hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (timeline));
    double scrolled = gtk_adjustment_get_value (hadjustment);
    g_autofree char *xid = NULL;
    g_autofree char *sx = NULL;
    g_autofree char *sy = NULL;
    g_autofree char *ex = NULL;
    g_autofree char *ey = NULL;
    g_autofree char *unused = NULL;
    g_autoptr(OnsiteVisit) after = NULL;

    g_assert_true (onsite_timeline_get_visit_area (timeline, onsite_visit_get_id (visit), &area));
    to_screen (GTK_WIDGET (timeline), area.origin.x + area.size.width / 2, area.origin.y + area.size.height / 2,
               &xid, &sx, &sy);
    to_screen (GTK_WIDGET (timeline), gtk_widget_get_width (GTK_WIDGET (timeline)) - 5,
               area.origin.y + area.size.height / 2, &unused, &ex, &ey);
    xdo ("mousemove", "--window", xid, sx, sy, NULL);
    xdo ("mousedown", "1", NULL);
    xdo ("mousemove", "--window", xid, ex, ey, NULL);
    spin (1.0);
    g_assert_cmpfloat (gtk_adjustment_get_value (hadjustment), >, scrolled + 50);

    /* News from the store (a sync) do not pull the block from under the
     * pointer: the day is shown again once the drag is over. */
    scrolled = gtk_adjustment_get_value (hadjustment);
    onsite_context_store_changed (onsite_window_get_context (fixture->window));
    spin (0.5);
    g_assert_true (onsite_timeline_get_day (timeline) != onsite_schedule_view_get_day (view));
    g_assert_cmpfloat (gtk_adjustment_get_value (hadjustment), >=, scrolled);

    xdo ("key", "Escape", NULL);
    xdo ("mouseup", "1", NULL);
    spin (0.3);
    g_assert_true (onsite_timeline_get_day (timeline) == onsite_schedule_view_get_day (view));
    after = onsite_store_get_visit (store, onsite_visit_get_id (visit), NULL);
    g_assert_cmpint (onsite_visit_get_start (after), ==, onsite_visit_get_start (visit));
    g_assert_cmpint (onsite_store_count_pending_changes (store, NULL), ==, pending);
  }
  g_object_unref (visit);

  /* Ctrl+scroll zooms; the buttons too. */
  zoom = onsite_timeline_get_zoom (timeline);
  xdo ("keydown", "ctrl", NULL);
  xdo ("click", "4", NULL);
  xdo ("keyup", "ctrl", NULL);
  g_assert_true (wait_for (fixture, zoom_changed, 3));
  g_assert_cmpfloat (onsite_timeline_get_zoom (timeline), >, zoom);
  zoom = onsite_timeline_get_zoom (timeline);
  click_button_with_tooltip (GTK_WIDGET (view), "Zoom Out");
  g_assert_cmpfloat (onsite_timeline_get_zoom (timeline), <, zoom);

  /* The day picker: next day, previous day, and today again. */
  click_button_with_tooltip (GTK_WIDGET (view), "Next Day");
  {
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);

    g_assert_true (g_date_time_equal (onsite_schedule_view_get_date (view), tomorrow));
    g_assert_true (g_date_time_equal (onsite_day_get_date (onsite_schedule_view_get_day (view)), tomorrow));
  }
  click_button_with_tooltip (GTK_WIDGET (view), "Previous Day");
  click_button_with_tooltip (GTK_WIDGET (view), "Previous Day");
  {
    g_autoptr(GDateTime) yesterday = g_date_time_add_days (today, -1);

    g_assert_true (g_date_time_equal (onsite_schedule_view_get_date (view), yesterday));
  }
  click_widget (GTK_WIDGET (find_label_with_text (GTK_WIDGET (view), "Today")));
  g_assert_true (g_date_time_equal (onsite_schedule_view_get_date (view), today));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schedule/layout/snap", test_snap);
  g_test_add_func ("/schedule/layout/time-to-x", test_time_to_x);
  g_test_add_func ("/schedule/layout/lanes", test_lanes);
  g_test_add_func ("/schedule/layout/hit-test", test_hit_test);
  g_test_add_func ("/schedule/tech-state", test_tech_state);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run this test under Xvfb\n");
      return 77;
    }
  adw_init ();

  g_test_add ("/ui/schedule/drag-keys-drop", Fixture, NULL,
              fixture_set_up, test_schedule, fixture_tear_down);
  g_test_add ("/ui/schedule/click-zoom-days", Fixture, NULL,
              fixture_set_up, test_day_and_zoom, fixture_tear_down);

  return g_test_run ();
}
