/* test-my-day.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The technician's day in the real window under Xvfb: clicks and keys go
 * through the X server (xdotool); the store, the history and the outbox
 * are read back from the database file.
 */

#include "ui-fixture.h"

#include "onsite-handoff-dialog.h"
#include "onsite-map-download-dialog.h"
#include "onsite-my-day-view.h"
#include "onsite-store-dispatch.h"
#include "onsite-store-field.h"
#include "onsite-store-private.h"
#include "onsite-store-vendor.h"

static void
rm_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

typedef struct
{
  OnsiteStore *store;
  gint64       tech_id;
  char        *tech_name;
  gint64       visits[3];
  gint64       tickets[3];
} Day;

static Day day;

static void
day_clear (void)
{
  g_clear_object (&day.store);
  g_clear_pointer (&day.tech_name, g_free);
  memset (&day, 0, sizeof day);
}

/* A new technician gets three open tickets with a place, today at 09:00,
 * 11:00 and 14:00. */
static void
plan_day (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  OnsiteTechnician technician = { .name = "Chiara Conti", .remote_id = "chiara" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  static const int hours[] = { 9, 11, 14 };
  guint found = 0;

  fill_demo (fixture->db_path);
  day.store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);

  /* A technician of our own: the demo may plan a day for its own. */
  day.tech_id = onsite_store_add_tech (day.store, &technician, "dispatcher", &error);
  g_assert_no_error (error);
  day.tech_name = g_strdup (technician.name);

  tickets = onsite_store_list_open_tickets (day.store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < tickets->len && found < G_N_ELEMENTS (hours); i++)
    {
      OnsiteTicket *ticket = g_ptr_array_index (tickets, i);
      g_autoptr(GDateTime) start = NULL;
      OnsiteTicketStatus status = onsite_ticket_get_status (ticket);

      if (!onsite_ticket_get_location (ticket, NULL, NULL) ||
          (status != ONSITE_TICKET_STATUS_NEW && status != ONSITE_TICKET_STATUS_OPEN))
        continue;

      start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                     g_date_time_get_day_of_month (now), hours[found], 0, 0);
      day.tickets[found] = onsite_ticket_get_id (ticket);
      day.visits[found] = onsite_store_assign_ticket (day.store, day.tickets[found], day.tech_id,
                                                      g_date_time_to_unix (start),
                                                      g_date_time_to_unix (start) + 90 * 60,
                                                      "dispatcher", &error);
      g_assert_no_error (error);
      found++;
    }

  g_assert_cmpuint (found, ==, 3);
}

static OnsiteMyDayView *
find_view (Fixture *fixture)
{
  return ONSITE_MY_DAY_VIEW (find_widget (GTK_WIDGET (fixture->window), ONSITE_TYPE_MY_DAY_VIEW));
}

static gboolean
day_shown (Fixture *fixture)
{
  OnsiteMyDayView *view = fixture->window ? find_view (fixture) : NULL;

  return view != NULL && gtk_widget_get_mapped (GTK_WIDGET (view)) &&
         onsite_my_day_view_get_n_visits (view) == 3 &&
         onsite_my_day_view_get_selected_visit (view) == day.visits[0];
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_is_drawable (root) &&
      (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0 ||
       g_strcmp0 (gtk_widget_get_tooltip_text (root), label) == 0))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_entry (GtkWidget  *root,
            const char *placeholder)
{
  if (GTK_IS_ENTRY (root) && gtk_widget_is_drawable (root) &&
      g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (root)), placeholder) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entry (child, placeholder);

      if (found)
        return found;
    }

  return NULL;
}

/* Scrolls the detail pane so that a person could see @widget. */
static void
scroll_into_view (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t point;

  if (scroller == NULL)
    return;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_true (gtk_widget_compute_point (widget, scroller, &GRAPHENE_POINT_INIT (0, 0), &point));

  if (point.y < 0 || point.y + gtk_widget_get_height (widget) > gtk_widget_get_height (scroller))
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 60);
      spin (0.3);
    }
}

static void
click (Fixture    *fixture,
       const char *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (fixture->window), label);

  if (button == NULL)
    g_error ("No visible button “%s”", label);

  scroll_into_view (button);
  click_widget (button);
}

static void
type_into (GtkWidget  *widget,
           const char *text)
{
  scroll_into_view (widget);
  click_widget (widget);
  xdo ("type", "--delay", "15", text, NULL);
}

static gint64 expected_visit;
static OnsiteVisitState expected_state;

