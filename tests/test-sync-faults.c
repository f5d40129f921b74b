/* test-sync-faults.c — the sync through a loopback proxy that breaks things
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Between Onsite and a real RT sits a small SoupServer in its own thread
 * that forwards every request and, on demand, answers 500, cuts a body in
 * half, sends what is not JSON, gives a field the wrong type, stalls past
 * the timeout, or loses the answer of a request that RT did carry out.
 * Each time the sync must fail with a clear error, store nothing half
 * understood, and recover on the next run without losing or doubling work.
 */

#define G_LOG_DOMAIN "test-sync-faults"

#include "config.h"

#include "onsite-store-private.h"
#include "sync/onsite-rt-connector.h"
#include "sync/onsite-sync.h"
#include "sync/onsite-sync-store.h"

#include "rt-fixture.h"

typedef enum
{
  FAULT_NONE,
  FAULT_500,
  FAULT_TRUNCATE,
  FAULT_GARBAGE,
  FAULT_WRONG_TYPE,
  FAULT_SLOW,
  FAULT_LOSE_ANSWER,     /* forward, then answer 500: RT did it, we never hear */
  FAULT_DROP,            /* close the connection without a word, as a dying server */
} Fault;

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  SoupSession  *session;
  char         *target;
  char         *url;
  GMutex        lock;
  GCond         ready;
  int           fault;        /* atomic */
  char         *fault_path;   /* only requests whose path contains this */
  int           after;        /* atomic: requests to let through first */
} Proxy;

static RtServer *rt;
static Proxy *proxy;

static void
set_fault (Fault       fault,
           const char *path,
           int         after)
{
  g_mutex_lock (&proxy->lock);
  g_free (proxy->fault_path);
  proxy->fault_path = g_strdup (path);
  g_mutex_unlock (&proxy->lock);
  g_atomic_int_set (&proxy->after, after);
  g_atomic_int_set (&proxy->fault, fault);
}

static gboolean
fault_applies (SoupServerMessage *msg,
               const char        *path)
{
  gboolean applies;

  g_mutex_lock (&proxy->lock);
  applies = proxy->fault_path == NULL || strstr (path, proxy->fault_path) != NULL;
  g_mutex_unlock (&proxy->lock);

  if (applies && g_atomic_int_get (&proxy->after) > 0)
    {
      g_atomic_int_add (&proxy->after, -1);
      return FALSE;
    }

  return applies;
}

