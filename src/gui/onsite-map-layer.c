/* onsite-map-layer.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-map-layer"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "onsite-cluster.h"
#include "onsite-map-layer.h"
#include "onsite-ticket-dnd.h"

/*
 * All ticket markers of the map in one widget.
 *
 * libshumate's ShumateMarkerLayer makes every marker a widget, which costs a
 * measure, an allocation and a snapshot per ticket per frame. This layer
 * keeps the tickets in an OnsiteClusterIndex (src/core), asks it each frame
 * for the clusters inside the widget, and appends one prebuilt render node
 * per visible marker. The nodes are cached by what they show (kind, SLA
 * state, priority, count, selection), so a frame is a few hundred
 * translations of shared nodes, whatever the number of tickets.
 *
 * The marker set is re-indexed lazily, at the next snapshot after the model
 * changed, so that a burst of items-changed costs one rebuild.
 */

/* Marker radii, in pixels. */
#define SINGLE_RADIUS       10.0
#define SINGLE_URGENT_RADIUS 11.5
#define SELECTED_RADIUS     13.0
#define CLUSTER_MIN_RADIUS  14.0
#define CLUSTER_MAX_RADIUS  24.0
/* Pointer slack around a marker. */
#define HIT_TOLERANCE       (CLUSTER_MAX_RADIUS + 2.0)
/* Where a pin's head is, relative to its tip on the location. */
#define PIN_HEAD_DY         (-SINGLE_RADIUS * G_SQRT2)
/* Markers up to this far outside the widget are still drawn (half-visible). */
#define DRAW_MARGIN         (CLUSTER_MAX_RADIUS + 8.0)
/* A cluster whose members are closer than this, in pixels at the deepest
 * zoom level, cannot be split by zooming in: it gets a list instead. */
#define SAME_PLACE_PIXELS   8.0
#define POPOVER_MAX_ROWS    30

struct _OnsiteMapLayer
{
  ShumateLayer        parent_instance;

  OnsiteClusterIndex *index;
  GListModel         *model;
  gint64              now;
  gint64              selected_id;
  guint               dirty : 1;

  GHashTable         *nodes;
  GArray             *draw_order;
  GtkWidget          *popover;
  GtkWidget          *popover_list;
  GPtrArray          *popover_tickets;

  OnsiteMapLayerStats stats;
};

G_DEFINE_FINAL_TYPE (OnsiteMapLayer, onsite_map_layer, SHUMATE_TYPE_LAYER)

enum {
  TICKET_ACTIVATED,
  CLUSTER_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* The GNOME palette: red 3, orange 4, green 5, dark 1; blue 3 for the
 * selection. Mid-tone fills with a white rim read on light map tiles and on
 * the dark empty background alike. */
static const GdkRGBA state_colors [ONSITE_N_SLA_STATES] = {
  [ONSITE_SLA_NONE]     = { 0x77 / 255., 0x76 / 255., 0x7b / 255., 1 },
  [ONSITE_SLA_ON_TRACK] = { 0x26 / 255., 0xa2 / 255., 0x69 / 255., 1 },
  [ONSITE_SLA_AT_RISK]  = { 0xe6 / 255., 0x61 / 255., 0x00 / 255., 1 },
  [ONSITE_SLA_BREACHED] = { 0xe0 / 255., 0x1b / 255., 0x24 / 255., 1 },
};
static const GdkRGBA selected_color = { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 1 };
static const GdkRGBA rim_color = { 1, 1, 1, 1 };
static const GdkRGBA outline_color = { 0, 0, 0, 0.35 };
static const GdkRGBA text_color = { 1, 1, 1, 1 };

static void
append_disc (GtkSnapshot   *snapshot,
             double         radius,
             const GdkRGBA *color)
{
  GskRoundedRect disc;

  gsk_rounded_rect_init_from_rect (&disc,
                                   &GRAPHENE_RECT_INIT (-radius, -radius, 2 * radius, 2 * radius),
                                   radius);
  gtk_snapshot_push_rounded_clip (snapshot, &disc);
  gtk_snapshot_append_color (snapshot, color, &disc.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
append_centered_text (OnsiteMapLayer *self,
                      GtkSnapshot    *snapshot,
                      const char     *text,
                      double          size)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  g_autoptr(PangoFontDescription) font = NULL;
  PangoRectangle ink, logical;

  font = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  /* Our own digits only; never ticket text. */
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_extents (layout, &ink, &logical);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (-(logical.width / 2.0) - logical.x,
                                                -(ink.y + ink.height / 2.0)));
  gtk_snapshot_append_layout (snapshot, layout, &text_color);
  gtk_snapshot_restore (snapshot);
}

/* A square with three round corners, turned 45° so that its square corner
 * points down: a map pin whose tip is at the origin, its head centred
 * @head above it. Singles are pins and clusters are discs, so that a
 * priority digit is never read as a count. */
static void
append_pin (GtkSnapshot   *snapshot,
            double         head,
            double         radius,
            const GdkRGBA *color)
{
  GskRoundedRect pin;
  graphene_size_t round = GRAPHENE_SIZE_INIT (radius, radius);
  graphene_size_t sharp = GRAPHENE_SIZE_INIT (0, 0);

  gsk_rounded_rect_init (&pin,
                         &GRAPHENE_RECT_INIT (-radius, -radius, 2 * radius, 2 * radius),
                         &round, &round, &sharp, &round);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, -head));
  gtk_snapshot_rotate (snapshot, 45);
  gtk_snapshot_push_rounded_clip (snapshot, &pin);
  gtk_snapshot_append_color (snapshot, color, &pin.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_restore (snapshot);
}

