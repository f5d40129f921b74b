/* test-sync-rt.c — the sync against a real Request Tracker 5
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync-rt"

#include "config.h"

#include <sys/wait.h>

#include "onsite-store-private.h"
#include "onsite-store-vendor.h"
#include "sync/onsite-rt-connector.h"
#include "sync/onsite-rt-connector-private.h"
#include "sync/onsite-sync.h"
#include "sync/onsite-sync-store.h"

#include "rt-fixture.h"

static RtServer *rt;

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
  g_autofree char *dir = g_dir_make_tmp ("onsite-sync-XXXXXX", &error);

  g_assert_no_error (error);
  f->path = g_build_filename (dir, "onsite.db", NULL);
  f->store = onsite_store_open (f->path, &error);
  g_assert_no_error (error);

  f->connector = onsite_rt_connector_new (rt->url, "Onsite");
  onsite_rt_connector_set_token (f->connector, rt->token);
  f->sync = onsite_sync_new (f->path, ONSITE_CONNECTOR (f->connector));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->sync);
  g_clear_object (&f->connector);
  g_clear_object (&f->store);
  g_free (f->path);
}

static void
sync_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (onsite_sync_get_last_error (f->sync));
}

static gint64
local_id (Fixture    *f,
          const char *remote_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = onsite_store_find_remote_ticket (f->store, remote_id, &error);

  g_assert_no_error (error);
  return id;
}

static OnsiteTicket *
local_ticket (Fixture    *f,
              const char *remote_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = local_id (f, remote_id);
  OnsiteTicket *ticket;

  g_assert_cmpint (id, >, 0);
  ticket = onsite_store_get_ticket (f->store, id, &error);
  g_assert_no_error (error);

  return ticket;
}

static char *
unique (const char *prefix)
{
  static guint n;

  return g_strdup_printf ("%s %u-%u", prefix, (guint)getpid (), ++n);
}

/* Tickets made in RT arrive with their place; bad coordinates are flagged. */
static void
test_pull (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *subject = unique ("Printer on fire <b>now</b> & “quickly” 🔥");
  g_autofree char *body = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *none = NULL;
  g_autofree char *other_queue = NULL;
  g_autoptr(OnsiteTicket) t1 = NULL;
  g_autoptr(OnsiteTicket) t2 = NULL;
  g_autoptr(OnsiteTicket) t3 = NULL;
  double lat, lon;

  body = g_strdup_printf ("{\"Queue\":\"Onsite\",\"Subject\":\"%s\","
                          "\"CustomFields\":{\"Site\":\"HQ Milano\",\"Address\":\"Via Roma 1\","
                          "\"Latitude\":\"45.4642\",\"Longitude\":\"9.19\",\"Support Level\":\"2\"}}",
                          "Printer on fire <b>now</b> & \\u201cquickly\\u201d \\ud83d\\udd25");
  good = rt_create_ticket (rt, body);
  bad = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Bad place\","
                              "\"CustomFields\":{\"Site\":\"Nowhere\",\"Latitude\":\"north\",\"Longitude\":\"9\"}}");
  none = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"No place\"}");
  other_queue = rt_create_ticket (rt, "{\"Queue\":\"Helpdesk\",\"Subject\":\"Not ours\"}");

  sync_ok (f);

  t1 = local_ticket (f, good);
  g_assert_cmpstr (onsite_ticket_get_title (t1), ==, "Printer on fire <b>now</b> & “quickly” 🔥");
  g_assert_cmpstr (onsite_ticket_get_site_name (t1), ==, "HQ Milano");
  g_assert_cmpstr (onsite_ticket_get_address (t1), ==, "Via Roma 1");
  g_assert_true (onsite_ticket_get_location (t1, &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, 45.4642, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 9.19, 1e-9);
  g_assert_false (onsite_ticket_get_location_invalid (t1));
  g_assert_cmpint (onsite_ticket_get_status (t1), ==, ONSITE_TICKET_STATUS_NEW);

  t2 = local_ticket (f, bad);
  g_assert_false (onsite_ticket_get_location (t2, &lat, &lon));
  g_assert_true (onsite_ticket_get_location_invalid (t2));

  t3 = local_ticket (f, none);
  g_assert_false (onsite_ticket_get_location (t3, &lat, &lon));
  g_assert_false (onsite_ticket_get_location_invalid (t3));

  g_assert_cmpint (local_id (f, other_queue), ==, 0);
  g_assert_cmpint (onsite_sync_get_last_success (f->sync), >, 0);
}

