/* onsite-vendor-types.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ONSITE_VENDOR_ERROR (onsite_vendor_error_quark ())

/**
 * OnsiteVendorError:
 * @ONSITE_VENDOR_ERROR_INVALID_HOURS: business hours that cannot be read
 * @ONSITE_VENDOR_ERROR_INVALID_HOLIDAYS: a holiday list that cannot be read
 * @ONSITE_VENDOR_ERROR_INVALID_TIMEZONE: an unknown time zone
 * @ONSITE_VENDOR_ERROR_TRANSITION: a hand-off cannot go to that state from
 *   the one it is in
 * @ONSITE_VENDOR_ERROR_REFUSED: a hand-off was refused (the ticket already
 *   waits on a vendor, the contract expired, the contact belongs to another
 *   vendor…)
 * @ONSITE_VENDOR_ERROR_IMPORT: a CSV file could not be imported; the
 *   message names every line at fault and nothing was imported
 * @ONSITE_VENDOR_ERROR_ADDRESS: an e-mail address that cannot be used
 *
 * Errors of the vendor directory and of hand-offs. Messages are sentences
 * meant for people.
 */
typedef enum
{
  ONSITE_VENDOR_ERROR_INVALID_HOURS,
  ONSITE_VENDOR_ERROR_INVALID_HOLIDAYS,
  ONSITE_VENDOR_ERROR_INVALID_TIMEZONE,
  ONSITE_VENDOR_ERROR_TRANSITION,
  ONSITE_VENDOR_ERROR_REFUSED,
  ONSITE_VENDOR_ERROR_IMPORT,
  ONSITE_VENDOR_ERROR_ADDRESS,
} OnsiteVendorError;

GQuark onsite_vendor_error_quark (void);

/**
 * OnsiteHandoffState:
 * @ONSITE_HANDOFF_REQUESTED: sent to the vendor, no answer yet
 * @ONSITE_HANDOFF_ACKNOWLEDGED: the vendor answered with its case reference
 * @ONSITE_HANDOFF_IN_PROGRESS: the vendor is working on it
 * @ONSITE_HANDOFF_RESOLVED: the vendor says it is fixed; L2 checks
 * @ONSITE_HANDOFF_RETURNED: back with L2; the vendor case is over
 * @ONSITE_HANDOFF_REJECTED: the vendor refused the case (not covered…)
 *
 * The life of a vendor case. Requested, acknowledged and in progress wait
 * on the vendor: the vendor's clock runs and, when the contract says so,
 * the ticket's own SLA clock stops.
 */
typedef enum
{
  ONSITE_HANDOFF_REQUESTED,
  ONSITE_HANDOFF_ACKNOWLEDGED,
  ONSITE_HANDOFF_IN_PROGRESS,
  ONSITE_HANDOFF_RESOLVED,
  ONSITE_HANDOFF_RETURNED,
  ONSITE_HANDOFF_REJECTED,
  ONSITE_N_HANDOFF_STATES
} OnsiteHandoffState;

GType               onsite_handoff_state_get_type     (void) G_GNUC_CONST;
#define ONSITE_TYPE_HANDOFF_STATE (onsite_handoff_state_get_type ())

const char         *onsite_handoff_state_to_string    (OnsiteHandoffState  state);
gboolean            onsite_handoff_state_from_string  (const char         *str,
                                                       OnsiteHandoffState *state);
const char         *onsite_handoff_state_to_label     (OnsiteHandoffState  state);
gboolean            onsite_handoff_state_is_open      (OnsiteHandoffState  state);
gboolean            onsite_handoff_state_waits_on_vendor (OnsiteHandoffState state);
gboolean            onsite_handoff_state_check_change (OnsiteHandoffState  from,
                                                       OnsiteHandoffState  to,
                                                       GError            **error);

/**
 * OnsiteSlaPause:
 * @start: when the ticket's SLA clock stopped (unix seconds)
 * @end: when it ran again, or 0 while it is still stopped
 *
 * A stretch of time that does not count against the ticket's SLA.
 */
typedef struct
{
  gint64 start;
  gint64 end;
} OnsiteSlaPause;

gint64              onsite_sla_effective_due          (gint64                original_due,
                                                       const OnsiteSlaPause *pauses,
                                                       gsize                 n_pauses,
                                                       gint64                now);
gint64              onsite_sla_paused_seconds         (gint64                original_due,
                                                       const OnsiteSlaPause *pauses,
                                                       gsize                 n_pauses,
                                                       gint64                now);

gint64              onsite_median_seconds             (const gint64         *values,
                                                       gsize                 n_values);

G_END_DECLS
