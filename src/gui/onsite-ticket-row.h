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

/**
 * OnsiteTicketRowNowFunc:
 * @user_data: what was given to onsite_ticket_row_factory_new()
 *
 * Returns: the time the rows count the SLA from, in seconds
 */
typedef gint64 (*OnsiteTicketRowNowFunc) (gpointer user_data);

GtkListItemFactory *onsite_ticket_row_factory_new     (OnsiteTicketRowNowFunc  now_func,
                                                       gpointer                user_data);
void                onsite_ticket_row_factory_set_now (GtkListItemFactory     *factory,
                                                       gint64                  now);

G_END_DECLS
