/* onsite-ticket-detail.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-ticket-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "onsite-store-vendor.h"
#include "onsite-ticket-detail.h"

#include <string.h>

/* Bytes of a description shown at most. */
#define MAX_DESCRIPTION 20000

typedef enum
{
  FACT_REQUESTER,
  FACT_CONTACT,
  FACT_SITE,
  FACT_ADDRESS,
  FACT_WHERE,
  FACT_LOCATION,
  FACT_CATEGORY,
  FACT_LEVEL,
  FACT_CREATED,
  FACT_DUE,
  N_FACTS
} Fact;

/* Everything about one ticket. All of it is plain text: ticket text comes
 * from the service and is never parsed as markup. */
struct _OnsiteTicketDetail
{
  GtkWidget     parent_instance;

  OnsiteTicket *ticket;

  GtkLabel     *reference_label;
  GtkLabel     *title_label;
  GtkLabel     *priority_label;
  GtkLabel     *status_label;
  GtkLabel     *sla_label;
  GtkGrid      *facts_grid;
  GtkLabel     *description_label;
  GtkListBox   *history_list;
  GtkWidget    *assign_button;
  GtkWidget    *print_button;
  GtkWidget    *hand_to_vendor_button;

  GtkLabel     *fact_keys[N_FACTS];
  GtkLabel     *fact_values[N_FACTS];
};

G_DEFINE_FINAL_TYPE (OnsiteTicketDetail, onsite_ticket_detail, GTK_TYPE_WIDGET)

static const char * const sla_classes[] = {
  "sla-none", "sla-on-track", "sla-at-risk", "sla-breached",
};

static const char * const priority_classes[] = {
  "priority-1", "priority-2", "priority-3", "priority-4",
};

static void
onsite_ticket_detail_dispose (GObject *object)
{
  OnsiteTicketDetail *self = (OnsiteTicketDetail *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_TICKET_DETAIL);

  /* Template children without an id are still ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->ticket);

  G_OBJECT_CLASS (onsite_ticket_detail_parent_class)->dispose (object);
}

static void
onsite_ticket_detail_class_init (OnsiteTicketDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onsite_ticket_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-ticket-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketDetail, reference_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketDetail, priority_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketDetail, sla_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketDetail, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketDetail, description_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketDetail, history_list);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketDetail, assign_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketDetail, print_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteTicketDetail, hand_to_vendor_button);

  gtk_widget_class_set_css_name (widget_class, "onsite-ticket-detail");
}

static void
onsite_ticket_detail_init (OnsiteTicketDetail *self)
{
  const char *keys[N_FACTS] = {
    [FACT_REQUESTER] = _("Requester"),
    [FACT_CONTACT] = _("Contact"),
    [FACT_SITE] = _("Site"),
    [FACT_ADDRESS] = _("Address"),
    [FACT_WHERE] = _("Where"),
    [FACT_LOCATION] = _("Location"),
    [FACT_CATEGORY] = _("Category"),
    [FACT_LEVEL] = _("Level"),
    [FACT_CREATED] = _("Opened"),
    [FACT_DUE] = _("SLA due"),
  };

  g_autoptr(PangoAttrList) no_hyphens = pango_attr_list_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  pango_attr_list_insert (no_hyphens, pango_attr_insert_hyphens_new (FALSE));

  for (guint i = 0; i < N_FACTS; i++)
    {
      GtkWidget *key = gtk_label_new (keys[i]);
      GtkWidget *value = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (key), 1.0);
      gtk_label_set_yalign (GTK_LABEL (key), 0.0);
      gtk_widget_add_css_class (key, "dim-label");

      gtk_label_set_xalign (GTK_LABEL (value), 0.0);
      /* E-mail addresses and phone numbers break without a hyphen that
       * would read as part of them. */
      gtk_label_set_attributes (GTK_LABEL (value), no_hyphens);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_widget_set_hexpand (value, TRUE);

      gtk_grid_attach (self->facts_grid, key, 0, i, 1, 1);
      gtk_grid_attach (self->facts_grid, value, 1, i, 1, 1);

      self->fact_keys[i] = GTK_LABEL (key);
      self->fact_values[i] = GTK_LABEL (value);
    }
}

GtkWidget *
onsite_ticket_detail_new (void)
{
  return g_object_new (ONSITE_TYPE_TICKET_DETAIL, NULL);
}

/* "overdue by 1 d 10 h" may wrap between amounts but never between a
 * number and its unit: the space after a digit becomes a no-break space.
 * Takes @text. */
static char *
keep_amounts_together (char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' && p > text && g_ascii_isdigit (p[-1]))
        g_string_append (out, "\xc2\xa0");  /* U+00A0 */
      else
        g_string_append_c (out, *p);
    }

  g_free (text);
  return g_string_free (out, FALSE);
}