static double
cluster_radius (guint count)
{
  return MIN (CLUSTER_MIN_RADIUS + 3.5 * log10 (count), CLUSTER_MAX_RADIUS);
}

static char *
format_count (guint count)
{
  if (count < 1000)
    return g_strdup_printf ("%u", count);
  if (count < 10000)
    return g_strdup_printf ("%.1fk", count / 1000.0);
  return g_strdup_printf ("%uk", count / 1000);
}

static guint
node_key (const OnsiteCluster *cluster)
{
  guint count = cluster->count < 1000 ? cluster->count : 1000 + MIN (cluster->count / 100, 10000);

  return (count << 6) |
         ((guint) CLAMP (cluster->top_priority, 0, 7) << 3) |
         ((guint) cluster->worst_state << 1) |
         (cluster->selected ? 1 : 0);
}

static GskRenderNode *
build_node (OnsiteMapLayer      *self,
            const OnsiteCluster *cluster)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  const GdkRGBA *fill = &state_colors [cluster->worst_state];

  if (cluster->count > 1)
    {
      double radius = cluster_radius (cluster->count);
      GdkRGBA halo = *fill;
      g_autofree char *label = format_count (cluster->count);

      halo.alpha = 0.35;
      append_disc (snapshot, radius + 5, &halo);
      append_disc (snapshot, radius + 1, &outline_color);
      append_disc (snapshot, radius, &rim_color);
      append_disc (snapshot, radius - 2, fill);
      append_centered_text (self, snapshot, label, radius > 17 ? 13 : 12);
    }
  else
    {
      double radius, head;
      char label[8];

      if (cluster->selected)
        {
          GdkRGBA halo = selected_color;

          radius = SELECTED_RADIUS;
          head = radius * G_SQRT2;
          halo.alpha = 0.3;
          append_pin (snapshot, head, radius + 7, &halo);
          append_pin (snapshot, head, radius + 3.5, &selected_color);
        }
      else
        {
          radius = cluster->top_priority == 1 ? SINGLE_URGENT_RADIUS : SINGLE_RADIUS;
          head = radius * G_SQRT2;
          append_pin (snapshot, head, radius + 1, &outline_color);
        }

      append_pin (snapshot, head, radius, &rim_color);
      append_pin (snapshot, head, radius - 2, fill);

      if (cluster->top_priority > 0)
        {
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, -head));
          g_snprintf (label, sizeof label, "%d", cluster->top_priority);
          append_centered_text (self, snapshot, label, cluster->selected ? 14 : 11);
          gtk_snapshot_restore (snapshot);
        }
    }

  return gtk_snapshot_free_to_node (snapshot);
}

/* A marker drawn once into a texture: the renderer then draws each marker
 * of a frame as one textured quad, instead of clipping and blending its
 * discs, pins and glyphs again. */
