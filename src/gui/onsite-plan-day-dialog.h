/* onsite-plan-day-dialog.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onsite-context.h"
#include "planning/onsite-day-plan.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_PLAN_DAY_DIALOG (onsite_plan_day_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OnsitePlanDayDialog, onsite_plan_day_dialog, ONSITE, PLAN_DAY_DIALOG, AdwWindow)

GtkWidget     *onsite_plan_day_dialog_new      (GtkWindow           *parent,
                                                OnsiteContext       *context,
                                                GDateTime           *date);
OnsiteDayPlan *onsite_plan_day_dialog_get_plan (OnsitePlanDayDialog *self);

G_END_DECLS
