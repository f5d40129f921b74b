/* onsite-assign-dialog.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-assign-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "onsite-assign-dialog.h"
#include "onsite-store-dispatch.h"
#include "dispatch/onsite-rank.h"

/*
 * "Assign…": the technicians for one ticket on one day, ranked by the
 * core's score (src/core/dispatch/onsite-rank.c), each with the terms of
 * the score in words. The dispatcher picks one, may move the start in
 * 15-minute steps, and the store writes the visit, the history line and
 * the outbox row in one transaction. A ticket that has a visit already can
 * also be unassigned or have its visit cancelled here; picking another
 * technician reassigns it.
 *
 * Everything shown is plain text in GtkLabels: ticket titles and
 * technician names come from the ticket service.
 *
 * Travel comes from the window's travel model: the ranking is shown at once
 * with what is known, and again when the routing server (if one is set)
 * has answered for the day's places; the line under the list says which.
 */

struct _OnsiteAssignDialog
{
  AdwWindow        parent_instance;

  OnsiteContext   *context;
  OnsiteTicket    *ticket;
  OnsiteVisit     *visit;       /* the ticket's active visit, or NULL */
  GDateTime       *date;        /* midnight of the chosen day, local */
  OnsiteDay       *day;
  GListModel      *candidates;
  OnsiteTravelMatrix *travel;   /* the day's road times, or NULL */
  GCancellable    *travel_cancellable;
  gint64           best_id;     /* the technician chosen for the dispatcher */

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkWidget       *assign_button;
  GtkLabel        *ticket_label;
  GtkWidget       *visit_box;
  GtkLabel        *visit_label;
  GtkWidget       *unassign_button;
  GtkMenuButton   *date_button;
  GtkPopover      *date_popover;
  GtkCalendar     *calendar;
  GtkSpinButton   *start_spin;
  GtkListBox      *candidate_list;
  GtkLabel        *travel_label;

  guint            updating : 1;
  guint            focused_list : 1;
};

G_DEFINE_FINAL_TYPE (OnsiteAssignDialog, onsite_assign_dialog, ADW_TYPE_WINDOW)

static const char *
actor (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();

  return name;
}

static void
show_error (OnsiteAssignDialog *self,
            const GError       *error)
{
  /* A toast's title is markup; error messages may quote ticket text. */
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static GDateTime *
midnight_of (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_new_local (g_date_time_get_year (local),
                                g_date_time_get_month (local),
                                g_date_time_get_day_of_month (local), 0, 0, 0);
}

static char *
format_clock (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);

  return g_date_time_format (dt, "%H:%M");
}

/* Minutes since the chosen day's midnight, by the wall clock (DST safe). */
static int
minute_of_day (OnsiteAssignDialog *self,
               gint64              when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);
  int minutes = g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt);

  if (g_date_time_get_day_of_month (dt) != g_date_time_get_day_of_month (self->date))
    minutes = when < g_date_time_to_unix (self->date) ? 0 : 24 * 60 - 15;

  return minutes;
}

static gint64
time_of_minute (OnsiteAssignDialog *self,
                int                 minutes)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_time_get_year (self->date),
                                                   g_date_time_get_month (self->date),
                                                   g_date_time_get_day_of_month (self->date),
                                                   minutes / 60, minutes % 60, 0);

  return g_date_time_to_unix (dt);
}

static OnsiteCandidate *
selected_candidate (OnsiteAssignDialog *self)
{
  GtkListBoxRow *row;

  /* Rows are unselected while the template is torn down. */
  if (self->candidate_list == NULL)
    return NULL;

  row = gtk_list_box_get_selected_row (self->candidate_list);
  if (row == NULL)
    return NULL;

  return g_object_get_data (G_OBJECT (row), "onsite-candidate");
}

static void
update_buttons (OnsiteAssignDialog *self)
{
  OnsiteCandidate *candidate = selected_candidate (self);
  gboolean ok = candidate != NULL && onsite_candidate_get_feasible (candidate);

  gtk_widget_set_sensitive (self->assign_button, ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_spin), ok);
}

