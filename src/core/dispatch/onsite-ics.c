/* onsite-ics.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-ics"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>

#include "onsite-ics.h"
#include "onsite-store-dispatch.h"

/*
 * A technician's visits as iCalendar (RFC 5545), written by libical so
 * that every escape and fold is right: one VEVENT per visit, times in UTC,
 * the site as LOCATION and GEO, the problem and the requester in the
 * DESCRIPTION, and the ticket in X-ONSITE-TICKET. A calendar that
 * subscribes sees a cancelled visit as STATUS:CANCELLED under the same UID.
 */

static struct icaltimetype
utc_time (gint64 t)
{
  return icaltime_from_timet_with_zone ((time_t)t, 0, icaltimezone_get_utc_timezone ());
}

static void
add_x (icalcomponent *component,
       const char    *name,
       const char    *value)
{
  icalproperty *property = icalproperty_new_x (value);

  icalproperty_set_x_name (property, name);
  icalcomponent_add_property (component, property);
}

static char *
ticket_reference (OnsiteVisit *visit)
{
  const char *remote = onsite_visit_get_ticket_remote_id (visit);

  if (remote && *remote)
    /* Translators: "RT #123 (Onsite #45)" */
    return g_strdup_printf (_("RT #%s (Onsite #%" G_GINT64_FORMAT ")"),
                            remote, onsite_visit_get_ticket_id (visit));

  return g_strdup_printf (_("Onsite #%" G_GINT64_FORMAT), onsite_visit_get_ticket_id (visit));
}

static char *
describe (OnsiteVisit *visit,
          const char  *reference)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *text;

  g_string_append_printf (out, _("Problem: %s"), onsite_visit_get_title (visit));
  if (*(text = onsite_visit_get_description (visit)))
    g_string_append_printf (out, "\n%s", text);
  if (*(text = onsite_visit_get_requester (visit)))
    {
      g_string_append (out, "\n\n");
      g_string_append_printf (out, _("Requester: %s"), text);
    }
  if (*(text = onsite_visit_get_requester_contact (visit)))
    {
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("Contact: %s"), text);
    }
  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Ticket: %s"), reference);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static icalcomponent *
make_event (OnsiteVisit *visit,
            gint64       now)
{
  icalcomponent *event = icalcomponent_new (ICAL_VEVENT_COMPONENT);
  g_autofree char *uid = g_strdup_printf ("onsite-visit-%" G_GINT64_FORMAT "@onsite",
                                          onsite_visit_get_id (visit));
  g_autofree char *reference = ticket_reference (visit);
  g_autofree char *summary = NULL;
  g_autofree char *location = onsite_visit_dup_location_label (visit);
  g_autofree char *description = describe (visit, reference);
  g_autofree char *ticket_id = g_strdup_printf ("%" G_GINT64_FORMAT, onsite_visit_get_ticket_id (visit));
  gint64 updated = onsite_visit_get_updated (visit);
  struct icalgeotype geo;
  OnsiteVisitState state = onsite_visit_get_state (visit);

  /* Translators: an event title, "Printer jams (RT #123 (Onsite #45))" */
  summary = g_strdup_printf (_("%s (%s)"), onsite_visit_get_title (visit), reference);

  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (utc_time (updated > 0 ? updated : now)));
  if (updated > 0)
    icalcomponent_add_property (event, icalproperty_new_lastmodified (utc_time (updated)));
  icalcomponent_add_property (event, icalproperty_new_dtstart (utc_time (onsite_visit_get_start (visit))));
  icalcomponent_add_property (event, icalproperty_new_dtend (utc_time (onsite_visit_get_end (visit))));
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  if (*location)
    icalcomponent_add_property (event, icalproperty_new_location (location));
  if (onsite_visit_get_location (visit, &geo.lat, &geo.lon))
    icalcomponent_add_property (event, icalproperty_new_geo (geo));
  icalcomponent_add_property (event, icalproperty_new_description (description));
  if (*onsite_visit_get_category (visit))
    icalcomponent_add_property (event, icalproperty_new_categories (onsite_visit_get_category (visit)));
  icalcomponent_add_property (event,
                              icalproperty_new_status (state == ONSITE_VISIT_CANCELLED ||
                                                       state == ONSITE_VISIT_RESCHEDULED
                                                       ? ICAL_STATUS_CANCELLED
                                                       : ICAL_STATUS_CONFIRMED));
  icalcomponent_add_property (event, icalproperty_new_transp (ICAL_TRANSP_OPAQUE));
  add_x (event, "X-ONSITE-TICKET", ticket_id);
  if (onsite_visit_get_ticket_remote_id (visit))
    add_x (event, "X-ONSITE-REMOTE-TICKET", onsite_visit_get_ticket_remote_id (visit));

  return event;
}