static GBytes *
wrong_type (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonArray *items;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  char *out;

  if (!json_parser_load_from_data (parser, data, len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_bytes_ref (body);

  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (object, "items") ||
      !(items = json_object_get_array_member (object, "items")) ||
      json_array_get_length (items) < 2)
    return g_bytes_ref (body);

  /* The last ticket of the page gets a number where a list belongs. */
  json_object_set_int_member (json_array_get_object_element (items, json_array_get_length (items) - 1),
                              "CustomFields", 42);
  out = json_to_string (json_parser_get_root (parser), FALSE);

  return g_bytes_new_take (out, strlen (out));
}

static void
copy_header (SoupMessageHeaders *from,
             SoupMessageHeaders *to,
             const char         *name)
{
  const char *value = soup_message_headers_get_one (from, name);

  if (value)
    soup_message_headers_replace (to, name, value);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *url = g_strdup_printf ("%s%s%s%s", proxy->target, g_uri_get_path (uri),
                                          g_uri_get_query (uri) ? "?" : "",
                                          g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(SoupMessage) upstream = soup_message_new (method, url);
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *up = soup_message_get_request_headers (upstream);
  Fault fault = g_atomic_int_get (&proxy->fault);
  g_autofree char *full_path = g_strdup_printf ("%s?%s", g_uri_get_path (uri),
                                                g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  gboolean applies = fault != FAULT_NONE && fault_applies (msg, full_path);
  gsize len;

  if (applies && fault == FAULT_500)
    {
      soup_server_message_set_status (msg, 500, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "boom", 4);
      return;
    }

  if (applies && fault == FAULT_DROP)
    {
      GIOStream *stream = soup_server_message_steal_connection (msg);

      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
      return;
    }

  if (applies && fault == FAULT_SLOW)
    g_usleep (4 * G_USEC_PER_SEC);

  copy_header (in, up, "Authorization");
  copy_header (in, up, "If-Match");
  copy_header (in, up, "Accept");
  request_body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_strcmp0 (method, "GET") != 0)
    soup_message_set_request_body_from_bytes (upstream,
                                              soup_message_headers_get_content_type (in, NULL),
                                              request_body);

  reply = soup_session_send_and_read (proxy->session, upstream, NULL, &error);
  if (reply == NULL)
    {
      soup_server_message_set_status (msg, 502, NULL);
      return;
    }

  if (applies && fault == FAULT_LOSE_ANSWER)
    {
      soup_server_message_set_status (msg, 500, NULL);
      return;
    }

  if (applies && fault == FAULT_TRUNCATE)
    out = g_bytes_new_from_bytes (reply, 0, g_bytes_get_size (reply) / 2);
  else if (applies && fault == FAULT_GARBAGE)
    out = g_bytes_new_static ("<html><body>Gateway says hello</body></html>", 44);
  else if (applies && fault == FAULT_WRONG_TYPE)
    out = wrong_type (reply);
  else
    out = g_bytes_ref (reply);

  copy_header (soup_message_get_response_headers (upstream),
               soup_server_message_get_response_headers (msg), "ETag");
  soup_server_message_set_status (msg, soup_message_get_status (upstream), NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (out, &len), g_bytes_get_size (out));
}

static gpointer
proxy_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (proxy->context);

  proxy->server = soup_server_new ("server-header", "fault-proxy", NULL);
  soup_server_add_handler (proxy->server, NULL, handle, NULL, NULL);
  soup_server_listen_local (proxy->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (proxy->server);
  g_mutex_lock (&proxy->lock);
  proxy->url = g_uri_to_string (uris->data);
  g_cond_signal (&proxy->ready);
  g_mutex_unlock (&proxy->lock);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_main_loop_run (proxy->loop);

  soup_server_disconnect (proxy->server);
  g_clear_object (&proxy->server);
  g_main_context_pop_thread_default (proxy->context);

  return NULL;
}

static void
proxy_start (const char *target)
{
  proxy = g_new0 (Proxy, 1);
  proxy->target = g_strdup (target);
  proxy->session = soup_session_new_with_options ("timeout", 60, NULL);
  proxy->context = g_main_context_new ();
  proxy->loop = g_main_loop_new (proxy->context, FALSE);
  g_mutex_init (&proxy->lock);
  g_cond_init (&proxy->ready);

  g_mutex_lock (&proxy->lock);
  proxy->thread = g_thread_new ("fault-proxy", proxy_thread, NULL);
  while (proxy->url == NULL)
    g_cond_wait (&proxy->ready, &proxy->lock);
  g_mutex_unlock (&proxy->lock);

  /* "http://127.0.0.1:N/" → without the slash */
  if (g_str_has_suffix (proxy->url, "/"))
    proxy->url[strlen (proxy->url) - 1] = '\0';
}

static void
proxy_stop (void)
{
  g_main_loop_quit (proxy->loop);
  g_thread_join (proxy->thread);
  g_main_loop_unref (proxy->loop);
  g_main_context_unref (proxy->context);
  g_clear_object (&proxy->session);
  g_free (proxy->target);
  g_free (proxy->url);
  g_free (proxy->fault_path);
  g_free (proxy);
}

typedef struct
{
  char              *path;
  OnsiteStore       *store;
  OnsiteRtConnector *connector;
  OnsiteSync        *sync;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("onsite-faults-XXXXXX", &error);

  g_assert_no_error (error);
  f->path = g_build_filename (dir, "onsite.db", NULL);
  f->store = onsite_store_open (f->path, &error);
  g_assert_no_error (error);
  f->connector = onsite_rt_connector_new (proxy->url, "Onsite");
  onsite_rt_connector_set_token (f->connector, rt->token);
  /* Generous: RT's searches are slow on a busy machine. test_timeout
   * shortens it for its one failing run. */
  onsite_rt_connector_set_timeout (f->connector, 60);
  f->sync = onsite_sync_new (f->path, ONSITE_CONNECTOR (f->connector));
  set_fault (FAULT_NONE, NULL, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  set_fault (FAULT_NONE, NULL, 0);
  g_clear_object (&f->sync);
  g_clear_object (&f->connector);
  g_clear_object (&f->store);
  g_free (f->path);
}

static gint64
count (Fixture    *f,
       const char *table)
{
  g_autoptr(GError) error = NULL;
  gint64 n = onsite_store_count_rows (f->store, table, &error);

  g_assert_no_error (error);
  return n;
}

static void
ensure_tickets (guint n)
{
  static guint made;

  for (; made < n; made++)
    {
      g_autofree char *body = g_strdup_printf ("{\"Queue\":\"Onsite\",\"Subject\":\"Fault %u\","
                                               "\"CustomFields\":{\"Site\":\"Depot %u\"}}", made, made);
      g_autofree char *id = rt_create_ticket (rt, body);
    }
}

/* A broken answer to a pull: a clear error, nothing stored, recovery. */
static void
check_pull_fault (Fixture *f,
                  Fault    fault,
                  int      code)
{
  g_autoptr(GError) error = NULL;

  ensure_tickets (5);
  set_fault (fault, "/REST/2.0/tickets", 0);
  if (fault == FAULT_SLOW)
    onsite_rt_connector_set_timeout (f->connector, 2);

  g_assert_false (onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error));
  onsite_rt_connector_set_timeout (f->connector, 60);
  g_assert_error (error, ONSITE_SYNC_ERROR, code);
  g_assert_cmpstr (onsite_sync_get_last_error (f->sync), ==, error->message);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpint (count (f, "tickets"), ==, 0);
  g_assert_cmpint (onsite_sync_get_last_success (f->sync), ==, 0);
  g_clear_error (&error);

  set_fault (FAULT_NONE, NULL, 0);
  onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (onsite_sync_get_last_error (f->sync));
  g_assert_cmpint (count (f, "tickets"), >=, 5);
}

static void
test_server_error (Fixture *f, gconstpointer data)
{
  check_pull_fault (f, FAULT_500, ONSITE_SYNC_ERROR_SERVER);
}

static void
test_truncated (Fixture *f, gconstpointer data)
{
  check_pull_fault (f, FAULT_TRUNCATE, ONSITE_SYNC_ERROR_MALFORMED);
}

static void
test_garbage (Fixture *f, gconstpointer data)
{
  check_pull_fault (f, FAULT_GARBAGE, ONSITE_SYNC_ERROR_MALFORMED);
}

static void
test_wrong_type (Fixture *f, gconstpointer data)
{
  check_pull_fault (f, FAULT_WRONG_TYPE, ONSITE_SYNC_ERROR_MALFORMED);
}

static void
test_timeout (Fixture *f, gconstpointer data)
{
  check_pull_fault (f, FAULT_SLOW, ONSITE_SYNC_ERROR_TIMEOUT);
}

/* The service stops answering between two pages of the first sync: what
 * came in stays, the cursor does not move, the next run completes. */
static void
test_fails_mid_sync (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 cursor = -1;

  ensure_tickets (105);
  set_fault (FAULT_500, "/REST/2.0/tickets", 1);

  g_assert_false (onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error));
  g_assert_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_SERVER);
  g_assert_cmpint (count (f, "tickets"), ==, 100);
  _onsite_store_get_sync_state (f->store, "rt", &cursor, NULL, NULL, NULL);
  g_assert_cmpint (cursor, ==, 0);
  g_clear_error (&error);

  set_fault (FAULT_NONE, NULL, 0);
  g_assert_true (onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "tickets"), >=, 105);
}

