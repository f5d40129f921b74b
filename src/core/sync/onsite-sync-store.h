/* onsite-sync-store.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-store.h"
#include "onsite-connector.h"

G_BEGIN_DECLS

/*
 * The parts of the store that the sync needs (implemented in
 * src/core/onsite-store-sync.c).
 *
 * Public: local changes that travel to the ticket service. Each one changes
 * the store, appends to the history and queues an outbox row in one
 * transaction, so a change is either kept with its way out, or not at all.
 */

gboolean      onsite_store_add_comment             (OnsiteStore   *self,
                                                    gint64         ticket_id,
                                                    const char    *text,
                                                    const char    *actor,
                                                    GError       **error);
gboolean      onsite_store_set_ticket_owner        (OnsiteStore   *self,
                                                    gint64         ticket_id,
                                                    const char    *owner,
                                                    const char    *actor,
                                                    GError       **error);
char         *onsite_store_get_ticket_owner        (OnsiteStore   *self,
                                                    gint64         ticket_id,
                                                    GError       **error);
gboolean      onsite_store_set_visit_window        (OnsiteStore   *self,
                                                    gint64         ticket_id,
                                                    gint64         start,
                                                    gint64         end,
                                                    const char    *actor,
                                                    GError       **error);
gboolean      onsite_store_get_visit_window        (OnsiteStore   *self,
                                                    gint64         ticket_id,
                                                    gint64        *start,
                                                    gint64        *end,
                                                    GError       **error);
gboolean      onsite_store_set_vendor_reference    (OnsiteStore   *self,
                                                    gint64         ticket_id,
                                                    const char    *reference,
                                                    const char    *actor,
                                                    GError       **error);
gint64        onsite_store_find_remote_ticket      (OnsiteStore   *self,
                                                    const char    *remote_id,
                                                    GError       **error);

/**
 * OnsiteSyncConflict:
 *
 * A change that could not be applied because the ticket service changed
 * the same field meanwhile (or refused it). A person chooses a side.
 */
typedef struct
{
  gint64  id;
  gint64  ticket_id;
  gint64  outbox_id;
  char   *field;
  char   *local_value;
  char   *remote_value;
  char   *message;
  gint64  created_at;
} OnsiteSyncConflict;

void          onsite_sync_conflict_free            (OnsiteSyncConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsiteSyncConflict, onsite_sync_conflict_free)

GPtrArray    *onsite_store_list_conflicts          (OnsiteStore   *self,
                                                    GError       **error);
gboolean      onsite_store_resolve_conflict        (OnsiteStore   *self,
                                                    gint64         conflict_id,
                                                    gboolean       keep_local,
                                                    GError       **error);

/* Private to the sync engine. */
gboolean      _onsite_store_apply_remote_ticket    (OnsiteStore              *self,
                                                    const char               *connector,
                                                    const OnsiteRemoteTicket *remote,
                                                    gint64                    now,
                                                    gint64                    unchanged_before,
                                                    GHashTable               *site_cache,
                                                    GError                  **error);
GHashTable   *_onsite_store_new_site_cache         (void);
OnsiteChange *_onsite_store_outbox_peek            (OnsiteStore   *self,
                                                    GError       **error);
gboolean      _onsite_store_outbox_begin_attempt   (OnsiteStore   *self,
                                                    OnsiteChange  *change,
                                                    GError       **error);
gboolean      _onsite_store_outbox_mark_sent       (OnsiteStore            *self,
                                                    const OnsiteChange     *change,
                                                    const OnsitePushResult *result,
                                                    GError                **error);
gboolean      _onsite_store_outbox_mark_failed     (OnsiteStore   *self,
                                                    const OnsiteChange *change,
                                                    const char    *message,
                                                    gint64         next_attempt_at,
                                                    GError       **error);
gboolean      _onsite_store_outbox_mark_conflict   (OnsiteStore   *self,
                                                    const OnsiteChange *change,
                                                    const char    *field,
                                                    const char    *local_value,
                                                    const char    *remote_value,
                                                    const char    *message,
                                                    GError       **error);
gboolean      _onsite_store_get_sync_state         (OnsiteStore   *self,
                                                    const char    *connector,
                                                    gint64        *cursor,
                                                    gint64        *last_success,
                                                    char         **last_error,
                                                    GError       **error);
gboolean      _onsite_store_set_sync_state         (OnsiteStore   *self,
                                                    const char    *connector,
                                                    gint64         cursor,
                                                    gint64         last_success,
                                                    const char    *last_error,
                                                    GError       **error);
GPtrArray    *_onsite_store_list_open_remote_ids   (OnsiteStore   *self,
                                                    GError       **error);
gboolean      _onsite_store_mark_remote_gone       (OnsiteStore   *self,
                                                    const char    *remote_id,
                                                    gint64         now,
                                                    GError       **error);

/* Technicians from the service (src/core/sync/onsite-sync-techs.c). */
gboolean      _onsite_store_merge_remote_technicians (OnsiteStore  *self,
                                                      GPtrArray    *technicians,
                                                      const char   *actor,
                                                      guint        *added,
                                                      GError      **error);
gboolean      _onsite_sync_pull_technicians        (OnsiteConnector *connector,
                                                    OnsiteStore     *store,
                                                    GCancellable    *cancellable,
                                                    GError         **error);

G_END_DECLS
