/* test-ics.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libical/ical.h>

#include "onsite-ics.h"
#include "onsite-store-dispatch.h"
#include "onsite-ticket-private.h"

/*
 * A technician's day as iCalendar, parsed back with libical and checked
 * field by field, with text that tries every escape: commas, semicolons,
 * backslashes, quotes, newlines, accents, emoji.
 */

#define HOSTILE_TITLE "Printer, toner; \"jam\" \\ back\nsecond line — ünïcødé 🖨"
#define HOSTILE_DESCRIPTION "Tray 2; then tray 3,\nthen\r\nthe fuser: 100°C. ¿Qué? 日本語"

typedef struct
{
  char        *dir;
  OnsiteStore *store;
  gint64       tech;
  gint64       ticket;
  gint64       other;
  gint64       day;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const skills[] = { "printer", NULL };
  OnsiteTechnician tech = { .remote_id = "marco", .name = "Marco Rossi", .skills = skills };
  OnsiteTechnician other_tech = { .name = "Giulia Ferrari" };
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(OnsiteTicket) other = onsite_ticket_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 giulia;

  f->dir = g_dir_make_tmp ("onsite-ics-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "onsite.db", NULL);
  f->store = onsite_store_open (path, &error);
  g_assert_no_error (error);

  f->tech = onsite_store_add_tech (f->store, &tech, NULL, &error);
  giulia = onsite_store_add_tech (f->store, &other_tech, NULL, &error);
  g_assert_no_error (error);

  ticket->remote_id = g_strdup ("123");
  ticket->title = g_strdup (HOSTILE_TITLE);
  ticket->description = g_strdup (HOSTILE_DESCRIPTION);
  ticket->requester = g_strdup ("Ž. O'Brien, Jr.; PhD");
  ticket->requester_contact = g_strdup ("a@b.example; +39 02, ext 5");
  ticket->category = g_strdup ("printer");
  ticket->status = ONSITE_TICKET_STATUS_OPEN;
  ticket->site_name = g_strdup ("Sede, Centrale; Nord");
  ticket->address = g_strdup ("Via Dante 1, 20121 Milano");
  ticket->building = g_strdup ("B; east");
  ticket->floor = g_strdup ("3, mezzanine");
  ticket->room = g_strdup ("3.12\nback");
  ticket->has_location = TRUE;
  ticket->latitude = 45.4668;
  ticket->longitude = 9.1859;
  onsite_store_insert_ticket (f->store, ticket, &error);
  g_assert_no_error (error);
  f->ticket = ticket->id;

  other->title = g_strdup ("No place known");
  other->status = ONSITE_TICKET_STATUS_NEW;
  onsite_store_insert_ticket (f->store, other, &error);
  g_assert_no_error (error);
  f->other = other->id;

  /* 2026-11-23, UTC (the tests run with TZ=UTC). */
  f->day = 1795392000;

  onsite_store_assign_ticket (f->store, f->ticket, f->tech, f->day + 9 * 3600,
                              f->day + 10 * 3600 + 30 * 60, NULL, &error);
  g_assert_no_error (error);
  onsite_store_assign_ticket (f->store, f->other, f->tech, f->day + 14 * 3600,
                              f->day + 15 * 3600, NULL, &error);
  g_assert_no_error (error);

  /* Someone else's visit and tomorrow's are not in Marco's day. */
  {
    g_autoptr(OnsiteTicket) third = onsite_ticket_new ();

    third->title = g_strdup ("Not Marco's");
    onsite_store_insert_ticket (f->store, third, &error);
    onsite_store_assign_ticket (f->store, third->id, giulia, f->day + 9 * 3600,
                                f->day + 10 * 3600, NULL, &error);
    g_assert_no_error (error);
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "onsite.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
export (Fixture *f)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (f->day + 12 * 3600);
  g_autoptr(GError) error = NULL;
  char *text = onsite_store_export_ics (f->store, f->tech, date, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);

  return text;
}

static const char *
x_property (icalcomponent *component,
            const char    *name)
{
  for (icalproperty *p = icalcomponent_get_first_property (component, ICAL_X_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property (component, ICAL_X_PROPERTY))
    {
      if (g_strcmp0 (icalproperty_get_x_name (p), name) == 0)
        return icalproperty_get_x (p);
    }

  return NULL;
}

static gint64
utc_seconds (icalcomponent *event,
             gboolean       start)
{
  struct icaltimetype t = start ? icalcomponent_get_dtstart (event) : icalcomponent_get_dtend (event);

  g_assert_true (icaltime_is_utc (t));
  g_assert_false (icaltime_is_date (t));

  return icaltime_as_timet_with_zone (t, icaltimezone_get_utc_timezone ());
}

static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *text = export (f);
  g_autofree char *expected_summary = NULL;
  g_autofree char *expected_uid = NULL;
  g_autofree char *ticket_id = g_strdup_printf ("%" G_GINT64_FORMAT, f->ticket);
  icalcomponent *calendar;
  icalcomponent *event;
  icalproperty *geo;
  struct icalgeotype where;
  guint n_events = 0;

  calendar = icalparser_parse_string (text);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpstr (icalcomponent_get_first_property (calendar, ICAL_VERSION_PROPERTY)
                   ? icalproperty_get_version (icalcomponent_get_first_property (calendar, ICAL_VERSION_PROPERTY))
                   : NULL, ==, "2.0");
  g_assert_true (g_str_has_prefix (icalproperty_get_prodid (icalcomponent_get_first_property (calendar, ICAL_PRODID_PROPERTY)),
                                   "-//Onsite//"));
  g_assert_cmpstr (x_property (calendar, "X-WR-CALNAME"), ==, "Marco Rossi — visits on 2026-11-23");
  /* libical found nothing to complain about. */
  g_assert_cmpint (icalcomponent_count_errors (calendar), ==, 0);

  for (event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    n_events++;
  g_assert_cmpuint (n_events, ==, 2);

  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);

  {
    g_autoptr(OnsiteVisit) visit = onsite_store_find_ticket_visit (f->store, f->ticket, NULL);

    expected_uid = g_strdup_printf ("onsite-visit-%" G_GINT64_FORMAT "@onsite", onsite_visit_get_id (visit));
  }
  g_assert_cmpstr (icalcomponent_get_uid (event), ==, expected_uid);
  g_assert_cmpint (utc_seconds (event, TRUE), ==, f->day + 9 * 3600);
  g_assert_cmpint (utc_seconds (event, FALSE), ==, f->day + 10 * 3600 + 30 * 60);

  expected_summary = g_strdup_printf ("%s (RT #123 (Onsite #%" G_GINT64_FORMAT "))", HOSTILE_TITLE, f->ticket);
  g_assert_cmpstr (icalcomponent_get_summary (event), ==, expected_summary);
  g_assert_cmpstr (icalcomponent_get_location (event), ==,
                   "Sede, Centrale; Nord, Via Dante 1, 20121 Milano, B; east, 3, mezzanine, 3.12\nback");
  {
    /* A CRLF inside the text comes back as one newline. */
    g_autofree char *expected = g_strdup_printf ("Problem: " HOSTILE_TITLE "\n"
                                                 "Tray 2; then tray 3,\nthen\nthe fuser: 100°C. ¿Qué? 日本語\n\n"
                                                 "Requester: Ž. O'Brien, Jr.; PhD\n"
                                                 "Contact: a@b.example; +39 02, ext 5\n"
                                                 "Ticket: RT #123 (Onsite #%" G_GINT64_FORMAT ")", f->ticket);
    g_assert_cmpstr (icalcomponent_get_description (event), ==, expected);
  }

  geo = icalcomponent_get_first_property (event, ICAL_GEO_PROPERTY);
  g_assert_nonnull (geo);
  where = icalproperty_get_geo (geo);
  g_assert_cmpfloat_with_epsilon (where.lat, 45.4668, 1e-6);
  g_assert_cmpfloat_with_epsilon (where.lon, 9.1859, 1e-6);

  g_assert_cmpint (icalcomponent_get_status (event), ==, ICAL_STATUS_CONFIRMED);
  g_assert_cmpstr (x_property (event, "X-ONSITE-TICKET"), ==, ticket_id);
  g_assert_cmpstr (x_property (event, "X-ONSITE-REMOTE-TICKET"), ==, "123");
  g_assert_cmpstr (icalproperty_get_categories (icalcomponent_get_first_property (event, ICAL_CATEGORIES_PROPERTY)),
                   ==, "printer");
  g_assert_nonnull (icalcomponent_get_first_property (event, ICAL_DTSTAMP_PROPERTY));

  /* The second visit has no site: no LOCATION, no GEO, no remote id. */
  event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_cmpint (utc_seconds (event, TRUE), ==, f->day + 14 * 3600);
  g_assert_null (icalcomponent_get_first_property (event, ICAL_LOCATION_PROPERTY));
  g_assert_null (icalcomponent_get_first_property (event, ICAL_GEO_PROPERTY));
  g_assert_null (x_property (event, "X-ONSITE-REMOTE-TICKET"));

  icalcomponent_free (calendar);
}

static void
test_raw_text (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *text = export (f);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) unfolded = g_string_new (NULL);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR\r\n"));

  /* Every line ends in CRLF and is at most 75 octets; folds never cut a
   * UTF-8 character. */
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
      if (lines[i][0] == ' ')
        g_string_append (unfolded, lines[i] + 1);
      else
        {
          if (unfolded->len)
            g_string_append_c (unfolded, '\n');
          g_string_append (unfolded, lines[i]);
        }
    }

  /* TEXT escapes, as RFC 5545 §3.3.11 has them. */
  g_assert_nonnull (strstr (unfolded->str, "SUMMARY:Printer\\, toner\\; \"jam\" \\\\ back\\nsecond line"));
  g_assert_nonnull (strstr (unfolded->str, "\nDTSTART:20261123T090000Z\n"));
  g_assert_nonnull (strstr (unfolded->str, "\nDTEND:20261123T103000Z\n"));
  g_assert_nonnull (strstr (unfolded->str, "\nGEO:45.4668"));
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OnsiteVisit) visit = onsite_store_find_ticket_visit (f->store, f->other, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  icalcomponent *calendar;
  icalcomponent *event;

  g_assert_true (onsite_store_cancel_visit (f->store, onsite_visit_get_id (visit), NULL, NULL, &error));
  g_assert_no_error (error);

  text = export (f);
  calendar = icalparser_parse_string (text);
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_cmpint (icalcomponent_get_status (event), ==, ICAL_STATUS_CONFIRMED);
  event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_cmpint (icalcomponent_get_status (event), ==, ICAL_STATUS_CANCELLED);
  icalcomponent_free (calendar);

  /* An unknown technician is a clear error. */
  {
    g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (f->day);

    g_assert_null (onsite_store_export_ics (f->store, 999, date, &error));
    g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND);
  }
}

