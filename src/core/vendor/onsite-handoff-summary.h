/* onsite-handoff-summary.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "onsite-ticket.h"

G_BEGIN_DECLS

/**
 * OnsiteHandoffDetails:
 * @contract_number: (nullable): the contract the case falls under
 * @contact_name: (nullable): who to ask for on site; %NULL for the
 *   ticket's requester
 * @contact_phone: (nullable): how to reach them; %NULL for the ticket's
 *   requester contact
 * @findings: (nullable): what L2 found on site
 * @tried: (nullable): what L2 tried
 * @serial_numbers: (nullable): the devices' serial numbers
 * @asset_tags: (nullable): the devices' asset tags
 * @attachments: (nullable): names of the files attached to the message
 *
 * What a dispatcher adds to a ticket when handing it to a vendor.
 */
typedef struct
{
  const char         *contract_number;
  const char         *contact_name;
  const char         *contact_phone;
  const char         *findings;
  const char         *tried;
  const char * const *serial_numbers;
  const char * const *asset_tags;
  const char * const *attachments;
} OnsiteHandoffDetails;

char *onsite_handoff_compose_subject (OnsiteTicket               *ticket,
                                      const OnsiteHandoffDetails *details);
char *onsite_handoff_compose_summary (OnsiteTicket               *ticket,
                                      const OnsiteHandoffDetails *details);
char *onsite_mailto_uri              (const char                 *to,
                                      const char * const         *cc,
                                      const char                 *subject,
                                      const char                 *body,
                                      GError                    **error);

G_END_DECLS
