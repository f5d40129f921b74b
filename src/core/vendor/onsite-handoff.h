/* onsite-handoff.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "onsite-vendor-types.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_HANDOFF (onsite_handoff_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteHandoff, onsite_handoff, ONSITE, HANDOFF, GObject)

gint64              onsite_handoff_get_id                (OnsiteHandoff *self);
gint64              onsite_handoff_get_ticket_id         (OnsiteHandoff *self);
const char         *onsite_handoff_get_ticket_title      (OnsiteHandoff *self);
const char         *onsite_handoff_get_ticket_remote_id  (OnsiteHandoff *self);
gint64              onsite_handoff_get_vendor_id         (OnsiteHandoff *self);
const char         *onsite_handoff_get_vendor_name       (OnsiteHandoff *self);
gint64              onsite_handoff_get_contact_id        (OnsiteHandoff *self);
const char         *onsite_handoff_get_contact_name      (OnsiteHandoff *self);
const char         *onsite_handoff_get_contact_email     (OnsiteHandoff *self);
gint64              onsite_handoff_get_contract_id       (OnsiteHandoff *self);
const char         *onsite_handoff_get_contract_number   (OnsiteHandoff *self);
OnsiteHandoffState  onsite_handoff_get_state             (OnsiteHandoff *self);
const char         *onsite_handoff_get_vendor_reference  (OnsiteHandoff *self);
const char         *onsite_handoff_get_summary           (OnsiteHandoff *self);
const char         *onsite_handoff_get_notes             (OnsiteHandoff *self);
gboolean            onsite_handoff_get_pauses_sla        (OnsiteHandoff *self);
gint64              onsite_handoff_get_sent_at           (OnsiteHandoff *self);
gint64              onsite_handoff_get_acknowledge_due   (OnsiteHandoff *self);
gint64              onsite_handoff_get_resolve_due       (OnsiteHandoff *self);
gint64              onsite_handoff_get_acknowledged_at   (OnsiteHandoff *self);
gint64              onsite_handoff_get_started_at        (OnsiteHandoff *self);
gint64              onsite_handoff_get_resolved_at       (OnsiteHandoff *self);
gint64              onsite_handoff_get_closed_at         (OnsiteHandoff *self);
guint               onsite_handoff_get_follow_ups        (OnsiteHandoff *self);
gint64              onsite_handoff_get_last_follow_up_at (OnsiteHandoff *self);
gint64              onsite_handoff_get_escalated_at      (OnsiteHandoff *self);
gint64              onsite_handoff_get_updated_at        (OnsiteHandoff *self);

gint64              onsite_handoff_get_vendor_due        (OnsiteHandoff *self);
gboolean            onsite_handoff_get_time_left         (OnsiteHandoff *self,
                                                          gint64         now,
                                                          gint64        *seconds);
gboolean            onsite_handoff_is_overdue            (OnsiteHandoff *self,
                                                          gint64         now);
char               *onsite_handoff_describe_time_left    (OnsiteHandoff *self,
                                                          gint64         now);

G_END_DECLS
