/* test-vendor.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <json-glib/json-glib.h>

#include "onsite-store-private.h"
#include "onsite-store-vendor.h"
#include "onsite-ticket-private.h"
#include "vendor/onsite-handoff-list.h"
#include "vendor/onsite-handoff-summary.h"
#include "vendor/onsite-vendor-score.h"

#define MINUTE 60
#define HOUR 3600
#define DAY 86400

/* Helpers ----------------------------------------------------------------- */

static gint64
utc (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (y, mo, d, h, mi, 0);

  return g_date_time_to_unix (dt);
}

static gint64
in_zone (const char *zone, int y, int mo, int d, int h, int mi)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (tz);
  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);

  return g_date_time_to_unix (dt);
}

static OnsiteStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "vendor-test", "onsite.db", NULL);
  OnsiteStore *store = onsite_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
count (OnsiteStore *store,
       const char  *table)
{
  g_autoptr(GError) error = NULL;
  gint64 n = onsite_store_count_rows (store, table, &error);

  g_assert_no_error (error);
  return n;
}

static gint64
add_ticket (OnsiteStore *store,
            const char  *title,
            gint64       sla_due)
{
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(GError) error = NULL;

  ticket->remote_id = g_strdup_printf ("%u", g_str_hash (title) % 100000);
  ticket->title = g_strdup (title);
  ticket->description = g_strdup ("Paper jams in tray 2; error 13.2.");
  ticket->requester = g_strdup ("Giulia Ferri");
  ticket->requester_contact = g_strdup ("+39 02 555 0101");
  ticket->category = g_strdup ("printer");
  ticket->status = ONSITE_TICKET_STATUS_OPEN;
  ticket->created = utc (2026, 3, 1, 8, 0);
  ticket->sla_due = sla_due;
  ticket->site_name = g_strdup ("Brera Consulting");
  ticket->address = g_strdup ("Via Golgi 20, Milano");
  ticket->building = g_strdup ("B");
  ticket->floor = g_strdup ("3");
  ticket->room = g_strdup ("Copy corner");

  g_assert_true (onsite_store_insert_ticket (store, ticket, &error));
  g_assert_no_error (error);

  return onsite_ticket_get_id (ticket);
}

static gint64
add_vendor (OnsiteStore        *store,
            const char         *name,
            const char * const *categories,
            gboolean            with_escalation)
{
  static const OnsiteVendorContact contacts[] = {
    { "Service desk", "First line", "+39 02 1", "desk@vendor.example", FALSE },
    { "Roberto Sala", "Area manager", "+39 335 1", "r.sala@vendor.example", TRUE },
  };
  OnsiteVendor vendor = {
    .name = name,
    .website = "https://vendor.example",
    .categories = categories,
    .contacts = contacts,
    .n_contacts = with_escalation ? 2 : 1,
  };
  g_autoptr(GError) error = NULL;
  gint64 id = onsite_store_insert_vendor (store, &vendor, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_contract (OnsiteStore        *store,
              gint64              vendor_id,
              const char         *number,
              gint64              from,
              gint64              until,
              int                 response,
              int                 resolution,
              const char         *hours,
              gboolean            pauses,
              const char * const *covers)
{
  OnsiteVendorContract contract = {
    .number = number,
    .valid_from = from,
    .valid_until = until,
    .response_minutes = response,
    .resolution_minutes = resolution,
    .business_hours = hours,
    .pauses_sla = pauses,
    .timezone = "UTC",
    .covers = covers,
  };
  g_autoptr(GError) error = NULL;
  gint64 id = onsite_store_add_vendor_contract (store, vendor_id, &contract, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
hand_off (OnsiteStore *store,
          gint64       ticket_id,
          gint64       vendor_id,
          gint64       contract_id,
          gint64       at)
{
  OnsiteHandoffRequest request = {
    .ticket_id = ticket_id,
    .vendor_id = vendor_id,
    .contract_id = contract_id,
    .summary = "Printer jams; fuser suspected.",
    .sent_at = at,
    .actor = "dispatcher",
  };
  g_autoptr(GError) error = NULL;
  gint64 id = onsite_store_request_handoff (store, &request, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
step (OnsiteStore        *store,
      gint64              handoff_id,
      OnsiteHandoffState  state,
      gint64              at)
{
  g_autoptr(GError) error = NULL;

  if (state == ONSITE_HANDOFF_ACKNOWLEDGED)
    g_assert_true (onsite_store_acknowledge_handoff (store, handoff_id, "CASE-1", at, "coordinator", &error));
  else
    g_assert_true (onsite_store_set_handoff_state (store, handoff_id, state,
                                                   state == ONSITE_HANDOFF_REJECTED ? "Not covered" : NULL,
                                                   at, "coordinator", &error));
  g_assert_no_error (error);
}

static JsonObject *
last_outbox (OnsiteStore  *store,
             char        **kind)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3 *db = _onsite_store_get_db (store);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT kind, payload FROM outbox ORDER BY id DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *kind = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  g_assert_true (json_parser_load_from_data (parser, (const char *)sqlite3_column_text (stmt, 1), -1, NULL));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Business hours ------------------------------------------------------------ */

static void
test_hours_parse (void)
{
  static const struct { const char *in; const char *out; } good[] = {
    { "mon-fri 08:00-18:00", "mon-fri 08:00-18:00" },
    { "Mon-Fri 8:00-12:30, 13:30-18:00; sat 09:00-12:00",
      "mon-fri 08:00-12:30, 13:30-18:00; sat 09:00-12:00" },
    { "mon,wed,fri 09:00-17:00", "mon 09:00-17:00; wed 09:00-17:00; fri 09:00-17:00" },
    { "24/7", "mon-sun 00:00-24:00" },
    { "fri-mon 10:00-11:00", "mon 10:00-11:00; fri-sun 10:00-11:00" },
    { "mon-fri 08:00-12:00 11:00-14:00", "mon-fri 08:00-14:00" },
    { "monday 08:00-09:00\ntuesday 08:00-09:00", "mon-tue 08:00-09:00" },
  };
  static const struct { const char *in; const char *says; } bad[] = {
    { "", "no time" },
    { "mon-fri", "no time" },
    { "08:00-18:00", "must start with the days" },
    { "funday 08:00-18:00", "“funday” is not a day" },
    { "mon-fri 18:00-08:00", "ends before it starts" },
    { "mon-fri 08:00-25:00", "not a time range" },
    { "mon-fri 8-", "not a time range" },
    { "mon-fri 08:61-09:00", "not a time range" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OnsiteBusinessHours) hours = onsite_business_hours_parse (good[i].in, NULL, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = onsite_business_hours_to_string (hours);
      g_assert_cmpstr (text, ==, good[i].out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OnsiteBusinessHours) hours = onsite_business_hours_parse (bad[i].in, NULL, &error);

      g_assert_null (hours);
      g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_HOURS);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("“%s” gave “%s”, expected to mention “%s”", bad[i].in, error->message, bad[i].says);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OnsiteBusinessHours) hours =
      onsite_business_hours_parse ("mon-fri 08:00-18:00", "2026-12-24, 12-25;02-29", &error);

    g_assert_no_error (error);
    g_assert_true (onsite_business_hours_is_holiday (hours, 2026, 12, 24));
    g_assert_false (onsite_business_hours_is_holiday (hours, 2027, 12, 24));
    g_assert_true (onsite_business_hours_is_holiday (hours, 2031, 12, 25));
    g_assert_true (onsite_business_hours_is_holiday (hours, 2028, 2, 29));
    g_assert_false (onsite_business_hours_is_holiday (hours, 2026, 12, 26));
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OnsiteBusinessHours) hours =
      onsite_business_hours_parse ("mon-fri 08:00-18:00", "2026-13-01", &error);

    g_assert_null (hours);
    g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_HOLIDAYS);
    g_assert_nonnull (strstr (error->message, "2026-13-01"));
  }
}

static gint64
add_minutes (const char *hours_text,
             const char *holidays,
             const char *zone,
             gint64      start,
             gint64      minutes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteBusinessHours) hours = onsite_business_hours_parse (hours_text, holidays, &error);
  g_autoptr(GTimeZone) tz = onsite_time_zone_from_id (zone, &error);

  g_assert_no_error (error);
  return onsite_business_hours_add_minutes (hours, tz, start, minutes);
}

static void
test_hours_due_utc (void)
{
  const char *office = "mon-fri 08:00-18:00";

  /* 2026-03-02 is a Monday. Inside one day. */
  g_assert_cmpint (add_minutes (office, NULL, "UTC", utc (2026, 3, 2, 9, 0), 240), ==, utc (2026, 3, 2, 13, 0));
  /* Ends exactly at closing time, not the next morning. */
  g_assert_cmpint (add_minutes (office, NULL, "UTC", utc (2026, 3, 2, 17, 0), 60), ==, utc (2026, 3, 2, 18, 0));
  /* Over the night. */
  g_assert_cmpint (add_minutes (office, NULL, "UTC", utc (2026, 3, 2, 17, 0), 120), ==, utc (2026, 3, 3, 9, 0));
  /* Before opening. */
  g_assert_cmpint (add_minutes (office, NULL, "UTC", utc (2026, 3, 3, 6, 0), 30), ==, utc (2026, 3, 3, 8, 30));
  /* Over the weekend: Friday 17:00 + 2 h = Monday 09:00. */
  g_assert_cmpint (add_minutes (office, NULL, "UTC", utc (2026, 3, 6, 17, 0), 120), ==, utc (2026, 3, 9, 9, 0));
  /* Sent on Saturday. */
  g_assert_cmpint (add_minutes (office, NULL, "UTC", utc (2026, 3, 7, 10, 0), 60), ==, utc (2026, 3, 9, 9, 0));
  /* A holiday Monday pushes it to Tuesday. */
  g_assert_cmpint (add_minutes (office, "2026-03-09", "UTC", utc (2026, 3, 6, 17, 0), 120), ==, utc (2026, 3, 10, 9, 0));
  /* A yearly holiday: Thursday 24 December 17:00, Christmas on Friday. */
  g_assert_cmpint (add_minutes (office, "12-25", "UTC", utc (2026, 12, 24, 17, 0), 120), ==, utc (2026, 12, 28, 9, 0));
  /* A lunch break. */
  g_assert_cmpint (add_minutes ("mon-fri 08:00-12:00, 13:00-17:00", NULL, "UTC", utc (2026, 3, 2, 11, 30), 60),
                   ==, utc (2026, 3, 2, 13, 30));
  /* 16 business hours = one and a half days. */
  g_assert_cmpint (add_minutes (office, NULL, "UTC", utc (2026, 3, 2, 9, 0), 960), ==, utc (2026, 3, 3, 15, 0));
  /* Round the clock. */
  g_assert_cmpint (add_minutes ("24/7", NULL, "UTC", utc (2026, 3, 7, 22, 0), 240), ==, utc (2026, 3, 8, 2, 0));
  /* Zero minutes: due at once. */
  g_assert_cmpint (add_minutes (office, NULL, "UTC", utc (2026, 3, 7, 22, 0), 0), ==, utc (2026, 3, 7, 22, 0));

  {
    g_autoptr(OnsiteBusinessHours) hours = onsite_business_hours_parse (office, "12-25", NULL);
    g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();

    /* A whole week: five ten-hour days. */
    g_assert_cmpint (onsite_business_hours_seconds_between (hours, tz, utc (2026, 3, 2, 0, 0), utc (2026, 3, 9, 0, 0)),
                     ==, 50 * HOUR);
    g_assert_true (onsite_business_hours_contains (hours, tz, utc (2026, 3, 2, 8, 0)));
    g_assert_false (onsite_business_hours_contains (hours, tz, utc (2026, 3, 2, 18, 0)));
    g_assert_false (onsite_business_hours_contains (hours, tz, utc (2026, 12, 25, 10, 0)));
  }
}

static void
test_hours_due_rome (void)
{
  const char *office = "mon-fri 08:00-18:00";
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) bad = onsite_time_zone_from_id ("Europe/Atlantis", &error);

  g_assert_null (bad);
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_TIMEZONE);

  /* The process runs in UTC; the contract's zone still decides. Friday
   * 27 March 2026 17:00 CET (16:00 UTC) + 2 business hours: one hour on
   * Friday, then Monday 30 March 09:00 CEST, which is 07:00 UTC, not the
   * 08:00 UTC a fixed offset would give. */
  g_assert_cmpint (add_minutes (office, NULL, "Europe/Rome", in_zone ("Europe/Rome", 2026, 3, 27, 17, 0), 120),
                   ==, utc (2026, 3, 30, 7, 0));
  g_assert_cmpint (utc (2026, 3, 30, 7, 0), ==, in_zone ("Europe/Rome", 2026, 3, 30, 9, 0));

  /* Round the clock over the short night (02:00 → 03:00 on 29 March):
   * four real hours from Saturday 23:00 CET end at 04:00 CEST. */
  g_assert_cmpint (add_minutes ("24/7", NULL, "Europe/Rome", in_zone ("Europe/Rome", 2026, 3, 28, 23, 0), 240),
                   ==, in_zone ("Europe/Rome", 2026, 3, 29, 4, 0));
  g_assert_cmpint (in_zone ("Europe/Rome", 2026, 3, 29, 4, 0) - in_zone ("Europe/Rome", 2026, 3, 28, 23, 0),
                   ==, 4 * HOUR);

  /* And over the long night (03:00 → 02:00 on 25 October): six real hours
   * from Saturday 22:00 CEST (20:00 UTC) end at 02:00 UTC = 03:00 CET. */
  g_assert_cmpint (add_minutes ("24/7", NULL, "Europe/Rome", in_zone ("Europe/Rome", 2026, 10, 24, 22, 0), 360),
                   ==, utc (2026, 10, 25, 2, 0));

  {
    g_autoptr(OnsiteBusinessHours) hours = onsite_business_hours_parse ("24/7", NULL, NULL);
    g_autoptr(GTimeZone) rome = g_time_zone_new_identifier ("Europe/Rome");

    /* The Sunday of each change is 23 and 25 hours long. */
    g_assert_cmpint (onsite_business_hours_seconds_between (hours, rome, in_zone ("Europe/Rome", 2026, 3, 29, 0, 0),
                                                            in_zone ("Europe/Rome", 2026, 3, 30, 0, 0)), ==, 23 * HOUR);
    g_assert_cmpint (onsite_business_hours_seconds_between (hours, rome, in_zone ("Europe/Rome", 2026, 10, 25, 0, 0),
                                                            in_zone ("Europe/Rome", 2026, 10, 26, 0, 0)), ==, 25 * HOUR);
  }

  /* A Rome holiday (Liberation Day, Saturday in 2026: use 2027, a Sunday,
   * and 1 May 2026, a Friday) in Rome's calendar. Thursday 30 April 17:00
   * CEST + 2 h: Friday is a holiday, so Monday 4 May 09:00 CEST. */
  g_assert_cmpint (add_minutes (office, "05-01", "Europe/Rome", in_zone ("Europe/Rome", 2026, 4, 30, 17, 0), 120),
                   ==, in_zone ("Europe/Rome", 2026, 5, 4, 9, 0));
}

