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

/* Binding and reading the columns every store file has. */
static inline void
_onsite_bind_text (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  sqlite3_bind_text (stmt, index, text ? text : "", -1, SQLITE_TRANSIENT);
}

/* A time in seconds, or NULL for "none" (0 or less). */
static inline void
_onsite_bind_time_or_null (sqlite3_stmt *stmt,
                           int           index,
                           gint64        value)
{
  if (value > 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static inline char *
_onsite_column_dup (sqlite3_stmt *stmt,
                    int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return g_strdup (text ? (const char *)text : "");
}

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
