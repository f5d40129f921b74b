/* onsite-cluster.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-cluster"

#include "config.h"

#include <math.h>
#include <string.h>

#include "onsite-cluster.h"

/*
 * The geometry of the dispatcher's map, kept free of GTK so that it can be
 * tested and measured without a display.
 *
 * Every ticket with a location is projected once, when the marker set
 * changes, to normalised Web-Mercator coordinates (0..1 on both axes, the
 * projection libshumate uses). Clustering happens on a grid that is anchored
 * to the world, not to the widget: the cells are ONSITE_CLUSTER_CELL_SIZE
 * pixels wide at the integer zoom level nearest to the shown one. Panning
 * therefore never moves a ticket from one cluster to another (markers do
 * not jump under the pointer), and the clusters of a zoom level are
 * computed once and reused for every frame until the zoom level, the marker
 * set, the SLA states or the selection change. A frame then only projects
 * the clusters to the widget and drops those outside it.
 *
 * The cell → cluster hash table built while clustering doubles as the
 * spatial index for hit-testing: a pointer position maps back to a cell,
 * and only the clusters of that cell and its neighbours are looked at.
 *
 * The selected ticket is never put into a cluster: it gets a marker of its
 * own that comes last in the visible list, so that it is drawn on top.
 */

#define EMPTY_KEY G_MAXUINT64
#define NO_POINT  G_MAXUINT
#define MAX_CLUSTER_ZOOM 30

typedef struct
{
  double        x;
  double        y;
  gint64        id;
  OnsiteTicket *ticket;
  guint8        state;
  gint8         priority;
} Point;

struct _OnsiteClusterIndex
{
  /* The marker set */
  GArray   *points;
  guint     n_skipped;
  gint64    now;
  gint64    selected_id;
  guint     selected_point;
  guint     generation;

  /* The clusters of one integer zoom level */
  gboolean  have_clusters;
  int       cluster_zoom;
  double    cluster_cell;
  double    cluster_tile_size;
  guint     cluster_generation;
  GArray   *clusters;
  guint    *members;
  guint    *point_cluster;
  guint64  *keys;
  guint    *slots;
  guint     table_mask;
  guint     table_shift;
  guint     selected_cluster;

  /* The last view, for screen positions and hit-testing */
  OnsiteClusterView view;
  gboolean  have_view;
  double    scale;
  double    cos_r;
  double    sin_r;
  guint    *visible;
  guint     n_visible;
};

/**
 * onsite_cluster_project:
 * @latitude: degrees north, clamped to the Web-Mercator limits (±85.0511°)
 * @longitude: degrees east
 * @x: (out): normalised world X, 0 at 180° W and 1 at 180° E
 * @y: (out): normalised world Y, 0 at the north limit and 1 at the south one
 *
 * Projects a location to normalised Web-Mercator coordinates, the same
 * projection as libshumate's map sources divided by the map size.
 */
void
onsite_cluster_project (double  latitude,
                        double  longitude,
                        double *x,
                        double *y)
{
  double sin_latitude;

  g_return_if_fail (x != NULL);
  g_return_if_fail (y != NULL);

  latitude = CLAMP (latitude, -85.0511287798, 85.0511287798);
  longitude = CLAMP (longitude, -180.0, 180.0);
  sin_latitude = sin (latitude * G_PI / 180.0);

  *x = (longitude + 180.0) / 360.0;
  *y = 0.5 - log ((1.0 + sin_latitude) / (1.0 - sin_latitude)) / (4.0 * G_PI);
}

/**
 * onsite_cluster_unproject:
 * @x: normalised world X
 * @y: normalised world Y
 * @latitude: (out): degrees north
 * @longitude: (out): degrees east
 *
 * The inverse of onsite_cluster_project().
 */
void
onsite_cluster_unproject (double  x,
                          double  y,
                          double *latitude,
                          double *longitude)
{
  g_return_if_fail (latitude != NULL);
  g_return_if_fail (longitude != NULL);

  *longitude = x * 360.0 - 180.0;
  *latitude = atan (sinh (G_PI * (1.0 - 2.0 * y))) * 180.0 / G_PI;
}

/**
 * onsite_cluster_index_new:
 *
 * Creates an empty marker index.
 *
 * Returns: (transfer full): a new #OnsiteClusterIndex
 */
