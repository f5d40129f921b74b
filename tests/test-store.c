/* test-store.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <glib/gstdio.h>

#include "onsite-store-private.h"
#include "onsite-ticket-private.h"

/* Every test runs with G_TEST_OPTION_ISOLATE_DIRS: the XDG folders are a
 * fresh temporary folder that GLib removes afterwards. */
static char *
test_db_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "store-test", name, NULL);
}

static OnsiteStore *
open_test_store (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_db_path (name);
  OnsiteStore *store = onsite_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

static gint64
count_rows (OnsiteStore *store,
            const char  *table)
{
  g_autoptr(GError) error = NULL;
  gint64 n = onsite_store_count_rows (store, table, &error);

  g_assert_no_error (error);
  g_assert_cmpint (n, >=, 0);

  return n;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

/* A ticket with every field set. */
static OnsiteTicket *
make_ticket (const char *title)
{
  OnsiteTicket *ticket = onsite_ticket_new ();

  ticket->remote_id = g_strdup_printf ("RT-%u", g_str_hash (title));
  ticket->remote_version = g_strdup ("7");
  ticket->title = g_strdup (title);
  ticket->description = g_strdup ("Paper is stuck in tray 2; the panel shows error 13.2.");
  ticket->requester = g_strdup ("Giulia Ferri");
  ticket->requester_contact = g_strdup ("giulia.ferri@example.com");
  ticket->category = g_strdup ("printer");
  ticket->priority = 2;
  ticket->urgency = 1;
  ticket->support_level = 3;
  ticket->status = ONSITE_TICKET_STATUS_SCHEDULED;
  ticket->created = 1795400000;
  ticket->updated = 1795403600;
  ticket->sla_due = 1795428800;
  ticket->site_name = g_strdup ("Brera Consulting – Città Studi");
  ticket->address = g_strdup ("Via Camillo Golgi 20, 20133 Milano MI");
  ticket->building = g_strdup ("Building B");
  ticket->floor = g_strdup ("Floor 3");
  ticket->room = g_strdup ("Copy corner");
  ticket->has_location = TRUE;
  ticket->latitude = 45.478123;
  ticket->longitude = 9.227456;

  return ticket;
}

static gint64
insert_ticket (OnsiteStore  *store,
               OnsiteTicket *ticket)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (onsite_store_insert_ticket (store, ticket, &error));
  g_assert_no_error (error);
  g_assert_cmpint (onsite_ticket_get_id (ticket), >, 0);

  return onsite_ticket_get_id (ticket);
}

static void
test_open_creates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(OnsiteStore) again = NULL;
  g_autofree char *path = test_db_path ("new/sub/onsite.db");
  g_autofree char *default_path = onsite_store_default_path ();
  g_autofree char *journal = NULL;
  sqlite3 *db;

  g_assert_true (g_str_has_prefix (default_path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (default_path, "/onsite/onsite.db"));

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  store = onsite_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (onsite_store_get_path (store), ==, path);

  g_assert_cmpint (onsite_store_get_schema_version (store), ==, ONSITE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (_onsite_store_n_migrations (), ==, ONSITE_STORE_SCHEMA_VERSION);

  db = _onsite_store_get_db (store);
  journal = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);

  g_assert_cmpint (onsite_store_count_tickets (store, FALSE, &error), ==, 0);
  g_assert_no_error (error);

  /* A second connection to the same file sees the same schema. */
  again = onsite_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_store_get_schema_version (again), ==, ONSITE_STORE_SCHEMA_VERSION);
}