static GtkWidget *
make_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
make_row (OnsiteAssignDialog *self,
          OnsiteCandidate    *candidate)
{
  OnsiteTech *tech = onsite_candidate_get_tech (candidate);
  gboolean feasible = onsite_candidate_get_feasible (candidate);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *rank, *name, *slot, *why;
  g_autofree char *rank_text = NULL;
  g_autofree char *slot_text = NULL;
  g_autofree char *a11y = NULL;

  rank_text = g_strdup_printf ("%u", onsite_candidate_get_rank (candidate));
  rank = gtk_label_new (rank_text);
  gtk_widget_add_css_class (rank, "numeric");
  gtk_widget_add_css_class (rank, "dim-label");
  gtk_widget_set_valign (rank, GTK_ALIGN_START);
  gtk_label_set_width_chars (GTK_LABEL (rank), 2);

  name = make_label (onsite_tech_get_name (tech), "heading");

  if (feasible)
    {
      g_autofree char *from = format_clock (onsite_candidate_get_start (candidate));
      g_autofree char *to = format_clock (onsite_candidate_get_end (candidate));

      /* Translators: the earliest slot of a technician, "10:15–11:15" */
      slot_text = g_strdup_printf (_("%s–%s"), from, to);
    }
  else
    slot_text = g_strdup (_("Not available"));

  slot = gtk_label_new (slot_text);
  gtk_widget_add_css_class (slot, "numeric");
  gtk_widget_set_valign (slot, GTK_ALIGN_START);
  gtk_widget_set_halign (slot, GTK_ALIGN_END);

  why = make_label (onsite_candidate_get_explanation (candidate), "caption");
  gtk_widget_set_name (why, "candidate-terms");

  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), why);
  gtk_widget_set_hexpand (text, TRUE);

  gtk_box_append (GTK_BOX (box), rank);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), slot);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "onsite-candidate",
                          g_object_ref (candidate), g_object_unref);

  if (!feasible)
    {
      /* Shown, so that the dispatcher sees why, but not choosable. */
      gtk_widget_add_css_class (box, "dim-label");
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
    }

  a11y = g_strdup_printf ("%s, %s: %s", onsite_tech_get_name (tech), slot_text,
                          onsite_candidate_get_explanation (candidate));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);

  return row;
}

static void
update_visit (OnsiteAssignDialog *self)
{
  OnsiteStore *store = onsite_context_get_store (self->context);
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->visit);
  self->visit = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (self->ticket), &error);
  if (error != NULL)
    show_error (self, error);

  if (self->visit != NULL && onsite_visit_get_technician_id (self->visit) > 0)
    {
      g_autoptr(OnsiteTech) tech = onsite_store_get_tech (store, onsite_visit_get_technician_id (self->visit), NULL);
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (onsite_visit_get_start (self->visit));
      g_autofree char *day = g_date_time_format (start, _("%a %e %b"));
      g_autofree char *from = format_clock (onsite_visit_get_start (self->visit));
      g_autofree char *to = format_clock (onsite_visit_get_end (self->visit));
      g_autofree char *text = NULL;

      /* Translators: "Assigned to Marco Rossi, Tue 3 Mar 10:00–11:00" */
      text = g_strdup_printf (_("Assigned to %s, %s %s–%s"),
                              tech ? onsite_tech_get_name (tech) : _("an unknown technician"),
                              day, from, to);
      gtk_label_set_text (self->visit_label, text);
      gtk_widget_set_visible (self->visit_box, TRUE);
      gtk_widget_set_visible (self->unassign_button, TRUE);
      gtk_button_set_label (GTK_BUTTON (self->assign_button), _("_Reassign"));
    }
  else if (self->visit != NULL)
    {
      gtk_label_set_text (self->visit_label, _("Planned, waiting for a technician"));
      gtk_widget_set_visible (self->visit_box, TRUE);
      gtk_widget_set_visible (self->unassign_button, FALSE);
      gtk_button_set_label (GTK_BUTTON (self->assign_button), _("_Assign"));
    }
  else
    {
      gtk_widget_set_visible (self->visit_box, FALSE);
      gtk_button_set_label (GTK_BUTTON (self->assign_button), _("_Assign"));
    }
}

