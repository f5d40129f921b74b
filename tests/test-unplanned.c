/* test-unplanned.c — the Schedule page's Unplanned pane, under Xvfb
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatcher drags a ticket from the pane beside the timeline onto a
 * technician's row, with the pointer through the X server; the store has
 * the visit, the outbox one assignment more, and the pane lets it go.
 * Enter on a row opens the Assign dialog for the day shown. The layout is
 * looked at (and saved) at 1280×800 and 1024×600.
 */

#include "ui-fixture.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "onsite-assign-dialog.h"
#include "onsite-map-view.h"
#include "onsite-schedule-view.h"
#include "onsite-store-dispatch.h"
#include "onsite-ticket-row.h"
#include "onsite-unplanned-pane.h"

#define TEST_LEVEL_FIELD 2

static struct {
  OnsiteStore *store;
  OnsiteUnplannedPane *pane;
  OnsiteScheduleView *view;
  GDateTime *date;
  gint64 ticket_id;
  gint64 tech_id;
  int width;
} expect;

static OnsiteScheduleView *
find_view (Fixture *fixture)
{
  return (OnsiteScheduleView *)find_widget (GTK_WIDGET (fixture->window), ONSITE_TYPE_SCHEDULE_VIEW);
}

static gboolean
schedule_shown (Fixture *fixture)
{
  OnsiteScheduleView *view = find_view (fixture);

  return view != NULL && gtk_widget_get_mapped (GTK_WIDGET (view)) &&
         onsite_schedule_view_get_day (view) != NULL;
}

static gboolean
day_shown (Fixture *fixture)
{
  OnsiteDay *day = onsite_schedule_view_get_day (expect.view);

  return day != NULL && g_date_time_equal (onsite_day_get_date (day), expect.date);
}

static gboolean
ticket_planned (Fixture *fixture)
{
  g_autoptr(OnsiteVisit) visit = onsite_store_find_ticket_visit (expect.store, expect.ticket_id, NULL);

  return visit != NULL && onsite_visit_get_technician_id (visit) == expect.tech_id;
}

static gboolean
pane_has (OnsiteUnplannedPane *pane,
          gint64               ticket_id)
{
  GListModel *tickets = onsite_unplanned_pane_get_tickets (pane);

  for (guint i = 0; i < g_list_model_get_n_items (tickets); i++)
    {
      g_autoptr(OnsiteTicket) ticket = g_list_model_get_item (tickets, i);

      if (onsite_ticket_get_id (ticket) == ticket_id)
        return TRUE;
    }

  return FALSE;
}

static gboolean
ticket_left_pane (Fixture *fixture)
{
  return !pane_has (expect.pane, expect.ticket_id);
}

static gboolean
ticket_back_in_pane (Fixture *fixture)
{
  return pane_has (expect.pane, expect.ticket_id);
}

static gboolean
pane_hidden (Fixture *fixture)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (expect.pane));
}

static gboolean
pane_shown (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (expect.pane));
}

static gboolean
window_resized (Fixture *fixture)
{
  /* Within the window's own shadow and border. */
  return ABS (gtk_widget_get_width (GTK_WIDGET (fixture->window)) - expect.width) <= 16;
}

static gboolean
assign_dialog_shown (Fixture *fixture)
{
  return find_toplevel (ONSITE_TYPE_ASSIGN_DIALOG) != NULL;
}

static GtkWidget *
find_button_with_tooltip (GtkWidget  *root,
                          const char *tooltip)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_tooltip (child, tooltip);
      if (found)
        return found;
    }

  return NULL;
}

/* The pane's row showing @ticket_id, or %NULL if none is drawn. */
static GtkWidget *
find_ticket_row (GtkWidget *root,
                 gint64     ticket_id)
{
  if (ONSITE_IS_TICKET_ROW (root))
    {
      OnsiteTicket *ticket = onsite_ticket_row_get_ticket (ONSITE_TICKET_ROW (root));

      if (ticket != NULL && onsite_ticket_get_id (ticket) == ticket_id && gtk_widget_is_drawable (root))
        return root;
      return NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_ticket_row (child, ticket_id);
      if (found)
        return found;
    }

  return NULL;
}

/* @widget's bounds in the window's coordinates. */
static graphene_rect_t
bounds_in_window (Fixture   *fixture,
                  GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (fixture->window), &bounds));
  return bounds;
}

/* The pane, the timeline and the roster side by side, none over another,
 * and each wide enough to use. */
