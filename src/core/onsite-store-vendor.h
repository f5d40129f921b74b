/* onsite-store-vendor.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-store.h"
#include "vendor/onsite-business-hours.h"
#include "vendor/onsite-handoff.h"
#include "vendor/onsite-vendor-info.h"
#include "vendor/onsite-vendor-match.h"
#include "vendor/onsite-vendor-types.h"

G_BEGIN_DECLS

/* The vendor directory ---------------------------------------------------- */

GListModel               *onsite_store_list_vendors            (OnsiteStore                 *self,
                                                                GError                     **error);
OnsiteVendorInfo         *onsite_store_get_vendor              (OnsiteStore                 *self,
                                                                gint64                       vendor_id,
                                                                GError                     **error);
gint64                    onsite_store_find_vendor             (OnsiteStore                 *self,
                                                                const char                  *name,
                                                                GError                     **error);
gboolean                  onsite_store_update_vendor           (OnsiteStore                 *self,
                                                                gint64                       vendor_id,
                                                                const char                  *name,
                                                                const char                  *website,
                                                                const char * const          *categories,
                                                                GError                     **error);
gboolean                  onsite_store_delete_vendor           (OnsiteStore                 *self,
                                                                gint64                       vendor_id,
                                                                GError                     **error);

gint64                    onsite_store_add_vendor_contact      (OnsiteStore                 *self,
                                                                gint64                       vendor_id,
                                                                const OnsiteVendorContact   *contact,
                                                                GError                     **error);
gboolean                  onsite_store_update_vendor_contact   (OnsiteStore                 *self,
                                                                gint64                       contact_id,
                                                                const OnsiteVendorContact   *contact,
                                                                GError                     **error);
gboolean                  onsite_store_delete_vendor_contact   (OnsiteStore                 *self,
                                                                gint64                       contact_id,
                                                                GError                     **error);

gint64                    onsite_store_add_vendor_contract     (OnsiteStore                 *self,
                                                                gint64                       vendor_id,
                                                                const OnsiteVendorContract  *contract,
                                                                GError                     **error);
gboolean                  onsite_store_update_vendor_contract  (OnsiteStore                 *self,
                                                                gint64                       contract_id,
                                                                const OnsiteVendorContract  *contract,
                                                                GError                     **error);
gboolean                  onsite_store_delete_vendor_contract  (OnsiteStore                 *self,
                                                                gint64                       contract_id,
                                                                GError                     **error);
OnsiteVendorContractInfo *onsite_store_get_vendor_contract     (OnsiteStore                 *self,
                                                                gint64                       contract_id,
                                                                GError                     **error);

gboolean                  onsite_vendor_contract_validate      (const OnsiteVendorContract  *contract,
                                                                GError                     **error);

/**
 * OnsiteVendorImportStats:
 *
 * What an import changed. Rows that name an existing vendor, contact
 * (same vendor and name) or contract (same vendor and number) update it.
 */
typedef struct
{
  guint vendors_added;
  guint vendors_updated;
  guint contacts_added;
  guint contacts_updated;
  guint contracts_added;
  guint contracts_updated;
} OnsiteVendorImportStats;

gboolean                  onsite_store_import_vendors_csv      (OnsiteStore                 *self,
                                                                const char                  *data,
                                                                gssize                       length,
                                                                OnsiteVendorImportStats     *stats,
                                                                GError                     **error);
gboolean                  onsite_store_import_vendors_file     (OnsiteStore                 *self,
                                                                GFile                       *file,
                                                                OnsiteVendorImportStats     *stats,
                                                                GError                     **error);

/**
 * OnsiteVendorImportProgress:
 * @done: lines read so far (after the header)
 * @total: lines in the file (after the header)
 */
typedef void (*OnsiteVendorImportProgress) (guint    done,
                                            guint    total,
                                            gpointer user_data);

void                      onsite_store_import_vendors_file_async  (OnsiteStore                *self,
                                                                   GFile                      *file,
                                                                   OnsiteVendorImportProgress  progress,
                                                                   gpointer                    progress_data,
                                                                   GDestroyNotify              progress_destroy,
                                                                   GCancellable               *cancellable,
                                                                   GAsyncReadyCallback         callback,
                                                                   gpointer                    user_data);
