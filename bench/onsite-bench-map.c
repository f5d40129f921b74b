/* onsite-bench-map.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatcher's map at scale: 10,000 open tickets spread over Milan, all
 * in view, while the map pans one step per frame. Measures the marker
 * layer's own work per frame (clustering, culling and the snapshot), the
 * whole frame (layout, snapshot and render of the window), and the time to
 * replace the whole marker set; then the same with libshumate's
 * ShumateMarkerLayer and one ShumateMarker widget per ticket, the naive way.
 * Run it under Xvfb:
 *
 *   xvfb-run -a -s '-screen 0 1920x1080x24' _build/bench/onsite-bench-map
 *
 * With --hold SECONDS it only shows the map (with a selected ticket) for
 * that long, to take a screenshot.
 */

#define G_LOG_DOMAIN "onsite-bench-map"

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>

#include "onsite-cluster.h"
#include "onsite-map-view.h"
#include "onsite-ticket-private.h"

static int n_tickets = 10000;
static int n_frames = 300;
static int n_replace = 10;
static int width = 1920;
static int height = 1080;
static double zoom = 12;
static int hold;
static gboolean skip_naive;

static const GOptionEntry entries[] = {
  { "tickets", 0, 0, G_OPTION_ARG_INT, &n_tickets, "Tickets on the map", "N" },
  { "frames", 0, 0, G_OPTION_ARG_INT, &n_frames, "Frames of panning", "N" },
  { "replace", 0, 0, G_OPTION_ARG_INT, &n_replace, "Rounds of replacing the marker set", "N" },
  { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width", "PX" },
  { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height", "PX" },
  { "zoom", 0, 0, G_OPTION_ARG_DOUBLE, &zoom, "Zoom level", "Z" },
  { "hold", 0, 0, G_OPTION_ARG_INT, &hold, "Only show the map for SECONDS", "SECONDS" },
  { "skip-naive", 0, 0, G_OPTION_ARG_NONE, &skip_naive, "Do not measure ShumateMarkerLayer", NULL },
  { NULL }
};

#define MILAN_LAT 45.4642
#define MILAN_LON 9.19
#define NOW       ((gint64) 1790000000)

/* Frame timing: from the end of the update phase (after tick callbacks
 * moved the map) to the end of the paint phase. */
static gint64 frame_start;
static gint64 last_frame_usec;
static guint frames_painted;

static void
on_update_cb (GdkFrameClock *clock)
{
  frame_start = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock)
{
  last_frame_usec = frame_start ? g_get_monotonic_time () - frame_start : 0;
  frames_painted++;
}

static void
wait_frames (guint n)
{
  guint target = frames_painted + n;

  while (frames_painted < target)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_msec (guint msec)
{
  gint64 end = g_get_monotonic_time () + msec * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;
  return (da > db) - (da < db);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, (guint) (p * (values->len - 1) + 0.5));
}

/* Tickets around Milan: a dense centre and a wide metropolitan area, 3% of
 * them without a location; a realistic mix of SLA states and priorities. */
static GListModel *
make_tickets (guint seed)
{
  GListStore *store = g_list_store_new (ONSITE_TYPE_TICKET);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (int i = 0; i < n_tickets; i++)
    {
      OnsiteTicket *ticket = onsite_ticket_new ();
      double spread = g_rand_int_range (rand, 0, 3) == 0 ? 0.12 : 0.04;
      double u1 = g_rand_double_range (rand, 1e-9, 1), u2 = g_rand_double (rand);
      double r = sqrt (-2 * log (u1)) * spread;

      ticket->id = seed * 1000000 + i + 1;
      ticket->title = g_strdup_printf ("Printer on floor %d does not print", i % 12);
      ticket->priority = 1 + g_rand_int_range (rand, 0, 4);
      ticket->created = NOW - 8 * 3600;
      switch (g_rand_int_range (rand, 0, 10))
        {
        case 0: ticket->sla_due = 0; break;
        case 1: case 2: ticket->sla_due = NOW - 600; break;
        case 3: case 4: ticket->sla_due = NOW + 1800; break;
        default: ticket->sla_due = NOW + 6 * 3600; break;
        }
      ticket->has_location = g_rand_int_range (rand, 0, 100) >= 3;
      ticket->latitude = MILAN_LAT + r * cos (2 * G_PI * u2) * 0.7;
      ticket->longitude = MILAN_LON + r * sin (2 * G_PI * u2);
      g_ptr_array_add (items, ticket);
    }

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (store);
}

static void
report (const char *what,
        GArray     *values,
        const char *unit)
{
  printf ("  %-48s median %8.2f %s   p95 %8.2f %s   (n=%u)\n",
          what, percentile (values, 0.5), unit, percentile (values, 0.95), unit, values->len);
}

/* One step of a circular pan, 12 px per frame, around Milan. */
static void
pan_step (ShumateViewport *viewport,
          int              frame)
{
  double angle = frame * 12.0 / 250.0;
  double cx, cy, latitude, longitude;
  double scale = 256 * exp2 (shumate_viewport_get_zoom_level (viewport));

  onsite_cluster_project (MILAN_LAT, MILAN_LON, &cx, &cy);
  cx += 250 * cos (angle) / scale;
  cy += 250 * sin (angle) / scale;
  onsite_cluster_unproject (cx, cy, &latitude, &longitude);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), latitude, longitude);
}

