/* test-schedule-route.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The picked technician's day as a route, in the real window under Xvfb:
 * a click on a technician in the Schedule roster draws their visits as
 * numbered stops on the schedule's map (and on the board's), and a click
 * on another technician's visit on the timeline moves the route to them.
 * Stops are checked against the day read from the store.
 */

#include "ui-fixture.h"

#include "onsite-map-view.h"
#include "onsite-route-layer.h"
#include "onsite-schedule-view.h"
#include "onsite-store-dispatch.h"
#include "onsite-timeline.h"

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

static gint64
today_unix (int hour,
            int minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) t = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                  g_date_time_get_day_of_month (now), hour, minute, 0);

  return g_date_time_to_unix (t);
}

/* Two technicians with three visits each today, at known places, planned
 * through the store as the app would. */
static void
plan_two_days (OnsiteStore *store,
               gint64      *tech_ids)
{
  g_autoptr(GPtrArray) techs = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  guint next_ticket = 0;

  techs = onsite_store_list_techs (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (techs->len, >=, 2);
  open = onsite_store_list_open_tickets (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      OnsiteTech *tech = g_ptr_array_index (techs, i);

      tech_ids[i] = onsite_tech_get_id (tech);
      for (int k = 0; k < 3; k++)
        {
          OnsiteTicket *ticket = NULL;

          /* An open ticket with a place and no visit yet. */
          while (next_ticket < open->len)
            {
              g_autoptr(OnsiteVisit) existing = NULL;

              ticket = g_ptr_array_index (open, next_ticket++);
              existing = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL);
              if (existing == NULL && onsite_ticket_get_location (ticket, NULL, NULL))
                break;
              ticket = NULL;
            }
          g_assert_nonnull (ticket);

          /* Late in the day, after whatever the demo planned. */
          onsite_store_assign_ticket (store, onsite_ticket_get_id (ticket), tech_ids[i],
                                      today_unix (19 + k, 0), today_unix (19 + k, 45), "test", &error);
          g_assert_no_error (error);
        }
    }
}

/* The stops the route of @tech_id must have: its visits that day, by
 * start, numbered from 1 (a visit without a place keeps its number). */
static void
assert_route (OnsiteRouteLayer *layer,
              OnsiteDay        *day,
              gint64            tech_id)
{
  GListModel *visits = onsite_day_get_visits (day, tech_id);
  OnsiteRouteLayerStats stats;
  guint number = 0, with_place = 0;

  onsite_route_layer_get_stats (layer, &stats);
  g_assert_cmpuint (stats.n_routes, ==, 1);

  for (guint i = 0; i < g_list_model_get_n_items (visits); i++)
    {
      g_autoptr(OnsiteVisit) visit = g_list_model_get_item (visits, i);
      OnsiteVisitState state = onsite_visit_get_state (visit);
      double lat, lon, stop_lat, stop_lon;

      if (state == ONSITE_VISIT_CANCELLED || state == ONSITE_VISIT_RESCHEDULED)
        continue;

      number++;
      if (!onsite_visit_get_location (visit, &lat, &lon))
        {
          g_assert_false (onsite_route_layer_get_stop (layer, 0, number, NULL, NULL));
          continue;
        }

      with_place++;
      g_assert_true (onsite_route_layer_get_stop (layer, 0, number, &stop_lat, &stop_lon));
      g_assert_cmpfloat_with_epsilon (stop_lat, lat, 1e-9);
      g_assert_cmpfloat_with_epsilon (stop_lon, lon, 1e-9);
    }

  g_assert_cmpuint (number, >=, 3);
  g_assert_cmpuint (stats.n_stops, ==, with_place);
  g_assert_false (onsite_route_layer_get_stop (layer, 0, number + 1, NULL, NULL));
}

