/* onsite-store.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-error.h"
#include "onsite-records.h"
#include "onsite-ticket.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_STORE (onsite_store_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteStore, onsite_store, ONSITE, STORE, GObject)

/**
 * ONSITE_STORE_SCHEMA_VERSION:
 *
 * The schema version this build writes; older files are upgraded in place.
 */
#define ONSITE_STORE_SCHEMA_VERSION 6

char          *onsite_store_default_path         (void);
OnsiteStore   *onsite_store_open                 (const char          *path,
                                                  GError             **error);
void           onsite_store_open_async           (const char          *path,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
OnsiteStore   *onsite_store_open_finish          (GAsyncResult        *result,
                                                  GError             **error);
const char    *onsite_store_get_path             (OnsiteStore         *self);
int            onsite_store_get_schema_version   (OnsiteStore         *self);

gboolean       onsite_store_begin                (OnsiteStore         *self,
                                                  GError             **error);
gboolean       onsite_store_commit               (OnsiteStore         *self,
                                                  GError             **error);
void           onsite_store_rollback             (OnsiteStore         *self);

gint64         onsite_store_ensure_site          (OnsiteStore         *self,
                                                  const OnsiteSite    *site,
                                                  GError             **error);
gboolean       onsite_store_insert_ticket        (OnsiteStore         *self,
                                                  OnsiteTicket        *ticket,
                                                  GError             **error);
OnsiteTicket  *onsite_store_get_ticket           (OnsiteStore         *self,
                                                  gint64               id,
                                                  GError             **error);
GPtrArray     *onsite_store_list_open_tickets    (OnsiteStore         *self,
                                                  GError             **error);
GPtrArray     *onsite_store_list_all_tickets     (OnsiteStore         *self,
                                                  GError             **error);
GArray        *onsite_store_search               (OnsiteStore         *self,
                                                  const char          *text,
                                                  GError             **error);
gint64         onsite_store_count_tickets        (OnsiteStore         *self,
                                                  gboolean             open_only,
                                                  GError             **error);
gboolean       onsite_store_set_ticket_status    (OnsiteStore         *self,
                                                  gint64               ticket_id,
                                                  OnsiteTicketStatus   status,
                                                  const char          *actor,
                                                  GError             **error);

gint64         onsite_store_insert_technician    (OnsiteStore             *self,
                                                  const OnsiteTechnician  *technician,
                                                  GError                 **error);
gint64         onsite_store_insert_vendor        (OnsiteStore             *self,
                                                  const OnsiteVendor      *vendor,
                                                  GError                 **error);
gint64         onsite_store_count_rows           (OnsiteStore             *self,
                                                  const char              *table,
                                                  GError                 **error);

gboolean       onsite_store_add_event            (OnsiteStore         *self,
                                                  gint64               ticket_id,
                                                  gint64               at,
                                                  const char          *actor,
                                                  const char          *kind,
                                                  const char          *summary,
                                                  GError             **error);
GPtrArray     *onsite_store_list_events          (OnsiteStore         *self,
                                                  gint64               ticket_id,
                                                  GError             **error);
gint64         onsite_store_count_pending_changes (OnsiteStore        *self,
                                                   GError            **error);

G_END_DECLS