OnsiteClusterIndex *
onsite_cluster_index_new (void)
{
  OnsiteClusterIndex *self = g_new0 (OnsiteClusterIndex, 1);

  self->points = g_array_new (FALSE, FALSE, sizeof (Point));
  self->clusters = g_array_new (FALSE, FALSE, sizeof (OnsiteCluster));
  self->selected_point = NO_POINT;
  self->selected_cluster = NO_POINT;

  return self;
}

static void
clear_points (OnsiteClusterIndex *self)
{
  for (guint i = 0; i < self->points->len; i++)
    g_object_unref (g_array_index (self->points, Point, i).ticket);
  g_array_set_size (self->points, 0);
  self->n_skipped = 0;
  self->selected_point = NO_POINT;
}

/**
 * onsite_cluster_index_free:
 * @self: an #OnsiteClusterIndex
 *
 * Frees the index and drops its references to the tickets.
 */
void
onsite_cluster_index_free (OnsiteClusterIndex *self)
{
  if (self == NULL)
    return;

  clear_points (self);
  g_array_unref (self->points);
  g_array_unref (self->clusters);
  g_free (self->members);
  g_free (self->point_cluster);
  g_free (self->keys);
  g_free (self->slots);
  g_free (self->visible);
  g_free (self);
}

static void
invalidate (OnsiteClusterIndex *self)
{
  self->generation++;
  self->n_visible = 0;
}

static guint
find_point (OnsiteClusterIndex *self,
            gint64              ticket_id)
{
  if (ticket_id == 0)
    return NO_POINT;

  for (guint i = 0; i < self->points->len; i++)
    {
      if (g_array_index (self->points, Point, i).id == ticket_id)
        return i;
    }

  return NO_POINT;
}

/**
 * onsite_cluster_index_set_tickets:
 * @self: an #OnsiteClusterIndex
 * @tickets: (nullable): a #GListModel of #OnsiteTicket, or %NULL for none
 * @now: the time, in seconds since the epoch, the SLA states are computed for
 *
 * Replaces the whole marker set with the tickets of @tickets that have a
 * location. Tickets without one are counted in
 * onsite_cluster_index_get_n_skipped() and never placed on the map.
 */
void
onsite_cluster_index_set_tickets (OnsiteClusterIndex *self,
                                  GListModel         *tickets,
                                  gint64              now)
{
  guint n_items;

  g_return_if_fail (self != NULL);
  g_return_if_fail (tickets == NULL || G_IS_LIST_MODEL (tickets));

  clear_points (self);
  invalidate (self);
  self->now = now;

  if (tickets == NULL)
    return;

  n_items = g_list_model_get_n_items (tickets);
  g_array_set_size (self->points, n_items);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(OnsiteTicket) ticket = g_list_model_get_item (tickets, i);
      Point *point;
      double latitude, longitude;
      guint n;

      if (ticket == NULL ||
          !onsite_ticket_get_location (ticket, &latitude, &longitude) ||
          !isfinite (latitude) || !isfinite (longitude))
        {
          self->n_skipped++;
          continue;
        }

      n = i - self->n_skipped;
      point = &g_array_index (self->points, Point, n);
      onsite_cluster_project (latitude, longitude, &point->x, &point->y);
      point->id = onsite_ticket_get_id (ticket);
      point->state = onsite_ticket_get_sla_state (ticket, now);
      point->priority = CLAMP (onsite_ticket_get_priority (ticket), 0, G_MAXINT8);
      point->ticket = g_steal_pointer (&ticket);
    }

  g_array_set_size (self->points, n_items - self->n_skipped);
  self->selected_point = find_point (self, self->selected_id);
}

/**
 * onsite_cluster_index_set_now:
 * @self: an #OnsiteClusterIndex
 * @now: the time, in seconds since the epoch
 *
 * Recomputes the SLA states of all markers for @now.
 *
 * Returns: %TRUE if any marker changed state
 */
gboolean
onsite_cluster_index_set_now (OnsiteClusterIndex *self,
                              gint64              now)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  self->now = now;

  for (guint i = 0; i < self->points->len; i++)
    {
      Point *point = &g_array_index (self->points, Point, i);
      guint8 state = onsite_ticket_get_sla_state (point->ticket, now);

      if (state != point->state)
        {
          point->state = state;
          changed = TRUE;
        }
    }

  if (changed)
    invalidate (self);

  return changed;
}

