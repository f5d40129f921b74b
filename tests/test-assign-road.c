/* test-assign-road.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The travel settings reach the Assign dialog in the real window under
 * Xvfb, with no restart: with a routing server set (an OSRM look-alike on
 * 127.0.0.1) the candidates' reasons say "by road" and the line under them
 * says where the times came from; with the server taken out of the
 * settings they say "(estimate)"; a new average speed changes the times.
 * The Travel group of Preferences says what an address will do, and what
 * is set there reaches the window's travel model when it closes.
 */

#include "ui-fixture.h"

#include "osrm-fixture.h"
#include "onsite-assign-dialog.h"
#include "onsite-plan-day-dialog.h"
#include "onsite-schedule-view.h"
#include "onsite-timeline.h"
#include "onsite-store-dispatch.h"
#include "dispatch/onsite-rank.h"

static guint n_requests;

static void
osrm_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  g_autofree char *body = NULL;

  n_requests++;
  if (query == NULL || !g_hash_table_contains (query, "sources") || !strstr (path, "/driving/"))
    {
      soup_server_message_set_status (msg, 400, NULL);
      return;
    }

  body = osrm_table_body (path, query);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

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

static const char *expected_line;

static gboolean
travel_line_shown (Fixture *fixture)
{
  OnsiteAssignDialog *dialog = find_dialog ();

  return dialog != NULL && find_label_with_text (GTK_WIDGET (dialog), expected_line) != NULL;
}

/* How many feasible candidates travel, and how many of those say (and
 * are) by road. */
static void
count_travel (OnsiteAssignDialog *dialog,
              guint              *n_travel,
              guint              *n_road,
              guint              *n_estimate,
              int                *first_seconds,
              gint64             *first_tech)
{
  GListModel *candidates = onsite_assign_dialog_get_candidates (dialog);

  *n_travel = *n_road = *n_estimate = 0;
  *first_seconds = -1;

  for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
    {
      g_autoptr(OnsiteCandidate) c = g_list_model_get_item (candidates, i);
      const char *why = onsite_candidate_get_explanation (c);

      if (!onsite_candidate_get_feasible (c) || onsite_candidate_get_travel_seconds (c) == 0)
        continue;

      (*n_travel)++;
      if (onsite_candidate_get_travel_source (c) == ONSITE_TRAVEL_ROUTER)
        {
          g_assert_nonnull (strstr (why, " away by road"));
          (*n_road)++;
        }
      else if (onsite_candidate_get_travel_source (c) == ONSITE_TRAVEL_OFFLINE)
        {
          g_assert_nonnull (strstr (why, " away (estimate)"));
          (*n_estimate)++;
        }

      /* The reason is on screen, as plain text. */
      g_assert_nonnull (find_label_with_text (GTK_WIDGET (dialog), why));

      if (*first_seconds < 0 && (*first_tech == 0 || onsite_tech_get_id (onsite_candidate_get_tech (c)) == *first_tech))
        {
          *first_seconds = onsite_candidate_get_travel_seconds (c);
          *first_tech = onsite_tech_get_id (onsite_candidate_get_tech (c));
        }
    }
}