/* Status, owner, visit window and notes set in Onsite reach RT, once. */
static void
test_push (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Push me\"}");
  g_autofree char *status = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *note = unique ("Replaced the fuser <script>alert(1)</script>\nline two ✓");
  g_autoptr(OnsiteTicket) ticket = NULL;
  gint64 tid;

  sync_ok (f);
  tid = local_id (f, id);
  g_assert_cmpint (tid, >, 0);

  onsite_store_set_ticket_status (f->store, tid, ONSITE_TICKET_STATUS_SCHEDULED, "dispatcher", &error);
  g_assert_no_error (error);
  onsite_store_set_ticket_owner (f->store, tid, "bob", "dispatcher", &error);
  g_assert_no_error (error);
  onsite_store_set_visit_window (f->store, tid, 1800000000, 1800003600, "dispatcher", &error);
  g_assert_no_error (error);
  onsite_store_add_comment (f->store, tid, note, "bob", &error);
  g_assert_no_error (error);
  {
    /* A very long note in odd Unicode: right-to-left, combining marks,
     * zero-width joiners, astral planes. */
    g_autoptr(GString) long_note = g_string_new (NULL);

    while (long_note->len < 60000)
      g_string_append (long_note, "שלום a\u0301 👩\u200d🔧 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \"quotes\" <tag> & ");
    onsite_store_add_comment (f->store, tid, long_note->str, "bob", &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (onsite_store_count_pending_changes (f->store, NULL), ==, 5);

  sync_ok (f);
  g_assert_cmpint (onsite_sync_get_pending_changes (f->sync), ==, 0);
  g_assert_cmpint (onsite_sync_get_conflicts (f->sync), ==, 0);

  status = rt_ticket_field (rt, id, "Status");
  owner = rt_ticket_field (rt, id, "Owner");
  start = rt_ticket_cf (rt, id, "Visit Start");
  end = rt_ticket_cf (rt, id, "Visit End");
  g_assert_cmpstr (status, ==, "open");
  g_assert_cmpstr (owner, ==, "bob");
  g_assert_cmpstr (start, ==, "2027-01-15 08:00:00");
  g_assert_cmpstr (end, ==, "2027-01-15 09:00:00");
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 2);

  /* The pull after the push must not turn Onsite's "scheduled" back into
   * RT's "open", nor bring the same change back as new. */
  sync_ok (f);
  ticket = local_ticket (f, id);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_SCHEDULED);
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 2);
}

