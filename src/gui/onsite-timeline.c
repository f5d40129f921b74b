/* onsite-timeline.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "onsite-ticket-dnd.h"
#include "onsite-timeline-layout.h"
#include "onsite-timeline-private.h"
#include "onsite-travel.h"
#include "onsite-travel-model.h"
#include "onsite-visit.h"

/*
 * The day timeline: one row per technician, a time axis, visits as blocks.
 *
 * One widget draws everything in snapshot() — a day of 50 technicians and
 * 500 visits would be 500 widgets otherwise — and finds what is under the
 * pointer with onsite_timeline_hit_test(). It scrolls itself (GtkScrollable)
 * so that the names and the hour axis stay in place. It never writes to the
 * store: a drag, a key or a drop becomes a signal, which the schedule view
 * turns into one store call.
 *
 * A visit's menu (right click, a long press, the Menu key or Shift+F10)
 * and the P key pin the visit to its technician and time, or unpin it:
 * the visit.pin, visit.unpin and visit.toggle-pinned actions, which act on
 * the focused visit. Pinned visits carry a pin in their top right corner.
 */

#define HEADER_HEIGHT 30.0
#define NAME_WIDTH    150.0
#define ROW_HEIGHT    54.0
#define BLOCK_PAD     4.0
#define DRAG_THRESHOLD 4.0

typedef struct
{
  OnsiteVisit        *visit;
  guint               row;
  guint               lane;
  gint64              start;
  gint64              end;
  guint               conflicts;      /* 1 << OnsiteConflictKind */
  GString            *problems;       /* sentences, one a line; or NULL */
  int                 travel;         /* seconds from the previous place, 0 unknown */
  gint64              previous_end;   /* end of the visit before, or 0 */
  guint               travel_late : 1;
  guint               travel_routed : 1;  /* by road, from the routing server */
  guint               movable : 1;
  PangoLayout        *title_layout;
  PangoLayout        *site_layout;
  int                 layout_width;
} Block;

typedef struct
{
  OnsiteTech *tech;                   /* NULL: the visits nobody has */
  GArray     *periods;                /* OnsiteInterval */
  guint       first_block;
  guint       n_blocks;
  guint       n_lanes;
  PangoLayout *name_layout;
  PangoLayout *info_layout;
} Row;

typedef struct
{
  int                 block;          /* -1: no drag */
  OnsiteTimelinePart  part;
  double              start_x;
  double              start_y;
  gboolean            moved;
  guint               row;
  gint64              start;
  gint64              end;
  double              scroll_x;       /* where the day was scrolled at the press */
  double              last_dx;
  double              last_dy;
  guint               autoscroll;     /* tick callback, or 0 */
} Drag;

struct _OnsiteTimeline
{
  GtkWidget       parent_instance;

  OnsiteDay      *day;
  OnsiteTravelModel  *travel_model;   /* or NULL for the city defaults */
  OnsiteTravelMatrix *travel_matrix;  /* the day's road times, or NULL */
  OnsiteDay      *pending_day;        /* came during a drag, shown after it */
  gboolean        has_pending_day;
  GArray         *rows;               /* Row */
  GArray         *blocks;             /* Block, by row then start */
  guint           n_conflicts;
  gint64          now;
  double          zoom;

  GtkAdjustment  *hadjustment;
  GtkAdjustment  *vadjustment;
  guint           hscroll_policy : 1;
  guint           vscroll_policy : 1;

  int             focus_block;        /* -1: none */
  Drag            drag;
  double          pointer_x;
  double          pointer_y;

  int             drop_row;           /* -1: no ticket over us */
  gint64          drop_time;

  GtkGesture     *drag_gesture;
  PangoLayout    *hour_layout;

  GtkWidget      *context_menu;       /* GtkPopoverMenu, made when first needed */
  GtkIconPaintable *pin_icon;
  int             pin_icon_scale;
};

static void scrollable_iface_init (GtkScrollableInterface *iface);
static int  first_visible_block   (OnsiteTimeline         *self);
static void start_autoscroll      (OnsiteTimeline         *self);
static void stop_autoscroll       (OnsiteTimeline         *self);
static void update_actions        (OnsiteTimeline         *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnsiteTimeline, onsite_timeline, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, scrollable_iface_init))

enum {
  PROP_0,
  PROP_DAY,
  PROP_NOW,
  PROP_ZOOM,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  VISIT_ACTIVATED,
  VISIT_CHANGED,
  VISIT_DELETE_REQUESTED,
  VISIT_PIN_REQUESTED,
  TICKET_DROPPED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* Adwaita's palette: blocks are tinted, their text keeps the theme's colour. */
static const GdkRGBA blue   = { 0.208, 0.518, 0.894, 1 };
static const GdkRGBA green  = { 0.200, 0.820, 0.478, 1 };
static const GdkRGBA yellow = { 0.965, 0.827, 0.176, 1 };
static const GdkRGBA orange = { 1.000, 0.471, 0.000, 1 };
static const GdkRGBA red    = { 0.878, 0.106, 0.141, 1 };
static const GdkRGBA purple = { 0.569, 0.255, 0.675, 1 };
static const GdkRGBA grey   = { 0.467, 0.463, 0.482, 1 };

/* Geometry ---------------------------------------------------------------- */

static void
get_layout (OnsiteTimeline       *self,
            OnsiteTimelineLayout *layout)
{
  layout->day_start = self->day ? onsite_day_get_start (self->day) : 0;
  layout->day_end = self->day ? onsite_day_get_end (self->day) : 24 * 3600;
  layout->px_per_hour = self->zoom;
  layout->origin_x = NAME_WIDTH - (self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0);
  layout->origin_y = HEADER_HEIGHT - (self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0);
  layout->row_height = ROW_HEIGHT;
}

static double
content_width (OnsiteTimeline *self)
{
  gint64 span = self->day ? onsite_day_get_end (self->day) - onsite_day_get_start (self->day) : 24 * 3600;

  return span * self->zoom / 3600.0;
}

static double
content_height (OnsiteTimeline *self)
{
  return self->rows->len * ROW_HEIGHT;
}

static void
block_rect_for (const OnsiteTimelineLayout *layout,
                const Row                  *row,
                guint                       row_index,
                guint                       lane,
                gint64                      start,
                gint64                      end,
                OnsiteTimelineRect         *rect)
{
  double lane_height = (ROW_HEIGHT - 2 * BLOCK_PAD) / MAX (row->n_lanes, 1);
  double x0 = onsite_timeline_layout_time_to_x (layout, start);
  double x1 = onsite_timeline_layout_time_to_x (layout, end);

  rect->x = x0;
  rect->width = MAX (x1 - x0, 4.0);
  rect->y = layout->origin_y + row_index * ROW_HEIGHT + BLOCK_PAD + lane * lane_height;
  rect->height = lane_height - (row->n_lanes > 1 ? 1 : 0);
}

static void
block_rect (OnsiteTimeline             *self,
            const OnsiteTimelineLayout *layout,
            guint                       index,
            OnsiteTimelineRect         *rect)
{
  const Block *block = &g_array_index (self->blocks, Block, index);
  const Row *row = &g_array_index (self->rows, Row, block->row);

  block_rect_for (layout, row, block->row, block->lane, block->start, block->end, rect);
}

/* The block of row @row_index under (@x, @y), or -1. */
static int
hit_block (OnsiteTimeline     *self,
           double              x,
           double              y,
           OnsiteTimelinePart *part)
{
  OnsiteTimelineLayout layout;
  const Row *row;
  int row_index, hit;
  OnsiteTimelineRect rects[64];
  g_autofree OnsiteTimelineRect *heap = NULL;
  OnsiteTimelineRect *r = rects;

  if (part)
    *part = ONSITE_TIMELINE_PART_NONE;

  if (x < NAME_WIDTH || y < HEADER_HEIGHT)
    return -1;

  get_layout (self, &layout);
  row_index = onsite_timeline_layout_row_at (&layout, y, self->rows->len);
  if (row_index < 0)
    return -1;

  row = &g_array_index (self->rows, Row, row_index);
  if (row->n_blocks > G_N_ELEMENTS (rects))
    r = heap = g_new (OnsiteTimelineRect, row->n_blocks);

  for (guint i = 0; i < row->n_blocks; i++)
    block_rect (self, &layout, row->first_block + i, &r[i]);

  hit = onsite_timeline_hit_test (r, row->n_blocks, x, y, part);

  return hit < 0 ? -1 : (int)row->first_block + hit;
}

/* Adjustments ------------------------------------------------------------- */

static void
configure_adjustments (OnsiteTimeline *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double page;

  if (self->hadjustment)
    {
      page = MAX (width - NAME_WIDTH, 1);
      gtk_adjustment_configure (self->hadjustment,
                                CLAMP (gtk_adjustment_get_value (self->hadjustment), 0,
                                       MAX (content_width (self) - page, 0)),
                                0, MAX (content_width (self), page),
                                page * 0.1, page * 0.9, page);
    }

  if (self->vadjustment)
    {
      page = MAX (height - HEADER_HEIGHT, 1);
      gtk_adjustment_configure (self->vadjustment,
                                CLAMP (gtk_adjustment_get_value (self->vadjustment), 0,
                                       MAX (content_height (self) - page, 0)),
                                0, MAX (content_height (self), page),
                                ROW_HEIGHT, page * 0.9, page);
    }
}

static void
on_adjustment_value_changed_cb (OnsiteTimeline *self,
                                GtkAdjustment  *adjustment)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (OnsiteTimeline  *self,
                GtkAdjustment  **slot,
                GtkAdjustment   *adjustment)
{
  if (adjustment == *slot)
    return;

  if (*slot)
    {
      g_signal_handlers_disconnect_by_func (*slot, on_adjustment_value_changed_cb, self);
      g_clear_object (slot);
    }

  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);

  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed",
                            G_CALLBACK (on_adjustment_value_changed_cb), self);
  configure_adjustments (self);
}

static gboolean
get_border (GtkScrollable *scrollable,
            GtkBorder     *border)
{
  /* The names and the hour axis stay put: scrollbars start after them. */
  border->left = NAME_WIDTH;
  border->top = HEADER_HEIGHT;
  border->right = border->bottom = 0;
  return TRUE;
}