static void
test_road (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  OnsiteAssignDialog *dialog;
  OnsiteTicket *ticket = NULL;
  guint n_travel, n_road, n_estimate;
  int road_seconds, slow_seconds, fast_seconds;
  gint64 tech = 0;
  GSList *uris;

  soup_server_add_handler (server, "/osrm", osrm_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/osrm", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  fill_demo (fixture->db_path);
  store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  open = onsite_store_list_open_tickets (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < open->len && ticket == NULL; i++)
    {
      OnsiteTicket *t = g_ptr_array_index (open, i);
      g_autoptr(OnsiteVisit) visit = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (t), NULL);

      if (visit == NULL && onsite_ticket_get_location (t, NULL, NULL))
        ticket = t;
    }
  g_assert_nonnull (ticket);

  /* The routing server is in the settings before the window opens. */
  g_settings_set_string (settings, "routing-url", url);
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  spin (0.3);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.assign-ticket", "x",
                              onsite_ticket_get_id (ticket));
  g_assert_true (wait_for (fixture, dialog_shown, 5));
  dialog = find_dialog ();

  /* A weekday beyond the demo's plans: everyone starts from home, so a
   * technician's trip depends on the speed alone, whatever the hour or
   * the weekday the test runs */
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (onsite_context_get_now (onsite_window_get_context (fixture->window)));
    g_autoptr(GDateTime) day = g_date_time_add_days (now, 8);

    while (g_date_time_get_day_of_week (day) > 5)
      {
        GDateTime *next = g_date_time_add_days (day, 1);

        g_date_time_unref (day);
        day = next;
      }
    onsite_assign_dialog_set_date (dialog, day);
  }

  expected_line = "Travel times by road, from the routing server.";
  g_assert_true (wait_for (fixture, travel_line_shown, 10));
  g_assert_cmpuint (n_requests, >=, 1);
  count_travel (dialog, &n_travel, &n_road, &n_estimate, &road_seconds, &tech);
  g_test_message ("%u candidates travel, %u by road", n_travel, n_road);
  g_assert_cmpuint (n_travel, >, 0);
  g_assert_cmpuint (n_road, ==, n_travel);

  /* The best by road is the one chosen, not the best of the estimate
   * shown while the server was asked. */
  {
    GListModel *candidates = onsite_assign_dialog_get_candidates (dialog);

    for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
      {
        g_autoptr(OnsiteCandidate) c = g_list_model_get_item (candidates, i);
        gint64 start = onsite_candidate_get_start (c);

        if (!onsite_candidate_get_feasible (c))
          continue;
        g_assert_cmpint (onsite_assign_dialog_get_start (dialog), ==, start - start % 60);
        break;
      }
  }
  spin (1.0);
  save_screenshot (GTK_WIDGET (dialog), "screenshot-assign-road.png");

  /* The server taken out of the settings (as Preferences applies them):
   * the dialog ranks again with the estimate, and says so. */
  g_settings_set_string (settings, "routing-url", "");
  expected_line = "Travel times estimated from the distance at 25 km/h, 30 % detour.";
  g_assert_true (wait_for (fixture, travel_line_shown, 5));
  dialog = find_dialog ();
  count_travel (dialog, &n_travel, &n_road, &n_estimate, &slow_seconds, &tech);
  g_assert_cmpuint (n_road, ==, 0);
  g_assert_cmpuint (n_estimate, ==, n_travel);
  g_assert_cmpint (slow_seconds, >, 0);
  g_assert_cmpint (slow_seconds, !=, road_seconds);

  /* Faster vans: shorter trips for the same technician. */
  g_settings_set_double (settings, "travel-speed", 50.0);
  expected_line = "Travel times estimated from the distance at 50 km/h, 30 % detour.";
  g_assert_true (wait_for (fixture, travel_line_shown, 5));
  dialog = find_dialog ();
  count_travel (dialog, &n_travel, &n_road, &n_estimate, &fast_seconds, &tech);
  g_assert_cmpint (fast_seconds, >, 0);
  g_assert_cmpint (fast_seconds, <, slow_seconds);
  spin (0.5);
  save_screenshot (GTK_WIDGET (dialog), "screenshot-assign-estimate.png");

  /* A plain-HTTP server elsewhere is refused, and the dialog says why. */
  g_settings_set_string (settings, "routing-url", "http://192.0.2.7:5000");
  expected_line = "Plain http:// is allowed only for a routing server on this computer; use https://. Travel times are estimated from the distance.";
  g_assert_true (wait_for (fixture, travel_line_shown, 5));

  gtk_window_close (GTK_WINDOW (find_dialog ()));
  g_settings_reset (settings, "routing-url");
  g_settings_reset (settings, "travel-speed");
  soup_server_disconnect (server);
}


static GtkWindow *
find_preferences (void)
{
  return find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
}

static gboolean
preferences_shown (Fixture *fixture)
{
  return find_preferences () != NULL;
}

static gboolean
preferences_gone (Fixture *fixture)
{
  return find_preferences () == NULL;
}

/* The row whose title is @title, and the widget of @type in it. */
static GtkWidget *
row_child (GtkWindow  *window,
           const char *title,
           GType       row_type,
           GType       type)
{
  GtkLabel *label = find_label_with_text (GTK_WIDGET (window), title);
  GtkWidget *row;

  g_assert_nonnull (label);
  row = gtk_widget_get_ancestor (GTK_WIDGET (label), row_type);
  g_assert_nonnull (row);

  return type == row_type ? row : find_widget (row, type);
}