/* Changes made in RT show up after the next sync; resolved ones leave. */
static void
test_remote_changes (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *a = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Will change\"}");
  g_autofree char *b = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Will be resolved\"}");
  g_autofree char *c = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Will move\"}");
  g_autofree char *d = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Will be deleted\"}");
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) r4 = NULL;
  g_autoptr(OnsiteTicket) ta = NULL;
  g_autoptr(OnsiteTicket) tb = NULL;
  g_autoptr(OnsiteTicket) tc = NULL;
  g_autoptr(OnsiteTicket) td = NULL;
  guint status = 0;
  double lat, lon;

  sync_ok (f);
  g_assert_cmpint (local_id (f, a), >, 0);

  path = g_strdup_printf ("ticket/%s", a);
  r1 = rt_request (rt, "PUT", path,
                   "{\"Subject\":\"Changed in RT\",\"Status\":\"stalled\","
                   "\"CustomFields\":{\"Latitude\":\"-33.86\",\"Longitude\":\"151.21\",\"Site\":\"Sydney\"}}",
                   &status);
  g_assert_cmpuint (status, ==, 200);
  g_free (path);
  path = g_strdup_printf ("ticket/%s", b);
  r2 = rt_request (rt, "PUT", path, "{\"Status\":\"resolved\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_free (path);
  path = g_strdup_printf ("ticket/%s", c);
  r3 = rt_request (rt, "PUT", path, "{\"Queue\":\"Helpdesk\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_free (path);
  path = g_strdup_printf ("ticket/%s", d);
  r4 = rt_request (rt, "DELETE", path, NULL, &status);
  g_assert_cmpuint (status, ==, 204);

  sync_ok (f);

  ta = local_ticket (f, a);
  g_assert_cmpstr (onsite_ticket_get_title (ta), ==, "Changed in RT");
  g_assert_cmpint (onsite_ticket_get_status (ta), ==, ONSITE_TICKET_STATUS_WAITING);
  g_assert_true (onsite_ticket_get_location (ta, &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, -33.86, 1e-9);

  tb = local_ticket (f, b);
  g_assert_cmpint (onsite_ticket_get_status (tb), ==, ONSITE_TICKET_STATUS_RESOLVED);
  tc = local_ticket (f, c);
  g_assert_false (onsite_ticket_status_is_open (onsite_ticket_get_status (tc)));
  td = local_ticket (f, d);
  g_assert_false (onsite_ticket_status_is_open (onsite_ticket_get_status (td)));
}

/* The same field changed on both sides: nothing is overwritten, a person
 * gets both values; other fields still merge. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Both sides\"}");
  g_autofree char *path = g_strdup_printf ("ticket/%s", id);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *status = NULL;
  g_autofree char *owner = NULL;
  OnsiteSyncConflict *conflict;
  guint code = 0;
  gint64 tid;

  sync_ok (f);
  tid = local_id (f, id);

  /* RT resolves it while Onsite puts it on hold and assigns carol. */
  reply = rt_request (rt, "PUT", path, "{\"Status\":\"resolved\"}", &code);
  g_assert_cmpuint (code, ==, 200);
  onsite_store_set_ticket_status (f->store, tid, ONSITE_TICKET_STATUS_WAITING, "dispatcher", &error);
  g_assert_no_error (error);
  onsite_store_set_ticket_owner (f->store, tid, "carol", "dispatcher", &error);
  g_assert_no_error (error);

  sync_ok (f);

  status = rt_ticket_field (rt, id, "Status");
  owner = rt_ticket_field (rt, id, "Owner");
  g_assert_cmpstr (status, ==, "resolved");
  g_assert_cmpstr (owner, ==, "carol");

  conflicts = onsite_store_list_conflicts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpint (conflict->ticket_id, ==, tid);
  g_assert_cmpstr (conflict->field, ==, "Status");
  g_assert_cmpstr (conflict->local_value, ==, "stalled");
  g_assert_cmpstr (conflict->remote_value, ==, "resolved");
  g_assert_cmpint (onsite_sync_get_conflicts (f->sync), ==, 1);

  /* The dispatcher insists: Onsite's value goes over RT's. */
  onsite_store_resolve_conflict (f->store, conflict->id, TRUE, &error);
  g_assert_no_error (error);
  sync_ok (f);
  g_free (status);
  status = rt_ticket_field (rt, id, "Status");
  g_assert_cmpstr (status, ==, "stalled");
  g_assert_cmpint (onsite_sync_get_conflicts (f->sync), ==, 0);
}

static void
got_async (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* A comment whose first attempt reached RT but whose answer was lost (the
 * process died): the resend finds the marker and does not post again. */
static void
test_comment_resend (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Resend\"}");
  g_autoptr(OnsiteChange) change = NULL;
  g_autoptr(OnsitePushResult) result = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *marker = NULL;
  gint64 tid;

  sync_ok (f);
  tid = local_id (f, id);
  onsite_store_add_comment (f->store, tid, "Only once, please", "alice", &error);
  g_assert_no_error (error);

  /* What a sync does before it dies: count the attempt, send. */
  change = _onsite_store_outbox_peek (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (change);
  _onsite_store_outbox_begin_attempt (f->store, change, &error);
  g_assert_no_error (error);

  /* …and RT applies it, but the answer never reaches the outbox. */
  g_main_context_push_thread_default (context);
  onsite_connector_push_async (ONSITE_CONNECTOR (f->connector), change, NULL, got_async, &async);
  while (async == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  result = onsite_connector_push_finish (ONSITE_CONNECTOR (f->connector), async, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, ONSITE_PUSH_APPLIED);

  marker = g_strdup_printf ("[onsite:%s]", change->idempotency_key);
  g_assert_cmpuint (rt_count_comments (rt, id, marker), ==, 1);

  /* The next sync sends the row again: it must be recognised. */
  sync_ok (f);
  g_assert_cmpuint (rt_count_comments (rt, id, marker), ==, 1);
  g_assert_cmpint (onsite_sync_get_pending_changes (f->sync), ==, 0);
}

static void
on_test_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  if (!onsite_connector_test_connection_finish (ONSITE_CONNECTOR (object), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "fine");
}

static GError *
check_connection (OnsiteRtConnector *connector)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  GError *error = NULL;

  g_main_context_push_thread_default (context);
  onsite_connector_test_connection_async (ONSITE_CONNECTOR (connector), NULL, on_test_done, &error);
  while (error == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return error;
}

/* "Test connection" says in one sentence what is wrong. */
static void
test_connection (void)
{
  g_autoptr(OnsiteRtConnector) ok = onsite_rt_connector_new (rt->url, "Onsite");
  g_autoptr(OnsiteRtConnector) bad_token = onsite_rt_connector_new (rt->url, "Onsite");
  g_autoptr(OnsiteRtConnector) no_queue = onsite_rt_connector_new (rt->url, "Nope");
  g_autoptr(OnsiteRtConnector) no_field = onsite_rt_connector_new (rt->url, "Onsite");
  g_autoptr(OnsiteRtConnector) closed = onsite_rt_connector_new ("http://127.0.0.1:1", "Onsite");
  g_autoptr(OnsiteRtConnector) plain = onsite_rt_connector_new ("http://rt.example.org", "Onsite");
  g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL, e5 = NULL, e6 = NULL;

  onsite_rt_connector_set_token (ok, rt->token);
  onsite_rt_connector_set_token (bad_token, "1-2-3notatoken");
  onsite_rt_connector_set_token (no_queue, rt->token);
  onsite_rt_connector_set_token (no_field, rt->token);
  onsite_rt_connector_set_field_name (no_field, ONSITE_RT_FIELD_SITE, "Building Code");
  onsite_rt_connector_set_token (closed, rt->token);
  onsite_rt_connector_set_token (plain, rt->token);

  e1 = check_connection (ok);
  g_assert_error (e1, G_IO_ERROR, G_IO_ERROR_EXISTS);
  e2 = check_connection (bad_token);
  g_assert_error (e2, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_UNAUTHORIZED);
  e3 = check_connection (no_queue);
  g_assert_error (e3, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_NO_QUEUE);
  g_assert_nonnull (strstr (e3->message, "Nope"));
  e4 = check_connection (no_field);
  g_assert_error (e4, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_MISSING_FIELD);
  g_assert_nonnull (strstr (e4->message, "Building Code"));
  e5 = check_connection (closed);
  g_assert_error (e5, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_UNREACHABLE);
  e6 = check_connection (plain);
  g_assert_error (e6, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_INSECURE);
  /* The token never appears in what people read. */
  g_assert_null (strstr (e2->message, "notatoken"));
}

/* More than a page of tickets, through next_page. */
static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  gint64 before, after;

  for (guint i = 0; i < 101; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"Queue\":\"Onsite\",\"Subject\":\"Bulk %u\","
                                               "\"CustomFields\":{\"Site\":\"Site %u\"}}", i, i % 7);
      g_autofree char *id = rt_create_ticket (rt, body);

      if (i == 0)
        first = g_strdup (id);
      g_free (last);
      last = g_strdup (id);
    }

  before = onsite_store_count_tickets (f->store, FALSE, &error);
  onsite_sync_run (f->sync, ONSITE_SYNC_DEFAULT | ONSITE_SYNC_FULL, NULL, &error);
  g_assert_no_error (error);
  after = onsite_store_count_tickets (f->store, FALSE, &error);
  g_assert_cmpint (after - before, >=, 101);
  g_assert_cmpint (local_id (f, first), >, 0);
  g_assert_cmpint (local_id (f, last), >, 0);
}

/* RT reads absolute TicketSQL dates in its user's time zone; behind UTC,
 * a UTC cursor would hide the newest changes. The relative query does not. */
static void
test_time_zone (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(OnsiteTicket) ticket = NULL;
  guint status = 0;

  r1 = rt_request (rt, "PUT", "user/alice", "{\"Timezone\":\"America/Los_Angeles\"}", &status);
  g_assert_cmpuint (status, ==, 200);

  sync_ok (f);
  id = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Made after the first sync\"}");
  sync_ok (f);
  g_assert_cmpint (local_id (f, id), >, 0);

  path = g_strdup_printf ("ticket/%s", id);
  r2 = rt_request (rt, "PUT", path, "{\"Subject\":\"Renamed a moment later\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  sync_ok (f);
  ticket = local_ticket (f, id);
  g_assert_cmpstr (onsite_ticket_get_title (ticket), ==, "Renamed a moment later");

  r3 = rt_request (rt, "PUT", "user/alice", "{\"Timezone\":\"\"}", &status);
  g_assert_cmpuint (status, ==, 200);
}

/* A step that carries a note conflicts on its status: the note arrived
 * once, and keeping Onsite's side sends the status, not the note again. */
static void
test_step_conflict (Fixture       *f,
                    gconstpointer  data)
{
  static const OnsiteVendorContact contact = { "Desk", "", "", "desk@vendor.example", FALSE };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Hand-off meets RT\"}");
  g_autofree char *path = g_strdup_printf ("ticket/%s", id);
  g_autofree char *status = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  OnsiteVendor vendor = { .name = "Beta Copy", .contacts = &contact, .n_contacts = 1 };
  OnsiteVendorContract contract = {
    .number = "B-1", .valid_from = 1, .valid_until = G_MAXINT32, .response_minutes = 60,
    .resolution_minutes = 240, .business_hours = "24/7", .pauses_sla = TRUE,
  };
  OnsiteHandoffRequest request = { 0, };
  OnsiteSyncConflict *conflict;
  guint http = 0;

  sync_ok (f);
  request.ticket_id = local_id (f, id);
  request.vendor_id = onsite_store_insert_vendor (f->store, &vendor, &error);
  g_assert_no_error (error);
  request.contract_id = onsite_store_add_vendor_contract (f->store, request.vendor_id, &contract, &error);
  g_assert_no_error (error);
  request.summary = "Drum unit cracked";
  request.actor = "dora";

  /* RT resolves the ticket before Onsite's hand-off reaches it. */
  reply = rt_request (rt, "PUT", path, "{\"Status\":\"resolved\"}", &http);
  g_assert_cmpuint (http, ==, 200);
  onsite_store_request_handoff (f->store, &request, &error);
  g_assert_no_error (error);

  sync_ok (f);
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 1);
  status = rt_ticket_field (rt, id, "Status");
  g_assert_cmpstr (status, ==, "resolved");
  conflicts = onsite_store_list_conflicts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->field, ==, "Status");

  onsite_store_resolve_conflict (f->store, conflict->id, TRUE, &error);
  g_assert_no_error (error);
  sync_ok (f);
  g_free (status);
  status = rt_ticket_field (rt, id, "Status");
  g_assert_cmpstr (status, ==, "stalled");
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 1);
  g_assert_cmpint (onsite_sync_get_conflicts (f->sync), ==, 0);
  g_assert_cmpint (onsite_sync_get_pending_changes (f->sync), ==, 0);
}

