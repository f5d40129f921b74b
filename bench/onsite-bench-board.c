/* onsite-bench-board.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatcher board at scale: 100,000 tickets in the store, 10,000 of them
 * open. Measures the time from creating the window to the first frame that
 * shows the tickets, and what a search costs: the model's work, and the whole
 * round until the next frame is painted. Run it under Xvfb:
 *
 *   tests/run-under-xvfb _build/bench/onsite-bench-board
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "onsite-application.h"
#include "onsite-demo.h"
#include "onsite-window.h"

static guint n_tickets = 100000;
static guint n_open = 10000;
static char *db_path;
static int repeat = 5;

static const GOptionEntry entries[] = {
  { "tickets", 0, 0, G_OPTION_ARG_INT, &n_tickets, "Tickets in the store", "N" },
  { "open", 0, 0, G_OPTION_ARG_INT, &n_open, "Of which open", "N" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database to use (made if missing)", "PATH" },
  { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Rounds of the search queries", "N" },
  { NULL }
};

/* What dispatchers type: whole words, prefixes while typing, two words,
 * place names, and words that match nothing. */
static const char * const queries[] = {
  "p", "pr", "pri", "prin", "print", "printer",
  "toner", "laptop", "dock", "switch", "wifi", "projector",
  "milano", "sesto", "monza", "via", "corso", "viale torino",
  "rossi", "giulia", "bianchi",
  "printer floor", "network sede", "xyzzy",
};

static gint64 paint_started;
static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  painted = TRUE;
}

static void
wait_for_paint (void)
{
  painted = FALSE;
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;
  return (da > db) - (da < db);
}

static double
percentile (GArray *values,
            double  p)
{
  guint index;

  g_array_sort (values, compare_doubles);
  index = (guint)(p * (values->len - 1) + 0.5);

  return g_array_index (values, double, index);
}

static void
ensure_database (const char *path)
{
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteDemoOptions options;
  gint64 start;

  if (!(store = onsite_store_open (path, &error)))
    g_error ("%s", error->message);

  if (onsite_store_count_tickets (store, FALSE, NULL) == n_tickets &&
      onsite_store_count_tickets (store, TRUE, NULL) == n_open)
    return;

  if (onsite_store_count_tickets (store, FALSE, NULL) > 0)
    g_error ("%s holds other tickets; pass another --db", path);

  onsite_demo_options_init (&options);
  options.n_tickets = n_tickets;
  options.n_open = n_open;

  start = g_get_monotonic_time ();
  if (!onsite_demo_fill (store, &options, &error))
    g_error ("%s", error->message);

  g_print ("Filled %s with %u tickets (%u open) in %.2f s\n",
           path, n_tickets, n_open, (g_get_monotonic_time () - start) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— benchmark the dispatcher board");
  g_autoptr(OnsiteApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) model_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *tmpdir = NULL;
  OnsiteBoardModel *board;
  OnsiteWindow *window;
  GdkFrameClock *clock;
  double first_paint_ms;
  guint shown;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (db_path == NULL)
    {
      tmpdir = g_dir_make_tmp ("onsite-bench-XXXXXX", NULL);
      db_path = g_build_filename (tmpdir, "bench.db", NULL);
    }

  ensure_database (db_path);

  gtk_init ();
  adw_init ();

  app = onsite_application_new (G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  /* First paint: from creating the window to the first frame that shows the
   * board with its tickets (opening the store, reading 10,000 open tickets,
   * sorting, list and map). */
  paint_started = g_get_monotonic_time ();
  window = onsite_window_new (app, db_path, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));

  while ((board = onsite_window_get_board (window)) == NULL ||
         g_list_model_get_n_items (G_LIST_MODEL (board)) == 0)
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  wait_for_paint ();
  first_paint_ms = (g_get_monotonic_time () - paint_started) / 1000.0;
  shown = g_list_model_get_n_items (G_LIST_MODEL (board));

  /* Let the map settle before measuring searches. */
  for (guint i = 0; i < 10; i++)
    {
      gtk_widget_queue_draw (GTK_WIDGET (window));
      wait_for_paint ();
    }

  for (int r = 0; r < repeat; r++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (queries) + 1; i++)
        {
          const char *query = i < G_N_ELEMENTS (queries) ? queries[i] : "";
          gint64 t0, t1, t2;
          double m, f;

          t0 = g_get_monotonic_time ();
          if (!onsite_board_model_set_search (board, query, &error))
            g_error ("%s", error->message);
          t1 = g_get_monotonic_time ();
          gtk_widget_queue_draw (GTK_WIDGET (window));
          wait_for_paint ();
          t2 = g_get_monotonic_time ();

          m = (t1 - t0) / 1000.0;
          f = (t2 - t0) / 1000.0;
          g_array_append_val (model_ms, m);
          g_array_append_val (frame_ms, f);
        }
    }

  g_print ("Board with %u tickets, %u open (%u shown)\n", n_tickets, n_open, shown);
  g_print ("  first paint:                  %8.1f ms\n", first_paint_ms);
  g_print ("  search, model (median / p95): %8.2f / %.2f ms over %u searches\n",
           percentile (model_ms, 0.5), percentile (model_ms, 0.95), model_ms->len);
  g_print ("  search to next frame (median / p95): %8.2f / %.2f ms\n",
           percentile (frame_ms, 0.5), percentile (frame_ms, 0.95));

  gtk_window_destroy (GTK_WINDOW (window));

  if (tmpdir != NULL)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
      g_remove (db_path);
      g_remove (wal);
      g_remove (shm);
      g_rmdir (tmpdir);
    }

  return EXIT_SUCCESS;
}
