/* onsite-vendors-view.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-vendors-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "onsite-handoff-dialog.h"
#include "onsite-store-field.h"
#include "onsite-store-vendor.h"
#include "onsite-vendors-view-private.h"
#include "vendor/onsite-handoff-list.h"
#include "vendor/onsite-vendor-score.h"

/*
 * The coordinator's view of vendor cases, in three sections:
 *
 *  - Open hand-offs: every case a vendor holds or has just resolved, the
 *    ones the vendor is late on first (the core's OnsiteHandoffList), with
 *    filters by vendor, contract and state, and the selected case's detail
 *    with its next steps. A step is one store call — the case, an event
 *    and an outbox row in one transaction — then
 *    onsite_context_store_changed() so that every view reads again.
 *  - Scorecard: per vendor, over the last 30, 90 or 365 days.
 *  - Directory: vendors, their contacts and contracts, edited in place
 *    (contracts checked as they are typed) or imported from CSV.
 *
 * Vendor and ticket text is untrusted: labels are plain text; libadwaita
 * 1.2 row titles and subtitles are markup, so they are escaped.
 */

typedef enum
{
  FACT_VENDOR,
  FACT_CONTACT,
  FACT_CONTRACT,
  FACT_REFERENCE,
  FACT_SENT,
  FACT_RESPONSE_DUE,
  FACT_RESOLUTION_DUE,
  FACT_ACKNOWLEDGED,
  FACT_RESOLVED,
  FACT_CLOSED,
  FACT_FOLLOW_UPS,
  FACT_TICKET_SLA,
  N_FACTS
} Fact;

struct _OnsiteVendorsView
{
  GtkWidget           parent_instance;

  OnsiteContext      *context;
  OnsiteHandoffList  *handoffs;
  GtkSingleSelection *selection;
  GListModel         *vendors;
  GArray             *vendor_filter_ids;
  GArray             *contract_filter_ids;
  OnsiteHandoff      *shown;
  gint64              directory_vendor_id;
  gboolean            updating;

  /* A CSV import under way in a worker, and the dialog that shows it. */
  GCancellable       *import_cancellable;
  GtkWidget          *import_dialog;
  GtkProgressBar     *import_progress;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkStack           *sections;
  GtkDropDown        *vendor_filter;
  GtkDropDown        *contract_filter;
  GtkDropDown        *state_filter;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkColumnView      *handoff_view;
  GtkStack           *detail_stack;
  GtkLabel           *case_reference_label;
  GtkLabel           *case_title_label;
  GtkLabel           *state_label;
  GtkLabel           *time_left_label;
  GtkWidget          *reference_button;
  GtkWidget          *progress_button;
  GtkWidget          *resolved_button;
  GtkWidget          *returned_button;
  GtkWidget          *rejected_button;
  GtkWidget          *follow_up_button;
  GtkWidget          *escalate_button;
  GtkWidget          *note_button;
  GtkGrid            *facts_grid;
  GtkLabel           *notes_label;
  GtkLabel           *summary_label;
  GtkDropDown        *period_drop;
  GtkLabel           *period_label;
  GtkStack           *score_stack;
  GtkColumnView      *score_view;
  GtkListBox         *vendor_list;
  GtkStack           *editor_stack;
  AdwEntryRow        *name_row;
  AdwEntryRow        *website_row;
  AdwEntryRow        *categories_row;
  GtkListBox         *contact_list;
  GtkListBox         *contract_list;

  GtkLabel           *fact_keys[N_FACTS];
  GtkLabel           *fact_values[N_FACTS];
};

G_DEFINE_FINAL_TYPE (OnsiteVendorsView, onsite_vendors_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The open states, in the state filter's order after "All States". */
static const OnsiteHandoffState filter_states[] = {
  ONSITE_HANDOFF_REQUESTED,
  ONSITE_HANDOFF_ACKNOWLEDGED,
  ONSITE_HANDOFF_IN_PROGRESS,
  ONSITE_HANDOFF_RESOLVED,
};

static void reload (OnsiteVendorsView *self);

/* Helpers ------------------------------------------------------------------ */

static gint64
view_now (OnsiteVendorsView *self)
{
  return self->context ? onsite_context_get_now (self->context) : g_get_real_time () / G_USEC_PER_SEC;
}

static OnsiteStore *
view_store (OnsiteVendorsView *self)
{
  return self->context ? onsite_context_get_store (self->context) : NULL;
}

static char *
format_time (gint64 at)
{
  g_autoptr(GDateTime) dt = NULL;

  if (at <= 0)
    return g_strdup ("—");

  dt = g_date_time_new_from_unix_local (at);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

static char *
format_date (gint64      at,
             GTimeZone  *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) dt = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static char *
escape (const char *text)
{
  return g_markup_escape_text (text ? text : "", -1);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

/* Says the store changed: every view, this one included, reads again. */
static void
store_changed (OnsiteVendorsView *self)
{
  if (self->context)
    onsite_context_store_changed (self->context);
}

static OnsiteVendorInfo *
find_vendor (OnsiteVendorsView *self,
             gint64             vendor_id)
{
  guint n;

  if (self->vendors == NULL)
    return NULL;

  n = g_list_model_get_n_items (self->vendors);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteVendorInfo) vendor = g_list_model_get_item (self->vendors, i);

      if (onsite_vendor_info_get_id (vendor) == vendor_id)
        return vendor;  /* the list keeps its reference */
    }

  return NULL;
}

static void
clear_list_box (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    {
      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (box, child);
      else
        break;  /* the placeholder */
    }
}

/* Column views ------------------------------------------------------------- */

typedef char *(*CellText) (OnsiteVendorsView *self,
                           gpointer           item,
                           GtkLabel          *label);

static char *handoff_time_left_text (OnsiteVendorsView *self,
                                     gpointer           item,
                                     GtkLabel          *label);

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_margin_bottom (label, 4);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              OnsiteVendorsView        *self)
{
  CellText func = g_object_get_data (G_OBJECT (factory), "cell-text");
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = func (self, gtk_list_item_get_item (item), label);

  gtk_label_set_text (label, text);
  if (ONSITE_IS_HANDOFF (gtk_list_item_get_item (item)) && func == handoff_time_left_text)
    {
      g_autofree char *full = onsite_handoff_describe_time_left (gtk_list_item_get_item (item), view_now (self));
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), full);
    }
  else
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
    }
}

static void
add_column (OnsiteVendorsView *self,
            GtkColumnView     *view,
            const char        *title,
            CellText           func,
            int                width)
{
  g_autoptr(GtkColumnViewColumn) column = NULL;
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "cell-text", func);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), self);

  column = gtk_column_view_column_new (title, factory);
  /* 0: shares what is left; otherwise a fixed width that stays readable. */
  if (width > 0)
    gtk_column_view_column_set_fixed_width (column, width);
  else
    gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (view, column);
}

static char *
handoff_time_left_text (OnsiteVendorsView *self,
                        gpointer           item,
                        GtkLabel          *label)
{
  OnsiteHandoff *h = item;
  gint64 now = view_now (self);
  gint64 left;
  gboolean timed = onsite_handoff_get_time_left (h, now, &left);

  gtk_widget_add_css_class (GTK_WIDGET (label), "sla-label");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "sla-breached");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "sla-at-risk");
  if (timed && left < 0)
    gtk_widget_add_css_class (GTK_WIDGET (label), "sla-breached");
  else if (timed && left < 2 * 3600)
    gtk_widget_add_css_class (GTK_WIDGET (label), "sla-at-risk");

  /* The column is narrow: "overdue by 3 d 2 h"; the tooltip says which clock. */
  if (timed)
    return onsite_format_time_left (left);

  return onsite_handoff_describe_time_left (h, now);
}

static char *
handoff_ticket_text (OnsiteVendorsView *self,
                     gpointer           item,
                     GtkLabel          *label)
{
  OnsiteHandoff *h = item;
  const char *remote = onsite_handoff_get_ticket_remote_id (h);

  if (remote != NULL && *remote != '\0')
    return g_strdup_printf ("#%s %s", remote, onsite_handoff_get_ticket_title (h));

  return g_strdup (onsite_handoff_get_ticket_title (h));
}

static char *
handoff_vendor_text (OnsiteVendorsView *self,
                     gpointer           item,
                     GtkLabel          *label)
{
  return g_strdup (onsite_handoff_get_vendor_name (item));
}

static char *
handoff_state_text (OnsiteVendorsView *self,
                    gpointer           item,
                    GtkLabel          *label)
{
  return g_strdup (onsite_handoff_state_to_label (onsite_handoff_get_state (item)));
}

static char *
handoff_reference_text (OnsiteVendorsView *self,
                        gpointer           item,
                        GtkLabel          *label)
{
  const char *reference = onsite_handoff_get_vendor_reference (item);

  return g_strdup (reference && *reference ? reference : "—");
}

