/* onsite-travel-model.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-travel-model"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "onsite-travel-model.h"

/*
 * OnsiteTravelModel is the one travel model of a window: the offline
 * estimate's speed and detour factor, and the routing server, as the
 * settings say. The ranking, the conflict checks, the timeline's travel
 * gaps and Plan Day all start from it (onsite_travel_model_init_options()),
 * so they agree with each other, and a change in the settings reaches all
 * of them at once through ::changed.
 *
 * Road times come per day: onsite_travel_model_day_async() asks the router
 * for every trip between the places of a day (home bases, visits, and the
 * ticket being placed). The last complete answer is kept, so a view that
 * draws the same day again does not ask again.
 */

struct _OnsiteTravelModel
{
  GObject               parent_instance;

  OnsiteTravelSettings  settings;
  char                 *url;        /* as set, stripped; NULL when none */
  char                 *problem;    /* why @url is not used, or NULL */
  OnsiteRouter         *router;
  OnsiteTravelMatrix   *cache;      /* the last routed day, or NULL */
  GSettings            *gsettings;
};

G_DEFINE_FINAL_TYPE (OnsiteTravelModel, onsite_travel_model, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* OSRM's default --max-table-size is 100 places: a day's square matrix
 * can have half of that. */
#define MAX_DAY_PLACES 50

static void
onsite_travel_model_dispose (GObject *object)
{
  OnsiteTravelModel *self = (OnsiteTravelModel *)object;

  if (self->gsettings)
    g_signal_handlers_disconnect_by_data (self->gsettings, self);
  g_clear_object (&self->gsettings);
  g_clear_object (&self->router);
  g_clear_pointer (&self->cache, onsite_travel_matrix_unref);

  G_OBJECT_CLASS (onsite_travel_model_parent_class)->dispose (object);
}

static void
onsite_travel_model_finalize (GObject *object)
{
  OnsiteTravelModel *self = (OnsiteTravelModel *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (onsite_travel_model_parent_class)->finalize (object);
}

static void
onsite_travel_model_class_init (OnsiteTravelModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onsite_travel_model_dispose;
  object_class->finalize = onsite_travel_model_finalize;

  /**
   * OnsiteTravelModel::changed:
   *
   * The speed, the detour factor or the routing server changed: travel
   * times shown are out of date.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
rebuild_router (OnsiteTravelModel *self)
{
  g_clear_pointer (&self->cache, onsite_travel_matrix_unref);
  g_clear_object (&self->router);
  self->router = onsite_router_new (self->problem ? NULL : self->url, &self->settings);
}

static void
onsite_travel_model_init (OnsiteTravelModel *self)
{
  onsite_travel_settings_init (&self->settings);
  rebuild_router (self);
}

/**
 * onsite_travel_model_new:
 *
 * Returns: (transfer full): the city defaults, no routing server
 */
OnsiteTravelModel *
onsite_travel_model_new (void)
{
  return g_object_new (ONSITE_TYPE_TRAVEL_MODEL, NULL);
}

/**
 * onsite_travel_model_get_settings:
 *
 * Returns: (transfer none): the offline estimate, valid until the next
 *   ::changed
 */
const OnsiteTravelSettings *
onsite_travel_model_get_settings (OnsiteTravelModel *self)
{
  g_return_val_if_fail (ONSITE_IS_TRAVEL_MODEL (self), NULL);

  return &self->settings;
}

/**
 * onsite_travel_model_set_settings:
 * @settings: the offline estimate; out-of-range values are clamped
 *   (speed 1–200 km/h, detour factor 1–5)
 */
void
onsite_travel_model_set_settings (OnsiteTravelModel          *self,
                                  const OnsiteTravelSettings *settings)
{
  OnsiteTravelSettings clamped;

  g_return_if_fail (ONSITE_IS_TRAVEL_MODEL (self));
  g_return_if_fail (settings != NULL);

  clamped = *settings;
  clamped.speed_kmh = isfinite (clamped.speed_kmh) ? CLAMP (clamped.speed_kmh, 1.0, 200.0)
                                                   : ONSITE_TRAVEL_DEFAULT_SPEED_KMH;
  clamped.detour_factor = isfinite (clamped.detour_factor) ? CLAMP (clamped.detour_factor, 1.0, 5.0)
                                                           : ONSITE_TRAVEL_DEFAULT_DETOUR_FACTOR;
  clamped.overhead_seconds = MAX (0, clamped.overhead_seconds);

  if (clamped.speed_kmh == self->settings.speed_kmh &&
      clamped.detour_factor == self->settings.detour_factor &&
      clamped.overhead_seconds == self->settings.overhead_seconds)
    return;

  self->settings = clamped;
  rebuild_router (self);
  g_signal_emit (self, signals [CHANGED], 0);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* GUri keeps the brackets off IPv6 literals, but be safe. */
  bare = g_strdup (host);
  if (bare[0] == '[')
    {
      char *end = strchr (bare, ']');

      if (end)
        *end = '\0';
      memmove (bare, bare + 1, strlen (bare));
    }

  if ((address = g_inet_address_new_from_string (bare)))
    return g_inet_address_get_is_loopback (address);

  return FALSE;
}

/* NULL when @url may be used, else a sentence why not. */
static char *
check_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (!(uri = g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED, NULL)) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return g_strdup_printf (_("The routing server address “%s” is not a web address; travel times are estimated from the distance."), url);

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return NULL;
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (host_is_loopback (g_uri_get_host (uri)))
        return NULL;
      return g_strdup (_("Plain http:// is allowed only for a routing server on this computer; use https://. Travel times are estimated from the distance."));
    }

  return g_strdup_printf (_("The routing server address “%s” is not a web address; travel times are estimated from the distance."), url);
}

/**
 * onsite_travel_model_set_router_url:
 * @url: (nullable): an OSRM-compatible server ("https://router.example"),
 *   or %NULL / "" for the offline estimate only
 * @error: says why @url cannot be used
 *
 * Sets the routing server. An https:// address may be anywhere; a plain
 * http:// one only on this computer (loopback), since the places of the
 * day's visits would cross the network in the clear. A refused address
 * leaves Onsite estimating offline, and
 * onsite_travel_model_get_router_problem() says why.
 *
 * Returns: %TRUE if the address is used (or none was given)
 */
gboolean
onsite_travel_model_set_router_url (OnsiteTravelModel  *self,
                                    const char         *url,
                                    GError            **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *problem = NULL;

  g_return_val_if_fail (ONSITE_IS_TRAVEL_MODEL (self), FALSE);

  if (url != NULL)
    stripped = g_strstrip (g_strdup (url));
  if (stripped != NULL && *stripped == '\0')
    g_clear_pointer (&stripped, g_free);

  if (stripped != NULL)
    problem = check_url (stripped);

  if (g_strcmp0 (stripped, self->url) != 0)
    {
      g_free (self->url);
      self->url = g_steal_pointer (&stripped);
      g_free (self->problem);
      self->problem = g_strdup (problem);
      rebuild_router (self);
      g_signal_emit (self, signals [CHANGED], 0);
    }

  if (problem != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, problem);
      return FALSE;
    }

  return TRUE;
}

