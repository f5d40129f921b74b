/* onsite-travel.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-travel"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "onsite-travel.h"

/* The mean Earth radius (IUGG), in metres. */
#define EARTH_RADIUS 6371008.8

const char *
onsite_travel_source_to_string (OnsiteTravelSource source)
{
  switch (source)
    {
    case ONSITE_TRAVEL_UNKNOWN: return "unknown";
    case ONSITE_TRAVEL_OFFLINE: return "offline";
    case ONSITE_TRAVEL_ROUTER: return "router";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
onsite_travel_source_to_label (OnsiteTravelSource source)
{
  switch (source)
    {
    case ONSITE_TRAVEL_UNKNOWN: return _("location unknown");
    case ONSITE_TRAVEL_OFFLINE: return _("estimated from the distance");
    case ONSITE_TRAVEL_ROUTER: return _("by road");
    default: g_return_val_if_reached (NULL);
    }
}

void
onsite_travel_settings_init (OnsiteTravelSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->detour_factor = ONSITE_TRAVEL_DEFAULT_DETOUR_FACTOR;
  settings->speed_kmh = ONSITE_TRAVEL_DEFAULT_SPEED_KMH;
  settings->overhead_seconds = ONSITE_TRAVEL_DEFAULT_OVERHEAD;
}

/**
 * onsite_travel_great_circle:
 *
 * Returns: the great-circle distance in metres (haversine, on a sphere of
 *   the mean Earth radius; within 0.5 % of the ellipsoid)
 */
double
onsite_travel_great_circle (const OnsitePoint *from,
                            const OnsitePoint *to)
{
  double lat1, lat2, dlat, dlon, a;

  g_return_val_if_fail (from != NULL && to != NULL, 0.0);

  lat1 = from->latitude * G_PI / 180.0;
  lat2 = to->latitude * G_PI / 180.0;
  dlat = lat2 - lat1;
  dlon = (to->longitude - from->longitude) * G_PI / 180.0;

  a = sin (dlat / 2) * sin (dlat / 2) +
      cos (lat1) * cos (lat2) * sin (dlon / 2) * sin (dlon / 2);

  return 2 * EARTH_RADIUS * asin (MIN (1.0, sqrt (a)));
}

static gboolean
same_place (const OnsitePoint *a,
            const OnsitePoint *b)
{
  return a->latitude == b->latitude && a->longitude == b->longitude;
}

/**
 * onsite_travel_estimate:
 * @settings: (nullable): the estimator, or %NULL for the city defaults
 * @from: (nullable): start, or %NULL when unknown
 * @to: (nullable): destination, or %NULL when unknown
 * @estimate: (out): the result
 *
 * The offline estimate. Staying in the same place takes no time; an
 * unknown place gives 0 with %ONSITE_TRAVEL_UNKNOWN.
 */
void
onsite_travel_estimate (const OnsiteTravelSettings *settings,
                        const OnsitePoint          *from,
                        const OnsitePoint          *to,
                        OnsiteTravelEstimate       *estimate)
{
  OnsiteTravelSettings defaults;
  double meters;

  g_return_if_fail (estimate != NULL);

  if (settings == NULL)
    {
      onsite_travel_settings_init (&defaults);
      settings = &defaults;
    }

  if (from == NULL || to == NULL)
    {
      estimate->seconds = 0;
      estimate->meters = 0;
      estimate->source = ONSITE_TRAVEL_UNKNOWN;
      return;
    }

  estimate->source = ONSITE_TRAVEL_OFFLINE;

  if (same_place (from, to))
    {
      estimate->seconds = 0;
      estimate->meters = 0;
      return;
    }

  meters = onsite_travel_great_circle (from, to) * MAX (1.0, settings->detour_factor);
  estimate->meters = meters;
  estimate->seconds = (int)lround (meters / (MAX (1.0, settings->speed_kmh) / 3.6)) +
                      MAX (0, settings->overhead_seconds);
}

/**
 * onsite_travel_format_minutes:
 *
 * Returns: (transfer full): "12 min", "1 h 05 min"
 */
char *
onsite_travel_format_minutes (int seconds)
{
  int minutes = (MAX (0, seconds) + 59) / 60;

  if (minutes < 60)
    /* Translators: a travel time */
    return g_strdup_printf (_("%d min"), minutes);

  /* Translators: a travel time, hours and minutes */
  return g_strdup_printf (_("%d h %02d min"), minutes / 60, minutes % 60);
}

/* Matrix ------------------------------------------------------------------ */

struct _OnsiteTravelMatrix
{
  gatomicrefcount       ref_count;
  OnsiteTravelSettings  settings;
  guint                 n_from;
  guint                 n_to;
  OnsitePoint          *from;
  OnsitePoint          *to;
  OnsiteTravelEstimate *cells;
  GHashTable           *from_index;   /* point key → index + 1 */
  GHashTable           *to_index;
  char                 *fallback_reason;
};

G_DEFINE_BOXED_TYPE (OnsiteTravelMatrix, onsite_travel_matrix,
                     onsite_travel_matrix_ref, onsite_travel_matrix_unref)

static guint
point_hash (gconstpointer key)
{
  const OnsitePoint *p = key;
  guint64 a, b;

  memcpy (&a, &p->latitude, sizeof a);
  memcpy (&b, &p->longitude, sizeof b);

  return g_int64_hash (&a) * 31 + g_int64_hash (&b);
}

static gboolean
point_equal (gconstpointer a,
             gconstpointer b)
{
  return same_place (a, b);
}

static GHashTable *
index_points (const OnsitePoint *points,
              guint              n)
{
  GHashTable *index = g_hash_table_new (point_hash, point_equal);

  /* The first of equal points wins: any of them has the same travel. */
  for (guint i = 0; i < n; i++)
    {
      if (!g_hash_table_contains (index, &points[i]))
        g_hash_table_insert (index, (gpointer)&points[i], GUINT_TO_POINTER (i + 1));
    }

  return index;
}

/**
 * onsite_travel_matrix_new_offline:
 * @settings: (nullable): the offline estimator, or %NULL for the defaults
 *
 * Returns: (transfer full): every trip from @from to @to, estimated offline
 */
OnsiteTravelMatrix *
onsite_travel_matrix_new_offline (const OnsiteTravelSettings *settings,
                                  const OnsitePoint          *from,
                                  guint                       n_from,
                                  const OnsitePoint          *to,
                                  guint                       n_to)
{
  OnsiteTravelMatrix *self;

  g_return_val_if_fail (n_from == 0 || from != NULL, NULL);
  g_return_val_if_fail (n_to == 0 || to != NULL, NULL);

  self = g_new0 (OnsiteTravelMatrix, 1);
  g_atomic_ref_count_init (&self->ref_count);
  if (settings)
    self->settings = *settings;
  else
    onsite_travel_settings_init (&self->settings);
  self->n_from = n_from;
  self->n_to = n_to;
  self->from = g_memdup2 (from, sizeof (OnsitePoint) * n_from);
  self->to = g_memdup2 (to, sizeof (OnsitePoint) * n_to);
  self->cells = g_new0 (OnsiteTravelEstimate, (gsize)n_from * n_to);
  self->from_index = index_points (self->from, n_from);
  self->to_index = index_points (self->to, n_to);

  for (guint i = 0; i < n_from; i++)
    for (guint j = 0; j < n_to; j++)
      onsite_travel_estimate (&self->settings, &self->from[i], &self->to[j],
                              &self->cells[(gsize)i * n_to + j]);

  return self;
}

OnsiteTravelMatrix *
onsite_travel_matrix_ref (OnsiteTravelMatrix *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
onsite_travel_matrix_unref (OnsiteTravelMatrix *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->from_index);
  g_hash_table_unref (self->to_index);
  g_free (self->from);
  g_free (self->to);
  g_free (self->cells);
  g_free (self->fallback_reason);
  g_free (self);
}

guint
onsite_travel_matrix_get_n_from (OnsiteTravelMatrix *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_from;
}

guint
onsite_travel_matrix_get_n_to (OnsiteTravelMatrix *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_to;
}

void
onsite_travel_matrix_get (OnsiteTravelMatrix   *self,
                          guint                 from,
                          guint                 to,
                          OnsiteTravelEstimate *estimate)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (from < self->n_from && to < self->n_to);
  g_return_if_fail (estimate != NULL);

  *estimate = self->cells[(gsize)from * self->n_to + to];
}

/**
 * onsite_travel_matrix_lookup:
 *
 * Finds a trip by its places (exactly as they were given).
 *
 * Returns: %TRUE if both places are in the matrix
 */
gboolean
onsite_travel_matrix_lookup (OnsiteTravelMatrix   *self,
                             const OnsitePoint    *from,
                             const OnsitePoint    *to,
                             OnsiteTravelEstimate *estimate)
{
  guint i, j;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (from != NULL && to != NULL && estimate != NULL, FALSE);

  i = GPOINTER_TO_UINT (g_hash_table_lookup (self->from_index, from));
  j = GPOINTER_TO_UINT (g_hash_table_lookup (self->to_index, to));
  if (i == 0 || j == 0)
    return FALSE;

  *estimate = self->cells[(gsize)(i - 1) * self->n_to + (j - 1)];
  return TRUE;
}

/**
 * onsite_travel_matrix_get_source:
 *
 * Returns: %ONSITE_TRAVEL_ROUTER when the routing server gave every trip
 *   between known places, else %ONSITE_TRAVEL_OFFLINE
 */
OnsiteTravelSource
onsite_travel_matrix_get_source (OnsiteTravelMatrix *self)
{
  gboolean any_routed = FALSE;

  g_return_val_if_fail (self != NULL, ONSITE_TRAVEL_UNKNOWN);

  for (gsize k = 0; k < (gsize)self->n_from * self->n_to; k++)
    {
      if (self->cells[k].source == ONSITE_TRAVEL_OFFLINE &&
          !same_place (&self->from[k / self->n_to], &self->to[k % self->n_to]))
        return ONSITE_TRAVEL_OFFLINE;
      if (self->cells[k].source == ONSITE_TRAVEL_ROUTER)
        any_routed = TRUE;
    }

  return any_routed ? ONSITE_TRAVEL_ROUTER : ONSITE_TRAVEL_OFFLINE;
}

/**
 * onsite_travel_matrix_get_fallback_reason:
 *
 * Returns: (nullable): why the routing server was not used, as a sentence
 */
const char *
onsite_travel_matrix_get_fallback_reason (OnsiteTravelMatrix *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->fallback_reason;
}

/**
 * onsite_travel_matrix_dup_seconds:
 *
 * Returns: (transfer full): the travel times, row by row, as the planner's
 *   onsite_plan_problem_set_travel_matrix() takes them
 */
double *
onsite_travel_matrix_dup_seconds (OnsiteTravelMatrix *self)
{
  double *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_new (double, (gsize)self->n_from * self->n_to);
  for (gsize k = 0; k < (gsize)self->n_from * self->n_to; k++)
    out[k] = self->cells[k].seconds;

  return out;
}

/**
 * onsite_travel_matrix_plan_func:
 * @matrix: an #OnsiteTravelMatrix
 *
 * An #OnsitePlanTravelFunc over a matrix whose rows and columns are the
 * planner's locations.
 */
double
onsite_travel_matrix_plan_func (guint    from,
                                guint    to,
                                gpointer matrix)
{
  OnsiteTravelMatrix *self = matrix;

  g_assert (from < self->n_from && to < self->n_to);

  return self->cells[(gsize)from * self->n_to + to].seconds;
}

void
_onsite_travel_matrix_set_routed (OnsiteTravelMatrix *self,
                                  guint               from,
                                  guint               to,
                                  double              seconds,
                                  double              meters)
{
  OnsiteTravelEstimate *cell;

  g_assert (from < self->n_from && to < self->n_to);

  cell = &self->cells[(gsize)from * self->n_to + to];
  cell->source = ONSITE_TRAVEL_ROUTER;
  cell->meters = MAX (0.0, meters);
  cell->seconds = (int)lround (MAX (0.0, seconds));
  if (!same_place (&self->from[from], &self->to[to]))
    cell->seconds += MAX (0, self->settings.overhead_seconds);
}

void
_onsite_travel_matrix_set_fallback_reason (OnsiteTravelMatrix *self,
                                           const char         *reason)
{
  g_free (self->fallback_reason);
  self->fallback_reason = g_strdup (reason);
}

const OnsitePoint *
_onsite_travel_matrix_get_point (OnsiteTravelMatrix *self,
                                 gboolean            from,
                                 guint               index)
{
  g_assert (index < (from ? self->n_from : self->n_to));

  return from ? &self->from[index] : &self->to[index];
}
