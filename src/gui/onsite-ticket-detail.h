/* onsite-ticket-detail.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "onsite-store.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_TICKET_DETAIL (onsite_ticket_detail_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteTicketDetail, onsite_ticket_detail, ONSITE, TICKET_DETAIL, GtkWidget)

GtkWidget    *onsite_ticket_detail_new        (void);
void          onsite_ticket_detail_set_ticket (OnsiteTicketDetail *self,
                                               OnsiteStore        *store,
                                               OnsiteTicket       *ticket,
                                               gint64              now);
OnsiteTicket *onsite_ticket_detail_get_ticket (OnsiteTicketDetail *self);

G_END_DECLS