static char *
format_median (gint64 seconds)
{
  return seconds >= 0 ? onsite_format_duration (seconds) : g_strdup ("—");
}

static char *
score_vendor_text (OnsiteVendorsView *self,
                   gpointer           item,
                   GtkLabel          *label)
{
  return g_strdup (onsite_vendor_score_get_vendor_name (item));
}

static char *
score_handoffs_text (OnsiteVendorsView *self,
                     gpointer           item,
                     GtkLabel          *label)
{
  return g_strdup_printf ("%u", onsite_vendor_score_get_handoffs (item));
}

static char *
score_acknowledge_text (OnsiteVendorsView *self,
                        gpointer           item,
                        GtkLabel          *label)
{
  return format_median (onsite_vendor_score_get_median_acknowledge (item));
}

static char *
score_resolve_text (OnsiteVendorsView *self,
                    gpointer           item,
                    GtkLabel          *label)
{
  return format_median (onsite_vendor_score_get_median_resolve (item));
}

static char *
score_within_text (OnsiteVendorsView *self,
                   gpointer           item,
                   GtkLabel          *label)
{
  guint decided = onsite_vendor_score_get_decided (item);

  if (decided == 0)
    return g_strdup ("—");

  /* Translators: "83 % (5 of 6)" */
  return g_strdup_printf (_("%.0f %% (%u of %u)"),
                          100.0 * onsite_vendor_score_get_share_within (item),
                          onsite_vendor_score_get_within_contract (item), decided);
}

static char *
score_rejected_text (OnsiteVendorsView *self,
                     gpointer           item,
                     GtkLabel          *label)
{
  return g_strdup_printf ("%u", onsite_vendor_score_get_rejected (item));
}

/* Open hand-offs ----------------------------------------------------------- */

static gint64
selected_handoff_id (OnsiteVendorsView *self)
{
  OnsiteHandoff *h = self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;

  return h ? onsite_handoff_get_id (h) : 0;
}

static void
set_fact (OnsiteVendorsView *self,
          Fact               fact,
          const char        *value)
{
  gboolean shown = value != NULL && *value != '\0';

  gtk_label_set_text (self->fact_values[fact], shown ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (self->fact_keys[fact]), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->fact_values[fact]), shown);
}

static void
set_fact_time (OnsiteVendorsView *self,
               Fact               fact,
               gint64             at)
{
  g_autofree char *text = at > 0 ? format_time (at) : NULL;

  set_fact (self, fact, text);
}

/* A step button sits in a GtkFlowBoxChild: that is what hides. */
static void
set_suggested (GtkWidget *button,
               GtkWidget *next)
{
  if (button == next && gtk_widget_get_visible (button))
    gtk_widget_add_css_class (button, "suggested-action");
  else
    gtk_widget_remove_css_class (button, "suggested-action");
}

static void
show_step (GtkWidget *button,
           gboolean   visible)
{
  GtkWidget *parent = gtk_widget_get_parent (button);

  gtk_widget_set_visible (button, visible);
  if (GTK_IS_FLOW_BOX_CHILD (parent))
    gtk_widget_set_visible (parent, visible);
}

static gboolean
can_become (OnsiteHandoff      *h,
            OnsiteHandoffState  state)
{
  return onsite_handoff_state_check_change (onsite_handoff_get_state (h), state, NULL);
}

static void
show_handoff (OnsiteVendorsView *self,
              OnsiteHandoff     *h)
{
  g_autofree char *heading = NULL;
  g_autofree char *time_left = NULL;
  g_autofree char *follow_ups = NULL;
  g_autofree char *sla = NULL;
  OnsiteVendorInfo *vendor;
  OnsiteHandoffState state;
  const char *remote, *reference, *notes;
  gint64 now = view_now (self);

  g_set_object (&self->shown, h);

  if (h == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  state = onsite_handoff_get_state (h);
  remote = onsite_handoff_get_ticket_remote_id (h);
  reference = onsite_handoff_get_vendor_reference (h);
  vendor = find_vendor (self, onsite_handoff_get_vendor_id (h));

  if (remote != NULL && *remote != '\0')
    /* Translators: "TICKET #1234 · VENDOR CASE 42" */
    heading = g_strdup_printf (_("Ticket #%s · vendor case %" G_GINT64_FORMAT),
                               remote, onsite_handoff_get_id (h));
  else
    heading = g_strdup_printf (_("Vendor case %" G_GINT64_FORMAT), onsite_handoff_get_id (h));
  gtk_label_set_text (self->case_reference_label, heading);
  gtk_label_set_text (self->case_title_label, onsite_handoff_get_ticket_title (h));
  gtk_label_set_text (self->state_label, onsite_handoff_state_to_label (state));

  time_left = onsite_handoff_describe_time_left (h, now);
  gtk_label_set_text (self->time_left_label, time_left);
  /* A closed case has no clock left; its state says it all. */
  gtk_widget_set_visible (GTK_WIDGET (self->time_left_label),
                          state != ONSITE_HANDOFF_RETURNED && state != ONSITE_HANDOFF_REJECTED);
  if (onsite_handoff_is_overdue (h, now))
    gtk_widget_add_css_class (GTK_WIDGET (self->time_left_label), "sla-breached");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->time_left_label), "sla-breached");

  set_fact (self, FACT_VENDOR, onsite_handoff_get_vendor_name (h));
  {
    g_autofree char *contact = NULL;
    const char *email = onsite_handoff_get_contact_email (h);

    if (email != NULL && *email != '\0')
      contact = g_strdup_printf ("%s <%s>", onsite_handoff_get_contact_name (h), email);
    else
      contact = g_strdup (onsite_handoff_get_contact_name (h));
    set_fact (self, FACT_CONTACT, contact);
  }
  set_fact (self, FACT_CONTRACT, onsite_handoff_get_contract_id (h) > 0
                                 ? onsite_handoff_get_contract_number (h)
                                 : _("None (no vendor due dates)"));
  set_fact (self, FACT_REFERENCE, reference && *reference ? reference : _("Not given yet"));
  set_fact_time (self, FACT_SENT, onsite_handoff_get_sent_at (h));
  set_fact_time (self, FACT_RESPONSE_DUE, onsite_handoff_get_acknowledge_due (h));
  set_fact_time (self, FACT_RESOLUTION_DUE, onsite_handoff_get_resolve_due (h));
  set_fact_time (self, FACT_ACKNOWLEDGED, onsite_handoff_get_acknowledged_at (h));
  set_fact_time (self, FACT_RESOLVED, onsite_handoff_get_resolved_at (h));
  set_fact_time (self, FACT_CLOSED, onsite_handoff_get_closed_at (h));

  if (onsite_handoff_get_follow_ups (h) > 0)
    {
      g_autofree char *last = format_time (onsite_handoff_get_last_follow_up_at (h));

      if (onsite_handoff_get_escalated_at (h) > 0)
        /* Translators: "2, last 2026-03-02 14:00, escalated" */
        follow_ups = g_strdup_printf (_("%u, last %s, escalated"), onsite_handoff_get_follow_ups (h), last);
      else
        follow_ups = g_strdup_printf (_("%u, last %s"), onsite_handoff_get_follow_ups (h), last);
    }
  set_fact (self, FACT_FOLLOW_UPS, follow_ups);

  {
    gint64 due = onsite_store_get_effective_sla_due (view_store (self), onsite_handoff_get_ticket_id (h), now, NULL);

    if (due > 0)
      {
        g_autofree char *when = format_time (due);

        if (onsite_handoff_get_pauses_sla (h) && onsite_handoff_state_waits_on_vendor (state))
          /* Translators: %s is a date and time */
          sla = g_strdup_printf (_("%s, paused while the vendor holds the case"), when);
        else
          sla = g_steal_pointer (&when);
      }
  }
  set_fact (self, FACT_TICKET_SLA, sla);

  notes = onsite_handoff_get_notes (h);
  if (notes != NULL && *notes != '\0')
    {
      g_autofree char *trimmed = g_strchomp (g_strdup (notes));
      gtk_label_set_text (self->notes_label, trimmed);
    }
  else
    {
      gtk_label_set_text (self->notes_label, _("No notes."));
    }
  gtk_label_set_text (self->summary_label, onsite_handoff_get_summary (h));

  /* The next steps from here. */
  gtk_button_set_label (GTK_BUTTON (self->reference_button),
                        reference && *reference ? _("Change Case Reference…") : _("Enter Case Reference…"));
  show_step (self->reference_button, onsite_handoff_state_is_open (state));
  show_step (self->progress_button, can_become (h, ONSITE_HANDOFF_IN_PROGRESS));
  show_step (self->resolved_button, can_become (h, ONSITE_HANDOFF_RESOLVED));
  show_step (self->returned_button, can_become (h, ONSITE_HANDOFF_RETURNED));
  show_step (self->rejected_button, can_become (h, ONSITE_HANDOFF_REJECTED));
  show_step (self->follow_up_button, onsite_handoff_state_waits_on_vendor (state));
  show_step (self->escalate_button, onsite_handoff_state_waits_on_vendor (state));
  gtk_widget_set_sensitive (self->escalate_button,
                            vendor != NULL && onsite_vendor_info_get_escalation_contact (vendor) != NULL);
  show_step (self->note_button, TRUE);

  /* One suggested button: the step that usually comes next */
  {
    GtkWidget *next = NULL;

    switch (state)
      {
      case ONSITE_HANDOFF_REQUESTED:
        next = self->reference_button;
        break;
      case ONSITE_HANDOFF_ACKNOWLEDGED:
        next = self->progress_button;
        break;
      case ONSITE_HANDOFF_IN_PROGRESS:
        next = self->resolved_button;
        break;
      case ONSITE_HANDOFF_RESOLVED:
        next = self->returned_button;
        break;
      case ONSITE_HANDOFF_RETURNED:
      case ONSITE_HANDOFF_REJECTED:
      default:
        break;
      }

    set_suggested (self->reference_button, next);
    set_suggested (self->progress_button, next);
    set_suggested (self->resolved_button, next);
    set_suggested (self->returned_button, next);
  }

  gtk_stack_set_visible_child_name (self->detail_stack, "handoff");
}

