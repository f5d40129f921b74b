/* onsitectl-vendor.c
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
#include "onsite-store-vendor.h"
#include "vendor/onsite-handoff-list.h"

/*
 * onsitectl vendors import FILE.csv   the vendor directory from a spreadsheet
 * onsitectl vendors [list]            the directory, one vendor a line
 * onsitectl handoffs [--json]         the open vendor cases, overdue first
 */

static int
import_vendors (OnsitectlContext *ctx,
                const char       *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  OnsiteVendorImportStats stats = { 0, };
  OnsiteStore *store;

  if (!(store = onsitectl_context_get_store (ctx, &error)))
    return onsitectl_fail_error (error);

  if (!onsite_store_import_vendors_file (store, file, &stats, &error))
    return onsitectl_fail_error (error);

  g_print (_("Imported %s: %u vendors added, %u updated; %u contacts added, %u updated; %u contracts added, %u updated.\n"),
           path, stats.vendors_added, stats.vendors_updated, stats.contacts_added,
           stats.contacts_updated, stats.contracts_added, stats.contracts_updated);

  return 0;
}

static int
list_vendors (OnsitectlContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) vendors = NULL;
  OnsiteStore *store;

  if (!(store = onsitectl_context_get_store (ctx, &error)))
    return onsitectl_fail_error (error);

  if (!(vendors = onsite_store_list_vendors (store, &error)))
    return onsitectl_fail_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (vendors); i++)
    {
      g_autoptr(OnsiteVendorInfo) v = g_list_model_get_item (vendors, i);
      g_autofree char *name = onsitectl_sanitize (onsite_vendor_info_get_name (v));
      g_autofree char *categories = g_strjoinv (", ", (GStrv)onsite_vendor_info_get_categories (v));
      g_autofree char *safe_categories = onsitectl_sanitize (categories);

      g_print ("%-5" G_GINT64_FORMAT " %-40s %2u contacts  %2u contracts  %s\n",
               onsite_vendor_info_get_id (v), name,
               g_list_model_get_n_items (onsite_vendor_info_get_contacts (v)),
               g_list_model_get_n_items (onsite_vendor_info_get_contracts (v)),
               safe_categories);
    }

  return 0;
}

int
onsitectl_cmd_vendors (OnsitectlContext  *ctx,
                       int                argc,
                       char             **argv)
{
  if (!onsitectl_parse_options (ctx, "[list | import FILE.csv]", NULL, &argc, &argv))
    return ONSITECTL_EXIT_USAGE;

  if (argc == 1 || (argc == 2 && g_str_equal (argv[1], "list")))
    return list_vendors (ctx);

  if (argc == 3 && g_str_equal (argv[1], "import"))
    return import_vendors (ctx, argv[2]);

  onsitectl_fail (_("vendors: expected “list” or “import FILE.csv”"));
  return ONSITECTL_EXIT_USAGE;
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       time)
{
  json_builder_set_member_name (builder, member);
  if (time > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (time);
      g_autofree char *iso = g_date_time_format_iso8601 (dt);

      json_builder_add_string_value (builder, iso);
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value ? value : "");
}

int
onsitectl_cmd_handoffs (OnsitectlContext  *ctx,
                        int                argc,
                        char             **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteHandoffList) list = NULL;
  gboolean json = FALSE;
  gint64 now = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "now", 0, 0, G_OPTION_ARG_INT64, &now, N_("Take this time (unix seconds) as now"), N_("TIME") },
    { NULL }
  };
  OnsiteStore *store;

  if (!onsitectl_parse_options (ctx, NULL, entries, &argc, &argv))
    return ONSITECTL_EXIT_USAGE;

  if (!(store = onsitectl_context_get_store (ctx, &error)))
    return onsitectl_fail_error (error);

  if (now <= 0)
    now = g_get_real_time () / G_USEC_PER_SEC;

  list = onsite_handoff_list_new (store);
  onsite_handoff_list_set_now (list, now);
  if (!onsite_handoff_list_reload (list, &error))
    return onsitectl_fail_error (error);

  if (json || ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
        {
          g_autoptr(OnsiteHandoff) h = g_list_model_get_item (G_LIST_MODEL (list), i);
          gint64 left;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, onsite_handoff_get_id (h));
          json_builder_set_member_name (builder, "ticket_id");
          json_builder_add_int_value (builder, onsite_handoff_get_ticket_id (h));
          add_string (builder, "ticket", onsite_handoff_get_ticket_title (h));
          add_string (builder, "vendor", onsite_handoff_get_vendor_name (h));
          add_string (builder, "contract", onsite_handoff_get_contract_number (h));
          add_string (builder, "state", onsite_handoff_state_to_string (onsite_handoff_get_state (h)));
          add_string (builder, "vendor_reference", onsite_handoff_get_vendor_reference (h));
          add_time (builder, "sent_at", onsite_handoff_get_sent_at (h));
          add_time (builder, "acknowledge_due", onsite_handoff_get_acknowledge_due (h));
          add_time (builder, "resolve_due", onsite_handoff_get_resolve_due (h));
          json_builder_set_member_name (builder, "vendor_seconds_left");
          if (onsite_handoff_get_time_left (h, now, &left))
            json_builder_add_int_value (builder, left);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "overdue");
          json_builder_add_boolean_value (builder, onsite_handoff_is_overdue (h, now));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
      return 0;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(OnsiteHandoff) h = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *title = onsitectl_sanitize (onsite_handoff_get_ticket_title (h));
      g_autofree char *vendor = onsitectl_sanitize (onsite_handoff_get_vendor_name (h));
      g_autofree char *reference = onsitectl_sanitize (onsite_handoff_get_vendor_reference (h));
      g_autofree char *left = onsite_handoff_describe_time_left (h, now);

      g_print ("%-5" G_GINT64_FORMAT " %-30.30s %-24.24s %-14s %-12.12s %s\n",
               onsite_handoff_get_ticket_id (h), title, vendor,
               onsite_handoff_state_to_string (onsite_handoff_get_state (h)),
               reference, left);
    }

  return 0;
}