/**
 * onsite_cluster_index_set_selected:
 * @self: an #OnsiteClusterIndex
 * @ticket_id: the id of the selected ticket, or 0 for none
 *
 * Sets the ticket whose marker is kept out of clusters and drawn on top.
 * The id is remembered across onsite_cluster_index_set_tickets().
 *
 * Returns: %TRUE if the selection changed
 */
gboolean
onsite_cluster_index_set_selected (OnsiteClusterIndex *self,
                                   gint64              ticket_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->selected_id == ticket_id)
    return FALSE;

  self->selected_id = ticket_id;
  self->selected_point = find_point (self, ticket_id);
  invalidate (self);

  return TRUE;
}

/**
 * onsite_cluster_index_get_selected:
 * @self: an #OnsiteClusterIndex
 *
 * Returns: the id given to onsite_cluster_index_set_selected()
 */
gint64
onsite_cluster_index_get_selected (OnsiteClusterIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->selected_id;
}

/**
 * onsite_cluster_index_get_n_points:
 * @self: an #OnsiteClusterIndex
 *
 * Returns: how many tickets have a marker
 */
guint
onsite_cluster_index_get_n_points (OnsiteClusterIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->points->len;
}

/**
 * onsite_cluster_index_get_n_skipped:
 * @self: an #OnsiteClusterIndex
 *
 * Returns: how many tickets of the last set had no location
 */
guint
onsite_cluster_index_get_n_skipped (OnsiteClusterIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_skipped;
}

/**
 * onsite_cluster_index_find:
 * @self: an #OnsiteClusterIndex
 * @ticket_id: a ticket id
 * @x: (out) (optional): the normalised world X of its marker
 * @y: (out) (optional): the normalised world Y of its marker
 *
 * Returns: %TRUE if the ticket has a marker
 */
gboolean
onsite_cluster_index_find (OnsiteClusterIndex *self,
                           gint64              ticket_id,
                           double             *x,
                           double             *y)
{
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);

  n = find_point (self, ticket_id);
  if (n == NO_POINT)
    return FALSE;

  if (x != NULL)
    *x = g_array_index (self->points, Point, n).x;
  if (y != NULL)
    *y = g_array_index (self->points, Point, n).y;

  return TRUE;
}

static inline guint64
cell_key (gint64 cx,
          gint64 cy)
{
  return ((guint64) (guint32) cx << 32) | (guint32) cy;
}

static inline guint
hash_key (OnsiteClusterIndex *self,
          guint64             key)
{
  /* Fibonacci hashing: neighbouring cells spread over the table. */
  return (guint) ((key * G_GUINT64_CONSTANT (11400714819323198485)) >> self->table_shift);
}

static guint
lookup_cell (OnsiteClusterIndex *self,
             guint64             key)
{
  guint slot;

  if (self->keys == NULL)
    return NO_POINT;

  for (slot = hash_key (self, key); self->keys[slot] != EMPTY_KEY; slot = (slot + 1) & self->table_mask)
    {
      if (self->keys[slot] == key)
        return self->slots[slot];
    }

  return NO_POINT;
}

static inline double
cells_per_unit (OnsiteClusterIndex *self)
{
  return self->cluster_tile_size * ldexp (1.0, self->cluster_zoom) / self->cluster_cell;
}

