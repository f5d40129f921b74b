/* onsite-types.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * OnsiteTicketStatus:
 * @ONSITE_TICKET_STATUS_NEW: received, nobody has looked at it yet
 * @ONSITE_TICKET_STATUS_OPEN: accepted, waiting for a visit to be planned
 * @ONSITE_TICKET_STATUS_SCHEDULED: a visit is planned
 * @ONSITE_TICKET_STATUS_IN_PROGRESS: a technician is en route or on site
 * @ONSITE_TICKET_STATUS_WAITING: waiting on the customer, parts or a vendor
 * @ONSITE_TICKET_STATUS_RESOLVED: fixed; leaves the board
 * @ONSITE_TICKET_STATUS_CLOSED: closed or rejected at the service; leaves the board
 *
 * Onsite's own ticket states. Connectors map a service's statuses onto these.
 */
typedef enum
{
  ONSITE_TICKET_STATUS_NEW,
  ONSITE_TICKET_STATUS_OPEN,
  ONSITE_TICKET_STATUS_SCHEDULED,
  ONSITE_TICKET_STATUS_IN_PROGRESS,
  ONSITE_TICKET_STATUS_WAITING,
  ONSITE_TICKET_STATUS_RESOLVED,
  ONSITE_TICKET_STATUS_CLOSED,
  ONSITE_N_TICKET_STATUSES
} OnsiteTicketStatus;

/**
 * OnsiteSlaState:
 * @ONSITE_SLA_NONE: the ticket has no due date
 * @ONSITE_SLA_ON_TRACK: comfortably before the due date
 * @ONSITE_SLA_AT_RISK: less than a quarter of the SLA window (and at most
 *   two hours) is left
 * @ONSITE_SLA_BREACHED: the due date has passed
 */
typedef enum
{
  ONSITE_SLA_NONE,
  ONSITE_SLA_ON_TRACK,
  ONSITE_SLA_AT_RISK,
  ONSITE_SLA_BREACHED,
  ONSITE_N_SLA_STATES
} OnsiteSlaState;

/* Priorities run from 1 (critical) to 4 (low), as most help desks count them. */
#define ONSITE_PRIORITY_MIN 1
#define ONSITE_PRIORITY_MAX 4

/* Support levels: 0 self-service, 1 remote help desk, 2 on-site, 3 vendor. */
#define ONSITE_LEVEL_MIN 0
#define ONSITE_LEVEL_MAX 3
#define ONSITE_LEVEL_ONSITE 2

const char        *onsite_ticket_status_to_string   (OnsiteTicketStatus status);
gboolean           onsite_ticket_status_from_string (const char         *str,
                                                     OnsiteTicketStatus *status);
const char        *onsite_ticket_status_to_label    (OnsiteTicketStatus status);
gboolean           onsite_ticket_status_is_open     (OnsiteTicketStatus status);

const char        *onsite_sla_state_to_string       (OnsiteSlaState     state);
const char        *onsite_sla_state_to_label        (OnsiteSlaState     state);
OnsiteSlaState     onsite_sla_state_compute         (gint64             created,
                                                     gint64             due,
                                                     gint64             now);

const char        *onsite_priority_to_label         (int                priority);

char              *onsite_format_time_left          (gint64             seconds);

gboolean           onsite_coordinates_valid         (double             latitude,
                                                     double             longitude,
                                                     GError           **error);

G_END_DECLS