static void
set_fact (OnsiteTicketDetail *self,
          Fact                fact,
          const char         *text)
{
  gboolean visible = text != NULL && *text != '\0';

  gtk_label_set_text (self->fact_values[fact], visible ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->fact_keys[fact]), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->fact_values[fact]), visible);
}

static char *
format_time (gint64 when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0)
    return NULL;

  dt = g_date_time_new_from_unix_local (when);
  /* Translators: a date and time, see the GDateTime format documentation */
  return g_date_time_format (dt, _("%a %e %b %Y, %H:%M"));
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

static void
fill_history (OnsiteTicketDetail *self,
              OnsiteStore        *store,
              OnsiteTicket       *ticket)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))))
    gtk_list_box_remove (self->history_list, child);

  if (!(events = onsite_store_list_events (store, onsite_ticket_get_id (ticket), &error)))
    {
      GtkWidget *label = gtk_label_new (error->message);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_list_box_append (self->history_list, label);
      return;
    }

  if (events->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No changes recorded yet"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_append (self->history_list, label);
      return;
    }

  /* Newest first: the dispatcher wants to know what happened last. */
  for (guint i = events->len; i > 0; i--)
    {
      const OnsiteEvent *event = g_ptr_array_index (events, i - 1);
      g_autofree char *when = format_time (event->at);
      g_autofree char *meta = NULL;
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *summary = gtk_label_new (event->summary);
      GtkWidget *caption;

      if (event->actor != NULL && *event->actor != '\0')
        /* Translators: "<date> · <who>" in a ticket's history */
        meta = g_strdup_printf (_("%s · %s"), when, event->actor);
      else
        meta = g_strdup (when);

      caption = gtk_label_new (meta);

      gtk_label_set_xalign (GTK_LABEL (summary), 0.0);
      gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (summary), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (caption), 0.0);
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_widget_add_css_class (caption, "caption");

      gtk_box_append (GTK_BOX (box), summary);
      gtk_box_append (GTK_BOX (box), caption);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);

      gtk_list_box_append (self->history_list, box);
    }
}

/**
 * onsite_ticket_detail_set_ticket:
 * @store: where the history is read from
 * @ticket: (nullable): the ticket to show
 * @now: the time the SLA is shown for
 */
