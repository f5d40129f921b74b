/* onsite-ticket.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-types.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_TICKET (onsite_ticket_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteTicket, onsite_ticket, ONSITE, TICKET, GObject)

OnsiteTicket       *onsite_ticket_new                   (void);
gint64              onsite_ticket_get_id                (OnsiteTicket *self);
const char         *onsite_ticket_get_remote_id         (OnsiteTicket *self);
const char         *onsite_ticket_get_remote_version    (OnsiteTicket *self);
const char         *onsite_ticket_get_title             (OnsiteTicket *self);
const char         *onsite_ticket_get_description       (OnsiteTicket *self);
const char         *onsite_ticket_get_requester         (OnsiteTicket *self);
const char         *onsite_ticket_get_requester_contact (OnsiteTicket *self);
const char         *onsite_ticket_get_category          (OnsiteTicket *self);
int                 onsite_ticket_get_priority          (OnsiteTicket *self);
int                 onsite_ticket_get_urgency           (OnsiteTicket *self);
int                 onsite_ticket_get_support_level     (OnsiteTicket *self);
OnsiteTicketStatus  onsite_ticket_get_status            (OnsiteTicket *self);
gint64              onsite_ticket_get_created           (OnsiteTicket *self);
gint64              onsite_ticket_get_updated           (OnsiteTicket *self);
gint64              onsite_ticket_get_sla_due           (OnsiteTicket *self);
OnsiteSlaState      onsite_ticket_get_sla_state         (OnsiteTicket *self,
                                                         gint64        now);
gint64              onsite_ticket_get_site_id           (OnsiteTicket *self);
const char         *onsite_ticket_get_site_name         (OnsiteTicket *self);
const char         *onsite_ticket_get_address           (OnsiteTicket *self);
const char         *onsite_ticket_get_building          (OnsiteTicket *self);
const char         *onsite_ticket_get_floor             (OnsiteTicket *self);
const char         *onsite_ticket_get_room              (OnsiteTicket *self);
gboolean            onsite_ticket_get_location          (OnsiteTicket *self,
                                                         double       *latitude,
                                                         double       *longitude);
gboolean            onsite_ticket_get_location_invalid  (OnsiteTicket *self);

G_END_DECLS
