/* test-assign.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Assigning a ticket through the real window under Xvfb: the detail pane's
 * "Assign…" button, the ranked candidates with their reasons in words, a
 * start moved by a key press, the store, the history and the outbox after
 * it; the route on the map; the visit sheet as a PDF, read back.
 */

#include "ui-fixture.h"

#include <sqlite3.h>

#include "onsite-assign-dialog.h"
#include "onsite-map-view.h"
#include "onsite-store-dispatch.h"
#include "onsite-ticket-private.h"
#include "onsite-visit-sheet.h"
#include "dispatch/onsite-rank.h"

/* Markup, format directives and a line break: all of it must come out as
 * written, never interpreted. */
#define HOSTILE "<b>Toner</b> & <i>paper</i> %s %n {{x}} &amp; \\x00 <span foreground='red'>jam</span>"

static OnsiteAssignDialog *
find_dialog (void)
{
  return (OnsiteAssignDialog *) find_toplevel (ONSITE_TYPE_ASSIGN_DIALOG);
}

static gboolean
dialog_shown (Fixture *fixture)
{
  OnsiteAssignDialog *dialog = find_dialog ();

  return dialog != NULL && gtk_widget_get_width (GTK_WIDGET (dialog)) > 0;
}

static gboolean
dialog_gone (Fixture *fixture)
{
  return find_dialog () == NULL;
}

static GtkWidget *
ancestor_button (GtkLabel *label)
{
  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_BUTTON);
}

static OnsiteTicket *
pick_unplanned_ticket (Fixture *fixture)
{
  OnsiteBoardModel *board = onsite_window_get_board (fixture->window);
  OnsiteStore *store = onsite_context_get_store (onsite_window_get_context (fixture->window));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (board));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteTicket) ticket = g_list_model_get_item (G_LIST_MODEL (board), i);
      g_autoptr(OnsiteVisit) visit = NULL;
      OnsiteTicketStatus status = onsite_ticket_get_status (ticket);
      const char *address = onsite_ticket_get_address (ticket);

      if ((status != ONSITE_TICKET_STATUS_NEW && status != ONSITE_TICKET_STATUS_OPEN) ||
          !onsite_ticket_get_location (ticket, NULL, NULL) ||
          address == NULL || *address == '\0' ||
          onsite_ticket_get_support_level (ticket) != 2)
        continue;

      visit = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL);
      if (visit == NULL)
        return g_steal_pointer (&ticket);
    }

  return NULL;
}

static void
exec_sql (const char *db_path,
          const char *sql,
          gint64      id,
          const char *text)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static gint64
count_outbox (const char *db_path,
              gint64      ticket_id,
              char      **kinds)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  gint64 n = 0;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT kind FROM outbox WHERE ticket_id = ?1 ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (all, "%s%s", all->len ? "," : "", sqlite3_column_text (stmt, 0));
      n++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  *kinds = g_string_free (g_steal_pointer (&all), FALSE);
  return n;
}

static char *
build_path (const char *name)
{
  const char *build_root = g_getenv ("ONSITE_BUILD_ROOT");

  return g_build_filename (build_root ? build_root : ".", "tests", name, NULL);
}