static GskRenderNode *
rasterize_node (OnsiteMapLayer *self,
                GskRenderNode  *node)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autoptr(GskRenderNode) scaled = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t bounds;

  if (renderer == NULL)
    return gsk_render_node_ref (node);

  gsk_render_node_get_bounds (node, &bounds);
  bounds.origin.x = floorf (bounds.origin.x);
  bounds.origin.y = floorf (bounds.origin.y);
  bounds.size.width = ceilf (bounds.size.width) + 1;
  bounds.size.height = ceilf (bounds.size.height) + 1;

  if (scale != 1)
    {
      g_autoptr(GskTransform) transform = gsk_transform_scale (NULL, scale, scale);

      scaled = gsk_transform_node_new (node, transform);
    }
  else
    {
      scaled = gsk_render_node_ref (node);
    }

  texture = gsk_renderer_render_texture (renderer, scaled,
                                         &GRAPHENE_RECT_INIT (bounds.origin.x * scale,
                                                              bounds.origin.y * scale,
                                                              bounds.size.width * scale,
                                                              bounds.size.height * scale));

  return gsk_texture_node_new (texture, &bounds);
}

static GskRenderNode *
get_node (OnsiteMapLayer      *self,
          const OnsiteCluster *cluster)
{
  guint key = node_key (cluster);
  GskRenderNode *node = g_hash_table_lookup (self->nodes, GUINT_TO_POINTER (key));

  if (node == NULL)
    {
      g_autoptr(GskRenderNode) vector = build_node (self, cluster);

      node = rasterize_node (self, vector);
      g_hash_table_insert (self->nodes, GUINT_TO_POINTER (key), node);
    }

  return node;
}

static void
clear_nodes (OnsiteMapLayer *self)
{
  g_hash_table_remove_all (self->nodes);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
rebuild_if_dirty (OnsiteMapLayer *self)
{
  gint64 start;

  if (!self->dirty)
    return;

  start = g_get_monotonic_time ();
  onsite_cluster_index_set_tickets (self->index, self->model, self->now);
  self->stats.last_rebuild_usec = g_get_monotonic_time () - start;
  self->dirty = FALSE;
}

static gboolean
get_view (OnsiteMapLayer    *self,
          OnsiteClusterView *view)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source;

  if (viewport == NULL)
    return FALSE;

  source = shumate_viewport_get_reference_map_source (viewport);

  *view = (OnsiteClusterView) {
    .zoom_level = shumate_viewport_get_zoom_level (viewport),
    .tile_size = source ? shumate_map_source_get_tile_size (source) : 256,
    .rotation = shumate_viewport_get_rotation (viewport),
    .width = gtk_widget_get_width (GTK_WIDGET (self)),
    .height = gtk_widget_get_height (GTK_WIDGET (self)),
    .cell_size = ONSITE_CLUSTER_CELL_SIZE,
    .margin = DRAW_MARGIN,
  };
  onsite_cluster_project (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                          shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                          &view->center_x, &view->center_y);

  return TRUE;
}

typedef struct
{
  guint                key;
  const OnsiteCluster *cluster;
} DrawItem;

/* Big counts first, single pins (count 1) last, the selected one at the very
 * end (its key is G_MAXUINT). */
static int
compare_draw_items (gconstpointer a,
                    gconstpointer b)
{
  const DrawItem *da = a, *db = b;
  guint ka = da->key, kb = db->key;

  if (ka == G_MAXUINT || kb == G_MAXUINT)
    return (ka > kb) - (ka < kb);

  /* Descending by key: the count sits in the high bits. */
  return (kb > ka) - (kb < ka);
}