/* Keeps the frame clock running even when nothing changes. */
static gboolean
keep_ticking_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
make_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();
  GdkFrameClock *clock;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));

  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "update", G_CALLBACK (on_update_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);
  gtk_widget_add_tick_callback (window, keep_ticking_cb, NULL, NULL);
  wait_frames (3);

  {
    static gboolean told;

    if (!told)
      printf ("GSK renderer: %s\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
    told = TRUE;
  }

  return window;
}

static void
bench_layer (void)
{
  g_autoptr(GListModel) tickets = make_tickets (1);
  g_autoptr(GArray) layer_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cluster_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) replace_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) replace_frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  OnsiteMapView *view = ONSITE_MAP_VIEW (onsite_map_view_new ());
  OnsiteMapLayer *layer = onsite_map_view_get_layer (view);
  ShumateViewport *viewport = shumate_map_get_viewport (onsite_map_view_get_map (view));
  OnsiteMapLayerStats stats;
  GtkWidget *window;
  guint visible_min = G_MAXUINT, visible_max = 0;

  onsite_map_view_set_now (view, NOW);
  onsite_map_view_set_model (view, tickets);
  window = make_window (GTK_WIDGET (view));
  shumate_viewport_set_zoom_level (viewport, zoom);
  wait_frames (5);

  printf ("OnsiteMapLayer: %u tickets with a location of %d\n",
          onsite_map_layer_get_n_markers (layer), n_tickets);

  for (int i = 0; i < n_frames; i++)
    {
      guint before;

      pan_step (viewport, i);
      onsite_map_layer_get_stats (layer, &stats);
      before = stats.n_frames;
      wait_frames (1);
      onsite_map_layer_get_stats (layer, &stats);
      if (stats.n_frames == before)
        continue;

      g_array_append_val (layer_ms, (double) { stats.last_frame_usec / 1000.0 });
      g_array_append_val (cluster_ms, (double) { stats.last_cluster_usec / 1000.0 });
      g_array_append_val (frame_ms, (double) { last_frame_usec / 1000.0 });
      visible_min = MIN (visible_min, stats.n_visible);
      visible_max = MAX (visible_max, stats.n_visible);
    }

  printf ("  panning at zoom %.1f, %dx%d, %u to %u markers drawn\n", zoom, width, height, visible_min, visible_max);
  report ("layer work per frame (cluster + snapshot)", layer_ms, "ms");
  report ("  of which clustering and culling", cluster_ms, "ms");
  report ("whole frame (layout + snapshot + render)", frame_ms, "ms");

  for (int i = 0; i < n_replace; i++)
    {
      g_autoptr(GListModel) fresh = make_tickets (2 + i);
      gint64 start, set;

      start = g_get_monotonic_time ();
      onsite_map_view_set_model (view, fresh);
      set = g_get_monotonic_time () - start;
      wait_frames (1);
      onsite_map_layer_get_stats (layer, &stats);

      /* The set-up call plus the first frame's layer work, which re-indexes
       * the new set, clusters it and draws it. */
      g_array_append_val (replace_ms, (double) { (set + stats.last_frame_usec) / 1000.0 });
      g_array_append_val (replace_frame_ms, (double) { (g_get_monotonic_time () - start) / 1000.0 });
    }

  report ("replace 10,000 markers (set_model + first layer frame)", replace_ms, "ms");
  report ("replace 10,000 markers until painted", replace_frame_ms, "ms");
  printf ("  of the layer's replace: indexing %.2f ms\n", stats.last_rebuild_usec / 1000.0);

  {
    /* The clustering alone, from scratch, as the unit test measures it. */
    g_autoptr(OnsiteClusterIndex) index = onsite_cluster_index_new ();
    g_autoptr(GArray) cold = g_array_new (FALSE, FALSE, sizeof (double));
    OnsiteClusterView cv = { .zoom_level = zoom, .tile_size = 256, .width = width, .height = height };

    onsite_cluster_project (MILAN_LAT, MILAN_LON, &cv.center_x, &cv.center_y);
    onsite_cluster_index_set_tickets (index, tickets, NOW);
    for (int i = 0; i < 50; i++)
      {
        gint64 start;

        onsite_cluster_index_set_selected (index, i + 1);
        start = g_get_monotonic_time ();
        onsite_cluster_index_update (index, &cv);
        g_array_append_val (cold, (double) { (g_get_monotonic_time () - start) / 1000.0 });
      }
    report ("clustering from scratch, no cache", cold, "ms");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The naive layer's own work per frame: its size_allocate (which places
 * and allocates every marker widget) and its snapshot (which snapshots
 * every marker widget), timed by wrapping the class's vfuncs. */
