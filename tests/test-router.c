/* test-router.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <libsoup/soup.h>

#include "osrm-fixture.h"
#include "onsite-rank.h"
#include "onsite-router.h"
#include "onsite-travel-model.h"

/*
 * The routing client against a small OSRM look-alike on 127.0.0.1 that
 * the test runs: good answers, trips it cannot route, and a server that is
 * down, slow, wrong or talking nonsense. Every time, a matrix comes back
 * and says which estimator gave each trip.
 */

typedef enum
{
  MODE_OK,
  MODE_UNROUTABLE,   /* one null duration */
  MODE_SLOW,
  MODE_MALFORMED,
  MODE_WRONG_SIZE,
  MODE_NO_ROUTE,     /* 400 {"code":"NoRoute"} */
  MODE_CODE,         /* 200 {"code":"InvalidQuery"} */
  MODE_TABLE,        /* any size: 1 s per 10 m of straight line */
} Mode;

typedef struct
{
  SoupServer *server;
  char       *url;
  Mode        mode;
  guint       requests;
  char       *last_path;
  GHashTable *last_query;
} Server;

static const OnsitePoint duomo = { 45.4642, 9.1900 };
static const OnsitePoint centrale = { 45.4858, 9.2047 };
static const OnsitePoint monza = { 45.5845, 9.2744 };