static void
onsite_map_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  OnsiteMapLayer *self = (OnsiteMapLayer *)widget;
  OnsiteClusterView view;
  gint64 start, clustered;
  guint n_visible;

  start = g_get_monotonic_time ();

  rebuild_if_dirty (self);

  if (!get_view (self, &view))
    return;

  n_visible = onsite_cluster_index_update (self->index, &view);
  clustered = g_get_monotonic_time ();

  /* Same-looking markers one after the other: the GL renderer then draws
   * them in one batch from one texture instead of switching textures for
   * every marker, which is what a frame costs on a software rasteriser.
   * Clusters go first and single pins over them; among equal markers the
   * index's top-to-bottom order holds (the sort is stable); the selected
   * marker stays last, on top of everything. */
  g_array_set_size (self->draw_order, 0);
  for (guint i = 0; i < n_visible; i++)
    {
      const OnsiteCluster *cluster = onsite_cluster_index_get_visible (self->index, i);
      DrawItem item = { cluster->selected ? G_MAXUINT : node_key (cluster), cluster };

      g_array_append_val (self->draw_order, item);
    }
  g_array_sort (self->draw_order, compare_draw_items);

  for (guint i = 0; i < n_visible; i++)
    {
      const DrawItem *item = &g_array_index (self->draw_order, DrawItem, i);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (item->cluster->screen_x),
                                                              round (item->cluster->screen_y)));
      gtk_snapshot_append_node (snapshot, get_node (self, item->cluster));
      gtk_snapshot_restore (snapshot);
    }

  self->stats.n_frames++;
  self->stats.n_visible = n_visible;
  self->stats.last_cluster_usec = clustered - start;
  self->stats.last_frame_usec = g_get_monotonic_time () - start;
}

static const OnsiteCluster *
hit_test (OnsiteMapLayer *self,
          double          x,
          double          y)
{
  if (self->dirty)
    return NULL;

  return onsite_cluster_index_hit_test (self->index, x, y, HIT_TOLERANCE, PIN_HEAD_DY);
}

static void
on_popover_row_activated_cb (OnsiteMapLayer *self,
                             GtkListBoxRow  *row,
                             GtkListBox     *list)
{
  int position = gtk_list_box_row_get_index (row);

  if (position >= 0 && (guint) position < self->popover_tickets->len)
    {
      g_autoptr(OnsiteTicket) ticket = g_object_ref (g_ptr_array_index (self->popover_tickets, position));

      gtk_popover_popdown (GTK_POPOVER (self->popover));
      g_signal_emit (self, signals [TICKET_ACTIVATED], 0, ticket);
    }
}

static GtkWidget *
make_popover_row (OnsiteTicket   *ticket,
                  OnsiteSlaState  state)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *priority;
  GtkWidget *title;
  GtkWidget *sla;
  g_autofree char *priority_text = g_strdup_printf ("P%d", onsite_ticket_get_priority (ticket));
  g_autofree char *state_class = g_strdup_printf ("sla-%s", onsite_sla_state_to_string (state));

  /* Plain-text labels: ticket titles are untrusted. */
  priority = gtk_label_new (priority_text);
  gtk_widget_add_css_class (priority, "dim-label");
  gtk_widget_add_css_class (priority, "numeric");
  title = gtk_label_new (onsite_ticket_get_title (ticket));
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (title), 24);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 40);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  sla = gtk_label_new (onsite_sla_state_to_label (state));
  gtk_widget_add_css_class (sla, "sla-label");
  gtk_widget_add_css_class (sla, state_class);

  gtk_box_append (GTK_BOX (box), priority);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), sla);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  return box;
}

