/* onsite-visit.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-types.h"

G_BEGIN_DECLS

/**
 * OnsiteVisitState:
 * @ONSITE_VISIT_PLANNED: planned, nobody on the way yet
 * @ONSITE_VISIT_EN_ROUTE: the technician is on the way
 * @ONSITE_VISIT_ON_SITE: the technician is there
 * @ONSITE_VISIT_DONE: finished
 * @ONSITE_VISIT_CANCELLED: called off; it no longer takes time
 * @ONSITE_VISIT_NO_ACCESS: the technician could not get in
 * @ONSITE_VISIT_NEEDS_PARTS: a part is missing; another visit will follow
 * @ONSITE_VISIT_NEEDS_VENDOR: the vendor has to come
 * @ONSITE_VISIT_RESCHEDULED: replaced by another visit
 *
 * The states of a visit, as the store keeps them.
 */
typedef enum
{
  ONSITE_VISIT_PLANNED,
  ONSITE_VISIT_EN_ROUTE,
  ONSITE_VISIT_ON_SITE,
  ONSITE_VISIT_DONE,
  ONSITE_VISIT_CANCELLED,
  ONSITE_VISIT_NO_ACCESS,
  ONSITE_VISIT_NEEDS_PARTS,
  ONSITE_VISIT_NEEDS_VENDOR,
  ONSITE_VISIT_RESCHEDULED,
  ONSITE_N_VISIT_STATES
} OnsiteVisitState;

const char *onsite_visit_state_to_string   (OnsiteVisitState  state);
gboolean    onsite_visit_state_from_string (const char       *str,
                                            OnsiteVisitState *state);
const char *onsite_visit_state_to_label    (OnsiteVisitState  state);
gboolean    onsite_visit_state_is_active   (OnsiteVisitState  state);

#define ONSITE_TYPE_VISIT (onsite_visit_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteVisit, onsite_visit, ONSITE, VISIT, GObject)

OnsiteVisit      *onsite_visit_new                   (gint64            id,
                                                      gint64            ticket_id,
                                                      gint64            technician_id,
                                                      gint64            start,
                                                      gint64            end);
gint64            onsite_visit_get_id                (OnsiteVisit      *self);
gint64            onsite_visit_get_ticket_id         (OnsiteVisit      *self);
gint64            onsite_visit_get_technician_id     (OnsiteVisit      *self);
void              onsite_visit_set_technician_id     (OnsiteVisit      *self,
                                                      gint64            technician_id);
gint64            onsite_visit_get_start             (OnsiteVisit      *self);
gint64            onsite_visit_get_end               (OnsiteVisit      *self);
void              onsite_visit_set_times             (OnsiteVisit      *self,
                                                      gint64            start,
                                                      gint64            end);
OnsiteVisitState  onsite_visit_get_state             (OnsiteVisit      *self);
void              onsite_visit_set_state             (OnsiteVisit      *self,
                                                      OnsiteVisitState  state);
gboolean          onsite_visit_get_pinned            (OnsiteVisit      *self);
void              onsite_visit_set_pinned            (OnsiteVisit      *self,
                                                      gboolean          pinned);
gint64            onsite_visit_get_updated           (OnsiteVisit      *self);

/* What the visit is for: a copy of the ticket's fields at load time. */
const char       *onsite_visit_get_ticket_remote_id  (OnsiteVisit      *self);
const char       *onsite_visit_get_title             (OnsiteVisit      *self);
void              onsite_visit_set_title             (OnsiteVisit      *self,
                                                      const char       *title);
const char       *onsite_visit_get_description       (OnsiteVisit      *self);
const char       *onsite_visit_get_category          (OnsiteVisit      *self);
void              onsite_visit_set_category          (OnsiteVisit      *self,
                                                      const char       *category);
int               onsite_visit_get_priority          (OnsiteVisit      *self);
gint64            onsite_visit_get_sla_due           (OnsiteVisit      *self);
void              onsite_visit_set_sla_due           (OnsiteVisit      *self,
                                                      gint64            due);
const char       *onsite_visit_get_requester         (OnsiteVisit      *self);
const char       *onsite_visit_get_requester_contact (OnsiteVisit      *self);
const char       *onsite_visit_get_site_name         (OnsiteVisit      *self);
const char       *onsite_visit_get_address           (OnsiteVisit      *self);
const char       *onsite_visit_get_building          (OnsiteVisit      *self);
const char       *onsite_visit_get_floor             (OnsiteVisit      *self);
const char       *onsite_visit_get_room              (OnsiteVisit      *self);
gboolean          onsite_visit_get_location          (OnsiteVisit      *self,
                                                      double           *latitude,
                                                      double           *longitude);
void              onsite_visit_set_location          (OnsiteVisit      *self,
                                                      gboolean          has_location,
                                                      double            latitude,
                                                      double            longitude);
char             *onsite_visit_dup_location_label    (OnsiteVisit      *self);

G_END_DECLS