static void
on_selection_changed_cb (OnsiteVendorsView  *self,
                         guint               position,
                         guint               n_items,
                         GtkSingleSelection *selection)
{
  show_handoff (self, gtk_single_selection_get_selected_item (selection));
}

static void
update_count (OnsiteVendorsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->handoffs));
  guint overdue = onsite_handoff_list_get_n_overdue (self->handoffs);
  g_autofree char *open = g_strdup_printf (ngettext ("%u case", "%u cases", n), n);
  g_autofree char *text = NULL;

  if (overdue > 0)
    /* Translators: "5 cases · 2 overdue" */
    text = g_strdup_printf (_("%s · %u overdue"), open, overdue);
  else
    text = g_steal_pointer (&open);

  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

static void
restore_selection (OnsiteVendorsView *self,
                   gint64             handoff_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->handoffs));
  guint found = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n && handoff_id > 0; i++)
    {
      g_autoptr(OnsiteHandoff) h = g_list_model_get_item (G_LIST_MODEL (self->handoffs), i);

      if (onsite_handoff_get_id (h) == handoff_id)
        {
          found = i;
          break;
        }
    }

  gtk_single_selection_set_selected (self->selection, found);

  if (found != GTK_INVALID_LIST_POSITION)
    {
      /* The case may have changed while it stayed selected. */
      show_handoff (self, gtk_single_selection_get_selected_item (self->selection));
    }
  else if (handoff_id > 0 && self->shown != NULL && onsite_handoff_get_id (self->shown) == handoff_id)
    {
      /* It left the list (returned, rejected): show how it ended. */
      g_autoptr(OnsiteHandoff) h = onsite_store_get_handoff (view_store (self), handoff_id, NULL);

      show_handoff (self, h);
    }
  else
    {
      show_handoff (self, NULL);
    }
}

static void
apply_filters (OnsiteVendorsView *self)
{
  gint64 keep = selected_handoff_id (self);
  guint vendor = gtk_drop_down_get_selected (self->vendor_filter);
  guint contract = gtk_drop_down_get_selected (self->contract_filter);
  guint state = gtk_drop_down_get_selected (self->state_filter);

  if (self->updating || self->handoffs == NULL)
    return;

  if (keep == 0 && self->shown != NULL)
    keep = onsite_handoff_get_id (self->shown);

  onsite_handoff_list_set_vendor_id (self->handoffs,
                                     vendor > 0 && vendor < self->vendor_filter_ids->len
                                     ? g_array_index (self->vendor_filter_ids, gint64, vendor) : 0);
  onsite_handoff_list_set_contract_id (self->handoffs,
                                       contract > 0 && contract < self->contract_filter_ids->len
                                       ? g_array_index (self->contract_filter_ids, gint64, contract) : 0);
  onsite_handoff_list_set_state (self->handoffs,
                                 state > 0 && state <= G_N_ELEMENTS (filter_states)
                                 ? (int)filter_states[state - 1] : ONSITE_HANDOFF_LIST_ANY_STATE);

  update_count (self);
  restore_selection (self, keep);
}

static void
fill_contract_filter (OnsiteVendorsView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint vendor_pos = gtk_drop_down_get_selected (self->vendor_filter);
  gint64 vendor_id = vendor_pos > 0 && vendor_pos < self->vendor_filter_ids->len
                     ? g_array_index (self->vendor_filter_ids, gint64, vendor_pos) : 0;
  gint64 keep = 0, none = 0;
  guint pos = gtk_drop_down_get_selected (self->contract_filter);
  guint select = 0;
  guint n = self->vendors ? g_list_model_get_n_items (self->vendors) : 0;

  if (pos > 0 && pos < self->contract_filter_ids->len)
    keep = g_array_index (self->contract_filter_ids, gint64, pos);

  g_array_set_size (self->contract_filter_ids, 0);
  gtk_string_list_append (names, _("All Contracts"));
  g_array_append_val (self->contract_filter_ids, none);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteVendorInfo) vendor = g_list_model_get_item (self->vendors, i);
      GListModel *contracts = onsite_vendor_info_get_contracts (vendor);

      if (vendor_id > 0 && onsite_vendor_info_get_id (vendor) != vendor_id)
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (contracts); j++)
        {
          g_autoptr(OnsiteVendorContractInfo) contract = g_list_model_get_item (contracts, j);
          gint64 id = onsite_vendor_contract_info_get_id (contract);

          gtk_string_list_append (names, onsite_vendor_contract_info_get_number (contract));
          if (id == keep)
            select = self->contract_filter_ids->len;
          g_array_append_val (self->contract_filter_ids, id);
        }
    }

  gtk_drop_down_set_model (self->contract_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->contract_filter, select);
}

static void
fill_filters (OnsiteVendorsView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint pos = gtk_drop_down_get_selected (self->vendor_filter);
  gint64 keep = 0, none = 0;
  guint select = 0;
  guint n = self->vendors ? g_list_model_get_n_items (self->vendors) : 0;

  if (pos > 0 && pos < self->vendor_filter_ids->len)
    keep = g_array_index (self->vendor_filter_ids, gint64, pos);

  g_array_set_size (self->vendor_filter_ids, 0);
  gtk_string_list_append (names, _("All Vendors"));
  g_array_append_val (self->vendor_filter_ids, none);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteVendorInfo) vendor = g_list_model_get_item (self->vendors, i);
      gint64 id = onsite_vendor_info_get_id (vendor);

      gtk_string_list_append (names, onsite_vendor_info_get_name (vendor));
      if (id == keep)
        select = self->vendor_filter_ids->len;
      g_array_append_val (self->vendor_filter_ids, id);
    }

  gtk_drop_down_set_model (self->vendor_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->vendor_filter, select);
  fill_contract_filter (self);
}

static void
on_vendor_filter_cb (OnsiteVendorsView *self)
{
  if (self->updating)
    return;

  self->updating = TRUE;
  fill_contract_filter (self);
  self->updating = FALSE;

  apply_filters (self);
}

static void
on_filter_cb (OnsiteVendorsView *self)
{
  apply_filters (self);
}

static void
reload_handoffs (OnsiteVendorsView *self)
{
  g_autoptr(GError) error = NULL;
  gint64 keep = selected_handoff_id (self);

  if (self->handoffs == NULL)
    return;

  if (keep == 0 && self->shown != NULL)
    keep = onsite_handoff_get_id (self->shown);

  onsite_handoff_list_set_now (self->handoffs, view_now (self));
  if (!onsite_handoff_list_reload (self->handoffs, &error))
    onsite_show_error_toast (self->toast_overlay, error);

  update_count (self);
  restore_selection (self, keep);
}

/* The steps ---------------------------------------------------------------- */

typedef void (*TextCallback) (OnsiteVendorsView *self,
                              gint64             handoff_id,
                              const char        *text);

static void
on_text_entry_changed_cb (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  gboolean required = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "required"));

  if (required)
    adw_message_dialog_set_response_enabled (dialog, "ok", !is_blank (gtk_editable_get_text (entry)));
}

static void
on_text_response_cb (OnsiteVendorsView *self,
                     const char        *response,
                     AdwMessageDialog  *dialog)
{
  TextCallback callback = g_object_get_data (G_OBJECT (dialog), "callback");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  gint64 *handoff_id = g_object_get_data (G_OBJECT (dialog), "handoff-id");

  if (g_str_equal (response, "ok"))
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

      callback (self, *handoff_id, text);
    }
}

