/* onsite-window-actions.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "onsite-assign-dialog.h"
#include "onsite-store-dispatch.h"
#include "onsite-visit-sheet.h"
#include "onsite-window-private.h"

/*
 * The window's assignment actions, kept out of onsite-window.c:
 *
 *   win.assign-ticket (x)        the Assign dialog for a ticket
 *   win.assign-selected          the same for the selected ticket
 *                                (Ctrl+Shift+A)
 *   win.print-visit-sheet (x)    the print dialog for a ticket's visit sheet
 *   win.show-technician-route ((xx))
 *                                a technician's route (id) on a day (any
 *                                unix time in it; 0 for today) on the map:
 *                                the schedule roster's pick, until a ticket
 *                                with a visit is selected
 *
 * and the route on the map: the day of the selected ticket's technician.
 */

static void
show_error (OnsiteWindow *self,
            const GError *error)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (self));

  if (ADW_IS_TOAST_OVERLAY (content))
    {
      /* A toast's title is markup; messages may quote ticket text. */
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (content), adw_toast_new (escaped));
    }
  else
    g_warning ("%s", error->message);
}

static OnsiteTicket *
get_ticket (OnsiteWindow *self,
            GVariant     *parameter)
{
  OnsiteContext *context = onsite_window_get_context (self);
  g_autoptr(GError) error = NULL;
  OnsiteTicket *ticket;

  /* The store is not open yet (or failed to open). */
  if (context == NULL)
    return NULL;

  if (parameter == NULL)
    {
      ticket = onsite_window_get_selected (self);
      return ticket ? g_object_ref (ticket) : NULL;
    }

  if (!(ticket = onsite_store_get_ticket (onsite_context_get_store (context),
                                          g_variant_get_int64 (parameter), &error)))
    show_error (self, error);

  return ticket;
}

static void
assign_ticket_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OnsiteWindow *self = ONSITE_WINDOW (widget);
  g_autoptr(OnsiteTicket) ticket = get_ticket (self, parameter);
  OnsiteAssignDialog *dialog;

  if (ticket == NULL)
    return;

  dialog = onsite_assign_dialog_new (GTK_WINDOW (self), onsite_window_get_context (self), ticket);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
print_visit_sheet_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  OnsiteWindow *self = ONSITE_WINDOW (widget);
  g_autoptr(OnsiteTicket) ticket = get_ticket (self, parameter);
  g_autoptr(OnsiteVisit) visit = NULL;
  g_autoptr(OnsiteTech) tech = NULL;
  g_autoptr(OnsiteVisitSheet) sheet = NULL;
  OnsiteStore *store;

  if (ticket == NULL)
    return;

  store = onsite_context_get_store (onsite_window_get_context (self));
  visit = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL);
  if (visit != NULL && onsite_visit_get_technician_id (visit) > 0)
    tech = onsite_store_get_tech (store, onsite_visit_get_technician_id (visit), NULL);

  sheet = onsite_visit_sheet_new (ticket, visit, tech ? onsite_tech_get_name (tech) : NULL);
  onsite_visit_sheet_print (sheet, GTK_WINDOW (self));
}

static void
on_context_changed_cb (OnsiteWindow  *self,
                       OnsiteContext *context)
{
  /* An assignment moves the route: draw it again from the store. */
  _onsite_window_show_route (self, onsite_window_get_selected (self));
}

/**
 * _onsite_window_show_route:
 * @ticket: (nullable): the selected ticket
 *
 * Draws the day of the technician who has the ticket's visit, on the day
 * of that visit; clears the route when the ticket has none.
 */
void
_onsite_window_show_route (OnsiteWindow *self,
                           OnsiteTicket *ticket)
{
  OnsiteMapView *map_view = _onsite_window_get_map_view (self);
  OnsiteContext *context = onsite_window_get_context (self);
  g_autoptr(OnsiteVisit) visit = NULL;
  g_autoptr(OnsiteDay) day = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteStore *store;

  if (context == NULL)
    return;

  if (!g_object_get_data (G_OBJECT (self), "onsite-route-watch"))
    {
      g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_object_set_data (G_OBJECT (self), "onsite-route-watch", context);
    }

  store = onsite_context_get_store (context);

  if (ticket == NULL ||
      !(visit = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), NULL)) ||
      onsite_visit_get_technician_id (visit) <= 0)
    {
      onsite_map_view_clear_route (map_view);
      return;
    }

  date = g_date_time_new_from_unix_local (onsite_visit_get_start (visit));
  if (!(day = onsite_store_load_day (store, date, &error)))
    {
      show_error (self, error);
      onsite_map_view_clear_route (map_view);
      return;
    }

  onsite_map_view_set_route (map_view, day, onsite_visit_get_technician_id (visit));
}

static void
show_technician_route_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  OnsiteWindow *self = ONSITE_WINDOW (widget);
  OnsiteContext *context = onsite_window_get_context (self);
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(OnsiteDay) day = NULL;
  g_autoptr(GError) error = NULL;
  gint64 technician_id, when;

  if (context == NULL)
    return;

  g_variant_get (parameter, "(xx)", &technician_id, &when);
  date = g_date_time_new_from_unix_local (when > 0 ? when : onsite_context_get_now (context));
  if (!(day = onsite_store_load_day (onsite_context_get_store (context), date, &error)))
    {
      show_error (self, error);
      return;
    }

  onsite_map_view_set_route (_onsite_window_get_map_view (self), day, technician_id);
}

void
_onsite_window_class_actions_init (OnsiteWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.assign-ticket", "x", assign_ticket_action);
  gtk_widget_class_install_action (widget_class, "win.assign-selected", NULL, assign_ticket_action);
  gtk_widget_class_install_action (widget_class, "win.print-visit-sheet", "x", print_visit_sheet_action);
  gtk_widget_class_install_action (widget_class, "win.show-technician-route", "(xx)", show_technician_route_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.assign-selected", NULL);
}
