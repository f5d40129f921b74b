/* onsite-day.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-tech.h"
#include "onsite-travel.h"
#include "onsite-visit.h"

G_BEGIN_DECLS

/**
 * OnsiteDispatchOptions:
 * @now: the present, unix seconds: nothing new is planned before it; 0 for
 *   no such limit (planning a day ahead, tests)
 * @duration: length of a new visit in seconds, or 0 for the category's
 *   usual length (see onsite_dispatch_rules_for_category())
 * @snap: new visits start on a multiple of this many seconds (300)
 * @travel: (nullable): the offline estimator, %NULL for the city defaults
 * @travel_func: (nullable): a better estimator (a routing server's matrix,
 *   see onsite_travel_matrix_lookup()); the offline one when it has no answer
 * @travel_data: data for @travel_func
 *
 * What the ranking and the conflict checks assume. Start from
 * onsite_dispatch_options_init().
 */
typedef struct
{
  gint64                      now;
  int                         duration;
  int                         snap;
  const OnsiteTravelSettings *travel;
  OnsiteTravelFunc            travel_func;
  gpointer                    travel_data;
} OnsiteDispatchOptions;

void onsite_dispatch_options_init (OnsiteDispatchOptions *options);

const char * const *onsite_dispatch_rules_for_category (const char *category,
                                                        int        *duration_minutes);

/**
 * OnsiteInterval:
 *
 * A span of time, unix seconds, @end after @start.
 */
typedef struct
{
  gint64 start;
  gint64 end;
} OnsiteInterval;

#define ONSITE_TYPE_DAY (onsite_day_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteDay, onsite_day, ONSITE, DAY, GObject)

OnsiteDay   *onsite_day_new                  (GDateTime      *date);
OnsiteDay   *onsite_day_new_for_date         (GTimeZone      *zone,
                                              int             year,
                                              int             month,
                                              int             day);
GDateTime   *onsite_day_get_date             (OnsiteDay      *self);
gint64       onsite_day_get_start            (OnsiteDay      *self);
gint64       onsite_day_get_end              (OnsiteDay      *self);
guint        onsite_day_get_weekday          (OnsiteDay      *self);
char        *onsite_day_format_time          (OnsiteDay      *self,
                                              gint64          time);

void         onsite_day_add_tech             (OnsiteDay      *self,
                                              OnsiteTech     *tech);
void         onsite_day_add_visit            (OnsiteDay      *self,
                                              OnsiteVisit    *visit);
GListModel  *onsite_day_get_techs            (OnsiteDay      *self);
OnsiteTech  *onsite_day_find_tech            (OnsiteDay      *self,
                                              gint64          technician_id);
GListModel  *onsite_day_get_visits           (OnsiteDay      *self,
                                              gint64          technician_id);
guint        onsite_day_get_n_visits         (OnsiteDay      *self);
GArray      *onsite_day_dup_working_periods  (OnsiteDay      *self,
                                              gint64          technician_id);

/**
 * OnsiteConflictKind:
 * @ONSITE_CONFLICT_OVERLAP: two visits of one technician overlap
 * @ONSITE_CONFLICT_OUTSIDE_HOURS: a visit is outside the working hours, or
 *   in a break between them
 * @ONSITE_CONFLICT_ABSENCE: a visit falls in an absence
 * @ONSITE_CONFLICT_SLA: the technician arrives after the SLA due time
 * @ONSITE_CONFLICT_SKILL: the technician lacks a skill the ticket needs
 * @ONSITE_CONFLICT_TRAVEL: too little time between two visits to get from
 *   one to the next
 */
typedef enum
{
  ONSITE_CONFLICT_OVERLAP,
  ONSITE_CONFLICT_OUTSIDE_HOURS,
  ONSITE_CONFLICT_ABSENCE,
  ONSITE_CONFLICT_SLA,
  ONSITE_CONFLICT_SKILL,
  ONSITE_CONFLICT_TRAVEL,
} OnsiteConflictKind;

const char *onsite_conflict_kind_to_string (OnsiteConflictKind kind);

/**
 * OnsiteConflict:
 * @kind: what is wrong
 * @technician_id: whose day
 * @visit_id: the visit where it shows
 * @other_visit_id: the other visit of an overlap or a travel gap, else 0
 * @message: a sentence for people (plain text, with ticket titles in it)
 */
typedef struct
{
  OnsiteConflictKind  kind;
  gint64              technician_id;
  gint64              visit_id;
  gint64              other_visit_id;
  char               *message;
} OnsiteConflict;

void       onsite_conflict_free       (OnsiteConflict              *conflict);
GPtrArray *onsite_day_find_conflicts  (OnsiteDay                   *self,
                                       gint64                       technician_id,
                                       const OnsiteDispatchOptions *options);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsiteConflict, onsite_conflict_free)

G_END_DECLS