/* A one-line question, as a message dialog with an entry. */
static void
ask_text (OnsiteVendorsView *self,
          gint64             handoff_id,
          const char        *heading,
          const char        *body,
          const char        *initial,
          const char        *ok_label,
          gboolean           destructive,
          gboolean           required,
          TextCallback       callback)
{
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ok", ok_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), initial ? initial : "");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_object_set_data (G_OBJECT (dialog), "callback", callback);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "required", GINT_TO_POINTER (required));
  g_object_set_data_full (G_OBJECT (dialog), "handoff-id", g_memdup2 (&handoff_id, sizeof handoff_id), g_free);

  g_signal_connect (entry, "changed", G_CALLBACK (on_text_entry_changed_cb), dialog);
  on_text_entry_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_text_response_cb), self, G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
step_done (OnsiteVendorsView *self,
           gboolean           ok,
           GError            *error)
{
  if (!ok)
    {
      onsite_show_error_toast (self->toast_overlay, error);
      return;
    }

  store_changed (self);
}

static void
set_reference (OnsiteVendorsView *self,
               gint64             handoff_id,
               const char        *reference)
{
  g_autoptr(OnsiteHandoff) h = onsite_store_get_handoff (view_store (self), handoff_id, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (h == NULL)
    return;

  /* The vendor answering with its case number is what acknowledging is. */
  if (onsite_handoff_get_state (h) == ONSITE_HANDOFF_REQUESTED)
    ok = onsite_store_acknowledge_handoff (view_store (self), handoff_id, reference,
                                           view_now (self), onsite_actor_name (), &error);
  else
    ok = onsite_store_set_handoff_reference (view_store (self), handoff_id, reference,
                                             view_now (self), onsite_actor_name (), &error);

  step_done (self, ok, error);
}

static void
on_reference_clicked_cb (OnsiteVendorsView *self,
                         GtkButton         *button)
{
  const char *reference;

  if (self->shown == NULL)
    return;

  reference = onsite_handoff_get_vendor_reference (self->shown);
  ask_text (self, onsite_handoff_get_id (self->shown),
            _("Vendor’s Case Reference"),
            onsite_handoff_get_state (self->shown) == ONSITE_HANDOFF_REQUESTED
            ? _("The number the vendor gave the case in its reply. Entering it marks the case acknowledged.")
            : _("The number the vendor gave the case in its reply."),
            reference, _("_Save"), FALSE, TRUE, set_reference);
}

static void
on_state_clicked_cb (OnsiteVendorsView *self,
                     GtkButton         *button)
{
  g_autoptr(GError) error = NULL;
  OnsiteHandoffState state;
  gboolean ok;

  if (self->shown == NULL)
    return;

  if (GTK_WIDGET (button) == self->progress_button)
    state = ONSITE_HANDOFF_IN_PROGRESS;
  else if (GTK_WIDGET (button) == self->resolved_button)
    state = ONSITE_HANDOFF_RESOLVED;
  else
    state = ONSITE_HANDOFF_RETURNED;

  ok = onsite_store_set_handoff_state (view_store (self), onsite_handoff_get_id (self->shown), state,
                                       NULL, view_now (self), onsite_actor_name (), &error);
  step_done (self, ok, error);
}

static void
reject (OnsiteVendorsView *self,
        gint64             handoff_id,
        const char        *note)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = onsite_store_set_handoff_state (view_store (self), handoff_id, ONSITE_HANDOFF_REJECTED,
                                       note, view_now (self), onsite_actor_name (), &error);
  step_done (self, ok, error);
}

static void
on_rejected_clicked_cb (OnsiteVendorsView *self)
{
  if (self->shown == NULL)
    return;

  ask_text (self, onsite_handoff_get_id (self->shown),
            _("Rejected by the Vendor?"),
            _("Say why the vendor refused the case; the ticket goes back to L2."),
            NULL, _("_Reject"), TRUE, TRUE, reject);
}

static void
add_note (OnsiteVendorsView *self,
          gint64             handoff_id,
          const char        *note)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = onsite_store_add_handoff_note (view_store (self), handoff_id, note,
                                      view_now (self), onsite_actor_name (), &error);
  step_done (self, ok, error);
}

static void
on_note_clicked_cb (OnsiteVendorsView *self)
{
  if (self->shown == NULL)
    return;

  ask_text (self, onsite_handoff_get_id (self->shown), _("Add Note"),
            _("The note goes to the case's history and to the ticket service as a comment."),
            NULL, _("_Add"), FALSE, TRUE, add_note);
}

static void
on_follow_up_clicked_cb (OnsiteVendorsView *self,
                         GtkButton         *button)
{
  g_autoptr(OnsiteHandoff) h = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *sent = NULL;
  gboolean escalate = GTK_WIDGET (button) == self->escalate_button;
  OnsiteVendorInfo *vendor;
  OnsiteVendorContactInfo *to = NULL;
  OnsiteVendorContactInfo *usual = NULL;
  const char *cc[2] = { NULL, NULL };
  const char *reference;

  if (self->shown == NULL)
    return;

  h = g_object_ref (self->shown);
  vendor = find_vendor (self, onsite_handoff_get_vendor_id (h));
  if (vendor != NULL)
    {
      if (!(usual = onsite_vendor_info_find_contact (vendor, onsite_handoff_get_contact_id (h))))
        usual = onsite_vendor_info_get_first_contact (vendor);
      to = escalate ? onsite_vendor_info_get_escalation_contact (vendor) : usual;
    }

  /* First the record, so that a chase is never lost; then the message. */
  if (!onsite_store_follow_up_handoff (view_store (self), onsite_handoff_get_id (h), escalate, NULL,
                                       view_now (self), onsite_actor_name (), &error))
    {
      onsite_show_error_toast (self->toast_overlay, error);
      return;
    }
  store_changed (self);

  if (to == NULL)
    return;

  reference = onsite_handoff_get_vendor_reference (h);
  if (reference != NULL && *reference != '\0')
    /* Translators: vendor's case reference, ticket title */
    subject = g_strdup_printf (_("Follow-up on your case %s: %s"), reference, onsite_handoff_get_ticket_title (h));
  else
    subject = g_strdup_printf (_("Follow-up: %s"), onsite_handoff_get_ticket_title (h));

  sent = format_time (onsite_handoff_get_sent_at (h));
  body = g_strdup_printf (_("Hello,\n\nwe handed you the case below on %s and are still waiting for it (%s). "
                            "Could you tell us where it stands?\n\n"
                            "Thank you.\n\n----\n%s"),
                          sent, onsite_handoff_state_to_label (onsite_handoff_get_state (h)),
                          onsite_handoff_get_summary (h));

  if (escalate && usual != NULL && usual != to)
    cc[0] = onsite_vendor_contact_info_get_email (usual);

  onsite_send_mail (GTK_WIDGET (self), self->toast_overlay,
                    onsite_vendor_contact_info_get_email (to), cc[0] ? cc : NULL, subject, body);
}

/* Scorecard ---------------------------------------------------------------- */

static void
reload_scorecard (OnsiteVendorsView *self)
{
  g_autoptr(GListModel) scores = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *range = NULL;
  guint period = gtk_drop_down_get_selected (self->period_drop);
  gint64 now = view_now (self);
  gint64 from, to;

  if (view_store (self) == NULL)
    return;

  /* The dropdown's choices are the periods, in order. */
  onsite_score_period_get_range (MIN (period, ONSITE_N_SCORE_PERIODS - 1), now, tz, &from, &to);
  first = format_date (from, tz);
  last = format_date (to - 1, tz);
  /* Translators: the scorecard's period, first and last day: "2026-10-01 – 2026-10-31" */
  range = g_strdup_printf (_("%s – %s"), first, last);
  gtk_label_set_text (self->period_label, range);

  if (!(scores = onsite_store_vendor_scorecard (view_store (self), from, to, now, &error)))
    {
      onsite_show_error_toast (self->toast_overlay, error);
      return;
    }

  gtk_stack_set_visible_child_name (self->score_stack, g_list_model_get_n_items (scores) > 0 ? "list" : "empty");
  selection = gtk_no_selection_new (g_steal_pointer (&scores));
  gtk_column_view_set_model (self->score_view, GTK_SELECTION_MODEL (selection));
}

static void
on_period_cb (OnsiteVendorsView *self)
{
  reload_scorecard (self);
}

/* Directory ---------------------------------------------------------------- */

static GtkWidget *
vendor_row_new (OnsiteVendorInfo *vendor)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (onsite_vendor_info_get_name (vendor));
  g_autofree char *categories = NULL;
  GtkWidget *detail;
  const char * const *cats = onsite_vendor_info_get_categories (vendor);

  categories = cats && cats[0] ? g_strjoinv (", ", (char **)cats) : g_strdup (_("No categories"));
  detail = gtk_label_new (categories);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "vendor", g_object_ref (vendor), g_object_unref);

  return row;
}