static void
open_async_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  OnsiteStore **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = onsite_store_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_open_async (void)
{
  g_autofree char *path = test_db_path ("async.db");
  g_autoptr(OnsiteStore) store = NULL;

  onsite_store_open_async (path, NULL, open_async_cb, &store);
  while (store == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (onsite_store_get_schema_version (store), ==, ONSITE_STORE_SCHEMA_VERSION);
}

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/*
 * Builds a file exactly as an Onsite with schema @version left it, with a
 * few rows in it, then lets the current store upgrade it. Loops over every
 * earlier version, so a new migration is covered without touching the test.
 */
static void
test_migrate_from_every_version (void)
{
  int n = _onsite_store_n_migrations ();

  g_assert_cmpint (n, >=, 1);

  for (int version = 0; version < n; version++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OnsiteStore) store = NULL;
      g_autoptr(OnsiteTicket) ticket = NULL;
      g_autoptr(GArray) found = NULL;
      g_autoptr(GPtrArray) events = NULL;
      g_autofree char *name = g_strdup_printf ("v%d.db", version);
      g_autofree char *path = test_db_path (name);
      g_autofree char *dir = g_path_get_dirname (path);
      sqlite3 *db = NULL;
      double latitude, longitude;

      g_test_message ("Upgrading from schema %d to %d", version, n);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_true (_onsite_store_migrate_db (db, version, &error));
      g_assert_no_error (error);
      g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, version);

      /* Rows in the columns of the first schema, which later ones keep. */
      if (version >= 1)
        {
          exec_ok (db,
                   "INSERT INTO sites (id, name, address, building, floor, room, latitude, longitude)"
                   "  VALUES (1, 'Navigli Logistica – Rho', 'Corso Europa 12, 20017 Rho MI',"
                   "          'Torre 1', 'Floor 2', 'Sala Ticino', 45.5295, 9.0425);"
                   "INSERT INTO tickets (id, remote_id, title, description, requester, category,"
                   "                     priority, urgency, support_level, status, site_id,"
                   "                     created_at, updated_at, sla_due)"
                   "  VALUES (1, 'RT-77', 'Projector lamp failure', 'Turns off after five minutes',"
                   "          'Sara Fontana', 'conference-room', 2, 3, 2, 'open', 1,"
                   "          1795400000, 1795401000, 1795428800);"
                   "INSERT INTO tickets (id, title, priority, status, created_at, updated_at)"
                   "  VALUES (2, 'Projector cable replaced', 4, 'closed', 1795300000, 1795300000);"
                   "INSERT INTO events (ticket_id, at, actor, kind, summary)"
                   "  VALUES (1, 1795400000, 'Sara Fontana', 'created', 'Opened by phone');");
        }

      g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

      store = onsite_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (onsite_store_get_schema_version (store), ==, n);

      /* Every table of the current schema is there. */
      g_assert_cmpint (count_rows (store, "outbox"), ==, 0);
      g_assert_cmpint (count_rows (store, "visits"), ==, 0);
      g_assert_cmpint (count_rows (store, "handoffs"), ==, 0);

      if (version == 0)
        {
          g_assert_cmpint (count_rows (store, "tickets"), ==, 0);
          continue;
        }

      g_assert_cmpint (count_rows (store, "tickets"), ==, 2);
      g_assert_cmpint (count_rows (store, "events"), ==, 1);

      ticket = onsite_store_get_ticket (store, 1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (onsite_ticket_get_remote_id (ticket), ==, "RT-77");
      g_assert_cmpstr (onsite_ticket_get_title (ticket), ==, "Projector lamp failure");
      g_assert_cmpstr (onsite_ticket_get_requester (ticket), ==, "Sara Fontana");
      g_assert_cmpint (onsite_ticket_get_priority (ticket), ==, 2);
      g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_OPEN);
      g_assert_cmpint (onsite_ticket_get_sla_due (ticket), ==, 1795428800);
      g_assert_cmpstr (onsite_ticket_get_room (ticket), ==, "Sala Ticino");
      g_assert_true (onsite_ticket_get_location (ticket, &latitude, &longitude));
      g_assert_cmpfloat (latitude, ==, 45.5295);
      g_assert_cmpfloat (longitude, ==, 9.0425);

      events = onsite_store_list_events (store, 1, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (events->len, ==, 1);

      /* The search index survived or was rebuilt: the open ticket is
       * found by title and by site, the closed one is not. */
      found = onsite_store_search (store, "projector", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_cmpint (g_array_index (found, gint64, 0), ==, 1);
      g_clear_pointer (&found, g_array_unref);

      found = onsite_store_search (store, "navigli rho", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);

      /* And the upgraded store takes new tickets. */
      g_clear_object (&ticket);
      ticket = make_ticket ("Printer after the upgrade");
      insert_ticket (store, ticket);
      g_assert_cmpint (count_rows (store, "tickets"), ==, 3);
    }
}

static void
test_ticket_round_trip (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("round-trip.db");
  g_autoptr(OnsiteTicket) ticket = make_ticket ("Printer on floor 3 jams");
  g_autoptr(OnsiteTicket) same_site = make_ticket ("Toner warning");
  g_autoptr(OnsiteTicket) read = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  double latitude = 0, longitude = 0;
  gint64 id;

  id = insert_ticket (store, ticket);
  g_assert_cmpint (onsite_ticket_get_site_id (ticket), >, 0);

  read = onsite_store_get_ticket (store, id, &error);
  g_assert_no_error (error);

  g_assert_cmpint (onsite_ticket_get_id (read), ==, id);
  g_assert_cmpstr (onsite_ticket_get_remote_id (read), ==, onsite_ticket_get_remote_id (ticket));
  g_assert_cmpstr (onsite_ticket_get_remote_version (read), ==, "7");
  g_assert_cmpstr (onsite_ticket_get_title (read), ==, "Printer on floor 3 jams");
  g_assert_cmpstr (onsite_ticket_get_description (read), ==, onsite_ticket_get_description (ticket));
  g_assert_cmpstr (onsite_ticket_get_requester (read), ==, "Giulia Ferri");
  g_assert_cmpstr (onsite_ticket_get_requester_contact (read), ==, "giulia.ferri@example.com");
  g_assert_cmpstr (onsite_ticket_get_category (read), ==, "printer");
  g_assert_cmpint (onsite_ticket_get_priority (read), ==, 2);
  g_assert_cmpint (onsite_ticket_get_urgency (read), ==, 1);
  g_assert_cmpint (onsite_ticket_get_support_level (read), ==, 3);
  g_assert_cmpint (onsite_ticket_get_status (read), ==, ONSITE_TICKET_STATUS_SCHEDULED);
  g_assert_cmpint (onsite_ticket_get_created (read), ==, 1795400000);
  g_assert_cmpint (onsite_ticket_get_updated (read), ==, 1795403600);
  g_assert_cmpint (onsite_ticket_get_sla_due (read), ==, 1795428800);
  g_assert_cmpint (onsite_ticket_get_site_id (read), ==, onsite_ticket_get_site_id (ticket));
  g_assert_cmpstr (onsite_ticket_get_site_name (read), ==, "Brera Consulting – Città Studi");
  g_assert_cmpstr (onsite_ticket_get_address (read), ==, "Via Camillo Golgi 20, 20133 Milano MI");
  g_assert_cmpstr (onsite_ticket_get_building (read), ==, "Building B");
  g_assert_cmpstr (onsite_ticket_get_floor (read), ==, "Floor 3");
  g_assert_cmpstr (onsite_ticket_get_room (read), ==, "Copy corner");
  g_assert_true (onsite_ticket_get_location (read, &latitude, &longitude));
  g_assert_cmpfloat (latitude, ==, 45.478123);
  g_assert_cmpfloat (longitude, ==, 9.227456);
  g_assert_false (onsite_ticket_get_location_invalid (read));
  g_assert_cmpint (onsite_ticket_get_sla_state (read, 1795400000 + 60), ==, ONSITE_SLA_ON_TRACK);
  g_assert_cmpint (onsite_ticket_get_sla_state (read, 1795428800), ==, ONSITE_SLA_BREACHED);

  /* The same site is found, not added again. */
  g_clear_pointer (&same_site->remote_id, g_free);
  insert_ticket (store, same_site);
  g_assert_cmpint (onsite_ticket_get_site_id (same_site), ==, onsite_ticket_get_site_id (ticket));
  g_assert_cmpint (count_rows (store, "sites"), ==, 1);

  open = onsite_store_list_open_tickets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 2);

  all = onsite_store_list_all_tickets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);

  /* A missing ticket is an error of its own kind. */
  g_assert_null (onsite_store_get_ticket (store, 4242, &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND);
}