static void
recluster (OnsiteClusterIndex *self)
{
  guint n_points = self->points->len;
  guint capacity = 16;
  guint shift = 64 - 4;
  double cells;
  guint offset = 0;

  g_array_set_size (self->clusters, 0);
  self->selected_cluster = NO_POINT;

  /* Open addressing at a load factor of at most one half. */
  while (capacity < 2 * n_points)
    {
      capacity *= 2;
      shift--;
    }

  if (self->table_mask + 1 != capacity || self->keys == NULL)
    {
      g_free (self->keys);
      g_free (self->slots);
      self->keys = g_new (guint64, capacity);
      self->slots = g_new (guint, capacity);
      self->table_mask = capacity - 1;
    }
  self->table_shift = shift;
  memset (self->keys, 0xff, sizeof (guint64) * capacity);

  g_free (self->members);
  g_free (self->point_cluster);
  self->members = g_new (guint, MAX (n_points, 1));
  self->point_cluster = g_new (guint, MAX (n_points, 1));

  cells = cells_per_unit (self);

  for (guint i = 0; i < n_points; i++)
    {
      const Point *point = &g_array_index (self->points, Point, i);
      OnsiteCluster *cluster;
      guint64 key;
      guint slot;
      guint c;

      if (i == self->selected_point)
        {
          self->point_cluster[i] = NO_POINT;
          continue;
        }

      key = cell_key ((gint64) floor (point->x * cells), (gint64) floor (point->y * cells));

      for (slot = hash_key (self, key); ; slot = (slot + 1) & self->table_mask)
        {
          if (self->keys[slot] == key)
            {
              c = self->slots[slot];
              break;
            }

          if (self->keys[slot] == EMPTY_KEY)
            {
              OnsiteCluster fresh = { 0 };

              fresh.worst_state = ONSITE_SLA_NONE;
              c = self->clusters->len;
              g_array_append_val (self->clusters, fresh);
              self->keys[slot] = key;
              self->slots[slot] = c;
              break;
            }
        }

      self->point_cluster[i] = c;

      /* Sums first; they become centroids below. */
      cluster = &g_array_index (self->clusters, OnsiteCluster, c);
      cluster->x += point->x;
      cluster->y += point->y;
      cluster->count++;
      if (point->state > cluster->worst_state)
        cluster->worst_state = point->state;
      if (point->priority >= ONSITE_PRIORITY_MIN && point->priority <= ONSITE_PRIORITY_MAX &&
          (cluster->top_priority == 0 || point->priority < cluster->top_priority))
        cluster->top_priority = point->priority;
    }

  /* Lay the members out cluster by cluster (a counting sort by cluster). */
  for (guint c = 0; c < self->clusters->len; c++)
    {
      OnsiteCluster *cluster = &g_array_index (self->clusters, OnsiteCluster, c);

      cluster->x /= cluster->count;
      cluster->y /= cluster->count;
      cluster->first_member = offset;
      offset += cluster->count;
      /* Used as a fill pointer in the next loop, restored after it. */
      cluster->screen_x = cluster->first_member;
    }

  for (guint i = 0; i < n_points; i++)
    {
      guint c = self->point_cluster[i];
      OnsiteCluster *cluster;

      if (c == NO_POINT)
        continue;

      cluster = &g_array_index (self->clusters, OnsiteCluster, c);
      self->members[(guint) cluster->screen_x] = i;
      cluster->screen_x += 1.0;
    }

  if (self->selected_point != NO_POINT)
    {
      const Point *point = &g_array_index (self->points, Point, self->selected_point);
      OnsiteCluster selected = { 0 };

      selected.x = point->x;
      selected.y = point->y;
      selected.count = 1;
      selected.worst_state = point->state;
      selected.top_priority = point->priority >= ONSITE_PRIORITY_MIN && point->priority <= ONSITE_PRIORITY_MAX ? point->priority : 0;
      selected.first_member = offset;
      selected.selected = TRUE;
      self->members[offset] = self->selected_point;
      self->selected_cluster = self->clusters->len;
      g_array_append_val (self->clusters, selected);
    }

  self->cluster_generation = self->generation;
  self->have_clusters = TRUE;
}

static int
compare_visible (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const OnsiteCluster *clusters = user_data;
  double ya = clusters[*(const guint *)a].screen_y;
  double yb = clusters[*(const guint *)b].screen_y;

  return (ya > yb) - (ya < yb);
}

static inline void
to_screen (OnsiteClusterIndex *self,
           double              x,
           double              y,
           double             *sx,
           double             *sy)
{
  double dx = (x - self->view.center_x) * self->scale;
  double dy = (y - self->view.center_y) * self->scale;

  *sx = self->cos_r * dx - self->sin_r * dy + self->view.width / 2.0;
  *sy = self->sin_r * dx + self->cos_r * dy + self->view.height / 2.0;
}

/**
 * onsite_cluster_index_update:
 * @self: an #OnsiteClusterIndex
 * @view: what the map shows
 *
 * Clusters the markers for the zoom level of @view (or reuses the clusters
 * computed for it before) and finds those inside the widget, ordered top to
 * bottom as they should be drawn. The selected ticket's marker, if visible,
 * comes last.
 *
 * Returns: how many markers are visible, see onsite_cluster_index_get_visible()
 */