static void
scrollable_iface_init (GtkScrollableInterface *iface)
{
  iface->get_border = get_border;
}

/* Building the rows ------------------------------------------------------- */

static void
row_clear (Row *row)
{
  g_clear_object (&row->tech);
  g_clear_pointer (&row->periods, g_array_unref);
  g_clear_object (&row->name_layout);
  g_clear_object (&row->info_layout);
}

static void
block_clear (Block *block)
{
  g_clear_object (&block->visit);
  if (block->problems)
    g_string_free (block->problems, TRUE);
  block->problems = NULL;
  g_clear_object (&block->title_layout);
  g_clear_object (&block->site_layout);
}

static int
find_block (OnsiteTimeline *self,
            gint64          visit_id)
{
  for (guint i = 0; i < self->blocks->len; i++)
    {
      if (onsite_visit_get_id (g_array_index (self->blocks, Block, i).visit) == visit_id)
        return i;
    }

  return -1;
}

/* The window's travel model, road times first: what the ranking and Plan
 * Day use too, so the gaps drawn agree with them. */
static void
travel_options (OnsiteTimeline        *self,
                OnsiteDispatchOptions *options)
{
  if (self->travel_model != NULL)
    onsite_travel_model_init_options (self->travel_model, options, self->travel_matrix);
  else
    onsite_dispatch_options_init (options);
}

static void
estimate_trip (const OnsiteDispatchOptions *options,
               const OnsitePoint           *from,
               const OnsitePoint           *to,
               OnsiteTravelEstimate        *trip)
{
  trip->source = ONSITE_TRAVEL_UNKNOWN;
  if (options->travel_func != NULL)
    options->travel_func (from, to, trip, options->travel_data);
  if (trip->source == ONSITE_TRAVEL_UNKNOWN)
    onsite_travel_estimate (options->travel, from, to, trip);
}

static void
add_row (OnsiteTimeline *self,
         OnsiteTech     *tech,
         GListModel     *visits)
{
  OnsiteDispatchOptions options;
  Row row = { 0 };
  guint n = visits ? g_list_model_get_n_items (visits) : 0;
  g_autofree gint64 *starts = NULL;
  g_autofree gint64 *ends = NULL;
  g_autofree guint *lanes = NULL;
  OnsitePoint previous;
  gboolean have_previous = FALSE;
  gint64 previous_end = 0;

  travel_options (self, &options);

  row.tech = tech ? g_object_ref (tech) : NULL;
  row.periods = tech ? onsite_day_dup_working_periods (self->day, onsite_tech_get_id (tech)) : NULL;
  if (row.periods == NULL)
    row.periods = g_array_new (FALSE, FALSE, sizeof (OnsiteInterval));
  row.first_block = self->blocks->len;

  if (tech && onsite_tech_get_home (tech, &previous.latitude, &previous.longitude))
    have_previous = TRUE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteVisit) visit = g_list_model_get_item (visits, i);
      OnsiteVisitState state = onsite_visit_get_state (visit);
      Block block = { 0 };
      OnsitePoint here;

      /* Called-off visits take no time and are not drawn. */
      if (state == ONSITE_VISIT_CANCELLED || state == ONSITE_VISIT_RESCHEDULED ||
          onsite_visit_get_end (visit) <= onsite_visit_get_start (visit))
        continue;

      block.visit = g_object_ref (visit);
      block.row = self->rows->len;
      block.start = onsite_visit_get_start (visit);
      block.end = onsite_visit_get_end (visit);
      block.movable = onsite_visit_state_is_active (state);

      if (tech && onsite_visit_get_location (visit, &here.latitude, &here.longitude))
        {
          /* The trip from the last place the technician was, when the
           * visits follow each other (an overlap is flagged instead). */
          if (have_previous && block.start >= previous_end)
            {
              OnsiteTravelEstimate trip;

              estimate_trip (&options, &previous, &here, &trip);
              if (trip.source != ONSITE_TRAVEL_UNKNOWN)
                block.travel = trip.seconds;
              block.travel_routed = trip.source == ONSITE_TRAVEL_ROUTER;
            }
          previous = here;
          have_previous = TRUE;
        }
      block.previous_end = previous_end;
      previous_end = MAX (previous_end, block.end);

      g_array_append_val (self->blocks, block);
      row.n_blocks++;
    }

  starts = g_new (gint64, MAX (row.n_blocks, 1));
  ends = g_new (gint64, MAX (row.n_blocks, 1));
  lanes = g_new (guint, MAX (row.n_blocks, 1));
  for (guint i = 0; i < row.n_blocks; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, row.first_block + i);

      starts[i] = block->start;
      ends[i] = block->end;
    }
  row.n_lanes = onsite_timeline_assign_lanes (starts, ends, row.n_blocks, lanes);
  for (guint i = 0; i < row.n_blocks; i++)
    g_array_index (self->blocks, Block, row.first_block + i).lane = lanes[i];

  g_array_append_val (self->rows, row);
}

static void
add_problem (OnsiteTimeline *self,
             gint64          visit_id,
             OnsiteConflictKind kind,
             const char     *message)
{
  int index = find_block (self, visit_id);
  Block *block;

  if (index < 0)
    return;

  block = &g_array_index (self->blocks, Block, index);
  block->conflicts |= 1u << kind;
  if (message == NULL)
    return;

  if (block->problems == NULL)
    block->problems = g_string_new (NULL);
  else
    g_string_append_c (block->problems, '\n');
  g_string_append (block->problems, message);
}

static void
rebuild (OnsiteTimeline *self)
{
  gint64 focused_id = 0;

  if (self->focus_block >= 0 && (guint)self->focus_block < self->blocks->len)
    focused_id = onsite_visit_get_id (g_array_index (self->blocks, Block, self->focus_block).visit);

  g_array_set_size (self->blocks, 0);
  g_array_set_size (self->rows, 0);
  self->n_conflicts = 0;
  self->focus_block = -1;
  self->drag.block = -1;
  stop_autoscroll (self);

  if (self->day != NULL)
    {
      GListModel *techs = onsite_day_get_techs (self->day);
      GListModel *unassigned = onsite_day_get_visits (self->day, 0);
      g_autoptr(GPtrArray) conflicts = NULL;
      guint n = g_list_model_get_n_items (techs);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(OnsiteTech) tech = g_list_model_get_item (techs, i);

          add_row (self, tech, onsite_day_get_visits (self->day, onsite_tech_get_id (tech)));
        }

      /* Visits that lost their technician keep their window: shown apart,
       * to be dragged onto someone. */
      if (unassigned && g_list_model_get_n_items (unassigned) > 0)
        {
          add_row (self, NULL, unassigned);
          if (g_array_index (self->rows, Row, self->rows->len - 1).n_blocks == 0)
            {
              row_clear (&g_array_index (self->rows, Row, self->rows->len - 1));
              g_array_set_size (self->rows, self->rows->len - 1);
            }
        }

      OnsiteDispatchOptions options;

      travel_options (self, &options);
      conflicts = onsite_day_find_conflicts (self->day, 0, &options);
      self->n_conflicts = conflicts->len;
      for (guint i = 0; i < conflicts->len; i++)
        {
          const OnsiteConflict *c = g_ptr_array_index (conflicts, i);

          add_problem (self, c->visit_id, c->kind, c->message);
          if (c->kind == ONSITE_CONFLICT_OVERLAP)
            add_problem (self, c->other_visit_id, c->kind, c->message);
          else if (c->kind == ONSITE_CONFLICT_TRAVEL)
            {
              int next = find_block (self, c->other_visit_id);

              if (next >= 0)
                g_array_index (self->blocks, Block, next).travel_late = TRUE;
            }
        }
    }

  if (focused_id > 0)
    self->focus_block = find_block (self, focused_id);
  update_actions (self);

  configure_adjustments (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Accessibility ----------------------------------------------------------- */

static char *
describe_block (OnsiteTimeline *self,
                const Block    *block)
{
  const Row *row = &g_array_index (self->rows, Row, block->row);
  g_autofree char *from = onsite_day_format_time (self->day, block->start);
  g_autofree char *to = onsite_day_format_time (self->day, block->end);
  g_autofree char *where = onsite_visit_dup_location_label (block->visit);
  GString *text = g_string_new (onsite_visit_get_title (block->visit));

  g_string_append_c (text, '\n');
  /* Translators: a visit's times, technician and state: "10:00–11:00, Marco Rossi, Planned" */
  g_string_append_printf (text, _("%s–%s, %s, %s"), from, to,
                          row->tech ? onsite_tech_get_name (row->tech) : _("unassigned"),
                          onsite_visit_state_to_label (onsite_visit_get_state (block->visit)));
  if (where && *where)
    g_string_append_printf (text, "\n%s", where);
  if (onsite_visit_get_pinned (block->visit))
    g_string_append_printf (text, "\n%s", _("Pinned: Plan Day leaves it with this technician at this time"));
  if (block->travel > 0)
    {
      g_autofree char *minutes = onsite_travel_format_minutes (block->travel);
      g_string_append_c (text, '\n');
      if (block->travel_routed)
        /* Translators: in a visit's tooltip: "12 min by road before" */
        g_string_append_printf (text, _("%s by road before"), minutes);
      else
        /* Translators: in a visit's tooltip: "About 12 min of travel before" */
        g_string_append_printf (text, _("About %s of travel before"), minutes);
    }
  if (block->problems)
    g_string_append_printf (text, "\n%s", block->problems->str);

  return g_string_free (text, FALSE);
}

static void
update_accessible (OnsiteTimeline *self)
{
  g_autofree char *description = NULL;

  if (self->focus_block >= 0)
    description = describe_block (self, &g_array_index (self->blocks, Block, self->focus_block));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description ? description
                                              : _("Use Tab to go through the visits, the arrow keys to move one by 15 minutes, Shift and the arrow keys to change its length, Control and Up or Down to give it to another technician, P to pin it or unpin it, the Menu key for its menu."),
                                  -1);
}

/* Drawing ----------------------------------------------------------------- */

static GdkRGBA
with_alpha (const GdkRGBA *color,
            float          alpha)
{
  GdkRGBA c = *color;

  c.alpha *= alpha;
  return c;
}