static void
test_ticket_defaults (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("defaults.db");
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(OnsiteTicket) read = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  ticket->title = g_strdup ("Only a title");
  insert_ticket (store, ticket);

  read = onsite_store_get_ticket (store, onsite_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_null (onsite_ticket_get_remote_id (read));
  g_assert_cmpstr (onsite_ticket_get_description (read), ==, "");
  g_assert_cmpint (onsite_ticket_get_priority (read), ==, 3);
  g_assert_cmpint (onsite_ticket_get_support_level (read), ==, ONSITE_LEVEL_ONSITE);
  g_assert_cmpint (onsite_ticket_get_status (read), ==, ONSITE_TICKET_STATUS_NEW);
  g_assert_cmpint (onsite_ticket_get_created (read), >=, before);
  g_assert_cmpint (onsite_ticket_get_updated (read), ==, onsite_ticket_get_created (read));
  g_assert_cmpint (onsite_ticket_get_sla_due (read), ==, 0);
  g_assert_cmpint (onsite_ticket_get_sla_state (read, before), ==, ONSITE_SLA_NONE);
  g_assert_cmpint (onsite_ticket_get_site_id (read), ==, 0);
  g_assert_false (onsite_ticket_get_location (read, NULL, NULL));
  g_assert_cmpint (count_rows (store, "sites"), ==, 0);
}

static void
test_ticket_without_location (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("no-location.db");
  g_autoptr(OnsiteTicket) ticket = make_ticket ("Phone dead at reception");
  g_autoptr(OnsiteTicket) located = make_ticket ("Second phone dead");
  g_autoptr(OnsiteTicket) again = make_ticket ("Third phone dead");
  g_autoptr(OnsiteTicket) read = NULL;
  g_autoptr(GError) error = NULL;
  double latitude = 1, longitude = 1;

  ticket->has_location = FALSE;
  ticket->latitude = 0;
  ticket->longitude = 0;
  insert_ticket (store, ticket);

  read = onsite_store_get_ticket (store, onsite_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_ticket_get_site_id (read), >, 0);
  g_assert_false (onsite_ticket_get_location (read, &latitude, &longitude));
  g_assert_cmpfloat (latitude, ==, 0.0);
  g_assert_cmpfloat (longitude, ==, 0.0);
  g_assert_cmpint (query_int (_onsite_store_get_db (store),
                              "SELECT count(*) FROM sites WHERE latitude IS NULL AND longitude IS NULL"),
                   ==, 1);
  g_clear_object (&read);

  /* A location learned later reaches every ticket of the site… */
  g_clear_pointer (&located->remote_id, g_free);
  insert_ticket (store, located);
  g_assert_cmpint (onsite_ticket_get_site_id (located), ==, onsite_ticket_get_site_id (ticket));
  read = onsite_store_get_ticket (store, onsite_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_true (onsite_ticket_get_location (read, &latitude, &longitude));
  g_assert_cmpfloat (latitude, ==, 45.478123);
  g_clear_object (&read);

  /* …and a ticket that does not know it does not erase it. */
  g_clear_pointer (&again->remote_id, g_free);
  again->has_location = FALSE;
  insert_ticket (store, again);
  read = onsite_store_get_ticket (store, onsite_ticket_get_id (ticket), &error);
  g_assert_no_error (error);
  g_assert_true (onsite_ticket_get_location (read, NULL, NULL));
  g_assert_cmpint (count_rows (store, "sites"), ==, 1);
}

typedef enum
{
  BAD_EMPTY_TITLE,
  BAD_BLANK_TITLE,
  BAD_NULL_TITLE,
  BAD_PRIORITY_0,
  BAD_PRIORITY_5,
  BAD_URGENCY_9,
  BAD_LEVEL_4,
  BAD_STATUS,
  BAD_LATITUDE_123,
  BAD_LONGITUDE_MINUS_200,
  BAD_LATITUDE_NAN,
  BAD_LONGITUDE_INFINITE,
  BAD_ZERO_ZERO,
  N_BAD
} BadTicket;

static void
spoil (OnsiteTicket *ticket,
       BadTicket     bad)
{
  switch (bad)
    {
    case BAD_EMPTY_TITLE: g_free (ticket->title); ticket->title = g_strdup (""); break;
    case BAD_BLANK_TITLE: g_free (ticket->title); ticket->title = g_strdup (" \t\n "); break;
    case BAD_NULL_TITLE: g_clear_pointer (&ticket->title, g_free); break;
    case BAD_PRIORITY_0: ticket->priority = 0; break;
    case BAD_PRIORITY_5: ticket->priority = 5; break;
    case BAD_URGENCY_9: ticket->urgency = 9; break;
    case BAD_LEVEL_4: ticket->support_level = 4; break;
    case BAD_STATUS: ticket->status = ONSITE_N_TICKET_STATUSES; break;
    case BAD_LATITUDE_123: ticket->latitude = 123; break;
    case BAD_LONGITUDE_MINUS_200: ticket->longitude = -200; break;
    case BAD_LATITUDE_NAN: ticket->latitude = NAN; break;
    case BAD_LONGITUDE_INFINITE: ticket->longitude = INFINITY; break;
    case BAD_ZERO_ZERO: ticket->latitude = 0; ticket->longitude = 0; break;
    case N_BAD:
    default:
      g_assert_not_reached ();
    }
}

static void
test_ticket_refusals (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("refusals.db");
  g_autoptr(OnsiteTicket) good = make_ticket ("A good ticket");
  gint64 tickets, sites;

  insert_ticket (store, good);

  for (BadTicket bad = 0; bad < N_BAD; bad++)
    {
      g_autoptr(OnsiteTicket) ticket = make_ticket ("Refused ticket");
      g_autoptr(GError) error = NULL;

      /* A new site too, which must not be left behind. */
      g_free (ticket->site_name);
      ticket->site_name = g_strdup_printf ("Site of refusal %d", bad);
      spoil (ticket, bad);

      tickets = count_rows (store, "tickets");
      sites = count_rows (store, "sites");

      g_assert_false (onsite_store_insert_ticket (store, ticket, &error));
      g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_test_message ("Refusal %d: %s", bad, error->message);
      g_assert_cmpint (onsite_ticket_get_id (ticket), ==, 0);

      g_assert_cmpint (count_rows (store, "tickets"), ==, tickets);
      g_assert_cmpint (count_rows (store, "sites"), ==, sites);
      g_assert_cmpint (count_rows (store, "events"), ==, 0);
    }

  /* A refusal by the database itself (a remote id already taken) rolls
   * back the site it had already added. */
  {
    g_autoptr(OnsiteTicket) dup = make_ticket ("Duplicate remote id");
    g_autoptr(GError) error = NULL;

    g_free (dup->remote_id);
    dup->remote_id = g_strdup (onsite_ticket_get_remote_id (good));
    g_free (dup->site_name);
    dup->site_name = g_strdup ("A site nobody has seen");

    sites = count_rows (store, "sites");
    g_assert_false (onsite_store_insert_ticket (store, dup, &error));
    g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
    g_assert_cmpint (count_rows (store, "sites"), ==, sites);
    g_assert_cmpint (count_rows (store, "tickets"), ==, 1);
  }

  /* The good ticket is untouched. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OnsiteTicket) read = onsite_store_get_ticket (store, onsite_ticket_get_id (good), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (onsite_ticket_get_title (read), ==, "A good ticket");
  }
}

static void
test_site_refusals (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("sites.db");
  g_autoptr(GError) error = NULL;
  OnsiteSite site = {
    .name = "Sforza Retail – Monza",
    .address = "Via Italia 10, 20900 Monza MB",
    .room = "Reception",
    .has_location = TRUE,
    .latitude = 45.5835,
    .longitude = 9.2738,
  };
  OnsiteSite other_room = site;
  gint64 id;

  id = onsite_store_ensure_site (store, &site, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (onsite_store_ensure_site (store, &site, &error), ==, id);
  g_assert_no_error (error);

  other_room.room = "Sala Brera";
  g_assert_cmpint (onsite_store_ensure_site (store, &other_room, &error), !=, id);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "sites"), ==, 2);

  site.latitude = 123;
  g_assert_cmpint (onsite_store_ensure_site (store, &site, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);

  site.latitude = 45.5835;
  site.name = "";
  g_assert_cmpint (onsite_store_ensure_site (store, &site, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (count_rows (store, "sites"), ==, 2);
  g_assert_cmpint (query_int (_onsite_store_get_db (store),
                              "SELECT CAST (round (latitude * 10000) AS INTEGER)"
                              " FROM sites WHERE room = 'Reception'"),
                   ==, 455835);
}

static void
assert_search (OnsiteStore *store,
               const char  *text,
               gsize        n_expected,
               ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = onsite_store_search (store, text, &error);
  va_list args;

  g_assert_no_error (error);
  g_assert_nonnull (found);

  if (found->len != n_expected)
    g_error ("Searching “%s” found %u tickets, not %" G_GSIZE_FORMAT,
             text, found->len, n_expected);

  va_start (args, n_expected);
  for (gsize i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (found, gint64, i), ==, va_arg (args, gint64));
  va_end (args);
}

static void
test_search (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("search.db");
  g_autoptr(OnsiteTicket) printer = make_ticket ("Printer jams on the third floor");
  g_autoptr(OnsiteTicket) network = make_ticket ("Network down in the open space");
  g_autoptr(OnsiteTicket) closed = make_ticket ("Printer toner empty");
  static const char * const hostile[] = {
    "\"", "\"\"", "*", "AND", "OR", "NOT", "NEAR(", "NEAR(printer", "-", "-printer",
    "printer\"", "\"printer", "print*", "(", ")", "^", ":", "title:printer",
    "printer AND", "AND OR NOT", "{title description}", "+", "'", "printer' OR '1'='1",
    "\\", "NEAR(a b, 3)", "* * *", "\"\"\"\"",
  };
  g_autoptr(GError) error = NULL;
  gint64 a, b;
  g_autofree char *rename = NULL;

  g_free (network->requester);
  network->requester = g_strdup ("Marco Rossi");
  g_free (network->description);
  network->description = g_strdup ("The switch is beeping.");
  g_free (network->site_name);
  network->site_name = g_strdup ("Villoresi Engineering – Sesto San Giovanni");
  g_free (network->address);
  network->address = g_strdup ("Viale Casiraghi 45, 20099 Sesto San Giovanni MI");

  closed->status = ONSITE_TICKET_STATUS_RESOLVED;
  g_free (closed->site_name);
  closed->site_name = g_strdup ("Somewhere else");

  a = insert_ticket (store, printer);
  b = insert_ticket (store, network);
  insert_ticket (store, closed);

  /* Prefixes, case, several words that must all match. */
  assert_search (store, "print", 1, a);
  assert_search (store, "PRINTER", 1, a);
  assert_search (store, "printer third", 1, a);
  assert_search (store, "printer network", 0);
  assert_search (store, "  the   ", 2, a, b);
  assert_search (store, "", 0);
  assert_search (store, " \t ", 0);

  /* Accents either way. */
  assert_search (store, "citta", 1, a);
  assert_search (store, "Città", 1, a);
  assert_search (store, "CITTÀ studi", 1, a);

  /* Requester, site and address words. */
  assert_search (store, "ferri", 1, a);
  assert_search (store, "rossi", 1, b);
  assert_search (store, "sesto", 1, b);
  assert_search (store, "casiraghi", 1, b);
  assert_search (store, "golgi", 1, a);
  assert_search (store, "beeping", 1, b);

  /* What a person types is never a query language: no errors. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GArray) found = onsite_store_search (store, hostile[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (found);
    }
  assert_search (store, "\"printer\"", 1, a);
  assert_search (store, "-printer", 1, a);
  assert_search (store, "NEAR(printer", 0);
  assert_search (store, "printer AND", 0);

  /* Renaming a site reaches the index. */
  rename = g_strdup_printf ("UPDATE sites SET name = 'Bicocca Labs hub' WHERE id = %" G_GINT64_FORMAT,
                            onsite_ticket_get_site_id (printer));
  exec_ok (_onsite_store_get_db (store), rename);
  assert_search (store, "bicocca", 1, a);
  assert_search (store, "brera", 0);

  /* A ticket leaves the search with the board, and comes back with it. */
  g_assert_true (onsite_store_set_ticket_status (store, a, ONSITE_TICKET_STATUS_RESOLVED, "test", &error));
  g_assert_no_error (error);
  assert_search (store, "printer", 0);
  g_assert_true (onsite_store_set_ticket_status (store, a, ONSITE_TICKET_STATUS_OPEN, "test", &error));
  g_assert_no_error (error);
  assert_search (store, "printer", 1, a);
}

static void
test_set_status (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("status.db");
  g_autoptr(OnsiteTicket) ticket = make_ticket ("Switchboard not ringing");
  g_autoptr(OnsiteTicket) read = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  OnsiteEvent *event;
  sqlite3 *db = _onsite_store_get_db (store);
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;

  ticket->status = ONSITE_TICKET_STATUS_OPEN;
  id = insert_ticket (store, ticket);

  g_assert_true (onsite_store_set_ticket_status (store, id, ONSITE_TICKET_STATUS_SCHEDULED,
                                                 "Dispatcher Anna", &error));
  g_assert_no_error (error);

  read = onsite_store_get_ticket (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_ticket_get_status (read), ==, ONSITE_TICKET_STATUS_SCHEDULED);
  g_assert_cmpint (onsite_ticket_get_updated (read), >=, before);

  events = onsite_store_list_events (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (event->ticket_id, ==, id);
  g_assert_cmpstr (event->kind, ==, "status");
  g_assert_cmpstr (event->actor, ==, "Dispatcher Anna");
  g_assert_nonnull (strstr (event->summary, "Open"));
  g_assert_nonnull (strstr (event->summary, "Scheduled"));
  g_assert_cmpint (event->at, >=, before);

  g_assert_cmpint (onsite_store_count_pending_changes (store, &error), ==, 1);
  g_assert_no_error (error);
  payload = query_text (db, "SELECT payload FROM outbox");
  g_assert_nonnull (strstr (payload, "\"scheduled\""));
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT idempotency_key) FROM outbox"), ==, 1);

  /* The same status again changes nothing at all. */
  g_assert_true (onsite_store_set_ticket_status (store, id, ONSITE_TICKET_STATUS_SCHEDULED,
                                                 "Dispatcher Anna", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "events"), ==, 1);
  g_assert_cmpint (count_rows (store, "outbox"), ==, 1);

  /* A missing ticket: an error, and nothing written. */
  g_assert_false (onsite_store_set_ticket_status (store, 999, ONSITE_TICKET_STATUS_OPEN, "x", &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "events"), ==, 1);

  /* One transaction: when queueing the change fails, the status and the
   * history line are not saved either. */
  exec_ok (db,
           "CREATE TEMP TRIGGER outbox_fails BEFORE INSERT ON outbox"
           "  BEGIN SELECT RAISE (ABORT, 'disk trouble'); END;");
  g_assert_false (onsite_store_set_ticket_status (store, id, ONSITE_TICKET_STATUS_IN_PROGRESS,
                                                  "Dispatcher Anna", &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == ONSITE_STORE_ERROR);
  g_clear_error (&error);
  g_clear_object (&read);
  read = onsite_store_get_ticket (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_ticket_get_status (read), ==, ONSITE_TICKET_STATUS_SCHEDULED);
  g_assert_cmpint (count_rows (store, "events"), ==, 1);
  g_assert_cmpint (count_rows (store, "outbox"), ==, 1);
  g_assert_true (sqlite3_get_autocommit (db));
  exec_ok (db, "DROP TRIGGER temp.outbox_fails");

  g_assert_true (onsite_store_set_ticket_status (store, id, ONSITE_TICKET_STATUS_IN_PROGRESS,
                                                 "Dispatcher Anna", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "events"), ==, 2);
  g_assert_cmpint (count_rows (store, "outbox"), ==, 2);
}

static void
test_event_log_append_only (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("events.db");
  g_autoptr(OnsiteTicket) ticket = make_ticket ("Docking station broken");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  sqlite3 *db = _onsite_store_get_db (store);
  OnsiteEvent *event;
  gint64 id;

  id = insert_ticket (store, ticket);
  g_assert_true (onsite_store_add_event (store, id, 1795400600, "Irene", "triaged", "Needs a visit", &error));
  g_assert_no_error (error);
  g_assert_true (onsite_store_add_event (store, id, 1795400000, "Giulia", "created", "Opened", &error));
  g_assert_no_error (error);

  /* Oldest first. */
  events = onsite_store_list_events (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (event->kind, ==, "created");
  g_assert_cmpint (event->at, ==, 1795400000);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (event->summary, ==, "Needs a visit");
  g_assert_cmpstr (event->actor, ==, "Irene");

  g_assert_cmpint (sqlite3_exec (db, "UPDATE events SET summary = 'rewritten'", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  g_assert_nonnull (strstr (sqlite3_errmsg (db), "append-only"));
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM events", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_nonnull (strstr (sqlite3_errmsg (db), "append-only"));

  g_assert_cmpint (count_rows (store, "events"), ==, 2);
  summary = query_text (db, "SELECT summary FROM events WHERE kind = 'triaged'");
  g_assert_cmpstr (summary, ==, "Needs a visit");
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
test_open_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *path = test_db_path ("notes.txt");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GString) text = g_string_new ("Shopping list\n");

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (text, "%u. milk, bread, printer paper\n", i);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  g_assert_no_error (error);
  before = read_bytes (path);

  store = onsite_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "not an Onsite database"));

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_error (&error);

  /* A folder is refused with a message of its own. */
  store = onsite_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "folder"));
}

static void
test_open_too_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *path = test_db_path ("future.db");
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, "CREATE TABLE hover_cars (id INTEGER PRIMARY KEY); PRAGMA user_version = 999;");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  before = read_bytes (path);

  store = onsite_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
  g_assert_nonnull (strstr (error->message, "999"));

  /* Left exactly as the newer version wrote it (not even switched to WAL). */
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_technicians (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("technicians.db");
  g_autoptr(GError) error = NULL;
  static const char * const skills[] = { "printer", "network", "cabling", "printer", NULL };
  const OnsiteWorkPeriod hours[] = {
    { 1, 8 * 60, 12 * 60 + 30 }, { 1, 13 * 60 + 30, 17 * 60 },
    { 2, 8 * 60, 12 * 60 + 30 }, { 2, 13 * 60 + 30, 17 * 60 },
  };
  OnsiteTechnician technician = {
    .name = "Marco Colombo",
    .email = "marco.colombo@example.com",
    .phone = "+39 333 123 4567",
    .home_address = "Via Padova 210, 20132 Milano MI",
    .has_home = TRUE,
    .home_latitude = 45.5040,
    .home_longitude = 9.2390,
    .skills = skills,
    .hours = hours,
    .n_hours = G_N_ELEMENTS (hours),
  };
  gint64 id;

  id = onsite_store_insert_technician (store, &technician, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count_rows (store, "technicians"), ==, 1);
  g_assert_cmpint (count_rows (store, "technician_skills"), ==, 3);
  g_assert_cmpint (count_rows (store, "technician_hours"), ==, 4);

  for (guint bad = 0; bad < 8; bad++)
    {
      OnsiteTechnician t = technician;
      OnsiteWorkPeriod bad_hours[1] = { { 3, 9 * 60, 17 * 60 } };

      t.hours = bad_hours;
      t.n_hours = 1;

      switch (bad)
        {
        case 0: t.name = ""; break;
        case 1: t.name = NULL; break;
        case 2: t.name = "   "; break;
        case 3: t.home_latitude = 123; break;
        case 4: t.home_longitude = NAN; break;
        case 5: bad_hours[0].end_minute = bad_hours[0].start_minute; break;
        case 6: bad_hours[0].weekday = 8; break;
        case 7: bad_hours[0].end_minute = 25 * 60; break;
        default: g_assert_not_reached ();
        }

      g_assert_cmpint (onsite_store_insert_technician (store, &t, &error), ==, 0);
      g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
      g_test_message ("Technician refusal %u: %s", bad, error->message);
      g_clear_error (&error);

      g_assert_cmpint (count_rows (store, "technicians"), ==, 1);
      g_assert_cmpint (count_rows (store, "technician_skills"), ==, 3);
      g_assert_cmpint (count_rows (store, "technician_hours"), ==, 4);
    }

  /* No home is fine. */
  technician.name = "Sara Fontana";
  technician.has_home = FALSE;
  g_assert_cmpint (onsite_store_insert_technician (store, &technician, &error), >, id);
  g_assert_no_error (error);
}

