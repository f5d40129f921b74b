/* test-board-model.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "onsite-board-model.h"
#include "onsite-ticket-private.h"

#define NOW ((gint64)1795000000) /* a fixed Monday morning in 2026 */
#define HOUR ((gint64)3600)

typedef struct
{
  char        *dir;
  OnsiteStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("onsite-board-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "board.db", NULL);
  fixture->store = onsite_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_strdup (onsite_store_get_path (fixture->store));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&fixture->store);
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static gint64
add (Fixture            *fixture,
     const char         *title,
     const char         *site,
     int                 priority,
     int                 level,
     OnsiteTicketStatus  status,
     gint64              created,
     gint64              due)
{
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(GError) error = NULL;

  ticket->title = g_strdup (title);
  ticket->site_name = g_strdup (site);
  ticket->address = g_strdup ("Via Torino 12, Milano");
  ticket->priority = priority;
  ticket->support_level = level;
  ticket->status = status;
  ticket->created = created;
  ticket->sla_due = due;
  ticket->has_location = TRUE;
  ticket->latitude = 45.46;
  ticket->longitude = 9.18;

  onsite_store_insert_ticket (fixture->store, ticket, &error);
  g_assert_no_error (error);

  return onsite_ticket_get_id (ticket);
}

static GArray *
visible_ids (OnsiteBoardModel *board)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (board));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteTicket) ticket = g_list_model_get_item (G_LIST_MODEL (board), i);
      gint64 id = onsite_ticket_get_id (ticket);
      g_array_append_val (ids, id);
    }

  return ids;
}

static void
assert_ids (OnsiteBoardModel *board,
            const gint64     *expected,
            guint             n_expected)
{
  g_autoptr(GArray) ids = visible_ids (board);

  g_assert_cmpuint (ids->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);
}

static void
test_sort_and_open_only (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(OnsiteBoardModel) board = onsite_board_model_new (fixture->store);
  g_autoptr(GError) error = NULL;
  gint64 late, soon, later, none, closed, tie_p1;

  later = add (fixture, "Later", "A", 3, 2, ONSITE_TICKET_STATUS_OPEN, NOW - HOUR, NOW + 20 * HOUR);
  none = add (fixture, "No SLA", "A", 1, 2, ONSITE_TICKET_STATUS_NEW, NOW - HOUR, 0);
  late = add (fixture, "Late", "A", 4, 2, ONSITE_TICKET_STATUS_OPEN, NOW - 9 * HOUR, NOW - HOUR);
  soon = add (fixture, "Soon", "A", 3, 2, ONSITE_TICKET_STATUS_SCHEDULED, NOW - 6 * HOUR, NOW + HOUR);
  closed = add (fixture, "Closed", "A", 1, 2, ONSITE_TICKET_STATUS_RESOLVED, NOW - 6 * HOUR, NOW - 2 * HOUR);
  tie_p1 = add (fixture, "Same due, higher priority", "A", 1, 2, ONSITE_TICKET_STATUS_OPEN, NOW - 2 * HOUR, NOW + HOUR);

  onsite_board_model_set_now (board, NOW);
  g_assert_true (onsite_board_model_reload (board, &error));
  g_assert_no_error (error);

  /* Most urgent first; a tie goes to the higher priority; no SLA last;
   * resolved tickets are not on the board. */
  {
    const gint64 expected[] = { late, tie_p1, soon, later, none };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }

  g_assert_cmpuint (onsite_board_model_get_n_total (board), ==, 5);
  g_assert_null (onsite_board_model_lookup (board, closed));
  g_assert_false (onsite_board_model_find (board, closed, NULL));
  {
    guint position = 99;
    g_assert_true (onsite_board_model_find (board, soon, &position));
    g_assert_cmpuint (position, ==, 2);
  }

  /* Out-of-range positions give NULL, as GListModel requires. */
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (board), 5));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (board)) == ONSITE_TYPE_TICKET);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(OnsiteBoardModel) board = onsite_board_model_new (fixture->store);
  g_autoptr(GError) error = NULL;
  OnsiteBoardFilter filter = { 0 };
  gint64 breached, at_risk, on_track, no_sla, vendor;

  breached = add (fixture, "Breached", "A", 2, 2, ONSITE_TICKET_STATUS_OPEN, NOW - 10 * HOUR, NOW - HOUR);
  at_risk = add (fixture, "At risk", "A", 3, 2, ONSITE_TICKET_STATUS_NEW, NOW - 7 * HOUR, NOW + HOUR);
  on_track = add (fixture, "On track", "A", 1, 2, ONSITE_TICKET_STATUS_SCHEDULED, NOW - HOUR, NOW + 7 * HOUR);
  no_sla = add (fixture, "No SLA", "A", 4, 2, ONSITE_TICKET_STATUS_WAITING, NOW - HOUR, 0);
  vendor = add (fixture, "With vendor", "A", 2, 3, ONSITE_TICKET_STATUS_WAITING, NOW - 2 * HOUR, NOW + 30 * HOUR);

  onsite_board_model_set_now (board, NOW);
  g_assert_true (onsite_board_model_reload (board, &error));

  filter.sla_states = 1u << ONSITE_SLA_BREACHED | 1u << ONSITE_SLA_AT_RISK;
  onsite_board_model_set_filter (board, &filter);
  {
    const gint64 expected[] = { breached, at_risk };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }

  /* Filters combine: SLA at risk or breached, and priority 2. */
  filter.priorities = 1u << 2;
  onsite_board_model_set_filter (board, &filter);
  {
    const gint64 expected[] = { breached };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }

  filter = (OnsiteBoardFilter) { .levels = 1u << 3 };
  onsite_board_model_set_filter (board, &filter);
  {
    const gint64 expected[] = { vendor };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }

  filter = (OnsiteBoardFilter) { .statuses = 1u << ONSITE_TICKET_STATUS_WAITING };
  onsite_board_model_set_filter (board, &filter);
  {
    const gint64 expected[] = { vendor, no_sla };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }

  filter = (OnsiteBoardFilter) { .sla_states = 1u << ONSITE_SLA_NONE };
  onsite_board_model_set_filter (board, &filter);
  {
    const gint64 expected[] = { no_sla };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }

  /* The SLA filter follows the clock: two hours later "on track" is at risk. */
  filter = (OnsiteBoardFilter) { .sla_states = 1u << ONSITE_SLA_AT_RISK };
  onsite_board_model_set_filter (board, &filter);
  {
    const gint64 expected[] = { at_risk };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }
  onsite_board_model_set_now (board, NOW + 5 * HOUR + 30 * 60);
  {
    const gint64 expected[] = { on_track };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }

  /* No filter: everything. */
  onsite_board_model_set_filter (board, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, 5);
}