static gboolean
visit_reached (Fixture *fixture)
{
  g_autoptr(OnsiteVisit) visit = onsite_store_get_visit (day.store, expected_visit, NULL);

  return visit != NULL && onsite_visit_get_state (visit) == expected_state;
}

static void
step (Fixture          *fixture,
      const char       *button,
      const char       *note,
      OnsiteVisitState  state)
{
  GtkWidget *entry = find_entry (GTK_WIDGET (fixture->window), "Note for this step (optional)");

  g_assert_nonnull (entry);
  if (note)
    type_into (entry, note);

  /* The next sensible step is the prominent one. */
  g_assert_true (gtk_widget_has_css_class (find_button (GTK_WIDGET (fixture->window), button),
                                           "suggested-action"));
  click (fixture, button);

  expected_state = state;
  g_assert_true (wait_for (fixture, visit_reached, 5));
  spin (0.3);
}

static gint64
query_int (const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (day.store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static gboolean
feedback_saved (Fixture *fixture)
{
  return query_int ("SELECT count(*) FROM visit_feedback") == 1;
}

static gboolean
part_saved (Fixture *fixture)
{
  return query_int ("SELECT count(*) FROM visit_parts") == 1;
}

static gboolean
chooser_shown (Fixture *fixture)
{
  return find_toplevel (GTK_TYPE_FILE_CHOOSER) != NULL;
}

static gboolean
chooser_gone (Fixture *fixture)
{
  return !chooser_shown (fixture);
}

static gboolean
attachment_saved (Fixture *fixture)
{
  return query_int ("SELECT count(*) FROM visit_attachments WHERE name = 'old-fuser.png'") == 1;
}

static GtkWindow *download_dialog;

static gboolean
download_dialog_shown (Fixture *fixture)
{
  download_dialog = find_toplevel (ONSITE_TYPE_MAP_DOWNLOAD_DIALOG);

  return download_dialog != NULL;
}

static void
test_visit_life (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(OnsiteWorkRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autofree char *sql = NULL;
  OnsiteMyDayView *view;
  GtkWidget *notes;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 outbox_before, after;

  plan_day (fixture);
  outbox_before = query_int ("SELECT max(id) FROM outbox");

  g_settings_set_string (settings, "role", "technician");
  g_settings_set_int64 (settings, "technician-id", day.tech_id);
  fixture->keep_role = TRUE;
  open_window (fixture);

  /* The technician's window opens on the day, the first visit chosen. */
  g_assert_true (wait_for (fixture, day_shown, 10));
  /* The window settles (its first load, the role's page) before a person looks. */
  spin (1.5);
  g_assert_true (wait_for (fixture, day_shown, 10));
  view = find_view (fixture);
  ticket = onsite_store_get_ticket (day.store, day.tickets[0], &error);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), onsite_ticket_get_title (ticket)));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), onsite_ticket_get_address (ticket)));
  spin (0.5);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-my-day.png");

  /* The map of the day's area can be taken along before leaving. */
  click (fixture, "_Download Map for Today…");
  g_assert_true (wait_for (fixture, download_dialog_shown, 5));
  spin (0.5);
  save_screenshot (GTK_WIDGET (download_dialog), "screenshot-my-day-download.png");
  gtk_window_destroy (download_dialog);
  download_dialog = NULL;
  spin (0.3);

  expected_visit = day.visits[0];
  step (fixture, "En Route", NULL, ONSITE_VISIT_EN_ROUTE);
  step (fixture, "On Site", "Reception sent me to the basement", ONSITE_VISIT_ON_SITE);

  /* The work record: notes and a part. */
  notes = find_widget (GTK_WIDGET (view), GTK_TYPE_TEXT_VIEW);
  type_into (notes, "Cleaned the rollers and replaced the fuser.");
  type_into (find_entry (GTK_WIDGET (view), "Part, e.g. Fuser unit RM2-5425"), "Fuser unit RM2-5425");
  click (fixture, "_Add");
  g_assert_true (wait_for (fixture, part_saved, 5));
  spin (0.3);

  /* A photo, through the file chooser: Ctrl+L, the path, Enter. */
  {
    g_autofree char *photo = g_build_filename (g_get_user_data_dir (), "old-fuser.png", NULL);

    g_assert_true (g_file_set_contents (photo, "\x89PNG\r\n\x1a\nnot really", -1, NULL));
    click (fixture, "Attach _File…");
    g_assert_true (wait_for (fixture, chooser_shown, 5));
    spin (0.5);
    xdo ("key", "ctrl+l", NULL);
    xdo ("type", "--delay", "10", photo, NULL);
    xdo ("key", "Return", NULL);
    g_assert_true (wait_for (fixture, attachment_saved, 5));
    g_assert_true (wait_for (fixture, chooser_gone, 5));
    spin (0.8);
    g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "old-fuser.png"));
  }
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-my-day-on-site.png");

  step (fixture, "Resolved", "Printed 50 pages without a jam", ONSITE_VISIT_DONE);

  /* The customer's word. */
  click (fixture, "4 stars");
  type_into (find_entry (GTK_WIDGET (view), "What the customer said (optional)"), "Quick and tidy");
  type_into (find_entry (GTK_WIDGET (view), "Customer’s name"), "Giulia Ferri");
  click (fixture, "_Save Feedback");
  g_assert_true (wait_for (fixture, feedback_saved, 5));
  spin (0.5);
  after = g_get_real_time () / G_USEC_PER_SEC;

  /* The store holds every step with its time… */
  record = onsite_store_get_work_record (day.store, day.visits[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->state, ==, ONSITE_VISIT_DONE);
  g_assert_cmpint (record->en_route_at, >=, before);
  g_assert_cmpint (record->arrived_at, >=, record->en_route_at);
  g_assert_cmpint (record->departed_at, >=, record->arrived_at);
  g_assert_cmpint (record->departed_at, <=, after);
  g_assert_cmpstr (record->notes, ==, "Cleaned the rollers and replaced the fuser.");
  g_assert_cmpuint (record->parts->len, ==, 1);
  g_assert_nonnull (record->feedback);
  g_assert_cmpint (record->feedback->rating, ==, 4);
  g_assert_cmpstr (record->feedback->comment, ==, "Quick and tidy");
  g_assert_cmpstr (record->feedback->customer_name, ==, "Giulia Ferri");
  g_clear_object (&ticket);
  ticket = onsite_store_get_ticket (day.store, day.tickets[0], &error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_RESOLVED);

  /* …the history a line for each, with the time… */
  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE ticket_id = %" G_GINT64_FORMAT
                         " AND json_extract (data, '$.step') IN ('en-route', 'on-site', 'resolved', 'feedback')"
                         " AND at BETWEEN %" G_GINT64_FORMAT " AND %" G_GINT64_FORMAT,
                         day.tickets[0], before, after);
  g_assert_cmpint (query_int (sql), ==, 4);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE ticket_id = %" G_GINT64_FORMAT
                         " AND summary LIKE '%s resolved the problem at %%: Printed 50 pages without a jam'",
                         day.tickets[0], day.tech_name);
  g_assert_cmpint (query_int (sql), ==, 1);
  g_clear_pointer (&sql, g_free);

  /* …and the outbox one row per step, then the feedback, in that order. */
  sql = g_strdup_printf ("SELECT group_concat (k, ',') FROM (SELECT coalesce (json_extract (payload, '$.step'), kind) AS k"
                         " FROM outbox WHERE id > %" G_GINT64_FORMAT " ORDER BY id)", outbox_before);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (day.store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "en-route,on-site,resolved,comment");
    sqlite3_finalize (stmt);
  }
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE id > %" G_GINT64_FORMAT
                         " AND state = 'pending' AND created_at BETWEEN %" G_GINT64_FORMAT " AND %" G_GINT64_FORMAT
                         " AND (kind = 'comment' OR json_extract (payload, '$.text') LIKE '%%:%%')",
                         outbox_before, before, after);
  g_assert_cmpint (query_int (sql), ==, 4);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE id > %" G_GINT64_FORMAT
                         " AND json_extract (payload, '$.step') = 'resolved'"
                         " AND json_extract (payload, '$.text') LIKE '%%Work notes:%%Cleaned the rollers%%"
                         "Parts used:%%1 × Fuser unit RM2-5425%%Files attached:%%old-fuser.png%%'"
                         " AND json_extract (payload, '$.attachments[0].name') = 'old-fuser.png'", outbox_before);
  g_assert_cmpint (query_int (sql), ==, 1);

  /* The feedback shows as given. */
  g_assert_nonnull (find_label_containing (GTK_WIDGET (view), "4 of 5 from Giulia Ferri"));
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-my-day-resolved.png");

  /* A small laptop: everything still reachable. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  spin (1.0);
  onsite_my_day_view_select_visit (view, day.visits[1]);
  spin (0.5);
  g_assert_true (gtk_widget_has_css_class (find_button (GTK_WIDGET (view), "En Route"), "suggested-action"));
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-my-day-1024x600.png");

  g_settings_set_string (settings, "role", "dispatcher");
  g_settings_set_int64 (settings, "technician-id", 0);
  day_clear ();
}

/* Needs Vendor -------------------------------------------------------------- */