/* For tickets at one address, which no zoom level separates. */
static void
show_members (OnsiteMapLayer      *self,
              const OnsiteCluster *cluster)
{
  GtkWidget *child;
  guint n = MIN (cluster->count, POPOVER_MAX_ROWS);

  while ((child = gtk_widget_get_first_child (self->popover_list)))
    gtk_list_box_remove (GTK_LIST_BOX (self->popover_list), child);
  g_ptr_array_set_size (self->popover_tickets, 0);

  /* Worst first, as the list would sort them. */
  for (int state = ONSITE_SLA_BREACHED; state >= ONSITE_SLA_NONE && self->popover_tickets->len < n; state--)
    {
      for (guint i = 0; i < cluster->count && self->popover_tickets->len < n; i++)
        {
          OnsiteTicket *ticket = onsite_cluster_index_get_member (self->index, cluster, i);

          if ((int) onsite_cluster_index_get_member_state (self->index, cluster, i) != state)
            continue;

          g_ptr_array_add (self->popover_tickets, g_object_ref (ticket));
          gtk_list_box_append (GTK_LIST_BOX (self->popover_list),
                               make_popover_row (ticket, state));
        }
    }

  if (cluster->count > n)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%u more ticket here",
                                                         "%u more tickets here",
                                                         cluster->count - n),
                                               cluster->count - n);
      GtkWidget *label = gtk_label_new (more);
      GtkWidget *row;

      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_append (GTK_LIST_BOX (self->popover_list), label);
      row = gtk_widget_get_last_child (self->popover_list);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
    }

  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { cluster->screen_x - 1, cluster->screen_y - 1, 2, 2 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static void
activate_cluster (OnsiteMapLayer      *self,
                  const OnsiteCluster *cluster)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double min_x, min_y, max_x, max_y;
  double zoom, max_zoom, target, span, latitude, longitude;
  double width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1);
  double height = MAX (gtk_widget_get_height (GTK_WIDGET (self)), 1);
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double tile_size = source ? shumate_map_source_get_tile_size (source) : 256;

  zoom = shumate_viewport_get_zoom_level (viewport);
  max_zoom = shumate_viewport_get_max_zoom_level (viewport);

  onsite_cluster_index_get_bounds (self->index, cluster, &min_x, &min_y, &max_x, &max_y);
  span = MAX (max_x - min_x, max_y - min_y);

  if (zoom >= max_zoom - 0.5 || span * tile_size * exp2 (max_zoom) < SAME_PLACE_PIXELS)
    {
      show_members (self, cluster);
      return;
    }

  /* Fit the members into most of the widget, and zoom in at least a step. */
  if (span > 0)
    target = MIN (log2 (0.6 * width / ((max_x - min_x) * tile_size + 1e-12)),
                  log2 (0.6 * height / ((max_y - min_y) * tile_size + 1e-12)));
  else
    target = max_zoom;
  target = CLAMP (floor (target), zoom + 1, max_zoom);

  onsite_cluster_unproject ((min_x + max_x) / 2, (min_y + max_y) / 2, &latitude, &longitude);
  g_signal_emit (self, signals [CLUSTER_ACTIVATED], 0, latitude, longitude, target);
}

static void
on_click_released_cb (OnsiteMapLayer  *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  const OnsiteCluster *cluster;

  if (n_press != 1)
    return;

  cluster = hit_test (self, x, y);
  if (cluster == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  if (cluster->count == 1)
    {
      g_autoptr(OnsiteTicket) ticket = g_object_ref (onsite_cluster_index_get_member (self->index, cluster, 0));

      g_signal_emit (self, signals [TICKET_ACTIVATED], 0, ticket);
    }
  else
    {
      activate_cluster (self, cluster);
    }
}

/* A single pin can be dragged onto a technician; a cluster cannot. */
static GdkContentProvider *
on_drag_prepare_cb (OnsiteMapLayer *self,
                    double          x,
                    double          y,
                    GtkDragSource  *source)
{
  const OnsiteCluster *cluster = hit_test (self, x, y);

  if (cluster == NULL || cluster->count != 1)
    return NULL;

  return onsite_ticket_dnd_content (onsite_cluster_index_get_member (self->index, cluster, 0));
}

/* ShumateLayer lets every event fall through to the map; this layer takes
 * the pointer where there is a marker, and only there, so that dragging
 * the empty map still pans it. */
static gboolean
onsite_map_layer_contains (GtkWidget *widget,
                           double     x,
                           double     y)
{
  return hit_test (ONSITE_MAP_LAYER (widget), x, y) != NULL;
}

static gboolean
onsite_map_layer_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard_tooltip,
                                GtkTooltip *tooltip)
{
  OnsiteMapLayer *self = (OnsiteMapLayer *)widget;
  const OnsiteCluster *cluster;
  g_autofree char *text = NULL;

  if (keyboard_tooltip || gtk_widget_get_visible (self->popover))
    return FALSE;

  cluster = hit_test (self, x, y);
  if (cluster == NULL)
    return FALSE;

  if (cluster->count == 1)
    {
      OnsiteTicket *ticket = onsite_cluster_index_get_member (self->index, cluster, 0);

      text = g_strdup_printf ("%s\n%s · %s",
                              onsite_ticket_get_title (ticket),
                              onsite_priority_to_label (onsite_ticket_get_priority (ticket)),
                              onsite_sla_state_to_label (cluster->worst_state));
    }
  else
    {
      guint counts [ONSITE_N_SLA_STATES] = { 0 };
      GString *str = g_string_new (NULL);

      for (guint i = 0; i < cluster->count; i++)
        counts [onsite_cluster_index_get_member_state (self->index, cluster, i)]++;

      g_string_append_printf (str, ngettext ("%u ticket", "%u tickets", cluster->count), cluster->count);
      for (int state = ONSITE_SLA_BREACHED; state >= ONSITE_SLA_NONE; state--)
        {
          if (counts [state] > 0)
            g_string_append_printf (str, "\n%u %s", counts [state], onsite_sla_state_to_label (state));
        }

      text = g_string_free (str, FALSE);
    }

  /* Plain text: ticket titles are untrusted and never markup. */
  gtk_tooltip_set_text (tooltip, text);

  /* Next to the marker, not to the whole map. */
  if (cluster->count == 1)
    gtk_tooltip_set_tip_area (tooltip,
                              &(GdkRectangle) { cluster->screen_x - SELECTED_RADIUS,
                                                cluster->screen_y + 2 * PIN_HEAD_DY,
                                                2 * SELECTED_RADIUS,
                                                -2 * PIN_HEAD_DY });
  else
    gtk_tooltip_set_tip_area (tooltip,
                              &(GdkRectangle) { cluster->screen_x - CLUSTER_MAX_RADIUS,
                                                cluster->screen_y - CLUSTER_MAX_RADIUS,
                                                2 * CLUSTER_MAX_RADIUS,
                                                2 * CLUSTER_MAX_RADIUS });
  return TRUE;
}

