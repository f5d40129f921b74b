/* onsitectl-sync.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsitectl"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "onsitectl-private.h"
#include "sync/onsite-rt-connector.h"
#include "sync/onsite-sync.h"

/*
 * onsitectl sync --once [--config FILE] [--full] [--check]
 *
 * One full cycle (push the outbox, pull what changed, notice deletions)
 * headlessly, for cron and for tests. The configuration comes from a key
 * file and the environment, never from the command line where other users
 * could read it:
 *
 *   [rt]
 *   url = https://rt.example.org
 *   queue = Onsite
 *   token-file = /home/me/.config/onsite/rt-token   (or $ONSITE_RT_TOKEN)
 *   # user = … and password-file = … for basic authentication instead
 *   # extra-query = CF.{Support Level} = '2'
 *   # status-map = new=new;open=open;stalled=waiting;resolved=resolved;rejected=closed
 *   # push-status-map = new=new;open=open;scheduled=open;…
 *   # timeout = 30, ca-file = …, allow-insecure = false, clock-margin = 60
 *
 *   [fields]
 *   support-level = Support Level
 *   site = Site
 *   …
 *
 * $ONSITE_RT_URL and $ONSITE_RT_QUEUE override the file. The token is
 * never printed, not even in an error.
 */

static char *config_option;
static gboolean once_option;
static gboolean full_option;
static gboolean check_option;

static const GOptionEntry entries[] = {
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_option,
    N_("Key file with the [rt] settings"), N_("FILE") },
  { "once", 0, 0, G_OPTION_ARG_NONE, &once_option,
    N_("Run one full cycle and exit"), NULL },
  { "full", 0, 0, G_OPTION_ARG_NONE, &full_option,
    N_("Pull every active ticket, not only what changed"), NULL },
  { "check", 0, 0, G_OPTION_ARG_NONE, &check_option,
    N_("Only test the connection and the configuration"), NULL },
  { NULL }
};

static char *
read_secret_file (const char  *path,
                  GError     **error)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  return g_strdup (g_strstrip (contents));
}

static char *
key_string (GKeyFile   *file,
            const char *group,
            const char *key)
{
  return file ? g_key_file_get_string (file, group, key, NULL) : NULL;
}

static OnsiteRtConnector *
connector_from_config (GKeyFile  *file,
                       GError   **error)
{
  g_autoptr(OnsiteRtConnector) connector = NULL;
  g_autofree char *url = NULL;
  g_autofree char *queue = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *pull_map = NULL;
  g_autofree char *push_map = NULL;
  g_autofree char *ca_file = NULL;

  url = g_strdup (g_getenv ("ONSITE_RT_URL"));
  if (url == NULL)
    url = key_string (file, "rt", "url");
  queue = g_strdup (g_getenv ("ONSITE_RT_QUEUE"));
  if (queue == NULL)
    queue = key_string (file, "rt", "queue");

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                   _("No ticket service is configured: give --config FILE with url= in [rt], or set ONSITE_RT_URL."));
      return NULL;
    }
  if (queue == NULL || *queue == '\0')
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                   _("No queue is configured: set queue= in [rt], or ONSITE_RT_QUEUE."));
      return NULL;
    }

  connector = onsite_rt_connector_new (url, queue);

  token = g_strdup (g_getenv ("ONSITE_RT_TOKEN"));
  token_file = key_string (file, "rt", "token-file");
  user = key_string (file, "rt", "user");
  password_file = key_string (file, "rt", "password-file");

  if ((token == NULL || *token == '\0') && token_file)
    {
      g_free (token);
      if (!(token = read_secret_file (token_file, error)))
        return NULL;
    }

  if (token && *token)
    onsite_rt_connector_set_token (connector, token);
  else if (user && password_file)
    {
      g_autofree char *password = NULL;

      if (!(password = read_secret_file (password_file, error)))
        return NULL;
      onsite_rt_connector_set_basic_auth (connector, user, password);
      memset (password, 0, strlen (password));
    }
  else
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                   _("No credentials are configured: set token-file= in [rt], or ONSITE_RT_TOKEN."));
      return NULL;
    }

  if (token)
    memset (token, 0, strlen (token));

  if ((extra = key_string (file, "rt", "extra-query")))
    onsite_rt_connector_set_extra_query (connector, extra);

  pull_map = key_string (file, "rt", "status-map");
  push_map = key_string (file, "rt", "push-status-map");
  if ((pull_map || push_map) &&
      !onsite_rt_connector_set_status_map (connector, pull_map, push_map, error))
    return NULL;

  if (file && g_key_file_has_key (file, "rt", "timeout", NULL))
    onsite_rt_connector_set_timeout (connector, g_key_file_get_integer (file, "rt", "timeout", NULL));
  if (file && g_key_file_has_key (file, "rt", "clock-margin", NULL))
    onsite_rt_connector_set_clock_margin (connector, g_key_file_get_integer (file, "rt", "clock-margin", NULL));
  if (file && g_key_file_get_boolean (file, "rt", "allow-insecure", NULL))
    onsite_rt_connector_set_allow_insecure (connector, TRUE);

  if ((ca_file = key_string (file, "rt", "ca-file")) &&
      !onsite_rt_connector_set_ca_file (connector, ca_file, error))
    return NULL;

  for (guint f = 0; f < ONSITE_RT_N_FIELDS; f++)
    {
      g_autofree char *name = NULL;

      if (file && g_key_file_has_key (file, "fields", onsite_rt_field_to_key (f), NULL))
        {
          name = key_string (file, "fields", onsite_rt_field_to_key (f));
          onsite_rt_connector_set_field_name (connector, f, name ? g_strstrip (name) : "");
        }
    }

  return g_steal_pointer (&connector);
}