static const GdkRGBA *
state_color (OnsiteVisitState state)
{
  switch (state)
    {
    case ONSITE_VISIT_PLANNED: return &blue;
    case ONSITE_VISIT_EN_ROUTE: return &purple;
    case ONSITE_VISIT_ON_SITE: return &orange;
    case ONSITE_VISIT_DONE: return &green;
    case ONSITE_VISIT_NO_ACCESS:
    case ONSITE_VISIT_NEEDS_PARTS:
    case ONSITE_VISIT_NEEDS_VENDOR: return &yellow;
    case ONSITE_VISIT_CANCELLED:
    case ONSITE_VISIT_RESCHEDULED:
    case ONSITE_N_VISIT_STATES:
    default: return &grey;
    }
}

static const GdkRGBA *
sla_color (const Block *block,
           gint64       start)
{
  gint64 due = onsite_visit_get_sla_due (block->visit);

  if (due <= 0)
    return NULL;
  if (start > due)
    return &red;
  if (due - start < 3600)
    return &yellow;
  return &green;
}

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         width,
             double         height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

static void
append_outline (GtkSnapshot   *snapshot,
                const GdkRGBA *color,
                const OnsiteTimelineRect *r,
                float          radius,
                float          width)
{
  GskRoundedRect rounded;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (r->x, r->y, r->width, r->height), radius);
  gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
}

static void
append_layout_at (GtkSnapshot   *snapshot,
                  PangoLayout   *layout,
                  const GdkRGBA *color,
                  double         x,
                  double         y)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static PangoLayout *
make_layout (OnsiteTimeline *self,
             const char     *text,
             gboolean        bold,
             gboolean        small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoAttrList *attrs = pango_attr_list_new ();

  /* Ticket text is untrusted: plain text, never markup. */
  pango_layout_set_text (layout, text ? text : "", -1);
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (small)
    pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);

  return layout;
}

/* The pin of a pinned visit: the theme's symbolic pin, in the text colour,
 * so that it does not rely on colour alone. */
static void
draw_pin (OnsiteTimeline *self,
          GtkSnapshot    *snapshot,
          double          x,
          double          y,
          double          size,
          const GdkRGBA  *fg)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  GdkRGBA colors[4] = { *fg, red, orange, green };

  if (self->pin_icon == NULL || self->pin_icon_scale != scale)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

      g_clear_object (&self->pin_icon);
      self->pin_icon = gtk_icon_theme_lookup_icon (theme, "view-pin-symbolic", NULL, 16, scale,
                                                   gtk_widget_get_direction (GTK_WIDGET (self)), 0);
      self->pin_icon_scale = scale;
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (self->pin_icon), GDK_SNAPSHOT (snapshot),
                                            size, size, colors, G_N_ELEMENTS (colors));
  gtk_snapshot_restore (snapshot);
}

static void
draw_block (OnsiteTimeline           *self,
            GtkSnapshot              *snapshot,
            Block                    *block,
            const OnsiteTimelineRect *r,
            gint64                    start,
            const GdkRGBA            *fg,
            float                     alpha)
{
  OnsiteVisitState state = onsite_visit_get_state (block->visit);
  const GdkRGBA *color = state_color (state);
  const GdkRGBA *sla = sla_color (block, start);
  GdkRGBA fill = with_alpha (color, (state == ONSITE_VISIT_DONE ? 0.2f : 0.3f) * alpha);
  GdkRGBA text = with_alpha (fg, alpha);
  gboolean pinned = onsite_visit_get_pinned (block->visit);
  double badge_width = block->conflicts != 0 ? 16 : 0;
  double pin_size = r->height >= 30 && r->width >= 48 ? 16 : 12;
  gboolean narrow = FALSE;
  GskRoundedRect rounded;
  int text_width;

  gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (r->x, r->y, r->width, r->height), 5);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  append_rect (snapshot, &fill, r->x, r->y, r->width, r->height);
  /* The SLA as a stripe on the left; the state as the fill. */
  if (sla)
    {
      GdkRGBA stripe = with_alpha (sla, alpha);
      append_rect (snapshot, &stripe, r->x, r->y, MIN (4, r->width), r->height);
    }
  gtk_snapshot_pop (snapshot);

  if (block->conflicts != 0)
    append_outline (snapshot, &red, r, 5, 2);
  else
    {
      GdkRGBA edge = with_alpha (color, 0.8f * alpha);
      append_outline (snapshot, &edge, r, 5, 1);
    }

  text_width = (int)(r->width - 12 - badge_width - (pinned ? pin_size + 2 : 0));
  if (text_width >= 16 && r->height >= 14)
    {
      if (block->title_layout == NULL)
        {
          g_autofree char *where = onsite_visit_dup_location_label (block->visit);

          block->title_layout = make_layout (self, onsite_visit_get_title (block->visit), TRUE, r->height < 30);
          block->site_layout = make_layout (self, where, FALSE, TRUE);
          block->layout_width = -1;
        }
      if (block->layout_width != text_width)
        {
          pango_layout_set_width (block->title_layout, text_width * PANGO_SCALE);
          pango_layout_set_width (block->site_layout, text_width * PANGO_SCALE);
          block->layout_width = text_width;
        }

      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (r->x, r->y, r->width, r->height));
      append_layout_at (snapshot, block->title_layout, &text, r->x + 7, r->y + 2);
      if (r->height >= 34)
        {
          GdkRGBA dim = with_alpha (fg, 0.7f * alpha);
          append_layout_at (snapshot, block->site_layout, &dim, r->x + 7, r->y + r->height / 2 + 1);
        }
      gtk_snapshot_pop (snapshot);
    }

  /* A block too narrow for the pin left of the badge has the pin on its
   * left, and the badge only if it still fits. */
  if (pinned && r->width < badge_width + pin_size + 6)
    {
      pin_size = 12;
      narrow = TRUE;
      if (r->width < pin_size + 2 + 16)
        badge_width = 0;
    }

  /* A warning badge where the conflict is. */
  if (badge_width > 0 && r->width >= 18)
    {
      GskRoundedRect badge;
      double cx = r->x + r->width - 10, cy = r->y + 10;

      gsk_rounded_rect_init_from_rect (&badge, &GRAPHENE_RECT_INIT (cx - 6, cy - 6, 12, 12), 6);
      gtk_snapshot_push_rounded_clip (snapshot, &badge);
      append_rect (snapshot, &red, cx - 6, cy - 6, 12, 12);
      gtk_snapshot_pop (snapshot);
      append_rect (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, cx - 1, cy - 4, 2, 5);
      append_rect (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, cx - 1, cy + 2, 2, 2);
    }

  /* The pin, left of the warning badge; drawn on a block too narrow for
   * its title too, so that a pinned visit shows as such at any zoom. */
  if (pinned && r->width >= pin_size + 2 && r->height >= pin_size + 2)
    draw_pin (self, snapshot,
              narrow ? r->x + MIN (2, (r->width - pin_size) / 2)
                     : r->x + r->width - badge_width - pin_size - (pin_size > 12 ? 4 : 3),
              r->y + (r->height >= 30 ? 3 : (r->height - pin_size) / 2),
              pin_size, &text);
}

static void
draw_travel (GtkSnapshot   *snapshot,
             const OnsiteTimelineLayout *layout,
             const Block   *block,
             const OnsiteTimelineRect *r,
             const GdkRGBA *fg)
{
  double x1 = r->x;
  /* A trip too long for the gap is drawn in the gap, red, not over the
   * visit before. */
  double x0 = onsite_timeline_layout_time_to_x (layout, MAX (block->start - block->travel,
                                                             block->previous_end));
  double y = r->y + r->height / 2;
  GdkRGBA line = block->travel_late ? red : with_alpha (fg, 0.45f);

  if (x1 - x0 < 2)
    return;

  /* A dashed line for the trip, a dot where it starts. */
  for (double x = x0; x < x1 - 1; x += 6)
    append_rect (snapshot, &line, x, y - 1, MIN (3, x1 - x), 2);
  append_rect (snapshot, &line, x0, y - 3, 2, 6);
}

/* Whether the dragged block, where it is now, is in the working hours of
 * its row and clear of the row's other visits. */
static gboolean
drag_fits (OnsiteTimeline *self)
{
  const Row *row = &g_array_index (self->rows, Row, self->drag.row);
  gboolean inside = FALSE;

  for (guint i = 0; i < row->n_blocks; i++)
    {
      const Block *other = &g_array_index (self->blocks, Block, row->first_block + i);

      if ((int)(row->first_block + i) == self->drag.block)
        continue;
      if (other->start < self->drag.end && self->drag.start < other->end)
        return FALSE;
    }

  for (guint i = 0; i < row->periods->len && !inside; i++)
    {
      const OnsiteInterval *p = &g_array_index (row->periods, OnsiteInterval, i);

      inside = self->drag.start >= p->start && self->drag.end <= p->end;
    }

  return inside;
}

