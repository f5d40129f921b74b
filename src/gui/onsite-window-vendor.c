/* onsite-window-vendor.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-window-vendor"

#include "config.h"

#include "onsite-handoff-dialog.h"
#include "onsite-vendors-view.h"
#include "onsite-window-vendor.h"
#include "onsite-window.h"

/*
 * The window's vendor actions, kept out of onsite-window.c:
 * "win.hand-to-vendor" (a ticket id) opens the hand-off dialog for that
 * ticket, from the detail pane or from anywhere else that names a ticket.
 */

static void
hand_to_vendor_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OnsiteWindow *self = ONSITE_WINDOW (widget);
  OnsiteContext *context = onsite_window_get_context (self);
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteHandoffDialog *dialog;

  if (context == NULL)
    return;

  if (!(ticket = onsite_store_get_ticket (onsite_context_get_store (context),
                                          g_variant_get_int64 (parameter), &error)))
    {
      /* The window's content is its toast overlay. */
      GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (self));

      if (ADW_IS_TOAST_OVERLAY (content))
        onsite_show_error_toast (ADW_TOAST_OVERLAY (content), error);
      else
        g_warning ("%s", error->message);
      return;
    }

  dialog = onsite_handoff_dialog_new (GTK_WINDOW (self), context, ticket);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_onsite_window_vendor_actions_init (GtkWidgetClass *klass)
{
  /* The "vendors" page of the window's template. */
  g_type_ensure (ONSITE_TYPE_VENDORS_VIEW);

  gtk_widget_class_install_action (klass, "win.hand-to-vendor", "x", hand_to_vendor_action);
}
