/* onsitectl.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsitectl"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "onsitectl-private.h"

/*
 * onsitectl: Onsite's store from the command line, for scripts, tests and
 * benchmarks. GLib only; it links the same core library as the app.
 *
 *   onsitectl [--db PATH] COMMAND [OPTIONS…]
 *
 * To add a command: write onsitectl_cmd_<name>() in onsitectl-<name>.c,
 * declare it in onsitectl-private.h, add a line to commands[] below and the
 * file to src/tools/meson.build.
 */

typedef struct
{
  const char *name;
  int       (*run) (OnsitectlContext *ctx, int argc, char **argv);
  const char *summary;
} OnsitectlCommand;

static const OnsitectlCommand commands[] = {
  { "demo", onsitectl_cmd_demo, N_("Fill an empty database with demo data") },
  { "list", onsitectl_cmd_list, N_("List the open tickets") },
  { "sync", onsitectl_cmd_sync, N_("Sync once with the ticket service") },
  { "solve-vrptw", onsitectl_cmd_solve_vrptw, N_("Plan a Solomon VRPTW instance (benchmark; no database)") },
  { "vendors", onsitectl_cmd_vendors, N_("List the vendor directory, or import it from CSV") },
  { "handoffs", onsitectl_cmd_handoffs, N_("List the open vendor cases, overdue first") },
  { "export-ics", onsitectl_cmd_export_ics, N_("Export a technician’s visits of a day as iCalendar") },
};

static char *db_option;
static gboolean json_option;

static const GOptionEntry common_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_option,
    N_("The database file (default: $ONSITE_DB, or Onsite’s own)"), N_("PATH") },
  { NULL }
};

/**
 * onsitectl_fail:
 *
 * Prints "onsitectl: <message>" to stderr.
 *
 * Returns: %ONSITECTL_EXIT_FAILURE, to return from a command
 */
int
onsitectl_fail (const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("onsitectl: %s\n", message);

  return ONSITECTL_EXIT_FAILURE;
}

int
onsitectl_fail_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, ONSITECTL_EXIT_FAILURE);

  return onsitectl_fail ("%s", error->message);
}

/**
 * onsitectl_sanitize:
 * @text: text from the store, which came from a ticket service
 *
 * Ticket text is untrusted: a title could carry terminal escape sequences.
 * Control characters (tabs and newlines included) become spaces, so that
 * one ticket is one line.
 *
 * Returns: (transfer full): text safe to print to a terminal
 */
char *
onsitectl_sanitize (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/**
 * onsitectl_context_get_store:
 *
 * Opens the database on first use, creating it when missing.
 *
 * Returns: (transfer none): the store, or %NULL with @error set
 */
OnsiteStore *
onsitectl_context_get_store (OnsitectlContext  *ctx,
                             GError           **error)
{
  if (ctx->store == NULL)
    ctx->store = onsite_store_open (ctx->db_path, error);

  return ctx->store;
}

/**
 * onsitectl_parse_options:
 * @ctx: the context
 * @parameter_string: what follows the options in the usage line, e.g. "FILE"
 * @entries: (nullable): the command's options
 *
 * Parses a command's options; --db is accepted after the command too.
 * Prints the error on failure.
 *
 * Returns: %TRUE on success; otherwise return %ONSITECTL_EXIT_USAGE
 */
gboolean
onsitectl_parse_options (OnsitectlContext    *ctx,
                         const char          *parameter_string,
                         const GOptionEntry  *entries,
                         int                 *argc,
                         char              ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = NULL;

  /* "Usage: onsitectl demo [OPTION…]" */
  prgname = g_strdup_printf ("onsitectl %s", (*argv)[0]);
  g_set_prgname (prgname);
  context = g_option_context_new (parameter_string);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  g_clear_pointer (&db_option, g_free);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      onsitectl_fail ("%s: %s", (*argv)[0], error->message);
      return FALSE;
    }

  if (db_option != NULL)
    {
      g_free (ctx->db_path);
      ctx->db_path = g_steal_pointer (&db_option);
    }

  return TRUE;
}

static char *
describe_commands (void)
{
  GString *out = g_string_new (_("Commands:"));

  g_string_append_c (out, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (out, "  %-14s %s\n", commands[i].name, _(commands[i].summary));

  g_string_append_c (out, '\n');
  g_string_append (out, _("Run “onsitectl COMMAND --help” for the options of a command."));

  return g_string_free (out, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  OnsitectlContext ctx = { 0 };
  gboolean version = FALSE;
  const OnsitectlCommand *command = NULL;
  const GOptionEntry main_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_option,
      N_("Print JSON instead of text, where a command can"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("onsitectl");

  description = describe_commands ();
  context = g_option_context_new (_("COMMAND [OPTIONS…] — work with Onsite’s database"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, main_entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, description);
  /* Stop at the command: what follows belongs to it. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      onsitectl_fail ("%s", error->message);
      return ONSITECTL_EXIT_USAGE;
    }

  if (version)
    {
      g_print ("onsitectl %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (argc < 2)
    {
      onsitectl_fail (_("No command given. Run “onsitectl --help” for the list."));
      return ONSITECTL_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        command = &commands[i];
    }

  if (command == NULL)
    {
      onsitectl_fail (_("There is no command “%s”. Run “onsitectl --help” for the list."), argv[1]);
      return ONSITECTL_EXIT_USAGE;
    }

  if (db_option != NULL)
    ctx.db_path = g_steal_pointer (&db_option);
  else if (g_getenv ("ONSITE_DB") != NULL && *g_getenv ("ONSITE_DB") != '\0')
    ctx.db_path = g_strdup (g_getenv ("ONSITE_DB"));
  else
    ctx.db_path = onsite_store_default_path ();
  ctx.json = json_option;

  status = command->run (&ctx, argc - 1, argv + 1);

  g_clear_object (&ctx.store);
  g_clear_pointer (&ctx.db_path, g_free);

  return status;
}