static void
onsite_timeline_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  OnsiteTimeline *self = ONSITE_TIMELINE (widget);
  OnsiteTimelineLayout layout;
  GtkStyleContext *style;
  GdkRGBA fg, faint, off, row_alt, absence, grid, accent, base;
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double step_hours;
  gint64 first_visible, last_visible;
  int first_row, last_row;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  style = gtk_widget_get_style_context (widget);
  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    accent = blue;
  if (!gtk_style_context_lookup_color (style, "view_bg_color", &base))
    base = (GdkRGBA) { 1, 1, 1, 1 };
  G_GNUC_END_IGNORE_DEPRECATIONS

  faint = with_alpha (&fg, 0.08f);
  off = with_alpha (&fg, 0.07f);
  row_alt = with_alpha (&fg, 0.025f);
  grid = with_alpha (&fg, 0.12f);
  absence = with_alpha (&red, 0.12f);

  get_layout (self, &layout);
  first_visible = onsite_timeline_layout_x_to_time (&layout, NAME_WIDTH);
  last_visible = onsite_timeline_layout_x_to_time (&layout, width);

  first_row = MAX (0, (int)((HEADER_HEIGHT - layout.origin_y) / ROW_HEIGHT));
  last_row = MIN ((int)self->rows->len - 1, (int)((height - layout.origin_y) / ROW_HEIGHT));

  /* The rows, under everything else. */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (NAME_WIDTH, HEADER_HEIGHT,
                                                         MAX (width - NAME_WIDTH, 0),
                                                         MAX (height - HEADER_HEIGHT, 0)));

  for (int i = first_row; i <= last_row; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      double y = layout.origin_y + i * ROW_HEIGHT;
      double x0 = onsite_timeline_layout_time_to_x (&layout, layout.day_start);
      double x1 = onsite_timeline_layout_time_to_x (&layout, layout.day_end);
      double cursor = x0;

      if (i % 2)
        append_rect (snapshot, &row_alt, NAME_WIDTH, y, width - NAME_WIDTH, ROW_HEIGHT);

      /* Outside the working hours (breaks too) is shaded. */
      if (row->tech)
        {
          for (guint p = 0; p < row->periods->len; p++)
            {
              const OnsiteInterval *period = &g_array_index (row->periods, OnsiteInterval, p);
              double px0 = onsite_timeline_layout_time_to_x (&layout, period->start);
              double px1 = onsite_timeline_layout_time_to_x (&layout, period->end);

              if (px0 > cursor)
                append_rect (snapshot, &off, cursor, y, px0 - cursor, ROW_HEIGHT);
              cursor = MAX (cursor, px1);
            }
          if (x1 > cursor)
            append_rect (snapshot, &off, cursor, y, x1 - cursor, ROW_HEIGHT);

          /* Absences in red, with their reason. */
          {
            guint n_absences;
            const OnsiteAbsence *absences = onsite_tech_get_absences (row->tech, &n_absences);

            for (guint a = 0; a < n_absences; a++)
              {
                double ax0, ax1;

                if (absences[a].ends_at <= layout.day_start || absences[a].starts_at >= layout.day_end)
                  continue;
                ax0 = onsite_timeline_layout_time_to_x (&layout, MAX (absences[a].starts_at, layout.day_start));
                ax1 = onsite_timeline_layout_time_to_x (&layout, MIN (absences[a].ends_at, layout.day_end));
                append_rect (snapshot, &absence, ax0, y + 1, ax1 - ax0, ROW_HEIGHT - 2);
                for (double hx = ax0 + 4; hx < ax1; hx += 10)
                  append_rect (snapshot, &absence, hx, y + 1, 3, ROW_HEIGHT - 2);
              }
          }
        }

      append_rect (snapshot, &faint, NAME_WIDTH, y + ROW_HEIGHT - 1, width - NAME_WIDTH, 1);
    }

  /* Hour lines; quarters when there is room. */
  step_hours = self->zoom >= 60 ? 1 : self->zoom >= 30 ? 2 : 3;
  for (gint64 t = layout.day_start; t <= layout.day_end; t += 900)
    {
      double x;
      gboolean hour = (t - layout.day_start) % 3600 == 0;

      if (t < first_visible - 3600 || t > last_visible + 3600)
        continue;
      if (!hour && self->zoom < 120)
        continue;

      x = onsite_timeline_layout_time_to_x (&layout, t);
      append_rect (snapshot, hour ? &grid : &faint, floor (x), HEADER_HEIGHT, 1, height - HEADER_HEIGHT);
    }

  /* Travel, then the blocks. */
  for (int i = first_row; i <= last_row; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      for (guint b = 0; b < row->n_blocks; b++)
        {
          guint index = row->first_block + b;
          Block *block = &g_array_index (self->blocks, Block, index);
          OnsiteTimelineRect r;

          if (block->end < first_visible - 6 * 3600 || block->start > last_visible)
            continue;

          block_rect (self, &layout, index, &r);
          if (block->travel > 0)
            draw_travel (snapshot, &layout, block, &r, &fg);

          if (r.x + r.width < NAME_WIDTH || r.x > width)
            continue;

          draw_block (self, snapshot, block, &r, block->start, &fg,
                      self->drag.block == (int)index && self->drag.moved ? 0.35f : 1.0f);

          /* While dragged, the ring goes with the block, not its old place. */
          if ((int)index == self->focus_block && gtk_widget_has_focus (widget) &&
              !(self->drag.block == (int)index && self->drag.moved))
            {
              OnsiteTimelineRect ring = { r.x - 2, r.y - 2, r.width + 4, r.height + 4 };
              append_outline (snapshot, &accent, &ring, 7, 2);
            }
        }
    }

  /* What is being dragged, where it would go. */
  if (self->drag.block >= 0 && self->drag.moved)
    {
      Block *block = &g_array_index (self->blocks, Block, self->drag.block);
      Row *row = &g_array_index (self->rows, Row, self->drag.row);
      Row whole = *row;
      OnsiteTimelineRect r;

      whole.n_lanes = 1;
      block_rect_for (&layout, &whole, self->drag.row, 0, self->drag.start, self->drag.end, &r);
      /* Opaque, so that what it would cover does not show through. */
      {
        GskRoundedRect under;

        gsk_rounded_rect_init_from_rect (&under, &GRAPHENE_RECT_INIT (r.x, r.y, r.width, r.height), 5);
        gtk_snapshot_push_rounded_clip (snapshot, &under);
        append_rect (snapshot, &base, r.x, r.y, r.width, r.height);
        gtk_snapshot_pop (snapshot);
      }
      draw_block (self, snapshot, block, &r, self->drag.start, &fg, 1.0f);
      /* Red where it would clash, before it is dropped there. */
      append_outline (snapshot, drag_fits (self) ? &accent : &red, &r, 5, 2);
    }

  /* Where a dragged ticket would land. */
  if (self->drop_row >= 0)
    {
      double y = layout.origin_y + self->drop_row * ROW_HEIGHT;
      double x = onsite_timeline_layout_time_to_x (&layout, self->drop_time);
      GdkRGBA tint = with_alpha (&accent, 0.15f);

      append_rect (snapshot, &tint, NAME_WIDTH, y, width - NAME_WIDTH, ROW_HEIGHT);
      append_rect (snapshot, &accent, x - 1, y, 3, ROW_HEIGHT);
    }

  /* Now. */
  if (self->now >= layout.day_start && self->now < layout.day_end)
    {
      double x = onsite_timeline_layout_time_to_x (&layout, self->now);
      append_rect (snapshot, &red, x - 1, HEADER_HEIGHT, 2, height - HEADER_HEIGHT);
    }

  gtk_snapshot_pop (snapshot);

  /* The hour axis. */
  append_rect (snapshot, &faint, 0, 0, width, HEADER_HEIGHT);
  append_rect (snapshot, &grid, 0, HEADER_HEIGHT - 1, width, 1);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (NAME_WIDTH, 0, MAX (width - NAME_WIDTH, 0), HEADER_HEIGHT));
  for (gint64 t = layout.day_start; t < layout.day_end; t += 3600)
    {
      double x = onsite_timeline_layout_time_to_x (&layout, t);
      g_autofree char *label = NULL;
      gint64 hours_in = (t - layout.day_start) / 3600;

      if (x < NAME_WIDTH - 60 || x > width || hours_in % (gint64)step_hours != 0)
        continue;

      label = onsite_day_format_time (self->day, t);
      pango_layout_set_text (self->hour_layout, label, -1);
      append_layout_at (snapshot, self->hour_layout, &fg, x + 4, 7);
      append_rect (snapshot, &grid, floor (x), HEADER_HEIGHT - 8, 1, 8);
    }
  if (self->now >= layout.day_start && self->now < layout.day_end)
    {
      double x = onsite_timeline_layout_time_to_x (&layout, self->now);
      append_rect (snapshot, &red, x - 3, HEADER_HEIGHT - 6, 6, 6);
    }
  if (self->drag.block >= 0 && self->drag.moved)
    {
      g_autofree char *from = onsite_day_format_time (self->day, self->drag.start);
      g_autofree char *to = onsite_day_format_time (self->day, self->drag.end);
      g_autofree char *label = g_strdup_printf ("%s–%s", from, to);
      double x = onsite_timeline_layout_time_to_x (&layout, self->drag.start);
      int label_width, label_height;

      pango_layout_set_text (self->hour_layout, label, -1);
      pango_layout_get_pixel_size (self->hour_layout, &label_width, &label_height);
      append_rect (snapshot, &accent, x, 4, label_width + 8, HEADER_HEIGHT - 8);
      append_layout_at (snapshot, self->hour_layout, &(GdkRGBA) { 1, 1, 1, 1 }, x + 4, 7);
    }
  if (self->drop_row >= 0)
    {
      g_autofree char *label = onsite_day_format_time (self->day, self->drop_time);
      double x = onsite_timeline_layout_time_to_x (&layout, self->drop_time);

      pango_layout_set_text (self->hour_layout, label, -1);
      append_rect (snapshot, &accent, x - 24, 4, 48, HEADER_HEIGHT - 8);
      append_layout_at (snapshot, self->hour_layout, &(GdkRGBA) { 1, 1, 1, 1 }, x - 20, 7);
    }
  gtk_snapshot_pop (snapshot);

  /* The names. */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, HEADER_HEIGHT, NAME_WIDTH, MAX (height - HEADER_HEIGHT, 0)));
  append_rect (snapshot, &faint, 0, HEADER_HEIGHT, NAME_WIDTH, height - HEADER_HEIGHT);
  for (int i = first_row; i <= last_row; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      double y = layout.origin_y + i * ROW_HEIGHT;
      GdkRGBA dim = with_alpha (&fg, 0.65f);

      if (row->name_layout == NULL)
        {
          g_autofree char *info = NULL;

          row->name_layout = make_layout (self, row->tech ? onsite_tech_get_name (row->tech) : _("Unassigned"),
                                          TRUE, FALSE);
          /* Translators: under a technician's name in the timeline */
          info = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit", "%u visits", row->n_blocks),
                                  row->n_blocks);
          row->info_layout = make_layout (self, info, FALSE, TRUE);
          pango_layout_set_width (row->name_layout, (NAME_WIDTH - 16) * PANGO_SCALE);
          pango_layout_set_width (row->info_layout, (NAME_WIDTH - 16) * PANGO_SCALE);
        }

      if (self->drop_row == i || (self->drag.block >= 0 && self->drag.moved && (int)self->drag.row == i))
        {
          GdkRGBA tint = with_alpha (&accent, 0.2f);
          append_rect (snapshot, &tint, 0, y, NAME_WIDTH, ROW_HEIGHT);
        }

      append_layout_at (snapshot, row->name_layout, &fg, 10, y + 8);
      append_layout_at (snapshot, row->info_layout, &dim, 10, y + 29);
      append_rect (snapshot, &faint, 0, y + ROW_HEIGHT - 1, NAME_WIDTH, 1);
    }
  gtk_snapshot_pop (snapshot);
  append_rect (snapshot, &grid, NAME_WIDTH - 1, 0, 1, height);

  if (self->rows->len == 0)
    {
      g_autoptr(PangoLayout) empty = make_layout (self, _("No technicians work this day."), FALSE, FALSE);
      GdkRGBA dim = with_alpha (&fg, 0.55f);

      append_layout_at (snapshot, empty, &dim, NAME_WIDTH + 16, HEADER_HEIGHT + 16);
    }
}

