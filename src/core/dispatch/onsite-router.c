/* onsite-router.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-router"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "onsite-router.h"

/*
 * OnsiteRouter asks an OSRM-compatible routing server for road travel
 * times (its /table/v1/driving/ service) and falls back to the offline
 * estimate, cell by cell, whenever the server is not set, down, slow, or
 * says something Onsite cannot read. The result always comes: a matrix that
 * tells which estimator gave each trip, and why the server was not used.
 * After a failure the server is left alone for a while, so that a dead
 * server does not slow every ranking down.
 */

struct _OnsiteRouter
{
  GObject               parent_instance;

  SoupSession          *session;
  char                 *url;          /* without a trailing slash, or NULL */
  OnsiteTravelSettings  settings;
  guint                 timeout_ms;
  guint                 retry_after;
  gint64                down_until;   /* monotonic µs */
};

G_DEFINE_FINAL_TYPE (OnsiteRouter, onsite_router, G_TYPE_OBJECT)

#define DEFAULT_TIMEOUT_MS  3000
#define DEFAULT_RETRY_AFTER 60
/* OSRM's default --max-table-size is 100 places. */
#define MAX_PLACES          100

static void
onsite_router_finalize (GObject *object)
{
  OnsiteRouter *self = (OnsiteRouter *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (onsite_router_parent_class)->finalize (object);
}

static void
onsite_router_class_init (OnsiteRouterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onsite_router_finalize;
}

static void
onsite_router_init (OnsiteRouter *self)
{
  g_autofree char *agent = g_strdup_printf ("Onsite/%s", PACKAGE_VERSION);

  self->session = soup_session_new_with_options ("user-agent", agent,
                                                 "max-conns-per-host", 2,
                                                 NULL);
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->retry_after = DEFAULT_RETRY_AFTER;
}

/**
 * onsite_router_new:
 * @url: (nullable): the routing server ("https://router.example/osrm"),
 *   or %NULL / "" to estimate offline only
 * @settings: (nullable): the offline estimate for the fallback, and the
 *   parking overhead added to routed times; %NULL for the city defaults
 *
 * Returns: (transfer full): a router
 */
OnsiteRouter *
onsite_router_new (const char                 *url,
                   const OnsiteTravelSettings *settings)
{
  OnsiteRouter *self = g_object_new (ONSITE_TYPE_ROUTER, NULL);

  if (url && *url)
    {
      self->url = g_strdup (url);
      while (g_str_has_suffix (self->url, "/"))
        self->url[strlen (self->url) - 1] = '\0';
    }

  if (settings)
    self->settings = *settings;
  else
    onsite_travel_settings_init (&self->settings);

  return self;
}

/**
 * onsite_router_get_url:
 *
 * Returns: (nullable): the routing server, if one is set
 */
const char *
onsite_router_get_url (OnsiteRouter *self)
{
  g_return_val_if_fail (ONSITE_IS_ROUTER (self), NULL);

  return self->url;
}

/**
 * onsite_router_set_timeout:
 *
 * How long to wait for the server before estimating offline (3 s).
 */
void
onsite_router_set_timeout (OnsiteRouter *self,
                           guint         milliseconds)
{
  g_return_if_fail (ONSITE_IS_ROUTER (self));

  self->timeout_ms = MAX (1, milliseconds);
}

/**
 * onsite_router_set_retry_after:
 *
 * How long to leave the server alone after it failed (60 s; 0 to try
 * every time).
 */
void
onsite_router_set_retry_after (OnsiteRouter *self,
                               guint         seconds)
{
  g_return_if_fail (ONSITE_IS_ROUTER (self));

  self->retry_after = seconds;
  /* A shorter delay applies to the failure already seen, too. */
  self->down_until = MIN (self->down_until,
                          g_get_monotonic_time () + (gint64)seconds * G_USEC_PER_SEC);
}

typedef struct
{
  OnsiteTravelMatrix *matrix;
  GCancellable       *request;     /* cancelled by the caller or the timer */
  gulong              cancel_id;
  guint               timeout_id;
  gboolean            timed_out;
} TableData;

static void
table_data_free (TableData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_clear_object (&data->request);
  g_clear_pointer (&data->matrix, onsite_travel_matrix_unref);
  g_free (data);
}

static void
append_points (GString           *url,
               OnsiteTravelMatrix *matrix,
               gboolean           from,
               guint              n,
               gboolean          *first)
{
  char lon[G_ASCII_DTOSTR_BUF_SIZE], lat[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < n; i++)
    {
      const OnsitePoint *p = _onsite_travel_matrix_get_point (matrix, from, i);

      if (!*first)
        g_string_append_c (url, ';');
      *first = FALSE;
      /* OSRM takes longitude first. */
      g_string_append_printf (url, "%s,%s",
                              g_ascii_formatd (lon, sizeof lon, "%.6f", p->longitude),
                              g_ascii_formatd (lat, sizeof lat, "%.6f", p->latitude));
    }
}

static char *
build_url (OnsiteRouter       *self,
           OnsiteTravelMatrix *matrix)
{
  g_autoptr(GString) url = g_string_new (self->url);
  guint n_from = onsite_travel_matrix_get_n_from (matrix);
  guint n_to = onsite_travel_matrix_get_n_to (matrix);
  gboolean first = TRUE;

  g_string_append (url, "/table/v1/driving/");
  append_points (url, matrix, TRUE, n_from, &first);
  append_points (url, matrix, FALSE, n_to, &first);

  g_string_append (url, "?sources=");
  for (guint i = 0; i < n_from; i++)
    g_string_append_printf (url, i ? ";%u" : "%u", i);
  g_string_append (url, "&destinations=");
  for (guint j = 0; j < n_to; j++)
    g_string_append_printf (url, j ? ";%u" : "%u", n_from + j);
  g_string_append (url, "&annotations=duration,distance");

  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* Fills the matrix from an OSRM table answer; a sentence when it cannot. */
static char *
read_table (OnsiteTravelMatrix *matrix,
            GBytes             *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint n_from = onsite_travel_matrix_get_n_from (matrix);
  guint n_to = onsite_travel_matrix_get_n_to (matrix);
  JsonObject *root;
  JsonNode *durations, *distances;
  const char *code;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (!json_parser_load_from_data (parser, data, size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup (_("not JSON"));

  root = json_node_get_object (json_parser_get_root (parser));
  code = json_object_get_string_member_with_default (root, "code", NULL);
  if (g_strcmp0 (code, "Ok") != 0)
    return g_strdup_printf (_("it said “%s”"), code ? code : "?");

  durations = json_object_get_member (root, "durations");
  distances = json_object_get_member (root, "distances");
  if (durations == NULL || !JSON_NODE_HOLDS_ARRAY (durations) ||
      json_array_get_length (json_node_get_array (durations)) != n_from)
    return g_strdup (_("no travel times for the places asked"));
  if (distances && (!JSON_NODE_HOLDS_ARRAY (distances) ||
                    json_array_get_length (json_node_get_array (distances)) != n_from))
    distances = NULL;

  /* Check everything before filling anything: all or nothing. */
  for (guint i = 0; i < n_from; i++)
    {
      JsonNode *row = json_array_get_element (json_node_get_array (durations), i);

      if (!JSON_NODE_HOLDS_ARRAY (row) || json_array_get_length (json_node_get_array (row)) != n_to)
        return g_strdup (_("no travel times for the places asked"));

      for (guint j = 0; j < n_to; j++)
        {
          JsonNode *cell = json_array_get_element (json_node_get_array (row), j);

          if (JSON_NODE_HOLDS_NULL (cell))
            continue;
          if (!JSON_NODE_HOLDS_VALUE (cell) ||
              (json_node_get_value_type (cell) != G_TYPE_DOUBLE &&
               json_node_get_value_type (cell) != G_TYPE_INT64) ||
              json_node_get_double (cell) < 0 || json_node_get_double (cell) > 7 * 86400.0)
            return g_strdup (_("a travel time is not a number of seconds"));
        }
    }

  for (guint i = 0; i < n_from; i++)
    {
      JsonArray *row = json_array_get_array_element (json_node_get_array (durations), i);
      JsonArray *drow = NULL;

      if (distances)
        {
          JsonNode *d = json_array_get_element (json_node_get_array (distances), i);

          if (JSON_NODE_HOLDS_ARRAY (d) && json_array_get_length (json_node_get_array (d)) == n_to)
            drow = json_node_get_array (d);
        }

      for (guint j = 0; j < n_to; j++)
        {
          JsonNode *cell = json_array_get_element (row, j);
          JsonNode *dcell = drow ? json_array_get_element (drow, j) : NULL;
          double meters = 0;

          /* Unreachable by road: this one trip stays an estimate. */
          if (JSON_NODE_HOLDS_NULL (cell))
            continue;

          if (dcell && JSON_NODE_HOLDS_VALUE (dcell) &&
              (json_node_get_value_type (dcell) == G_TYPE_DOUBLE ||
               json_node_get_value_type (dcell) == G_TYPE_INT64))
            meters = json_node_get_double (dcell);

          _onsite_travel_matrix_set_routed (matrix, i, j, json_node_get_double (cell), meters);
        }
    }

  return NULL;
}

static void
give_up (OnsiteRouter *self,
         GTask        *task,
         const char   *reason)
{
  TableData *data = g_task_get_task_data (task);

  g_debug ("Routing server not used: %s", reason);
  if (self->retry_after > 0)
    self->down_until = g_get_monotonic_time () + (gint64)self->retry_after * G_USEC_PER_SEC;

  _onsite_travel_matrix_set_fallback_reason (data->matrix, reason);
  g_task_return_pointer (task, onsite_travel_matrix_ref (data->matrix),
                         (GDestroyNotify)onsite_travel_matrix_unref);
}

static void
table_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnsiteRouter *self = g_task_get_source_object (task);
  TableData *data = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *reason = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_clear_handle_id (&data->timeout_id, g_source_remove);
  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (cancellable && g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Travel times were no longer needed."));
      return;
    }

  if (data->timed_out)
    {
      reason = g_strdup_printf (_("The routing server did not answer within %.1f s; travel times are estimated from the distance."),
                                self->timeout_ms / 1000.0);
      give_up (self, task, reason);
      return;
    }

  if (body == NULL)
    {
      reason = g_strdup_printf (_("The routing server could not be reached (%s); travel times are estimated from the distance."),
                                error->message);
      give_up (self, task, reason);
      return;
    }

  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      /* OSRM answers 400 with a JSON "code" for places it cannot route. */
      reason = g_strdup_printf (_("The routing server answered “%u %s”; travel times are estimated from the distance."),
                                soup_message_get_status (msg),
                                soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "");
      give_up (self, task, reason);
      return;
    }

  if ((problem = read_table (data->matrix, body)))
    {
      reason = g_strdup_printf (_("The routing server sent an answer Onsite cannot read (%s); travel times are estimated from the distance."),
                                problem);
      give_up (self, task, reason);
      return;
    }

  self->down_until = 0;
  g_task_return_pointer (task, onsite_travel_matrix_ref (data->matrix),
                         (GDestroyNotify)onsite_travel_matrix_unref);
}

static gboolean
table_timeout_cb (gpointer user_data)
{
  TableData *data = user_data;

  data->timeout_id = 0;
  data->timed_out = TRUE;
  g_cancellable_cancel (data->request);

  return G_SOURCE_REMOVE;
}

static void
forward_cancel (GCancellable *cancellable,
                gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/**
 * onsite_router_table_async:
 * @from: the trips' starts
 * @to: the trips' ends
 * @cancellable: (nullable): cancels the request (then the result is an error)
 *
 * Travel between every place of @from and every place of @to: by road from
 * the routing server when it is set and answers in time, else (or for a
 * trip it cannot route) estimated offline. Call
 * onsite_router_table_finish() in @callback.
 */
void
onsite_router_table_async (OnsiteRouter        *self,
                           const OnsitePoint   *from,
                           guint                n_from,
                           const OnsitePoint   *to,
                           guint                n_to,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  TableData *data;

  g_return_if_fail (ONSITE_IS_ROUTER (self));
  g_return_if_fail (n_from == 0 || from != NULL);
  g_return_if_fail (n_to == 0 || to != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_router_table_async);

  data = g_new0 (TableData, 1);
  data->matrix = onsite_travel_matrix_new_offline (&self->settings, from, n_from, to, n_to);
  g_task_set_task_data (task, data, (GDestroyNotify)table_data_free);

  if (self->url == NULL || n_from == 0 || n_to == 0)
    {
      g_task_return_pointer (task, onsite_travel_matrix_ref (data->matrix),
                             (GDestroyNotify)onsite_travel_matrix_unref);
      return;
    }

  if (n_from + n_to > MAX_PLACES)
    {
      _onsite_travel_matrix_set_fallback_reason (data->matrix,
                                                 _("Too many places for one question to the routing server; travel times are estimated from the distance."));
      g_task_return_pointer (task, onsite_travel_matrix_ref (data->matrix),
                             (GDestroyNotify)onsite_travel_matrix_unref);
      return;
    }

  if (self->down_until > g_get_monotonic_time ())
    {
      _onsite_travel_matrix_set_fallback_reason (data->matrix,
                                                 _("The routing server failed a moment ago; travel times are estimated from the distance."));
      g_task_return_pointer (task, onsite_travel_matrix_ref (data->matrix),
                             (GDestroyNotify)onsite_travel_matrix_unref);
      return;
    }

  url = build_url (self, data->matrix);
  if (!(msg = soup_message_new (SOUP_METHOD_GET, url)))
    {
      g_autofree char *reason = g_strdup_printf (_("The routing server address “%s” is not valid; travel times are estimated from the distance."),
                                                 self->url);

      _onsite_travel_matrix_set_fallback_reason (data->matrix, reason);
      g_task_return_pointer (task, onsite_travel_matrix_ref (data->matrix),
                             (GDestroyNotify)onsite_travel_matrix_unref);
      return;
    }

  data->request = g_cancellable_new ();
  if (cancellable)
    data->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel),
                                             g_object_ref (data->request), g_object_unref);
  data->timeout_id = g_timeout_add (self->timeout_ms, table_timeout_cb, data);

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, data->request,
                                    table_cb, g_steal_pointer (&task));
}

/**
 * onsite_router_table_finish:
 *
 * Returns: (transfer full): the travel matrix (see
 *   onsite_travel_matrix_get_source() and
 *   onsite_travel_matrix_get_fallback_reason()), or %NULL with
 *   %G_IO_ERROR_CANCELLED when @cancellable was cancelled
 */
OnsiteTravelMatrix *
onsite_router_table_finish (OnsiteRouter  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  TableData *data;

  g_return_val_if_fail (ONSITE_IS_ROUTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (data->cancel_id)
    {
      g_cancellable_disconnect (g_task_get_cancellable (G_TASK (result)), data->cancel_id);
      data->cancel_id = 0;
    }

  return g_task_propagate_pointer (G_TASK (result), error);
}