/* One visit today for our technician, to an open printer ticket that no
 * vendor holds: the demo's vendors have contracts for printers. */
static void
plan_printer_visit (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = NULL;
  OnsiteTechnician technician = { .name = "Chiara Conti", .remote_id = "chiara" };

  fill_demo (fixture->db_path);
  day.store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  day.tech_id = onsite_store_add_tech (day.store, &technician, "dispatcher", &error);
  g_assert_no_error (error);
  day.tech_name = g_strdup (technician.name);

  tickets = onsite_store_list_open_tickets (day.store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tickets->len && day.tickets[0] == 0; i++)
    {
      OnsiteTicket *ticket = g_ptr_array_index (tickets, i);
      OnsiteTicketStatus status = onsite_ticket_get_status (ticket);
      g_autoptr(OnsiteHandoff) open = NULL;

      /* An SLA well ahead: the vendor's time is given back to it. */
      if (g_strcmp0 (onsite_ticket_get_category (ticket), "printer") != 0 ||
          onsite_ticket_get_sla_due (ticket) < g_date_time_to_unix (now) + 2 * 3600 ||
          !onsite_ticket_get_location (ticket, NULL, NULL) ||
          (status != ONSITE_TICKET_STATUS_NEW && status != ONSITE_TICKET_STATUS_OPEN))
        continue;
      open = onsite_store_get_open_handoff (day.store, onsite_ticket_get_id (ticket), &error);
      g_assert_no_error (error);
      if (open == NULL)
        day.tickets[0] = onsite_ticket_get_id (ticket);
    }
  g_assert_cmpint (day.tickets[0], >, 0);

  start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 9, 0, 0);
  day.visits[0] = onsite_store_assign_ticket (day.store, day.tickets[0], day.tech_id,
                                              g_date_time_to_unix (start),
                                              g_date_time_to_unix (start) + 90 * 60,
                                              "dispatcher", &error);
  g_assert_no_error (error);
}

