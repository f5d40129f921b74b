/* onsite-store-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "onsite-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* For code inside src/core (connectors, planning) and for tests. */
sqlite3       *_onsite_store_get_db          (OnsiteStore  *self);
sqlite3_stmt  *_onsite_store_prepare         (OnsiteStore  *self,
                                              const char   *sql,
                                              GError      **error);
gboolean       _onsite_store_step_done       (OnsiteStore  *self,
                                              sqlite3_stmt *stmt,
                                              const char   *doing,
                                              GError      **error);
void           _onsite_store_set_error       (OnsiteStore  *self,
                                              int           rc,
                                              const char   *doing,
                                              GError      **error);
gboolean       _onsite_store_enqueue_change  (OnsiteStore  *self,
                                              gint64        ticket_id,
                                              const char   *kind,
                                              const char   *payload_json,
                                              GError      **error);

gboolean       _onsite_store_bulk_begin      (OnsiteStore  *self,
                                              GError      **error);
gboolean       _onsite_store_bulk_end        (OnsiteStore  *self,
                                              GError      **error);

gboolean       _onsite_store_sync_batch_begin (OnsiteStore *self,
                                               GError     **error);
void           _onsite_store_sync_batch_touch (OnsiteStore *self,
                                               gint64       ticket_id);
gboolean       _onsite_store_sync_batch_end   (OnsiteStore *self,
                                               GError     **error);
void           _onsite_store_sync_batch_abort (OnsiteStore *self);

/* Applies the first @version migrations to an open database: lets tests
 * build a file exactly as an earlier Onsite left it. */
gboolean       _onsite_store_migrate_db      (sqlite3      *db,
                                              int           version,
                                              GError      **error);
int            _onsite_store_n_migrations    (void);

G_END_DECLS