/* As a script runs it: onsitectl export-ics, to a file and to stdout. */
static void
test_onsitectl (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *onsitectl = g_build_filename (g_getenv ("ONSITE_BUILD_ROOT"), "src", "tools", "onsitectl", NULL);
  g_autofree char *db = g_build_filename (f->dir, "onsite.db", NULL);
  g_autofree char *out = g_build_filename (f->dir, "marco.ics", NULL);
  g_autofree char *tech = g_strdup_printf ("%" G_GINT64_FORMAT, f->tech);
  g_autofree char *written = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *expected = export (f);
  g_autoptr(GError) error = NULL;
  const char *to_file[] = { onsitectl, "--db", db, "export-ics", "--technician", tech,
                            "--date", "2026-11-23", "--output", out, NULL };
  const char *to_stdout[] = { onsitectl, "--db", db, "export-ics", "--technician", tech,
                              "--date", "2026-11-23", NULL };
  const char *bad_date[] = { onsitectl, "--db", db, "export-ics", "--technician", tech,
                             "--date", "23/11/2026", NULL };
  int status;

  g_spawn_sync (NULL, (char **)to_file, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_file_get_contents (out, &written, NULL, &error);
  g_assert_no_error (error);

  g_spawn_sync (NULL, (char **)to_stdout, NULL, G_SPAWN_DEFAULT, NULL, NULL, &printed, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* The same document as the library writes (DTSTAMP is the visit's update
   * time, so it does not change between runs). */
  g_assert_cmpstr (written, ==, expected);
  g_assert_cmpstr (printed, ==, expected);

  g_spawn_sync (NULL, (char **)bad_date, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &errors, &status, &error);
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (errors, "YYYY-MM-DD"));
  g_unlink (out);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/ics/fields", Fixture, NULL, fixture_set_up, test_fields, fixture_tear_down);
  g_test_add ("/ics/raw-text", Fixture, NULL, fixture_set_up, test_raw_text, fixture_tear_down);
  g_test_add ("/ics/cancelled", Fixture, NULL, fixture_set_up, test_cancelled, fixture_tear_down);
  g_test_add ("/ics/onsitectl", Fixture, NULL, fixture_set_up, test_onsitectl, fixture_tear_down);

  return g_test_run ();
}