guint
onsite_cluster_index_update (OnsiteClusterIndex      *self,
                             const OnsiteClusterView *view)
{
  double cell;
  double tile_size;
  double min_x, min_y, max_x, max_y;
  int zoom;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (view != NULL, 0);

  cell = view->cell_size > 0 ? view->cell_size : ONSITE_CLUSTER_CELL_SIZE;
  tile_size = view->tile_size > 0 ? view->tile_size : 256.0;
  zoom = (int) CLAMP (floor (view->zoom_level + 0.5), 0, MAX_CLUSTER_ZOOM);

  if (!self->have_clusters ||
      self->cluster_generation != self->generation ||
      self->cluster_zoom != zoom ||
      self->cluster_cell != cell ||
      self->cluster_tile_size != tile_size)
    {
      self->cluster_zoom = zoom;
      self->cluster_cell = cell;
      self->cluster_tile_size = tile_size;
      recluster (self);
    }

  self->view = *view;
  self->view.cell_size = cell;
  self->view.tile_size = tile_size;
  self->have_view = TRUE;
  self->scale = tile_size * exp2 (view->zoom_level);
  self->cos_r = cos (view->rotation);
  self->sin_r = sin (view->rotation);

  g_free (self->visible);
  self->visible = g_new (guint, MAX (self->clusters->len, 1));
  self->n_visible = 0;

  min_x = -view->margin;
  min_y = -view->margin;
  max_x = view->width + view->margin;
  max_y = view->height + view->margin;

  for (guint c = 0; c < self->clusters->len; c++)
    {
      OnsiteCluster *cluster = &g_array_index (self->clusters, OnsiteCluster, c);

      to_screen (self, cluster->x, cluster->y, &cluster->screen_x, &cluster->screen_y);

      /* The selected marker is already last in the array. */
      if (cluster->screen_x >= min_x && cluster->screen_x <= max_x &&
          cluster->screen_y >= min_y && cluster->screen_y <= max_y)
        self->visible[self->n_visible++] = c;
    }

  /* Top to bottom, so that a marker lower on the screen overlaps the one
   * above it, as things nearer the viewer do; the selected one stays last. */
  if (self->n_visible > 1)
    {
      guint n = self->n_visible;

      if (self->clusters->len > 0 &&
          self->visible[n - 1] == self->selected_cluster)
        n--;

      g_qsort_with_data (self->visible, n, sizeof (guint), compare_visible, self->clusters->data);
    }

  return self->n_visible;
}

/**
 * onsite_cluster_index_get_n_clusters:
 * @self: an #OnsiteClusterIndex
 *
 * Returns: how many markers (clusters and single tickets, visible or not)
 *   the zoom level of the last update has
 */
guint
onsite_cluster_index_get_n_clusters (OnsiteClusterIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (!self->have_clusters || self->cluster_generation != self->generation)
    return 0;

  return self->clusters->len;
}

/**
 * onsite_cluster_index_get_visible:
 * @self: an #OnsiteClusterIndex
 * @position: a position below the count onsite_cluster_index_update() returned
 *
 * Returns: (transfer none): the visible marker at @position, valid until
 *   the next change to @self
 */
const OnsiteCluster *
onsite_cluster_index_get_visible (OnsiteClusterIndex *self,
                                  guint               position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->n_visible, NULL);

  return &g_array_index (self->clusters, OnsiteCluster, self->visible[position]);
}

static const Point *
get_member_point (OnsiteClusterIndex  *self,
                  const OnsiteCluster *cluster,
                  guint                nth)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (cluster != NULL, NULL);
  g_return_val_if_fail (nth < cluster->count, NULL);
  g_return_val_if_fail (cluster->first_member + nth < self->points->len, NULL);

  return &g_array_index (self->points, Point, self->members[cluster->first_member + nth]);
}

/**
 * onsite_cluster_index_get_member:
 * @self: an #OnsiteClusterIndex
 * @cluster: a marker of @self
 * @nth: a position below @cluster's count
 *
 * Returns: (transfer none): the @nth ticket of @cluster
 */
OnsiteTicket *
onsite_cluster_index_get_member (OnsiteClusterIndex  *self,
                                 const OnsiteCluster *cluster,
                                 guint                nth)
{
  const Point *point = get_member_point (self, cluster, nth);

  return point ? point->ticket : NULL;
}

/**
 * onsite_cluster_index_get_member_state:
 * @self: an #OnsiteClusterIndex
 * @cluster: a marker of @self
 * @nth: a position below @cluster's count
 *
 * Returns: the SLA state of the @nth ticket of @cluster, as last computed
 */
OnsiteSlaState
onsite_cluster_index_get_member_state (OnsiteClusterIndex  *self,
                                       const OnsiteCluster *cluster,
                                       guint                nth)
{
  const Point *point = get_member_point (self, cluster, nth);

  return point ? point->state : ONSITE_SLA_NONE;
}