void
onsite_ticket_detail_set_ticket (OnsiteTicketDetail *self,
                                 OnsiteStore        *store,
                                 OnsiteTicket       *ticket,
                                 gint64              now)
{
  g_autofree char *reference = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *where = NULL;
  g_autofree char *location = NULL;
  g_autofree char *level = NULL;
  g_autofree char *created = NULL;
  g_autofree char *due = NULL;
  g_autofree char *due_text = NULL;
  const char *description;
  OnsiteSlaState state;
  gint64 sla_due;
  gboolean sla_paused = FALSE;
  double lat, lon;
  int p;

  g_return_if_fail (ONSITE_IS_TICKET_DETAIL (self));
  g_return_if_fail (ONSITE_IS_STORE (store));
  g_return_if_fail (!ticket || ONSITE_IS_TICKET (ticket));

  g_set_object (&self->ticket, ticket);

  if (ticket == NULL)
    return;

  /* The window's actions (onsite-window-actions.c) take the ticket's id. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->assign_button), "x",
                                    onsite_ticket_get_id (ticket));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->print_button), "x",
                                    onsite_ticket_get_id (ticket));

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->hand_to_vendor_button), "x",
                                    onsite_ticket_get_id (ticket));

  if (onsite_ticket_get_remote_id (ticket) != NULL)
    /* Translators: local id and the ticket service's id */
    reference = g_strdup_printf (_("Ticket %" G_GINT64_FORMAT " · #%s at the service"),
                                 onsite_ticket_get_id (ticket),
                                 onsite_ticket_get_remote_id (ticket));
  else
    reference = g_strdup_printf (_("Ticket %" G_GINT64_FORMAT), onsite_ticket_get_id (ticket));
  gtk_label_set_text (self->reference_label, reference);

  gtk_label_set_text (self->title_label, onsite_ticket_get_title (ticket));

  p = onsite_ticket_get_priority (ticket);
  /* Translators: e.g. "P1 Critical" */
  priority = g_strdup_printf (_("P%d %s"), p, onsite_priority_to_label (p));
  gtk_label_set_text (self->priority_label, priority);
  set_one_class (GTK_WIDGET (self->priority_label), priority_classes,
                 G_N_ELEMENTS (priority_classes), p - 1);

  gtk_label_set_text (self->status_label,
                      onsite_ticket_status_to_label (onsite_ticket_get_status (ticket)));

  /* While a vendor holds the case under a contract that stops the
   * clock, the due date moves with it. */
  sla_due = onsite_ticket_get_sla_due (ticket);
  if (sla_due > 0)
    {
      g_autoptr(GError) error = NULL;

      if (!onsite_store_get_sla_clock (store, onsite_ticket_get_id (ticket), now, &sla_due, &sla_paused, &error))
        {
          g_warning ("Could not read the ticket’s SLA pauses: %s", error->message);
          sla_due = onsite_ticket_get_sla_due (ticket);
        }
    }
  state = onsite_sla_state_compute (onsite_ticket_get_created (ticket), sla_due, now);
  if (sla_paused)
    /* Translators: the SLA badge while a vendor holds the case and the contract stops the clock */
    gtk_label_set_text (self->sla_label, C_("SLA", "Paused"));
  else
    gtk_label_set_text (self->sla_label, onsite_sla_state_to_label (state));
  set_one_class (GTK_WIDGET (self->sla_label), sla_classes, G_N_ELEMENTS (sla_classes), state);

  set_fact (self, FACT_REQUESTER, onsite_ticket_get_requester (ticket));
  set_fact (self, FACT_CONTACT, onsite_ticket_get_requester_contact (ticket));
  set_fact (self, FACT_SITE, onsite_ticket_get_site_name (ticket));
  set_fact (self, FACT_ADDRESS, onsite_ticket_get_address (ticket));

  {
    g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
    const char *building = onsite_ticket_get_building (ticket);
    const char *floor = onsite_ticket_get_floor (ticket);
    const char *room = onsite_ticket_get_room (ticket);

    /* Services write "Floor 6" or just "6": show what they wrote. */
    if (building && *building)
      g_ptr_array_add (parts, g_strdup (building));
    if (floor && *floor)
      g_ptr_array_add (parts, g_strdup (floor));
    if (room && *room)
      g_ptr_array_add (parts, g_strdup (room));
    g_ptr_array_add (parts, NULL);
    where = g_strjoinv (" · ", (char **)parts->pdata);
  }
  set_fact (self, FACT_WHERE, where);

  if (onsite_ticket_get_location (ticket, &lat, &lon))
    location = g_strdup_printf ("%.5f, %.5f", lat, lon);
  else if (onsite_ticket_get_location_invalid (ticket))
    location = g_strdup (_("Invalid coordinates from the service — not on the map"));
  else
    location = g_strdup (_("No location — not on the map"));
  set_fact (self, FACT_LOCATION, location);

  set_fact (self, FACT_CATEGORY, onsite_ticket_get_category (ticket));

  switch (onsite_ticket_get_support_level (ticket))
    {
    case 0: level = g_strdup (_("L0 · self-service")); break;
    case 1: level = g_strdup (_("L1 · remote help desk")); break;
    case 2: level = g_strdup (_("L2 · on-site visit")); break;
    case 3: level = g_strdup (_("L3 · vendor")); break;
    default: break;
    }
  set_fact (self, FACT_LEVEL, level);

  created = format_time (onsite_ticket_get_created (ticket));
  set_fact (self, FACT_CREATED, created);

  if (sla_due > 0)
    {
      g_autofree char *left = keep_amounts_together (onsite_format_time_left (sla_due - now));

      due = format_time (sla_due);
      if (sla_paused)
        /* Translators: "<date> (<time left>), paused while with the vendor" */
        due_text = g_strdup_printf (_("%s (%s), paused while with the vendor"), due, left);
      else
        /* Translators: "<date> (<time left>)" */
        due_text = g_strdup_printf (_("%s (%s)"), due, left);
    }
  set_fact (self, FACT_DUE, due_text);

  description = onsite_ticket_get_description (ticket);
  if (description == NULL || *description == '\0')
    {
      gtk_label_set_text (self->description_label, _("No description"));
      gtk_widget_add_css_class (GTK_WIDGET (self->description_label), "dim-label");
    }
  else if (strlen (description) > MAX_DESCRIPTION)
    {
      /* A label lays out all of its text: a megabyte pasted from a log
       * would freeze the window. The whole text stays in the store. */
      g_autofree char *head = g_utf8_make_valid (description, MAX_DESCRIPTION);
      g_autofree char *shown = g_strdup_printf (_("%s…\n\n(The description is too long to show here: %zu characters.)"),
                                                head, g_utf8_strlen (description, -1));

      gtk_label_set_text (self->description_label, shown);
      gtk_widget_remove_css_class (GTK_WIDGET (self->description_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->description_label, description);
      gtk_widget_remove_css_class (GTK_WIDGET (self->description_label), "dim-label");
    }

  fill_history (self, store, ticket);
}

OnsiteTicket *
onsite_ticket_detail_get_ticket (OnsiteTicketDetail *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET_DETAIL (self), NULL);

  return self->ticket;
}