static void
assert_layout (Fixture *fixture)
{
  GtkWidget *timeline = GTK_WIDGET (onsite_schedule_view_get_timeline (expect.view));
  GtkWidget *scroller = gtk_widget_get_ancestor (timeline, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *roster = find_widget (GTK_WIDGET (expect.view), GTK_TYPE_LIST_BOX);
  graphene_rect_t pane = bounds_in_window (fixture, GTK_WIDGET (expect.pane));
  graphene_rect_t shown = bounds_in_window (fixture, scroller);
  graphene_rect_t people = bounds_in_window (fixture, roster);
  int window_width = gtk_widget_get_width (GTK_WIDGET (fixture->window));

  g_test_message ("At %d px: roster %.0f–%.0f, timeline %.0f–%.0f, pane %.0f–%.0f × %.0f",
                  window_width,
                  people.origin.x, people.origin.x + people.size.width,
                  shown.origin.x, shown.origin.x + shown.size.width,
                  pane.origin.x, pane.origin.x + pane.size.width, pane.size.height);

  g_assert_cmpfloat (people.origin.x + people.size.width, <=, shown.origin.x);
  g_assert_cmpfloat (shown.origin.x + shown.size.width, <=, pane.origin.x);
  g_assert_cmpfloat (pane.origin.x + pane.size.width, <=, window_width + 0.5);
  g_assert_cmpfloat (shown.size.width, >=, 300);
  g_assert_cmpfloat (pane.size.width, >=, 300);
  g_assert_cmpfloat (pane.size.height, >=, 150);
}

static guint
count_assignments (const char *db_path,
                   gint64      ticket_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM outbox WHERE ticket_id = ?1 AND kind = 'assignment'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

/* What the pane should list, read from the store by other means: open
 * (new or open), level 2, no visit. */
static guint
count_unplanned (OnsiteStore *store)
{
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  open = onsite_store_list_open_tickets (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < open->len; i++)
    {
      OnsiteTicket *ticket = g_ptr_array_index (open, i);
      OnsiteTicketStatus status = onsite_ticket_get_status (ticket);
      g_autoptr(OnsiteVisit) visit = NULL;

      if (status != ONSITE_TICKET_STATUS_NEW && status != ONSITE_TICKET_STATUS_OPEN)
        continue;
      if (onsite_ticket_get_support_level (ticket) != TEST_LEVEL_FIELD)
        continue;
      visit = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), &error);
      g_assert_no_error (error);
      if (visit == NULL)
        n++;
    }

  return n;
}

static void
assert_pane_contents (OnsiteUnplannedPane *pane,
                      OnsiteStore         *store)
{
  GListModel *tickets = onsite_unplanned_pane_get_tickets (pane);
  gint64 previous_due = 0;

  g_assert_cmpuint (g_list_model_get_n_items (tickets), >, 1);
  g_assert_cmpuint (g_list_model_get_n_items (tickets), ==, count_unplanned (store));

  for (guint i = 0; i < g_list_model_get_n_items (tickets); i++)
    {
      g_autoptr(OnsiteTicket) ticket = g_list_model_get_item (tickets, i);
      g_autoptr(OnsiteVisit) visit = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL);
      /* No SLA sorts last. */
      gint64 due = onsite_ticket_get_sla_due (ticket) > 0 ? onsite_ticket_get_sla_due (ticket) : G_MAXINT64;

      g_assert_null (visit);
      g_assert_cmpint (onsite_ticket_get_support_level (ticket), ==, TEST_LEVEL_FIELD);
      g_assert_true (onsite_ticket_get_status (ticket) == ONSITE_TICKET_STATUS_NEW ||
                     onsite_ticket_get_status (ticket) == ONSITE_TICKET_STATUS_OPEN);
      /* Most urgent first. */
      g_assert_cmpint (due, >=, previous_due);
      previous_due = due;
    }
}