static OnsiteVendorInfo *
directory_vendor (OnsiteVendorsView *self)
{
  return find_vendor (self, self->directory_vendor_id);
}

static void show_contact_dialog  (OnsiteVendorsView        *self,
                                  OnsiteVendorContactInfo  *contact);
static void show_contract_dialog (OnsiteVendorsView        *self,
                                  OnsiteVendorContractInfo *contract);

static void
on_contact_activated_cb (OnsiteVendorsView *self,
                         AdwActionRow      *row)
{
  show_contact_dialog (self, g_object_get_data (G_OBJECT (row), "contact"));
}

static void
on_contract_activated_cb (OnsiteVendorsView *self,
                          AdwActionRow      *row)
{
  show_contract_dialog (self, g_object_get_data (G_OBJECT (row), "contract"));
}

static GtkWidget *
contact_row_new (OnsiteVendorsView       *self,
                 OnsiteVendorContactInfo *contact)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = escape (onsite_vendor_contact_info_get_name (contact));
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_autofree char *subtitle = NULL;
  const char *values[] = {
    onsite_vendor_contact_info_get_role (contact),
    onsite_vendor_contact_info_get_phone (contact),
    onsite_vendor_contact_info_get_email (contact),
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (values[i] != NULL && *values[i] != '\0')
      g_ptr_array_add (parts, (gpointer)values[i]);
  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (" · ", (char **)parts->pdata);
  subtitle = escape (text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (onsite_vendor_contact_info_get_escalation (contact))
    {
      GtkWidget *pill = gtk_label_new (_("Escalation"));

      gtk_widget_add_css_class (pill, "pill-label");
      gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("document-edit-symbolic"));

  g_object_set_data_full (G_OBJECT (row), "contact", g_object_ref (contact), g_object_unref);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_contact_activated_cb), self, G_CONNECT_SWAPPED);

  return row;
}

static GtkWidget *
contract_row_new (OnsiteVendorsView        *self,
                  OnsiteVendorContractInfo *contract)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = escape (onsite_vendor_contract_info_get_number (contract));
  g_autoptr(GTimeZone) tz = onsite_time_zone_from_id (onsite_vendor_contract_info_get_timezone (contract), NULL);
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *response = onsite_format_duration (onsite_vendor_contract_info_get_response_minutes (contract) * 60);
  g_autofree char *resolution = onsite_format_duration (onsite_vendor_contract_info_get_resolution_minutes (contract) * 60);
  g_autofree char *text = NULL;
  g_autofree char *subtitle = NULL;
  const char *hours = onsite_vendor_contract_info_get_business_hours (contract);

  if (tz == NULL)
    tz = g_time_zone_new_local ();
  from = format_date (onsite_vendor_contract_info_get_valid_from (contract), tz);
  /* The validity ends at midnight after its last day. */
  until = format_date (onsite_vendor_contract_info_get_valid_until (contract) - 1, tz);

  /* Translators: "2026-01-01 to 2027-12-31 · response 4 h · resolution 1 d 0 h · mon-fri 08:30-17:30" */
  text = g_strdup_printf (_("%s to %s · response %s · resolution %s · %s"),
                          from, until, response, resolution, hours ? hours : "");
  subtitle = escape (text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (!onsite_vendor_contract_info_is_valid_at (contract, view_now (self)))
    {
      GtkWidget *pill = gtk_label_new (_("Not valid today"));

      gtk_widget_add_css_class (pill, "pill-label");
      gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("document-edit-symbolic"));

  g_object_set_data_full (G_OBJECT (row), "contract", g_object_ref (contract), g_object_unref);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_contract_activated_cb), self, G_CONNECT_SWAPPED);

  return row;
}

static void
show_directory_vendor (OnsiteVendorsView *self)
{
  OnsiteVendorInfo *vendor = directory_vendor (self);
  const char * const *cats;
  g_autofree char *categories = NULL;
  GListModel *model;

  clear_list_box (self->contact_list);
  clear_list_box (self->contract_list);

  if (vendor == NULL)
    {
      gtk_stack_set_visible_child_name (self->editor_stack, "none");
      return;
    }

  cats = onsite_vendor_info_get_categories (vendor);
  categories = cats ? g_strjoinv (", ", (char **)cats) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), onsite_vendor_info_get_name (vendor));
  gtk_editable_set_text (GTK_EDITABLE (self->website_row), onsite_vendor_info_get_website (vendor)
                                                           ? onsite_vendor_info_get_website (vendor) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->categories_row), categories);

  model = onsite_vendor_info_get_contacts (vendor);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OnsiteVendorContactInfo) contact = g_list_model_get_item (model, i);
      gtk_list_box_append (self->contact_list, contact_row_new (self, contact));
    }

  model = onsite_vendor_info_get_contracts (vendor);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OnsiteVendorContractInfo) contract = g_list_model_get_item (model, i);
      gtk_list_box_append (self->contract_list, contract_row_new (self, contract));
    }

  gtk_stack_set_visible_child_name (self->editor_stack, "vendor");
}

static void
fill_directory (OnsiteVendorsView *self)
{
  guint n = self->vendors ? g_list_model_get_n_items (self->vendors) : 0;
  GtkListBoxRow *select = NULL;

  self->updating = TRUE;
  clear_list_box (self->vendor_list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteVendorInfo) vendor = g_list_model_get_item (self->vendors, i);
      GtkWidget *row = vendor_row_new (vendor);

      gtk_list_box_append (self->vendor_list, row);
      if (onsite_vendor_info_get_id (vendor) == self->directory_vendor_id)
        select = GTK_LIST_BOX_ROW (row);
    }
  gtk_list_box_select_row (self->vendor_list, select);
  self->updating = FALSE;

  if (select == NULL)
    self->directory_vendor_id = 0;
  show_directory_vendor (self);
}

static void
on_vendor_selected_cb (OnsiteVendorsView *self,
                       GtkListBoxRow     *row,
                       GtkListBox        *box)
{
  OnsiteVendorInfo *vendor;

  if (self->updating)
    return;

  vendor = row ? g_object_get_data (G_OBJECT (row), "vendor") : NULL;
  self->directory_vendor_id = vendor ? onsite_vendor_info_get_id (vendor) : 0;
  show_directory_vendor (self);
}

static GStrv
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text ? text : "", ",;", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

static void
on_save_vendor_clicked_cb (OnsiteVendorsView *self)
{
  g_auto(GStrv) categories = split_list (gtk_editable_get_text (GTK_EDITABLE (self->categories_row)));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->directory_vendor_id <= 0)
    return;

  ok = onsite_store_update_vendor (view_store (self), self->directory_vendor_id,
                                   gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->website_row)),
                                   (const char * const *)categories, &error);
  step_done (self, ok, error);
  if (ok)
    onsite_show_toast (self->toast_overlay, _("Vendor saved."));
}

static void
new_vendor (OnsiteVendorsView *self,
            gint64             unused,
            const char        *name)
{
  g_autoptr(GError) error = NULL;
  OnsiteVendor vendor = { 0 };
  gint64 id;

  vendor.name = name;
  if ((id = onsite_store_insert_vendor (view_store (self), &vendor, &error)) <= 0)
    {
      onsite_show_error_toast (self->toast_overlay, error);
      return;
    }

  self->directory_vendor_id = id;
  store_changed (self);
}

static void
on_new_vendor_clicked_cb (OnsiteVendorsView *self)
{
  if (view_store (self) == NULL)
    return;

  ask_text (self, 0, _("New Vendor"), _("The company's name, as on its contracts."),
            NULL, _("_Add"), FALSE, TRUE, new_vendor);
}

static void
on_delete_vendor_response_cb (OnsiteVendorsView *self,
                              const char        *response,
                              AdwMessageDialog  *dialog)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!g_str_equal (response, "delete") || self->directory_vendor_id <= 0)
    return;

  ok = onsite_store_delete_vendor (view_store (self), self->directory_vendor_id, &error);
  if (ok)
    self->directory_vendor_id = 0;
  step_done (self, ok, error);
}

static void
on_delete_vendor_clicked_cb (OnsiteVendorsView *self)
{
  OnsiteVendorInfo *vendor = directory_vendor (self);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (vendor == NULL)
    return;

  /* The heading is plain text in AdwMessageDialog. */
  heading = g_strdup_printf (_("Delete %s?"), onsite_vendor_info_get_name (vendor));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   _("Its contacts and contracts go with it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_vendor_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Contact editor */

static GtkWidget *
add_entry_row (GtkListBox *list,
               const char *title,
               const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  gtk_list_box_append (list, row);

  return row;
}

static GtkWidget *
add_switch_row (GtkListBox *list,
                const char *title,
                gboolean    active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  gtk_list_box_append (list, row);

  return toggle;
}

static GtkWidget *
editor_list_new (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  return list;
}

static const char *
row_text (AdwMessageDialog *dialog,
          const char       *key)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), key)));
}