/* The service goes away between two pages (connections closed without
 * an answer): the same, with the sentence for an unreachable service. */
static void
test_gone_mid_sync (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 cursor = -1;

  ensure_tickets (105);
  set_fault (FAULT_DROP, "/REST/2.0/tickets", 1);

  g_assert_false (onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error));
  g_assert_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_UNREACHABLE);
  g_assert_cmpint (count (f, "tickets"), ==, 100);
  _onsite_store_get_sync_state (f->store, "rt", &cursor, NULL, NULL, NULL);
  g_assert_cmpint (cursor, ==, 0);
  g_clear_error (&error);

  set_fault (FAULT_NONE, NULL, 0);
  g_assert_true (onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "tickets"), >=, 105);
}

/* RT carries out the note but the answer is lost: the change waits with a
 * backoff delay; a retry recognises it in RT's history and does not post
 * it again. */
static void
test_lost_answer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Lost answer\"}");
  g_autofree char *key = NULL;
  g_autofree char *marker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 tid, next_attempt;

  g_assert_true (onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  tid = onsite_store_find_remote_ticket (f->store, id, &error);
  g_assert_cmpint (tid, >, 0);

  onsite_store_add_comment (f->store, tid, "Arrives once, whatever the network does", "alice", &error);
  g_assert_no_error (error);

  set_fault (FAULT_LOSE_ANSWER, "/comment", 0);
  g_assert_false (onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error));
  g_assert_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_SERVER);
  g_clear_error (&error);
  g_assert_cmpint (onsite_sync_get_pending_changes (f->sync), ==, 1);

  sqlite3_prepare_v2 (_onsite_store_get_db (f->store),
                      "SELECT idempotency_key, state, next_attempt_at FROM outbox", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  key = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, "failed");
  next_attempt = sqlite3_column_int64 (stmt, 2);
  g_assert_cmpint (next_attempt, >=, g_get_real_time () / G_USEC_PER_SEC + 4);

  marker = g_strdup_printf ("[onsite:%s]", key);
  g_assert_cmpuint (rt_count_comments (rt, id, marker), ==, 1);

  /* A periodic run respects the delay… */
  set_fault (FAULT_NONE, NULL, 0);
  g_assert_true (onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error));
  g_assert_cmpint (onsite_sync_get_pending_changes (f->sync), ==, 1);

  /* …Retry does not wait, and does not post twice. */
  g_assert_true (onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT | ONSITE_SYNC_NOW, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (onsite_sync_get_pending_changes (f->sync), ==, 0);
  g_assert_cmpuint (rt_count_comments (rt, id, marker), ==, 1);
}