static int
run_onsitectl (const char  *db,
               const char  *config,
               const char  *token_env,
               char       **out,
               char       **err)
{
  const char *root = g_getenv ("ONSITE_BUILD_ROOT");
  g_autofree char *tool = g_build_filename (root ? root : "..", "src", "tools", "onsitectl", NULL);
  const char *argv[] = { tool, "--db", db, "sync", "--once", "--config", config, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  env = g_environ_unsetenv (env, "ONSITE_RT_TOKEN");
  if (token_env)
    env = g_environ_setenv (env, "ONSITE_RT_TOKEN", token_env, TRUE);

  g_spawn_sync (NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* onsitectl sync --once: exit 0 and a summary, or non-zero and one
 * sentence, never the token. */
static void
test_onsitectl (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *config = g_build_filename (dir, "sync.ini", NULL);
  g_autofree char *ini = g_strdup_printf ("[rt]\nurl=%s\nqueue=Onsite\n", rt->url);
  g_autoptr(GError) error = NULL;
  char *out = NULL, *err = NULL;

  g_file_set_contents (config, ini, -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_onsitectl (f->path, config, rt->token, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Sent 0 changes, received "));
  g_assert_null (strstr (out, rt->token));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_onsitectl (f->path, config, "1-99-0123456789abcdef", &out, &err), ==, 1);
  g_assert_cmpstr (err, ==, "onsitectl: sync: The ticket service refused the token or password.\n");
  g_assert_null (strstr (err, "0123456789abcdef"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_onsitectl (f->path, config, NULL, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "No credentials are configured"));
  /* One line. */
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  g_free (out);
  g_free (err);
}

static void
count_success (OnsiteSync *sync,
               GParamSpec *pspec,
               guint      *count)
{
  (*count)++;
}

/* Background syncs run by themselves at the interval, and bring in what
 * changed at the service. */
static void
test_periodic (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = NULL;
  guint successes = 0;
  gint64 deadline;

  g_signal_connect (f->sync, "notify::last-success", G_CALLBACK (count_success), &successes);
  onsite_sync_set_interval (f->sync, 1);
  g_assert_cmpuint (onsite_sync_get_interval (f->sync), ==, 1);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (successes < 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (successes, >=, 1);

  id = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Arrives by itself\"}");
  while (local_id (f, id) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (local_id (f, id), >, 0);

  onsite_sync_set_interval (f->sync, 0);
  while (onsite_sync_get_syncing (f->sync))
    g_main_context_iteration (NULL, TRUE);
}

/* A vendor hand-off step reaches RT as one comment, the vendor-case field
 * and the waiting status; a case reference typed in RT comes back. */
static void
test_handoff (Fixture       *f,
              gconstpointer  data)
{
  static const OnsiteVendorContact contact = { "Desk", "", "", "desk@vendor.example", FALSE };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Hand me over\"}");
  g_autofree char *summary = unique ("Fuser broken; part 40X8023 <b>needed</b>");
  g_autofree char *status = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(OnsiteTicket) ticket = NULL;
  OnsiteVendor vendor = { .name = "Alpha Print", .contacts = &contact, .n_contacts = 1 };
  OnsiteVendorContract contract = {
    .number = "A-1", .valid_from = 1, .valid_until = G_MAXINT32, .response_minutes = 60,
    .resolution_minutes = 240, .business_hours = "24/7", .pauses_sla = TRUE,
  };
  OnsiteHandoffRequest request = { 0, };
  gint64 tid, handoff;
  guint http = 0;

  sync_ok (f);
  tid = local_id (f, id);
  g_assert_cmpint (tid, >, 0);

  request.ticket_id = tid;
  request.vendor_id = onsite_store_insert_vendor (f->store, &vendor, &error);
  g_assert_no_error (error);
  request.contract_id = onsite_store_add_vendor_contract (f->store, request.vendor_id, &contract, &error);
  g_assert_no_error (error);
  request.summary = summary;
  request.actor = "dora";
  handoff = onsite_store_request_handoff (f->store, &request, &error);
  g_assert_no_error (error);

  sync_ok (f);
  status = rt_ticket_field (rt, id, "Status");
  g_assert_cmpstr (status, ==, "stalled");
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 1);

  g_assert_true (onsite_store_acknowledge_handoff (f->store, handoff, "VC-123", 0, "carla", &error));
  g_assert_no_error (error);
  sync_ok (f);
  reference = rt_ticket_cf (rt, id, "Vendor Case");
  g_assert_cmpstr (reference, ==, "VC-123");
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 2);

  g_assert_true (onsite_store_set_handoff_state (f->store, handoff, ONSITE_HANDOFF_RESOLVED, NULL, 0, "carla", &error));
  g_assert_no_error (error);
  sync_ok (f);
  g_clear_pointer (&status, g_free);
  status = rt_ticket_field (rt, id, "Status");
  g_assert_cmpstr (status, ==, "open");
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 3);
  g_assert_cmpint (onsite_sync_get_pending_changes (f->sync), ==, 0);
  g_assert_cmpint (onsite_sync_get_conflicts (f->sync), ==, 0);

  /* Nothing comes back as a change of RT's, and nothing is sent twice. */
  sync_ok (f);
  ticket = local_ticket (f, id);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_OPEN);
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 3);

  /* A reference corrected in RT is what Onsite knows of RT's ticket. */
  path = g_strdup_printf ("ticket/%s", id);
  reply = rt_request (rt, "PUT", path, "{\"CustomFields\":{\"Vendor Case\":\"VC-999\"}}", &http);
  g_assert_cmpuint (http, ==, 200);
  sync_ok (f);
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (f->store),
                                         "SELECT vendor_reference FROM remote_tickets WHERE ticket_id = ?1",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_int64 (stmt, 1, tid);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "VC-999");
  }
  /* ... and of the vendor case, still open (resolved, not yet returned). */
  {
    g_autoptr(OnsiteHandoff) h = onsite_store_get_handoff (f->store, handoff, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (onsite_handoff_get_vendor_reference (h), ==, "VC-999");
  }
}