static void request_travel (OnsiteAssignDialog *self);

static void
rank (OnsiteAssignDialog *self)
{
  OnsiteStore *store = onsite_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  OnsiteDispatchOptions options;
  OnsiteRankRequest request;
  OnsiteTravelModel *travel = onsite_context_get_travel (self->context);
  g_autofree char *travel_text = NULL;
  GtkListBoxRow *chosen_row = NULL;
  gint64 chosen_id = 0;
  GtkWidget *child;
  GtkListBoxRow *first_feasible = NULL;
  guint n;

  /* Ranked again (road times came): keep the technician the dispatcher
   * picked, but not the one picked for them: the new best is. */
  if ((chosen_row = gtk_list_box_get_selected_row (self->candidate_list)))
    {
      OnsiteCandidate *chosen = g_object_get_data (G_OBJECT (chosen_row), "onsite-candidate");

      if (chosen != NULL && onsite_tech_get_id (onsite_candidate_get_tech (chosen)) != self->best_id)
        chosen_id = onsite_tech_get_id (onsite_candidate_get_tech (chosen));
    }
  chosen_row = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->candidate_list))))
    gtk_list_box_remove (self->candidate_list, child);
  g_clear_object (&self->candidates);
  g_clear_object (&self->day);

  if (!(self->day = onsite_store_load_day (store, self->date, &error)))
    {
      show_error (self, error);
      update_buttons (self);
      return;
    }

  onsite_travel_model_init_options (travel, &options, self->travel);
  options.now = onsite_context_get_now (self->context);
  onsite_rank_request_init_from_ticket (&request, self->ticket);

  self->candidates = onsite_rank_candidates (self->day, &request, &options);
  n = g_list_model_get_n_items (self->candidates);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteCandidate) candidate = g_list_model_get_item (self->candidates, i);
      GtkWidget *row = make_row (self, candidate);

      gtk_list_box_append (self->candidate_list, row);
      if (first_feasible == NULL && onsite_candidate_get_feasible (candidate))
        first_feasible = GTK_LIST_BOX_ROW (row);
      if (chosen_id != 0 && onsite_tech_get_id (onsite_candidate_get_tech (candidate)) == chosen_id)
        chosen_row = GTK_LIST_BOX_ROW (row);
    }

  travel_text = onsite_travel_model_describe (travel, self->travel);
  gtk_label_set_text (self->travel_label, travel_text);

  if (n == 0)
    {
      GtkWidget *label = gtk_label_new (_("No technicians yet"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 18);
      gtk_widget_set_margin_bottom (label, 18);
      gtk_list_box_append (self->candidate_list, label);
      gtk_list_box_row_set_selectable (gtk_list_box_get_row_at_index (self->candidate_list, 0), FALSE);
    }

  /* The best one is chosen already: Enter assigns it. */
  self->best_id = 0;
  if (first_feasible != NULL)
    {
      OnsiteCandidate *best = g_object_get_data (G_OBJECT (first_feasible), "onsite-candidate");

      self->best_id = onsite_tech_get_id (onsite_candidate_get_tech (best));
    }
  gtk_list_box_select_row (self->candidate_list, chosen_row ? chosen_row : first_feasible);

  /* The first time, the focus goes to the chosen row too, or Enter would
   * press the Cancel button, which has it when the dialog opens. Later fills
   * follow a change of day or start: the focus stays where that was made. */
  if (!self->focused_list && (chosen_row != NULL || first_feasible != NULL))
    {
      self->focused_list = TRUE;
      gtk_widget_grab_focus (GTK_WIDGET (chosen_row ? chosen_row : first_feasible));
    }

  update_buttons (self);
}