static void
onsite_map_layer_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  OnsiteMapLayer *self = (OnsiteMapLayer *)widget;

  if (GTK_WIDGET_CLASS (onsite_map_layer_parent_class)->size_allocate)
    GTK_WIDGET_CLASS (onsite_map_layer_parent_class)->size_allocate (widget, width, height, baseline);

  if (gtk_widget_get_visible (self->popover))
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
on_viewport_changed_cb (OnsiteMapLayer *self)
{
  /* The list's arrow would drift away from its place. */
  if (gtk_widget_get_visible (self->popover))
    gtk_popover_popdown (GTK_POPOVER (self->popover));

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
onsite_map_layer_unrealize (GtkWidget *widget)
{
  OnsiteMapLayer *self = (OnsiteMapLayer *)widget;

  /* The textures belong to the renderer that goes with the surface. */
  g_hash_table_remove_all (self->nodes);

  GTK_WIDGET_CLASS (onsite_map_layer_parent_class)->unrealize (widget);
}

static void
onsite_map_layer_constructed (GObject *object)
{
  OnsiteMapLayer *self = (OnsiteMapLayer *)object;
  ShumateViewport *viewport;

  G_OBJECT_CLASS (onsite_map_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_return_if_fail (viewport != NULL);

  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::rotation", G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::reference-map-source", G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
onsite_map_layer_dispose (GObject *object)
{
  OnsiteMapLayer *self = (OnsiteMapLayer *)object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->popover_tickets, g_ptr_array_unref);
  g_clear_pointer (&self->nodes, g_hash_table_unref);
  g_clear_pointer (&self->draw_order, g_array_unref);
  g_clear_pointer (&self->index, onsite_cluster_index_free);

  G_OBJECT_CLASS (onsite_map_layer_parent_class)->dispose (object);
}

static void
onsite_map_layer_class_init (OnsiteMapLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = onsite_map_layer_constructed;
  object_class->dispose = onsite_map_layer_dispose;

  widget_class->snapshot = onsite_map_layer_snapshot;
  widget_class->unrealize = onsite_map_layer_unrealize;
  widget_class->size_allocate = onsite_map_layer_size_allocate;
  widget_class->query_tooltip = onsite_map_layer_query_tooltip;
  widget_class->contains = onsite_map_layer_contains;

  /**
   * OnsiteMapLayer::ticket-activated:
   * @self: the layer
   * @ticket: the ticket whose marker was clicked, or picked from the list of
   *   a place with several tickets
   */
  signals [TICKET_ACTIVATED] =
    g_signal_new ("ticket-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ONSITE_TYPE_TICKET);

  /**
   * OnsiteMapLayer::cluster-activated:
   * @self: the layer
   * @latitude: the centre of the cluster's members
   * @longitude: the centre of the cluster's members
   * @zoom_level: a zoom level at which they fit the map and separate
   *
   * Emitted when a cluster is clicked; the map should go there.
   */
  signals [CLUSTER_ACTIVATED] =
    g_signal_new ("cluster-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "onsite-map-layer");
}

static void
onsite_map_layer_init (OnsiteMapLayer *self)
{
  GtkGesture *click;
  GtkDragSource *drag;
  GtkWidget *scroller;

  self->index = onsite_cluster_index_new ();
  self->nodes = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) gsk_render_node_unref);
  self->draw_order = g_array_new (FALSE, FALSE, sizeof (DrawItem));
  self->now = g_get_real_time () / G_USEC_PER_SEC;
  self->popover_tickets = g_ptr_array_new_with_free_func (g_object_unref);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  g_signal_connect_object (drag, "prepare", G_CALLBACK (on_drag_prepare_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  /* The layer is only under the pointer over a marker, see contains(). */
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (clear_nodes), NULL);

  self->popover_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->popover_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->popover_list, "navigation-sidebar");
  g_signal_connect_object (self->popover_list, "row-activated",
                           G_CALLBACK (on_popover_row_activated_cb), self, G_CONNECT_SWAPPED);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->popover_list);
  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), scroller);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
}

