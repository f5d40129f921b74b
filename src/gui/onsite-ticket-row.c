/* onsite-ticket-row.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-ticket-row"

#include "config.h"

#include <glib/gi18n.h>

#include "onsite-ticket-dnd.h"
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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "onsite-ticket-row");
}

static GtkLabel *
add_label (GtkWidget  *box,
           const char *first_class,
           ...)
{
  GtkWidget *label = gtk_label_new (NULL);
  va_list ap;

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);

  va_start (ap, first_class);
  for (const char *c = first_class; c; c = va_arg (ap, const char *))
    gtk_widget_add_css_class (label, c);
  va_end (ap);

  if (GTK_IS_BOX (box))
    gtk_box_append (GTK_BOX (box), label);
  else
    gtk_widget_set_parent (label, box);

  return GTK_LABEL (label);
}

/*
 * Built in code rather than from a template: GTK 4.8's list view makes new
 * rows for every search, and parsing a template per row was most of the
 * time a search took (see docs/performance.md). No tooltips either: on X11
 * setting one asks the server where the pointer is, for every new row.
 */
static void
onsite_ticket_row_init (OnsiteTicketRow *self)
{
  GtkWidget *text;
  GtkWidget *meta;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 10);

  self->priority_label = add_label (GTK_WIDGET (self), "priority-badge", NULL);
  gtk_widget_set_valign (GTK_WIDGET (self->priority_label), GTK_ALIGN_START);
  gtk_label_set_width_chars (self->priority_label, 2);
  gtk_label_set_xalign (self->priority_label, 0.5);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_parent (text, GTK_WIDGET (self));

  self->title_label = add_label (text, "heading", NULL);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);

  self->site_label = add_label (text, "dim-label", "caption", NULL);
  gtk_label_set_ellipsize (self->site_label, PANGO_ELLIPSIZE_END);

  meta = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (text), meta);

  self->sla_label = add_label (meta, "caption", "sla-label", NULL);

  self->no_location_label = add_label (meta, "caption", "no-location", NULL);
  gtk_label_set_text (self->no_location_label, _("No location"));
  gtk_widget_set_visible (GTK_WIDGET (self->no_location_label), FALSE);
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

/* The factory ---------------------------------------------------------------
 *
 * Ticket rows for a GtkListView, each a drag source for the timeline and the
 * roster, and the set of rows bound at the moment, so that the SLA texts can
 * follow the clock without touching the model (the selection and the scroll
 * position stay put). The set lives with the factory: the list view may tear
 * its rows down after its owner is gone.
 */

typedef struct
{
  GHashTable             *bound;      /* OnsiteTicketRow, borrowed */
  OnsiteTicketRowNowFunc  now_func;
  gpointer                user_data;
} RowFactory;

static void
row_factory_free (gpointer data)
{
  RowFactory *rf = data;

  g_hash_table_unref (rf->bound);
  g_free (rf);
}

static GdkContentProvider *
row_drag_prepare_cb (GtkDragSource *source,
                     double         x,
                     double         y,
                     gpointer       user_data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  OnsiteTicket *ticket = onsite_ticket_row_get_ticket (ONSITE_TICKET_ROW (row));

  return ticket ? onsite_ticket_dnd_content (ticket) : NULL;
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  RowFactory               *rf)
{
  GtkWidget *row = onsite_ticket_row_new ();
  GtkDragSource *source = onsite_ticket_dnd_source_new ();

  /* Drag a ticket onto a technician to assign it. */
  g_signal_connect (source, "prepare", G_CALLBACK (row_drag_prepare_cb), NULL);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));

  gtk_list_item_set_child (item, row);
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 RowFactory               *rf)
{
  OnsiteTicketRow *row = ONSITE_TICKET_ROW (gtk_list_item_get_child (item));

  onsite_ticket_row_set_ticket (row, gtk_list_item_get_item (item), rf->now_func (rf->user_data));
  g_hash_table_add (rf->bound, row);
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   RowFactory               *rf)
{
  OnsiteTicketRow *row = ONSITE_TICKET_ROW (gtk_list_item_get_child (item));

  g_hash_table_remove (rf->bound, row);
  onsite_ticket_row_set_ticket (row, NULL, 0);
}

static void
factory_teardown_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     RowFactory               *rf)
{
  g_hash_table_remove (rf->bound, gtk_list_item_get_child (item));
}

/**
 * onsite_ticket_row_factory_new:
 * @now_func: gives the time a row counts the SLA from when it is bound
 * @user_data: for @now_func; it must outlive the rows' binding
 *
 * Returns: (transfer full): a factory of #OnsiteTicketRow, each a drag source
 */
GtkListItemFactory *
onsite_ticket_row_factory_new (OnsiteTicketRowNowFunc now_func,
                               gpointer               user_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  RowFactory *rf = g_new0 (RowFactory, 1);

  g_return_val_if_fail (now_func != NULL, NULL);

  rf->bound = g_hash_table_new (NULL, NULL);
  rf->now_func = now_func;
  rf->user_data = user_data;
  g_object_set_data_full (G_OBJECT (factory), "onsite-ticket-row-factory", rf, row_factory_free);

  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), rf);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), rf);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), rf);
  g_signal_connect (factory, "teardown", G_CALLBACK (factory_teardown_cb), rf);

  return factory;
}

/**
 * onsite_ticket_row_factory_set_now:
 * @factory: a factory from onsite_ticket_row_factory_new()
 * @now: the time to count the SLA from
 *
 * Shows the rows bound at the moment with their SLA as of @now.
 */
void
onsite_ticket_row_factory_set_now (GtkListItemFactory *factory,
                                   gint64              now)
{
  RowFactory *rf;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (GTK_IS_LIST_ITEM_FACTORY (factory));

  if (!(rf = g_object_get_data (G_OBJECT (factory), "onsite-ticket-row-factory")))
    return;

  g_hash_table_iter_init (&iter, rf->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      OnsiteTicketRow *row = key;

      onsite_ticket_row_set_ticket (row, onsite_ticket_row_get_ticket (row), now);
    }
}