static gint64 naive_work_usec;
static void (*real_size_allocate) (GtkWidget *, int, int, int);
static void (*real_snapshot) (GtkWidget *, GtkSnapshot *);

static void
timed_size_allocate (GtkWidget *widget,
                     int        w,
                     int        h,
                     int        baseline)
{
  gint64 start = g_get_monotonic_time ();

  real_size_allocate (widget, w, h, baseline);
  naive_work_usec += g_get_monotonic_time () - start;
}

static void
timed_snapshot (GtkWidget   *widget,
                GtkSnapshot *snapshot)
{
  gint64 start = g_get_monotonic_time ();

  real_snapshot (widget, snapshot);
  naive_work_usec += g_get_monotonic_time () - start;
}

static void
bench_naive (void)
{
  g_autoptr(GListModel) tickets = make_tickets (1);
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) work_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidgetClass *marker_layer_class = g_type_class_ref (SHUMATE_TYPE_MARKER_LAYER);
  ShumateSimpleMap *simple_map = shumate_simple_map_new ();
  ShumateViewport *viewport = shumate_simple_map_get_viewport (simple_map);
  g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
  ShumateMarkerLayer *markers;
  GtkWidget *window;
  gint64 start, added;
  guint n_items = g_list_model_get_n_items (tickets);
  guint n_markers = 0;
  int frames = MIN (n_frames, 60);

  shumate_simple_map_set_map_source (simple_map, shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), MILAN_LAT, MILAN_LON);
  markers = shumate_marker_layer_new (viewport);
  shumate_simple_map_add_overlay_layer (simple_map, SHUMATE_LAYER (markers));
  window = make_window (GTK_WIDGET (simple_map));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(OnsiteTicket) ticket = g_list_model_get_item (tickets, i);
      ShumateMarker *marker;
      GtkWidget *label;
      char text[4];
      double latitude, longitude;

      if (!onsite_ticket_get_location (ticket, &latitude, &longitude))
        continue;

      g_snprintf (text, sizeof text, "%d", ticket->priority);
      label = gtk_label_new (text);
      marker = shumate_marker_new ();
      shumate_marker_set_child (marker, label);
      shumate_location_set_location (SHUMATE_LOCATION (marker), latitude, longitude);
      shumate_marker_layer_add_marker (markers, marker);
      n_markers++;
    }
  added = g_get_monotonic_time () - start;
  wait_frames (1);

  printf ("ShumateMarkerLayer (one widget per ticket): %u markers\n", n_markers);
  printf ("  add %u markers: %.0f ms, until first frame painted: %.0f ms\n",
          n_markers, added / 1000.0, (g_get_monotonic_time () - start) / 1000.0);

  real_size_allocate = marker_layer_class->size_allocate;
  real_snapshot = marker_layer_class->snapshot;
  marker_layer_class->size_allocate = timed_size_allocate;
  marker_layer_class->snapshot = timed_snapshot;

  for (int i = 0; i < frames; i++)
    {
      pan_step (viewport, i);
      naive_work_usec = 0;
      wait_frames (1);
      g_array_append_val (work_ms, (double) { naive_work_usec / 1000.0 });
      g_array_append_val (frame_ms, (double) { last_frame_usec / 1000.0 });
    }
  report ("layer work per frame (allocate + snapshot)", work_ms, "ms");
  report ("whole frame (layout + snapshot + render)", frame_ms, "ms");

  marker_layer_class->size_allocate = real_size_allocate;
  marker_layer_class->snapshot = real_snapshot;
  g_type_class_unref (marker_layer_class);

  start = g_get_monotonic_time ();
  shumate_marker_layer_remove_all (markers);
  printf ("  remove all markers: %.0f ms\n", (g_get_monotonic_time () - start) / 1000.0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_ticket_activated_cb (OnsiteMapView *view,
                        OnsiteTicket  *ticket)
{
  printf ("ticket-activated %" G_GINT64_FORMAT ", selected %" G_GINT64_FORMAT "\n",
          onsite_ticket_get_id (ticket),
          onsite_ticket_get_id (onsite_map_view_get_selected (view)));
}

static void
on_zoom_cb (ShumateViewport *viewport)
{
  static double last;
  double zoom_level = shumate_viewport_get_zoom_level (viewport);

  /* Only where an animation ends up, roughly. */
  if (fabs (zoom_level - round (zoom_level)) < 1e-6 && zoom_level != last)
    printf ("zoom %.0f\n", zoom_level);
  last = zoom_level;
}

/* Prints where a single marker and a cluster are, so that a script can
 * click them (with xdotool) and read what happened. */
static void
print_probe_points (OnsiteMapView *view,
                    GListModel    *tickets)
{
  ShumateViewport *viewport = shumate_map_get_viewport (onsite_map_view_get_map (view));
  GtkWidget *layer = GTK_WIDGET (onsite_map_view_get_layer (view));
  g_autoptr(OnsiteClusterIndex) index = onsite_cluster_index_new ();
  OnsiteClusterView cv = {
    .zoom_level = shumate_viewport_get_zoom_level (viewport),
    .tile_size = 256,
    .width = gtk_widget_get_width (layer),
    .height = gtk_widget_get_height (layer),
  };
  gboolean single = FALSE, cluster = FALSE;
  graphene_point_t origin;
  guint n;

  if (!gtk_widget_compute_point (layer, GTK_WIDGET (gtk_widget_get_root (layer)),
                                 &GRAPHENE_POINT_INIT (0, 0), &origin))
    return;

  onsite_cluster_project (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                          shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                          &cv.center_x, &cv.center_y);
  onsite_cluster_index_set_tickets (index, tickets, NOW);
  onsite_cluster_index_set_selected (index, onsite_ticket_get_id (onsite_map_view_get_selected (view)));
  n = onsite_cluster_index_update (index, &cv);

  for (guint i = 0; i < n && !(single && cluster); i++)
    {
      const OnsiteCluster *c = onsite_cluster_index_get_visible (index, i);

      if (c->selected || c->screen_x < 100 || c->screen_y < 100 ||
          c->screen_x > cv.width - 100 || c->screen_y > cv.height - 100)
        continue;

      if (c->count == 1 && !single)
        {
          /* The head of the pin is above its tip. */
          printf ("probe single %.0f %.0f %" G_GINT64_FORMAT "\n",
                  origin.x + c->screen_x, origin.y + c->screen_y - 14,
                  onsite_ticket_get_id (onsite_cluster_index_get_member (index, c, 0)));
          single = TRUE;
        }
      else if (c->count > 1 && !cluster)
        {
          printf ("probe cluster %.0f %.0f %u\n", origin.x + c->screen_x, origin.y + c->screen_y, c->count);
          cluster = TRUE;
        }
    }
}

static void
show_map (void)
{
  g_autoptr(GListModel) tickets = make_tickets (1);
  OnsiteMapView *view = ONSITE_MAP_VIEW (onsite_map_view_new ());
  g_autoptr(OnsiteTicket) selected = NULL;
  GtkWidget *window;

  onsite_map_view_set_now (view, NOW);
  onsite_map_view_set_model (view, tickets);
  window = make_window (GTK_WIDGET (view));

  /* Select a ticket in the busy centre: it must stand out of its cluster. */
  for (guint i = 0; selected == NULL; i++)
    {
      g_autoptr(OnsiteTicket) ticket = g_list_model_get_item (tickets, i);
      double latitude, longitude;

      if (onsite_ticket_get_location (ticket, &latitude, &longitude) &&
          fabs (latitude - MILAN_LAT) < 0.01 && fabs (longitude - MILAN_LON) < 0.01)
        selected = g_steal_pointer (&ticket);
    }
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (onsite_map_view_get_map (view)), zoom);
  onsite_map_view_set_selected (view, selected);

  g_signal_connect (view, "ticket-activated", G_CALLBACK (on_ticket_activated_cb), NULL);
  g_signal_connect (shumate_map_get_viewport (onsite_map_view_get_map (view)), "notify::zoom-level",
                    G_CALLBACK (on_zoom_cb), NULL);

  printf ("Showing the map for %d s (offline: %s)\n", hold,
          onsite_map_view_get_offline (view) ? "yes" : "not yet known");
  wait_msec (1000);
  print_probe_points (view, tickets);
  wait_msec (hold * 1000 - 1000);
  printf ("offline: %s\n", onsite_map_view_get_offline (view) ? "yes" : "no");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— measure the map with 10,000 tickets");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  adw_init ();
  setvbuf (stdout, NULL, _IOLBF, 0);

  if (hold > 0)
    {
      show_map ();
      return 0;
    }

  printf ("GTK %u.%u.%u, renderer under test display %s\n",
          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
          g_getenv ("DISPLAY") ? g_getenv ("DISPLAY") : "(none)");

  bench_layer ();
  if (!skip_naive)
    bench_naive ();

  return 0;
}