/* SLA pauses ---------------------------------------------------------------- */

static void
test_sla_pause_arithmetic (void)
{
  const OnsiteSlaPause one[] = { { 100, 300 } };
  const OnsiteSlaPause running[] = { { 100, 0 } };
  const OnsiteSlaPause overlapping[] = { { 200, 400 }, { 100, 300 } };
  const OnsiteSlaPause late[] = { { 1100, 1500 } };
  const OnsiteSlaPause chain[] = { { 1500, 1600 }, { 900, 1200 }, { 1250, 1350 } };
  const OnsiteSlaPause future[] = { { 100, 900 } };

  g_assert_cmpint (onsite_sla_effective_due (1000, NULL, 0, 5000), ==, 1000);
  g_assert_cmpint (onsite_sla_effective_due (1000, one, 1, 5000), ==, 1200);
  /* A pause still running counts up to now, and keeps counting. */
  g_assert_cmpint (onsite_sla_effective_due (1000, running, 1, 500), ==, 1400);
  g_assert_cmpint (onsite_sla_effective_due (1000, running, 1, 800), ==, 1700);
  /* Overlaps count once: 100–400. */
  g_assert_cmpint (onsite_sla_effective_due (1000, overlapping, 2, 5000), ==, 1300);
  g_assert_cmpint (onsite_sla_paused_seconds (1000, overlapping, 2, 5000), ==, 300);
  /* Paused after the breach: nothing given back. */
  g_assert_cmpint (onsite_sla_effective_due (1000, late, 1, 5000), ==, 1000);
  /* 900–1200 moves the due to 1300; 1250–1350 began before it, so 1400;
   * 1500–1600 began after it. */
  g_assert_cmpint (onsite_sla_effective_due (1000, chain, 3, 5000), ==, 1400);
  /* A pause is counted only up to now. */
  g_assert_cmpint (onsite_sla_effective_due (1000, future, 1, 500), ==, 1400);
  /* No SLA, no due. */
  g_assert_cmpint (onsite_sla_effective_due (0, one, 1, 5000), ==, 0);
}

static void
test_median (void)
{
  const gint64 odd[] = { 90, 10, 30, 20, 40 };
  const gint64 even[] = { 300, 100, 200, 101 };

  g_assert_cmpint (onsite_median_seconds (odd, 5), ==, 30);
  g_assert_cmpint (onsite_median_seconds (even, 4), ==, 150);
  g_assert_cmpint (onsite_median_seconds (NULL, 0), ==, -1);
}

/* Directory and matching ------------------------------------------------ */