static void
travel_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OnsiteAssignDialog) self = user_data;
  g_autoptr(OnsiteTravelMatrix) matrix = NULL;
  g_autoptr(GError) error = NULL;

  if (!(matrix = onsite_travel_model_day_finish (ONSITE_TRAVEL_MODEL (object), result, &error)))
    return;   /* cancelled: another day, or the dialog closed */

  g_clear_pointer (&self->travel, onsite_travel_matrix_unref);
  self->travel = g_steal_pointer (&matrix);
  rank (self);
}

/* Road times for the day's places and the ticket's, when a routing server
 * is set; the ranking is shown with the estimate meanwhile. */
static void
request_travel (OnsiteAssignDialog *self)
{
  OnsiteTravelModel *travel = onsite_context_get_travel (self->context);
  OnsitePoint target;
  gboolean has_target;

  g_cancellable_cancel (self->travel_cancellable);
  g_clear_object (&self->travel_cancellable);
  g_clear_pointer (&self->travel, onsite_travel_matrix_unref);

  if (self->day == NULL || onsite_travel_model_get_router_url (travel) == NULL)
    return;

  has_target = onsite_ticket_get_location (self->ticket, &target.latitude, &target.longitude);
  self->travel_cancellable = g_cancellable_new ();
  onsite_travel_model_day_async (travel, self->day, has_target ? &target : NULL, has_target ? 1 : 0,
                                 self->travel_cancellable, travel_ready_cb, g_object_ref (self));
}

static void
on_travel_changed_cb (OnsiteAssignDialog *self,
                      OnsiteTravelModel  *travel)
{
  g_clear_pointer (&self->travel, onsite_travel_matrix_unref);
  rank (self);
  request_travel (self);
}

static void
update_date_label (OnsiteAssignDialog *self)
{
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (onsite_context_get_now (self->context));
  g_autofree char *label = NULL;

  if (g_date_time_get_year (today) == g_date_time_get_year (self->date) &&
      g_date_time_get_day_of_year (today) == g_date_time_get_day_of_year (self->date))
    {
      g_autofree char *date = g_date_time_format (self->date, _("%a %e %b"));

      /* Translators: "Today, Tue 3 Mar" */
      label = g_strdup_printf (_("Today, %s"), date);
    }
  else
    label = g_date_time_format (self->date, _("%A %e %B %Y"));

  gtk_menu_button_set_label (self->date_button, label);
}

/**
 * onsite_assign_dialog_set_date:
 * @date: any time on the day to plan
 *
 * Ranks the technicians for that day.
 */
void
onsite_assign_dialog_set_date (OnsiteAssignDialog *self,
                               GDateTime          *date)
{
  g_autoptr(GDateTime) midnight = NULL;

  g_return_if_fail (ONSITE_IS_ASSIGN_DIALOG (self));
  g_return_if_fail (date != NULL);

  midnight = midnight_of (date);
  if (self->date != NULL && g_date_time_equal (midnight, self->date))
    return;

  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = g_steal_pointer (&midnight);

  self->updating = TRUE;
  gtk_calendar_select_day (self->calendar, self->date);
  self->updating = FALSE;

  update_date_label (self);
  g_clear_pointer (&self->travel, onsite_travel_matrix_unref);
  rank (self);
  request_travel (self);
}

GDateTime *
onsite_assign_dialog_get_date (OnsiteAssignDialog *self)
{
  g_return_val_if_fail (ONSITE_IS_ASSIGN_DIALOG (self), NULL);

  return self->date;
}

/**
 * onsite_assign_dialog_get_candidates:
 *
 * Returns: (transfer none) (nullable): the ranked #OnsiteCandidate list
 *   shown, best first
 */
