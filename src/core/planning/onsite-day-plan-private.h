/* onsite-day-plan-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-day-plan.h"

G_BEGIN_DECLS

/* Filled in by the day planner (onsite-day-planner.c), which knows the
 * problem; read by the proposal (onsite-day-plan.c), which knows the store. */
struct _OnsiteDayPlanChange
{
  GObject                     parent_instance;

  OnsiteDayPlanChangeKind     kind;
  gint64                      visit_id;       /* 0 for a ticket without a visit */
  gint64                      ticket_id;
  char                       *title;          /* untrusted: plain text */
  gint64                      tech_before;    /* 0: nobody */
  gint64                      tech_after;
  char                       *name_before;
  char                       *name_after;
  gint64                      start_before;
  gint64                      end_before;
  gint64                      start_after;
  gint64                      end_after;
  OnsitePlanUnassignedReason  reason;
  char                       *reason_text;

  /* For the totals: where the visit is in the planner's problem. */
  guint                       location;
  double                      due;            /* seconds into the day, or INFINITY */
  int                         k_before;       /* technician index, -1: none */
  int                         k_after;

  guint                       fixed : 1;
  guint                       applicable : 1;
  guint                       applied : 1;
  guint                       selected : 1;
  guint                       has_reason : 1;
};

OnsiteDayPlanChange *_onsite_day_plan_change_new (void);
OnsiteDayPlan       *_onsite_day_plan_new        (OnsiteDay          *day,
                                                  OnsitePlanProblem  *problem,
                                                  GPtrArray          *changes,
                                                  gboolean            complete);

G_END_DECLS
