/* test-types.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "onsite-error.h"
#include "onsite-types.h"

static void
test_status_round_trip (void)
{
  for (guint i = 0; i < ONSITE_N_TICKET_STATUSES; i++)
    {
      OnsiteTicketStatus parsed = ONSITE_N_TICKET_STATUSES;

      g_assert_true (onsite_ticket_status_from_string (onsite_ticket_status_to_string (i), &parsed));
      g_assert_cmpint (parsed, ==, i);
    }

  {
    OnsiteTicketStatus parsed = ONSITE_TICKET_STATUS_OPEN;
    g_assert_false (onsite_ticket_status_from_string ("bogus", &parsed));
    g_assert_false (onsite_ticket_status_from_string (NULL, &parsed));
    g_assert_cmpint (parsed, ==, ONSITE_TICKET_STATUS_OPEN);
  }

  g_assert_true (onsite_ticket_status_is_open (ONSITE_TICKET_STATUS_WAITING));
  g_assert_false (onsite_ticket_status_is_open (ONSITE_TICKET_STATUS_RESOLVED));
  g_assert_false (onsite_ticket_status_is_open (ONSITE_TICKET_STATUS_CLOSED));
}

static void
test_sla_state (void)
{
  const gint64 created = 1000000;
  const gint64 hour = 3600;

  /* No due date, no SLA. */
  g_assert_cmpint (onsite_sla_state_compute (created, 0, created), ==, ONSITE_SLA_NONE);

  /* An 8-hour window: at risk in its last two hours (a quarter). */
  g_assert_cmpint (onsite_sla_state_compute (created, created + 8 * hour, created + 5 * hour), ==, ONSITE_SLA_ON_TRACK);
  g_assert_cmpint (onsite_sla_state_compute (created, created + 8 * hour, created + 6 * hour), ==, ONSITE_SLA_AT_RISK);
  g_assert_cmpint (onsite_sla_state_compute (created, created + 8 * hour, created + 8 * hour), ==, ONSITE_SLA_BREACHED);

  /* A 5-day window turns amber only two hours before. */
  g_assert_cmpint (onsite_sla_state_compute (created, created + 120 * hour, created + 117 * hour), ==, ONSITE_SLA_ON_TRACK);
  g_assert_cmpint (onsite_sla_state_compute (created, created + 120 * hour, created + 118 * hour), ==, ONSITE_SLA_AT_RISK);

  /* A 30-minute window still warns 15 minutes ahead. */
  g_assert_cmpint (onsite_sla_state_compute (created, created + 1800, created + 900), ==, ONSITE_SLA_AT_RISK);
  g_assert_cmpint (onsite_sla_state_compute (created, created + 1800, created + 899), ==, ONSITE_SLA_ON_TRACK);
}

static void
test_time_left (void)
{
  g_autofree char *a = onsite_format_time_left (2 * 3600 + 15 * 60);
  g_autofree char *b = onsite_format_time_left (-(3 * 86400 + 4 * 3600 + 59));
  g_autofree char *c = onsite_format_time_left (59);
  g_autofree char *d = onsite_format_time_left (3 * 3600 + 42);

  g_assert_cmpstr (a, ==, "2 h 15 min left");
  g_assert_cmpstr (b, ==, "overdue by 3 d 4 h");
  g_assert_cmpstr (c, ==, "0 min left");
  /* Whole hours without "0 min" */
  g_assert_cmpstr (d, ==, "3 h left");
}

static void
test_coordinates (void)
{
  static const struct { double lat, lon; gboolean ok; } cases[] = {
    { 45.4642, 9.19, TRUE },
    { -90, -180, TRUE },
    { 90, 180, TRUE },
    { 123, 9, FALSE },
    { 45, 181, FALSE },
    { -90.0001, 0, FALSE },
    { 0, 0, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = onsite_coordinates_valid (cases[i].lat, cases[i].lon, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_no_error (error);
      else
        g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
    }

  {
    g_autoptr(GError) error = NULL;
    g_assert_false (onsite_coordinates_valid (NAN, 9, &error));
    g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (onsite_coordinates_valid (45, INFINITY, &error));
    g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/types/status/round-trip", test_status_round_trip);
  g_test_add_func ("/types/sla/state", test_sla_state);
  g_test_add_func ("/types/sla/time-left", test_time_left);
  g_test_add_func ("/types/coordinates", test_coordinates);

  return g_test_run ();
}
