/* onsite-ticket-dnd.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "onsite-ticket.h"

G_BEGIN_DECLS

GdkContentProvider *onsite_ticket_dnd_content       (OnsiteTicket  *ticket);
GtkDragSource      *onsite_ticket_dnd_source_new    (void);
gboolean            onsite_ticket_dnd_value_get_id  (const GValue  *value,
                                                     gint64        *ticket_id);

G_END_DECLS
