/* onsite-connector.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-types.h"

G_BEGIN_DECLS

#define ONSITE_SYNC_ERROR (onsite_sync_error_quark ())

/**
 * OnsiteSyncError:
 * @ONSITE_SYNC_ERROR_UNREACHABLE: the service did not answer (no route, refused,
 *   name not found, connection dropped); worth retrying later
 * @ONSITE_SYNC_ERROR_TIMEOUT: the service took too long to answer; worth retrying
 * @ONSITE_SYNC_ERROR_TLS: the secure connection failed (certificate not trusted,
 *   wrong host name…); a setting must change
 * @ONSITE_SYNC_ERROR_INSECURE: plain HTTP to another computer was refused
 * @ONSITE_SYNC_ERROR_UNAUTHORIZED: the token or password was refused
 * @ONSITE_SYNC_ERROR_NO_QUEUE: the queue does not exist or is not visible
 * @ONSITE_SYNC_ERROR_MISSING_FIELD: a configured custom field is not applied
 *   to the queue
 * @ONSITE_SYNC_ERROR_NOT_FOUND: the ticket is gone from the service
 * @ONSITE_SYNC_ERROR_SERVER: the service failed (HTTP 5xx); worth retrying
 * @ONSITE_SYNC_ERROR_MALFORMED: the answer was not what the service should send
 *   (bad JSON, missing fields, wrong types); nothing of it was stored
 * @ONSITE_SYNC_ERROR_REFUSED: the service refused a change (invalid value,
 *   no permission); retrying will not help
 * @ONSITE_SYNC_ERROR_CONFLICT: the same field changed on both sides
 * @ONSITE_SYNC_ERROR_CONFIG: the connection settings are incomplete
 *
 * Errors of the ticket-service connection. Messages are one sentence for
 * people, e.g. “The ticket service refused the token.”
 */
typedef enum
{
  ONSITE_SYNC_ERROR_UNREACHABLE,
  ONSITE_SYNC_ERROR_TIMEOUT,
  ONSITE_SYNC_ERROR_TLS,
  ONSITE_SYNC_ERROR_INSECURE,
  ONSITE_SYNC_ERROR_UNAUTHORIZED,
  ONSITE_SYNC_ERROR_NO_QUEUE,
  ONSITE_SYNC_ERROR_MISSING_FIELD,
  ONSITE_SYNC_ERROR_NOT_FOUND,
  ONSITE_SYNC_ERROR_SERVER,
  ONSITE_SYNC_ERROR_MALFORMED,
  ONSITE_SYNC_ERROR_REFUSED,
  ONSITE_SYNC_ERROR_CONFLICT,
  ONSITE_SYNC_ERROR_CONFIG,
} OnsiteSyncError;

GQuark   onsite_sync_error_quark          (void);
gboolean onsite_sync_error_is_transient   (const GError *error);

/**
 * OnsiteRemoteTicket:
 *
 * One ticket as the service sent it, already checked and mapped onto
 * Onsite's terms. Strings are owned; none is %NULL after parsing.
 */
typedef struct
{
  char               *remote_id;
  char               *version;          /* changes whenever the ticket changes */
  gboolean            in_scope;         /* still in the synced queue */
  char               *title;
  char               *description;
  char               *requester;
  char               *remote_status;    /* the service's own word */
  OnsiteTicketStatus  status;
  char               *owner;            /* "" when nobody owns it */
  int                 priority;
  int                 support_level;
  gint64              created;
  gint64              updated;
  gint64              due;
  char               *site_name;
  char               *address;
  gboolean            has_location;
  double              latitude;
  double              longitude;
  gboolean            location_invalid;
  char               *vendor_reference;
  gint64              visit_start;
  gint64              visit_end;
} OnsiteRemoteTicket;

OnsiteRemoteTicket *onsite_remote_ticket_new  (void);
void                onsite_remote_ticket_free (OnsiteRemoteTicket *ticket);

/**
 * OnsitePullPage:
 * @tickets: (element-type OnsiteRemoteTicket): the tickets of this page
 * @next_page: the page to ask for next, or 0 when this was the last
 * @server_time: the service's clock when it answered (unix seconds), or 0
 * @total: how many tickets match in all, or -1 when the service did not say
 */
typedef struct
{
  GPtrArray *tickets;
  guint      next_page;
  gint64     server_time;
  gint64     total;
} OnsitePullPage;

OnsitePullPage *onsite_pull_page_new  (void);
void            onsite_pull_page_free (OnsitePullPage *page);

/**
 * OnsiteChange:
 *
 * One outbox row on its way to the service. @attempts counts this attempt
 * too: more than one means an earlier attempt may have arrived.
 */
typedef struct
{
  gint64  id;
  gint64  ticket_id;
  char   *remote_id;
  char   *kind;              /* "status", "owner", "comment", "fields", "handoff", "assignment" */
  char   *payload;           /* JSON */
  char   *idempotency_key;
  int     attempts;
  gint64  next_attempt_at;
} OnsiteChange;

