/* onsite-ticket-row.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "onsite-ticket.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_TICKET_ROW (onsite_ticket_row_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteTicketRow, onsite_ticket_row, ONSITE, TICKET_ROW, GtkWidget)

GtkWidget    *onsite_ticket_row_new        (void);
void          onsite_ticket_row_set_ticket (OnsiteTicketRow *self,
                                            OnsiteTicket    *ticket,
                                            gint64           now);
OnsiteTicket *onsite_ticket_row_get_ticket (OnsiteTicketRow *self);

G_END_DECLS