/* Sizing ------------------------------------------------------------------ */

static void
onsite_timeline_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  OnsiteTimeline *self = ONSITE_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = NAME_WIDTH + 120;
      *natural = NAME_WIDTH + content_width (self);
    }
  else
    {
      *minimum = HEADER_HEIGHT + ROW_HEIGHT;
      *natural = HEADER_HEIGHT + content_height (self);
    }

  *natural = MAX (*natural, *minimum);
}

static void
onsite_timeline_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  OnsiteTimeline *self = ONSITE_TIMELINE (widget);

  configure_adjustments (self);
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

/* Signals out ------------------------------------------------------------- */

static void
request_change (OnsiteTimeline *self,
                int             index,
                guint           row_index,
                gint64          start,
                gint64          end)
{
  Block *block = &g_array_index (self->blocks, Block, index);
  Row *row = &g_array_index (self->rows, Row, row_index);
  g_autoptr(OnsiteVisit) visit = g_object_ref (block->visit);

  if (row->tech == NULL || !block->movable)
    return;

  if (row_index == block->row && start == block->start && end == block->end)
    return;

  g_signal_emit (self, signals[VISIT_CHANGED], 0, visit, onsite_tech_get_id (row->tech), start, end);
}

static void
set_focus_block (OnsiteTimeline *self,
                 int             index)
{
  OnsiteTimelineLayout layout;
  OnsiteTimelineRect r;

  if (index == self->focus_block)
    return;

  self->focus_block = index;
  update_accessible (self);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (index < 0)
    return;

  /* Keep the focused block in view. */
  get_layout (self, &layout);
  block_rect (self, &layout, index, &r);
  if (self->hadjustment && (r.x < NAME_WIDTH || r.x + MIN (r.width, 200) > gtk_widget_get_width (GTK_WIDGET (self))))
    gtk_adjustment_set_value (self->hadjustment,
                              gtk_adjustment_get_value (self->hadjustment) + r.x - NAME_WIDTH - 40);
  if (self->vadjustment && (r.y < HEADER_HEIGHT || r.y + r.height > gtk_widget_get_height (GTK_WIDGET (self))))
    gtk_adjustment_set_value (self->vadjustment,
                              gtk_adjustment_get_value (self->vadjustment) + r.y - HEADER_HEIGHT - BLOCK_PAD);
}

/* Pointer ----------------------------------------------------------------- */

static void
apply_pending_day (OnsiteTimeline *self)
{
  g_autoptr(OnsiteDay) day = NULL;

  if (!self->has_pending_day)
    return;

  day = g_steal_pointer (&self->pending_day);
  self->has_pending_day = FALSE;
  onsite_timeline_set_day (self, day);
}

/* Puts a held block back where it was: nothing is written. */
static void
cancel_drag (OnsiteTimeline *self)
{
  self->drag.block = -1;
  stop_autoscroll (self);
  apply_pending_day (self);
  gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag_gesture));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Near an edge while dragging, the timeline scrolls on, frame by frame. */
static double
edge_speed (double position,
            double low,
            double high)
{
  const double zone = 40;

  /* Up to 8 px a frame, faster the closer to the edge. */
  if (position < low + zone)
    return -(1 + 7 * MIN (low + zone - position, zone) / zone);
  if (position > high - zone)
    return 1 + 7 * MIN (position - (high - zone), zone) / zone;
  return 0;
}

static gboolean
autoscroll_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  OnsiteTimeline *self = ONSITE_TIMELINE (widget);
  double x = self->drag.start_x + self->drag.last_dx;
  double y = self->drag.start_y + self->drag.last_dy;
  double sx, sy;

  if (self->drag.block < 0 || !self->drag.moved)
    {
      self->drag.autoscroll = 0;
      return G_SOURCE_REMOVE;
    }

  sx = edge_speed (x, NAME_WIDTH, gtk_widget_get_width (widget));
  sy = edge_speed (y, HEADER_HEIGHT, gtk_widget_get_height (widget));
  if (sx == 0 && sy == 0)
    {
      self->drag.autoscroll = 0;
      return G_SOURCE_REMOVE;
    }

  if (self->hadjustment && sx != 0)
    gtk_adjustment_set_value (self->hadjustment, gtk_adjustment_get_value (self->hadjustment) + sx);
  if (self->vadjustment && sy != 0)
    gtk_adjustment_set_value (self->vadjustment, gtk_adjustment_get_value (self->vadjustment) + sy);

  _onsite_timeline_drag_update (self, self->drag.last_dx, self->drag.last_dy);
  return G_SOURCE_CONTINUE;
}

static void
start_autoscroll (OnsiteTimeline *self)
{
  double x = self->drag.start_x + self->drag.last_dx;
  double y = self->drag.start_y + self->drag.last_dy;

  if (self->drag.autoscroll != 0 || self->hadjustment == NULL)
    return;

  if (edge_speed (x, NAME_WIDTH, gtk_widget_get_width (GTK_WIDGET (self))) != 0 ||
      edge_speed (y, HEADER_HEIGHT, gtk_widget_get_height (GTK_WIDGET (self))) != 0)
    self->drag.autoscroll = gtk_widget_add_tick_callback (GTK_WIDGET (self), autoscroll_tick_cb, NULL, NULL);
}

static void
stop_autoscroll (OnsiteTimeline *self)
{
  if (self->drag.autoscroll != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->drag.autoscroll);
  self->drag.autoscroll = 0;
}

gboolean
_onsite_timeline_drag_begin (OnsiteTimeline *self,
                             double          x,
                             double          y)
{
  OnsiteTimelinePart part;
  int index = hit_block (self, x, y, &part);

  self->drag.block = -1;
  if (index < 0)
    return FALSE;

  /* Before focusing, which may scroll: the drag counts from the press. */
  self->drag.scroll_x = self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
  set_focus_block (self, index);

  self->drag.block = index;
  self->drag.part = part;
  self->drag.start_x = x;
  self->drag.start_y = y;
  self->drag.moved = FALSE;
  self->drag.row = g_array_index (self->blocks, Block, index).row;
  self->drag.start = g_array_index (self->blocks, Block, index).start;
  self->drag.end = g_array_index (self->blocks, Block, index).end;

  return TRUE;
}