static void
test_drag_from_pane (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) other_day = NULL;
  g_autoptr(GDateTime) now_local = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(OnsiteTicket) ticket = NULL;
  OnsiteTimeline *timeline;
  OnsiteDay *day;
  GtkWidget *switcher_label;
  GtkWidget *toggle;
  GtkWidget *row;
  graphene_rect_t area;
  gint64 now, drop_at, pending;
  guint n_before;

  if (!g_find_program_in_path ("xdotool"))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  fill_demo (fixture->db_path);
  store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  expect.store = store;

  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  spin (0.5);

  switcher_label = GTK_WIDGET (find_label_with_text (GTK_WIDGET (fixture->window), "Schedule"));
  g_assert_nonnull (switcher_label);
  click_widget (switcher_label);
  g_assert_true (wait_for (fixture, schedule_shown, 5));
  expect.view = find_view (fixture);
  timeline = onsite_schedule_view_get_timeline (expect.view);

  /* A day with time left to plan, whatever the hour. */
  now = g_get_real_time () / G_USEC_PER_SEC;
  now_local = g_date_time_new_from_unix_local (now);
  other_day = day_with_time_to_plan (now);
  if (other_day != NULL)
    onsite_schedule_view_set_date (expect.view, other_day);
  expect.date = onsite_schedule_view_get_date (expect.view);
  g_assert_true (wait_for (fixture, day_shown, 5));
  /* Borrowed: every change to the store gives the view a new day. */
  day = onsite_schedule_view_get_day (expect.view);

  /* On today, two whole hours ahead (before 16:00: today is chosen only
   * before 14:00); on another day, at 10:00. */
  if (other_day == NULL)
    drop_at = g_date_time_to_unix (expect.date) + (g_date_time_get_hour (now_local) + 2) * 3600;
  else
    drop_at = g_date_time_to_unix (expect.date) + 10 * 3600;

  /* The pane is shown by default, beside the timeline. */
  expect.pane = (OnsiteUnplannedPane *)find_widget (GTK_WIDGET (expect.view), ONSITE_TYPE_UNPLANNED_PANE);
  g_assert_nonnull (expect.pane);
  g_assert_true (wait_for (fixture, pane_shown, 3));
  assert_pane_contents (expect.pane, store);
  {
    gint64 best = G_MAXINT64;

    for (int i = 0; i < 5; i++)
      {
        gint64 t0 = g_get_monotonic_time ();

        onsite_unplanned_pane_reload (expect.pane);
        best = MIN (best, g_get_monotonic_time () - t0);
      }
    g_test_message ("Reading %u unplanned tickets took %.1f ms (best of 5)",
                    g_list_model_get_n_items (onsite_unplanned_pane_get_tickets (expect.pane)),
                    best / 1000.0);
  }
  spin (0.5);
  assert_layout (fixture);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-unplanned-1280.png");

  /* Its button puts it away, and the setting remembers; and back. */
  settings = g_settings_new (APPLICATION_ID);
  toggle = find_button_with_tooltip (GTK_WIDGET (expect.view), "Show the Unplanned Tickets");
  g_assert_nonnull (toggle);
  click_widget (toggle);
  g_assert_true (wait_for (fixture, pane_hidden, 3));
  g_assert_false (g_settings_get_boolean (settings, "schedule-show-unplanned"));
  click_widget (toggle);
  g_assert_true (wait_for (fixture, pane_shown, 3));
  g_assert_true (g_settings_get_boolean (settings, "schedule-show-unplanned"));
  spin (0.3);

  /* The most urgent ticket, onto the first technician at drop_at. */
  {
    GListModel *tickets = onsite_unplanned_pane_get_tickets (expect.pane);
    GListModel *techs = onsite_day_get_techs (day);
    g_autoptr(OnsiteTech) tech = NULL;

    ticket = g_list_model_get_item (tickets, 0);
    g_assert_nonnull (ticket);
    g_assert_cmpuint (g_list_model_get_n_items (techs), >, 0);
    tech = g_list_model_get_item (techs, 0);
    expect.ticket_id = onsite_ticket_get_id (ticket);
    expect.tech_id = onsite_tech_get_id (tech);
    n_before = g_list_model_get_n_items (tickets);
  }
  g_assert_null (onsite_store_find_ticket_visit (store, expect.ticket_id, NULL));

  onsite_timeline_scroll_to_time (timeline, drop_at - 3600);
  spin (0.3);
  g_assert_true (onsite_timeline_get_row_area (timeline, expect.tech_id, &area));
  row = find_ticket_row (GTK_WIDGET (expect.pane), expect.ticket_id);
  g_assert_nonnull (row);

  pending = onsite_store_count_pending_changes (store, NULL);
  g_assert_cmpuint (count_assignments (fixture->db_path, expect.ticket_id), ==, 0);

  {
    g_autofree char *xid = NULL, *sx = NULL, *sy = NULL;
    g_autofree char *txid = NULL, *tx = NULL, *ty = NULL;
    g_autofree char *step1 = NULL, *step2 = NULL, *near = NULL;

    to_screen (row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0, &xid, &sx, &sy);
    to_screen (GTK_WIDGET (timeline), onsite_timeline_time_to_x (timeline, drop_at) + 2,
               area.origin.y + area.size.height / 2, &txid, &tx, &ty);
    g_assert_cmpstr (xid, ==, txid);
    step1 = g_strdup_printf ("%d", atoi (sx) - 20);
    step2 = g_strdup_printf ("%d", atoi (sx) - 60);
    near = g_strdup_printf ("%d", atoi (tx) + 1);

    xdo ("mousemove", "--window", xid, sx, sy, NULL);
    xdo ("mousedown", "1", NULL);
    xdo ("mousemove", "--window", xid, step1, sy, NULL);
    xdo ("mousemove", "--window", xid, step2, sy, NULL);
    xdo ("mousemove", "--window", txid, tx, ty, NULL);
    xdo ("mousemove", "--window", txid, near, ty, NULL);
    save_screenshot (GTK_WIDGET (fixture->window), "screenshot-unplanned-dragging.png");
    xdo ("mousemove", "--window", txid, tx, ty, NULL);
    xdo ("mouseup", "1", NULL);
  }

  /* The store has the visit, for that technician, there, that day. */
  g_assert_true (wait_for (fixture, ticket_planned, 5));
  {
    g_autoptr(OnsiteVisit) made = onsite_store_find_ticket_visit (store, expect.ticket_id, NULL);
    g_autoptr(OnsiteTicket) after = onsite_store_get_ticket (store, expect.ticket_id, NULL);

    g_assert_cmpint (onsite_visit_get_start (made), ==, drop_at);
    g_assert_cmpint (onsite_visit_get_start (made), >=, g_date_time_to_unix (expect.date));
    g_assert_cmpint (onsite_visit_get_end (made), >, drop_at);
    g_assert_cmpint (onsite_ticket_get_status (after), ==, ONSITE_TICKET_STATUS_SCHEDULED);
  }
  /* Exactly one change on its way out, an assignment. */
  g_assert_cmpint (onsite_store_count_pending_changes (store, NULL), ==, pending + 1);
  g_assert_cmpuint (count_assignments (fixture->db_path, expect.ticket_id), ==, 1);

  /* The pane let it go, and kept the others. */
  g_assert_true (wait_for (fixture, ticket_left_pane, 5));
  g_assert_cmpuint (g_list_model_get_n_items (onsite_unplanned_pane_get_tickets (expect.pane)), ==, n_before - 1);
  assert_pane_contents (expect.pane, store);
  spin (0.3);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-unplanned-after.png");

  /* The keyboard: Enter on a row asks the Assign dialog, for the day shown. */
  {
    g_autoptr(OnsiteTicket) next = g_list_model_get_item (onsite_unplanned_pane_get_tickets (expect.pane), 0);
    GtkWidget *next_row = find_ticket_row (GTK_WIDGET (expect.pane), onsite_ticket_get_id (next));
    OnsiteAssignDialog *dialog;

    g_assert_nonnull (next_row);
    click_widget (next_row);
    xdo ("key", "Return", NULL);
    g_assert_true (wait_for (fixture, assign_dialog_shown, 5));
    dialog = (OnsiteAssignDialog *)find_toplevel (ONSITE_TYPE_ASSIGN_DIALOG);
    g_assert_true (g_date_time_equal (onsite_assign_dialog_get_date (dialog), expect.date));
    gtk_window_destroy (GTK_WINDOW (dialog));
    spin (0.3);
    /* Looking is not assigning. */
    g_assert_null (onsite_store_find_ticket_visit (store, onsite_ticket_get_id (next), NULL));
  }

  /* A change made elsewhere (the visit cancelled, as another window or a
   * sync would): the ticket comes back, in its place by urgency. (A visit
   * only unassigned stays a visit, on the timeline's row of its own.) */
  {
    g_autoptr(OnsiteVisit) made = onsite_store_find_ticket_visit (store, expect.ticket_id, NULL);

    g_assert_true (onsite_store_cancel_visit (store, onsite_visit_get_id (made), "Customer away", "test", &error));
    g_assert_no_error (error);
    onsite_context_store_changed (onsite_window_get_context (fixture->window));
    g_assert_true (wait_for (fixture, ticket_back_in_pane, 5));
    g_assert_cmpuint (g_list_model_get_n_items (onsite_unplanned_pane_get_tickets (expect.pane)), ==, n_before);
    assert_pane_contents (expect.pane, store);
  }

  /* Onto a technician in the roster: their earliest free slot that day.
   * The next weekday after the one shown, which nobody has planned yet, so
   * that there is a slot whatever the hour. */
  {
    g_autoptr(GDateTime) next_day = g_date_time_add_days (expect.date, 1);

    while (g_date_time_get_day_of_week (next_day) > 5)
      {
        GDateTime *later = g_date_time_add_days (next_day, 1);

        g_date_time_unref (next_day);
        next_day = later;
      }
    g_clear_pointer (&other_day, g_date_time_unref);
    other_day = g_date_time_ref (expect.date);
    onsite_schedule_view_set_date (expect.view, next_day);
    expect.date = onsite_schedule_view_get_date (expect.view);
    g_assert_true (wait_for (fixture, day_shown, 5));
  }
  {
    GtkWidget *roster = find_widget (GTK_WIDGET (expect.view), GTK_TYPE_LIST_BOX);
    OnsiteDay *shown = onsite_schedule_view_get_day (expect.view);
    g_autoptr(OnsiteTicket) top = g_list_model_get_item (onsite_unplanned_pane_get_tickets (expect.pane), 0);
    g_autofree char *xid = NULL, *sx = NULL, *sy = NULL;
    g_autofree char *txid = NULL, *tx = NULL, *ty = NULL;
    g_autofree char *step = NULL;
    GtkWidget *target = NULL, *source_row;
    guint fewest = G_MAXUINT, assignments;

    /* The least busy technician, first in view. */
    for (int i = 0; i < 4; i++)
      {
        GtkWidget *candidate = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (roster), i));
        OnsiteTech *tech = candidate ? g_object_get_data (G_OBJECT (candidate), "tech") : NULL;
        guint n;

        if (tech == NULL)
          continue;
        n = g_list_model_get_n_items (onsite_day_get_visits (shown, onsite_tech_get_id (tech)));
        if (n < fewest)
          {
            fewest = n;
            target = candidate;
            expect.tech_id = onsite_tech_get_id (tech);
          }
      }
    g_assert_nonnull (target);

    expect.ticket_id = onsite_ticket_get_id (top);
    /* The pane's rows are new since the reload: let them be laid out. */
    spin (0.5);
    source_row = find_ticket_row (GTK_WIDGET (expect.pane), expect.ticket_id);
    g_assert_nonnull (source_row);
    g_assert_cmpint (gtk_widget_get_width (source_row), >, 100);
    pending = onsite_store_count_pending_changes (store, NULL);
    /* The ticket may have been planned and cancelled before. */
    assignments = count_assignments (fixture->db_path, expect.ticket_id);

    to_screen (source_row, gtk_widget_get_width (source_row) / 2.0, gtk_widget_get_height (source_row) / 2.0,
               &xid, &sx, &sy);
    to_screen (target, 60, 20, &txid, &tx, &ty);
    step = g_strdup_printf ("%d", atoi (sx) - 40);
    xdo ("mousemove", "--window", xid, sx, sy, NULL);
    xdo ("mousedown", "1", NULL);
    xdo ("mousemove", "--window", xid, step, sy, NULL);
    xdo ("mousemove", "--window", txid, tx, ty, NULL);
    xdo ("mousemove", "--window", txid, step, ty, NULL);
    xdo ("mousemove", "--window", txid, tx, ty, NULL);
    xdo ("mouseup", "1", NULL);

    if (!wait_for (fixture, ticket_planned, 5))
      {
        GtkLabel *toast = find_label_containing (GTK_WIDGET (expect.view), "No free time");
        save_screenshot (GTK_WIDGET (fixture->window), "screenshot-unplanned-roster-fail.png");
        g_autoptr(OnsiteVisit) any = onsite_store_find_ticket_visit (store, expect.ticket_id, NULL);
        g_test_message ("toast: %s; visit with %" G_GINT64_FORMAT " (want %" G_GINT64_FORMAT "); pending %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT "; target %s at %s,%s from %s,%s",
                        toast ? gtk_label_get_text (toast) : "(none)",
                        any ? onsite_visit_get_technician_id (any) : -1, expect.tech_id,
                        pending, onsite_store_count_pending_changes (store, NULL),
                        gtk_widget_get_name (target), tx, ty, sx, sy);
      }
    g_assert_true (ticket_planned (fixture));
    {
      g_autoptr(OnsiteVisit) made = onsite_store_find_ticket_visit (store, expect.ticket_id, NULL);

      g_assert_cmpint (onsite_visit_get_start (made), >=, g_date_time_to_unix (expect.date));
      g_assert_cmpint (onsite_visit_get_end (made), <=, g_date_time_to_unix (expect.date) + 24 * 3600);
    }
    g_assert_cmpint (onsite_store_count_pending_changes (store, NULL), ==, pending + 1);
    g_assert_cmpuint (count_assignments (fixture->db_path, expect.ticket_id), ==, assignments + 1);
    g_assert_true (wait_for (fixture, ticket_left_pane, 5));
    assert_pane_contents (expect.pane, store);
  }
  /* Back to the day of the first drop. */
  onsite_schedule_view_set_date (expect.view, other_day);
  expect.date = onsite_schedule_view_get_date (expect.view);
  g_assert_true (wait_for (fixture, day_shown, 5));

  /* The small screen: both panes still beside the timeline, not over it. */
  expect.width = 1024;
  {
    int min_width = 0, min_height = 0;

    gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
    gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_VERTICAL, 1024, &min_height, NULL, NULL, NULL);
    g_test_message ("The window needs at least %d × %d", min_width, min_height);
    g_assert_cmpint (min_width, <=, 1024);
    g_assert_cmpint (min_height, <=, 600);
  }
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  if (!wait_for (fixture, window_resized, 3))
    {
      g_autofree char *xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (
                                                gtk_native_get_surface (GTK_NATIVE (fixture->window))));
      xdo ("windowsize", xid, "1024", "600", NULL);
      g_assert_true (wait_for (fixture, window_resized, 3));
    }
  spin (0.5);
  assert_layout (fixture);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-unplanned-1024.png");

  /* Each pane on its own, and neither: the timeline takes the room left. */
  {
    GtkWidget *route_toggle = find_button_with_tooltip (GTK_WIDGET (expect.view), "Show the Route on a Map");
    GtkWidget *timeline_scroller = gtk_widget_get_ancestor (GTK_WIDGET (timeline), GTK_TYPE_SCROLLED_WINDOW);
    GtkWidget *map = gtk_widget_get_ancestor (GTK_WIDGET (find_widget (GTK_WIDGET (expect.view), ONSITE_TYPE_MAP_VIEW)),
                                              GTK_TYPE_BOX);
    double pane_height = gtk_widget_get_height (GTK_WIDGET (expect.pane));
    double timeline_width = gtk_widget_get_width (timeline_scroller);

    g_assert_nonnull (route_toggle);
    g_assert_true (gtk_widget_get_mapped (map));

    click_widget (route_toggle);
    spin (0.5);
    g_assert_false (g_settings_get_boolean (settings, "schedule-show-route"));
    g_assert_false (gtk_widget_get_mapped (map));
    assert_layout (fixture);
    g_assert_cmpfloat (gtk_widget_get_height (GTK_WIDGET (expect.pane)), >, pane_height + 100);
    save_screenshot (GTK_WIDGET (fixture->window), "screenshot-unplanned-1024-no-map.png");

    click_widget (toggle);
    spin (0.5);
    g_assert_true (pane_hidden (fixture));
    g_assert_cmpfloat (gtk_widget_get_width (timeline_scroller), >, timeline_width + 200);

    click_widget (route_toggle);
    spin (0.5);
    g_assert_true (gtk_widget_get_mapped (map));
    g_assert_true (pane_hidden (fixture));

    click_widget (toggle);
    g_assert_true (wait_for (fixture, pane_shown, 3));
    spin (0.5);
    assert_layout (fixture);
  }

  /* The store cannot be read: the pane says so, in place of the list. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE visits RENAME TO visits_gone", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    onsite_unplanned_pane_reload (expect.pane);
    g_assert_nonnull (find_label_with_text (GTK_WIDGET (expect.pane), "Could Not Read the Tickets"));
    g_assert_null (find_ticket_row (GTK_WIDGET (expect.pane), expect.ticket_id));
  }
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

  g_test_add ("/ui/schedule/unplanned/drag", Fixture, NULL,
              fixture_set_up, test_drag_from_pane, fixture_tear_down);

  return g_test_run ();
}
