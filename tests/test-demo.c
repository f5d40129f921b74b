/* test-demo.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "onsite-demo.h"
#include "onsite-store-dispatch.h"
#include "onsite-store-private.h"
#include "onsite-store-vendor.h"
#include "vendor/onsite-handoff.h"

/* Monday 23 November 2026, 09:00 UTC: a working morning. */
#define REFERENCE_TIME ((gint64)1795424400)

/* Milan and the towns around it, generously. */
#define MIN_LATITUDE  45.33
#define MAX_LATITUDE  45.65
#define MIN_LONGITUDE 8.98
#define MAX_LONGITUDE 9.36

static OnsiteStore *
open_test_store (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  OnsiteStore *store = onsite_store_open (path, &error);

  g_assert_no_error (error);

  return store;
}

static void
fill (OnsiteStore *store,
      guint        n_tickets,
      guint        n_open,
      guint32      seed)
{
  g_autoptr(GError) error = NULL;
  OnsiteDemoOptions options;

  onsite_demo_options_init (&options);
  options.n_tickets = n_tickets;
  options.n_open = n_open;
  options.seed = seed;
  options.now = REFERENCE_TIME;

  g_assert_true (onsite_demo_fill (store, &options, &error));
  g_assert_no_error (error);
}

static gint64
count_rows (OnsiteStore *store,
            const char  *table)
{
  g_autoptr(GError) error = NULL;
  gint64 n = onsite_store_count_rows (store, table, &error);

  g_assert_no_error (error);

  return n;
}

static gint64
query_int (OnsiteStore *store,
           const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

/* SHA-256 of every row of @sql, column by column, as SQLite prints them. */
static char *
digest (OnsiteStore *store,
        const char  *sql)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint rows = 0;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *)sqlite3_column_text (stmt, i);

          g_checksum_update (checksum, (const guchar *)(text ? text : "\\N"), -1);
          g_checksum_update (checksum, (const guchar *)"\x1f", 1);
        }
      g_checksum_update (checksum, (const guchar *)"\x1e", 1);
      rows++;
    }

  g_assert_cmpint (rc, ==, SQLITE_DONE);
  g_assert_cmpuint (rows, >, 0);

  return g_strdup (g_checksum_get_string (checksum));
}

static const char * const dumps[] = {
  "SELECT * FROM tickets t LEFT JOIN sites s ON s.id = t.site_id ORDER BY t.id",
  "SELECT * FROM events ORDER BY id",
  "SELECT * FROM technicians ORDER BY id",
  "SELECT * FROM technician_skills ORDER BY technician_id, skill",
  "SELECT * FROM technician_hours ORDER BY technician_id, weekday, start_minute",
  "SELECT * FROM vendors ORDER BY id",
  "SELECT * FROM vendor_contacts ORDER BY id",
  "SELECT * FROM vendor_contracts ORDER BY id",
  "SELECT rowid, * FROM ticket_search ORDER BY rowid",
  "SELECT * FROM visits ORDER BY id",
};

static void
test_deterministic (void)
{
  g_autoptr(OnsiteStore) first = open_test_store ("first.db");
  g_autoptr(OnsiteStore) second = open_test_store ("second.db");
  g_autoptr(OnsiteStore) other_seed = open_test_store ("other-seed.db");

  fill (first, 300, ONSITE_DEMO_OPEN_DEFAULT, ONSITE_DEMO_DEFAULT_SEED);
  fill (second, 300, ONSITE_DEMO_OPEN_DEFAULT, ONSITE_DEMO_DEFAULT_SEED);
  fill (other_seed, 300, ONSITE_DEMO_OPEN_DEFAULT, 7);

  for (guint i = 0; i < G_N_ELEMENTS (dumps); i++)
    {
      g_autofree char *a = digest (first, dumps[i]);
      g_autofree char *b = digest (second, dumps[i]);

      g_test_message ("%s: %s", dumps[i], a);
      g_assert_cmpstr (a, ==, b);
    }

  /* Another seed, other tickets. */
  {
    g_autofree char *a = digest (first, dumps[0]);
    g_autofree char *c = digest (other_seed, dumps[0]);

    g_assert_cmpstr (a, !=, c);
  }
}