static void
test_directory (void)
{
  g_autoptr(OnsiteStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteVendorInfo) vendor = NULL;
  g_autoptr(GListModel) all = NULL;
  const char *cats[] = { "printer", NULL };
  const char *new_cats[] = { "printer", "copier", NULL };
  const char *covers[] = { "printer/LaserJet M507", "copier", NULL };
  OnsiteVendorContact contact = { "Night desk", "Out of hours", "+39 02 9", "night@vendor.example", FALSE };
  OnsiteVendorContract contract = {
    .number = "N-1", .valid_from = utc (2026, 1, 1, 0, 0), .valid_until = utc (2027, 1, 1, 0, 0),
    .response_minutes = 60, .resolution_minutes = 480, .business_hours = "mon-sat 07:00-19:00",
    .holidays = "12-25", .timezone = "Europe/Rome", .pauses_sla = TRUE, .covers = covers,
  };
  OnsiteVendorContactInfo *c;
  OnsiteVendorContractInfo *k;
  gint64 vendor_id, contact_id, contract_id;

  vendor_id = add_vendor (store, "Alpha Print", cats, TRUE);
  contact_id = onsite_store_add_vendor_contact (store, vendor_id, &contact, &error);
  g_assert_no_error (error);
  contract_id = onsite_store_add_vendor_contract (store, vendor_id, &contract, &error);
  g_assert_no_error (error);

  vendor = onsite_store_get_vendor (store, vendor_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onsite_vendor_info_get_name (vendor), ==, "Alpha Print");
  g_assert_cmpstrv (onsite_vendor_info_get_categories (vendor), cats);
  g_assert_cmpuint (g_list_model_get_n_items (onsite_vendor_info_get_contacts (vendor)), ==, 3);
  c = onsite_vendor_info_find_contact (vendor, contact_id);
  g_assert_cmpstr (onsite_vendor_contact_info_get_email (c), ==, "night@vendor.example");
  g_assert_cmpstr (onsite_vendor_contact_info_get_name (onsite_vendor_info_get_first_contact (vendor)), ==, "Service desk");
  g_assert_cmpstr (onsite_vendor_contact_info_get_name (onsite_vendor_info_get_escalation_contact (vendor)), ==, "Roberto Sala");
  k = onsite_vendor_info_find_contract (vendor, contract_id);
  g_assert_cmpstr (onsite_vendor_contract_info_get_timezone (k), ==, "Europe/Rome");
  g_assert_cmpstr (onsite_vendor_contract_info_get_holidays (k), ==, "12-25");
  g_assert_cmpstrv (onsite_vendor_contract_info_get_covers (k), ((const char *[]) { "copier", "printer/LaserJet M507", NULL }));
  g_assert_true (onsite_vendor_contract_info_get_pauses_sla (k));
  g_clear_object (&vendor);

  /* Updates. */
  g_assert_true (onsite_store_update_vendor (store, vendor_id, "Alpha Print S.r.l.", "https://alpha.example", new_cats, &error));
  g_assert_no_error (error);
  contact.escalation = TRUE;
  g_assert_true (onsite_store_update_vendor_contact (store, contact_id, &contact, &error));
  g_assert_no_error (error);
  contract.response_minutes = 30;
  contract.covers = NULL;
  g_assert_true (onsite_store_update_vendor_contract (store, contract_id, &contract, &error));
  g_assert_no_error (error);

  vendor = onsite_store_get_vendor (store, vendor_id, &error);
  g_assert_cmpstr (onsite_vendor_info_get_name (vendor), ==, "Alpha Print S.r.l.");
  g_assert_cmpstrv (onsite_vendor_info_get_categories (vendor), ((const char *[]) { "copier", "printer", NULL }));
  g_assert_true (onsite_vendor_contact_info_get_escalation (onsite_vendor_info_find_contact (vendor, contact_id)));
  k = onsite_vendor_info_find_contract (vendor, contract_id);
  g_assert_cmpint (onsite_vendor_contract_info_get_response_minutes (k), ==, 30);
  g_assert_cmpuint (g_strv_length ((GStrv)onsite_vendor_contract_info_get_covers (k)), ==, 0);
  g_assert_cmpint (onsite_store_find_vendor (store, "alpha print s.r.l.", &error), ==, vendor_id);

  /* Refusals say what is wrong and write nothing. */
  contract.business_hours = "weekdays 9-5";
  g_assert_false (onsite_store_update_vendor_contract (store, contract_id, &contract, &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_HOURS);
  g_clear_error (&error);
  contract.business_hours = "mon-fri 08:00-18:00";
  contract.timezone = "Mars/Olympus";
  g_assert_false (onsite_store_add_vendor_contract (store, vendor_id, &contract, &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_TIMEZONE);
  g_clear_error (&error);
  contract.timezone = NULL;
  contract.valid_until = contract.valid_from;
  g_assert_false (onsite_store_add_vendor_contract (store, vendor_id, &contract, &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  contact.email = "a@b.example\r\nBcc: x@y.example";
  g_assert_false (onsite_store_add_vendor_contact (store, vendor_id, &contact, &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_ADDRESS);
  g_clear_error (&error);
  g_assert_cmpint (count (store, "vendor_contracts"), ==, 1);
  g_assert_cmpint (count (store, "vendor_contacts"), ==, 3);

  /* Removal; a vendor with cases stays. */
  g_assert_true (onsite_store_delete_vendor_contact (store, contact_id, &error));
  g_assert_no_error (error);
  g_assert_false (onsite_store_delete_vendor_contact (store, contact_id, &error));
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  hand_off (store, add_ticket (store, "Jam", 0), vendor_id, contract_id, utc (2026, 3, 2, 9, 0));
  g_assert_false (onsite_store_delete_vendor_contract (store, contract_id, &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (onsite_store_delete_vendor (store, vendor_id, &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED);
  g_clear_error (&error);

  {
    gint64 other = add_vendor (store, "Gone Ltd", cats, FALSE);

    add_contract (store, other, "G", utc (2026, 1, 1, 0, 0), utc (2027, 1, 1, 0, 0), 60, 120, "24/7", FALSE, NULL);
    g_assert_true (onsite_store_delete_vendor (store, other, &error));
    g_assert_no_error (error);
  }

  all = onsite_store_list_vendors (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1);
  g_assert_cmpint (count (store, "vendor_contracts"), ==, 1);
}

static void
assert_matches (GListModel         *matches,
                const char * const *numbers,
                const int          *levels)
{
  guint n = g_list_model_get_n_items (matches);

  g_assert_cmpuint (n, ==, g_strv_length ((GStrv)numbers));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteVendorMatch) m = g_list_model_get_item (matches, i);

      g_assert_cmpstr (onsite_vendor_contract_info_get_number (onsite_vendor_match_get_contract (m)), ==, numbers[i]);
      g_assert_cmpint (onsite_vendor_match_get_level (m), ==, levels[i]);
      /* The reason names the contract, in words. */
      g_assert_nonnull (strstr (onsite_vendor_match_get_reason (m), numbers[i]));
    }
}

static void
test_match (void)
{
  g_autoptr(OnsiteStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) m1 = NULL;
  g_autoptr(GListModel) m2 = NULL;
  g_autoptr(GListModel) m3 = NULL;
  g_autoptr(GListModel) m4 = NULL;
  g_autoptr(GListModel) m5 = NULL;
  const char *printer[] = { "printer", NULL };
  const char *network[] = { "network", NULL };
  gint64 now = utc (2026, 3, 2, 10, 0);
  gint64 year_ago = now - 365 * DAY, in_a_year = now + 365 * DAY;
  gint64 alpha, beta, gamma, delta;

  alpha = add_vendor (store, "Alpha Print", printer, FALSE);
  beta = add_vendor (store, "Beta Service", network, FALSE);
  gamma = add_vendor (store, "Gamma Maintenance", NULL, FALSE);
  delta = add_vendor (store, "Delta Future", printer, FALSE);

  /* Covers everything Alpha covers. */
  add_contract (store, alpha, "A-1", year_ago, in_a_year, 240, 1440, "mon-fri 08:00-18:00", TRUE, NULL);
  /* Beta: one printer model, and an expired printer contract. */
  add_contract (store, beta, "B-1", year_ago, in_a_year, 480, 2880, "mon-fri 08:00-18:00", TRUE,
                (const char *[]) { "printer/LaserJet M507", NULL });
  add_contract (store, beta, "B-OLD", year_ago - 365 * DAY, year_ago, 30, 60, "24/7", TRUE,
                (const char *[]) { "printer", NULL });
  /* Gamma: all printers, and networks. */
  add_contract (store, gamma, "G-1", year_ago, in_a_year, 480, 2880, "mon-fri 08:00-18:00", TRUE,
                (const char *[]) { "printer", NULL });
  add_contract (store, gamma, "G-2", year_ago, in_a_year, 60, 240, "24/7", FALSE,
                (const char *[]) { "network", NULL });
  /* Delta: starts tomorrow. */
  add_contract (store, delta, "D-1", now + DAY, in_a_year, 15, 60, "24/7", TRUE, NULL);

  /* The product named by a contract comes first, then a contract for the
   * whole category, then a vendor's general contract. */
  m1 = onsite_store_match_vendors (store, "printer", "LaserJet M507", now, &error);
  g_assert_no_error (error);
  assert_matches (m1, (const char *[]) { "B-1", "G-1", "A-1", NULL },
                  (const int[]) { ONSITE_MATCH_PRODUCT, ONSITE_MATCH_CATEGORY, ONSITE_MATCH_VENDOR_CATEGORY });

  /* Product unknown: the model-only contract is a weaker suggestion. */
  m2 = onsite_store_match_vendors (store, "printer", NULL, now, &error);
  assert_matches (m2, (const char *[]) { "G-1", "A-1", "B-1", NULL },
                  (const int[]) { ONSITE_MATCH_CATEGORY, ONSITE_MATCH_VENDOR_CATEGORY, ONSITE_MATCH_OTHER_PRODUCT });

  /* Another model: Beta does not cover it. Case does not matter. */
  m3 = onsite_store_match_vendors (store, "Printer", "Color 9000", now, &error);
  assert_matches (m3, (const char *[]) { "G-1", "A-1", NULL },
                  (const int[]) { ONSITE_MATCH_CATEGORY, ONSITE_MATCH_VENDOR_CATEGORY });

  /* Among equals, the faster response first: G-2 (60 min) before nothing
   * else; Beta's network category has no general contract. */
  m4 = onsite_store_match_vendors (store, "network", NULL, now, &error);
  assert_matches (m4, (const char *[]) { "G-2", NULL }, (const int[]) { ONSITE_MATCH_CATEGORY });

  /* Next year Delta's contract is valid and Beta's and the others expired. */
  m5 = onsite_store_match_vendors (store, "phone", NULL, now, &error);
  g_assert_cmpuint (g_list_model_get_n_items (m5), ==, 0);

  {
    g_autoptr(GListModel) later = onsite_store_match_vendors (store, "printer", NULL, now + 2 * DAY, &error);

    assert_matches (later, (const char *[]) { "G-1", "D-1", "A-1", "B-1", NULL },
                    (const int[]) { ONSITE_MATCH_CATEGORY, ONSITE_MATCH_VENDOR_CATEGORY,
                                    ONSITE_MATCH_VENDOR_CATEGORY, ONSITE_MATCH_OTHER_PRODUCT });
  }
}

/* Hand-offs --------------------------------------------------------------- */

static void
assert_rows (OnsiteStore *store,
             gint64       events,
             gint64       outbox)
{
  g_assert_cmpint (count (store, "events"), ==, events);
  g_assert_cmpint (count (store, "outbox"), ==, outbox);
}

static void
test_handoff_lifecycle (void)
{
  g_autoptr(OnsiteStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteHandoff) h = NULL;
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *kind = NULL;
  const char *printer[] = { "printer", NULL };
  gint64 sent = utc (2026, 3, 2, 9, 0);
  gint64 ticket_id, vendor_id, contract_id, id, events, outbox;
  OnsiteHandoffRequest request = { 0, };

  ticket_id = add_ticket (store, "Printer jams", sent + 2 * DAY);
  vendor_id = add_vendor (store, "Alpha Print", printer, FALSE);
  contract_id = add_contract (store, vendor_id, "A-1", sent - DAY, sent + 365 * DAY, 240, 960,
                              "mon-fri 08:00-18:00", TRUE, NULL);
  events = count (store, "events");
  outbox = count (store, "outbox");

  /* Refused requests write nothing. */
  request.ticket_id = ticket_id;
  request.vendor_id = vendor_id;
  request.contract_id = contract_id;
  request.sent_at = sent;
  g_assert_cmpint (onsite_store_request_handoff (store, &request, &error), ==, 0);
  g_assert_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  request.summary = "Fuser unit broken; part 40X8023 needed.";
  request.sent_at = sent + 366 * DAY;
  g_assert_cmpint (onsite_store_request_handoff (store, &request, &error), ==, 0);
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "A-1"));
  g_clear_error (&error);
  request.sent_at = sent;
  request.contact_id = 9999;
  g_assert_cmpint (onsite_store_request_handoff (store, &request, &error), ==, 0);
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED);
  g_clear_error (&error);
  request.contact_id = 0;
  assert_rows (store, events, outbox);
  g_assert_cmpint (count (store, "handoffs"), ==, 0);

  /* Requested: the vendor's due dates from the contract, the ticket waits. */
  request.actor = "Dora Dispatcher";
  id = onsite_store_request_handoff (store, &request, &error);
  g_assert_no_error (error);
  assert_rows (store, ++events, ++outbox);

  h = onsite_store_get_handoff (store, id, &error);
  g_assert_cmpint (onsite_handoff_get_state (h), ==, ONSITE_HANDOFF_REQUESTED);
  g_assert_cmpint (onsite_handoff_get_acknowledge_due (h), ==, utc (2026, 3, 2, 13, 0));
  g_assert_cmpint (onsite_handoff_get_resolve_due (h), ==, utc (2026, 3, 3, 15, 0));
  g_assert_cmpstr (onsite_handoff_get_contact_email (h), ==, "desk@vendor.example");
  g_assert_cmpstr (onsite_handoff_get_contract_number (h), ==, "A-1");
  g_assert_true (onsite_handoff_get_pauses_sla (h));
  ticket = onsite_store_get_ticket (store, ticket_id, &error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_WAITING);
  g_clear_object (&ticket);

  payload = last_outbox (store, &kind);
  g_assert_cmpstr (kind, ==, "handoff");
  g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, "waiting");
  g_assert_cmpstr (json_object_get_string_member (payload, "previous"), ==, "open");
  g_assert_nonnull (strstr (json_object_get_string_member (payload, "text"), "Fuser unit broken"));
  g_assert_nonnull (strstr (json_object_get_string_member (payload, "text"), "Alpha Print"));
  g_assert_false (json_object_has_member (payload, "fields"));
  g_clear_pointer (&payload, json_object_unref);
  g_clear_pointer (&kind, g_free);

  /* A second case for the same ticket waits for the first. */
  g_assert_cmpint (onsite_store_request_handoff (store, &request, &error), ==, 0);
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED);
  g_clear_error (&error);

  /* Acknowledging needs the reference. */
  g_assert_false (onsite_store_acknowledge_handoff (store, id, "  ", sent + HOUR, "Carla", &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (onsite_store_set_handoff_state (store, id, ONSITE_HANDOFF_ACKNOWLEDGED, NULL, sent + HOUR, "Carla", &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED);
  g_clear_error (&error);
  /* Nor before the case was sent. */
  g_assert_false (onsite_store_acknowledge_handoff (store, id, "SS-4471", sent - HOUR, "Carla", &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION);
  g_clear_error (&error);
  assert_rows (store, events, outbox);

  g_assert_true (onsite_store_acknowledge_handoff (store, id, " SS-4471 ", sent + HOUR, "Carla", &error));
  g_assert_no_error (error);
  assert_rows (store, ++events, ++outbox);
  g_clear_object (&h);
  h = onsite_store_get_handoff (store, id, &error);
  g_assert_cmpstr (onsite_handoff_get_vendor_reference (h), ==, "SS-4471");
  g_assert_cmpint (onsite_handoff_get_acknowledged_at (h), ==, sent + HOUR);
  payload = last_outbox (store, &kind);
  g_assert_cmpstr (kind, ==, "handoff");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (payload, "fields"), "vendor-reference"), "value"), ==, "SS-4471");
  g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, "waiting");
  g_assert_nonnull (strstr (json_object_get_string_member (payload, "text"), "SS-4471"));
  g_clear_pointer (&payload, json_object_unref);
  g_clear_pointer (&kind, g_free);

  /* Impossible steps are refused with a sentence, and write nothing. */
  g_assert_false (onsite_store_acknowledge_handoff (store, id, "SS-4471", sent + 2 * HOUR, "Carla", &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION);
  g_assert_nonnull (strstr (error->message, "already"));
  g_clear_error (&error);
  g_assert_false (onsite_store_set_handoff_state (store, id, ONSITE_HANDOFF_REQUESTED, NULL, 0, "Carla", &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_false (onsite_store_set_handoff_state (store, id, ONSITE_HANDOFF_REJECTED, NULL, sent + 2 * HOUR, "Carla", &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED);
  g_clear_error (&error);
  assert_rows (store, events, outbox);

  /* Notes, a corrected reference and a follow-up: one line and one change each. */
  g_assert_true (onsite_store_add_handoff_note (store, id, "Engineer booked for Tuesday.", sent + 2 * HOUR, "Carla", &error));
  g_assert_no_error (error);
  assert_rows (store, ++events, ++outbox);
  payload = last_outbox (store, &kind);
  g_assert_cmpstr (kind, ==, "comment");
  g_assert_nonnull (strstr (json_object_get_string_member (payload, "text"), "Engineer booked"));
  g_clear_pointer (&payload, json_object_unref);
  g_clear_pointer (&kind, g_free);

  g_assert_true (onsite_store_set_handoff_reference (store, id, "SS-4472", sent + 2 * HOUR, "Carla", &error));
  g_assert_no_error (error);
  assert_rows (store, ++events, ++outbox);
  payload = last_outbox (store, &kind);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (payload, "fields"), "vendor-reference"), "previous"), ==, "SS-4471");
  g_assert_false (json_object_has_member (payload, "status"));
  g_clear_pointer (&payload, json_object_unref);
  g_clear_pointer (&kind, g_free);

  /* No escalation contact: refused. */
  g_assert_false (onsite_store_follow_up_handoff (store, id, TRUE, NULL, sent + 3 * HOUR, "Carla", &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (onsite_store_follow_up_handoff (store, id, FALSE, "Any news?", sent + 3 * HOUR, "Carla", &error));
  g_assert_no_error (error);
  assert_rows (store, ++events, ++outbox);

  step (store, id, ONSITE_HANDOFF_IN_PROGRESS, sent + 4 * HOUR);
  assert_rows (store, ++events, ++outbox);
  step (store, id, ONSITE_HANDOFF_RESOLVED, sent + 5 * HOUR);
  assert_rows (store, ++events, ++outbox);

  /* Resolved by the vendor: back with L2, who checks the fix. */
  ticket = onsite_store_get_ticket (store, ticket_id, &error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_OPEN);
  g_clear_object (&ticket);
  payload = last_outbox (store, &kind);
  g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (payload, "previous"), ==, "waiting");
  g_clear_pointer (&payload, json_object_unref);
  g_clear_pointer (&kind, g_free);

  g_assert_false (onsite_store_follow_up_handoff (store, id, FALSE, NULL, sent + 6 * HOUR, "Carla", &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION);
  g_clear_error (&error);

  step (store, id, ONSITE_HANDOFF_RETURNED, sent + 6 * HOUR);
  assert_rows (store, ++events, ++outbox);
  g_clear_object (&h);
  h = onsite_store_get_handoff (store, id, &error);
  g_assert_cmpint (onsite_handoff_get_closed_at (h), ==, sent + 6 * HOUR);
  g_assert_cmpint (onsite_handoff_get_resolved_at (h), ==, sent + 5 * HOUR);
  g_assert_cmpint (onsite_handoff_get_follow_ups (h), ==, 1);
  g_assert_nonnull (strstr (onsite_handoff_get_notes (h), "Engineer booked for Tuesday."));

  /* Over: every step is refused. */
  for (OnsiteHandoffState s = ONSITE_HANDOFF_ACKNOWLEDGED; s < ONSITE_N_HANDOFF_STATES; s++)
    {
      g_assert_false (onsite_store_set_handoff_state (store, id, s, "x", sent + 7 * HOUR, "Carla", &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  assert_rows (store, events, outbox);

  /* The history reads as sentences. */
  {
    g_autoptr(GPtrArray) history = onsite_store_list_events (store, ticket_id, &error);
    const OnsiteEvent *first = NULL;

    for (guint i = 0; i < history->len; i++)
      if (g_str_equal (((OnsiteEvent *)g_ptr_array_index (history, i))->kind, "handoff"))
        {
          first = g_ptr_array_index (history, i);
          break;
        }
    if (first == NULL)
      g_assert_not_reached ();
    g_assert_cmpstr (first->summary, ==, "Handed to Alpha Print under contract A-1, sent to Service desk <desk@vendor.example>");
  }

  /* A new case once the first is over. */
  request.sent_at = sent + DAY;
  g_assert_cmpint (onsite_store_request_handoff (store, &request, &error), >, id);
  g_assert_no_error (error);
}

static void
test_handoff_atomic (void)
{
  g_autoptr(OnsiteStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteHandoff) h = NULL;
  g_autoptr(OnsiteTicket) ticket = NULL;
  const char *printer[] = { "printer", NULL };
  gint64 sent = utc (2026, 3, 2, 9, 0);
  gint64 ticket_id, vendor_id, contract_id, id, events, outbox;
  sqlite3 *db = _onsite_store_get_db (store);

  ticket_id = add_ticket (store, "Jam", 0);
  vendor_id = add_vendor (store, "Alpha Print", printer, FALSE);
  contract_id = add_contract (store, vendor_id, "A-1", sent - DAY, sent + DAY, 60, 120, "24/7", TRUE, NULL);
  id = hand_off (store, ticket_id, vendor_id, contract_id, sent);
  events = count (store, "events");
  outbox = count (store, "outbox");

  /* The outbox refuses: the step must leave no trace at all. */
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER no_outbox BEFORE INSERT ON outbox"
                                     " BEGIN SELECT RAISE (ABORT, 'refused'); END;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (onsite_store_acknowledge_handoff (store, id, "X-1", sent + 60, "Carla", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (onsite_store_set_handoff_state (store, id, ONSITE_HANDOFF_RESOLVED, NULL, sent + 60, "Carla", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_rows (store, events, outbox);
  h = onsite_store_get_handoff (store, id, &error);
  g_assert_cmpint (onsite_handoff_get_state (h), ==, ONSITE_HANDOFF_REQUESTED);
  g_assert_cmpstr (onsite_handoff_get_vendor_reference (h), ==, "");
  g_assert_cmpint (onsite_handoff_get_acknowledged_at (h), ==, 0);
  ticket = onsite_store_get_ticket (store, ticket_id, &error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_WAITING);

  /* The same for a new case. */
  {
    gint64 other = add_ticket (store, "Another jam", 0);
    gint64 handoffs = count (store, "handoffs");
    g_autoptr(OnsiteTicket) t = NULL;
    OnsiteHandoffRequest request = { other, vendor_id, 0, contract_id, "Summary", NULL, sent, "Dora" };

    g_assert_cmpint (onsite_store_request_handoff (store, &request, &error), ==, 0);
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpint (count (store, "handoffs"), ==, handoffs);
    t = onsite_store_get_ticket (store, other, &error);
    g_assert_cmpint (onsite_ticket_get_status (t), ==, ONSITE_TICKET_STATUS_OPEN);
  }
  assert_rows (store, events, outbox);

  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER no_outbox", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (onsite_store_acknowledge_handoff (store, id, "X-1", sent + 60, "Carla", &error));
  g_assert_no_error (error);
  assert_rows (store, events + 1, outbox + 1);
}

static void
test_sla_from_history (void)
{
  g_autoptr(OnsiteStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pauses = NULL;
  const char *printer[] = { "printer", NULL };
  gint64 t0 = utc (2026, 3, 2, 9, 0);
  gint64 due = t0 + 8 * HOUR;
  gint64 ticket_id, vendor_id, pausing, running, id;

  ticket_id = add_ticket (store, "Jam", due);
  vendor_id = add_vendor (store, "Alpha Print", printer, FALSE);
  pausing = add_contract (store, vendor_id, "PAUSE", t0 - DAY, t0 + 30 * DAY, 60, 600, "24/7", TRUE, NULL);
  running = add_contract (store, vendor_id, "RUN", t0 - DAY, t0 + 30 * DAY, 60, 600, "24/7", FALSE, NULL);

  g_assert_cmpint (onsite_store_get_effective_sla_due (store, ticket_id, t0, &error), ==, due);

  /* Waiting on the vendor from t0+1h: the clock stops. */
  id = hand_off (store, ticket_id, vendor_id, pausing, t0 + HOUR);
  g_assert_cmpint (onsite_store_get_effective_sla_due (store, ticket_id, t0 + 3 * HOUR, &error), ==, due + 2 * HOUR);
  step (store, id, ONSITE_HANDOFF_ACKNOWLEDGED, t0 + 2 * HOUR);
  step (store, id, ONSITE_HANDOFF_IN_PROGRESS, t0 + 3 * HOUR);
  /* Resolved at t0+5h: four hours given back, for good. */
  step (store, id, ONSITE_HANDOFF_RESOLVED, t0 + 5 * HOUR);
  g_assert_cmpint (onsite_store_get_effective_sla_due (store, ticket_id, t0 + 6 * HOUR, &error), ==, due + 4 * HOUR);
  g_assert_cmpint (onsite_store_get_effective_sla_due (store, ticket_id, t0 + 20 * HOUR, &error), ==, due + 4 * HOUR);
  /* The fix did not hold at t0+7h: paused again until returned at t0+9h. */
  step (store, id, ONSITE_HANDOFF_IN_PROGRESS, t0 + 7 * HOUR);
  g_assert_cmpint (onsite_store_get_effective_sla_due (store, ticket_id, t0 + 8 * HOUR, &error), ==, due + 5 * HOUR);
  step (store, id, ONSITE_HANDOFF_RETURNED, t0 + 9 * HOUR);
  g_assert_cmpint (onsite_store_get_effective_sla_due (store, ticket_id, t0 + 30 * HOUR, &error), ==, due + 6 * HOUR);

  pauses = onsite_store_get_sla_pauses (store, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pauses->len, ==, 2);
  g_assert_cmpint (g_array_index (pauses, OnsiteSlaPause, 0).start, ==, t0 + HOUR);
  g_assert_cmpint (g_array_index (pauses, OnsiteSlaPause, 0).end, ==, t0 + 5 * HOUR);
  g_assert_cmpint (g_array_index (pauses, OnsiteSlaPause, 1).start, ==, t0 + 7 * HOUR);
  g_assert_cmpint (g_array_index (pauses, OnsiteSlaPause, 1).end, ==, t0 + 9 * HOUR);

  /* A contract that does not pause leaves the clock running. */
  id = hand_off (store, ticket_id, vendor_id, running, t0 + 10 * HOUR);
  g_assert_cmpint (onsite_store_get_effective_sla_due (store, ticket_id, t0 + 30 * HOUR, &error), ==, due + 6 * HOUR);
  g_assert_no_error (error);
}

/* The clock as the views show it: stopped or running, and the due date. */
static void
test_sla_clock (void)
{
  g_autoptr(OnsiteStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  const char *printer[] = { "printer", NULL };
  gint64 t0 = utc (2026, 3, 2, 9, 0);
  gint64 due = t0 + 8 * HOUR;
  gint64 ticket_id, late_id, none_id, vendor_id, pausing, running, id, clock_due;
  gboolean paused;

  ticket_id = add_ticket (store, "Jam", due);
  vendor_id = add_vendor (store, "Alpha Print", printer, FALSE);
  pausing = add_contract (store, vendor_id, "PAUSE", t0 - DAY, t0 + 30 * DAY, 60, 600, "24/7", TRUE, NULL);
  running = add_contract (store, vendor_id, "RUN", t0 - DAY, t0 + 30 * DAY, 60, 600, "24/7", FALSE, NULL);

  g_assert_true (onsite_store_get_sla_clock (store, ticket_id, t0, &clock_due, &paused, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clock_due, ==, due);
  g_assert_false (paused);

  /* With the vendor from t0+1h under a pausing contract: stopped, and two
   * hours later the due date is two hours on. */
  id = hand_off (store, ticket_id, vendor_id, pausing, t0 + HOUR);
  g_assert_true (onsite_store_get_sla_clock (store, ticket_id, t0 + 3 * HOUR, &clock_due, &paused, &error));
  g_assert_cmpint (clock_due, ==, due + 2 * HOUR);
  g_assert_true (paused);
  step (store, id, ONSITE_HANDOFF_ACKNOWLEDGED, t0 + 2 * HOUR);
  g_assert_true (onsite_store_get_sla_clock (store, ticket_id, t0 + 4 * HOUR, &clock_due, &paused, &error));
  g_assert_cmpint (clock_due, ==, due + 3 * HOUR);
  g_assert_true (paused);

  /* Back with L2 at t0+5h: running again, four hours given back. */
  step (store, id, ONSITE_HANDOFF_RESOLVED, t0 + 5 * HOUR);
  g_assert_true (onsite_store_get_sla_clock (store, ticket_id, t0 + 6 * HOUR, &clock_due, &paused, &error));
  g_assert_cmpint (clock_due, ==, due + 4 * HOUR);
  g_assert_false (paused);
  step (store, id, ONSITE_HANDOFF_RETURNED, t0 + 6 * HOUR);

  /* A contract that does not pause: running. */
  hand_off (store, ticket_id, vendor_id, running, t0 + 7 * HOUR);
  g_assert_true (onsite_store_get_sla_clock (store, ticket_id, t0 + 8 * HOUR, &clock_due, &paused, &error));
  g_assert_cmpint (clock_due, ==, due + 4 * HOUR);
  g_assert_false (paused);

  /* Handed over after the SLA was already breached: the pause does not
   * un-breach it, and the clock is not shown as stopped. */
  late_id = add_ticket (store, "Late jam", t0 + HOUR);
  hand_off (store, late_id, vendor_id, pausing, t0 + 2 * HOUR);
  g_assert_true (onsite_store_get_sla_clock (store, late_id, t0 + 3 * HOUR, &clock_due, &paused, &error));
  g_assert_cmpint (clock_due, ==, t0 + HOUR);
  g_assert_false (paused);

  /* No SLA at all. */
  none_id = add_ticket (store, "No SLA", 0);
  hand_off (store, none_id, vendor_id, pausing, t0 + HOUR);
  g_assert_true (onsite_store_get_sla_clock (store, none_id, t0 + 2 * HOUR, &clock_due, &paused, &error));
  g_assert_cmpint (clock_due, ==, 0);
  g_assert_false (paused);

  /* An unknown ticket is an error, not a clock. */
  g_assert_false (onsite_store_get_sla_clock (store, 999999, t0, &clock_due, &paused, &error));
  g_assert_nonnull (error);
}

/* The scorecard's periods, in Rome: calendar months and quarters from
 * midnight to midnight across daylight saving changes and year ends. */
static void
test_score_periods (void)
{
  g_autoptr(GTimeZone) rome = g_time_zone_new_identifier ("Europe/Rome");
  gint64 now = utc (2026, 3, 30, 8, 0);   /* Monday 10:00 in Rome, summer time since Sunday */
  gint64 from, to;

  g_assert_nonnull (rome);

  onsite_score_period_get_range (ONSITE_SCORE_PERIOD_LAST_30_DAYS, now, rome, &from, &to);
  g_assert_cmpint (from, ==, now - 30 * DAY);
  g_assert_cmpint (to, ==, now + 1);
  onsite_score_period_get_range (ONSITE_SCORE_PERIOD_LAST_365_DAYS, now, rome, &from, &to);
  g_assert_cmpint (from, ==, now - 365 * DAY);

  /* March: from 1 March 00:00 (+01:00) to 1 April 00:00 (+02:00). */
  onsite_score_period_get_range (ONSITE_SCORE_PERIOD_THIS_MONTH, now, rome, &from, &to);
  g_assert_cmpint (from, ==, utc (2026, 2, 28, 23, 0));
  g_assert_cmpint (to, ==, utc (2026, 3, 31, 22, 0));
  g_assert_cmpint (to - from, ==, 31 * DAY - HOUR);

  onsite_score_period_get_range (ONSITE_SCORE_PERIOD_LAST_MONTH, now, rome, &from, &to);
  g_assert_cmpint (from, ==, utc (2026, 1, 31, 23, 0));
  g_assert_cmpint (to, ==, utc (2026, 2, 28, 23, 0));

  onsite_score_period_get_range (ONSITE_SCORE_PERIOD_THIS_QUARTER, now, rome, &from, &to);
  g_assert_cmpint (from, ==, utc (2025, 12, 31, 23, 0));
  g_assert_cmpint (to, ==, utc (2026, 3, 31, 22, 0));

  /* Last quarter: October to December 2025, October in summer time. */
  onsite_score_period_get_range (ONSITE_SCORE_PERIOD_LAST_QUARTER, now, rome, &from, &to);
  g_assert_cmpint (from, ==, utc (2025, 9, 30, 22, 0));
  g_assert_cmpint (to, ==, utc (2025, 12, 31, 23, 0));

  onsite_score_period_get_range (ONSITE_SCORE_PERIOD_THIS_YEAR, now, rome, &from, &to);
  g_assert_cmpint (from, ==, utc (2025, 12, 31, 23, 0));
  g_assert_cmpint (to, ==, utc (2026, 12, 31, 23, 0));
  onsite_score_period_get_range (ONSITE_SCORE_PERIOD_LAST_YEAR, now, rome, &from, &to);
  g_assert_cmpint (from, ==, utc (2024, 12, 31, 23, 0));
  g_assert_cmpint (to, ==, utc (2025, 12, 31, 23, 0));

  /* In January, last month and last quarter are last year's; 00:30 on
   * 1 January in Rome is still 31 December in UTC. */
  now = utc (2025, 12, 31, 23, 30);
  onsite_score_period_get_range (ONSITE_SCORE_PERIOD_THIS_MONTH, now, rome, &from, &to);
  g_assert_cmpint (from, ==, utc (2025, 12, 31, 23, 0));
  onsite_score_period_get_range (ONSITE_SCORE_PERIOD_LAST_MONTH, now, rome, &from, &to);
  g_assert_cmpint (from, ==, utc (2025, 11, 30, 23, 0));
  g_assert_cmpint (to, ==, utc (2025, 12, 31, 23, 0));
  onsite_score_period_get_range (ONSITE_SCORE_PERIOD_LAST_QUARTER, now, rome, &from, &to);
  g_assert_cmpint (from, ==, utc (2025, 9, 30, 22, 0));
  g_assert_cmpint (to, ==, utc (2025, 12, 31, 23, 0));
}

/* Scorecard: a fixed data set, the figures worked out by hand. */
static void
test_scorecard (void)
{
  g_autoptr(OnsiteStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) card = NULL;
  g_autoptr(OnsiteVendorScore) x = NULL;
  g_autoptr(OnsiteVendorScore) y = NULL;
  const char *printer[] = { "printer", NULL };
  gint64 t0 = utc (2026, 3, 2, 0, 0);
  gint64 now = t0 + 4 * DAY + 100 * MINUTE;
  gint64 vx, vy, contract, h;

  vx = add_vendor (store, "Xerographic Service", printer, FALSE);
  vy = add_vendor (store, "Ypsilon Repairs", printer, FALSE);
  /* Round the clock: response 60 min, resolution 240 min. */
  contract = add_contract (store, vx, "X-1", t0 - 30 * DAY, t0 + 30 * DAY, 60, 240, "24/7", TRUE, NULL);

  /* H1: answered in 30, fixed in 200, returned: within. */
  h = hand_off (store, add_ticket (store, "H1", 0), vx, contract, t0);
  step (store, h, ONSITE_HANDOFF_ACKNOWLEDGED, t0 + 30 * MINUTE);
  step (store, h, ONSITE_HANDOFF_RESOLVED, t0 + 200 * MINUTE);
  step (store, h, ONSITE_HANDOFF_RETURNED, t0 + 300 * MINUTE);
  /* H2: answered late (90), fixed in 100: missed. */
  h = hand_off (store, add_ticket (store, "H2", 0), vx, contract, t0 + DAY);
  step (store, h, ONSITE_HANDOFF_ACKNOWLEDGED, t0 + DAY + 90 * MINUTE);
  step (store, h, ONSITE_HANDOFF_RESOLVED, t0 + DAY + 100 * MINUTE);
  /* H3: answered in 10, fixed late (300): missed. */
  h = hand_off (store, add_ticket (store, "H3", 0), vx, contract, t0 + 2 * DAY);
  step (store, h, ONSITE_HANDOFF_ACKNOWLEDGED, t0 + 2 * DAY + 10 * MINUTE);
  step (store, h, ONSITE_HANDOFF_IN_PROGRESS, t0 + 2 * DAY + 20 * MINUTE);
  step (store, h, ONSITE_HANDOFF_RESOLVED, t0 + 2 * DAY + 300 * MINUTE);
  /* H4: answered in 20, rejected at 40: over without a miss, within. */
  h = hand_off (store, add_ticket (store, "H4", 0), vx, contract, t0 + 3 * DAY);
  step (store, h, ONSITE_HANDOFF_ACKNOWLEDGED, t0 + 3 * DAY + 20 * MINUTE);
  step (store, h, ONSITE_HANDOFF_REJECTED, t0 + 3 * DAY + 40 * MINUTE);
  /* H5: answered in 40, still in progress at now (100 min in, due at 240): undecided. */
  h = hand_off (store, add_ticket (store, "H5", 0), vx, contract, t0 + 4 * DAY);
  step (store, h, ONSITE_HANDOFF_ACKNOWLEDGED, t0 + 4 * DAY + 40 * MINUTE);
  step (store, h, ONSITE_HANDOFF_IN_PROGRESS, t0 + 4 * DAY + 50 * MINUTE);
  /* H6: before the period; not counted. */
  h = hand_off (store, add_ticket (store, "H6", 0), vx, contract, t0 - 10 * DAY);
  step (store, h, ONSITE_HANDOFF_ACKNOWLEDGED, t0 - 10 * DAY + 500 * MINUTE);
  /* Y: one case without a contract, never answered. */
  hand_off (store, add_ticket (store, "Y1", 0), vy, 0, t0 + HOUR);

  card = onsite_store_vendor_scorecard (store, t0, t0 + 7 * DAY, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (card), ==, 2);
  x = g_list_model_get_item (card, 0);
  y = g_list_model_get_item (card, 1);

  g_assert_cmpstr (onsite_vendor_score_get_vendor_name (x), ==, "Xerographic Service");
  g_assert_cmpuint (onsite_vendor_score_get_handoffs (x), ==, 5);
  g_assert_cmpuint (onsite_vendor_score_get_acknowledged (x), ==, 5);
  /* Answer times 30, 90, 10, 20, 40 minutes: median 30. */
  g_assert_cmpint (onsite_vendor_score_get_median_acknowledge (x), ==, 30 * MINUTE);
  /* Fix times 200, 100, 300 minutes: median 200. */
  g_assert_cmpuint (onsite_vendor_score_get_resolved (x), ==, 3);
  g_assert_cmpint (onsite_vendor_score_get_median_resolve (x), ==, 200 * MINUTE);
  g_assert_cmpuint (onsite_vendor_score_get_rejected (x), ==, 1);
  /* Decided: H1, H2, H3, H4; within: H1, H4. */
  g_assert_cmpuint (onsite_vendor_score_get_decided (x), ==, 4);
  g_assert_cmpuint (onsite_vendor_score_get_within_contract (x), ==, 2);
  g_assert_cmpfloat_with_epsilon (onsite_vendor_score_get_share_within (x), 0.5, 1e-9);

  g_assert_cmpuint (onsite_vendor_score_get_handoffs (y), ==, 1);
  g_assert_cmpint (onsite_vendor_score_get_median_acknowledge (y), ==, -1);
  g_assert_cmpfloat (onsite_vendor_score_get_share_within (y), ==, -1);

  /* Later, H5 runs past its resolution due (240 min): decided, missed. */
  g_clear_object (&x);
  g_clear_object (&card);
  card = onsite_store_vendor_scorecard (store, t0, t0 + 7 * DAY, t0 + 4 * DAY + 241 * MINUTE, &error);
  x = g_list_model_get_item (card, 0);
  g_assert_cmpuint (onsite_vendor_score_get_decided (x), ==, 5);
  g_assert_cmpuint (onsite_vendor_score_get_within_contract (x), ==, 2);
  g_assert_cmpfloat_with_epsilon (onsite_vendor_score_get_share_within (x), 0.4, 1e-9);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  (*calls)++;
}

static void
assert_titles (GListModel         *model,
               const char * const *titles)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_strv_length ((GStrv)titles));
  for (guint i = 0; titles[i]; i++)
    {
      g_autoptr(OnsiteHandoff) h = g_list_model_get_item (model, i);

      g_assert_cmpstr (onsite_handoff_get_ticket_title (h), ==, titles[i]);
    }
}

static void
test_coordinator_list (void)
{
  g_autoptr(OnsiteStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteHandoffList) list = NULL;
  g_autoptr(OnsiteHandoff) first = NULL;
  g_autofree char *left = NULL;
  const char *printer[] = { "printer", NULL };
  gint64 t0 = utc (2026, 3, 2, 9, 0);
  gint64 va, vb, ca, cb, h;
  guint calls = 0;

  va = add_vendor (store, "Alpha", printer, FALSE);
  vb = add_vendor (store, "Beta", printer, FALSE);
  ca = add_contract (store, va, "CA", t0 - DAY, t0 + DAY, 60, 240, "24/7", TRUE, NULL);
  cb = add_contract (store, vb, "CB", t0 - DAY, t0 + DAY, 120, 480, "24/7", TRUE, NULL);

  /* Response due at t0+60: overdue at t0+100. */
  hand_off (store, add_ticket (store, "A late", 0), va, ca, t0);
  /* Acknowledged: resolution due at t0+270. */
  h = hand_off (store, add_ticket (store, "A working", 0), va, ca, t0 + 30 * MINUTE);
  step (store, h, ONSITE_HANDOFF_ACKNOWLEDGED, t0 + 40 * MINUTE);
  /* Response due at t0+130. */
  hand_off (store, add_ticket (store, "B asked", 0), vb, cb, t0 + 10 * MINUTE);
  /* No contract: no dates. */
  hand_off (store, add_ticket (store, "B free", 0), vb, 0, t0);
  /* Resolved, waiting for L2. */
  h = hand_off (store, add_ticket (store, "B fixed", 0), vb, cb, t0);
  step (store, h, ONSITE_HANDOFF_RESOLVED, t0 + 20 * MINUTE);
  /* Over: not shown. */
  h = hand_off (store, add_ticket (store, "A over", 0), va, ca, t0);
  step (store, h, ONSITE_HANDOFF_RETURNED, t0 + 20 * MINUTE);

  list = onsite_handoff_list_new (store);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &calls);
  onsite_handoff_list_set_now (list, t0 + 100 * MINUTE);
  g_assert_true (onsite_handoff_list_reload (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == ONSITE_TYPE_HANDOFF);

  assert_titles (G_LIST_MODEL (list), (const char *[]) { "A late", "B asked", "A working", "B free", "B fixed", NULL });
  g_assert_cmpuint (onsite_handoff_list_get_n_overdue (list), ==, 1);

  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  left = onsite_handoff_describe_time_left (first, t0 + 100 * MINUTE);
  g_assert_cmpstr (left, ==, "response overdue by 40 min");
  g_clear_pointer (&left, g_free);
  {
    g_autoptr(OnsiteHandoff) working = g_list_model_get_item (G_LIST_MODEL (list), 2);
    gint64 seconds;

    g_assert_true (onsite_handoff_get_time_left (working, t0 + 100 * MINUTE, &seconds));
    g_assert_cmpint (seconds, ==, 170 * MINUTE);
    left = onsite_handoff_describe_time_left (working, t0 + 100 * MINUTE);
    g_assert_cmpstr (left, ==, "resolution 2 h 50 min left");
  }

  onsite_handoff_list_set_vendor_id (list, va);
  assert_titles (G_LIST_MODEL (list), (const char *[]) { "A late", "A working", NULL });
  onsite_handoff_list_set_vendor_id (list, 0);
  onsite_handoff_list_set_contract_id (list, cb);
  assert_titles (G_LIST_MODEL (list), (const char *[]) { "B asked", "B fixed", NULL });
  onsite_handoff_list_set_contract_id (list, 0);
  onsite_handoff_list_set_state (list, ONSITE_HANDOFF_REQUESTED);
  assert_titles (G_LIST_MODEL (list), (const char *[]) { "A late", "B asked", "B free", NULL });
  onsite_handoff_list_set_state (list, ONSITE_HANDOFF_LIST_ANY_STATE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);

  /* Later, B's response is overdue too. */
  onsite_handoff_list_set_now (list, t0 + 200 * MINUTE);
  g_assert_true (onsite_handoff_list_reload (list, &error));
  g_assert_cmpuint (onsite_handoff_list_get_n_overdue (list), ==, 2);
}

/* CSV ----------------------------------------------------------------------- */

static const char good_csv[] =
  "\xef\xbb\xbf" "kind,vendor,name,website,categories,role,phone,email,escalation,number,valid_from,valid_until,response_minutes,resolution_minutes,business_hours,holidays,timezone,pauses_sla,covers\r\n"
  "vendor,Stampa Sicura,,https://stampa.example,printer;copier,,,,,,,,,,,,,,\r\n"
  "contact,Stampa Sicura,Service desk,,,First line,+39 02 1,desk@stampa.example,no,,,,,,,,,,\r\n"
  "contact,Stampa Sicura,\"Sala, Roberto\",,,\"Area manager\nNorth\",+39 335 1,r.sala@stampa.example,yes,,,,,,,,,,\r\n"
  "contract,Stampa Sicura,,,,,,,,SS-0117,2026-01-01,2027-12-31,240,24h,\"mon-fri 08:30-12:30, 13:30-17:30\",2026-12-24;12-25,Europe/Rome,yes,printer/LaserJet M507|copier\r\n"
  "\r\n"
  "vendor,\"NetLink \"\"Milano\"\"\",,,network,,,,,,,,,,,,,,\r\n"
  "contract,\"NetLink \"\"Milano\"\"\",,,,,,,,NL-1,2026-01-01,2026-12-31,1h,4h,24/7,,,no,\r\n";

static void
test_csv_good (void)
{
  g_autoptr(OnsiteStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteVendorInfo) vendor = NULL;
  OnsiteVendorImportStats stats = { 0, };
  OnsiteVendorContractInfo *contract;
  OnsiteVendorContactInfo *contact;
  gint64 id;

  g_assert_true (onsite_store_import_vendors_csv (store, good_csv, -1, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.vendors_added, ==, 2);
  g_assert_cmpuint (stats.contacts_added, ==, 2);
  g_assert_cmpuint (stats.contracts_added, ==, 2);

  id = onsite_store_find_vendor (store, "Stampa Sicura", &error);
  vendor = onsite_store_get_vendor (store, id, &error);
  g_assert_cmpstrv (onsite_vendor_info_get_categories (vendor), ((const char *[]) { "copier", "printer", NULL }));
  contact = onsite_vendor_info_get_escalation_contact (vendor);
  g_assert_cmpstr (onsite_vendor_contact_info_get_name (contact), ==, "Sala, Roberto");
  g_assert_cmpstr (onsite_vendor_contact_info_get_role (contact), ==, "Area manager\nNorth");
  contract = g_list_model_get_item (onsite_vendor_info_get_contracts (vendor), 0);
  g_object_unref (contract);
  g_assert_cmpstr (onsite_vendor_contract_info_get_number (contract), ==, "SS-0117");
  /* Dates are whole days in the contract's zone; the last one included. */
  g_assert_cmpint (onsite_vendor_contract_info_get_valid_from (contract), ==, in_zone ("Europe/Rome", 2026, 1, 1, 0, 0));
  g_assert_cmpint (onsite_vendor_contract_info_get_valid_until (contract), ==, in_zone ("Europe/Rome", 2028, 1, 1, 0, 0));
  g_assert_cmpint (onsite_vendor_contract_info_get_resolution_minutes (contract), ==, 1440);
  g_assert_cmpstr (onsite_vendor_contract_info_get_business_hours (contract), ==, "mon-fri 08:30-12:30, 13:30-17:30");
  g_assert_cmpstrv (onsite_vendor_contract_info_get_covers (contract), ((const char *[]) { "copier", "printer/LaserJet M507", NULL }));
  g_assert_true (onsite_vendor_contract_info_get_pauses_sla (contract));
  g_clear_object (&vendor);

  id = onsite_store_find_vendor (store, "NetLink \"Milano\"", &error);
  g_assert_cmpint (id, >, 0);
  vendor = onsite_store_get_vendor (store, id, &error);
  contract = g_list_model_get_item (onsite_vendor_info_get_contracts (vendor), 0);
  g_object_unref (contract);
  g_assert_cmpint (onsite_vendor_contract_info_get_response_minutes (contract), ==, 60);
  g_assert_false (onsite_vendor_contract_info_get_pauses_sla (contract));
  g_clear_object (&vendor);

  /* Importing again updates; nothing is doubled. A European export with
   * semicolons updates the contract. */
  g_assert_true (onsite_store_import_vendors_csv (store, good_csv, -1, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.vendors_updated, ==, 2);
  g_assert_cmpuint (stats.contacts_updated, ==, 2);
  g_assert_cmpuint (stats.contracts_updated, ==, 2);
  g_assert_cmpuint (stats.vendors_added + stats.contacts_added + stats.contracts_added, ==, 0);
  g_assert_true (onsite_store_import_vendors_csv (store,
                                                  "kind;vendor;number;valid_from;valid_until;response_minutes;resolution_minutes\n"
                                                  "contract;stampa sicura;SS-0117;2026-01-01;2026-06-30;120;480\n",
                                                  -1, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.contracts_updated, ==, 1);
  g_assert_cmpint (count (store, "vendors"), ==, 2);
  g_assert_cmpint (count (store, "vendor_contacts"), ==, 2);
  g_assert_cmpint (count (store, "vendor_contracts"), ==, 2);
}

/* A long file on disk, every vendor with a contact; @bad_line (0 for
 * none, else odd) holds a contract with an impossible date. */
static GFile *
write_long_csv (const char *name,
                guint       n_vendors,
                guint       bad_line)
{
  g_autoptr(GString) csv = g_string_new ("kind,vendor,name,email,number,valid_from,valid_until\n");
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  guint line = 1;

  for (guint i = 0; i < n_vendors; i++)
    {
      g_string_append_printf (csv, "vendor,Vendor %04u,,,,,\n", i + 1);
      if (++line == bad_line - 1)
        g_string_append (csv, "contract,Vendor 0001,,,X-1,2026-13-01,2026-12-31\n");
      else
        g_string_append_printf (csv, "contact,Vendor %04u,Desk %u,desk%u@vendor.example,,,\n", i + 1, i + 1, i + 1);
      line++;
    }

  g_assert_true (g_mkdir_with_parents (g_get_user_cache_dir (), 0700) == 0);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, &error));
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

typedef struct
{
  GThread      *main_thread;
  guint         reports;
  guint         done;
  guint         total;
  gboolean      backwards;
  gboolean      wrong_thread;
  gboolean      finished;
  gboolean      freed;
  GAsyncResult *result;
} ImportWatch;

static void
import_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  ImportWatch *watch = user_data;

  g_assert_false (watch->finished);
  watch->wrong_thread |= g_thread_self () != watch->main_thread;
  watch->backwards |= done < watch->done;
  watch->reports++;
  watch->done = done;
  watch->total = total;
}

static void
import_watch_freed (gpointer user_data)
{
  ImportWatch *watch = user_data;

  g_assert_true (watch->finished);
  g_assert_true (g_thread_self () == watch->main_thread);
  watch->freed = TRUE;
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImportWatch *watch = user_data;

  watch->finished = TRUE;
  watch->result = g_object_ref (result);
}

/* Runs an import off the main thread and counts how often the main loop
 * got to run meanwhile. */
static gboolean
import_async (OnsiteStore              *store,
              GFile                    *file,
              GCancellable             *cancellable,
              ImportWatch              *watch,
              OnsiteVendorImportStats  *stats,
              guint                    *iterations,
              GError                  **error)
{
  gboolean ok;

  memset (watch, 0, sizeof *watch);
  watch->main_thread = g_thread_self ();
  *iterations = 0;

  onsite_store_import_vendors_file_async (store, file, import_progress_cb, watch, import_watch_freed,
                                          cancellable, import_done_cb, watch);
  /* Nothing happens before the caller's loop runs. */
  g_assert_false (watch->finished);

  while (!watch->finished)
    {
      g_main_context_iteration (NULL, TRUE);
      (*iterations)++;
    }

  ok = onsite_store_import_vendors_file_finish (store, watch->result, stats, error);
  g_clear_object (&watch->result);
  g_assert_true (watch->freed);

  return ok;
}

/* The import reads and writes in a worker with its own connection; the
 * main loop runs meanwhile and hears of the progress; a bad line keeps
 * everything out and is named; cancelling keeps everything out too. */
static void
test_csv_async (void)
{
  g_autoptr(OnsiteStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) bad = write_long_csv ("bad.csv", 2000, 3001);
  g_autoptr(GFile) good = write_long_csv ("good.csv", 2000, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/vendors.csv");
  OnsiteVendorImportStats stats = { 0, };
  ImportWatch watch;
  guint iterations;

  g_assert_false (import_async (store, bad, NULL, &watch, &stats, &iterations, &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_IMPORT);
  g_test_message ("%s", error->message);
  /* Each problem of the one bad line, by its number; no other line. */
  g_assert_true (g_str_has_prefix (error->message, "Nothing was imported: the file has 3 problems.\nLine 3001: "));
  g_assert_nonnull (strstr (error->message, "2026-13-01"));
  g_assert_nonnull (strstr (error->message, "response_minutes"));
  for (const char *p = strstr (error->message, "Line "); p; p = strstr (p + 1, "Line "))
    g_assert_true (g_str_has_prefix (p, "Line 3001: "));
  g_clear_error (&error);
  g_assert_false (watch.wrong_thread);
  g_assert_false (watch.backwards);
  g_assert_cmpuint (watch.reports, >=, 1);
  g_assert_cmpuint (watch.total, ==, 4000);
  g_assert_cmpuint (watch.done, ==, 4000);
  g_assert_cmpint (count (store, "vendors"), ==, 0);
  g_assert_cmpint (count (store, "vendor_contacts"), ==, 0);

  g_assert_true (import_async (store, good, NULL, &watch, &stats, &iterations, &error));
  g_assert_no_error (error);
  g_test_message ("%u lines, %u progress reports, %u main loop iterations", watch.total, watch.reports, iterations);
  g_assert_cmpuint (stats.vendors_added, ==, 2000);
  g_assert_cmpuint (stats.contacts_added, ==, 2000);
  g_assert_cmpuint (watch.done, ==, 4000);
  /* The main thread's own connection sees what the worker wrote. */
  g_assert_cmpint (count (store, "vendors"), ==, 2000);
  g_assert_cmpint (count (store, "vendor_contacts"), ==, 2000);
  g_assert_cmpint (onsite_store_find_vendor (store, "Vendor 1999", &error), >, 0);

  /* Cancelled: nothing of it is kept. */
  g_cancellable_cancel (cancellable);
  g_assert_false (import_async (store, bad, cancellable, &watch, &stats, &iterations, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (count (store, "vendors"), ==, 2000);

  g_assert_false (import_async (store, missing, NULL, &watch, &stats, &iterations, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_csv_bad (void)
{
  g_autoptr(OnsiteStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  static const char bad_csv[] =
    "kind,vendor,name,email,number,valid_from,valid_until,response_minutes,resolution_minutes,business_hours,timezone\n"
    "vendor,Good Vendor,,,,,,,,,\n"                                                  /* 2: fine */
    "contact,Good Vendor,Desk,desk@good.example,,,,,,,\n"                            /* 3: fine */
    "contact,Nobody Ltd,Desk,desk@x.example,,,,,,,\n"                                /* 4: no such vendor */
    "contract,Good Vendor,,,G-1,2026-13-01,2026-12-31,60,120,,\n"                    /* 5: bad date */
    "contract,Good Vendor,,,G-2,2026-01-01,2026-12-31,60,120,weekdays,\n"            /* 6: bad hours */
    "contact,Good Vendor,Evil,\"x@y.example\r\nBcc: z@w.example\",,,,,,,\n"          /* 7: bad address */
    "contract,Good Vendor,,,,2026-01-01,2026-12-31,60,120,,\n"                       /* 9: no number */
    "gadget,Good Vendor,,,,,,,,,\n"                                                  /* 10: bad kind */
    "contract,Good Vendor,,,G-3,2026-01-01,2026-12-31,soon,120,,Mars/Base\n"         /* 11: bad zone */
    "contract,Good Vendor,,,G-4,2026-01-01,2026-12-31,60,120,,\n";                   /* 12: fine */
  const char *expected[] = { "Line 4:", "Line 5:", "Line 6:", "Line 7:", "Line 9:", "Line 10:", "Line 11:", NULL };
  const char *unexpected[] = { "Line 2:", "Line 3:", "Line 8:", "Line 12:", NULL };

  g_assert_false (onsite_store_import_vendors_csv (store, bad_csv, -1, NULL, &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_IMPORT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Nothing was imported: the file has 7 problems."));
  for (guint i = 0; expected[i]; i++)
    g_assert_nonnull (strstr (error->message, expected[i]));
  for (guint i = 0; unexpected[i]; i++)
    g_assert_null (strstr (error->message, unexpected[i]));
  g_assert_nonnull (strstr (error->message, "Nobody Ltd"));
  g_assert_nonnull (strstr (error->message, "2026-13-01"));
  g_assert_nonnull (strstr (error->message, "Mars/Base"));
  g_clear_error (&error);

  /* Nothing half-imported: the good lines are gone too. */
  g_assert_cmpint (count (store, "vendors"), ==, 0);
  g_assert_cmpint (count (store, "vendor_contacts"), ==, 0);
  g_assert_cmpint (count (store, "vendor_contracts"), ==, 0);

  g_assert_false (onsite_store_import_vendors_csv (store, "kind,vendor,colour\nvendor,A,red\n", -1, NULL, &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, "Line 1:"));
  g_assert_nonnull (strstr (error->message, "colour"));
  g_clear_error (&error);

  g_assert_false (onsite_store_import_vendors_csv (store, "kind,vendor\nvendor,\"A\nvendor,B\n", -1, NULL, &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  g_assert_false (onsite_store_import_vendors_csv (store, "kind,vendor\nvendor,\xff\xfe\n", -1, NULL, &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_IMPORT);
  g_clear_error (&error);
  g_assert_cmpint (count (store, "vendors"), ==, 0);
}

/* Summary and mailto ------------------------------------------------------- */

static void
test_summary (void)
{
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autofree char *summary = NULL;
  g_autofree char *subject = NULL;
  OnsiteHandoffDetails details = {
    .contract_number = "SS-0117",
    .findings = "Fuser at 40 °C; error 13.2 repeats.",
    .tried = "Reseated the fuser.\nCleaned the rollers.",
    .serial_numbers = (const char *[]) { "CNB1234567", "", NULL },
    .asset_tags = (const char *[]) { "BRC-00421", NULL },
    .attachments = (const char *[]) { "panel.jpg", "log\x1b[2J.txt", NULL },
  };

  ticket->remote_id = g_strdup ("4711");
  ticket->title = g_strdup ("Printer\x1b]0;pwned\x07 jams\non every page");
  ticket->description = g_strdup ("Paper jams in tray 2.");
  ticket->requester = g_strdup ("Giulia Ferri");
  ticket->requester_contact = g_strdup ("+39 02 555 0101");
  ticket->site_name = g_strdup ("Brera Consulting");
  ticket->address = g_strdup ("Via Golgi 20, Milano");
  ticket->building = g_strdup ("B");
  ticket->floor = g_strdup ("3");
  ticket->room = g_strdup ("Copy corner");

  subject = onsite_handoff_compose_subject (ticket, &details);
  g_assert_cmpstr (subject, ==, "Service request #4711 (contract SS-0117): Printer ]0;pwned  jams on every page");

  summary = onsite_handoff_compose_summary (ticket, &details);
  g_test_message ("%s", summary);
  g_assert_null (strchr (summary, '\x1b'));
  g_assert_null (strchr (summary, '\x07'));
  g_assert_nonnull (strstr (summary, "Site: Brera Consulting\n"));
  g_assert_nonnull (strstr (summary, "Address: Via Golgi 20, Milano\n"));
  g_assert_nonnull (strstr (summary, "Building: B\nFloor: 3\nRoom: Copy corner\n"));
  g_assert_nonnull (strstr (summary, "Contact on site: Giulia Ferri\nPhone or email: +39 02 555 0101\n"));
  g_assert_nonnull (strstr (summary, "Problem\nPaper jams in tray 2.\n"));
  g_assert_nonnull (strstr (summary, "What our technician tried\nReseated the fuser.\nCleaned the rollers.\n"));
  g_assert_nonnull (strstr (summary, "Serial numbers\n- CNB1234567\n\n"));
  g_assert_nonnull (strstr (summary, "Asset tags\n- BRC-00421\n"));
  g_assert_nonnull (strstr (summary, "Attachments\n- panel.jpg\n- log [2J.txt\n"));
  g_assert_nonnull (strstr (summary, "quote #4711"));
}

static char *
query_value (const char *uri,
             const char *name)
{
  const char *q = strchr (uri, '?');
  g_auto(GStrv) pairs = NULL;

  g_assert_nonnull (q);
  pairs = g_strsplit (q + 1, "&", -1);
  for (guint i = 0; pairs[i]; i++)
    if (g_str_has_prefix (pairs[i], name) && pairs[i][strlen (name)] == '=')
      return g_uri_unescape_string (pairs[i] + strlen (name) + 1, NULL);

  return NULL;
}

static void
test_mailto (void)
{
  const char *subject = "Jam & co? x=1 #2 100% + more\r\nBcc: evil@attacker.example";
  const char *body = "Line one\nbody=overwritten&to=evil@attacker.example\nPerché non va? €";
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *got_subject = NULL;
  g_autofree char *got_body = NULL;
  g_autofree char *got_cc = NULL;
  g_auto(GStrv) pairs = NULL;
  const char *bad[] = {
    "desk@vendor.example?bcc=evil@attacker.example",
    "desk@vendor.example\r\nBcc: evil@attacker.example",
    "desk@vendor.example,evil@attacker.example",
    "Desk <desk@vendor.example>",
    "desk@vendor.example&cc=x@y.z",
    "no-at-sign",
    "",
  };

  uri = onsite_mailto_uri ("desk@vendor.example", (const char *[]) { "r.sala@vendor.example", NULL },
                           subject, body, &error);
  g_assert_no_error (error);
  g_test_message ("%s", uri);

  g_assert_true (g_str_has_prefix (uri, "mailto:desk@vendor.example?cc=r.sala@vendor.example&subject="));
  /* Exactly three parameters: nothing in the text made another. */
  pairs = g_strsplit (strchr (uri, '?') + 1, "&", -1);
  g_assert_cmpuint (g_strv_length (pairs), ==, 3);
  /* Only unreserved characters and escapes after the address. */
  for (const char *p = strchr (uri, '?') + 1; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || strchr ("-._~%=&@", *p));
  g_assert_nonnull (strstr (uri, "%2B"));
  g_assert_nonnull (strstr (uri, "%25"));
  /* Line breaks in the body are CRLF. */
  g_assert_nonnull (strstr (uri, "Line%20one%0D%0Abody%3Doverwritten"));

  got_cc = query_value (uri, "cc");
  g_assert_cmpstr (got_cc, ==, "r.sala@vendor.example");
  got_subject = query_value (uri, "subject");
  /* The subject stays on one line. */
  g_assert_cmpstr (got_subject, ==, "Jam & co? x=1 #2 100% + more Bcc: evil@attacker.example");
  got_body = query_value (uri, "body");
  g_assert_cmpstr (got_body, ==, "Line one\r\nbody=overwritten&to=evil@attacker.example\r\nPerché non va? €");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *refused = onsite_mailto_uri (bad[i], NULL, "s", "b", &error);

      g_assert_null (refused);
      g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_ADDRESS);
      g_clear_error (&error);
    }

  {
    g_autofree char *refused = onsite_mailto_uri ("desk@vendor.example", (const char *[]) { "x@y.z?body=1", NULL },
                                                  "s", "b", &error);

    g_assert_null (refused);
    g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_ADDRESS);
    g_clear_error (&error);
  }

  {
    g_autofree char *plain = onsite_mailto_uri ("desk@vendor.example", NULL, NULL, NULL, &error);

    g_assert_cmpstr (plain, ==, "mailto:desk@vendor.example");
  }
}

static void
test_states (void)
{
  g_autoptr(GError) error = NULL;
  OnsiteHandoffState state;

  for (OnsiteHandoffState s = 0; s < ONSITE_N_HANDOFF_STATES; s++)
    {
      g_assert_true (onsite_handoff_state_from_string (onsite_handoff_state_to_string (s), &state));
      g_assert_cmpint (state, ==, s);
      g_assert_nonnull (onsite_handoff_state_to_label (s));
      g_assert_false (onsite_handoff_state_check_change (s, s, NULL));
      g_assert_false (onsite_handoff_state_check_change (s, ONSITE_HANDOFF_REQUESTED, NULL));
    }
  g_assert_false (onsite_handoff_state_from_string ("lost", &state));

  g_assert_true (onsite_handoff_state_check_change (ONSITE_HANDOFF_REQUESTED, ONSITE_HANDOFF_IN_PROGRESS, NULL));
  g_assert_true (onsite_handoff_state_check_change (ONSITE_HANDOFF_RESOLVED, ONSITE_HANDOFF_IN_PROGRESS, NULL));
  g_assert_false (onsite_handoff_state_check_change (ONSITE_HANDOFF_RESOLVED, ONSITE_HANDOFF_ACKNOWLEDGED, &error));
  g_assert_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION);
  g_assert_cmpstr (error->message, ==, "A vendor case that is “Resolved by the vendor” cannot become “Acknowledged”.");
  g_clear_error (&error);
  g_assert_false (onsite_handoff_state_check_change (ONSITE_HANDOFF_RESOLVED, ONSITE_HANDOFF_REJECTED, NULL));
  g_assert_false (onsite_handoff_state_check_change (ONSITE_HANDOFF_REJECTED, ONSITE_HANDOFF_RETURNED, &error));
  g_assert_nonnull (strstr (error->message, "over"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/vendor/hours/parse", test_hours_parse);
  g_test_add_func ("/vendor/hours/due-utc", test_hours_due_utc);
  g_test_add_func ("/vendor/hours/due-rome-dst", test_hours_due_rome);
  g_test_add_func ("/vendor/sla/pause-arithmetic", test_sla_pause_arithmetic);
  g_test_add_func ("/vendor/sla/from-history", test_sla_from_history);
  g_test_add_func ("/vendor/sla/clock", test_sla_clock);
  g_test_add_func ("/vendor/median", test_median);
  g_test_add_func ("/vendor/states", test_states);
  g_test_add_func ("/vendor/directory", test_directory);
  g_test_add_func ("/vendor/match", test_match);
  g_test_add_func ("/vendor/handoff/lifecycle", test_handoff_lifecycle);
  g_test_add_func ("/vendor/handoff/atomic", test_handoff_atomic);
  g_test_add_func ("/vendor/scorecard", test_scorecard);
  g_test_add_func ("/vendor/score-periods", test_score_periods);
  g_test_add_func ("/vendor/coordinator-list", test_coordinator_list);
  g_test_add_func ("/vendor/csv/good", test_csv_good);
  g_test_add_func ("/vendor/csv/bad", test_csv_bad);
  g_test_add_func ("/vendor/csv/async", test_csv_async);
  g_test_add_func ("/vendor/summary", test_summary);
  g_test_add_func ("/vendor/mailto", test_mailto);

  return g_test_run ();
}
