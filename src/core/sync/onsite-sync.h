/* onsite-sync.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-connector.h"

G_BEGIN_DECLS

/**
 * OnsiteSyncFlags:
 * @ONSITE_SYNC_PUSH: send the outbox
 * @ONSITE_SYNC_PULL: bring in what changed at the service
 * @ONSITE_SYNC_RECONCILE: notice tickets deleted at the service
 * @ONSITE_SYNC_FULL: ignore the cursor: pull every active ticket
 * @ONSITE_SYNC_NOW: send changes that are waiting out a retry delay now
 *   (a person pressed Retry, or `onsitectl sync --once`)
 * @ONSITE_SYNC_DEFAULT: push, pull and reconcile
 */
typedef enum
{
  ONSITE_SYNC_PUSH      = 1 << 0,
  ONSITE_SYNC_PULL      = 1 << 1,
  ONSITE_SYNC_RECONCILE = 1 << 2,
  ONSITE_SYNC_FULL      = 1 << 3,
  ONSITE_SYNC_NOW       = 1 << 4,
  ONSITE_SYNC_DEFAULT   = ONSITE_SYNC_PUSH | ONSITE_SYNC_PULL | ONSITE_SYNC_RECONCILE,
} OnsiteSyncFlags;

#define ONSITE_TYPE_SYNC (onsite_sync_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteSync, onsite_sync, ONSITE, SYNC, GObject)

OnsiteSync      *onsite_sync_new                 (const char           *store_path,
                                                  OnsiteConnector      *connector);
OnsiteConnector *onsite_sync_get_connector       (OnsiteSync           *self);
gboolean         onsite_sync_get_syncing         (OnsiteSync           *self);
gint64           onsite_sync_get_last_success    (OnsiteSync           *self);
const char      *onsite_sync_get_last_error      (OnsiteSync           *self);
gint64           onsite_sync_get_pending_changes (OnsiteSync           *self);
gint64           onsite_sync_get_conflicts       (OnsiteSync           *self);
void             onsite_sync_run_async           (OnsiteSync           *self,
                                                  OnsiteSyncFlags       flags,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean         onsite_sync_run_finish          (OnsiteSync           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
gboolean         onsite_sync_run                 (OnsiteSync           *self,
                                                  OnsiteSyncFlags       flags,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
void             onsite_sync_set_interval        (OnsiteSync           *self,
                                                  guint                 seconds);
guint            onsite_sync_get_interval        (OnsiteSync           *self);
void             onsite_sync_get_last_counts     (OnsiteSync           *self,
                                                  guint                *pushed,
                                                  guint                *pulled,
                                                  guint                *closed);
gint64           onsite_sync_backoff_delay       (int                   attempts,
                                                  guint32               random);

G_END_DECLS
