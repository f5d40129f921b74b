/* onsite-store-vendor-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-store.h"

G_BEGIN_DECLS

/* For the pull (onsite-store-sync.c): a vendor case reference that the
 * ticket service reports for a ticket Onsite already has. The caller holds
 * the transaction and calls this before it saves @reference as the
 * service's value. @remote_at is when the service last changed the ticket
 * (0 if unknown): a case still requested is acknowledged then. */
gboolean _onsite_store_apply_remote_vendor_reference (OnsiteStore  *self,
                                                      gint64        ticket_id,
                                                      const char   *connector,
                                                      const char   *reference,
                                                      gint64        remote_at,
                                                      gint64        now,
                                                      GError      **error);

G_END_DECLS
