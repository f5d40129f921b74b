/* test-router.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "onsite-router.h"

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

  return g_test_run ();
}