static void
test_defaults (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("defaults.db");
  g_autoptr(GError) error = NULL;
  OnsiteDemoOptions options;

  onsite_demo_options_init (&options);
  g_assert_cmpuint (options.n_tickets, ==, 300);
  g_assert_cmpuint (options.n_technicians, ==, 12);
  g_assert_cmpuint (options.n_vendors, ==, 8);
  g_assert_cmpuint (options.seed, ==, ONSITE_DEMO_DEFAULT_SEED);

  /* NULL options: the defaults, at the current time. */
  g_assert_true (onsite_demo_fill (store, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (onsite_store_count_tickets (store, FALSE, &error), ==, 300);
  g_assert_cmpint (onsite_store_count_tickets (store, TRUE, &error), ==, 285);
  g_assert_cmpint (count_rows (store, "technicians"), ==, 12);
  g_assert_cmpint (count_rows (store, "vendors"), ==, 8);
  g_assert_cmpint (query_int (store, "SELECT max (created_at) FROM tickets"),
                   <=, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpint (query_int (store, "SELECT max (created_at) FROM tickets"),
                   >, g_get_real_time () / G_USEC_PER_SEC - 4 * 3600);
}

static void
test_counts (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("counts.db");
  g_autoptr(GError) error = NULL;

  fill (store, 300, ONSITE_DEMO_OPEN_DEFAULT, ONSITE_DEMO_DEFAULT_SEED);

  g_assert_cmpint (onsite_store_count_tickets (store, FALSE, &error), ==, 300);
  g_assert_cmpint (onsite_store_count_tickets (store, TRUE, &error), ==, 285);
  g_assert_no_error (error);

  /* A few hundred sites at most, shared by the tickets. */
  g_assert_cmpint (count_rows (store, "sites"), >=, 50);
  g_assert_cmpint (count_rows (store, "sites"), <=, 340);

  /* Twelve technicians, each with skills, a home and a working week
   * with a lunch break. */
  g_assert_cmpint (count_rows (store, "technicians"), ==, 12);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM technicians WHERE home_latitude IS NULL"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(DISTINCT technician_id) FROM technician_skills"), ==, 12);
  g_assert_cmpint (query_int (store, "SELECT min (n) FROM (SELECT count(*) AS n FROM technician_hours"
                                     " GROUP BY technician_id)"), >=, 8);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM technician_hours WHERE weekday = 7"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(DISTINCT skill) FROM technician_skills"), >=, 6);

  /* Eight vendors, each with categories, an escalation contact and a
   * contract in force. */
  g_assert_cmpint (count_rows (store, "vendors"), ==, 8);
  g_assert_cmpint (query_int (store, "SELECT count(DISTINCT vendor_id) FROM vendor_categories"), ==, 8);
  g_assert_cmpint (query_int (store, "SELECT count(DISTINCT vendor_id) FROM vendor_contacts"
                                     " WHERE escalation"), ==, 8);
  g_assert_cmpint (query_int (store, "SELECT count(DISTINCT vendor_id) FROM vendor_contracts"
                                     " WHERE valid_from <= 1795424400 AND valid_until > 1795424400"), ==, 8);

  /* Every ticket has a history that starts when it was opened and whose
   * last line is its update time; nothing happens after the reference. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM tickets t WHERE NOT EXISTS"
                                     " (SELECT 1 FROM events e WHERE e.ticket_id = t.id"
                                     "  AND e.kind = 'created' AND e.at = t.created_at)"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM tickets t WHERE t.updated_at <>"
                                     " (SELECT max (at) FROM events e WHERE e.ticket_id = t.id)"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT max (at) FROM events"), <=, REFERENCE_TIME);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM events e JOIN tickets t ON t.id = e.ticket_id"
                                     " WHERE e.at < t.created_at"), ==, 0);
  g_assert_cmpint (count_rows (store, "events"), >, 500);

  /* Demo data is not a change waiting for a ticket service. */
  g_assert_cmpint (count_rows (store, "outbox"), ==, 0);

  /* Ids follow creation, as they would at a help desk. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM tickets a JOIN tickets b ON b.id = a.id + 1"
                                     " WHERE b.created_at < a.created_at"), ==, 0);

  /* SLA due dates follow from priority: 4, 8, 24 and 72 hours. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM tickets WHERE sla_due - created_at <>"
                                     " CASE priority WHEN 1 THEN 4 * 3600 WHEN 2 THEN 8 * 3600"
                                     " WHEN 3 THEN 24 * 3600 ELSE 72 * 3600 END"), ==, 0);
}

static void
test_mix (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("mix.db");
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  guint sla[ONSITE_N_SLA_STATES] = { 0 };
  guint priorities[ONSITE_PRIORITY_MAX + 1] = { 0 };
  guint statuses[ONSITE_N_TICKET_STATUSES] = { 0 };
  guint levels[ONSITE_LEVEL_MAX + 1] = { 0 };
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  guint without_location = 0;

  fill (store, 300, ONSITE_DEMO_OPEN_DEFAULT, ONSITE_DEMO_DEFAULT_SEED);

  open = onsite_store_list_open_tickets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 285);

  for (guint i = 0; i < open->len; i++)
    {
      OnsiteTicket *ticket = g_ptr_array_index (open, i);
      double latitude, longitude;

      sla[onsite_ticket_get_sla_state (ticket, REFERENCE_TIME)]++;
      priorities[onsite_ticket_get_priority (ticket)]++;
      statuses[onsite_ticket_get_status (ticket)]++;
      levels[onsite_ticket_get_support_level (ticket)]++;
      g_hash_table_add (categories, (gpointer)onsite_ticket_get_category (ticket));

      g_assert_cmpstr (onsite_ticket_get_title (ticket), !=, "");
      g_assert_cmpuint (strlen (onsite_ticket_get_description (ticket)), >, 40);
      g_assert_cmpstr (onsite_ticket_get_requester (ticket), !=, "");
      g_assert_nonnull (strchr (onsite_ticket_get_requester_contact (ticket), '@'));
      g_assert_cmpint (onsite_ticket_get_site_id (ticket), >, 0);
      g_assert_true (g_str_has_suffix (onsite_ticket_get_address (ticket), " MI") ||
                     g_str_has_suffix (onsite_ticket_get_address (ticket), " MB"));
      g_assert_cmpstr (onsite_ticket_get_room (ticket), !=, "");
      g_assert_cmpstr (onsite_ticket_get_floor (ticket), !=, "");
      g_assert_cmpint (onsite_ticket_get_created (ticket), <, REFERENCE_TIME);

      if (!onsite_ticket_get_location (ticket, &latitude, &longitude))
        {
          without_location++;
          continue;
        }

      g_assert_cmpfloat (latitude, >=, MIN_LATITUDE);
      g_assert_cmpfloat (latitude, <=, MAX_LATITUDE);
      g_assert_cmpfloat (longitude, >=, MIN_LONGITUDE);
      g_assert_cmpfloat (longitude, <=, MAX_LONGITUDE);
    }

  g_test_message ("SLA: %u on track, %u at risk, %u breached; %u without location",
                  sla[ONSITE_SLA_ON_TRACK], sla[ONSITE_SLA_AT_RISK], sla[ONSITE_SLA_BREACHED],
                  without_location);

  /* Mostly on track, some at risk, some late. */
  g_assert_cmpuint (sla[ONSITE_SLA_NONE], ==, 0);
  g_assert_cmpuint (sla[ONSITE_SLA_ON_TRACK], >, open->len / 2);
  g_assert_cmpuint (sla[ONSITE_SLA_AT_RISK], >=, open->len / 20);
  g_assert_cmpuint (sla[ONSITE_SLA_BREACHED], >=, open->len / 20);

  /* Every priority, few critical. */
  for (int p = ONSITE_PRIORITY_MIN; p <= ONSITE_PRIORITY_MAX; p++)
    g_assert_cmpuint (priorities[p], >, 0);
  g_assert_cmpuint (priorities[1], <, open->len / 8);

  /* Every open status, and no closed one on the board. */
  for (OnsiteTicketStatus s = 0; s < ONSITE_N_TICKET_STATUSES; s++)
    {
      if (onsite_ticket_status_is_open (s))
        g_assert_cmpuint (statuses[s], >, 0);
      else
        g_assert_cmpuint (statuses[s], ==, 0);
    }

  /* On-site level 2 mostly, some level 3. */
  g_assert_cmpuint (levels[2], >, open->len * 3 / 4);
  g_assert_cmpuint (levels[3], >, 0);
  g_assert_cmpuint (levels[0] + levels[1], ==, 0);

  /* The five categories. */
  g_assert_cmpuint (g_hash_table_size (categories), ==, 5);
  g_assert_true (g_hash_table_contains (categories, "printer"));
  g_assert_true (g_hash_table_contains (categories, "network"));
  g_assert_true (g_hash_table_contains (categories, "laptop"));
  g_assert_true (g_hash_table_contains (categories, "phone"));
  g_assert_true (g_hash_table_contains (categories, "conference-room"));

  /* About one in 25 cannot be placed on the map. */
  g_assert_cmpuint (without_location, >=, 5);
  g_assert_cmpuint (without_location, <=, open->len / 10);

  /* Nothing at 0,0, and every stored coordinate (closed tickets' sites
   * and technicians' homes too) is around Milan. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM sites WHERE latitude IS NOT NULL AND NOT"
                                     " (latitude BETWEEN 45.33 AND 45.65 AND longitude BETWEEN 8.98 AND 9.36)"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM technicians WHERE NOT"
                                     " (home_latitude BETWEEN 45.33 AND 45.65"
                                     "  AND home_longitude BETWEEN 8.98 AND 9.36)"), ==, 0);

  /* The demo is searchable like real data. */
  {
    g_autoptr(GArray) found = onsite_store_search (store, "printer", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, >, 10);
  }
}

