/* onsite-rank.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-day.h"
#include "onsite-ticket.h"

G_BEGIN_DECLS

/**
 * OnsiteRankRequest:
 * @ticket_id: the ticket (its own visits are left out of the day: they
 *   are what moves)
 * @title: (nullable): the ticket's title, for sentences
 * @category: (nullable): gives the skills and the usual length
 * @skills: (nullable) (array zero-terminated=1): the skills needed, when
 *   they are known better than the category's rule
 * @has_location: whether @latitude and @longitude are known
 * @latitude: where the visit is
 * @longitude: where the visit is
 * @sla_due: the SLA due time, or 0
 *
 * The ticket to place. Strings are borrowed for the call.
 */
typedef struct
{
  gint64              ticket_id;
  const char         *title;
  const char         *category;
  const char * const *skills;
  gboolean            has_location;
  double              latitude;
  double              longitude;
  gint64              sla_due;
} OnsiteRankRequest;

void onsite_rank_request_init_from_ticket (OnsiteRankRequest *request,
                                           OnsiteTicket      *ticket);

#define ONSITE_TYPE_CANDIDATE (onsite_candidate_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteCandidate, onsite_candidate, ONSITE, CANDIDATE, GObject)

OnsiteTech         *onsite_candidate_get_tech            (OnsiteCandidate *self);
guint               onsite_candidate_get_rank            (OnsiteCandidate *self);
int                 onsite_candidate_get_score           (OnsiteCandidate *self);
gboolean            onsite_candidate_get_feasible        (OnsiteCandidate *self);
gint64              onsite_candidate_get_start           (OnsiteCandidate *self);
gint64              onsite_candidate_get_end             (OnsiteCandidate *self);
gint64              onsite_candidate_get_previous_visit_id (OnsiteCandidate *self);
int                 onsite_candidate_get_travel_seconds  (OnsiteCandidate *self);
OnsiteTravelSource  onsite_candidate_get_travel_source   (OnsiteCandidate *self);
guint               onsite_candidate_get_n_visits        (OnsiteCandidate *self);
int                 onsite_candidate_get_busy_seconds    (OnsiteCandidate *self);
gboolean            onsite_candidate_get_sla_slack       (OnsiteCandidate *self,
                                                          gint64          *slack);
const char * const *onsite_candidate_get_missing_skills  (OnsiteCandidate *self);
const char * const *onsite_candidate_get_terms           (OnsiteCandidate *self);
const char         *onsite_candidate_get_explanation     (OnsiteCandidate *self);

GListModel         *onsite_rank_candidates               (OnsiteDay                   *day,
                                                          const OnsiteRankRequest     *request,
                                                          const OnsiteDispatchOptions *options);

G_END_DECLS