static gint64
count_events (Fixture    *f,
              gint64      ticket_id,
              const char *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = onsite_store_list_events (f->store, ticket_id, &error);
  gint64 n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (((OnsiteEvent *)g_ptr_array_index (events, i))->kind, kind) == 0)
      n++;

  return n;
}

static char *
handoff_reference (Fixture *f,
                   gint64   handoff_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteHandoff) handoff = onsite_store_get_handoff (f->store, handoff_id, &error);

  g_assert_no_error (error);
  return g_strdup (onsite_handoff_get_vendor_reference (handoff));
}

/* The vendor's case number typed in RT reaches the open hand-off as its
 * acknowledge step, at RT's time, and is not sent back. When Onsite
 * changed it too, a person decides; keeping Onsite's sends the step's
 * note once — it had not left — and the number. */
static void
test_handoff_reference (Fixture       *f,
                        gconstpointer  data)
{
  static const OnsiteVendorContact contact = { "Desk", "", "", "desk@vendor.example", FALSE };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Switch port dead\"}");
  g_autofree char *path = g_strdup_printf ("ticket/%s", id);
  g_autofree char *reference = NULL;
  g_autofree char *last_updated = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  OnsiteVendor vendor = { .name = "Gamma Networks", .contacts = &contact, .n_contacts = 1 };
  OnsiteHandoffRequest request = { 0, };
  OnsiteSyncConflict *conflict;
  gint64 handoff, events;
  guint http = 0;

  sync_ok (f);
  request.ticket_id = local_id (f, id);
  request.vendor_id = onsite_store_insert_vendor (f->store, &vendor, &error);
  g_assert_no_error (error);
  request.summary = "Port 12 on the core switch is dead";
  request.actor = "dora";
  handoff = onsite_store_request_handoff (f->store, &request, &error);
  g_assert_no_error (error);
  sync_ok (f);
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 1);

  /* The vendor answered the coordinator in RT. */
  events = count_events (f, request.ticket_id, "handoff");
  reply = rt_request (rt, "PUT", path, "{\"CustomFields\":{\"Vendor Case\":\"GN-4410\"}}", &http);
  g_assert_cmpuint (http, ==, 200);
  last_updated = rt_ticket_field (rt, id, "LastUpdated");
  sync_ok (f);
  reference = handoff_reference (f, handoff);
  g_assert_cmpstr (reference, ==, "GN-4410");
  {
    g_autoptr(OnsiteHandoff) h = onsite_store_get_handoff (f->store, handoff, &error);

    g_assert_no_error (error);
    g_assert_cmpint (onsite_handoff_get_state (h), ==, ONSITE_HANDOFF_ACKNOWLEDGED);
    g_assert_cmpint (_onsite_rt_parse_time (last_updated), >, 0);
    g_assert_cmpint (onsite_handoff_get_acknowledged_at (h), ==,
                     MAX (_onsite_rt_parse_time (last_updated), onsite_handoff_get_sent_at (h)));
  }
  g_assert_cmpint (count_events (f, request.ticket_id, "handoff"), ==, events + 1);
  g_assert_cmpint (count_events (f, request.ticket_id, "handoff-reference"), ==, 0);
  g_assert_cmpint (onsite_sync_get_pending_changes (f->sync), ==, 0);
  g_assert_cmpint (onsite_sync_get_conflicts (f->sync), ==, 0);

  /* Nothing went back, and the next sync brings nothing new. */
  sync_ok (f);
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 1);
  g_assert_cmpint (count_events (f, request.ticket_id, "handoff"), ==, events + 1);
  g_clear_pointer (&reference, g_free);
  reference = rt_ticket_field (rt, id, "Status");
  g_assert_cmpstr (reference, ==, "stalled");

  /* Both sides correct it; the pull comes first. */
  g_assert_true (onsite_store_set_handoff_reference (f->store, handoff, "GN-4411", 0, "carla", &error));
  g_assert_no_error (error);
  g_clear_pointer (&reply, json_node_unref);
  reply = rt_request (rt, "PUT", path, "{\"CustomFields\":{\"Vendor Case\":\"GN-4412\"}}", &http);
  g_assert_cmpuint (http, ==, 200);
  onsite_sync_run (f->sync, ONSITE_SYNC_PULL, NULL, &error);
  g_assert_no_error (error);

  conflicts = onsite_store_list_conflicts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->field, ==, "vendor-reference");
  g_assert_cmpstr (conflict->local_value, ==, "GN-4411");
  g_assert_cmpstr (conflict->remote_value, ==, "GN-4412");

  /* Held back: a full sync sends nothing of it. */
  sync_ok (f);
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 1);
  g_clear_pointer (&reference, g_free);
  reference = rt_ticket_cf (rt, id, "Vendor Case");
  g_assert_cmpstr (reference, ==, "GN-4412");

  g_assert_true (onsite_store_resolve_conflict (f->store, conflict->id, TRUE, &error));
  g_assert_no_error (error);
  sync_ok (f);
  g_clear_pointer (&reference, g_free);
  reference = rt_ticket_cf (rt, id, "Vendor Case");
  g_assert_cmpstr (reference, ==, "GN-4411");
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 2);
  g_assert_cmpint (onsite_sync_get_conflicts (f->sync), ==, 0);
  g_assert_cmpint (onsite_sync_get_pending_changes (f->sync), ==, 0);

  /* Sent and pulled back: still two comments, still Onsite's number. */
  sync_ok (f);
  g_assert_cmpuint (rt_count_comments (rt, id, NULL), ==, 2);
  g_clear_pointer (&reference, g_free);
  reference = handoff_reference (f, handoff);
  g_assert_cmpstr (reference, ==, "GN-4411");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  rt_fixture_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!rt_available ())
    {
      g_test_skip ("Request Tracker 5 is not installed (build-aux/dev test installs it)");
      return 77;
    }

  g_test_add_func ("/sync/rt/test-connection", test_connection);
  g_test_add ("/sync/rt/pull", Fixture, NULL, fixture_set_up, test_pull, fixture_tear_down);
  g_test_add ("/sync/rt/push", Fixture, NULL, fixture_set_up, test_push, fixture_tear_down);
  g_test_add ("/sync/rt/remote-changes", Fixture, NULL, fixture_set_up, test_remote_changes, fixture_tear_down);
  g_test_add ("/sync/rt/conflict", Fixture, NULL, fixture_set_up, test_conflict, fixture_tear_down);
  g_test_add ("/sync/rt/comment-resend", Fixture, NULL, fixture_set_up, test_comment_resend, fixture_tear_down);
  g_test_add ("/sync/rt/time-zone", Fixture, NULL, fixture_set_up, test_time_zone, fixture_tear_down);
  g_test_add ("/sync/rt/step-conflict", Fixture, NULL, fixture_set_up, test_step_conflict, fixture_tear_down);
  g_test_add ("/sync/rt/onsitectl", Fixture, NULL, fixture_set_up, test_onsitectl, fixture_tear_down);
  g_test_add ("/sync/rt/periodic", Fixture, NULL, fixture_set_up, test_periodic, fixture_tear_down);
  g_test_add ("/sync/rt/many", Fixture, NULL, fixture_set_up, test_many, fixture_tear_down);
  g_test_add ("/sync/rt/handoff", Fixture, NULL, fixture_set_up, test_handoff, fixture_tear_down);
  g_test_add ("/sync/rt/handoff-reference", Fixture, NULL, fixture_set_up, test_handoff_reference, fixture_tear_down);

  rt = rt_server_start ();
  ret = g_test_run ();
  rt_server_stop (rt);

  return ret;
}