/**
 * onsite_ics_export_visits:
 * @tech: (nullable): whose visits, for the calendar's name
 * @visits: (element-type OnsiteVisit): the visits
 * @calendar_name: (nullable): X-WR-CALNAME, shown by calendar programs
 *
 * Returns: (transfer full): an iCalendar document (CRLF line ends, UTF-8)
 */
char *
onsite_ics_export_visits (OnsiteTech  *tech,
                          GPtrArray   *visits,
                          const char  *calendar_name,
                          GError     **error)
{
  icalcomponent *calendar;
  g_autofree char *prodid = g_strdup_printf ("-//Onsite//Onsite %s//EN", PACKAGE_VERSION);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  char *text;
  char *copy;

  g_return_val_if_fail (tech == NULL || ONSITE_IS_TECH (tech), NULL);
  g_return_val_if_fail (visits != NULL, NULL);

  calendar = icalcomponent_new (ICAL_VCALENDAR_COMPONENT);
  icalcomponent_add_property (calendar, icalproperty_new_prodid (prodid));
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));
  icalcomponent_add_property (calendar, icalproperty_new_method (ICAL_METHOD_PUBLISH));
  if (calendar_name)
    add_x (calendar, "X-WR-CALNAME", calendar_name);

  for (guint i = 0; i < visits->len; i++)
    {
      OnsiteVisit *visit = g_ptr_array_index (visits, i);

      if (onsite_visit_get_end (visit) <= onsite_visit_get_start (visit))
        continue;
      icalcomponent_add_component (calendar, make_event (visit, now));
    }

  if (icalerrno != ICAL_NO_ERROR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the calendar: %s"), icalerror_strerror (icalerrno));
      icalerror_clear_errno ();
      icalcomponent_free (calendar);
      return NULL;
    }

  text = icalcomponent_as_ical_string_r (calendar);
  copy = g_strdup (text);
  icalmemory_free_buffer (text);
  icalcomponent_free (calendar);

  return copy;
}

/**
 * onsite_store_export_ics:
 * @date: the day (its time zone says where the day is)
 *
 * A technician's visits of one day, cancelled ones included (as such).
 *
 * Returns: (transfer full): the iCalendar document, or %NULL with @error
 */
char *
onsite_store_export_ics (OnsiteStore  *store,
                         gint64        technician_id,
                         GDateTime    *date,
                         GError      **error)
{
  g_autoptr(OnsiteTech) tech = NULL;
  g_autoptr(OnsiteDay) day = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) visits = NULL;
  g_autofree char *day_text = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (ONSITE_IS_STORE (store), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  if (!(tech = onsite_store_get_tech (store, technician_id, error)))
    return NULL;

  day = onsite_day_new (date);
  if (!(all = onsite_store_list_visits (store, onsite_day_get_start (day),
                                        onsite_day_get_end (day), error)))
    return NULL;

  visits = g_ptr_array_new ();
  for (guint i = 0; i < all->len; i++)
    {
      OnsiteVisit *visit = g_ptr_array_index (all, i);

      if (onsite_visit_get_technician_id (visit) == technician_id)
        g_ptr_array_add (visits, visit);
    }

  day_text = g_date_time_format (onsite_day_get_date (day), "%Y-%m-%d");
  /* Translators: a calendar's name, "Marco Rossi — visits on 2026-11-23" */
  name = g_strdup_printf (_("%s — visits on %s"), onsite_tech_get_name (tech), day_text);

  return onsite_ics_export_visits (tech, visits, name, error);
}
