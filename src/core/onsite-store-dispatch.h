/* onsite-store-dispatch.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-store.h"
#include "dispatch/onsite-day.h"
#include "dispatch/onsite-tech.h"
#include "dispatch/onsite-visit.h"

G_BEGIN_DECLS

/*
 * Technicians and visits in the store (implemented in
 * src/core/onsite-store-dispatch.c).
 *
 * A change to a visit writes the visit, the ticket's status, a line in the
 * ticket's history and one outbox row for the ticket service, all in one
 * transaction: it is kept with its way out, or not at all. The outbox row
 * is of kind "assignment" (owner, visit window and status together, see
 * docs/sync.md) or "fields" (a moved visit: the window only).
 */

/* Technicians */
GPtrArray    *onsite_store_list_techs        (OnsiteStore             *self,
                                              gboolean                 include_inactive,
                                              GError                 **error);
OnsiteTech   *onsite_store_get_tech          (OnsiteStore             *self,
                                              gint64                   technician_id,
                                              GError                 **error);
gint64        onsite_store_add_tech          (OnsiteStore             *self,
                                              const OnsiteTechnician  *technician,
                                              const char              *actor,
                                              GError                 **error);
gboolean      onsite_store_update_tech       (OnsiteStore             *self,
                                              gint64                   technician_id,
                                              const OnsiteTechnician  *technician,
                                              const char              *actor,
                                              GError                 **error);
gboolean      onsite_store_set_tech_active   (OnsiteStore             *self,
                                              gint64                   technician_id,
                                              gboolean                 active,
                                              const char              *actor,
                                              GError                 **error);
gint64        onsite_store_add_absence       (OnsiteStore             *self,
                                              gint64                   technician_id,
                                              gint64                   starts_at,
                                              gint64                   ends_at,
                                              const char              *reason,
                                              const char              *actor,
                                              GError                 **error);
gboolean      onsite_store_remove_absence    (OnsiteStore             *self,
                                              gint64                   absence_id,
                                              const char              *actor,
                                              GError                 **error);

/* Visits */
GPtrArray    *onsite_store_list_visits       (OnsiteStore             *self,
                                              gint64                   from,
                                              gint64                   to,
                                              GError                 **error);
OnsiteVisit  *onsite_store_get_visit         (OnsiteStore             *self,
                                              gint64                   visit_id,
                                              GError                 **error);
OnsiteVisit  *onsite_store_find_ticket_visit (OnsiteStore             *self,
                                              gint64                   ticket_id,
                                              GError                 **error);
GHashTable   *onsite_store_list_visited_tickets (OnsiteStore           *self,
                                              GError                 **error);
OnsiteDay    *onsite_store_load_day          (OnsiteStore             *self,
                                              GDateTime               *date,
                                              GError                 **error);

gint64        onsite_store_assign_ticket     (OnsiteStore             *self,
                                              gint64                   ticket_id,
                                              gint64                   technician_id,
                                              gint64                   start,
                                              gint64                   end,
                                              const char              *actor,
                                              GError                 **error);
gboolean      onsite_store_move_visit        (OnsiteStore             *self,
                                              gint64                   visit_id,
                                              gint64                   start,
                                              gint64                   end,
                                              const char              *actor,
                                              GError                 **error);
gboolean      onsite_store_unassign_visit    (OnsiteStore             *self,
                                              gint64                   visit_id,
                                              const char              *actor,
                                              GError                 **error);
gboolean      onsite_store_cancel_visit      (OnsiteStore             *self,
                                              gint64                   visit_id,
                                              const char              *reason,
                                              const char              *actor,
                                              GError                 **error);
gboolean      onsite_store_set_visit_pinned  (OnsiteStore             *self,
                                              gint64                   visit_id,
                                              gboolean                 pinned,
                                              const char              *actor,
                                              GError                 **error);

G_END_DECLS