static void
test_route (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteVisit) other_visit = NULL;
  OnsiteScheduleView *view;
  OnsiteTimeline *timeline;
  OnsiteMapView *route_map, *board_map;
  OnsiteRouteLayer *layer;
  OnsiteTech *tech;
  GtkLabel *name_label;
  graphene_rect_t area;
  gint64 tech_ids[2];
  g_autofree char *expected = NULL;
  double south, west, north, east, center_lat, center_lon;

  if (!g_find_program_in_path ("xdotool"))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  fill_demo (fixture->db_path);
  store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  plan_two_days (store, tech_ids);

  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  spin (0.5);

  click_widget (GTK_WIDGET (find_label_with_text (GTK_WIDGET (fixture->window), "Schedule")));
  g_assert_true (wait_for (fixture, schedule_shown, 5));
  view = find_view (fixture);
  timeline = onsite_schedule_view_get_timeline (view);
  route_map = ONSITE_MAP_VIEW (find_widget (GTK_WIDGET (view), ONSITE_TYPE_MAP_VIEW));
  g_assert_nonnull (route_map);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (route_map)));
  spin (0.5);

  /* Nobody picked yet: no route, and the map says how to get one. */
  layer = onsite_map_view_get_route_layer (route_map);
  if (layer != NULL)
    {
      OnsiteRouteLayerStats stats;

      onsite_route_layer_get_stats (layer, &stats);
      g_assert_cmpuint (stats.n_routes, ==, 0);
    }
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "Pick a technician to see their route"));

  /* A click on the first technician's name in the roster. */
  tech = onsite_day_find_tech (onsite_schedule_view_get_day (view), tech_ids[0]);
  g_assert_nonnull (tech);
  name_label = find_label_with_text (GTK_WIDGET (view), onsite_tech_get_name (tech));
  g_assert_nonnull (name_label);
  click_widget (GTK_WIDGET (name_label));
  spin (0.8);

  layer = onsite_map_view_get_route_layer (route_map);
  g_assert_nonnull (layer);
  assert_route (layer, onsite_schedule_view_get_day (view), tech_ids[0]);
  {
    OnsiteRouteLayerStats stats;
    guint n_visits = 0;
    GListModel *visits = onsite_day_get_visits (onsite_schedule_view_get_day (view), tech_ids[0]);

    for (guint i = 0; i < g_list_model_get_n_items (visits); i++)
      {
        g_autoptr(OnsiteVisit) v = g_list_model_get_item (visits, i);

        n_visits += onsite_visit_get_state (v) != ONSITE_VISIT_CANCELLED &&
                    onsite_visit_get_state (v) != ONSITE_VISIT_RESCHEDULED;
      }
    expected = g_strdup_printf ("%s · %u stops", onsite_tech_get_name (tech), n_visits);
    g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), expected));

    /* The map moved to the route: its middle is inside the route's box,
     * and the route was drawn with its stops in view. */
    g_assert_true (onsite_route_layer_get_bounds (layer, &south, &west, &north, &east));
    center_lat = shumate_location_get_latitude (SHUMATE_LOCATION (shumate_map_get_viewport (onsite_map_view_get_map (route_map))));
    center_lon = shumate_location_get_longitude (SHUMATE_LOCATION (shumate_map_get_viewport (onsite_map_view_get_map (route_map))));
    g_assert_cmpfloat (center_lat, >=, south - 1e-6);
    g_assert_cmpfloat (center_lat, <=, north + 1e-6);
    g_assert_cmpfloat (center_lon, >=, west - 1e-6);
    g_assert_cmpfloat (center_lon, <=, east + 1e-6);
    onsite_route_layer_get_stats (layer, &stats);
    g_assert_cmpuint (stats.n_frames, >, 0);
    g_assert_cmpuint (stats.n_drawn_stops, ==, stats.n_stops);
  }

  /* The board's map has the same route, for when the dispatcher goes back. */
  board_map = ONSITE_MAP_VIEW (find_widget (GTK_WIDGET (fixture->window), ONSITE_TYPE_MAP_VIEW));
  g_assert_true (board_map != route_map);
  g_assert_nonnull (onsite_map_view_get_route_layer (board_map));
  assert_route (onsite_map_view_get_route_layer (board_map), onsite_schedule_view_get_day (view), tech_ids[0]);

  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-schedule-route.png");

  /* A click on the second technician's first visit on the timeline moves
   * the route to them. */
  {
    GListModel *visits = onsite_day_get_visits (onsite_schedule_view_get_day (view), tech_ids[1]);

    for (guint i = 0; i < g_list_model_get_n_items (visits) && other_visit == NULL; i++)
      {
        g_autoptr(OnsiteVisit) v = g_list_model_get_item (visits, i);

        if (onsite_visit_get_start (v) >= today_unix (19, 0))
          other_visit = g_steal_pointer (&v);
      }
  }
  g_assert_nonnull (other_visit);
  onsite_timeline_scroll_to_time (timeline, onsite_visit_get_start (other_visit) - 1800);
  spin (0.5);
  g_assert_true (onsite_timeline_get_visit_area (timeline, onsite_visit_get_id (other_visit), &area));
  {
    g_autofree char *xid = NULL;
    g_autofree char *x = NULL;
    g_autofree char *y = NULL;
    GtkNative *native = gtk_widget_get_native (GTK_WIDGET (timeline));
    graphene_point_t point;
    double dx, dy;

    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (timeline), GTK_WIDGET (native),
                                             &GRAPHENE_POINT_INIT (area.origin.x + MIN (20, area.size.width / 2),
                                                                   area.origin.y + area.size.height / 2),
                                             &point));
    gtk_native_get_surface_transform (native, &dx, &dy);
    xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
    x = g_strdup_printf ("%d", (int)(point.x + dx));
    y = g_strdup_printf ("%d", (int)(point.y + dy));
    xdo ("mousemove", "--window", xid, x, y, NULL);
    xdo ("click", "1", NULL);
  }
  spin (0.8);

  assert_route (onsite_map_view_get_route_layer (route_map), onsite_schedule_view_get_day (view), tech_ids[1]);
  tech = onsite_day_find_tech (onsite_schedule_view_get_day (view), tech_ids[1]);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (view), onsite_tech_get_name (tech)));

  /* The store changes (a visit is cancelled): the route follows, and the
   * same technician stays picked. */
  onsite_store_cancel_visit (store, onsite_visit_get_id (other_visit), "test", "test", &error);
  g_assert_no_error (error);
  onsite_context_store_changed (onsite_window_get_context (fixture->window));
  spin (0.5);
  assert_route (onsite_map_view_get_route_layer (route_map), onsite_schedule_view_get_day (view), tech_ids[1]);
  {
    OnsiteRouteLayerStats stats;

    onsite_route_layer_get_stats (onsite_map_view_get_route_layer (route_map), &stats);
    g_assert_cmpuint (stats.n_routes, ==, 1);
  }

  /* The map can be put away, and brought back. */
  {
    GtkWidget *flap = gtk_widget_get_ancestor (GTK_WIDGET (route_map), ADW_TYPE_FLAP);

    g_assert_nonnull (flap);
    g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (flap)));
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-technician-route", "(xx)",
                                tech_ids[0], (gint64)0);
    assert_route (onsite_map_view_get_route_layer (board_map), onsite_schedule_view_get_day (view), tech_ids[0]);
  }

  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-schedule-route-other.png");
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

  g_test_add ("/ui/schedule/route", Fixture, NULL,
              fixture_set_up, test_route, fixture_tear_down);

  return g_test_run ();
}