static void
test_preferences (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  OnsiteTravelModel *travel;
  GtkWindow *preferences;
  GtkWidget *url_row, *speed_spin, *detour_spin, *status_row;

  fill_demo (fixture->db_path);
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  travel = onsite_context_get_travel (onsite_window_get_context (fixture->window));
  g_assert_cmpfloat (onsite_travel_model_get_settings (travel)->speed_kmh, ==, 25.0);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  g_assert_true (wait_for (fixture, preferences_shown, 5));
  preferences = find_preferences ();
  spin (0.5);

  g_assert_nonnull (find_label_with_text (GTK_WIDGET (preferences), "Travel"));
  speed_spin = row_child (preferences, "Average Speed", ADW_TYPE_ACTION_ROW, GTK_TYPE_SPIN_BUTTON);
  detour_spin = row_child (preferences, "Detour Factor", ADW_TYPE_ACTION_ROW, GTK_TYPE_SPIN_BUTTON);
  url_row = row_child (preferences, "Routing Server (OSRM, Optional)", ADW_TYPE_ENTRY_ROW, ADW_TYPE_ENTRY_ROW);
  status_row = row_child (preferences, "Travel Times", ADW_TYPE_ACTION_ROW, ADW_TYPE_ACTION_ROW);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (speed_spin)), ==, 25.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (detour_spin)), ==, 1.3);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (status_row)), ==,
                   "Travel times estimated from the distance at 25 km/h, 30 % detour.");

  /* Plain HTTP elsewhere: said at once, and the row shows the error. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "http://router.example.org:5000");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (status_row)), ==,
                   "Plain http:// is allowed only for a routing server on this computer; use https://. Travel times are estimated from the distance.");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));

  gtk_editable_set_text (GTK_EDITABLE (url_row), "https://router.example.org/osrm");
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (status_row)), ==,
                   "By road from the routing server when it answers; estimated from the distance when it does not.");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (speed_spin), 40);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (detour_spin), 1.5);
  spin (0.3);
  save_screenshot (GTK_WIDGET (preferences), "screenshot-preferences-travel.png");

  /* Nothing reaches the window before Preferences closes… */
  g_assert_cmpfloat (onsite_travel_model_get_settings (travel)->speed_kmh, ==, 25.0);
  gtk_window_close (preferences);
  g_assert_true (wait_for (fixture, preferences_gone, 5));
  spin (0.3);

  /* …and then all of it does, without a restart. */
  g_assert_cmpfloat (g_settings_get_double (settings, "travel-speed"), ==, 40.0);
  g_assert_cmpfloat (onsite_travel_model_get_settings (travel)->speed_kmh, ==, 40.0);
  g_assert_cmpfloat (onsite_travel_model_get_settings (travel)->detour_factor, ==, 1.5);
  g_assert_cmpstr (onsite_travel_model_get_router_url (travel), ==, "https://router.example.org/osrm");

  g_settings_reset (settings, "routing-url");
  g_settings_reset (settings, "travel-speed");
  g_settings_reset (settings, "travel-detour-factor");
}


static OnsitePlanDayDialog *
find_plan_dialog (void)
{
  return (OnsitePlanDayDialog *) find_toplevel (ONSITE_TYPE_PLAN_DAY_DIALOG);
}

static gboolean
plan_shown (Fixture *fixture)
{
  OnsitePlanDayDialog *dialog = find_plan_dialog ();

  return dialog != NULL && onsite_plan_day_dialog_get_plan (dialog) != NULL;
}

static OnsiteScheduleView *schedule_view;
static guint requests_before;

static gboolean
schedule_asked (Fixture *fixture)
{
  return schedule_view != NULL && gtk_widget_get_mapped (GTK_WIDGET (schedule_view)) &&
         onsite_schedule_view_get_day (schedule_view) != NULL && n_requests > requests_before;
}

static void
got_matrix (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* The timeline and Plan Day ask the routing server too, and the timeline's
 * conflicts are those of the road times. */
static void
test_schedule_and_plan (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnsiteTravelMatrix) matrix = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  OnsiteTravelModel *travel;
  OnsiteDispatchOptions options;
  OnsiteDay *day;
  GSList *uris;

  soup_server_add_handler (server, "/osrm", osrm_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/osrm", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  fill_demo (fixture->db_path);
  g_settings_set_string (settings, "routing-url", url);
  requests_before = n_requests;
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  spin (0.5);

  /* The Schedule view asks for its day's road times (when it loads the day,
   * which it may do before it is shown). */
  click_widget (GTK_WIDGET (find_label_with_text (GTK_WIDGET (fixture->window), "Schedule")));
  schedule_view = (OnsiteScheduleView *)find_widget (GTK_WIDGET (fixture->window), ONSITE_TYPE_SCHEDULE_VIEW);
  g_assert_true (wait_for (fixture, schedule_asked, 10));
  spin (0.5);

  travel = onsite_context_get_travel (onsite_window_get_context (fixture->window));
  day = onsite_schedule_view_get_day (schedule_view);
  onsite_travel_model_day_async (travel, day, NULL, 0, NULL, got_matrix, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  matrix = onsite_travel_model_day_finish (travel, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_travel_matrix_get_source (matrix), ==, ONSITE_TRAVEL_ROUTER);
  onsite_travel_model_init_options (travel, &options, matrix);
  conflicts = onsite_day_find_conflicts (day, 0, &options);
  g_assert_cmpuint (onsite_timeline_get_n_conflicts (onsite_schedule_view_get_timeline (schedule_view)), ==,
                    conflicts->len);

  /* Plan Day gets the day's road times before it plans: known already,
   * so the server is not asked again. */
  requests_before = n_requests;
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.plan-day", NULL);
  g_assert_true (wait_for (fixture, plan_shown, 30));
  g_assert_cmpuint (n_requests, ==, requests_before);

  gtk_window_close (GTK_WINDOW (find_plan_dialog ()));
  spin (0.3);
  schedule_view = NULL;
  g_settings_reset (settings, "routing-url");
  soup_server_disconnect (server);
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

  g_test_add ("/ui/assign/road-times", Fixture, NULL,
              fixture_set_up, test_road, fixture_tear_down);
  g_test_add ("/ui/schedule/road-times", Fixture, NULL,
              fixture_set_up, test_schedule_and_plan, fixture_tear_down);
  g_test_add ("/ui/preferences/travel", Fixture, NULL,
              fixture_set_up, test_preferences, fixture_tear_down);

  return g_test_run ();
}
