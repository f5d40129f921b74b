/* onsite-sync-settings.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-sync-settings"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "onsite-sync-settings.h"

/*
 * The connection lives in GSettings; the access token lives in the keyring,
 * keyed by the server's address, and nowhere else: not in GSettings, not in
 * a file, not in a log line.
 */

static const SecretSchema token_schema = {
  "io.github.onsite.Onsite.Token", SECRET_SCHEMA_NONE,
  {
    { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

gboolean
onsite_sync_settings_is_configured (GSettings *settings)
{
  g_autofree char *url = NULL;
  g_autofree char *queue = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  url = g_settings_get_string (settings, "rt-url");
  queue = g_settings_get_string (settings, "rt-queue");

  return *g_strstrip (url) != '\0' && *g_strstrip (queue) != '\0';
}

static char *
get_stripped (GSettings  *settings,
              const char *key)
{
  char *value = g_settings_get_string (settings, key);

  return g_strstrip (value);
}

/**
 * onsite_sync_settings_build_connector:
 * @settings: the app's settings
 * @token: (nullable): the access token
 * @error: where to say what is missing or wrong, as a sentence
 *
 * Returns: (transfer full): a connector for the configured service
 */
OnsiteRtConnector *
onsite_sync_settings_build_connector (GSettings   *settings,
                                      const char  *token,
                                      GError     **error)
{
  g_autoptr(OnsiteRtConnector) connector = NULL;
  g_autoptr(GVariant) fields = NULL;
  g_autofree char *url = NULL;
  g_autofree char *queue = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *group = NULL;
  g_autofree char *pull_map = NULL;
  g_autofree char *push_map = NULL;
  g_autofree char *ca_file = NULL;
  GVariantIter iter;
  const char *key, *name;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  url = get_stripped (settings, "rt-url");
  queue = get_stripped (settings, "rt-queue");

  if (*url == '\0')
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                   _("Enter the address of the ticket service."));
      return NULL;
    }

  if (*queue == '\0')
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                   _("Enter the queue whose tickets Onsite should show."));
      return NULL;
    }

  if (token == NULL || *token == '\0')
    {
      g_set_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                   _("Enter an access token for the ticket service."));
      return NULL;
    }

  connector = onsite_rt_connector_new (url, queue);
  onsite_rt_connector_set_token (connector, token);

  extra = get_stripped (settings, "rt-extra-query");
  if (*extra != '\0')
    onsite_rt_connector_set_extra_query (connector, extra);

  group = get_stripped (settings, "rt-technician-group");
  onsite_rt_connector_set_technician_group (connector, group);

  pull_map = get_stripped (settings, "rt-status-map");
  push_map = get_stripped (settings, "rt-push-status-map");
  if ((*pull_map || *push_map) &&
      !onsite_rt_connector_set_status_map (connector,
                                           *pull_map ? pull_map : NULL,
                                           *push_map ? push_map : NULL,
                                           error))
    return NULL;

  onsite_rt_connector_set_allow_insecure (connector,
                                          g_settings_get_boolean (settings, "rt-allow-insecure"));

  ca_file = get_stripped (settings, "rt-ca-file");
  if (*ca_file != '\0' && !onsite_rt_connector_set_ca_file (connector, ca_file, error))
    return NULL;

  fields = g_settings_get_value (settings, "rt-fields");
  g_variant_iter_init (&iter, fields);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &name))
    {
      OnsiteRtField field;

      if (onsite_rt_field_from_key (key, &field))
        onsite_rt_connector_set_field_name (connector, field, name);
      else
        g_warning ("Ignoring unknown custom field key “%s” in rt-fields", key);
    }

  return g_steal_pointer (&connector);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token;

  token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      g_debug ("Keyring lookup failed: %s", error->message);
      g_task_return_new_error (task, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                               _("The keyring could not be read, so the access token is not available: %s"),
                               error->message);
      return;
    }

  if (token == NULL)
    {
      g_task_return_new_error (task, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                               _("No access token is saved for this ticket service: enter one in Preferences."));
      return;
    }

  g_task_return_pointer (task, token, (GDestroyNotify)secret_password_free);
}

/**
 * onsite_sync_settings_lookup_token_async:
 * @url: the service's address, as in the rt-url setting
 *
 * Reads the access token for @url from the keyring.
 */
void
onsite_sync_settings_lookup_token_async (const char          *url,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *stripped = NULL;

  g_return_if_fail (url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_sync_settings_lookup_token_async);

  stripped = g_strstrip (g_strdup (url));
  secret_password_lookup (&token_schema, cancellable, lookup_cb, g_steal_pointer (&task),
                          "url", stripped,
                          NULL);
}

/**
 * onsite_sync_settings_lookup_token_finish:
 *
 * Returns: (transfer full): the token; free it with secret_password_free(),
 *   which wipes it
 */
char *
onsite_sync_settings_lookup_token_finish (GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_new_error (task, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG,
                             _("The access token could not be saved in the keyring: %s"),
                             error->message);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * onsite_sync_settings_store_token_async:
 * @url: the service's address
 * @token: the token; an empty one removes the saved token
 */
void
onsite_sync_settings_store_token_async (const char          *url,
                                        const char          *token,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (url != NULL);
  g_return_if_fail (token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_sync_settings_store_token_async);

  stripped = g_strstrip (g_strdup (url));

  if (*token == '\0')
    {
      secret_password_clear (&token_schema, cancellable, NULL, NULL, "url", stripped, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Translators: the keyring item's name; %s is the server's address */
  label = g_strdup_printf (_("Onsite access token for %s"), stripped);
  secret_password_store (&token_schema, SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "url", stripped,
                         NULL);
}

gboolean
onsite_sync_settings_store_token_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
