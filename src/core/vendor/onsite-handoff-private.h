/* onsite-handoff-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-handoff.h"

G_BEGIN_DECLS

/* Filled in by the store (onsite-store-vendor.c) and nobody else. */
struct _OnsiteHandoff
{
  GObject             parent_instance;

  gint64              id;
  gint64              ticket_id;
  char               *ticket_title;
  char               *ticket_remote_id;
  gint64              vendor_id;
  char               *vendor_name;
  gint64              contact_id;
  char               *contact_name;
  char               *contact_email;
  gint64              contract_id;
  char               *contract_number;
  OnsiteHandoffState  state;
  char               *vendor_reference;
  char               *summary;
  char               *notes;
  gboolean            pauses_sla;
  gint64              sent_at;
  gint64              acknowledge_due;
  gint64              resolve_due;
  gint64              acknowledged_at;
  gint64              started_at;
  gint64              resolved_at;
  gint64              closed_at;
  guint               follow_ups;
  gint64              last_follow_up_at;
  gint64              escalated_at;
  gint64              created_at;
  gint64              updated_at;
};

G_END_DECLS
