/* onsitectl-list.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsitectl"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "onsitectl-private.h"

/*
 * onsitectl list [--json] [--all] [--now TIME]: the board as text or JSON,
 * most urgent first (by SLA due date, then priority), as the app sorts it.
 */

#define TITLE_WIDTH 52

static int
compare_by_due (gconstpointer a,
                gconstpointer b)
{
  OnsiteTicket *ta = *(OnsiteTicket **)a;
  OnsiteTicket *tb = *(OnsiteTicket **)b;
  gint64 da = onsite_ticket_get_sla_due (ta);
  gint64 db = onsite_ticket_get_sla_due (tb);
  int pa, pb;
  gint64 ia, ib;

  /* Tickets without a due date go last. */
  if (da != db)
    {
      if (da == 0)
        return 1;
      if (db == 0)
        return -1;
      return da < db ? -1 : 1;
    }

  pa = onsite_ticket_get_priority (ta);
  pb = onsite_ticket_get_priority (tb);
  if (pa != pb)
    return pa < pb ? -1 : 1;

  ia = onsite_ticket_get_id (ta);
  ib = onsite_ticket_get_id (tb);
  return ia < ib ? -1 : (ia > ib ? 1 : 0);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       time)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  json_builder_set_member_name (builder, member);

  if (time <= 0 || !(dt = g_date_time_new_from_unix_utc (time)))
    {
      json_builder_add_null_value (builder);
      return;
    }

  iso = g_date_time_format_iso8601 (dt);
  json_builder_add_string_value (builder, iso);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_ticket_json (JsonBuilder  *builder,
                 OnsiteTicket *ticket,
                 gint64        now)
{
  gint64 due = onsite_ticket_get_sla_due (ticket);
  double latitude, longitude;

  json_builder_begin_object (builder);

  add_int (builder, "id", onsite_ticket_get_id (ticket));
  add_string (builder, "remote_id", onsite_ticket_get_remote_id (ticket));
  add_string (builder, "title", onsite_ticket_get_title (ticket));
  add_string (builder, "description", onsite_ticket_get_description (ticket));
  add_string (builder, "requester", onsite_ticket_get_requester (ticket));
  add_string (builder, "requester_contact", onsite_ticket_get_requester_contact (ticket));
  add_string (builder, "category", onsite_ticket_get_category (ticket));
  add_int (builder, "priority", onsite_ticket_get_priority (ticket));
  add_int (builder, "urgency", onsite_ticket_get_urgency (ticket));
  add_int (builder, "support_level", onsite_ticket_get_support_level (ticket));
  add_string (builder, "status", onsite_ticket_status_to_string (onsite_ticket_get_status (ticket)));
  add_time (builder, "created_at", onsite_ticket_get_created (ticket));
  add_time (builder, "updated_at", onsite_ticket_get_updated (ticket));
  add_time (builder, "sla_due", due);
  add_string (builder, "sla_state",
              onsite_sla_state_to_string (onsite_ticket_get_sla_state (ticket, now)));

  json_builder_set_member_name (builder, "sla_seconds_left");
  if (due > 0)
    json_builder_add_int_value (builder, due - now);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "site");
  if (onsite_ticket_get_site_id (ticket) > 0)
    {
      json_builder_begin_object (builder);
      add_int (builder, "id", onsite_ticket_get_site_id (ticket));
      add_string (builder, "name", onsite_ticket_get_site_name (ticket));
      add_string (builder, "address", onsite_ticket_get_address (ticket));
      add_string (builder, "building", onsite_ticket_get_building (ticket));
      add_string (builder, "floor", onsite_ticket_get_floor (ticket));
      add_string (builder, "room", onsite_ticket_get_room (ticket));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  /* Never 0,0 for "unknown": null, so a script cannot misplace it. */
  json_builder_set_member_name (builder, "location");
  if (onsite_ticket_get_location (ticket, &latitude, &longitude))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "latitude");
      json_builder_add_double_value (builder, latitude);
      json_builder_set_member_name (builder, "longitude");
      json_builder_add_double_value (builder, longitude);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_end_object (builder);
}

static void
print_json (GPtrArray *tickets,
            gint64     now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < tickets->len; i++)
    add_ticket_json (builder, g_ptr_array_index (tickets, i), now);
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  fputs (text, stdout);
  fputc ('\n', stdout);
}

