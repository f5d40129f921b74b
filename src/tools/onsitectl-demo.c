/* onsitectl-demo.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsitectl"

#include "config.h"

#include <glib/gi18n.h>

#include "onsite-demo.h"
#include "onsitectl-private.h"

#define UNSET G_MININT64

/*
 * onsitectl demo [--tickets N] [--open N] [--seed N] [--now TIME]:
 * fills an empty database with the same demo data as the app's
 * "Load Demo Data", or a bigger set for benchmarks.
 */

static gboolean
parse_count (const char  *what,
             gint64       value,
             gint64       max,
             guint       *out)
{
  if (value < 0 || value > max)
    {
      onsitectl_fail (_("demo: %s must be a number from 0 to %" G_GINT64_FORMAT "."),
                      what, max);
      return FALSE;
    }

  *out = (guint)value;
  return TRUE;
}

int
onsitectl_cmd_demo (OnsitectlContext  *ctx,
                    int                argc,
                    char             **argv)
{
  g_autoptr(GError) error = NULL;
  OnsiteDemoOptions options;
  OnsiteStore *store;
  gint64 tickets = UNSET;
  gint64 open = UNSET;
  gint64 seed = UNSET;
  gint64 technicians = UNSET;
  gint64 vendors = UNSET;
  gint64 now = 0;
  gint64 begin;
  gint64 n_open;
  const GOptionEntry entries[] = {
    { "tickets", 0, 0, G_OPTION_ARG_INT64, &tickets,
      N_("How many tickets (default 300)"), N_("N") },
    { "open", 0, 0, G_OPTION_ARG_INT64, &open,
      N_("How many of them are open (default: all but one in twenty)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the random choices (default 20261123)"), N_("N") },
    { "now", 0, 0, G_OPTION_ARG_INT64, &now,
      N_("Reference time in seconds since 1970 (default: now)"), N_("SECONDS") },
    { "technicians", 0, 0, G_OPTION_ARG_INT64, &technicians,
      N_("How many technicians (default 12)"), N_("N") },
    { "vendors", 0, 0, G_OPTION_ARG_INT64, &vendors,
      N_("How many vendors (default 8, at most 8)"), N_("N") },
    { NULL }
  };

  if (!onsitectl_parse_options (ctx, NULL, entries, &argc, &argv))
    return ONSITECTL_EXIT_USAGE;

  if (argc > 1)
    {
      onsitectl_fail (_("demo: unexpected argument “%s”."), argv[1]);
      return ONSITECTL_EXIT_USAGE;
    }

  onsite_demo_options_init (&options);

  if ((tickets != UNSET && !parse_count ("--tickets", tickets, 10000000, &options.n_tickets)) ||
      (open != UNSET && !parse_count ("--open", open, options.n_tickets, &options.n_open)) ||
      (seed != UNSET && !parse_count ("--seed", seed, G_MAXUINT32, &options.seed)) ||
      (technicians != UNSET && !parse_count ("--technicians", technicians, 1000, &options.n_technicians)) ||
      (vendors != UNSET && !parse_count ("--vendors", vendors, 8, &options.n_vendors)))
    return ONSITECTL_EXIT_USAGE;

  if (now < 0)
    {
      onsitectl_fail (_("demo: --now must be a time in seconds since 1970."));
      return ONSITECTL_EXIT_USAGE;
    }
  options.now = now;

  if (!(store = onsitectl_context_get_store (ctx, &error)))
    return onsitectl_fail_error (error);

  begin = g_get_monotonic_time ();

  if (!onsite_demo_fill (store, &options, &error))
    return onsitectl_fail_error (error);

  n_open = onsite_store_count_tickets (store, TRUE, NULL);

  g_print (_("Added %u tickets (%" G_GINT64_FORMAT " open), %u technicians and %u vendors to %s in %.2f s.\n"),
           options.n_tickets, n_open, options.n_technicians, options.n_vendors,
           onsite_store_get_path (store),
           (g_get_monotonic_time () - begin) / (double)G_USEC_PER_SEC);

  return 0;
}
