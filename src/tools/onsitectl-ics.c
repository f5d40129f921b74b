/* onsitectl-ics.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsitectl"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "onsitectl-private.h"
#include "onsite-ics.h"

/*
 * onsitectl export-ics --technician ID --date YYYY-MM-DD [--output FILE]:
 * a technician's visits of one day (in the local time zone) as iCalendar,
 * to standard output or a file.
 */

int
onsitectl_cmd_export_ics (OnsitectlContext  *ctx,
                          int                argc,
                          char             **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *text = NULL;
  g_autofree char *date_option = NULL;
  g_autofree char *output = NULL;
  gint64 technician = 0;
  OnsiteStore *store;
  int year, month, day;
  char extra;
  const GOptionEntry entries[] = {
    { "technician", 0, 0, G_OPTION_ARG_INT64, &technician,
      N_("The technician’s id"), N_("ID") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_option,
      N_("The day, in the local time zone"), N_("YYYY-MM-DD") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };

  if (!onsitectl_parse_options (ctx, NULL, entries, &argc, &argv))
    return ONSITECTL_EXIT_USAGE;

  if (argc > 1)
    {
      onsitectl_fail (_("export-ics: unexpected argument “%s”."), argv[1]);
      return ONSITECTL_EXIT_USAGE;
    }

  if (technician <= 0)
    {
      onsitectl_fail (_("export-ics: say whose visits with --technician ID."));
      return ONSITECTL_EXIT_USAGE;
    }

  zone = g_time_zone_new_local ();
  if (date_option == NULL ||
      sscanf (date_option, "%4d-%2d-%2d%c", &year, &month, &day, &extra) != 3 ||
      !(date = g_date_time_new (zone, year, month, day, 12, 0, 0)))
    {
      onsitectl_fail (_("export-ics: give the day as --date YYYY-MM-DD."));
      return ONSITECTL_EXIT_USAGE;
    }

  if (!(store = onsitectl_context_get_store (ctx, &error)) ||
      !(text = onsite_store_export_ics (store, technician, date, &error)))
    return onsitectl_fail_error (error);

  if (output != NULL)
    {
      if (!g_file_set_contents (output, text, -1, &error))
        return onsitectl_fail_error (error);
    }
  else
    fputs (text, stdout);

  return 0;
}
