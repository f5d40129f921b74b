/* onsite-ticket-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-ticket.h"

G_BEGIN_DECLS

/*
 * A ticket is a snapshot of one row: the store fills it in, widgets read it.
 * Code inside src/core (the store, demo data, connectors) builds tickets
 * field by field, so the fields are open to it here rather than through a
 * setter and a notify per field.
 */
struct _OnsiteTicket
{
  GObject             parent_instance;

  gint64              id;
  char               *remote_id;
  char               *remote_version;
  char               *title;
  char               *description;
  char               *requester;
  char               *requester_contact;
  char               *category;
  int                 priority;
  int                 urgency;
  int                 support_level;
  OnsiteTicketStatus  status;
  gint64              created;
  gint64              updated;
  gint64              sla_due;

  gint64              site_id;
  char               *site_name;
  char               *address;
  char               *building;
  char               *floor;
  char               *room;
  double              latitude;
  double              longitude;
  guint               has_location : 1;
  /* The service sent coordinates we could not use; shown as a flag. */
  guint               location_invalid : 1;
};

gboolean _onsite_ticket_validate (OnsiteTicket  *self,
                                  GError       **error);

G_END_DECLS