static void
on_contact_changed_cb (GtkEditable      *row,
                       AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "save", !is_blank (row_text (dialog, "name")));
}

static void
on_contact_response_cb (OnsiteVendorsView *self,
                        const char        *response,
                        AdwMessageDialog  *dialog)
{
  OnsiteVendorContactInfo *info = g_object_get_data (G_OBJECT (dialog), "contact");
  g_autoptr(GError) error = NULL;
  OnsiteVendorContact contact = { 0 };
  gboolean ok;

  if (g_str_equal (response, "delete") && info != NULL)
    {
      ok = onsite_store_delete_vendor_contact (view_store (self), onsite_vendor_contact_info_get_id (info), &error);
      step_done (self, ok, error);
      return;
    }

  if (!g_str_equal (response, "save"))
    return;

  contact.name = row_text (dialog, "name");
  contact.role = row_text (dialog, "role");
  contact.phone = row_text (dialog, "phone");
  contact.email = row_text (dialog, "email");
  contact.escalation = gtk_switch_get_active (g_object_get_data (G_OBJECT (dialog), "escalation"));

  if (info != NULL)
    ok = onsite_store_update_vendor_contact (view_store (self), onsite_vendor_contact_info_get_id (info),
                                             &contact, &error);
  else
    ok = onsite_store_add_vendor_contact (view_store (self), self->directory_vendor_id, &contact, &error) > 0;

  step_done (self, ok, error);
}

static void
show_contact_dialog (OnsiteVendorsView       *self,
                     OnsiteVendorContactInfo *contact)
{
  GtkWidget *dialog;
  GtkWidget *list = editor_list_new ();
  GtkWidget *name;

  if (self->directory_vendor_id <= 0)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   contact ? _("Edit Contact") : _("New Contact"), NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (contact != NULL)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Delete"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
      g_object_set_data_full (G_OBJECT (dialog), "contact", g_object_ref (contact), g_object_unref);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "save", _("_Save"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  name = add_entry_row (GTK_LIST_BOX (list), _("Name"), contact ? onsite_vendor_contact_info_get_name (contact) : NULL);
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "role",
                     add_entry_row (GTK_LIST_BOX (list), _("Role"),
                                    contact ? onsite_vendor_contact_info_get_role (contact) : NULL));
  g_object_set_data (G_OBJECT (dialog), "phone",
                     add_entry_row (GTK_LIST_BOX (list), _("Phone"),
                                    contact ? onsite_vendor_contact_info_get_phone (contact) : NULL));
  g_object_set_data (G_OBJECT (dialog), "email",
                     add_entry_row (GTK_LIST_BOX (list), _("Email"),
                                    contact ? onsite_vendor_contact_info_get_email (contact) : NULL));
  g_object_set_data (G_OBJECT (dialog), "escalation",
                     add_switch_row (GTK_LIST_BOX (list), _("Escalation contact"),
                                     contact && onsite_vendor_contact_info_get_escalation (contact)));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  g_signal_connect (name, "changed", G_CALLBACK (on_contact_changed_cb), dialog);
  on_contact_changed_cb (GTK_EDITABLE (name), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_contact_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_add_contact_clicked_cb (OnsiteVendorsView *self)
{
  show_contact_dialog (self, NULL);
}

/* Contract editor: every keystroke is checked, the first problem shown. */

static gboolean
parse_date (const char *text,
            GTimeZone  *tz,
            gboolean    next_day,
            gint64     *value)
{
  g_autoptr(GDateTime) dt = NULL;
  guint y, m, d;
  char tail;

  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;

  dt = g_date_time_new (tz, y, m, d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  if (next_day)
    {
      GDateTime *after = g_date_time_add_days (dt, 1);
      g_date_time_unref (dt);
      dt = after;
    }
  *value = g_date_time_to_unix (dt);

  return TRUE;
}

typedef struct
{
  OnsiteVendorContract contract;
  GStrv                covers;
  char                *timezone;
} ContractForm;

static void
contract_form_clear (ContractForm *form)
{
  g_clear_pointer (&form->covers, g_strfreev);
  g_clear_pointer (&form->timezone, g_free);
}

static gboolean
read_contract (AdwMessageDialog  *dialog,
               ContractForm      *form,
               GError           **error)
{
  OnsiteVendorContract *c = &form->contract;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *from = g_strdup (row_text (dialog, "from"));
  g_autofree char *until = g_strdup (row_text (dialog, "until"));
  g_autofree char *response = g_strdup (row_text (dialog, "response"));
  g_autofree char *resolution = g_strdup (row_text (dialog, "resolution"));
  guint64 n;

  memset (c, 0, sizeof *c);
  c->number = row_text (dialog, "number");
  c->business_hours = is_blank (row_text (dialog, "hours")) ? NULL : row_text (dialog, "hours");
  c->holidays = is_blank (row_text (dialog, "holidays")) ? NULL : row_text (dialog, "holidays");
  form->timezone = g_strstrip (g_strdup (row_text (dialog, "timezone")));
  c->timezone = *form->timezone ? form->timezone : NULL;
  form->covers = split_list (row_text (dialog, "covers"));
  c->covers = form->covers[0] ? (const char * const *)form->covers : NULL;
  c->pauses_sla = gtk_switch_get_active (g_object_get_data (G_OBJECT (dialog), "pauses"));

  if (!(tz = onsite_time_zone_from_id (c->timezone, error)))
    return FALSE;

  if (!parse_date (g_strstrip (from), tz, FALSE, &c->valid_from))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Write the first day as a date such as 2026-01-31."));
      return FALSE;
    }
  if (!parse_date (g_strstrip (until), tz, TRUE, &c->valid_until))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Write the last day as a date such as 2027-12-31."));
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (g_strstrip (response), 10, 1, G_MAXINT / 60, &n, NULL))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Write the response time as a number of minutes, such as 240."));
      return FALSE;
    }
  c->response_minutes = (int)n;
  if (!g_ascii_string_to_unsigned (g_strstrip (resolution), 10, 1, G_MAXINT / 60, &n, NULL))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Write the resolution time as a number of minutes, such as 1440."));
      return FALSE;
    }
  c->resolution_minutes = (int)n;

  return onsite_vendor_contract_validate (c, error);
}

static void
validate_contract (AdwMessageDialog *dialog)
{
  GtkLabel *problem = g_object_get_data (G_OBJECT (dialog), "problem");
  g_autoptr(GError) error = NULL;
  ContractForm form = { { 0 } };
  gboolean ok = read_contract (dialog, &form, &error);

  contract_form_clear (&form);
  gtk_label_set_text (problem, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (problem), !ok);
  adw_message_dialog_set_response_enabled (dialog, "save", ok);
}

static void
on_contract_changed_cb (GObject          *row,
                        GParamSpec       *pspec,
                        AdwMessageDialog *dialog)
{
  validate_contract (dialog);
}

static void
on_contract_response_cb (OnsiteVendorsView *self,
                         const char        *response,
                         AdwMessageDialog  *dialog)
{
  OnsiteVendorContractInfo *info = g_object_get_data (G_OBJECT (dialog), "contract");
  g_autoptr(GError) error = NULL;
  ContractForm form = { { 0 } };
  gboolean ok;

  if (g_str_equal (response, "delete") && info != NULL)
    {
      ok = onsite_store_delete_vendor_contract (view_store (self), onsite_vendor_contract_info_get_id (info), &error);
      step_done (self, ok, error);
      return;
    }

  if (!g_str_equal (response, "save"))
    return;

  if (read_contract (dialog, &form, &error))
    {
      if (info != NULL)
        ok = onsite_store_update_vendor_contract (view_store (self), onsite_vendor_contract_info_get_id (info),
                                                  &form.contract, &error);
      else
        ok = onsite_store_add_vendor_contract (view_store (self), self->directory_vendor_id,
                                               &form.contract, &error) > 0;
    }
  else
    {
      ok = FALSE;
    }

  contract_form_clear (&form);
  step_done (self, ok, error);
}

