/* onsite-connector.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-connector"

#include "config.h"

#include "onsite-connector.h"

G_DEFINE_QUARK (onsite-sync-error-quark, onsite_sync_error)

G_DEFINE_INTERFACE (OnsiteConnector, onsite_connector, G_TYPE_OBJECT)

/**
 * onsite_sync_error_is_transient:
 * @error: (nullable): an error from a connector
 *
 * Whether trying again later may succeed without anyone changing a setting.
 */
gboolean
onsite_sync_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != ONSITE_SYNC_ERROR)
    return FALSE;

  switch ((OnsiteSyncError)error->code)
    {
    case ONSITE_SYNC_ERROR_UNREACHABLE:
    case ONSITE_SYNC_ERROR_TIMEOUT:
    case ONSITE_SYNC_ERROR_SERVER:
    case ONSITE_SYNC_ERROR_MALFORMED:
      return TRUE;

    case ONSITE_SYNC_ERROR_TLS:
    case ONSITE_SYNC_ERROR_INSECURE:
    case ONSITE_SYNC_ERROR_UNAUTHORIZED:
    case ONSITE_SYNC_ERROR_NO_QUEUE:
    case ONSITE_SYNC_ERROR_MISSING_FIELD:
    case ONSITE_SYNC_ERROR_NOT_FOUND:
    case ONSITE_SYNC_ERROR_REFUSED:
    case ONSITE_SYNC_ERROR_CONFLICT:
    case ONSITE_SYNC_ERROR_CONFIG:
    default:
      return FALSE;
    }
}

OnsiteRemoteTicket *
onsite_remote_ticket_new (void)
{
  return g_new0 (OnsiteRemoteTicket, 1);
}

void
onsite_remote_ticket_free (OnsiteRemoteTicket *ticket)
{
  if (ticket == NULL)
    return;

  g_free (ticket->remote_id);
  g_free (ticket->version);
  g_free (ticket->title);
  g_free (ticket->description);
  g_free (ticket->requester);
  g_free (ticket->remote_status);
  g_free (ticket->owner);
  g_free (ticket->site_name);
  g_free (ticket->address);
  g_free (ticket->vendor_reference);
  g_free (ticket);
}

OnsiteRemoteTechnician *
onsite_remote_technician_new (const char *remote_id,
                              const char *name,
                              const char *email)
{
  OnsiteRemoteTechnician *technician = g_new0 (OnsiteRemoteTechnician, 1);

  technician->remote_id = g_strdup (remote_id ? remote_id : "");
  technician->name = g_strdup (name && *name ? name : technician->remote_id);
  technician->email = g_strdup (email ? email : "");

  return technician;
}

void
onsite_remote_technician_free (OnsiteRemoteTechnician *technician)
{
  if (technician == NULL)
    return;

  g_free (technician->remote_id);
  g_free (technician->name);
  g_free (technician->email);
  g_free (technician);
}

OnsitePullPage *
onsite_pull_page_new (void)
{
  OnsitePullPage *page = g_new0 (OnsitePullPage, 1);

  page->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify)onsite_remote_ticket_free);
  page->total = -1;

  return page;
}

void
onsite_pull_page_free (OnsitePullPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->tickets, g_ptr_array_unref);
  g_free (page);
}

void
onsite_change_free (OnsiteChange *change)
{
  if (change == NULL)
    return;

  g_free (change->remote_id);
  g_free (change->kind);
  g_free (change->payload);
  g_free (change->idempotency_key);
  g_free (change);
}

void
onsite_push_result_free (OnsitePushResult *result)
{
  if (result == NULL)
    return;

  g_free (result->field);
  g_free (result->local_value);
  g_free (result->remote_value);
  g_free (result);
}

static void
onsite_connector_default_init (OnsiteConnectorInterface *iface)
{
}

const char *
onsite_connector_get_name (OnsiteConnector *self)
{
  g_return_val_if_fail (ONSITE_IS_CONNECTOR (self), NULL);

  if (ONSITE_CONNECTOR_GET_IFACE (self)->get_name)
    return ONSITE_CONNECTOR_GET_IFACE (self)->get_name (self);

  return G_OBJECT_TYPE_NAME (self);
}

