/* onsite-my-day-view.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "onsite-context.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_MY_DAY_VIEW (onsite_my_day_view_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteMyDayView, onsite_my_day_view, ONSITE, MY_DAY_VIEW, GtkWidget)

GtkWidget     *onsite_my_day_view_new                (void);
OnsiteContext *onsite_my_day_view_get_context        (OnsiteMyDayView *self);
void           onsite_my_day_view_set_context        (OnsiteMyDayView *self,
                                                      OnsiteContext   *context);
gint64         onsite_my_day_view_get_technician_id  (OnsiteMyDayView *self);
void           onsite_my_day_view_set_technician_id  (OnsiteMyDayView *self,
                                                      gint64           technician_id);
GDateTime     *onsite_my_day_view_get_date           (OnsiteMyDayView *self);
void           onsite_my_day_view_set_date           (OnsiteMyDayView *self,
                                                      GDateTime       *date);
guint          onsite_my_day_view_get_n_visits       (OnsiteMyDayView *self);
gint64         onsite_my_day_view_get_selected_visit (OnsiteMyDayView *self);
void           onsite_my_day_view_select_visit       (OnsiteMyDayView *self,
                                                      gint64           visit_id);

G_END_DECLS