static void
show_contract_dialog (OnsiteVendorsView        *self,
                      OnsiteVendorContractInfo *contract)
{
  static const struct { const char *key; const char *title; } fields[] = {
    { "number", N_("Number") },
    { "from", N_("First day (YYYY-MM-DD)") },
    { "until", N_("Last day (YYYY-MM-DD)") },
    { "response", N_("Response time, minutes") },
    { "resolution", N_("Resolution time, minutes") },
    { "hours", N_("Business hours, e.g. mon-fri 08:00-18:00") },
    { "holidays", N_("Holidays, e.g. 2026-12-24, 12-25") },
    { "timezone", N_("Time zone, e.g. Europe/Rome (empty: this computer's)") },
    { "covers", N_("Covers: categories or category/product (empty: all)") },
  };
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *values[G_N_ELEMENTS (fields)] = { NULL };
  GtkWidget *dialog, *list, *box, *scrolled, *problem, *pauses;
  gint64 now = view_now (self);

  if (self->directory_vendor_id <= 0)
    return;

  if (contract != NULL)
    {
      const char * const *covers = onsite_vendor_contract_info_get_covers (contract);

      tz = onsite_time_zone_from_id (onsite_vendor_contract_info_get_timezone (contract), NULL);
      if (tz == NULL)
        tz = g_time_zone_new_local ();
      values[0] = g_strdup (onsite_vendor_contract_info_get_number (contract));
      values[1] = format_date (onsite_vendor_contract_info_get_valid_from (contract), tz);
      values[2] = format_date (onsite_vendor_contract_info_get_valid_until (contract) - 1, tz);
      values[3] = g_strdup_printf ("%d", onsite_vendor_contract_info_get_response_minutes (contract));
      values[4] = g_strdup_printf ("%d", onsite_vendor_contract_info_get_resolution_minutes (contract));
      values[5] = g_strdup (onsite_vendor_contract_info_get_business_hours (contract));
      values[6] = g_strdup (onsite_vendor_contract_info_get_holidays (contract));
      values[7] = g_strdup (onsite_vendor_contract_info_get_timezone (contract));
      values[8] = covers ? g_strjoinv (", ", (char **)covers) : NULL;
    }
  else
    {
      tz = g_time_zone_new_local ();
      values[1] = format_date (now, tz);
      values[2] = format_date (now + 365 * 86400, tz);
      values[3] = g_strdup ("240");
      values[4] = g_strdup ("1440");
      values[5] = g_strdup ("mon-fri 08:00-18:00");
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   contract ? _("Edit Contract") : _("New Contract"), NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (contract != NULL)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Delete"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
      g_object_set_data_full (G_OBJECT (dialog), "contract", g_object_ref (contract), g_object_unref);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "save", _("_Save"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = editor_list_new ();
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *row = add_entry_row (GTK_LIST_BOX (list), _(fields[i].title), values[i]);

      g_object_set_data (G_OBJECT (dialog), fields[i].key, row);
      g_signal_connect (row, "notify::text", G_CALLBACK (on_contract_changed_cb), dialog);
    }
  pauses = add_switch_row (GTK_LIST_BOX (list), _("Stop the ticket's SLA clock while the vendor holds the case"),
                           contract ? onsite_vendor_contract_info_get_pauses_sla (contract) : TRUE);
  g_object_set_data (G_OBJECT (dialog), "pauses", pauses);
  gtk_box_append (GTK_BOX (box), list);

  problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  g_object_set_data (G_OBJECT (dialog), "problem", problem);
  gtk_box_append (GTK_BOX (box), problem);

  /* Ten rows do not fit a small screen: they scroll. */
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  validate_contract (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_contract_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_add_contract_clicked_cb (OnsiteVendorsView *self)
{
  show_contract_dialog (self, NULL);
}

/* CSV import */

static void
import_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  OnsiteVendorsView *self = user_data;
  g_autofree char *text = NULL;

  if (self->import_progress == NULL || total == 0)
    return;

  /* Translators: progress of a CSV import, in lines of the file */
  text = g_strdup_printf (_("Line %u of %u"), done, total);
  gtk_progress_bar_set_fraction (self->import_progress, (double)done / total);
  gtk_progress_bar_set_text (self->import_progress, text);
}

static void
import_close_dialog (OnsiteVendorsView *self)
{
  GtkWidget *dialog = g_steal_pointer (&self->import_dialog);

  self->import_progress = NULL;
  if (dialog)
    gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OnsiteVendorsView) self = user_data;
  g_autoptr(GError) error = NULL;
  OnsiteVendorImportStats stats = { 0 };
  GtkRoot *root;

  if (!onsite_store_import_vendors_file_finish (ONSITE_STORE (object), result, &stats, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancelled by the person, or the view went away: nothing to say. */
      if (self->import_dialog)
        import_close_dialog (self);
      g_clear_object (&self->import_cancellable);
      if (gtk_widget_get_root (GTK_WIDGET (self)))
        onsite_show_toast (self->toast_overlay, _("Import cancelled; nothing was imported."));
      return;
    }

  import_close_dialog (self);
  g_clear_object (&self->import_cancellable);

  if (!(root = gtk_widget_get_root (GTK_WIDGET (self))))
    return;

  if (error)
    {
      /* The message names every line at fault: a dialog, not a toast. */
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Nothing Was Imported"), error->message);

      gtk_widget_add_css_class (dialog, "vendor-import-error");
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      g_autofree char *text = NULL;

      /* Translators: a summary of a CSV import */
      text = g_strdup_printf (_("Imported: %u vendors added, %u updated; %u contacts added, %u updated; %u contracts added, %u updated."),
                              stats.vendors_added, stats.vendors_updated,
                              stats.contacts_added, stats.contacts_updated,
                              stats.contracts_added, stats.contracts_updated);
      onsite_show_toast (self->toast_overlay, text);
      store_changed (self);
    }
}

static gboolean
on_import_window_close_cb (OnsiteVendorsView *self)
{
  g_cancellable_cancel (self->import_cancellable);
  return FALSE;
}

static void
on_import_dialog_response_cb (AdwMessageDialog  *dialog,
                              const char        *response,
                              OnsiteVendorsView *self)
{
  /* The dialog closes itself; the import says when it stopped. */
  self->import_dialog = NULL;
  self->import_progress = NULL;
  g_cancellable_cancel (self->import_cancellable);
}

/*
 * Imports @file in a worker (see onsite_store_import_vendors_file_async()),
 * with a dialog that shows how far it got and can cancel it. The window
 * stays usable meanwhile.
 */
void
_onsite_vendors_view_import_file (OnsiteVendorsView *self,
                                  GFile             *file)
{
  g_autofree char *name = NULL;
  GtkWidget *dialog;
  GtkWidget *bar;

  g_return_if_fail (ONSITE_IS_VENDORS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (view_store (self) == NULL || self->import_cancellable != NULL)
    return;

  name = g_file_get_basename (file);
  /* Translators: %s is the file's name */
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Importing Vendors"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("Reading “%s”…"), name);
  gtk_widget_add_css_class (dialog, "vendor-import-progress");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* The person may keep working in the window meanwhile. */
  gtk_window_set_modal (GTK_WINDOW (dialog), FALSE);
  bar = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), bar);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_import_dialog_response_cb), self, 0);

  self->import_dialog = dialog;
  self->import_progress = GTK_PROGRESS_BAR (bar);
  self->import_cancellable = g_cancellable_new ();
  if (!g_signal_handler_find (gtk_widget_get_root (GTK_WIDGET (self)), G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA,
                              0, 0, NULL, on_import_window_close_cb, self))
    g_signal_connect_object (gtk_widget_get_root (GTK_WIDGET (self)), "close-request",
                             G_CALLBACK (on_import_window_close_cb), self, G_CONNECT_SWAPPED);

  onsite_store_import_vendors_file_async (view_store (self), file,
                                          import_progress_cb, g_object_ref (self), g_object_unref,
                                          self->import_cancellable, import_done_cb, g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_response_cb (GtkNativeDialog   *chooser,
                       int                response,
                       OnsiteVendorsView *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL)
    _onsite_vendors_view_import_file (self, file);

  g_object_unref (self);
}

