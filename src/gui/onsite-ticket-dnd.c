/* onsite-ticket-dnd.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-ticket-dnd"

#include "config.h"

#include <glib/gi18n.h>

#include "onsite-ticket-dnd.h"

/*
 * Dragging a ticket from the list or the map onto a technician. The content
 * offers the ticket itself and its id, for drop targets inside Onsite
 * (either GType), and a line of plain text for any other application.
 */

/**
 * onsite_ticket_dnd_content:
 * @ticket: the dragged ticket
 *
 * Returns: (transfer full): what a drag of @ticket carries
 */
GdkContentProvider *
onsite_ticket_dnd_content (OnsiteTicket *ticket)
{
  g_autofree char *text = NULL;
  GdkContentProvider *providers[3];

  g_return_val_if_fail (ONSITE_IS_TICKET (ticket), NULL);

  /* Translators: what a ticket dropped into a text editor reads as */
  text = g_strdup_printf (_("Ticket %" G_GINT64_FORMAT ": %s"),
                          onsite_ticket_get_id (ticket), onsite_ticket_get_title (ticket));

  providers[0] = gdk_content_provider_new_typed (ONSITE_TYPE_TICKET, ticket);
  providers[1] = gdk_content_provider_new_typed (G_TYPE_INT64, onsite_ticket_get_id (ticket));
  providers[2] = gdk_content_provider_new_typed (G_TYPE_STRING, text);

  return gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
}

/**
 * onsite_ticket_dnd_value_get_id:
 * @value: what a drop target received: an #OnsiteTicket or a #gint64
 * @ticket_id: (out): the ticket's id
 *
 * Returns: %TRUE if @value names a ticket
 */
gboolean
onsite_ticket_dnd_value_get_id (const GValue *value,
                                gint64       *ticket_id)
{
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (ticket_id != NULL, FALSE);

  if (G_VALUE_HOLDS (value, ONSITE_TYPE_TICKET) && g_value_get_object (value) != NULL)
    {
      *ticket_id = onsite_ticket_get_id (g_value_get_object (value));
      return TRUE;
    }

  if (G_VALUE_HOLDS_INT64 (value) && g_value_get_int64 (value) > 0)
    {
      *ticket_id = g_value_get_int64 (value);
      return TRUE;
    }

  return FALSE;
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               gpointer       user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);

  /* The row itself follows the pointer. */
  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

/**
 * onsite_ticket_dnd_source_new:
 *
 * A move-action drag source whose icon is the widget it is on; connect
 * to its "prepare" signal to give the ticket's content.
 *
 * Returns: (transfer full): a new drag source
 */
GtkDragSource *
onsite_ticket_dnd_source_new (void)
{
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), NULL);

  return source;
}