/**
 * onsite_travel_model_get_router_url:
 *
 * Returns: (nullable): the routing server in use, or %NULL when travel
 *   times are estimated offline only
 */
const char *
onsite_travel_model_get_router_url (OnsiteTravelModel *self)
{
  g_return_val_if_fail (ONSITE_IS_TRAVEL_MODEL (self), NULL);

  return self->problem ? NULL : self->url;
}

/**
 * onsite_travel_model_get_router_problem:
 *
 * Returns: (nullable): why the routing server set is not used, as a
 *   sentence, or %NULL
 */
const char *
onsite_travel_model_get_router_problem (OnsiteTravelModel *self)
{
  g_return_val_if_fail (ONSITE_IS_TRAVEL_MODEL (self), NULL);

  return self->problem;
}

/**
 * onsite_travel_model_get_router:
 *
 * Returns: (transfer none): the routing client (replaced on ::changed)
 */
OnsiteRouter *
onsite_travel_model_get_router (OnsiteTravelModel *self)
{
  g_return_val_if_fail (ONSITE_IS_TRAVEL_MODEL (self), NULL);

  return self->router;
}

static void
read_settings (OnsiteTravelModel *self)
{
  OnsiteTravelSettings settings = self->settings;
  g_autofree char *url = g_settings_get_string (self->gsettings, "routing-url");
  g_autoptr(GError) error = NULL;

  settings.speed_kmh = g_settings_get_double (self->gsettings, "travel-speed");
  settings.detour_factor = g_settings_get_double (self->gsettings, "travel-detour-factor");
  onsite_travel_model_set_settings (self, &settings);

  if (!onsite_travel_model_set_router_url (self, url, &error))
    g_debug ("%s", error->message);
}

static void
on_settings_changed_cb (OnsiteTravelModel *self,
                        const char        *key,
                        GSettings         *settings)
{
  if (g_str_equal (key, "travel-speed") ||
      g_str_equal (key, "travel-detour-factor") ||
      g_str_equal (key, "routing-url"))
    read_settings (self);
}