GListModel *
onsite_assign_dialog_get_candidates (OnsiteAssignDialog *self)
{
  g_return_val_if_fail (ONSITE_IS_ASSIGN_DIALOG (self), NULL);

  return self->candidates;
}

/**
 * onsite_assign_dialog_get_start:
 *
 * Returns: the start the visit would get, unix seconds, or 0 when no
 *   technician is chosen
 */
gint64
onsite_assign_dialog_get_start (OnsiteAssignDialog *self)
{
  g_return_val_if_fail (ONSITE_IS_ASSIGN_DIALOG (self), 0);

  if (selected_candidate (self) == NULL)
    return 0;

  return time_of_minute (self, gtk_spin_button_get_value_as_int (self->start_spin));
}

static void
calendar_day_selected_cb (OnsiteAssignDialog *self,
                          GtkCalendar        *calendar)
{
  g_autoptr(GDateTime) date = NULL;

  if (self->updating)
    return;

  date = gtk_calendar_get_date (calendar);
  gtk_popover_popdown (self->date_popover);
  onsite_assign_dialog_set_date (self, date);
}

static gboolean
start_spin_output_cb (OnsiteAssignDialog *self,
                      GtkSpinButton      *spin)
{
  int minutes = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static int
start_spin_input_cb (OnsiteAssignDialog *self,
                     double             *new_value,
                     GtkSpinButton      *spin)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  guint hours = 0, minutes = 0;

  if (sscanf (text, "%u:%u", &hours, &minutes) < 1 || hours > 23 || minutes > 59)
    return GTK_INPUT_ERROR;

  *new_value = hours * 60 + minutes;
  return TRUE;
}

static void
candidate_selected_cb (OnsiteAssignDialog *self,
                       GtkListBoxRow      *row,
                       GtkListBox         *list)
{
  OnsiteCandidate *candidate = selected_candidate (self);

  if (self->start_spin == NULL)
    return;

  if (candidate != NULL && onsite_candidate_get_feasible (candidate))
    gtk_spin_button_set_value (self->start_spin,
                               minute_of_day (self, onsite_candidate_get_start (candidate)));

  update_buttons (self);
}

static gboolean
assign (OnsiteAssignDialog *self)
{
  OnsiteCandidate *candidate = selected_candidate (self);
  g_autoptr(GError) error = NULL;
  gint64 start, end, length;

  if (candidate == NULL || !onsite_candidate_get_feasible (candidate))
    return FALSE;

  length = onsite_candidate_get_end (candidate) - onsite_candidate_get_start (candidate);
  start = onsite_assign_dialog_get_start (self);
  end = start + MAX (length, 15 * 60);

  if (!onsite_store_assign_ticket (onsite_context_get_store (self->context),
                                   onsite_ticket_get_id (self->ticket),
                                   onsite_tech_get_id (onsite_candidate_get_tech (candidate)),
                                   start, end, actor (), &error))
    {
      show_error (self, error);
      return FALSE;
    }

  onsite_context_store_changed (self->context);
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}

static void
assign_clicked_cb (OnsiteAssignDialog *self,
                   GtkButton          *button)
{
  assign (self);
}

static void
candidate_activated_cb (OnsiteAssignDialog *self,
                        GtkListBoxRow      *row,
                        GtkListBox         *list)
{
  /* Enter or a double click on the chosen row assigns it. */
  if (row == gtk_list_box_get_selected_row (list))
    assign (self);
}

