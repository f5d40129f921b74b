/* onsite-sync-techs.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-sync-techs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "onsite-store-dispatch.h"
#include "onsite-store-private.h"
#include "onsite-sync-store.h"

/*
 * Technicians the ticket service knows (RT: the members of a group) come
 * into the roster on every sync, matched by their remote id (RT: the user
 * name). What the service says wins for the name and the address; what
 * only Onsite knows — skills, home base, working hours, absences — stays
 * as the dispatcher set it. Someone who left the group is set inactive,
 * not deleted: their past visits keep their name. An empty answer changes
 * nothing, since it more likely means "not set up" than "everyone left".
 */

static gboolean
update_identity (OnsiteStore                  *store,
                 OnsiteTech                   *tech,
                 const OnsiteRemoteTechnician *remote,
                 const char                   *actor,
                 GError                      **error)
{
  static const char sql[] =
    "UPDATE technicians SET name = ?2, email = ?3 WHERE id = ?1";
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;

  if (g_strcmp0 (onsite_tech_get_name (tech), remote->name) == 0 &&
      g_strcmp0 (onsite_tech_get_email (tech), remote->email) == 0)
    return TRUE;

  if (!(stmt = _onsite_store_prepare (store, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, onsite_tech_get_id (tech));
  _onsite_bind_text (stmt, 2, remote->name);
  _onsite_bind_text (stmt, 3, remote->email);
  if (!_onsite_store_step_done (store, stmt, _("save the technician"), error))
    return FALSE;

  /* Translators: history line, %s is a person's name */
  summary = g_strdup_printf (_("Technician %s updated from the ticket service"), remote->name);
  return onsite_store_add_event (store, 0, g_get_real_time () / G_USEC_PER_SEC, actor,
                                 "technician", summary, error);
}

/**
 * _onsite_store_merge_remote_technicians:
 * @technicians: (element-type OnsiteRemoteTechnician): who the service
 *   says the technicians are
 * @actor: who it was, for the history (the connector's name)
 * @added: (out) (optional): how many came in new
 *
 * Brings the service's technicians into the roster in one transaction.
 *
 * Returns: %TRUE on success (nothing written otherwise)
 */
gboolean
_onsite_store_merge_remote_technicians (OnsiteStore  *self,
                                        GPtrArray    *technicians,
                                        const char   *actor,
                                        guint        *added,
                                        GError      **error)
{
  g_autoptr(GHashTable) by_remote = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) local = NULL;
  guint n_added = 0;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (technicians != NULL, FALSE);

  if (added)
    *added = 0;
  if (technicians->len == 0)
    return TRUE;

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(local = onsite_store_list_techs (self, TRUE, error)))
    goto failure;
  for (guint i = 0; i < local->len; i++)
    {
      OnsiteTech *tech = g_ptr_array_index (local, i);
      const char *remote_id = onsite_tech_get_remote_id (tech);

      if (remote_id && *remote_id)
        g_hash_table_insert (by_remote, (gpointer)remote_id, tech);
    }

  for (guint i = 0; i < technicians->len; i++)
    {
      const OnsiteRemoteTechnician *remote = g_ptr_array_index (technicians, i);
      OnsiteTech *tech;

      if (remote->remote_id == NULL || *remote->remote_id == '\0' ||
          g_hash_table_contains (present, remote->remote_id))
        continue;
      g_hash_table_add (present, remote->remote_id);

      if ((tech = g_hash_table_lookup (by_remote, remote->remote_id)))
        {
          if (!update_identity (self, tech, remote, actor, error) ||
              (!onsite_tech_get_active (tech) &&
               !onsite_store_set_tech_active (self, onsite_tech_get_id (tech), TRUE, actor, error)))
            goto failure;
        }
      else
        {
          OnsiteTechnician technician = {
            .remote_id = remote->remote_id,
            .name = remote->name,
            .email = remote->email,
          };

          if (!onsite_store_add_tech (self, &technician, actor, error))
            goto failure;
          n_added++;
        }
    }

  /* Left the group: inactive, with their history. */
  for (guint i = 0; i < local->len; i++)
    {
      OnsiteTech *tech = g_ptr_array_index (local, i);
      const char *remote_id = onsite_tech_get_remote_id (tech);

      if (remote_id && *remote_id && onsite_tech_get_active (tech) &&
          !g_hash_table_contains (present, remote_id) &&
          !onsite_store_set_tech_active (self, onsite_tech_get_id (tech), FALSE, actor, error))
        goto failure;
    }

  if (!onsite_store_commit (self, error))
    goto failure;

  if (added)
    *added = n_added;
  return TRUE;

failure:
  onsite_store_rollback (self);
  return FALSE;
}

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/**
 * _onsite_sync_pull_technicians:
 * @connector: the ticket service
 * @store: the store, open on this thread
 *
 * Asks the service for its technicians and merges them into the roster.
 * Runs on the sync's worker thread: it waits on the thread-default main
 * context.
 *
 * Returns: %TRUE on success
 */
gboolean
_onsite_sync_pull_technicians (OnsiteConnector  *connector,
                               OnsiteStore      *store,
                               GCancellable     *cancellable,
                               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) technicians = NULL;
  GMainContext *context = g_main_context_get_thread_default ();
  guint added = 0;

  onsite_connector_list_technicians_async (connector, cancellable, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);

  if (!(technicians = onsite_connector_list_technicians_finish (connector, result, error)))
    return FALSE;

  if (!_onsite_store_merge_remote_technicians (store, technicians, onsite_connector_get_name (connector),
                                               &added, error))
    return FALSE;

  if (technicians->len > 0)
    g_debug ("%u technicians from %s, %u new", technicians->len,
             onsite_connector_get_name (connector), added);

  return TRUE;
}