static char *
run_tool (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    {
      g_test_message ("%s: %s", argv[0], error->message);
      return NULL;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_steal_pointer (&out);
}

static void
check_visit_sheet (OnsiteStore  *store,
                   OnsiteTicket *ticket,
                   const char   *tech_name)
{
  g_autoptr(OnsiteVisit) visit = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL);
  g_autoptr(OnsiteVisitSheet) sheet = onsite_visit_sheet_new (ticket, visit, tech_name);
  g_autofree char *pdf = build_path ("visit-sheet.pdf");
  g_autofree char *letter_pdf = build_path ("visit-sheet-letter.pdf");
  g_autofree char *png_root = build_path ("visit-sheet");
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pages = 0;

  g_assert_true (onsite_visit_sheet_export_pdf (sheet, pdf, "iso_a4", &n_pages, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, ==, 1);

  g_assert_true (onsite_visit_sheet_export_pdf (sheet, letter_pdf, "na_letter", &n_pages, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, >=, 1);

  if (!g_find_program_in_path ("pdftotext"))
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }

  {
    const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
    text = run_tool (argv);
  }
  g_assert_nonnull (text);
  g_test_message ("visit sheet text:\n%s", text);

  /* The address, the contact, the technician and the hostile description
   * are there as written. */
  g_assert_nonnull (strstr (text, onsite_ticket_get_address (ticket)));
  g_assert_nonnull (strstr (text, onsite_ticket_get_requester (ticket)));
  g_assert_nonnull (strstr (text, tech_name));
  g_assert_nonnull (strstr (text, HOSTILE));
  g_assert_nonnull (strstr (text, "Tested with the user"));
  g_assert_nonnull (strstr (text, "Signature"));
  g_assert_nonnull (strstr (text, "page 1 of 1"));

  {
    const char *argv[] = { "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                           pdf, png_root, NULL };
    g_autofree char *out = run_tool (argv);
    g_autofree char *png = g_strconcat (png_root, ".png", NULL);

    g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
    g_test_message ("Visit sheet page 1 saved to %s", png);
  }
}

static void
check_long_sheet (OnsiteTicket *ticket)
{
  g_autoptr(OnsiteVisitSheet) sheet = NULL;
  g_autoptr(GString) longer = g_string_new (NULL);
  g_autofree char *pdf = build_path ("visit-sheet-long.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pages = 0;

  /* A pasted log of 150 numbered lines runs onto further pages, every
   * line kept, none cut at a page break. */
  for (guint i = 1; i <= 150; i++)
    g_string_append_printf (longer, "Line %u of the log the user pasted.\n", i);
  g_free (ticket->description);
  ticket->description = g_string_free (g_steal_pointer (&longer), FALSE);

  sheet = onsite_visit_sheet_new (ticket, NULL, NULL);
  g_assert_true (onsite_visit_sheet_export_pdf (sheet, pdf, "iso_a4", &n_pages, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, >=, 2);

  if (g_find_program_in_path ("pdftotext"))
    {
      const char *argv[] = { "pdftotext", pdf, "-", NULL };

      text = run_tool (argv);
      for (guint i = 1; i <= 150; i++)
        {
          g_autofree char *line = g_strdup_printf ("Line %u of the log the user pasted.", i);
          g_assert_nonnull (strstr (text, line));
        }
      g_assert_nonnull (strstr (text, "page 2 of"));
      g_assert_nonnull (strstr (text, "Not assigned yet"));
    }
}

static void
test_assign_by_dialog (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(OnsiteTicket) stored = NULL;
  g_autoptr(OnsiteVisit) visit = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kinds = NULL;
  g_autofree char *tech_name = NULL;
  OnsiteAssignDialog *dialog;
  OnsiteContext *context;
  OnsiteStore *store;
  GListModel *candidates;
  OnsiteCandidate *chosen = NULL;
  GtkListBoxRow *chosen_row = NULL;
  GtkListBox *list;
  OnsiteMapView *map_view;
  OnsiteRouteLayer *route_layer;
  OnsiteRouteLayerStats stats;
  const OnsiteEvent *last;
  gint64 ticket_id, chosen_start, chosen_tech;
  guint n, n_feasible = 0, chosen_index = 0;
  gint64 n_outbox_before;

  fill_demo (fixture->db_path);
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));

  context = onsite_window_get_context (fixture->window);
  store = onsite_context_get_store (context);

  ticket = pick_unplanned_ticket (fixture);
  g_assert_nonnull (ticket);
  ticket_id = onsite_ticket_get_id (ticket);

  /* The ticket service sent markup in the description. */
  exec_sql (fixture->db_path, "UPDATE tickets SET description = ?1 WHERE id = ?2", ticket_id, HOSTILE);
  onsite_context_store_changed (context);
  spin (0.5);

  g_assert_true (onsite_window_select_ticket (fixture->window, ticket_id));
  spin (0.5);

  {
    g_autofree char *before = NULL;
    n_outbox_before = count_outbox (fixture->db_path, ticket_id, &before);
  }

  /* The detail pane's button, clicked as a person would. */
  click_widget (ancestor_button (find_label_with_text (GTK_WIDGET (fixture->window), "Assign…")));
  g_assert_true (wait_for (fixture, dialog_shown, 5));
  dialog = find_dialog ();
  spin (0.5);

  /* The dialog opens on today. Late in the day or at a weekend, nobody has
   * a free slot left today (as it should be): plan the next weekday then. */
  {
    g_autoptr(GDateTime) day = day_with_time_to_plan (onsite_context_get_now (context));

    if (day != NULL)
      {
        onsite_assign_dialog_set_date (dialog, day);
        spin (0.5);
      }
  }

  candidates = onsite_assign_dialog_get_candidates (dialog);
  g_assert_nonnull (candidates);
  n = g_list_model_get_n_items (candidates);
  g_assert_cmpuint (n, >=, 3);

  /* Ranked: 1, 2, 3…, the feasible ones first by score, each row with its
   * reasons in words. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteCandidate) candidate = g_list_model_get_item (candidates, i);
      const char *why = onsite_candidate_get_explanation (candidate);

      g_assert_cmpuint (onsite_candidate_get_rank (candidate), ==, i + 1);
      g_assert_nonnull (why);
      g_assert_nonnull (find_label_with_text (GTK_WIDGET (dialog), why));
      g_assert_nonnull (find_label_with_text (GTK_WIDGET (dialog), onsite_tech_get_name (onsite_candidate_get_tech (candidate))));
      g_test_message ("%u. %s: %s", i + 1, onsite_tech_get_name (onsite_candidate_get_tech (candidate)), why);

      if (onsite_candidate_get_feasible (candidate))
        {
          g_assert_cmpuint (n_feasible, ==, i);
          n_feasible++;
          /* A feasible candidate says how far and how busy. */
          g_assert_true (strstr (why, "away") || strstr (why, "already there") || strstr (why, "distance unknown"));
          g_assert_true (strstr (why, "visit"));
          if (i > 0)
            {
              g_autoptr(OnsiteCandidate) previous = g_list_model_get_item (candidates, i - 1);
              g_assert_cmpint (onsite_candidate_get_score (previous), >=, onsite_candidate_get_score (candidate));
            }
        }
    }
  g_assert_cmpuint (n_feasible, >=, 2);

  save_screenshot (GTK_WIDGET (dialog), "screenshot-assign-dialog.png");

  list = GTK_LIST_BOX (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX));

  /* The best is chosen and has the focus, so that Enter assigns it rather
   * than pressing Cancel, the first button of the header bar. */
  g_assert_nonnull (gtk_list_box_get_selected_row (list));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == GTK_WIDGET (gtk_list_box_get_selected_row (list)));

  /* Choose the second best by a click on its row. */
  chosen_index = 1;
  chosen_row = gtk_list_box_get_row_at_index (list, chosen_index);
  chosen = g_list_model_get_item (candidates, chosen_index);
  click_widget (GTK_WIDGET (chosen_row));
  g_assert_true (gtk_list_box_get_selected_row (list) == chosen_row);
  chosen_tech = onsite_tech_get_id (onsite_candidate_get_tech (chosen));
  tech_name = g_strdup (onsite_tech_get_name (onsite_candidate_get_tech (chosen)));
  chosen_start = onsite_candidate_get_start (chosen);
  g_assert_cmpint (onsite_assign_dialog_get_start (dialog), ==, chosen_start - chosen_start % 60);

  /* A quarter of an hour later: the Up key in the start field. */
  click_widget (find_widget (find_widget (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON), GTK_TYPE_TEXT));
  xdo ("key", "Up", NULL);
  g_assert_cmpint (onsite_assign_dialog_get_start (dialog), ==, chosen_start + 15 * 60);

  click_widget (ancestor_button (find_label_with_text (GTK_WIDGET (dialog), "Assign")));
  g_assert_true (wait_for (fixture, dialog_gone, 5));
  spin (0.5);

  /* The store has the visit… */
  visit = onsite_store_find_ticket_visit (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (visit);
  g_assert_cmpint (onsite_visit_get_technician_id (visit), ==, chosen_tech);
  g_assert_cmpint (onsite_visit_get_start (visit), ==, chosen_start + 15 * 60);
  g_assert_cmpint (onsite_visit_get_end (visit) - onsite_visit_get_start (visit), ==,
                   onsite_candidate_get_end (chosen) - onsite_candidate_get_start (chosen));

  stored = onsite_store_get_ticket (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_ticket_get_status (stored), ==, ONSITE_TICKET_STATUS_SCHEDULED);

  /* …the history says who goes… */
  events = onsite_store_list_events (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >=, 1);
  last = g_ptr_array_index (events, events->len - 1);
  g_test_message ("last event: %s", last->summary);
  g_assert_nonnull (strstr (last->summary, tech_name));

  /* …and exactly one change is on its way to the ticket service. */
  g_assert_cmpint (count_outbox (fixture->db_path, ticket_id, &kinds), ==, n_outbox_before + 1);
  g_assert_true (g_str_has_suffix (kinds, "assignment"));

  /* The selected ticket's technician's day is on the map, the ticket's
   * stop among the numbered ones. */
  map_view = ONSITE_MAP_VIEW (find_widget (GTK_WIDGET (fixture->window), ONSITE_TYPE_MAP_VIEW));
  route_layer = onsite_map_view_get_route_layer (map_view);
  g_assert_nonnull (route_layer);
  spin (0.5);
  onsite_route_layer_get_stats (route_layer, &stats);
  g_test_message ("route: %u routes, %u stops, %u drawn, %u frames",
                  stats.n_routes, stats.n_stops, stats.n_drawn_stops, stats.n_frames);
  g_assert_cmpuint (stats.n_routes, ==, 1);
  g_assert_cmpuint (stats.n_stops, >=, 1);
  g_assert_cmpuint (stats.n_frames, >, 0);
  g_assert_cmpuint (stats.n_drawn_stops, >=, 1);
  g_assert_true (onsite_route_layer_get_stop (route_layer, 0, 1, NULL, NULL));

  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-assign-route.png");

  /* Two more visits that day for the same technician, later on: the route
   * follows the store, numbered in time order. */
  {
    g_autoptr(OnsiteTicket) second = NULL;
    g_autoptr(OnsiteTicket) third = NULL;
    gint64 at = onsite_visit_get_end (visit) + 30 * 60;
    guint n_stops_before = stats.n_stops;

    second = pick_unplanned_ticket (fixture);
    g_assert_nonnull (second);
    g_assert_cmpint (onsite_store_assign_ticket (store, onsite_ticket_get_id (second), chosen_tech,
                                                 at, at + 3600, "test", &error), >, 0);
    g_assert_no_error (error);
    third = pick_unplanned_ticket (fixture);
    g_assert_nonnull (third);
    g_assert_cmpint (onsite_store_assign_ticket (store, onsite_ticket_get_id (third), chosen_tech,
                                                 at + 2 * 3600, at + 3 * 3600, "test", &error), >, 0);
    g_assert_no_error (error);
    onsite_context_store_changed (context);
    spin (0.5);

    onsite_route_layer_get_stats (route_layer, &stats);
    g_assert_cmpuint (stats.n_routes, ==, 1);
    g_assert_cmpuint (stats.n_stops, ==, n_stops_before + 2);
    g_assert_true (onsite_route_layer_get_stop (route_layer, 0, n_stops_before + 2, NULL, NULL));

    shumate_viewport_set_zoom_level (shumate_map_get_viewport (onsite_map_view_get_map (map_view)), 11);
    spin (0.5);
    save_screenshot (GTK_WIDGET (fixture->window), "screenshot-assign-route-3.png");
  }

  /* The visit sheet, printed to a PDF and read back. */
  g_clear_object (&stored);
  stored = onsite_store_get_ticket (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onsite_ticket_get_description (stored), ==, HOSTILE);
  check_visit_sheet (store, stored, tech_name);
  check_long_sheet (stored);

  /* Reassign to the best other technician, from the dialog. */
  {
    GListModel *again;
    guint other = G_MAXUINT;

    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.assign-ticket", "x", ticket_id);
    g_assert_true (wait_for (fixture, dialog_shown, 5));
    dialog = find_dialog ();
    spin (0.3);
    again = onsite_assign_dialog_get_candidates (dialog);
    for (guint i = 0; i < g_list_model_get_n_items (again) && other == G_MAXUINT; i++)
      {
        g_autoptr(OnsiteCandidate) candidate = g_list_model_get_item (again, i);

        if (onsite_candidate_get_feasible (candidate) &&
            onsite_tech_get_id (onsite_candidate_get_tech (candidate)) != chosen_tech)
          {
            other = i;
            chosen_tech = onsite_tech_get_id (onsite_candidate_get_tech (candidate));
            g_free (tech_name);
            tech_name = g_strdup (onsite_tech_get_name (onsite_candidate_get_tech (candidate)));
          }
      }
    g_assert_cmpuint (other, !=, G_MAXUINT);
    list = GTK_LIST_BOX (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX));
    click_widget (GTK_WIDGET (gtk_list_box_get_row_at_index (list, other)));
    click_widget (ancestor_button (find_label_with_text (GTK_WIDGET (dialog), "Reassign")));
    g_assert_true (wait_for (fixture, dialog_gone, 5));
    spin (0.3);

    g_clear_object (&visit);
    visit = onsite_store_find_ticket_visit (store, ticket_id, NULL);
    g_assert_nonnull (visit);
    g_assert_cmpint (onsite_visit_get_technician_id (visit), ==, chosen_tech);
    g_clear_pointer (&kinds, g_free);
    g_assert_cmpint (count_outbox (fixture->db_path, ticket_id, &kinds), ==, n_outbox_before + 2);
    n_outbox_before++;
  }

  /* Unassign from the dialog: the visit loses its technician, one more
   * outbox row. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.assign-ticket", "x", ticket_id);
  g_assert_true (wait_for (fixture, dialog_shown, 5));
  dialog = find_dialog ();
  spin (0.3);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog), tech_name));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-assign-dialog-assigned.png");
  click_widget (ancestor_button (find_label_with_text (GTK_WIDGET (dialog), "Unassign")));
  g_assert_true (wait_for (fixture, dialog_gone, 5));
  spin (0.3);

  g_clear_pointer (&kinds, g_free);
  g_assert_cmpint (count_outbox (fixture->db_path, ticket_id, &kinds), ==, n_outbox_before + 2);
  g_clear_object (&visit);
  visit = onsite_store_find_ticket_visit (store, ticket_id, NULL);
  g_assert_true (visit == NULL || onsite_visit_get_technician_id (visit) <= 0);

  /* Cancel the visit, after a question. */
  if (visit != NULL)
    {
      AdwMessageDialog *question = NULL;

      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.assign-ticket", "x", ticket_id);
      g_assert_true (wait_for (fixture, dialog_shown, 5));
      dialog = find_dialog ();
      spin (0.3);
      click_widget (ancestor_button (find_label_with_text (GTK_WIDGET (dialog), "Cancel Visit")));
      spin (0.5);
      question = (AdwMessageDialog *) find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
      g_assert_nonnull (question);
      click_widget (ancestor_button (find_label_with_text (GTK_WIDGET (question), "Cancel Visit")));
      g_assert_true (wait_for (fixture, dialog_gone, 5));
      spin (0.3);

      g_clear_object (&visit);
      visit = onsite_store_find_ticket_visit (store, ticket_id, NULL);
      g_assert_null (visit);
      g_clear_pointer (&kinds, g_free);
      g_assert_cmpint (count_outbox (fixture->db_path, ticket_id, &kinds), ==, n_outbox_before + 3);
      g_test_message ("outbox kinds: %s", kinds);
    }

  g_object_unref (chosen);
}