void
_onsite_timeline_drag_update (OnsiteTimeline *self,
                              double          dx,
                              double          dy)
{
  OnsiteTimelineLayout layout;
  Block *block;
  gint64 delta, origin;
  int row;

  if (self->drag.block < 0)
    return;

  block = &g_array_index (self->blocks, Block, self->drag.block);
  if (!block->movable)
    return;

  if (!self->drag.moved && fabs (dx) < DRAG_THRESHOLD && fabs (dy) < DRAG_THRESHOLD)
    return;
  self->drag.moved = TRUE;

  self->drag.last_dx = dx;
  self->drag.last_dy = dy;
  start_autoscroll (self);

  get_layout (self, &layout);
  origin = layout.day_start;
  /* What the pointer moved over the day, scrolling included. */
  delta = (gint64)((dx + (self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0)
                    - self->drag.scroll_x) * 3600.0 / self->zoom);

  switch (self->drag.part)
    {
    case ONSITE_TIMELINE_PART_START:
      self->drag.start = MIN (onsite_timeline_snap (block->start + delta, origin, ONSITE_TIMELINE_SNAP),
                              block->end - ONSITE_TIMELINE_SNAP);
      self->drag.end = block->end;
      break;

    case ONSITE_TIMELINE_PART_END:
      self->drag.start = block->start;
      self->drag.end = MAX (onsite_timeline_snap (block->end + delta, origin, ONSITE_TIMELINE_SNAP),
                            block->start + ONSITE_TIMELINE_SNAP);
      break;

    case ONSITE_TIMELINE_PART_BODY:
      self->drag.start = onsite_timeline_snap (block->start + delta, origin, ONSITE_TIMELINE_SNAP);
      self->drag.end = self->drag.start + (block->end - block->start);
      row = onsite_timeline_layout_row_at (&layout, self->drag.start_y + dy, self->rows->len);
      /* Onto another technician, not onto nobody. */
      if (row >= 0 && g_array_index (self->rows, Row, row).tech != NULL)
        self->drag.row = row;
      break;

    case ONSITE_TIMELINE_PART_NONE:
    default:
      g_assert_not_reached ();
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_onsite_timeline_drag_end (OnsiteTimeline *self,
                           double          dx,
                           double          dy)
{
  int index = self->drag.block;

  if (index < 0)
    return;

  _onsite_timeline_drag_update (self, dx, dy);
  stop_autoscroll (self);

  if (self->drag.moved)
    {
      Drag drag = self->drag;

      self->drag.block = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      request_change (self, index, drag.row, drag.start, drag.end);
    }
  else
    {
      g_autoptr(OnsiteVisit) visit = g_object_ref (g_array_index (self->blocks, Block, index).visit);

      self->drag.block = -1;
      g_signal_emit (self, signals[VISIT_ACTIVATED], 0, visit);
    }

  apply_pending_day (self);
}

static void
on_drag_begin_cb (OnsiteTimeline *self,
                  double          x,
                  double          y,
                  GtkGestureDrag *gesture)
{
  if (!_onsite_timeline_drag_begin (self, x, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_drag_update_cb (OnsiteTimeline *self,
                   double          dx,
                   double          dy,
                   GtkGestureDrag *gesture)
{
  _onsite_timeline_drag_update (self, dx, dy);
}

static void
on_drag_end_cb (OnsiteTimeline *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  _onsite_timeline_drag_end (self, dx, dy);
}

static void
on_motion_cb (OnsiteTimeline           *self,
              double                    x,
              double                    y,
              GtkEventControllerMotion *motion)
{
  OnsiteTimelinePart part;
  const char *cursor = NULL;
  int index;

  self->pointer_x = x;
  self->pointer_y = y;

  if (self->drag.block >= 0)
    return;

  index = hit_block (self, x, y, &part);
  if (index >= 0 && g_array_index (self->blocks, Block, index).movable)
    cursor = part == ONSITE_TIMELINE_PART_BODY ? "grab" : "ew-resize";
  else if (index >= 0)
    cursor = "pointer";

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
}

static gboolean
on_scroll_cb (OnsiteTimeline           *self,
              double                    dx,
              double                    dy,
              GtkEventControllerScroll *scroll)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  OnsiteTimelineLayout layout;
  gint64 anchor;
  double anchor_x;

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;

  /* Zoom about the time under the pointer. */
  get_layout (self, &layout);
  anchor_x = MAX (self->pointer_x, NAME_WIDTH);
  anchor = onsite_timeline_layout_x_to_time (&layout, anchor_x);
  onsite_timeline_set_zoom (self, self->zoom * (dy < 0 ? 1.25 : 0.8));
  if (self->hadjustment)
    gtk_adjustment_set_value (self->hadjustment,
                              (anchor - layout.day_start) * self->zoom / 3600.0 - (anchor_x - NAME_WIDTH));

  return TRUE;
}

static gboolean
on_query_tooltip_cb (OnsiteTimeline *self,
                     int             x,
                     int             y,
                     gboolean        keyboard,
                     GtkTooltip     *tooltip)
{
  OnsiteTimelineLayout layout;
  g_autofree char *text = NULL;
  int index;

  if (keyboard)
    index = self->focus_block;
  else
    index = hit_block (self, x, y, NULL);

  if (index >= 0)
    text = describe_block (self, &g_array_index (self->blocks, Block, index));
  else if (x >= NAME_WIDTH && y >= HEADER_HEIGHT)
    {
      int row_index;
      gint64 t;

      get_layout (self, &layout);
      row_index = onsite_timeline_layout_row_at (&layout, y, self->rows->len);
      t = onsite_timeline_layout_x_to_time (&layout, x);

      if (row_index >= 0)
        {
          Row *row = &g_array_index (self->rows, Row, row_index);
          guint n_absences = 0;
          const OnsiteAbsence *absences = row->tech ? onsite_tech_get_absences (row->tech, &n_absences) : NULL;

          for (guint a = 0; a < n_absences; a++)
            {
              if (t >= absences[a].starts_at && t < absences[a].ends_at)
                {
                  g_autofree char *from = onsite_day_format_time (self->day, absences[a].starts_at);
                  g_autofree char *to = onsite_day_format_time (self->day, absences[a].ends_at);

                  /* Translators: tooltip on an absence: "Away 09:00–12:00: Dentist" */
                  text = absences[a].reason
                       ? g_strdup_printf (_("Away %s–%s: %s"), from, to, absences[a].reason)
                       : g_strdup_printf (_("Away %s–%s"), from, to);
                  break;
                }
            }
        }
    }

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Keyboard ---------------------------------------------------------------- */

static int
nearest_in_row (OnsiteTimeline *self,
                int             row_index,
                gint64          time)
{
  Row *row = &g_array_index (self->rows, Row, row_index);
  int best = -1;
  gint64 best_distance = G_MAXINT64;

  for (guint i = 0; i < row->n_blocks; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, row->first_block + i);
      gint64 distance = ABS (block->start - time);

      if (distance < best_distance)
        {
          best = row->first_block + i;
          best_distance = distance;
        }
    }

  return best;
}

static int
adjacent_tech_row (OnsiteTimeline *self,
                   guint           row_index,
                   int             direction)
{
  for (int r = (int)row_index + direction; r >= 0 && r < (int)self->rows->len; r += direction)
    {
      if (g_array_index (self->rows, Row, r).tech != NULL)
        return r;
    }

  return -1;
}

static gboolean
on_key_pressed_cb (OnsiteTimeline        *self,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   GtkEventControllerKey *key)
{
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  gboolean control = (state & GDK_CONTROL_MASK) != 0;
  Block *block;
  int direction = 0;

  if (keyval == GDK_KEY_Escape && self->drag.block >= 0)
    {
      /* Put it back: nothing is written. */
      cancel_drag (self);
      return TRUE;
    }

  if (control && (keyval == GDK_KEY_plus || keyval == GDK_KEY_equal || keyval == GDK_KEY_KP_Add))
    {
      onsite_timeline_zoom_in (self);
      return TRUE;
    }
  if (control && (keyval == GDK_KEY_minus || keyval == GDK_KEY_KP_Subtract))
    {
      onsite_timeline_zoom_out (self);
      return TRUE;
    }

  if (self->blocks->len == 0)
    return FALSE;

  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_ISO_Left_Tab || keyval == GDK_KEY_KP_Tab)
    {
      int next = self->focus_block + ((shift || keyval == GDK_KEY_ISO_Left_Tab) ? -1 : 1);

      /* Past the last visit, Tab leaves the timeline. */
      if (next < 0 || next >= (int)self->blocks->len)
        return FALSE;
      set_focus_block (self, next);
      return TRUE;
    }

  if (self->focus_block < 0)
    {
      if (keyval == GDK_KEY_Up || keyval == GDK_KEY_Down || keyval == GDK_KEY_Left || keyval == GDK_KEY_Right)
        {
          int first = first_visible_block (self);

          set_focus_block (self, first >= 0 ? first : 0);
          return TRUE;
        }
      return FALSE;
    }

  block = &g_array_index (self->blocks, Block, self->focus_block);

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      direction = -1;
      G_GNUC_FALLTHROUGH;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (direction == 0)
        direction = 1;
      if (shift)
        request_change (self, self->focus_block, block->row, block->start,
                        MAX (block->end + direction * ONSITE_TIMELINE_SNAP, block->start + ONSITE_TIMELINE_SNAP));
      else
        request_change (self, self->focus_block, block->row,
                        block->start + direction * ONSITE_TIMELINE_SNAP,
                        block->end + direction * ONSITE_TIMELINE_SNAP);
      return TRUE;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      direction = -1;
      G_GNUC_FALLTHROUGH;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (direction == 0)
        direction = 1;
      if (control)
        {
          int target = adjacent_tech_row (self, block->row, direction);

          if (target >= 0)
            request_change (self, self->focus_block, target, block->start, block->end);
        }
      else
        {
          /* To the nearest visit of the next row that has any. */
          for (int r = (int)block->row + direction; r >= 0 && r < (int)self->rows->len; r += direction)
            {
              int next = nearest_in_row (self, r, block->start);

              if (next >= 0)
                {
                  set_focus_block (self, next);
                  break;
                }
            }
        }
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      {
        g_autoptr(OnsiteVisit) visit = g_object_ref (block->visit);
        g_signal_emit (self, signals[VISIT_ACTIVATED], 0, visit);
      }
      return TRUE;

    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      if (block->movable && g_array_index (self->rows, Row, block->row).tech != NULL)
        {
          g_autoptr(OnsiteVisit) visit = g_object_ref (block->visit);
          g_signal_emit (self, signals[VISIT_DELETE_REQUESTED], 0, visit);
        }
      return TRUE;

    default:
      return FALSE;
    }
}

/* Pinning and the visit's menu ------------------------------------------- */

/* The focused visit when it can be pinned or unpinned: it has a technician
 * and is not over. */
static Block *
pinnable_block (OnsiteTimeline *self)
{
  Block *block;

  if (self->focus_block < 0 || (guint)self->focus_block >= self->blocks->len)
    return NULL;

  block = &g_array_index (self->blocks, Block, self->focus_block);
  if (g_array_index (self->rows, Row, block->row).tech == NULL ||
      !onsite_visit_state_is_active (onsite_visit_get_state (block->visit)))
    return NULL;

  return block;
}

static void
update_actions (OnsiteTimeline *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  Block *block = pinnable_block (self);
  gboolean pinned = block != NULL && onsite_visit_get_pinned (block->visit);

  gtk_widget_action_set_enabled (widget, "visit.activate", self->focus_block >= 0);
  gtk_widget_action_set_enabled (widget, "visit.pin", block != NULL && !pinned);
  gtk_widget_action_set_enabled (widget, "visit.unpin", pinned);
  gtk_widget_action_set_enabled (widget, "visit.toggle-pinned", block != NULL);
  gtk_widget_action_set_enabled (widget, "menu.popup", self->focus_block >= 0);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OnsiteTimeline *self = ONSITE_TIMELINE (widget);
  g_autoptr(OnsiteVisit) visit = NULL;

  if (self->focus_block < 0 || (guint)self->focus_block >= self->blocks->len)
    return;

  visit = g_object_ref (g_array_index (self->blocks, Block, self->focus_block).visit);
  g_signal_emit (self, signals[VISIT_ACTIVATED], 0, visit);
}

static void
pin_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  OnsiteTimeline *self = ONSITE_TIMELINE (widget);
  g_autoptr(OnsiteVisit) visit = NULL;
  Block *block = pinnable_block (self);
  gboolean pinned;

  /* Not while a block is held. */
  if (block == NULL || self->drag.block >= 0)
    return;

  if (g_str_equal (action_name, "visit.pin"))
    pinned = TRUE;
  else if (g_str_equal (action_name, "visit.unpin"))
    pinned = FALSE;
  else
    pinned = !onsite_visit_get_pinned (block->visit);

  visit = g_object_ref (block->visit);
  g_signal_emit (self, signals[VISIT_PIN_REQUESTED], 0, visit, pinned);
}

static GtkWidget *
ensure_context_menu (OnsiteTimeline *self)
{
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) section = NULL;
  g_autoptr(GMenuItem) item = NULL;

  if (self->context_menu != NULL)
    return self->context_menu;

  menu = g_menu_new ();

  section = g_menu_new ();
  g_menu_append (section, _("_Show Ticket"), "visit.activate");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_clear_object (&section);

  /* Only the one that applies is shown. */
  section = g_menu_new ();
  item = g_menu_item_new (_("_Pin to Technician and Time"), "visit.pin");
  g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
  g_menu_item_set_attribute (item, "accel", "s", "p");
  g_menu_append_item (section, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("_Unpin"), "visit.unpin");
  g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
  g_menu_item_set_attribute (item, "accel", "s", "p");
  g_menu_append_item (section, item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));

  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  return self->context_menu;
}