static void
test_vendors (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("vendors.db");
  g_autoptr(GError) error = NULL;
  static const char * const categories[] = { "network", "cabling", NULL };
  const OnsiteVendorContact contacts[] = {
    { "NOC", "Network operations", "+39 02 3661 0900", "noc@example.com", FALSE },
    { "Laura Bellini", "Service delivery manager", "+39 348 902 1174", "l.bellini@example.com", TRUE },
  };
  OnsiteVendorContract contracts[] = {
    { "NLM-2025-442", 1767225600, 1830297600, 120, 480, "mon-fri 08:00-18:00", TRUE },
  };
  OnsiteVendor vendor = {
    .name = "NetLink Milano S.p.A.",
    .website = "https://netlink.example.com",
    .categories = categories,
    .contacts = contacts,
    .n_contacts = G_N_ELEMENTS (contacts),
    .contracts = contracts,
    .n_contracts = G_N_ELEMENTS (contracts),
  };
  static const char * const tables[] = {
    "vendors", "vendor_categories", "vendor_contacts", "vendor_contracts",
  };
  const gint64 expected[] = { 1, 2, 2, 1 };

  g_assert_cmpint (onsite_store_insert_vendor (store, &vendor, &error), >, 0);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert_cmpint (count_rows (store, tables[i]), ==, expected[i]);
  g_assert_cmpint (query_int (_onsite_store_get_db (store),
                              "SELECT count(*) FROM vendor_contacts WHERE escalation"), ==, 1);

  for (guint bad = 0; bad < 6; bad++)
    {
      OnsiteVendor v = vendor;
      OnsiteVendorContract c = contracts[0];

      v.name = "Another vendor";
      v.contracts = &c;
      v.n_contracts = 1;

      switch (bad)
        {
        case 0: v.name = ""; break;
        case 1: v.name = NULL; break;
        case 2: c.valid_until = c.valid_from; break;
        case 3: c.response_minutes = 0; break;
        case 4: c.resolution_minutes = -5; break;
        /* The same name again: the database refuses it, after the checks. */
        case 5: v.name = vendor.name; break;
        default: g_assert_not_reached ();
        }

      g_assert_cmpint (onsite_store_insert_vendor (store, &v, &error), ==, 0);
      g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
      g_test_message ("Vendor refusal %u: %s", bad, error->message);
      g_clear_error (&error);

      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        g_assert_cmpint (count_rows (store, tables[i]), ==, expected[i]);
    }

  g_assert_cmpint (onsite_store_count_rows (store, "sqlite_master; DROP TABLE tickets", &error), ==, -1);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND);
}