/**
 * onsite_map_layer_new:
 * @viewport: the viewport of the map the layer goes on
 *
 * Creates the layer that draws the tickets' markers.
 *
 * Returns: (transfer full): a new #OnsiteMapLayer
 */
OnsiteMapLayer *
onsite_map_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (ONSITE_TYPE_MAP_LAYER,
                       "viewport", viewport,
                       NULL);
}

static void
on_items_changed_cb (OnsiteMapLayer *self)
{
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onsite_map_layer_set_model:
 * @self: an #OnsiteMapLayer
 * @tickets: (nullable): a #GListModel of #OnsiteTicket
 *
 * Sets the tickets to show. The layer follows the model's changes.
 */
void
onsite_map_layer_set_model (OnsiteMapLayer *self,
                            GListModel     *tickets)
{
  g_return_if_fail (ONSITE_IS_MAP_LAYER (self));
  g_return_if_fail (tickets == NULL || G_IS_LIST_MODEL (tickets));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  g_set_object (&self->model, tickets);

  if (self->model != NULL)
    g_signal_connect_object (self->model, "items-changed",
                             G_CALLBACK (on_items_changed_cb), self, G_CONNECT_SWAPPED);

  on_items_changed_cb (self);
}

GListModel *
onsite_map_layer_get_model (OnsiteMapLayer *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_LAYER (self), NULL);

  return self->model;
}

/**
 * onsite_map_layer_set_now:
 * @self: an #OnsiteMapLayer
 * @now: seconds since the epoch
 *
 * Sets the time the SLA colours are for.
 */
void
onsite_map_layer_set_now (OnsiteMapLayer *self,
                          gint64          now)
{
  g_return_if_fail (ONSITE_IS_MAP_LAYER (self));

  self->now = now;

  if (!self->dirty && onsite_cluster_index_set_now (self->index, now))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onsite_map_layer_set_selected:
 * @self: an #OnsiteMapLayer
 * @ticket_id: the selected ticket's id, or 0
 *
 * Highlights a ticket's marker, out of any cluster and above the others.
 */
void
onsite_map_layer_set_selected (OnsiteMapLayer *self,
                               gint64          ticket_id)
{
  g_return_if_fail (ONSITE_IS_MAP_LAYER (self));

  self->selected_id = ticket_id;

  if (onsite_cluster_index_set_selected (self->index, ticket_id))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onsite_map_layer_get_n_markers:
 * @self: an #OnsiteMapLayer
 *
 * Returns: how many tickets have a marker (those without a location do not)
 */
guint
onsite_map_layer_get_n_markers (OnsiteMapLayer *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_LAYER (self), 0);

  rebuild_if_dirty (self);

  return onsite_cluster_index_get_n_points (self->index);
}

/**
 * onsite_map_layer_get_stats:
 * @self: an #OnsiteMapLayer
 * @stats: (out caller-allocates): where to store the figures
 *
 * Gets what the layer's last frame and last new marker set cost.
 */
void
onsite_map_layer_get_stats (OnsiteMapLayer      *self,
                            OnsiteMapLayerStats *stats)
{
  g_return_if_fail (ONSITE_IS_MAP_LAYER (self));
  g_return_if_fail (stats != NULL);

  *stats = self->stats;
}