static void
test_large (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("large.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;
  gint64 begin = g_get_monotonic_time ();

  fill (store, 5000, 500, 99);
  g_test_message ("5000 tickets in %.2f s", (g_get_monotonic_time () - begin) / 1e6);

  g_assert_cmpint (onsite_store_count_tickets (store, FALSE, &error), ==, 5000);
  g_assert_cmpint (onsite_store_count_tickets (store, TRUE, &error), ==, 500);
  g_assert_no_error (error);

  /* The closed history goes back months; the open tickets are recent. */
  g_assert_cmpint (query_int (store, "SELECT min (created_at) FROM tickets"),
                   <, REFERENCE_TIME - 90 * 86400);
  g_assert_cmpint (query_int (store, "SELECT min (created_at) FROM tickets"
                                     " WHERE status NOT IN ('resolved', 'closed')"),
                   >, REFERENCE_TIME - 7 * 86400);

  /* The bulk load indexed the open tickets, and only them, and put the
   * search trigger back. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM ticket_search"), ==, 500);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM sqlite_schema"
                                     " WHERE type = 'trigger' AND name = 'tickets_search_insert'"), ==, 1);
  found = onsite_store_search (store, "milano", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >, 100);
  g_assert_cmpuint (found->len, <=, 500);

  /* Exactly the number of open tickets asked for, also all or none. */
  {
    g_autoptr(OnsiteStore) all_open = open_test_store ("all-open.db");
    g_autoptr(OnsiteStore) none_open = open_test_store ("none-open.db");

    fill (all_open, 40, 40, 1);
    fill (none_open, 40, 0, 1);
    g_assert_cmpint (onsite_store_count_tickets (all_open, TRUE, &error), ==, 40);
    g_assert_cmpint (onsite_store_count_tickets (none_open, TRUE, &error), ==, 0);
    g_assert_cmpint (onsite_store_count_tickets (none_open, FALSE, &error), ==, 40);
  }
}

static void
test_refuses_non_empty (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("twice.db");
  g_autoptr(OnsiteStore) technicians_only = open_test_store ("technicians-only.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  OnsiteDemoOptions options;
  const char *skills[] = { "printer", NULL };
  OnsiteTechnician technician = { .name = "Paola Brambilla", .skills = skills };

  fill (store, 50, ONSITE_DEMO_OPEN_DEFAULT, ONSITE_DEMO_DEFAULT_SEED);
  before = digest (store, dumps[0]);

  onsite_demo_options_init (&options);
  options.now = REFERENCE_TIME;
  g_assert_false (onsite_demo_fill (store, &options, &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The database already has tickets; demo data goes only into an empty one.");
  g_clear_error (&error);

  after = digest (store, dumps[0]);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count_rows (store, "technicians"), ==, 12);
  g_assert_cmpint (count_rows (store, "vendors"), ==, 8);

  /* Demo people next to real ones would be confusing: refused too. */
  g_assert_cmpint (onsite_store_insert_technician (technicians_only, &technician, &error), >, 0);
  g_assert_no_error (error);
  g_assert_false (onsite_demo_fill (technicians_only, &options, &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (technicians_only, "technicians"), ==, 1);
  g_assert_cmpint (count_rows (technicians_only, "tickets"), ==, 0);

  /* More open tickets than tickets. */
  {
    g_autoptr(OnsiteStore) empty = open_test_store ("empty.db");

    options.n_tickets = 10;
    options.n_open = 11;
    g_assert_false (onsite_demo_fill (empty, &options, &error));
    g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
    g_assert_cmpint (count_rows (empty, "technicians"), ==, 0);
  }
}

/* A failure halfway leaves an empty database, search trigger included. */
static void
test_rolls_back (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("rollback.db");
  g_autoptr(GError) error = NULL;
  OnsiteDemoOptions options;
  char *message = NULL;

  /* The first ticket that gets resolved fails, after many were written. */
  if (sqlite3_exec (_onsite_store_get_db (store),
                    "CREATE TEMP TRIGGER no_resolved BEFORE INSERT ON events"
                    "  WHEN NEW.kind = 'resolved' AND NEW.ticket_id > 100"
                    "  BEGIN SELECT RAISE (ABORT, 'disk trouble'); END;",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);

  onsite_demo_options_init (&options);
  options.n_tickets = 400;
  options.n_open = 100;
  options.now = REFERENCE_TIME;
  g_assert_false (onsite_demo_fill (store, &options, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == ONSITE_STORE_ERROR);

  g_assert_cmpint (count_rows (store, "tickets"), ==, 0);
  g_assert_cmpint (count_rows (store, "sites"), ==, 0);
  g_assert_cmpint (count_rows (store, "events"), ==, 0);
  g_assert_cmpint (count_rows (store, "technicians"), ==, 0);
  g_assert_cmpint (count_rows (store, "vendors"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM sqlite_schema"
                                     " WHERE type = 'trigger' AND name = 'tickets_search_insert'"), ==, 1);
  g_assert_true (sqlite3_get_autocommit (_onsite_store_get_db (store)));

  /* And the store works as before. */
  sqlite3_exec (_onsite_store_get_db (store), "DROP TRIGGER temp.no_resolved", NULL, NULL, NULL);
  fill (store, 30, ONSITE_DEMO_OPEN_DEFAULT, 3);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM ticket_search"), ==,
                   onsite_store_count_tickets (store, TRUE, NULL));
}

/* Today's visits: the scheduled tickets' technicians, in working hours,
 * one after the other, as the history says. */
static void
test_visits (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("visits.db");
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (REFERENCE_TIME);
  g_autoptr(OnsiteDay) day = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  guint n_visits = 0;
  guint n_late = 0;

  fill (store, 300, ONSITE_DEMO_OPEN_DEFAULT, ONSITE_DEMO_DEFAULT_SEED);

  /* Most scheduled tickets have a visit; every visit is for one. */
  g_assert_cmpint (count_rows (store, "visits"), >=, 40);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM visits v JOIN tickets t ON t.id = v.ticket_id"
                                     " WHERE t.status NOT IN ('scheduled', 'in-progress')"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM (SELECT ticket_id FROM visits"
                                     " GROUP BY ticket_id HAVING count(*) > 1)"), ==, 0);
  /* The technician is the one the ticket's history names. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM visits v JOIN technicians p ON p.id = v.technician_id"
                                     " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = v.ticket_id"
                                     "   AND e.summary = 'Visit planned with ' || p.name)"), ==, 0);
  /* Nobody is in two places at once. */
  g_assert_cmpint (query_int (store, "SELECT max(n) FROM (SELECT count(*) AS n FROM visits"
                                     " WHERE state = 'on-site' GROUP BY technician_id)"), ==, 1);
  /* The demo goes through no outbox. */
  g_assert_cmpint (count_rows (store, "outbox"), ==, 0);

  day = onsite_store_load_day (store, now, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (onsite_day_get_techs (day)); i++)
    {
      g_autoptr(OnsiteTech) tech = g_list_model_get_item (onsite_day_get_techs (day), i);

      n_visits += g_list_model_get_n_items (onsite_day_get_visits (day, onsite_tech_get_id (tech)));
    }
  /* Today holds what fits with room to spare; the rest is planned on the
   * next working days, so that every scheduled ticket has its visit. */
  g_assert_cmpint (n_visits, ==, query_int (store, "SELECT count(*) FROM visits"
                                                   " WHERE date (planned_start, 'unixepoch', 'localtime')"
                                                   "   = date (1795424400, 'unixepoch', 'localtime')"));
  g_assert_cmpint (n_visits, <, count_rows (store, "visits"));
  g_assert_cmpint (query_int (store, "SELECT max(n) FROM (SELECT count(*) AS n FROM visits"
                                     " WHERE date (planned_start, 'unixepoch', 'localtime')"
                                     "   = date (1795424400, 'unixepoch', 'localtime')"
                                     " GROUP BY technician_id)"), <=, 4);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM tickets t WHERE status IN ('scheduled', 'in-progress')"
                                     " AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.ticket_id = t.id)"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM visits WHERE date (planned_start, 'unixepoch', 'localtime')"
                                     "   < date (1795424400, 'unixepoch', 'localtime')"), ==, 0);

  /* No overlaps, no trip too short, nothing outside working hours on a
   * working day, everyone sent where their skills fit; some visits come
   * after the SLA due time, as in real life, but not most of them. */
  conflicts = onsite_day_find_conflicts (day, 0, NULL);
  for (guint i = 0; i < conflicts->len; i++)
    {
      OnsiteConflict *c = g_ptr_array_index (conflicts, i);

      g_test_message ("%s: %s", onsite_conflict_kind_to_string (c->kind), c->message);
      g_assert_cmpint (c->kind, !=, ONSITE_CONFLICT_OVERLAP);
      g_assert_cmpint (c->kind, !=, ONSITE_CONFLICT_TRAVEL);
      g_assert_cmpint (c->kind, !=, ONSITE_CONFLICT_SKILL);
      if (c->kind == ONSITE_CONFLICT_SLA)
        n_late++;
    }
  g_assert_cmpuint (n_late, >, 0);
  g_assert_cmpuint (n_late * 3, <=, n_visits);
}

/* The coordinator's view is not empty: vendor cases at every step, one
 * late, each with the history and the due dates the store itself wrote. */
static void
test_handoffs (void)
{
  g_autoptr(OnsiteStore) store = open_test_store ("handoffs.db");
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  guint n_late = 0, n_with_reference = 0;
  guint states[ONSITE_HANDOFF_REJECTED + 1] = { 0 };

  fill (store, 300, ONSITE_DEMO_OPEN_DEFAULT, ONSITE_DEMO_DEFAULT_SEED);

  open = onsite_store_list_handoffs (store, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 6);

  for (guint i = 0; i < open->len; i++)
    {
      OnsiteHandoff *h = g_ptr_array_index (open, i);
      const char *reference = onsite_handoff_get_vendor_reference (h);

      states[onsite_handoff_get_state (h)]++;
      n_late += onsite_handoff_is_overdue (h, REFERENCE_TIME);
      n_with_reference += reference != NULL && *reference != '\0';
      g_assert_cmpint (onsite_handoff_get_sent_at (h), <, REFERENCE_TIME);
      g_assert_cmpint (onsite_handoff_get_acknowledge_due (h), >, onsite_handoff_get_sent_at (h));
    }
  g_assert_cmpuint (states[ONSITE_HANDOFF_REQUESTED], ==, 2);
  g_assert_cmpuint (states[ONSITE_HANDOFF_ACKNOWLEDGED], ==, 2);
  g_assert_cmpuint (states[ONSITE_HANDOFF_IN_PROGRESS], ==, 1);
  g_assert_cmpuint (states[ONSITE_HANDOFF_RESOLVED], ==, 1);
  g_assert_cmpuint (n_with_reference, ==, 4);
  g_assert_cmpuint (n_late, >=, 1);

  /* Their tickets wait on the vendor (back with L2 once the vendor says it
   * is fixed), level 3, with the steps in the history */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM handoffs h JOIN tickets t ON t.id = h.ticket_id"
                                     " WHERE t.support_level = 3 AND (t.status = 'waiting') = (h.state <> 'resolved')"), ==, 6);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM events WHERE kind LIKE 'handoff%'"), >=, 6 + 4 + 2);
  /* As if sent long ago: nothing waits in the outbox */
  g_assert_cmpint (count_rows (store, "outbox"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The reference time is Monday 09:00 in UTC; the demo's day is a local
   * one, so the test pins the zone it was written for */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/defaults", test_defaults);
  g_test_add_func ("/demo/counts", test_counts);
  g_test_add_func ("/demo/mix", test_mix);
  g_test_add_func ("/demo/visits", test_visits);
  g_test_add_func ("/demo/handoffs", test_handoffs);
  g_test_add_func ("/demo/large", test_large);
  g_test_add_func ("/demo/refuses-non-empty", test_refuses_non_empty);
  g_test_add_func ("/demo/rolls-back", test_rolls_back);

  return g_test_run ();
}