static gboolean
one_visit_shown (Fixture *fixture)
{
  OnsiteMyDayView *view = fixture->window ? find_view (fixture) : NULL;

  return view != NULL && gtk_widget_get_mapped (GTK_WIDGET (view)) &&
         onsite_my_day_view_get_n_visits (view) == 1 &&
         onsite_my_day_view_get_selected_visit (view) == day.visits[0];
}

static gboolean
handoff_dialog_shown (Fixture *fixture)
{
  return find_toplevel (ONSITE_TYPE_HANDOFF_DIALOG) != NULL;
}

static gboolean
handed_off (Fixture *fixture)
{
  g_autoptr(OnsiteHandoff) handoff = onsite_store_get_open_handoff (day.store, day.tickets[0], NULL);

  return handoff != NULL && find_toplevel (ONSITE_TYPE_HANDOFF_DIALOG) == NULL;
}

static gboolean
vendor_named (Fixture *fixture)
{
  g_autoptr(OnsiteHandoff) handoff = onsite_store_get_open_handoff (day.store, day.tickets[0], NULL);
  g_autofree char *line = NULL;

  if (handoff == NULL)
    return FALSE;

  line = g_strdup_printf ("With %s: Requested", onsite_handoff_get_vendor_name (handoff));

  return find_label_containing (GTK_WIDGET (fixture->window), line) != NULL &&
         find_label_containing (GTK_WIDGET (fixture->window), "Paused while with the vendor") != NULL &&
         find_button (GTK_WIDGET (fixture->window), "Hand to _Vendor…") == NULL;
}

/* A technician's "Needs Vendor (L3)" leads on to "Hand to Vendor…" for that
 * ticket: the dialog suggests the vendor by contract, the case is
 * recorded, and the visit then says who holds it. */
