/* onsite-day-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-day.h"
#include "onsite-visit-private.h"

G_BEGIN_DECLS

/* One technician's part of the day, prepared for the ranking. */
typedef struct
{
  OnsiteTech *tech;
  GPtrArray  *visits;       /* OnsiteVisit that take time, by start then id */
  GPtrArray  *all_visits;   /* every visit of the day, cancelled ones too */
  GListStore *model;        /* all_visits for widgets, made on demand */
  GArray     *hours;        /* OnsiteInterval: the weekly hours of this day */
  GArray     *periods;      /* OnsiteInterval: the hours less absences */
  guint       prepared : 1;
} OnsiteDayEntry;

guint           _onsite_day_get_n_entries (OnsiteDay                   *self);
OnsiteDayEntry *_onsite_day_get_entry     (OnsiteDay                   *self,
                                           guint                        index);
void            _onsite_day_prepare       (OnsiteDay                   *self);

gboolean        _onsite_visit_takes_time  (OnsiteVisit                 *visit);
gboolean        _onsite_visit_get_point   (OnsiteVisit                 *visit,
                                           OnsitePoint                 *point);
void            _onsite_dispatch_travel   (const OnsiteDispatchOptions *options,
                                           const OnsitePoint           *from,
                                           const OnsitePoint           *to,
                                           OnsiteTravelEstimate        *estimate);
char           *_onsite_dispatch_join_skills (const char * const       *skills);

G_END_DECLS