static void
on_test_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = ((gpointer *)user_data)[0];
  gboolean *done = ((gpointer *)user_data)[1];

  onsite_connector_test_connection_finish (ONSITE_CONNECTOR (object), result, error);
  *done = TRUE;
}

int
onsitectl_cmd_sync (OnsitectlContext  *ctx,
                    int                argc,
                    char             **argv)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(OnsiteRtConnector) connector = NULL;
  g_autoptr(OnsiteSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteSyncFlags flags = ONSITE_SYNC_DEFAULT | ONSITE_SYNC_NOW;
  guint pushed = 0, pulled = 0, closed = 0;

  g_clear_pointer (&config_option, g_free);
  once_option = full_option = check_option = FALSE;

  if (!onsitectl_parse_options (ctx, NULL, entries, &argc, &argv))
    return ONSITECTL_EXIT_USAGE;

  if (!once_option && !check_option)
    {
      onsitectl_fail (_("sync: give --once (one cycle) or --check; the app syncs periodically by itself."));
      return ONSITECTL_EXIT_USAGE;
    }

  if (config_option)
    {
      file = g_key_file_new ();
      if (!g_key_file_load_from_file (file, config_option, G_KEY_FILE_NONE, &error))
        return onsitectl_fail (_("sync: cannot read the configuration “%s”: %s"),
                               config_option, error->message);
    }

  if (!(connector = connector_from_config (file, &error)))
    return onsitectl_fail ("sync: %s", error->message);

  if (check_option)
    {
      gboolean done = FALSE;
      gpointer data[2] = { &error, &done };
      g_autoptr(GMainContext) context = g_main_context_new ();

      g_main_context_push_thread_default (context);
      onsite_connector_test_connection_async (ONSITE_CONNECTOR (connector), NULL, on_test_done, data);
      while (!done)
        g_main_context_iteration (context, TRUE);
      g_main_context_pop_thread_default (context);

      if (error)
        return onsitectl_fail ("sync: %s", error->message);

      g_print ("%s\n", _("The ticket service answers, and the queue and fields are in place."));
      return 0;
    }

  /* Opening here creates or upgrades the file before the worker opens its
   * own connection, and reports a bad path in the usual words. */
  if (!onsitectl_context_get_store (ctx, &error))
    return onsitectl_fail_error (error);

  if (full_option)
    flags |= ONSITE_SYNC_FULL;

  sync = onsite_sync_new (ctx->db_path, ONSITE_CONNECTOR (connector));

  if (!onsite_sync_run (sync, flags, NULL, &error))
    return onsitectl_fail ("sync: %s", error->message);

  onsite_sync_get_last_counts (sync, &pushed, &pulled, &closed);
  g_print (_("Sent %u changes, received %u tickets, closed %u; %" G_GINT64_FORMAT " changes waiting, %" G_GINT64_FORMAT " conflicts.\n"),
           pushed, pulled, closed,
           onsite_sync_get_pending_changes (sync),
           onsite_sync_get_conflicts (sync));

  return 0;
}
