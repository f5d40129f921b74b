/* onsite-window-plan.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-window-plan"

#include "config.h"

#include "onsite-plan-day-dialog.h"
#include "onsite-schedule-view.h"
#include "onsite-window.h"
#include "onsite-window-plan.h"

/*
 * The window's planning actions, kept apart from onsite-window.c:
 *
 *   win.plan-day   plans the day the Schedule view shows when it is on
 *                  screen, else today (the context's present), in a dialog
 *                  that shows the proposal and applies what the dispatcher
 *                  accepts.
 */

static OnsiteScheduleView *
find_schedule_view (GtkWidget *widget)
{
  if (ONSITE_IS_SCHEDULE_VIEW (widget))
    return ONSITE_SCHEDULE_VIEW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      OnsiteScheduleView *found = find_schedule_view (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
plan_day_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OnsiteWindow *self = ONSITE_WINDOW (widget);
  OnsiteContext *context = onsite_window_get_context (self);
  OnsiteScheduleView *schedule = find_schedule_view (widget);
  g_autoptr(GDateTime) date = NULL;
  GtkWidget *dialog;

  /* The store is not open yet (or failed to open): nothing to plan. */
  if (context == NULL)
    return;

  if (schedule != NULL && gtk_widget_get_mapped (GTK_WIDGET (schedule)) &&
      onsite_schedule_view_get_date (schedule) != NULL)
    date = g_date_time_ref (onsite_schedule_view_get_date (schedule));
  else
    date = g_date_time_new_from_unix_local (onsite_context_get_now (context));
  dialog = onsite_plan_day_dialog_new (GTK_WINDOW (self), context, date);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_onsite_window_plan_actions_init (GtkWidgetClass *klass)
{
  gtk_widget_class_install_action (klass, "win.plan-day", NULL, plan_day_action);
}