static void
test_assign_small_window (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(OnsiteTicket) ticket = NULL;

  fill_demo (fixture->db_path);
  open_window (fixture);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  g_assert_true (wait_for (fixture, board_ready, 10));

  ticket = pick_unplanned_ticket (fixture);
  g_assert_nonnull (ticket);
  g_assert_true (onsite_window_select_ticket (fixture->window, onsite_ticket_get_id (ticket)));
  spin (0.5);

  /* Ctrl+Shift+A opens Assign for the selected ticket. */
  xdo ("key", "ctrl+shift+a", NULL);
  g_assert_true (wait_for (fixture, dialog_shown, 5));
  spin (0.5);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-assign-1024.png");
  save_screenshot (GTK_WIDGET (find_dialog ()), "screenshot-assign-dialog-1024.png");

  /* On a Sunday nobody works: every technician is shown, greyed, with
   * the reason, and none can be chosen. */
  {
    OnsiteAssignDialog *dialog = find_dialog ();
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (onsite_context_get_now (onsite_window_get_context (fixture->window)));
    g_autoptr(GDateTime) sunday = g_date_time_add_days (now, 7 - g_date_time_get_day_of_week (now) + (g_date_time_get_day_of_week (now) == 7 ? 7 : 0));
    GListModel *candidates;
    GtkListBox *list;
    GtkLabel *assign_label;

    g_assert_cmpint (g_date_time_get_day_of_week (sunday), ==, 7);
    onsite_assign_dialog_set_date (dialog, sunday);
    spin (0.3);

    candidates = onsite_assign_dialog_get_candidates (dialog);
    list = GTK_LIST_BOX (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX));
    g_assert_cmpuint (g_list_model_get_n_items (candidates), >=, 3);
    for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
      {
        g_autoptr(OnsiteCandidate) candidate = g_list_model_get_item (candidates, i);
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

        g_assert_false (onsite_candidate_get_feasible (candidate));
        g_assert_nonnull (strstr (onsite_candidate_get_explanation (candidate), "not working"));
        g_assert_false (gtk_list_box_row_get_selectable (row));
        g_assert_nonnull (find_label_with_text (GTK_WIDGET (row), onsite_candidate_get_explanation (candidate)));
      }
    g_assert_null (gtk_list_box_get_selected_row (list));
    assign_label = find_label_with_text (GTK_WIDGET (dialog), "Assign");
    g_assert_false (gtk_widget_is_sensitive (ancestor_button (assign_label)));
    save_screenshot (GTK_WIDGET (dialog), "screenshot-assign-dialog-sunday.png");
  }

  gtk_window_close (GTK_WINDOW (find_dialog ()));
  g_assert_true (wait_for (fixture, dialog_gone, 5));
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

  g_test_add ("/assign/dialog", Fixture, NULL, fixture_set_up, test_assign_by_dialog, fixture_tear_down);
  g_test_add ("/assign/small-window", Fixture, NULL, fixture_set_up, test_assign_small_window, fixture_tear_down);

  return g_test_run ();
}