static void
on_import_clicked_cb (OnsiteVendorsView *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (view_store (self) == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Import Vendors"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));

  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Loading ------------------------------------------------------------------ */

static void
reload (OnsiteVendorsView *self)
{
  g_autoptr(GError) error = NULL;
  OnsiteStore *store = view_store (self);

  if (store == NULL)
    return;

  g_clear_object (&self->vendors);
  if (!(self->vendors = onsite_store_list_vendors (store, &error)))
    {
      onsite_show_error_toast (self->toast_overlay, error);
      g_clear_error (&error);
    }

  self->updating = TRUE;
  fill_filters (self);
  self->updating = FALSE;

  reload_handoffs (self);
  apply_filters (self);
  reload_scorecard (self);
  fill_directory (self);
}

static void
on_context_changed_cb (OnsiteVendorsView *self,
                       OnsiteContext     *context)
{
  reload (self);
}

static void
on_context_now_cb (OnsiteVendorsView *self,
                   GParamSpec        *pspec,
                   OnsiteContext     *context)
{
  /* Time left moves every minute; the cases themselves have not changed. */
  reload_handoffs (self);
}

/* GObject ------------------------------------------------------------------ */

static void
onsite_vendors_view_dispose (GObject *object)
{
  OnsiteVendorsView *self = (OnsiteVendorsView *)object;

  /* Lists emptied on the way out select nothing: ignore their signals. */
  self->updating = TRUE;
  if (self->context)
    g_signal_handlers_disconnect_by_data (self->context, self);

  /* An import in the worker stops and keeps nothing. */
  g_cancellable_cancel (self->import_cancellable);
  import_close_dialog (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_VENDORS_VIEW);

  g_clear_object (&self->shown);
  g_clear_object (&self->selection);
  g_clear_object (&self->handoffs);
  g_clear_object (&self->vendors);
  g_clear_object (&self->context);
  g_clear_pointer (&self->vendor_filter_ids, g_array_unref);
  g_clear_pointer (&self->contract_filter_ids, g_array_unref);

  G_OBJECT_CLASS (onsite_vendors_view_parent_class)->dispose (object);
}

static void
onsite_vendors_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnsiteVendorsView *self = ONSITE_VENDORS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_vendors_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OnsiteVendorsView *self = ONSITE_VENDORS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      onsite_vendors_view_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_vendors_view_class_init (OnsiteVendorsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onsite_vendors_view_dispose;
  object_class->get_property = onsite_vendors_view_get_property;
  object_class->set_property = onsite_vendors_view_set_property;

  /**
   * OnsiteVendorsView:context:
   *
   * The window's context: the store and the clock.
   */
  properties [PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ONSITE_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-vendors-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, sections);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, vendor_filter);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, contract_filter);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, state_filter);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, handoff_view);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, case_reference_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, case_title_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, state_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, time_left_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, reference_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, progress_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, resolved_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, returned_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, rejected_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, follow_up_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, escalate_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, note_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, notes_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, period_drop);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, period_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, score_stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, score_view);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, vendor_list);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, name_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, website_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, categories_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, contact_list);
  gtk_widget_class_bind_template_child (widget_class, OnsiteVendorsView, contract_list);
  gtk_widget_class_bind_template_callback (widget_class, on_vendor_filter_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reference_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_state_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_rejected_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_follow_up_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_note_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_period_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_vendor_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_new_vendor_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_vendor_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_contact_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_contract_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_vendor_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "onsite-vendors-view");
}

static GtkWidget *
placeholder_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);

  return label;
}

static void
onsite_vendors_view_init (OnsiteVendorsView *self)
{
  const char *keys[N_FACTS] = {
    [FACT_VENDOR] = _("Vendor"),
    [FACT_CONTACT] = _("Contact"),
    [FACT_CONTRACT] = _("Contract"),
    [FACT_REFERENCE] = _("Vendor’s case"),
    [FACT_SENT] = _("Sent"),
    [FACT_RESPONSE_DUE] = _("Response due"),
    [FACT_RESOLUTION_DUE] = _("Resolution due"),
    [FACT_ACKNOWLEDGED] = _("Acknowledged"),
    [FACT_RESOLVED] = _("Resolved"),
    /* Translators: when a vendor case ended (returned to L2 or rejected) */
    [FACT_CLOSED] = _("Closed"),
    [FACT_FOLLOW_UPS] = _("Follow-ups"),
    [FACT_TICKET_SLA] = _("Ticket SLA due"),
  };
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->vendor_filter_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->contract_filter_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < N_FACTS; i++)
    {
      self->fact_keys[i] = GTK_LABEL (gtk_label_new (keys[i]));
      gtk_label_set_xalign (self->fact_keys[i], 0);
      gtk_label_set_yalign (self->fact_keys[i], 0);
      gtk_widget_add_css_class (GTK_WIDGET (self->fact_keys[i]), "dim-label");

      self->fact_values[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->fact_values[i], 0);
      gtk_label_set_wrap (self->fact_values[i], TRUE);
      gtk_label_set_wrap_mode (self->fact_values[i], PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (self->fact_values[i], TRUE);
      gtk_widget_set_hexpand (GTK_WIDGET (self->fact_values[i]), TRUE);

      gtk_grid_attach (self->facts_grid, GTK_WIDGET (self->fact_keys[i]), 0, i, 1, 1);
      gtk_grid_attach (self->facts_grid, GTK_WIDGET (self->fact_values[i]), 1, i, 1, 1);
    }

  gtk_string_list_append (states, _("All States"));
  for (guint i = 0; i < G_N_ELEMENTS (filter_states); i++)
    gtk_string_list_append (states, onsite_handoff_state_to_label (filter_states[i]));
  gtk_drop_down_set_model (self->state_filter, G_LIST_MODEL (states));

  add_column (self, self->handoff_view, _("Time Left"), handoff_time_left_text, 150);
  add_column (self, self->handoff_view, _("Ticket"), handoff_ticket_text, 0);
  add_column (self, self->handoff_view, _("Vendor"), handoff_vendor_text, 0);
  add_column (self, self->handoff_view, _("State"), handoff_state_text, 110);
  add_column (self, self->handoff_view, _("Vendor’s Case"), handoff_reference_text, 110);

  add_column (self, self->score_view, _("Vendor"), score_vendor_text, 0);
  add_column (self, self->score_view, _("Hand-offs"), score_handoffs_text, 100);
  add_column (self, self->score_view, _("Median to Acknowledge"), score_acknowledge_text, 190);
  add_column (self, self->score_view, _("Median to Resolve"), score_resolve_text, 160);
  add_column (self, self->score_view, _("Within Contract"), score_within_text, 160);
  add_column (self, self->score_view, _("Rejected"), score_rejected_text, 90);

  gtk_list_box_set_placeholder (self->contact_list, placeholder_new (_("No contacts yet")));
  gtk_list_box_set_placeholder (self->contract_list, placeholder_new (_("No contracts yet")));

  gtk_stack_set_visible_child_name (self->list_stack, "empty");
  gtk_stack_set_visible_child_name (self->score_stack, "empty");
}

/**
 * onsite_vendors_view_new:
 *
 * Returns: (transfer full): a new coordinator view; give it a context
 */
GtkWidget *
onsite_vendors_view_new (void)
{
  return g_object_new (ONSITE_TYPE_VENDORS_VIEW, NULL);
}

OnsiteContext *
onsite_vendors_view_get_context (OnsiteVendorsView *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDORS_VIEW (self), NULL);

  return self->context;
}

/**
 * onsite_vendors_view_set_context:
 * @context: (nullable): the window's context
 *
 * Gives the view its store and clock, and reads everything it shows.
 */
void
onsite_vendors_view_set_context (OnsiteVendorsView *self,
                                 OnsiteContext     *context)
{
  g_return_if_fail (ONSITE_IS_VENDORS_VIEW (self));
  g_return_if_fail (context == NULL || ONSITE_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context)
    g_signal_handlers_disconnect_by_data (self->context, self);

  g_set_object (&self->context, context);

  gtk_column_view_set_model (self->handoff_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->handoffs);

  if (context != NULL)
    {
      self->handoffs = onsite_handoff_list_new (onsite_context_get_store (context));
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->handoffs)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      g_signal_connect_object (self->selection, "selection-changed",
                               G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_column_view_set_model (self->handoff_view, GTK_SELECTION_MODEL (self->selection));

      g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::now", G_CALLBACK (on_context_now_cb),
                               self, G_CONNECT_SWAPPED);
      reload (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONTEXT]);
}

/**
 * onsite_vendors_view_get_handoffs:
 *
 * Returns: (transfer none) (nullable): the open cases as shown, filters
 *   applied
 */
GListModel *
onsite_vendors_view_get_handoffs (OnsiteVendorsView *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDORS_VIEW (self), NULL);

  return self->handoffs ? G_LIST_MODEL (self->handoffs) : NULL;
}

/**
 * onsite_vendors_view_get_selected:
 *
 * Returns: (transfer none) (nullable): the case shown in the detail pane
 */
OnsiteHandoff *
onsite_vendors_view_get_selected (OnsiteVendorsView *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDORS_VIEW (self), NULL);

  return self->shown;
}

/**
 * onsite_vendors_view_select_handoff:
 *
 * Shows the open hand-offs with @handoff_id selected.
 *
 * Returns: %TRUE if the case is in the list as filtered
 */
gboolean
onsite_vendors_view_select_handoff (OnsiteVendorsView *self,
                                    gint64             handoff_id)
{
  g_return_val_if_fail (ONSITE_IS_VENDORS_VIEW (self), FALSE);

  if (self->handoffs == NULL)
    return FALSE;

  gtk_stack_set_visible_child_name (self->sections, "handoffs");
  restore_selection (self, handoff_id);

  return selected_handoff_id (self) == handoff_id;
}

/**
 * onsite_vendors_view_show_section:
 * @name: "handoffs", "scorecard" or "directory"
 */
void
onsite_vendors_view_show_section (OnsiteVendorsView *self,
                                  const char        *name)
{
  g_return_if_fail (ONSITE_IS_VENDORS_VIEW (self));

  gtk_stack_set_visible_child_name (self->sections, name);
}