static void
test_needs_vendor (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(OnsiteHandoff) handoff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  GtkWidget *dialog, *button;
  OnsiteMyDayView *view;

  plan_printer_visit (fixture);
  ticket = onsite_store_get_ticket (day.store, day.tickets[0], &error);
  g_assert_no_error (error);

  g_settings_set_string (settings, "role", "technician");
  g_settings_set_int64 (settings, "technician-id", day.tech_id);
  fixture->keep_role = TRUE;
  open_window (fixture);
  g_assert_true (wait_for (fixture, one_visit_shown, 10));
  spin (1.5);
  g_assert_true (wait_for (fixture, one_visit_shown, 10));
  view = find_view (fixture);

  expected_visit = day.visits[0];
  step (fixture, "En Route", NULL, ONSITE_VISIT_EN_ROUTE);
  step (fixture, "On Site", NULL, ONSITE_VISIT_ON_SITE);

  /* On site, nothing is offered yet. */
  g_assert_null (find_button (GTK_WIDGET (view), "Hand to _Vendor…"));

  type_into (find_entry (GTK_WIDGET (fixture->window), "Note for this step (optional)"),
             "Fuser error 50.2 after a new fuser: board fault, under contract");
  click (fixture, "Needs Vendor (L3)");
  expected_state = ONSITE_VISIT_NEEDS_VENDOR;
  g_assert_true (wait_for (fixture, visit_reached, 5));
  spin (0.5);

  /* The step leads on to the hand-off, for this ticket. */
  button = find_button (GTK_WIDGET (view), "Hand to _Vendor…");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  /* No step is left here, so no note for one either. */
  g_assert_null (find_entry (GTK_WIDGET (view), "Note for this step (optional)"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.hand-to-vendor");
  g_assert_cmpint (g_variant_get_int64 (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button))),
                   ==, day.tickets[0]);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-my-day-needs-vendor.png");

  click (fixture, "Hand to _Vendor…");
  g_assert_true (wait_for (fixture, handoff_dialog_shown, 5));
  dialog = GTK_WIDGET (find_toplevel (ONSITE_TYPE_HANDOFF_DIALOG));
  spin (0.8);

  /* A printer contract is suggested and chosen; the message is this ticket's. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_widget (dialog, GTK_TYPE_CHECK_BUTTON))));
  g_assert_nonnull (find_label_containing (dialog, "covers “printer”"));
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_widget (dialog, GTK_TYPE_TEXT_VIEW)));
    GtkTextIter start, end;
    g_autofree char *summary = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    summary = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_nonnull (strstr (summary, onsite_ticket_get_title (ticket)));
  }
  g_assert_null (find_label_containing (GTK_WIDGET (view), "Paused while with the vendor"));

  click_widget (find_button (dialog, "_Record Hand-off"));
  g_assert_true (wait_for (fixture, handed_off, 5));

  handoff = onsite_store_get_open_handoff (day.store, day.tickets[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_handoff_get_state (handoff), ==, ONSITE_HANDOFF_REQUESTED);
  g_assert_cmpint (onsite_handoff_get_contract_id (handoff), >, 0);
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE ticket_id = %" G_GINT64_FORMAT
                         " AND kind = 'handoff' AND json_extract (payload, '$.state') = 'requested'",
                         day.tickets[0]);
  g_assert_cmpint (query_int (sql), ==, 1);

  /* The visit now says who holds the case, offers it no more, and the
   * printer contract stops the SLA clock while the vendor has it. */
  g_assert_true (onsite_handoff_get_pauses_sla (handoff));
  g_assert_true (wait_for (fixture, vendor_named, 5));
  spin (0.5);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-my-day-with-vendor.png");

  g_settings_set_string (settings, "role", "dispatcher");
  g_settings_set_int64 (settings, "technician-id", 0);
  day_clear ();
}

static gboolean
asks_who (Fixture *fixture)
{
  return fixture->window != NULL &&
         find_label_with_text (GTK_WIDGET (fixture->window), "Who Are You?") != NULL;
}

static void
test_no_technician (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  fill_demo (fixture->db_path);
  g_settings_set_string (settings, "role", "technician");
  g_settings_set_int64 (settings, "technician-id", 0);
  fixture->keep_role = TRUE;
  open_window (fixture);

  g_assert_true (wait_for (fixture, asks_who, 10));
  spin (1.0);
  g_assert_nonnull (find_button (GTK_WIDGET (fixture->window), "Open _Preferences"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (find_button (GTK_WIDGET (fixture->window),
                                                                                 "Open _Preferences"))),
                   ==, "app.preferences");
  spin (0.5);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-my-day-no-technician.png");

  g_settings_set_string (settings, "role", "dispatcher");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("onsite-my-day-data-XXXXXX", NULL);
  int ret;

  /* Attachments are copied under the data folder: a private one. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run this test under Xvfb\n");
      return 77;
    }
  adw_init ();

  g_test_add ("/ui/my-day/visit-life", Fixture, NULL,
              fixture_set_up, test_visit_life, fixture_tear_down);
  g_test_add ("/ui/my-day/needs-vendor", Fixture, NULL,
              fixture_set_up, test_needs_vendor, fixture_tear_down);
  g_test_add ("/ui/my-day/no-technician", Fixture, NULL,
              fixture_set_up, test_no_technician, fixture_tear_down);

  ret = g_test_run ();
  rm_tree (data_home);

  return ret;
}