/**
 * onsite_cluster_index_get_bounds:
 * @self: an #OnsiteClusterIndex
 * @cluster: a marker of @self
 * @min_x: (out): the smallest normalised world X of its members
 * @min_y: (out): the smallest normalised world Y of its members
 * @max_x: (out): the largest normalised world X of its members
 * @max_y: (out): the largest normalised world Y of its members
 *
 * Gets the box around the members of @cluster, to zoom in on it.
 */
void
onsite_cluster_index_get_bounds (OnsiteClusterIndex  *self,
                                 const OnsiteCluster *cluster,
                                 double              *min_x,
                                 double              *min_y,
                                 double              *max_x,
                                 double              *max_y)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cluster != NULL);

  *min_x = *min_y = G_MAXDOUBLE;
  *max_x = *max_y = -G_MAXDOUBLE;

  for (guint i = 0; i < cluster->count; i++)
    {
      const Point *point = get_member_point (self, cluster, i);

      *min_x = MIN (*min_x, point->x);
      *min_y = MIN (*min_y, point->y);
      *max_x = MAX (*max_x, point->x);
      *max_y = MAX (*max_y, point->y);
    }
}

static inline double
screen_distance (OnsiteClusterIndex  *self,
                 const OnsiteCluster *cluster,
                 double               x,
                 double               y,
                 double               single_dy)
{
  double sx, sy;

  to_screen (self, cluster->x, cluster->y, &sx, &sy);
  if (cluster->count == 1)
    sy += single_dy;

  return hypot (sx - x, sy - y);
}

/**
 * onsite_cluster_index_hit_test:
 * @self: an #OnsiteClusterIndex
 * @x: a widget X in the view of the last onsite_cluster_index_update()
 * @y: a widget Y in that view
 * @tolerance: how far, in pixels, from a marker's centre still counts as
 *   on it
 * @single_dy: where, in pixels down from its location, the centre of a
 *   single ticket's marker is drawn (negative for a pin whose head is
 *   above its tip); clusters are centred on their location
 *
 * Finds the marker under a pointer. The selected marker, drawn on top, wins
 * over others; otherwise the nearest marker within @tolerance does.
 *
 * Returns: (transfer none) (nullable): the marker, or %NULL over empty map
 */
const OnsiteCluster *
onsite_cluster_index_hit_test (OnsiteClusterIndex *self,
                               double              x,
                               double              y,
                               double              tolerance,
                               double              single_dy)
{
  const OnsiteCluster *best = NULL;
  double best_distance = G_MAXDOUBLE;
  double dx, dy, wx, wy, cells;
  gint64 cx, cy, reach;

  g_return_val_if_fail (self != NULL, NULL);

  if (!self->have_view || !self->have_clusters || self->cluster_generation != self->generation)
    return NULL;

  if (self->selected_cluster != NO_POINT)
    {
      const OnsiteCluster *selected = &g_array_index (self->clusters, OnsiteCluster, self->selected_cluster);

      if (screen_distance (self, selected, x, y, single_dy) <= tolerance)
        return selected;
    }

  /* Back from the widget to the world, then to the clustering grid. */
  dx = x - self->view.width / 2.0;
  dy = y - self->view.height / 2.0;
  wx = self->view.center_x + (self->cos_r * dx + self->sin_r * dy) / self->scale;
  wy = self->view.center_y + (-self->sin_r * dx + self->cos_r * dy) / self->scale;

  cells = cells_per_unit (self);
  cx = (gint64) floor (wx * cells);
  cy = (gint64) floor (wy * cells);

  /* A centroid lies inside its cell, so a marker within @tolerance is at
   * most this many cells away. */
  reach = (gint64) ceil ((tolerance + fabs (single_dy)) / self->scale * cells);
  reach = CLAMP (reach, 1, 8);

  for (gint64 i = cx - reach; i <= cx + reach; i++)
    {
      for (gint64 j = cy - reach; j <= cy + reach; j++)
        {
          const OnsiteCluster *cluster;
          guint c;
          double distance;

          if (i < 0 || j < 0)
            continue;

          c = lookup_cell (self, cell_key (i, j));
          if (c == NO_POINT)
            continue;

          cluster = &g_array_index (self->clusters, OnsiteCluster, c);
          distance = screen_distance (self, cluster, x, y, single_dy);
          if (distance <= tolerance && distance < best_distance)
            {
              best = cluster;
              best_distance = distance;
            }
        }
    }

  return best;
}