static void
unassign_clicked_cb (OnsiteAssignDialog *self,
                     GtkButton          *button)
{
  g_autoptr(GError) error = NULL;

  if (self->visit == NULL)
    return;

  if (!onsite_store_unassign_visit (onsite_context_get_store (self->context),
                                    onsite_visit_get_id (self->visit), actor (), &error))
    {
      show_error (self, error);
      return;
    }

  onsite_context_store_changed (self->context);
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
cancel_visit_response_cb (OnsiteAssignDialog *self,
                          const char         *response,
                          AdwMessageDialog   *dialog)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "cancel-visit") != 0 || self->visit == NULL)
    return;

  if (!onsite_store_cancel_visit (onsite_context_get_store (self->context),
                                  onsite_visit_get_id (self->visit),
                                  _("Cancelled by the dispatcher"), actor (), &error))
    {
      show_error (self, error);
      return;
    }

  onsite_context_store_changed (self->context);

  /* The question is transient for this window and still closing: this
   * window goes once it has. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

static void
cancel_visit_clicked_cb (OnsiteAssignDialog *self,
                         GtkButton          *button)
{
  GtkWidget *dialog;

  if (self->visit == NULL)
    return;

  /* Cancelling tells the requester nobody is coming: ask first. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Cancel the Visit?"),
                                   _("The ticket goes back to the open tickets, with no technician and no time."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Visit"),
                                    "cancel-visit", _("_Cancel Visit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-visit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_visit_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
onsite_assign_dialog_dispose (GObject *object)
{
  OnsiteAssignDialog *self = (OnsiteAssignDialog *)object;

  g_cancellable_cancel (self->travel_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_ASSIGN_DIALOG);

  G_OBJECT_CLASS (onsite_assign_dialog_parent_class)->dispose (object);
}

static void
onsite_assign_dialog_finalize (GObject *object)
{
  OnsiteAssignDialog *self = (OnsiteAssignDialog *)object;

  g_clear_object (&self->candidates);
  g_clear_object (&self->day);
  g_clear_object (&self->travel_cancellable);
  g_clear_pointer (&self->travel, onsite_travel_matrix_unref);
  g_clear_object (&self->visit);
  g_clear_object (&self->ticket);
  g_clear_object (&self->context);
  g_clear_pointer (&self->date, g_date_time_unref);

  G_OBJECT_CLASS (onsite_assign_dialog_parent_class)->finalize (object);
}

static void
onsite_assign_dialog_class_init (OnsiteAssignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onsite_assign_dialog_dispose;
  object_class->finalize = onsite_assign_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-assign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, assign_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, ticket_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, visit_box);
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, visit_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, unassign_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, date_popover);
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, start_spin);
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, travel_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteAssignDialog, candidate_list);
  gtk_widget_class_bind_template_callback (widget_class, assign_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, unassign_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_visit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_spin_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, candidate_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, candidate_activated_cb);
}

static void
onsite_assign_dialog_init (OnsiteAssignDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * onsite_assign_dialog_new:
 * @parent: the window it belongs to
 * @context: the store and the present
 * @ticket: the ticket to assign
 *
 * Returns: (transfer none): a new dialog for today (the context's present),
 *   or the day of the ticket's visit when it has one
 */
OnsiteAssignDialog *
onsite_assign_dialog_new (GtkWindow     *parent,
                          OnsiteContext *context,
                          OnsiteTicket  *ticket)
{
  OnsiteAssignDialog *self;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ONSITE_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (ONSITE_IS_TICKET (ticket), NULL);

  self = g_object_new (ONSITE_TYPE_ASSIGN_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->context = g_object_ref (context);
  self->ticket = g_object_ref (ticket);
  g_signal_connect_object (onsite_context_get_travel (context), "changed",
                           G_CALLBACK (on_travel_changed_cb), self, G_CONNECT_SWAPPED);

  /* Translators: "Ticket 42 · Printer jams on floor 3" */
  heading = g_strdup_printf (_("Ticket %" G_GINT64_FORMAT " · %s"),
                             onsite_ticket_get_id (ticket), onsite_ticket_get_title (ticket));
  gtk_label_set_text (self->ticket_label, heading);

  update_visit (self);

  if (self->visit != NULL && onsite_visit_get_start (self->visit) > onsite_context_get_now (context))
    date = g_date_time_new_from_unix_local (onsite_visit_get_start (self->visit));
  else
    date = g_date_time_new_from_unix_local (onsite_context_get_now (context));

  onsite_assign_dialog_set_date (self, date);

  return self;
}