/**
 * onsite_travel_model_bind_settings:
 * @settings: the application's settings (travel-speed,
 *   travel-detour-factor, routing-url)
 *
 * Follows the settings from now on: every change there is a ::changed
 * here.
 */
void
onsite_travel_model_bind_settings (OnsiteTravelModel *self,
                                   GSettings         *settings)
{
  g_return_if_fail (ONSITE_IS_TRAVEL_MODEL (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  if (self->gsettings)
    g_signal_handlers_disconnect_by_data (self->gsettings, self);
  g_set_object (&self->gsettings, settings);
  g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed_cb),
                           self, G_CONNECT_SWAPPED);
  read_settings (self);
}

static void
matrix_travel_func (const OnsitePoint    *from,
                    const OnsitePoint    *to,
                    OnsiteTravelEstimate *estimate,
                    gpointer              user_data)
{
  /* Not found leaves the source unknown: the offline estimate then. */
  onsite_travel_matrix_lookup (user_data, from, to, estimate);
}

/**
 * onsite_travel_model_init_options:
 * @options: (out): the options to fill (onsite_dispatch_options_init())
 * @matrix: (nullable): road times from onsite_travel_model_day_finish(),
 *   borrowed: it must outlive the use of @options
 *
 * Options for the ranking, the conflict checks and the planner that use
 * this model: @matrix first, the offline estimate for what it lacks.
 */
void
onsite_travel_model_init_options (OnsiteTravelModel     *self,
                                  OnsiteDispatchOptions *options,
                                  OnsiteTravelMatrix    *matrix)
{
  g_return_if_fail (ONSITE_IS_TRAVEL_MODEL (self));
  g_return_if_fail (options != NULL);

  onsite_dispatch_options_init (options);
  options->travel = &self->settings;
  if (matrix != NULL)
    {
      options->travel_func = matrix_travel_func;
      options->travel_data = matrix;
    }
}

static void
add_place (GArray            *places,
           GHashTable        *seen,
           const OnsitePoint *point)
{
  g_autofree char *key = g_strdup_printf ("%.17g,%.17g", point->latitude, point->longitude);

  if (g_hash_table_contains (seen, key))
    return;
  g_hash_table_add (seen, g_steal_pointer (&key));
  g_array_append_val (places, *point);
}

static void
add_visits (GArray     *places,
            GHashTable *seen,
            GListModel *visits)
{
  guint n = visits ? g_list_model_get_n_items (visits) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteVisit) visit = g_list_model_get_item (visits, i);
      OnsitePoint p;

      if (onsite_visit_get_location (visit, &p.latitude, &p.longitude))
        add_place (places, seen, &p);
    }
}

/* Home bases, visits (assigned or not), and @extra, each place once. */
static GArray *
collect_places (OnsiteDay         *day,
                const OnsitePoint *extra,
                guint              n_extra)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GArray *places = g_array_new (FALSE, FALSE, sizeof (OnsitePoint));
  GListModel *techs = onsite_day_get_techs (day);
  guint n = g_list_model_get_n_items (techs);

  for (guint i = 0; i < n_extra; i++)
    add_place (places, seen, &extra[i]);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteTech) tech = g_list_model_get_item (techs, i);
      OnsitePoint home;

      if (onsite_tech_get_home (tech, &home.latitude, &home.longitude))
        add_place (places, seen, &home);
      add_visits (places, seen, onsite_day_get_visits (day, onsite_tech_get_id (tech)));
    }
  add_visits (places, seen, onsite_day_get_visits (day, 0));

  return places;
}

