/* onsite-types.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-types"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "onsite-error.h"
#include "onsite-types.h"

G_DEFINE_QUARK (onsite-store-error-quark, onsite_store_error)

static const char *status_names[ONSITE_N_TICKET_STATUSES] = {
  [ONSITE_TICKET_STATUS_NEW] = "new",
  [ONSITE_TICKET_STATUS_OPEN] = "open",
  [ONSITE_TICKET_STATUS_SCHEDULED] = "scheduled",
  [ONSITE_TICKET_STATUS_IN_PROGRESS] = "in-progress",
  [ONSITE_TICKET_STATUS_WAITING] = "waiting",
  [ONSITE_TICKET_STATUS_RESOLVED] = "resolved",
  [ONSITE_TICKET_STATUS_CLOSED] = "closed",
};

const char *
onsite_ticket_status_to_string (OnsiteTicketStatus status)
{
  g_return_val_if_fail (status < ONSITE_N_TICKET_STATUSES, NULL);

  return status_names[status];
}

gboolean
onsite_ticket_status_from_string (const char         *str,
                                  OnsiteTicketStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < ONSITE_N_TICKET_STATUSES; i++)
    {
      if (g_str_equal (str, status_names[i]))
        {
          *status = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
onsite_ticket_status_to_label (OnsiteTicketStatus status)
{
  switch (status)
    {
    case ONSITE_TICKET_STATUS_NEW: return _("New");
    case ONSITE_TICKET_STATUS_OPEN: return _("Open");
    case ONSITE_TICKET_STATUS_SCHEDULED: return _("Scheduled");
    case ONSITE_TICKET_STATUS_IN_PROGRESS: return _("In Progress");
    case ONSITE_TICKET_STATUS_WAITING: return _("Waiting");
    case ONSITE_TICKET_STATUS_RESOLVED: return _("Resolved");
    case ONSITE_TICKET_STATUS_CLOSED: return _("Closed");
    case ONSITE_N_TICKET_STATUSES:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
onsite_ticket_status_is_open (OnsiteTicketStatus status)
{
  return status != ONSITE_TICKET_STATUS_RESOLVED &&
         status != ONSITE_TICKET_STATUS_CLOSED;
}

const char *
onsite_sla_state_to_string (OnsiteSlaState state)
{
  switch (state)
    {
    case ONSITE_SLA_NONE: return "none";
    case ONSITE_SLA_ON_TRACK: return "on-track";
    case ONSITE_SLA_AT_RISK: return "at-risk";
    case ONSITE_SLA_BREACHED: return "breached";
    case ONSITE_N_SLA_STATES:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
onsite_sla_state_to_label (OnsiteSlaState state)
{
  switch (state)
    {
    case ONSITE_SLA_NONE: return _("No SLA");
    case ONSITE_SLA_ON_TRACK: return _("On Track");
    case ONSITE_SLA_AT_RISK: return _("At Risk");
    case ONSITE_SLA_BREACHED: return _("Breached");
    case ONSITE_N_SLA_STATES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/*
 * A ticket is at risk when less than a quarter of its SLA window is left,
 * but never more than two hours ahead (a five-day window would otherwise turn
 * amber a day early) and never less than fifteen minutes ahead (a one-hour
 * window needs a warning a dispatcher can still act on).
 */
OnsiteSlaState
onsite_sla_state_compute (gint64 created,
                          gint64 due,
                          gint64 now)
{
  gint64 window;
  gint64 threshold;

  if (due <= 0)
    return ONSITE_SLA_NONE;

  if (now >= due)
    return ONSITE_SLA_BREACHED;

  window = MAX (due - created, 0);
  threshold = CLAMP (window / 4, 15 * 60, 2 * 60 * 60);

  if (due - now <= threshold)
    return ONSITE_SLA_AT_RISK;

  return ONSITE_SLA_ON_TRACK;
}

const char *
onsite_priority_to_label (int priority)
{
  switch (priority)
    {
    case 1: return _("Critical");
    case 2: return _("High");
    case 3: return _("Normal");
    case 4: return _("Low");
    default: return _("Unknown");
    }
}

/**
 * onsite_format_time_left:
 * @seconds: seconds until the due date; negative once it has passed
 *
 * Returns: (transfer full): a short phrase such as "2 h 15 min left" or
 *   "overdue by 3 d 4 h"
 */
char *
onsite_format_time_left (gint64 seconds)
{
  gboolean overdue = seconds < 0;
  gint64 s = ABS (seconds);
  gint64 days = s / 86400;
  gint64 hours = (s % 86400) / 3600;
  gint64 minutes = (s % 3600) / 60;
  g_autofree char *amount = NULL;

  if (days > 0)
    /* Translators: days and hours, e.g. "3 d 4 h" */
    amount = g_strdup_printf (_("%" G_GINT64_FORMAT " d %" G_GINT64_FORMAT " h"), days, hours);
  else if (hours > 0 && minutes == 0)
    /* Translators: whole hours, e.g. "3 h" */
    amount = g_strdup_printf (_("%" G_GINT64_FORMAT " h"), hours);
  else if (hours > 0)
    /* Translators: hours and minutes, e.g. "2 h 15 min" */
    amount = g_strdup_printf (_("%" G_GINT64_FORMAT " h %" G_GINT64_FORMAT " min"), hours, minutes);
  else
    /* Translators: minutes, e.g. "15 min" */
    amount = g_strdup_printf (_("%" G_GINT64_FORMAT " min"), minutes);

  if (overdue)
    /* Translators: %s is an amount of time such as "2 h 15 min" */
    return g_strdup_printf (_("overdue by %s"), amount);

  /* Translators: %s is an amount of time such as "2 h 15 min" */
  return g_strdup_printf (_("%s left"), amount);
}

/**
 * onsite_coordinates_valid:
 * @latitude: degrees north
 * @longitude: degrees east
 * @error: where to report why they were refused
 *
 * Refuses what cannot be a place on Earth (NaN, infinities, out of range)
 * and the 0,0 placeholder that exporters write for "unknown": a ticket
 * placed there would show up in the Gulf of Guinea.
 *
 * Returns: %TRUE if the pair is a usable location
 */
gboolean
onsite_coordinates_valid (double   latitude,
                          double   longitude,
                          GError **error)
{
  if (!isfinite (latitude) || !isfinite (longitude))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("The coordinates are not numbers."));
      return FALSE;
    }

  if (latitude < -90.0 || latitude > 90.0)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Latitude %.6f is impossible: it must lie between −90 and 90 degrees."),
                   latitude);
      return FALSE;
    }

  if (longitude < -180.0 || longitude > 180.0)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Longitude %.6f is impossible: it must lie between −180 and 180 degrees."),
                   longitude);
      return FALSE;
    }

  if (latitude == 0.0 && longitude == 0.0)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("The coordinates 0, 0 are a placeholder for a missing location."));
      return FALSE;
    }

  return TRUE;
}