static gboolean
unpause_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    "{\"code\":\"Ok\",\"durations\":[[1]]}", 31);
  soup_server_message_unpause (msg);
  g_object_unref (msg);

  return G_SOURCE_REMOVE;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Server *s = user_data;
  const char *body = NULL;
  guint status = 200;

  s->requests++;
  g_free (s->last_path);
  s->last_path = g_strdup (path);
  g_clear_pointer (&s->last_query, g_hash_table_unref);
  if (query)
    s->last_query = g_hash_table_ref (query);

  switch (s->mode)
    {
    case MODE_OK:
      /* 2 sources × 2 destinations, durations in seconds, distances in m. */
      body = "{\"code\":\"Ok\",\"durations\":[[600.4,1500],[0,1320.6]],"
             "\"distances\":[[3100,21000.5],[0,19000]],\"sources\":[],\"destinations\":[]}";
      break;
    case MODE_UNROUTABLE:
      body = "{\"code\":\"Ok\",\"durations\":[[600,null],[0,1320]]}";
      break;
    case MODE_SLOW:
      soup_server_message_pause (msg);
      g_timeout_add (1500, unpause_cb, g_object_ref (msg));
      return;
    case MODE_MALFORMED:
      body = "{\"code\":\"Ok\",\"durations\":[[600,\"soon\"],[0,1]]";
      break;
    case MODE_WRONG_SIZE:
      body = "{\"code\":\"Ok\",\"durations\":[[600,700]]}";
      break;
    case MODE_NO_ROUTE:
      status = 400;
      body = "{\"code\":\"NoRoute\",\"message\":\"Impossible route between points\"}";
      break;
    case MODE_CODE:
      body = "{\"code\":\"InvalidQuery\"}";
      break;
    case MODE_TABLE:
      {
        g_autofree char *table = osrm_table_body (path, query);

        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, table, strlen (table));
        return;
      }
    default:
      g_assert_not_reached ();
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
server_start (Server *s)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  s->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (s->server, "/osrm", handler, s, NULL);
  soup_server_listen_local (s->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (s->server);
  s->url = g_strdup_printf ("http://127.0.0.1:%d/osrm/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
}

static void
server_stop (Server *s)
{
  soup_server_disconnect (s->server);
  g_clear_object (&s->server);
  g_clear_pointer (&s->url, g_free);
  g_clear_pointer (&s->last_path, g_free);
  g_clear_pointer (&s->last_query, g_hash_table_unref);
}

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static OnsiteTravelMatrix *
ask (OnsiteRouter  *router,
     GCancellable  *cancellable,
     GError       **error)
{
  const OnsitePoint from[] = { duomo, centrale };
  const OnsitePoint to[] = { centrale, monza };
  g_autoptr(GAsyncResult) result = NULL;

  onsite_router_table_async (router, from, 2, to, 2, cancellable, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return onsite_router_table_finish (router, result, error);
}

static void
assert_all_offline (OnsiteTravelMatrix *matrix)
{
  OnsiteTravelEstimate e;

  g_assert_cmpint (onsite_travel_matrix_get_source (matrix), ==, ONSITE_TRAVEL_OFFLINE);
  onsite_travel_matrix_get (matrix, 0, 0, &e);
  g_assert_cmpint (e.source, ==, ONSITE_TRAVEL_OFFLINE);
  g_assert_cmpint (e.seconds, ==, 798);   /* the offline Duomo – Centrale */
}

static void
test_ok (void)
{
  Server s = { 0 };
  g_autoptr(OnsiteRouter) router = NULL;
  g_autoptr(OnsiteTravelMatrix) matrix = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteTravelEstimate e;

  server_start (&s);
  router = onsite_router_new (s.url, NULL);
  matrix = ask (router, NULL, &error);
  g_assert_no_error (error);

  /* Longitude first, sources then destinations. */
  g_assert_cmpstr (s.last_path, ==,
                   "/osrm/table/v1/driving/9.190000,45.464200;9.204700,45.485800;9.204700,45.485800;9.274400,45.584500");
  g_assert_cmpstr (g_hash_table_lookup (s.last_query, "sources"), ==, "0;1");
  g_assert_cmpstr (g_hash_table_lookup (s.last_query, "destinations"), ==, "2;3");
  g_assert_cmpstr (g_hash_table_lookup (s.last_query, "annotations"), ==, "duration,distance");

  g_assert_cmpint (onsite_travel_matrix_get_source (matrix), ==, ONSITE_TRAVEL_ROUTER);
  g_assert_null (onsite_travel_matrix_get_fallback_reason (matrix));
  /* Road time, rounded, plus 5 minutes to park. */
  onsite_travel_matrix_get (matrix, 0, 0, &e);
  g_assert_cmpint (e.source, ==, ONSITE_TRAVEL_ROUTER);
  g_assert_cmpint (e.seconds, ==, 600 + 300);
  g_assert_cmpfloat (e.meters, ==, 3100);
  onsite_travel_matrix_get (matrix, 1, 1, &e);
  g_assert_cmpint (e.seconds, ==, 1321 + 300);
  /* Same place: no parking. */
  onsite_travel_matrix_get (matrix, 1, 0, &e);
  g_assert_cmpint (e.seconds, ==, 0);
  g_assert_true (onsite_travel_matrix_lookup (matrix, &duomo, &monza, &e));
  g_assert_cmpint (e.seconds, ==, 1800);

  server_stop (&s);
}

static void
test_unroutable_cell (void)
{
  Server s = { .mode = MODE_UNROUTABLE };
  g_autoptr(OnsiteRouter) router = NULL;
  g_autoptr(OnsiteTravelMatrix) matrix = NULL;
  OnsiteTravelEstimate e;

  server_start (&s);
  router = onsite_router_new (s.url, NULL);
  matrix = ask (router, NULL, NULL);

  onsite_travel_matrix_get (matrix, 0, 0, &e);
  g_assert_cmpint (e.source, ==, ONSITE_TRAVEL_ROUTER);
  onsite_travel_matrix_get (matrix, 0, 1, &e);
  g_assert_cmpint (e.source, ==, ONSITE_TRAVEL_OFFLINE);
  g_assert_cmpint (e.seconds, ==, 3090);
  /* Some trips are guesses: the matrix says so. */
  g_assert_cmpint (onsite_travel_matrix_get_source (matrix), ==, ONSITE_TRAVEL_OFFLINE);

  server_stop (&s);
}

static void
test_bad_answers (void)
{
  const struct {
    Mode        mode;
    const char *reason;
  } cases[] = {
    { MODE_MALFORMED, "The routing server sent an answer Onsite cannot read (not JSON); travel times are estimated from the distance." },
    { MODE_WRONG_SIZE, "The routing server sent an answer Onsite cannot read (no travel times for the places asked); travel times are estimated from the distance." },
    { MODE_CODE, "The routing server sent an answer Onsite cannot read (it said “InvalidQuery”); travel times are estimated from the distance." },
    { MODE_NO_ROUTE, "The routing server answered “400 Bad Request”; travel times are estimated from the distance." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Server s = { .mode = cases[i].mode };
      g_autoptr(OnsiteRouter) router = NULL;
      g_autoptr(OnsiteTravelMatrix) matrix = NULL;
      g_autoptr(GError) error = NULL;

      server_start (&s);
      router = onsite_router_new (s.url, NULL);
      matrix = ask (router, NULL, &error);
      g_assert_no_error (error);
      assert_all_offline (matrix);
      g_assert_cmpstr (onsite_travel_matrix_get_fallback_reason (matrix), ==, cases[i].reason);
      g_assert_cmpuint (s.requests, ==, 1);
      server_stop (&s);
    }
}

static void
test_slow (void)
{
  Server s = { .mode = MODE_SLOW };
  g_autoptr(OnsiteRouter) router = NULL;
  g_autoptr(OnsiteTravelMatrix) matrix = NULL;
  gint64 t0;

  server_start (&s);
  router = onsite_router_new (s.url, NULL);
  onsite_router_set_timeout (router, 300);

  t0 = g_get_monotonic_time ();
  matrix = ask (router, NULL, NULL);
  /* Gave up at the timeout, not when the server finally answered. */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 1200 * 1000);
  assert_all_offline (matrix);
  g_assert_cmpstr (onsite_travel_matrix_get_fallback_reason (matrix), ==,
                   "The routing server did not answer within 0.3 s; travel times are estimated from the distance.");

  /* Let the paused answer go out before the server stops. */
  {
    gint64 until = g_get_monotonic_time () + 1500 * 1000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  server_stop (&s);
}

static void
test_down_and_retry (void)
{
  Server s = { 0 };
  g_autoptr(OnsiteRouter) router = NULL;
  g_autoptr(OnsiteTravelMatrix) first = NULL;
  g_autoptr(OnsiteTravelMatrix) second = NULL;
  g_autoptr(OnsiteTravelMatrix) third = NULL;
  g_autofree char *url = NULL;

  /* A port that was just free: nobody listens there. */
  server_start (&s);
  url = g_strdup (s.url);
  server_stop (&s);

  router = onsite_router_new (url, NULL);
  first = ask (router, NULL, NULL);
  assert_all_offline (first);
  g_assert_true (g_str_has_prefix (onsite_travel_matrix_get_fallback_reason (first),
                                   "The routing server could not be reached ("));

  /* Within the retry delay the dead server is not asked again. */
  second = ask (router, NULL, NULL);
  assert_all_offline (second);
  g_assert_cmpstr (onsite_travel_matrix_get_fallback_reason (second), ==,
                   "The routing server failed a moment ago; travel times are estimated from the distance.");

  /* With no delay it is asked again (and is still down). */
  onsite_router_set_retry_after (router, 0);
  g_clear_pointer (&second, onsite_travel_matrix_unref);
  second = ask (router, NULL, NULL);
  g_assert_true (g_str_has_prefix (onsite_travel_matrix_get_fallback_reason (second),
                                   "The routing server could not be reached ("));

  /* No server set: offline, and no reason to give. */
  g_clear_object (&router);
  router = onsite_router_new (NULL, NULL);
  third = ask (router, NULL, NULL);
  assert_all_offline (third);
  g_assert_null (onsite_travel_matrix_get_fallback_reason (third));
}

static void
test_cancel (void)
{
  Server s = { .mode = MODE_SLOW };
  g_autoptr(OnsiteRouter) router = NULL;
  g_autoptr(OnsiteTravelMatrix) matrix = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  server_start (&s);
  router = onsite_router_new (s.url, NULL);
  g_timeout_add_once (100, (GSourceOnceFunc)g_cancellable_cancel, cancellable);
  matrix = ask (router, cancellable, &error);
  g_assert_null (matrix);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  {
    gint64 until = g_get_monotonic_time () + 1600 * 1000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  server_stop (&s);
}


/* The travel model: settings in, options and road times out ------------- */

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_model_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.onsite.Onsite");
  g_autoptr(OnsiteTravelModel) model = onsite_travel_model_new ();
  g_autoptr(GError) error = NULL;
  const OnsiteTravelSettings *ts;
  OnsiteDispatchOptions options;
  OnsiteTravelEstimate e;
  guint changes = 0;
  double line = onsite_travel_great_circle (&duomo, &centrale);

  g_signal_connect_swapped (model, "changed", G_CALLBACK (count_cb), &changes);
  onsite_travel_model_bind_settings (model, settings);
  settle ();

  /* The schema's defaults are the city defaults: nothing changed. */
  ts = onsite_travel_model_get_settings (model);
  g_assert_cmpfloat (ts->speed_kmh, ==, 25.0);
  g_assert_cmpfloat (ts->detour_factor, ==, 1.3);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_null (onsite_travel_model_get_router_url (model));
  onsite_travel_estimate (ts, &duomo, &centrale, &e);
  g_assert_cmpint (e.seconds, ==, 798);

  g_settings_set_double (settings, "travel-speed", 50.0);
  settle ();
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpfloat (ts->speed_kmh, ==, 50.0);
  onsite_travel_estimate (ts, &duomo, &centrale, &e);
  g_assert_cmpint (e.seconds, ==, 300 + lround (line * 1.3 / (50.0 / 3.6)));

  g_settings_set_double (settings, "travel-detour-factor", 1.5);
  settle ();
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpfloat (ts->detour_factor, ==, 1.5);

  /* The ranking, the conflicts and the planner get it through the options. */
  onsite_travel_model_init_options (model, &options, NULL);
  g_assert_true (options.travel == ts);
  g_assert_null (options.travel_func);
  onsite_travel_estimate (options.travel, &duomo, &centrale, &e);
  g_assert_cmpint (e.seconds, ==, 300 + lround (line * 1.5 / (50.0 / 3.6)));

  /* Plain HTTP only on this computer. */
  g_settings_set_string (settings, "routing-url", "http://192.0.2.7:5000/");
  settle ();
  g_assert_cmpuint (changes, ==, 3);
  g_assert_null (onsite_travel_model_get_router_url (model));
  g_assert_null (onsite_router_get_url (onsite_travel_model_get_router (model)));
  g_assert_cmpstr (onsite_travel_model_get_router_problem (model), ==,
                   "Plain http:// is allowed only for a routing server on this computer; use https://. Travel times are estimated from the distance.");

  g_settings_set_string (settings, "routing-url", " https://router.example.org/osrm/ ");
  settle ();
  g_assert_cmpuint (changes, ==, 4);
  g_assert_null (onsite_travel_model_get_router_problem (model));
  g_assert_cmpstr (onsite_travel_model_get_router_url (model), ==, "https://router.example.org/osrm/");
  g_assert_cmpstr (onsite_router_get_url (onsite_travel_model_get_router (model)), ==,
                   "https://router.example.org/osrm");

  {
    const char *loopback[] = { "http://127.0.0.1:5000", "http://localhost:5000/osrm", "http://[::1]:5000" };
    const char *refused[] = { "http://router.example.org", "ftp://127.0.0.1/", "router", "http:///osrm" };

    for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
      {
        g_assert_true (onsite_travel_model_set_router_url (model, loopback[i], &error));
        g_assert_no_error (error);
        g_assert_cmpstr (onsite_travel_model_get_router_url (model), ==, loopback[i]);
      }

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_assert_false (onsite_travel_model_set_router_url (model, refused[i], &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
        g_assert_null (onsite_travel_model_get_router_url (model));
        g_assert_nonnull (onsite_travel_model_get_router_problem (model));
      }
  }

  g_settings_set_string (settings, "routing-url", "");
  settle ();
  g_assert_null (onsite_travel_model_get_router_url (model));
  g_assert_null (onsite_travel_model_get_router_problem (model));
  g_assert_cmpstr (onsite_travel_model_describe (model, NULL), ==,
                   "Travel times estimated from the distance at 50 km/h, 50 % detour.");

  g_settings_reset (settings, "travel-speed");
  g_settings_reset (settings, "travel-detour-factor");
}

static OnsiteTravelMatrix *
ask_day (OnsiteTravelModel *model,
         OnsiteDay         *day,
         const OnsitePoint *extra)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteTravelMatrix *matrix;

  onsite_travel_model_day_async (model, day, extra, extra ? 1 : 0, NULL, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  matrix = onsite_travel_model_day_finish (model, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (matrix);

  return matrix;
}

static OnsiteCandidate *
rank_first (OnsiteTravelModel  *model,
            OnsiteDay          *day,
            OnsiteTravelMatrix *matrix)
{
  g_autoptr(GListModel) candidates = NULL;
  OnsiteDispatchOptions options;
  OnsiteRankRequest request = { 0 };

  onsite_travel_model_init_options (model, &options, matrix);
  request.ticket_id = 99;
  request.title = "Printer jam";
  request.has_location = TRUE;
  request.latitude = monza.latitude;
  request.longitude = monza.longitude;

  candidates = onsite_rank_candidates (day, &request, &options);
  g_assert_cmpuint (g_list_model_get_n_items (candidates), ==, 1);

  return g_list_model_get_item (candidates, 0);
}

static void
test_model_day (void)
{
  Server s = { .mode = MODE_TABLE };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(OnsiteDay) day = onsite_day_new_for_date (utc, 2026, 11, 23);
  g_autoptr(OnsiteTravelModel) model = onsite_travel_model_new ();
  g_autoptr(OnsiteTravelMatrix) matrix = NULL;
  g_autoptr(OnsiteTravelMatrix) again = NULL;
  g_autoptr(OnsiteTravelMatrix) fallback = NULL;
  g_autoptr(OnsiteCandidate) routed = NULL;
  g_autoptr(OnsiteCandidate) estimated = NULL;
  g_autoptr(OnsiteTech) tech = onsite_tech_new (1, "Marco Rossi");
  g_autoptr(OnsiteVisit) visit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dead_url = NULL;
  gint64 start = onsite_day_get_start (day);
  OnsiteTravelEstimate e;
  int road;

  onsite_tech_set_home (tech, "home", TRUE, duomo.latitude, duomo.longitude);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 17 * 60);
  onsite_day_add_tech (day, tech);
  visit = onsite_visit_new (1, 11, 1, start + 9 * 3600, start + 10 * 3600);
  onsite_visit_set_location (visit, TRUE, centrale.latitude, centrale.longitude);
  onsite_day_add_visit (day, visit);

  server_start (&s);
  g_assert_true (onsite_travel_model_set_router_url (model, s.url, &error));
  g_assert_no_error (error);

  /* Home, the visit and the ticket: one square question. */
  matrix = ask_day (model, day, &monza);
  g_assert_cmpuint (s.requests, ==, 1);
  g_assert_cmpuint (onsite_travel_matrix_get_n_from (matrix), ==, 3);
  g_assert_cmpint (onsite_travel_matrix_get_source (matrix), ==, ONSITE_TRAVEL_ROUTER);
  g_assert_null (onsite_travel_matrix_get_fallback_reason (matrix));
  g_assert_true (onsite_travel_matrix_lookup (matrix, &centrale, &monza, &e));
  road = (int)lround (onsite_travel_great_circle (&centrale, &monza) / 10.0) + 300;
  g_assert_cmpint (e.seconds, ==, road);
  g_assert_cmpstr (onsite_travel_model_describe (model, matrix), ==,
                   "Travel times by road, from the routing server.");

  /* The same day again: no new question. */
  again = ask_day (model, day, NULL);
  g_assert_true (again == matrix);
  g_assert_cmpuint (s.requests, ==, 1);

  /* The ranking says the road time and that it is one; the visit at
   * Centrale ends at 10:00, so the trip starts there. */
  routed = rank_first (model, day, matrix);
  g_assert_cmpint (onsite_candidate_get_travel_source (routed), ==, ONSITE_TRAVEL_ROUTER);
  g_assert_cmpint (onsite_candidate_get_travel_seconds (routed), ==, road);
  g_assert_nonnull (strstr (onsite_candidate_get_explanation (routed), " away by road"));

  /* The server goes away: the estimate, and the words say so. */
  dead_url = g_strdup (s.url);
  server_stop (&s);
  g_assert_true (onsite_travel_model_set_router_url (model, "", NULL));
  g_assert_true (onsite_travel_model_set_router_url (model, dead_url, NULL));
  fallback = ask_day (model, day, &monza);
  g_assert_true (g_str_has_prefix (onsite_travel_matrix_get_fallback_reason (fallback),
                                   "The routing server could not be reached ("));
  g_assert_cmpstr (onsite_travel_model_describe (model, fallback), ==,
                   onsite_travel_matrix_get_fallback_reason (fallback));
  estimated = rank_first (model, day, fallback);
  g_assert_cmpint (onsite_candidate_get_travel_source (estimated), ==, ONSITE_TRAVEL_OFFLINE);
  g_assert_cmpint (onsite_candidate_get_travel_seconds (estimated), !=, road);
  g_assert_nonnull (strstr (onsite_candidate_get_explanation (estimated), " away (estimate)"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/router/ok", test_ok);
  g_test_add_func ("/router/unroutable-cell", test_unroutable_cell);
  g_test_add_func ("/router/bad-answers", test_bad_answers);
  g_test_add_func ("/router/slow", test_slow);
  g_test_add_func ("/router/down-and-retry", test_down_and_retry);
  g_test_add_func ("/router/cancel", test_cancel);
  g_test_add_func ("/travel-model/settings", test_model_settings);
  g_test_add_func ("/travel-model/day", test_model_day);

  return g_test_run ();
}