/* Pads or cuts @text to @width characters, not bytes: addresses have accents. */
static void
append_column (GString    *line,
               const char *text,
               guint       width)
{
  g_autofree char *clean = onsitectl_sanitize (text);
  glong len = g_utf8_strlen (clean, -1);

  if (width == 0)
    {
      g_string_append (line, clean);
      return;
    }

  if (len > (glong)width)
    {
      const char *cut = g_utf8_offset_to_pointer (clean, width - 1);

      g_string_append_len (line, clean, cut - clean);
      g_string_append (line, "…");
    }
  else
    {
      g_string_append (line, clean);
      for (glong i = len; i < (glong)width; i++)
        g_string_append_c (line, ' ');
    }

  g_string_append (line, "  ");
}

static void
print_text (GPtrArray *tickets,
            gint64     now)
{
  g_autoptr(GString) line = g_string_new (NULL);

  append_column (line, _("ID"), 7);
  append_column (line, _("PRI"), 3);
  append_column (line, _("STATUS"), 11);
  append_column (line, _("SLA"), 8);
  append_column (line, _("TIME LEFT"), 22);
  append_column (line, _("TITLE"), TITLE_WIDTH);
  append_column (line, _("SITE"), 0);
  g_print ("%s\n", line->str);

  for (guint i = 0; i < tickets->len; i++)
    {
      OnsiteTicket *ticket = g_ptr_array_index (tickets, i);
      gint64 due = onsite_ticket_get_sla_due (ticket);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, onsite_ticket_get_id (ticket));
      g_autofree char *priority = g_strdup_printf ("P%d", onsite_ticket_get_priority (ticket));
      g_autofree char *left = due > 0 ? onsite_format_time_left (due - now) : g_strdup ("—");
      g_autofree char *site = NULL;
      const char *name = onsite_ticket_get_site_name (ticket);

      if (name == NULL || *name == '\0')
        site = g_strdup (_("(no site)"));
      else if (!onsite_ticket_get_location (ticket, NULL, NULL))
        /* Translators: a site whose coordinates are unknown */
        site = g_strdup_printf (_("%s (no location)"), name);
      else
        site = g_strdup (name);

      g_string_truncate (line, 0);
      append_column (line, id, 7);
      append_column (line, priority, 3);
      append_column (line, onsite_ticket_status_to_string (onsite_ticket_get_status (ticket)), 11);
      append_column (line, onsite_sla_state_to_string (onsite_ticket_get_sla_state (ticket, now)), 8);
      append_column (line, left, 22);
      append_column (line, onsite_ticket_get_title (ticket), TITLE_WIDTH);
      append_column (line, site, 0);
      g_print ("%s\n", line->str);
    }
}

int
onsitectl_cmd_list (OnsitectlContext  *ctx,
                    int                argc,
                    char             **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  OnsiteStore *store;
  gboolean json = FALSE;
  gboolean all = FALSE;
  gint64 now = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("Also list resolved and closed tickets"), NULL },
    { "now", 0, 0, G_OPTION_ARG_INT64, &now,
      N_("Compute SLA states at this time, in seconds since 1970 (default: now)"), N_("SECONDS") },
    { NULL }
  };

  if (!onsitectl_parse_options (ctx, NULL, entries, &argc, &argv))
    return ONSITECTL_EXIT_USAGE;

  if (argc > 1)
    {
      onsitectl_fail (_("list: unexpected argument “%s”."), argv[1]);
      return ONSITECTL_EXIT_USAGE;
    }

  if (now <= 0)
    now = g_get_real_time () / G_USEC_PER_SEC;

  if (!(store = onsitectl_context_get_store (ctx, &error)))
    return onsitectl_fail_error (error);

  if (all)
    tickets = onsite_store_list_all_tickets (store, &error);
  else
    tickets = onsite_store_list_open_tickets (store, &error);

  if (tickets == NULL)
    return onsitectl_fail_error (error);

  g_ptr_array_sort (tickets, compare_by_due);

  if (json || ctx->json)
    print_json (tickets, now);
  else
    print_text (tickets, now);

  return 0;
}