/* Opens the focused visit's menu at (@x, @y), or below the visit when @x
 * is negative (from the keyboard). */
static void
popup_context_menu (OnsiteTimeline *self,
                    double          x,
                    double          y)
{
  GtkWidget *menu;
  GdkRectangle at;

  if (self->focus_block < 0 || self->drag.block >= 0)
    return;

  menu = ensure_context_menu (self);

  if (x < 0)
    {
      OnsiteTimelineLayout layout;
      OnsiteTimelineRect r;
      double width = gtk_widget_get_width (GTK_WIDGET (self));
      double left, right;

      get_layout (self, &layout);
      block_rect (self, &layout, self->focus_block, &r);
      left = CLAMP (r.x, NAME_WIDTH, width - 1);
      right = CLAMP (r.x + r.width, left + 1, width);
      at = (GdkRectangle) { (int)left, (int)r.y, (int)(right - left), (int)r.height };
    }
  else
    at = (GdkRectangle) { (int)x, (int)y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (menu), &at);
  gtk_popover_popup (GTK_POPOVER (menu));
}

static void
popup_menu_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  popup_context_menu (ONSITE_TIMELINE (widget), -1, -1);
}

/* A right click or a long press on a visit: focus it where it is (no
 * scrolling under the pointer) and open its menu there. */