static gboolean
matrix_covers (OnsiteTravelMatrix *matrix,
               GArray             *places)
{
  OnsiteTravelEstimate e;

  for (guint i = 0; i < places->len; i++)
    {
      const OnsitePoint *p = &g_array_index (places, OnsitePoint, i);

      if (!onsite_travel_matrix_lookup (matrix, p, p, &e))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  OnsiteRouter *router;   /* the one asked: a newer one may replace it */
} DayData;

static void
day_data_free (DayData *data)
{
  g_clear_object (&data->router);
  g_free (data);
}

static void
day_table_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnsiteTravelModel *self = g_task_get_source_object (task);
  DayData *data = g_task_get_task_data (task);
  g_autoptr(OnsiteTravelMatrix) matrix = NULL;
  g_autoptr(GError) error = NULL;

  if (!(matrix = onsite_router_table_finish (ONSITE_ROUTER (object), result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Keep a complete answer of the router still in use for next time. */
  if (data->router == self->router &&
      onsite_travel_matrix_get_fallback_reason (matrix) == NULL)
    {
      g_clear_pointer (&self->cache, onsite_travel_matrix_unref);
      self->cache = onsite_travel_matrix_ref (matrix);
    }

  g_task_return_pointer (task, g_steal_pointer (&matrix),
                         (GDestroyNotify)onsite_travel_matrix_unref);
}

/**
 * onsite_travel_model_day_async:
 * @day: the day whose places (home bases, visits) to cover
 * @extra: (array length=n_extra) (nullable): more places, such as the
 *   ticket being placed
 * @cancellable: (nullable): cancels the question (then the result is
 *   %G_IO_ERROR_CANCELLED)
 *
 * Travel between every two places of the day: by road when a routing
 * server is set and answers, else (or for what it cannot route, or when
 * the day has more than 50 places) the offline estimate. Without a server
 * the answer is at once (in an idle). Call onsite_travel_model_day_finish()
 * in @callback.
 */
void
onsite_travel_model_day_async (OnsiteTravelModel   *self,
                               OnsiteDay           *day,
                               const OnsitePoint   *extra,
                               guint                n_extra,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GArray) places = NULL;
  DayData *data;

  g_return_if_fail (ONSITE_IS_TRAVEL_MODEL (self));
  g_return_if_fail (ONSITE_IS_DAY (day));
  g_return_if_fail (n_extra == 0 || extra != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_travel_model_day_async);

  places = collect_places (day, extra, n_extra);

  if (self->cache != NULL && matrix_covers (self->cache, places))
    {
      g_task_return_pointer (task, onsite_travel_matrix_ref (self->cache),
                             (GDestroyNotify)onsite_travel_matrix_unref);
      return;
    }

  if (places->len > MAX_DAY_PLACES && onsite_travel_model_get_router_url (self) != NULL)
    {
      OnsiteTravelMatrix *matrix;

      matrix = onsite_travel_matrix_new_offline (&self->settings,
                                                 (const OnsitePoint *)(gpointer)places->data, places->len,
                                                 (const OnsitePoint *)(gpointer)places->data, places->len);
      _onsite_travel_matrix_set_fallback_reason (matrix,
                                                 _("Too many places for one question to the routing server; travel times are estimated from the distance."));
      g_task_return_pointer (task, matrix, (GDestroyNotify)onsite_travel_matrix_unref);
      return;
    }

  data = g_new0 (DayData, 1);
  data->router = g_object_ref (self->router);
  g_task_set_task_data (task, data, (GDestroyNotify)day_data_free);

  onsite_router_table_async (self->router,
                             (const OnsitePoint *)(gpointer)places->data, places->len,
                             (const OnsitePoint *)(gpointer)places->data, places->len,
                             cancellable, day_table_cb, g_steal_pointer (&task));
}

/**
 * onsite_travel_model_day_finish:
 *
 * Returns: (transfer full): the day's travel (see
 *   onsite_travel_matrix_get_source()), or %NULL with
 *   %G_IO_ERROR_CANCELLED
 */
OnsiteTravelMatrix *
onsite_travel_model_day_finish (OnsiteTravelModel  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (ONSITE_IS_TRAVEL_MODEL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * onsite_travel_model_describe:
 * @matrix: (nullable): the day's travel, or %NULL while it is not known
 *
 * Returns: (transfer full): a sentence on where travel times come from,
 *   for the views to show
 */
char *
onsite_travel_model_describe (OnsiteTravelModel  *self,
                              OnsiteTravelMatrix *matrix)
{
  g_autofree char *speed = NULL;

  g_return_val_if_fail (ONSITE_IS_TRAVEL_MODEL (self), NULL);

  if (self->problem != NULL)
    return g_strdup (self->problem);

  if (matrix != NULL && onsite_travel_model_get_router_url (self) != NULL)
    {
      const char *reason = onsite_travel_matrix_get_fallback_reason (matrix);

      if (reason != NULL)
        return g_strdup (reason);
      if (onsite_travel_matrix_get_source (matrix) == ONSITE_TRAVEL_ROUTER)
        return g_strdup (_("Travel times by road, from the routing server."));
      return g_strdup (_("Travel times by road where the routing server knows the way, else estimated from the distance."));
    }

  if (onsite_travel_model_get_router_url (self) != NULL)
    return g_strdup (_("Asking the routing server for travel times…"));

  /* Translators: "Travel times estimated from the distance at 25 km/h, 30 % detour." */
  return g_strdup_printf (_("Travel times estimated from the distance at %.0f km/h, %.0f %% detour."),
                          self->settings.speed_kmh,
                          (self->settings.detour_factor - 1.0) * 100.0);
}
