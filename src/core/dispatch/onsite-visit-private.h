/* onsite-visit-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-visit.h"

G_BEGIN_DECLS

/* Filled in directly by the store, which reads a visit with its ticket and
 * site in one row, and read directly by the ranking, which walks thousands. */
struct _OnsiteVisit
{
  GObject           parent_instance;

  gint64            id;
  gint64            ticket_id;
  gint64            technician_id;
  gint64            start;
  gint64            end;
  gint64            created;
  gint64            updated;
  OnsiteVisitState  state;

  char             *ticket_remote_id;
  char             *title;
  char             *description;
  char             *category;
  char             *requester;
  char             *requester_contact;
  char             *site_name;
  char             *address;
  char             *building;
  char             *floor;
  char             *room;
  gint64            sla_due;
  int               priority;
  OnsiteTicketStatus ticket_status;
  double            latitude;
  double            longitude;
  guint             has_location : 1;
  guint             pinned : 1;
};

G_END_DECLS