gboolean                  onsite_store_import_vendors_file_finish (OnsiteStore                *self,
                                                                   GAsyncResult               *result,
                                                                   OnsiteVendorImportStats    *stats,
                                                                   GError                    **error);

/* Suggestions for a ticket ------------------------------------------------ */

GListModel               *onsite_store_match_vendors           (OnsiteStore                 *self,
                                                                const char                  *category,
                                                                const char                  *product,
                                                                gint64                       now,
                                                                GError                     **error);

/* Hand-offs --------------------------------------------------------------- */

/**
 * OnsiteHandoffRequest:
 * @ticket_id: the ticket handed over; it must be open and not already
 *   waiting on a vendor
 * @vendor_id: the vendor
 * @contact_id: the vendor's contact it goes to; 0 for the vendor's first
 * @contract_id: the contract it falls under (valid at @sent_at); 0 for none,
 *   and then there are no vendor due dates
 * @summary: the text sent to the vendor (see onsite_handoff_compose_summary())
 * @note: (nullable): an internal note
 * @sent_at: when it was sent; 0 for now
 * @actor: who handed it over, for the history
 */
typedef struct
{
  gint64      ticket_id;
  gint64      vendor_id;
  gint64      contact_id;
  gint64      contract_id;
  const char *summary;
  const char *note;
  gint64      sent_at;
  const char *actor;
} OnsiteHandoffRequest;

gint64                    onsite_store_request_handoff         (OnsiteStore                 *self,
                                                                const OnsiteHandoffRequest  *request,
                                                                GError                     **error);
gboolean                  onsite_store_acknowledge_handoff     (OnsiteStore                 *self,
                                                                gint64                       handoff_id,
                                                                const char                  *vendor_reference,
                                                                gint64                       at,
                                                                const char                  *actor,
                                                                GError                     **error);
gboolean                  onsite_store_set_handoff_state       (OnsiteStore                 *self,
                                                                gint64                       handoff_id,
                                                                OnsiteHandoffState           state,
                                                                const char                  *note,
                                                                gint64                       at,
                                                                const char                  *actor,
                                                                GError                     **error);
gboolean                  onsite_store_set_handoff_reference   (OnsiteStore                 *self,
                                                                gint64                       handoff_id,
                                                                const char                  *vendor_reference,
                                                                gint64                       at,
                                                                const char                  *actor,
                                                                GError                     **error);
gboolean                  onsite_store_add_handoff_note        (OnsiteStore                 *self,
                                                                gint64                       handoff_id,
                                                                const char                  *note,
                                                                gint64                       at,
                                                                const char                  *actor,
                                                                GError                     **error);
gboolean                  onsite_store_follow_up_handoff       (OnsiteStore                 *self,
                                                                gint64                       handoff_id,
                                                                gboolean                     escalate,
                                                                const char                  *note,
                                                                gint64                       at,
                                                                const char                  *actor,
                                                                GError                     **error);

OnsiteHandoff            *onsite_store_get_handoff             (OnsiteStore                 *self,
                                                                gint64                       handoff_id,
                                                                GError                     **error);
OnsiteHandoff            *onsite_store_get_open_handoff        (OnsiteStore                 *self,
                                                                gint64                       ticket_id,
                                                                GError                     **error);
GPtrArray                *onsite_store_list_handoffs           (OnsiteStore                 *self,
                                                                gint64                       ticket_id,
                                                                gboolean                     open_only,
                                                                GError                     **error);

/* The ticket's SLA while it waits on vendors ------------------------------ */

GArray                   *onsite_store_get_sla_pauses          (OnsiteStore                 *self,
                                                                gint64                       ticket_id,
                                                                GError                     **error);
gint64                    onsite_store_get_effective_sla_due   (OnsiteStore                 *self,
                                                                gint64                       ticket_id,
                                                                gint64                       now,
                                                                GError                     **error);
gboolean                  onsite_store_get_sla_clock           (OnsiteStore                 *self,
                                                                gint64                       ticket_id,
                                                                gint64                       now,
                                                                gint64                      *due,
                                                                gboolean                    *paused,
                                                                GError                     **error);

G_END_DECLS