void onsite_change_free (OnsiteChange *change);

typedef enum
{
  ONSITE_PUSH_APPLIED,
  ONSITE_PUSH_ALREADY_APPLIED,
  ONSITE_PUSH_CONFLICT,
} OnsitePushOutcome;

/**
 * OnsitePushResult:
 * @outcome: what happened
 * @field: for a conflict, the field that changed on both sides
 * @local_value: for a conflict, what Onsite wanted
 * @remote_value: for a conflict, what the service has now; after a status
 *   change, the service's own word for the new status
 */
typedef struct
{
  OnsitePushOutcome  outcome;
  char              *field;
  char              *local_value;
  char              *remote_value;
} OnsitePushResult;

void onsite_push_result_free (OnsitePushResult *result);

/**
 * OnsiteRemoteTechnician:
 * @remote_id: the service's name for the person (RT: the user name)
 * @name: the name to show (RT: the real name, else the user name)
 * @email: the address, or ""
 *
 * One technician the service knows. Strings are owned, never %NULL.
 */
typedef struct
{
  char *remote_id;
  char *name;
  char *email;
} OnsiteRemoteTechnician;

OnsiteRemoteTechnician *onsite_remote_technician_new  (const char             *remote_id,
                                                       const char             *name,
                                                       const char             *email);
void                    onsite_remote_technician_free (OnsiteRemoteTechnician *technician);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsiteRemoteTicket, onsite_remote_ticket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsitePullPage, onsite_pull_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsiteChange, onsite_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsitePushResult, onsite_push_result_free)

#define ONSITE_TYPE_CONNECTOR (onsite_connector_get_type ())

G_DECLARE_INTERFACE (OnsiteConnector, onsite_connector, ONSITE, CONNECTOR, GObject)

/**
 * OnsiteConnectorInterface:
 * @test_connection_async: checks address, credentials, queue and fields
 * @pull_async: one page of tickets changed since @since (unix seconds;
 *   0 for the first, full sync of every active ticket)
 * @list_active_async: the remote ids of every active ticket in scope, so
 *   that tickets deleted at the service can be noticed
 * @fetch_async: one ticket by remote id; %ONSITE_SYNC_ERROR_NOT_FOUND
 *   when it was deleted
 * @push_async: applies one outbox change exactly once; must recognise a
 *   change that an earlier attempt already delivered
 * @list_technicians_async: (nullable): the technicians the service knows
 *   (RT: the members of a group), or %NULL when it knows none; an empty
 *   list when the connector is not told where to find them
 *
 * A ticket service. Implementations do their I/O and parsing off the
 * calling thread and complete on its thread-default main context.
 */
struct _OnsiteConnectorInterface
{
  GTypeInterface parent_iface;

  const char         *(*get_name)               (OnsiteConnector      *self);

  void                (*test_connection_async)  (OnsiteConnector      *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
  gboolean            (*test_connection_finish) (OnsiteConnector      *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

  void                (*pull_async)             (OnsiteConnector      *self,
                                                 gint64                since,
                                                 guint                 page,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
  OnsitePullPage     *(*pull_finish)            (OnsiteConnector      *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

  void                (*list_active_async)      (OnsiteConnector      *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
  GStrv               (*list_active_finish)     (OnsiteConnector      *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

  void                (*fetch_async)            (OnsiteConnector      *self,
                                                 const char           *remote_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
  OnsiteRemoteTicket *(*fetch_finish)           (OnsiteConnector      *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

  void                (*push_async)             (OnsiteConnector      *self,
                                                 const OnsiteChange   *change,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
  OnsitePushResult   *(*push_finish)            (OnsiteConnector      *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

  void                (*list_technicians_async) (OnsiteConnector      *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
  GPtrArray          *(*list_technicians_finish) (OnsiteConnector     *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
};

const char         *onsite_connector_get_name               (OnsiteConnector      *self);
void                onsite_connector_test_connection_async  (OnsiteConnector      *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean            onsite_connector_test_connection_finish (OnsiteConnector      *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                onsite_connector_pull_async             (OnsiteConnector      *self,
                                                             gint64                since,
                                                             guint                 page,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
OnsitePullPage     *onsite_connector_pull_finish            (OnsiteConnector      *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                onsite_connector_list_active_async      (OnsiteConnector      *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GStrv               onsite_connector_list_active_finish     (OnsiteConnector      *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                onsite_connector_fetch_async            (OnsiteConnector      *self,
                                                             const char           *remote_id,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
OnsiteRemoteTicket *onsite_connector_fetch_finish           (OnsiteConnector      *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                onsite_connector_push_async             (OnsiteConnector      *self,
                                                             const OnsiteChange   *change,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
OnsitePushResult   *onsite_connector_push_finish            (OnsiteConnector      *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                onsite_connector_list_technicians_async  (OnsiteConnector     *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
GPtrArray          *onsite_connector_list_technicians_finish (OnsiteConnector     *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

G_END_DECLS