static gboolean
context_menu_at (OnsiteTimeline *self,
                 double          x,
                 double          y)
{
  int index = hit_block (self, x, y, NULL);

  if (index < 0)
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (index != self->focus_block)
    {
      self->focus_block = index;
      update_accessible (self);
      update_actions (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  popup_context_menu (self, x, y);

  return TRUE;
}

static void
on_secondary_pressed_cb (OnsiteTimeline  *self,
                         int              n_press,
                         double           x,
                         double           y,
                         GtkGestureClick *gesture)
{
  if (self->drag.block >= 0)
    return;

  if (context_menu_at (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_long_pressed_cb (OnsiteTimeline      *self,
                    double               x,
                    double               y,
                    GtkGestureLongPress *gesture)
{
  /* The finger held still: a menu, not a drag. */
  if (self->drag.block >= 0 && self->drag.moved)
    return;
  if (self->drag.block >= 0)
    cancel_drag (self);

  if (context_menu_at (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* The first block in view, so that taking the focus does not scroll away. */
static int
first_visible_block (OnsiteTimeline *self)
{
  OnsiteTimelineLayout layout;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  get_layout (self, &layout);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      OnsiteTimelineRect r;

      block_rect (self, &layout, i, &r);
      if (r.x >= NAME_WIDTH && r.x < width && r.y >= HEADER_HEIGHT && r.y + r.height <= height)
        return i;
    }

  return -1;
}

static void
on_focus_enter_cb (OnsiteTimeline          *self,
                   GtkEventControllerFocus *focus)
{
  if (self->focus_block < 0)
    set_focus_block (self, first_visible_block (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_focus_leave_cb (OnsiteTimeline          *self,
                   GtkEventControllerFocus *focus)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Dropping a ticket ------------------------------------------------------- */

static gboolean
drop_place (OnsiteTimeline *self,
            double          x,
            double          y)
{
  OnsiteTimelineLayout layout;
  int row;

  get_layout (self, &layout);
  row = x >= NAME_WIDTH ? onsite_timeline_layout_row_at (&layout, y, self->rows->len) : -1;
  if (row < 0 && x < NAME_WIDTH && y >= HEADER_HEIGHT)
    row = onsite_timeline_layout_row_at (&layout, y, self->rows->len);

  if (row < 0 || g_array_index (self->rows, Row, row).tech == NULL)
    {
      self->drop_row = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return FALSE;
    }

  self->drop_row = row;
  self->drop_time = onsite_timeline_snap (onsite_timeline_layout_x_to_time (&layout, MAX (x, NAME_WIDTH)),
                                          layout.day_start, ONSITE_TIMELINE_SNAP);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static GdkDragAction
on_drop_motion_cb (OnsiteTimeline *self,
                   double          x,
                   double          y,
                   GtkDropTarget  *target)
{
  return drop_place (self, x, y) ? GDK_ACTION_COPY : 0;
}

static void
on_drop_leave_cb (OnsiteTimeline *self,
                  GtkDropTarget  *target)
{
  self->drop_row = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_drop_cb (OnsiteTimeline *self,
            const GValue   *value,
            double          x,
            double          y,
            GtkDropTarget  *target)
{
  gint64 ticket_id, tech_id, start;

  if (!onsite_ticket_dnd_value_get_id (value, &ticket_id) || !drop_place (self, x, y))
    {
      self->drop_row = -1;
      return FALSE;
    }

  tech_id = onsite_tech_get_id (g_array_index (self->rows, Row, self->drop_row).tech);
  start = self->drop_time;
  self->drop_row = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  g_signal_emit (self, signals[TICKET_DROPPED], 0, ticket_id, tech_id, start);
  return TRUE;
}

/* GObject ----------------------------------------------------------------- */

static void
onsite_timeline_dispose (GObject *object)
{
  OnsiteTimeline *self = (OnsiteTimeline *)object;

  g_clear_object (&self->day);
  g_clear_object (&self->travel_model);
  g_clear_pointer (&self->travel_matrix, onsite_travel_matrix_unref);
  g_clear_object (&self->pending_day);
  if (self->blocks)
    g_array_set_size (self->blocks, 0);
  if (self->rows)
    g_array_set_size (self->rows, 0);
  if (self->hadjustment)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_value_changed_cb, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_adjustment_value_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->hour_layout);
  g_clear_object (&self->pin_icon);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);

  G_OBJECT_CLASS (onsite_timeline_parent_class)->dispose (object);
}

static void
onsite_timeline_finalize (GObject *object)
{
  OnsiteTimeline *self = (OnsiteTimeline *)object;

  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->rows, g_array_unref);

  G_OBJECT_CLASS (onsite_timeline_parent_class)->finalize (object);
}

static void
onsite_timeline_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OnsiteTimeline *self = ONSITE_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DAY:
      g_value_set_object (value, self->day);
      break;

    case PROP_NOW:
      g_value_set_int64 (value, self->now);
      break;

    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;

    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_timeline_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  OnsiteTimeline *self = ONSITE_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DAY:
      onsite_timeline_set_day (self, g_value_get_object (value));
      break;

    case PROP_NOW:
      onsite_timeline_set_now (self, g_value_get_int64 (value));
      break;

    case PROP_ZOOM:
      onsite_timeline_set_zoom (self, g_value_get_double (value));
      break;

    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;

    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;

    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (guint)g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (guint)g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_timeline_class_init (OnsiteTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onsite_timeline_dispose;
  object_class->finalize = onsite_timeline_finalize;
  object_class->get_property = onsite_timeline_get_property;
  object_class->set_property = onsite_timeline_set_property;

  widget_class->snapshot = onsite_timeline_snapshot;
  widget_class->measure = onsite_timeline_measure;
  widget_class->size_allocate = onsite_timeline_size_allocate;

  /**
   * OnsiteTimeline:day:
   *
   * The day shown: its technicians and their visits.
   */
  properties [PROP_DAY] =
    g_param_spec_object ("day", NULL, NULL, ONSITE_TYPE_DAY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * OnsiteTimeline:now:
   *
   * The present, unix seconds: a red line when it is in the day.
   */
  properties [PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * OnsiteTimeline:zoom:
   *
   * Pixels per hour.
   */
  properties [PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, ONSITE_TIMELINE_MIN_ZOOM, ONSITE_TIMELINE_MAX_ZOOM, ONSITE_TIMELINE_DEFAULT_ZOOM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * OnsiteTimeline::visit-activated:
   * @visit: the visit
   *
   * A visit was clicked or activated with the keyboard.
   */
  signals [VISIT_ACTIVATED] =
    g_signal_new ("visit-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ONSITE_TYPE_VISIT);

  /**
   * OnsiteTimeline::visit-changed:
   * @visit: the visit
   * @technician_id: who should go (another row after a drag)
   * @start: the new start
   * @end: the new end
   *
   * The visit was dragged, resized or moved with the keyboard; the timeline
   * still shows it where it was until its day is set again.
   */
  signals [VISIT_CHANGED] =
    g_signal_new ("visit-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  ONSITE_TYPE_VISIT, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64);

  /**
   * OnsiteTimeline::visit-delete-requested:
   * @visit: the visit
   *
   * Delete was pressed on the visit: take the technician off it.
   */
  signals [VISIT_DELETE_REQUESTED] =
    g_signal_new ("visit-delete-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ONSITE_TYPE_VISIT);

  /**
   * OnsiteTimeline::visit-pin-requested:
   * @visit: the visit
   * @pinned: %TRUE to pin it to its technician and time, %FALSE to unpin
   *
   * Pin or Unpin was chosen in the visit's menu, or P pressed on it.
   */
  signals [VISIT_PIN_REQUESTED] =
    g_signal_new ("visit-pin-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, ONSITE_TYPE_VISIT, G_TYPE_BOOLEAN);

  /**
   * OnsiteTimeline::ticket-dropped:
   * @ticket_id: the dropped ticket
   * @technician_id: the row it was dropped on
   * @start: the time it was dropped at, snapped to 15 minutes
   */
  signals [TICKET_DROPPED] =
    g_signal_new ("ticket-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64);

  /* They act on the focused visit. */
  gtk_widget_class_install_action (widget_class, "visit.activate", NULL, activate_action);
  gtk_widget_class_install_action (widget_class, "visit.pin", NULL, pin_action);
  gtk_widget_class_install_action (widget_class, "visit.unpin", NULL, pin_action);
  gtk_widget_class_install_action (widget_class, "visit.toggle-pinned", NULL, pin_action);
  gtk_widget_class_install_action (widget_class, "menu.popup", NULL, popup_menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "visit.toggle-pinned", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_P, 0, "visit.toggle-pinned", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "menu.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "menu.popup", NULL);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
onsite_timeline_init (OnsiteTimeline *self)
{
  GtkEventController *controller;
  GtkDropTarget *drop;
  GType types[] = { ONSITE_TYPE_TICKET, G_TYPE_INT64 };

  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, (GDestroyNotify)row_clear);
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, (GDestroyNotify)block_clear);
  self->zoom = ONSITE_TIMELINE_DEFAULT_ZOOM;
  self->focus_block = -1;
  self->drag.block = -1;
  self->drop_row = -1;
  self->hour_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);

  self->drag_gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag_gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (self->drag_gesture, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect_swapped (self->drag_gesture, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect_swapped (self->drag_gesture, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drag_gesture));

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (on_secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_long_press_new ());
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (controller), TRUE);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (on_long_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (on_motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (on_focus_enter_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (on_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect_swapped (drop, "enter", G_CALLBACK (on_drop_motion_cb), self);
  g_signal_connect_swapped (drop, "motion", G_CALLBACK (on_drop_motion_cb), self);
  g_signal_connect_swapped (drop, "leave", G_CALLBACK (on_drop_leave_cb), self);
  g_signal_connect_swapped (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Day timeline"),
                                  -1);
  update_accessible (self);
  update_actions (self);
}

/* Public ------------------------------------------------------------------ */

/**
 * onsite_timeline_new:
 *
 * Returns: (transfer floating): a new, empty timeline
 */
GtkWidget *
onsite_timeline_new (void)
{
  return g_object_new (ONSITE_TYPE_TIMELINE, NULL);
}

/**
 * onsite_timeline_get_day:
 *
 * Returns: (transfer none) (nullable): the day shown
 */
OnsiteDay *
onsite_timeline_get_day (OnsiteTimeline *self)
{
  g_return_val_if_fail (ONSITE_IS_TIMELINE (self), NULL);

  return self->day;
}

/**
 * onsite_timeline_set_travel:
 * @model: (nullable): the travel model (speed, detour), %NULL for the city
 *   defaults
 * @matrix: (nullable): the day's road times, from
 *   onsite_travel_model_day_finish()
 *
 * How the travel gaps and the travel conflicts are estimated.
 */
void
onsite_timeline_set_travel (OnsiteTimeline     *self,
                            OnsiteTravelModel  *model,
                            OnsiteTravelMatrix *matrix)
{
  g_return_if_fail (ONSITE_IS_TIMELINE (self));
  g_return_if_fail (!model || ONSITE_IS_TRAVEL_MODEL (model));

  g_set_object (&self->travel_model, model);
  if (matrix != self->travel_matrix)
    {
      g_clear_pointer (&self->travel_matrix, onsite_travel_matrix_unref);
      self->travel_matrix = matrix ? onsite_travel_matrix_ref (matrix) : NULL;
    }

  if (self->day != NULL && self->drag.block < 0)
    rebuild (self);
}

/**
 * onsite_timeline_set_day:
 * @day: (nullable): the day to show
 *
 * Shows @day. Setting the day again after the store changed keeps the
 * focused visit and the scrolling.
 */
void
onsite_timeline_set_day (OnsiteTimeline *self,
                         OnsiteDay      *day)
{
  g_return_if_fail (ONSITE_IS_TIMELINE (self));
  g_return_if_fail (day == NULL || ONSITE_IS_DAY (day));

  /* A sync may bring news while a block is held: not under the pointer. */
  if (self->drag.block >= 0)
    {
      g_set_object (&self->pending_day, day);
      self->has_pending_day = TRUE;
      return;
    }

  self->has_pending_day = FALSE;
  g_clear_object (&self->pending_day);

  if (day == self->day)
    return;

  g_set_object (&self->day, day);
  rebuild (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAY]);
}

gint64
onsite_timeline_get_now (OnsiteTimeline *self)
{
  g_return_val_if_fail (ONSITE_IS_TIMELINE (self), 0);

  return self->now;
}

void
onsite_timeline_set_now (OnsiteTimeline *self,
                         gint64          now)
{
  g_return_if_fail (ONSITE_IS_TIMELINE (self));

  if (now == self->now)
    return;

  self->now = now;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

double
onsite_timeline_get_zoom (OnsiteTimeline *self)
{
  g_return_val_if_fail (ONSITE_IS_TIMELINE (self), 0);

  return self->zoom;
}

/**
 * onsite_timeline_set_zoom:
 * @px_per_hour: how wide an hour is, clamped to what the timeline allows
 *
 * Zooms, keeping the time at the left edge in place.
 */
void
onsite_timeline_set_zoom (OnsiteTimeline *self,
                          double          px_per_hour)
{
  double value = 0;

  g_return_if_fail (ONSITE_IS_TIMELINE (self));

  px_per_hour = CLAMP (px_per_hour, ONSITE_TIMELINE_MIN_ZOOM, ONSITE_TIMELINE_MAX_ZOOM);
  if (px_per_hour == self->zoom)
    return;

  if (self->hadjustment)
    value = gtk_adjustment_get_value (self->hadjustment) / self->zoom;

  self->zoom = px_per_hour;

  /* Lay out again now, so that the caller may scroll right after. */
  configure_adjustments (self);
  if (self->hadjustment)
    gtk_adjustment_set_value (self->hadjustment, value * self->zoom);

  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
onsite_timeline_zoom_in (OnsiteTimeline *self)
{
  g_return_if_fail (ONSITE_IS_TIMELINE (self));

  onsite_timeline_set_zoom (self, self->zoom * 1.5);
}

void
onsite_timeline_zoom_out (OnsiteTimeline *self)
{
  g_return_if_fail (ONSITE_IS_TIMELINE (self));

  onsite_timeline_set_zoom (self, self->zoom / 1.5);
}

/**
 * onsite_timeline_scroll_to_time:
 *
 * Scrolls so that @time is near the left edge.
 */
void
onsite_timeline_scroll_to_time (OnsiteTimeline *self,
                                gint64          time)
{
  g_return_if_fail (ONSITE_IS_TIMELINE (self));

  if (self->hadjustment == NULL || self->day == NULL)
    return;

  configure_adjustments (self);
  gtk_adjustment_set_value (self->hadjustment,
                            (time - onsite_day_get_start (self->day)) * self->zoom / 3600.0);
}

/**
 * onsite_timeline_get_n_conflicts:
 *
 * Returns: how many conflicts the day has
 */
guint
onsite_timeline_get_n_conflicts (OnsiteTimeline *self)
{
  g_return_val_if_fail (ONSITE_IS_TIMELINE (self), 0);

  return self->n_conflicts;
}

/**
 * onsite_timeline_get_selected:
 *
 * Returns: (transfer none) (nullable): the focused visit
 */
OnsiteVisit *
onsite_timeline_get_selected (OnsiteTimeline *self)
{
  g_return_val_if_fail (ONSITE_IS_TIMELINE (self), NULL);

  if (self->focus_block < 0)
    return NULL;

  return g_array_index (self->blocks, Block, self->focus_block).visit;
}

/**
 * onsite_timeline_select_visit:
 *
 * Focuses the visit's block and scrolls to it.
 *
 * Returns: %TRUE if the visit is shown
 */
gboolean
onsite_timeline_select_visit (OnsiteTimeline *self,
                              gint64          visit_id)
{
  int index;

  g_return_val_if_fail (ONSITE_IS_TIMELINE (self), FALSE);

  if ((index = find_block (self, visit_id)) < 0)
    return FALSE;

  set_focus_block (self, index);
  return TRUE;
}

/**
 * onsite_timeline_get_visit_area:
 * @area: (out): where the visit is drawn, in the timeline's coordinates
 *
 * Returns: %TRUE if the visit is shown
 */
gboolean
onsite_timeline_get_visit_area (OnsiteTimeline  *self,
                                gint64           visit_id,
                                graphene_rect_t *area)
{
  OnsiteTimelineLayout layout;
  OnsiteTimelineRect r;
  int index;

  g_return_val_if_fail (ONSITE_IS_TIMELINE (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if ((index = find_block (self, visit_id)) < 0)
    return FALSE;

  get_layout (self, &layout);
  block_rect (self, &layout, index, &r);
  graphene_rect_init (area, r.x, r.y, r.width, r.height);
  return TRUE;
}

/**
 * onsite_timeline_get_row_area:
 * @area: (out): where the technician's row is drawn
 *
 * Returns: %TRUE if the technician has a row
 */
gboolean
onsite_timeline_get_row_area (OnsiteTimeline  *self,
                              gint64           technician_id,
                              graphene_rect_t *area)
{
  OnsiteTimelineLayout layout;

  g_return_val_if_fail (ONSITE_IS_TIMELINE (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  get_layout (self, &layout);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      if (row->tech && onsite_tech_get_id (row->tech) == technician_id)
        {
          graphene_rect_init (area, NAME_WIDTH, layout.origin_y + i * ROW_HEIGHT,
                              content_width (self), ROW_HEIGHT);
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * onsite_timeline_time_to_x:
 *
 * Returns: where @time is drawn, in the timeline's coordinates
 */
double
onsite_timeline_time_to_x (OnsiteTimeline *self,
                           gint64          time)
{
  OnsiteTimelineLayout layout;

  g_return_val_if_fail (ONSITE_IS_TIMELINE (self), 0);

  get_layout (self, &layout);
  return onsite_timeline_layout_time_to_x (&layout, time);
}

/**
 * onsite_timeline_dup_visit_problems:
 *
 * Returns: (transfer full) (nullable): the conflicts flagged on the visit,
 *   one sentence a line, as its tooltip says them; %NULL for none
 */
char *
onsite_timeline_dup_visit_problems (OnsiteTimeline *self,
                                    gint64          visit_id)
{
  int index;
  Block *block;

  g_return_val_if_fail (ONSITE_IS_TIMELINE (self), NULL);

  if ((index = find_block (self, visit_id)) < 0)
    return NULL;

  block = &g_array_index (self->blocks, Block, index);
  return block->problems ? g_strdup (block->problems->str) : NULL;
}