void
onsite_connector_test_connection_async (OnsiteConnector     *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (ONSITE_IS_CONNECTOR (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  ONSITE_CONNECTOR_GET_IFACE (self)->test_connection_async (self, cancellable, callback, user_data);
}

gboolean
onsite_connector_test_connection_finish (OnsiteConnector  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (ONSITE_IS_CONNECTOR (self), FALSE);

  return ONSITE_CONNECTOR_GET_IFACE (self)->test_connection_finish (self, result, error);
}

void
onsite_connector_pull_async (OnsiteConnector     *self,
                             gint64               since,
                             guint                page,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (ONSITE_IS_CONNECTOR (self));
  g_return_if_fail (page >= 1);

  ONSITE_CONNECTOR_GET_IFACE (self)->pull_async (self, since, page, cancellable, callback, user_data);
}

OnsitePullPage *
onsite_connector_pull_finish (OnsiteConnector  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (ONSITE_IS_CONNECTOR (self), NULL);

  return ONSITE_CONNECTOR_GET_IFACE (self)->pull_finish (self, result, error);
}

void
onsite_connector_list_active_async (OnsiteConnector     *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (ONSITE_IS_CONNECTOR (self));

  ONSITE_CONNECTOR_GET_IFACE (self)->list_active_async (self, cancellable, callback, user_data);
}

GStrv
onsite_connector_list_active_finish (OnsiteConnector  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (ONSITE_IS_CONNECTOR (self), NULL);

  return ONSITE_CONNECTOR_GET_IFACE (self)->list_active_finish (self, result, error);
}

void
onsite_connector_fetch_async (OnsiteConnector     *self,
                              const char          *remote_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (ONSITE_IS_CONNECTOR (self));
  g_return_if_fail (remote_id != NULL);

  ONSITE_CONNECTOR_GET_IFACE (self)->fetch_async (self, remote_id, cancellable, callback, user_data);
}

OnsiteRemoteTicket *
onsite_connector_fetch_finish (OnsiteConnector  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (ONSITE_IS_CONNECTOR (self), NULL);

  return ONSITE_CONNECTOR_GET_IFACE (self)->fetch_finish (self, result, error);
}

void
onsite_connector_push_async (OnsiteConnector     *self,
                             const OnsiteChange  *change,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (ONSITE_IS_CONNECTOR (self));
  g_return_if_fail (change != NULL);

  ONSITE_CONNECTOR_GET_IFACE (self)->push_async (self, change, cancellable, callback, user_data);
}

OnsitePushResult *
onsite_connector_push_finish (OnsiteConnector  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (ONSITE_IS_CONNECTOR (self), NULL);

  return ONSITE_CONNECTOR_GET_IFACE (self)->push_finish (self, result, error);
}

/**
 * onsite_connector_list_technicians_async:
 *
 * Asks for the technicians the service knows. A connector that knows none
 * answers with an empty list.
 */
void
onsite_connector_list_technicians_async (OnsiteConnector     *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  OnsiteConnectorInterface *iface;

  g_return_if_fail (ONSITE_IS_CONNECTOR (self));

  iface = ONSITE_CONNECTOR_GET_IFACE (self);
  if (iface->list_technicians_async == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, onsite_connector_list_technicians_async);
      g_task_return_pointer (task, g_ptr_array_new_with_free_func ((GDestroyNotify)onsite_remote_technician_free),
                             (GDestroyNotify)g_ptr_array_unref);
      return;
    }

  iface->list_technicians_async (self, cancellable, callback, user_data);
}

/**
 * onsite_connector_list_technicians_finish:
 *
 * Returns: (transfer container) (element-type OnsiteRemoteTechnician): the
 *   technicians, or %NULL with @error
 */
GPtrArray *
onsite_connector_list_technicians_finish (OnsiteConnector  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  g_return_val_if_fail (ONSITE_IS_CONNECTOR (self), NULL);

  if (g_task_is_valid (result, self) &&
      g_task_get_source_tag (G_TASK (result)) == onsite_connector_list_technicians_async)
    return g_task_propagate_pointer (G_TASK (result), error);

  return ONSITE_CONNECTOR_GET_IFACE (self)->list_technicians_finish (self, result, error);
}