typedef struct
{
  guint position, removed, added, calls;
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->calls++;
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(OnsiteBoardModel) board = onsite_board_model_new (fixture->store);
  g_autoptr(GError) error = NULL;
  Change change = { 0 };
  gint64 printer, network, caffe;

  printer = add (fixture, "Printer jams on floor 3", "Sede Centrale", 3, 2, ONSITE_TICKET_STATUS_OPEN, NOW - HOUR, NOW + HOUR);
  network = add (fixture, "Switch port dead", "Filiale Monza", 2, 2, ONSITE_TICKET_STATUS_OPEN, NOW - HOUR, NOW + 2 * HOUR);
  caffe = add (fixture, "Stampante in sala caffè", "Sede Centrale", 4, 2, ONSITE_TICKET_STATUS_OPEN, NOW - HOUR, NOW + 3 * HOUR);

  onsite_board_model_set_now (board, NOW);
  g_assert_true (onsite_board_model_reload (board, &error));
  g_signal_connect (board, "items-changed", G_CALLBACK (items_changed_cb), &change);

  g_assert_true (onsite_board_model_set_search (board, "print", &error));
  g_assert_no_error (error);
  {
    const gint64 expected[] = { printer };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.removed, ==, 3);
  g_assert_cmpuint (change.added, ==, 1);

  /* Site names are searched; accents do not matter; words combine. */
  g_assert_true (onsite_board_model_set_search (board, "sede", &error));
  {
    const gint64 expected[] = { printer, caffe };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }
  g_assert_true (onsite_board_model_set_search (board, "CAFFE sede", &error));
  {
    const gint64 expected[] = { caffe };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }

  /* Search and filter together. */
  {
    OnsiteBoardFilter filter = { .priorities = 1u << 3 };
    g_assert_true (onsite_board_model_set_search (board, "sede", &error));
    onsite_board_model_set_filter (board, &filter);
    {
      const gint64 expected[] = { printer };
      assert_ids (board, expected, G_N_ELEMENTS (expected));
    }
    onsite_board_model_set_filter (board, NULL);
  }

  /* Text that is FTS5 syntax is searched as words, never an error. */
  g_assert_true (onsite_board_model_set_search (board, "\"dead\" OR NEAR( * -", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, 0);

  /* The same search again changes nothing and says nothing. */
  change.calls = 0;
  g_assert_true (onsite_board_model_set_search (board, "\"dead\" OR NEAR( * -", &error));
  g_assert_cmpuint (change.calls, ==, 0);

  /* Blank clears it. */
  g_assert_true (onsite_board_model_set_search (board, "   ", &error));
  g_assert_null (onsite_board_model_get_search (board));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, 3);

  /* A search survives a reload, and sees new tickets. */
  g_assert_true (onsite_board_model_set_search (board, "switch", &error));
  add (fixture, "Second switch down", "Filiale Rho", 2, 2, ONSITE_TICKET_STATUS_NEW, NOW - HOUR, NOW + 5 * HOUR);
  g_assert_true (onsite_board_model_reload (board, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, 2);
  g_assert_true (onsite_board_model_find (board, network, NULL));
}

static void
test_reload_follows_store (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(OnsiteBoardModel) board = onsite_board_model_new (fixture->store);
  g_autoptr(GError) error = NULL;
  Change change = { 0 };
  gint64 a, b;

  a = add (fixture, "A", "A", 3, 2, ONSITE_TICKET_STATUS_OPEN, NOW - HOUR, NOW + HOUR);
  b = add (fixture, "B", "A", 3, 2, ONSITE_TICKET_STATUS_OPEN, NOW - HOUR, NOW + 2 * HOUR);

  g_assert_true (onsite_board_model_reload (board, &error));
  g_signal_connect (board, "items-changed", G_CALLBACK (items_changed_cb), &change);

  /* A resolved ticket leaves the board on the next reload, in one signal. */
  g_assert_true (onsite_store_set_ticket_status (fixture->store, a, ONSITE_TICKET_STATUS_RESOLVED, "test", &error));
  g_assert_true (onsite_board_model_reload (board, &error));
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 2);
  g_assert_cmpuint (change.added, ==, 1);
  {
    const gint64 expected[] = { b };
    assert_ids (board, expected, G_N_ELEMENTS (expected));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/board/sort-and-open-only", Fixture, NULL, fixture_set_up, test_sort_and_open_only, fixture_tear_down);
  g_test_add ("/board/filters", Fixture, NULL, fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/board/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/board/reload", Fixture, NULL, fixture_set_up, test_reload_follows_store, fixture_tear_down);

  return g_test_run ();
}
