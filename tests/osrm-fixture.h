/* osrm-fixture.h — an OSRM look-alike on 127.0.0.1, for the tests
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers /table/v1/driving/ for any number of places, timed at 10 m/s
 * along the straight line, so that a test can tell a road time from the
 * offline estimate (which goes 1.3 times the line at 25 km/h, plus
 * parking).
 */

#pragma once

#include <stdlib.h>
#include <string.h>
#include <libsoup/soup.h>

#include "onsite-travel.h"

G_GNUC_UNUSED static char *
osrm_table_body (const char *path,
                 GHashTable *query)
{
  const char *coords = strstr (path, "/driving/") + strlen ("/driving/");
  g_auto(GStrv) places = g_strsplit (coords, ";", -1);
  g_auto(GStrv) sources = g_strsplit (g_hash_table_lookup (query, "sources"), ";", -1);
  g_auto(GStrv) destinations = g_strsplit (g_hash_table_lookup (query, "destinations"), ";", -1);
  g_autoptr(GString) body = g_string_new ("{\"code\":\"Ok\",\"durations\":[");
  g_autofree OnsitePoint *points = g_new0 (OnsitePoint, g_strv_length (places));

  for (guint i = 0; places[i]; i++)
    {
      g_auto(GStrv) lonlat = g_strsplit (places[i], ",", 2);

      points[i].longitude = g_ascii_strtod (lonlat[0], NULL);
      points[i].latitude = g_ascii_strtod (lonlat[1], NULL);
    }

  for (guint i = 0; sources[i]; i++)
    {
      g_string_append (body, i ? ",[" : "[");
      for (guint j = 0; destinations[j]; j++)
        {
          const OnsitePoint *a = &points[atoi (sources[i])];
          const OnsitePoint *b = &points[atoi (destinations[j])];

          g_string_append_printf (body, j ? ",%.1f" : "%.1f", onsite_travel_great_circle (a, b) / 10.0);
        }
      g_string_append_c (body, ']');
    }
  g_string_append (body, "]}");

  return g_string_free (g_steal_pointer (&body), FALSE);
}