/* A store call inside a caller's transaction runs in a savepoint: its
 * failure undoes only its own writes, and the caller's rollback undoes
 * everything, the inner calls included. */
static void
test_nested_transactions (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("nested.db");
  g_autoptr(OnsiteTicket) ticket = make_ticket ("Nested transactions");
  g_autoptr(OnsiteTicket) read = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = _onsite_store_get_db (store);
  gint64 id = insert_ticket (store, ticket);
  gint64 events_before = count_rows (store, "events");

  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TEMP TRIGGER refuse_waiting BEFORE UPDATE OF status ON tickets"
                                 " WHEN NEW.status = 'waiting' BEGIN SELECT RAISE (ABORT, 'refused'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (onsite_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_true (onsite_store_set_ticket_status (store, id, ONSITE_TICKET_STATUS_IN_PROGRESS, "test", &error));
  g_assert_no_error (error);
  g_assert_false (onsite_store_set_ticket_status (store, id, ONSITE_TICKET_STATUS_WAITING, "test", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* Still in the caller's transaction, with the first change */
  g_assert_false (sqlite3_get_autocommit (db));
  g_assert_true (onsite_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_true (sqlite3_get_autocommit (db));

  read = onsite_store_get_ticket (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_ticket_get_status (read), ==, ONSITE_TICKET_STATUS_IN_PROGRESS);
  g_assert_cmpint (count_rows (store, "events"), ==, events_before + 1);
  g_clear_object (&read);

  /* The caller changes its mind: nothing of the inner call stays */
  g_assert_true (onsite_store_begin (store, &error));
  g_assert_true (onsite_store_set_ticket_status (store, id, ONSITE_TICKET_STATUS_OPEN, "test", &error));
  g_assert_no_error (error);
  onsite_store_rollback (store);
  g_assert_true (sqlite3_get_autocommit (db));

  read = onsite_store_get_ticket (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_ticket_get_status (read), ==, ONSITE_TICKET_STATUS_IN_PROGRESS);
  g_assert_cmpint (count_rows (store, "events"), ==, events_before + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/open/creates", test_open_creates);
  g_test_add_func ("/store/transaction/nested", test_nested_transactions);
  g_test_add_func ("/store/open/async", test_open_async);
  g_test_add_func ("/store/open/not-a-database", test_open_not_a_database);
  g_test_add_func ("/store/open/too-new", test_open_too_new);
  g_test_add_func ("/store/migrate/from-every-version", test_migrate_from_every_version);
  g_test_add_func ("/store/ticket/round-trip", test_ticket_round_trip);
  g_test_add_func ("/store/ticket/defaults", test_ticket_defaults);
  g_test_add_func ("/store/ticket/without-location", test_ticket_without_location);
  g_test_add_func ("/store/ticket/refusals", test_ticket_refusals);
  g_test_add_func ("/store/site/refusals", test_site_refusals);
  g_test_add_func ("/store/search", test_search);
  g_test_add_func ("/store/status", test_set_status);
  g_test_add_func ("/store/events/append-only", test_event_log_append_only);
  g_test_add_func ("/store/technicians", test_technicians);
  g_test_add_func ("/store/vendors", test_vendors);

  return g_test_run ();
}
