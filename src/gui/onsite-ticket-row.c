/* onsite-ticket-row.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-ticket-row"

#include "config.h"

#include <glib/gi18n.h>

#include "onsite-ticket-row.h"

/* A line of the ticket list. Every text in it comes from the ticket service
 * and is set as plain text, never as markup. */
struct _OnsiteTicketRow
{
  GtkWidget     parent_instance;

  OnsiteTicket *ticket;

  GtkLabel     *priority_label;
  GtkLabel     *title_label;
  GtkLabel     *site_label;
  GtkLabel     *sla_label;
  GtkLabel     *no_location_label;
};

G_DEFINE_FINAL_TYPE (OnsiteTicketRow, onsite_ticket_row, GTK_TYPE_WIDGET)

static const char * const sla_classes[] = {
  "sla-none", "sla-on-track", "sla-at-risk", "sla-breached",
};

static const char * const priority_classes[] = {
  "priority-1", "priority-2", "priority-3", "priority-4",
};

static void
onsite_ticket_row_dispose (GObject *object)
{
  OnsiteTicketRow *self = (OnsiteTicketRow *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_TICKET_ROW);

  /* Template children without an id are still ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->ticket);

  G_OBJECT_CLASS (onsite_ticket_row_parent_class)->dispose (object);
}

static void
onsite_ticket_row_class_init (OnsiteTicketRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onsite_ticket_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-ticket-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketRow, priority_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketRow, site_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketRow, sla_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketRow, no_location_label);

  gtk_widget_class_set_css_name (widget_class, "onsite-ticket-row");
}

static void
onsite_ticket_row_init (OnsiteTicketRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
onsite_ticket_row_new (void)
{
  return g_object_new (ONSITE_TYPE_TICKET_ROW, NULL);
}

static void
set_one_class (GtkWidget          *widget,
               const char * const *classes,
               guint               n_classes,
               guint               active)
{
  for (guint i = 0; i < n_classes; i++)
    {
      if (i == active)
        gtk_widget_add_css_class (widget, classes[i]);
      else
        gtk_widget_remove_css_class (widget, classes[i]);
    }
}

/**
 * onsite_ticket_row_set_ticket:
 * @ticket: (nullable): the ticket to show
 * @now: the time SLA states are shown for
 */
void
onsite_ticket_row_set_ticket (OnsiteTicketRow *self,
                              OnsiteTicket    *ticket,
                              gint64           now)
{
  g_autofree char *priority = NULL;
  g_autofree char *site = NULL;
  g_autofree char *sla = NULL;
  OnsiteSlaState state;
  const char *category;
  int p;

  g_return_if_fail (ONSITE_IS_TICKET_ROW (self));
  g_return_if_fail (!ticket || ONSITE_IS_TICKET (ticket));

  g_set_object (&self->ticket, ticket);

  if (ticket == NULL)
    return;

  p = onsite_ticket_get_priority (ticket);
  priority = g_strdup_printf ("P%d", p);
  gtk_label_set_text (self->priority_label, priority);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->priority_label), onsite_priority_to_label (p));
  set_one_class (GTK_WIDGET (self->priority_label), priority_classes,
                 G_N_ELEMENTS (priority_classes), p - 1);

  gtk_label_set_text (self->title_label, onsite_ticket_get_title (ticket));

  category = onsite_ticket_get_category (ticket);
  if (category != NULL && *category != '\0')
    /* Translators: site name · category */
    site = g_strdup_printf (_("%s · %s"), onsite_ticket_get_site_name (ticket), category);
  else
    site = g_strdup (onsite_ticket_get_site_name (ticket));
  gtk_label_set_text (self->site_label, site);

  state = onsite_ticket_get_sla_state (ticket, now);
  if (state == ONSITE_SLA_NONE)
    sla = g_strdup (_("No SLA"));
  else
    sla = onsite_format_time_left (onsite_ticket_get_sla_due (ticket) - now);
  gtk_label_set_text (self->sla_label, sla);
  set_one_class (GTK_WIDGET (self->sla_label), sla_classes, G_N_ELEMENTS (sla_classes), state);

  gtk_widget_set_visible (GTK_WIDGET (self->no_location_label),
                          !onsite_ticket_get_location (ticket, NULL, NULL));
}

OnsiteTicket *
onsite_ticket_row_get_ticket (OnsiteTicketRow *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET_ROW (self), NULL);

  return self->ticket;
}