/* Backoff grows, is capped, and is jittered. */
static void
test_backoff (void)
{
  g_assert_cmpint (onsite_sync_backoff_delay (1, 0), ==, 5);
  g_assert_cmpint (onsite_sync_backoff_delay (1, G_MAXUINT32), <=, 10);
  g_assert_cmpint (onsite_sync_backoff_delay (3, 0), ==, 20);
  g_assert_cmpint (onsite_sync_backoff_delay (30, 0), ==, 1800);
  g_assert_cmpint (onsite_sync_backoff_delay (30, 12345), <=, 3600);
  g_assert_cmpint (onsite_sync_backoff_delay (5, 1), !=, onsite_sync_backoff_delay (5, 2));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  rt_fixture_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync/faults/backoff", test_backoff);

  if (!rt_available ())
    {
      g_test_skip ("Request Tracker 5 is not installed (build-aux/dev test installs it)");
      return 77;
    }

  g_test_add ("/sync/faults/server-error", Fixture, NULL, fixture_set_up, test_server_error, fixture_tear_down);
  g_test_add ("/sync/faults/truncated-json", Fixture, NULL, fixture_set_up, test_truncated, fixture_tear_down);
  g_test_add ("/sync/faults/not-json", Fixture, NULL, fixture_set_up, test_garbage, fixture_tear_down);
  g_test_add ("/sync/faults/wrong-type", Fixture, NULL, fixture_set_up, test_wrong_type, fixture_tear_down);
  g_test_add ("/sync/faults/timeout", Fixture, NULL, fixture_set_up, test_timeout, fixture_tear_down);
  g_test_add ("/sync/faults/fails-mid-sync", Fixture, NULL, fixture_set_up, test_fails_mid_sync, fixture_tear_down);
  g_test_add ("/sync/faults/gone-mid-sync", Fixture, NULL, fixture_set_up, test_gone_mid_sync, fixture_tear_down);
  g_test_add ("/sync/faults/lost-answer", Fixture, NULL, fixture_set_up, test_lost_answer, fixture_tear_down);

  rt = rt_server_start ();
  proxy_start (rt->url);
  ret = g_test_run ();
  proxy_stop ();
  rt_server_stop (rt);

  return ret;
}
