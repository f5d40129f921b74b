/* onsite-plan-day-dialog.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-plan-day-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "onsite-plan-day-dialog.h"
#include "onsite-store-dispatch.h"
#include "planning/onsite-day-planner.h"

/*
 * "Plan Day": runs the day planner in a worker thread with a progress bar
 * (Cancel keeps the best plan found so far), then shows the proposal as a
 * diff against the day as it is: the totals now and planned, and the
 * changes grouped as moved, added and unassigned, each with a check button.
 * Applying goes through the dispatch store functions, one transaction with
 * its history line and outbox row per change, like a change by hand.
 */

/* How long the planner may search: the promise is a plan in about
 * a second. */
#define PLAN_SECONDS 1.0

struct _OnsitePlanDayDialog
{
  AdwWindow          parent_instance;

  OnsiteContext     *context;
  GDateTime         *date;
  OnsiteDayPlanner  *planner;
  OnsiteDayPlan     *plan;
  OnsiteTravelMatrix *travel;        /* road times the planner reads */
  GCancellable      *cancellable;
  GPtrArray         *total_labels;   /* the "planned" column, to update */
  guint              pulse_id;
  gboolean           got_progress;
  gboolean           closed;

  AdwWindowTitle    *window_title;
  GtkStack          *stack;
  GtkProgressBar    *progress_bar;
  GtkButton         *stop_button;
  AdwStatusPage     *error_page;
  GtkLabel          *partial_label;
  GtkGrid           *totals_grid;
  GtkBox            *groups_box;
  GtkLabel          *unchanged_label;
  GtkLabel          *apply_error_label;
  GtkButton         *discard_button;
  GtkButton         *apply_selected_button;
  GtkButton         *apply_all_button;
};

G_DEFINE_FINAL_TYPE (OnsitePlanDayDialog, onsite_plan_day_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Totals ------------------------------------------------------------------ */

enum { ROW_SERVED, ROW_BREACHES, ROW_TRAVEL, N_ROWS };

static char *
format_total (const OnsiteDayPlanTotals *totals,
              int                        row)
{
  switch (row)
    {
    case ROW_SERVED: return g_strdup_printf ("%u", totals->served);
    case ROW_BREACHES: return g_strdup_printf ("%u", totals->breaches);
    case ROW_TRAVEL:
    default: return onsite_travel_format_minutes (totals->travel_seconds);
    }
}

static GtkWidget *
total_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
fill_totals (OnsitePlanDayDialog *self)
{
  OnsiteDayPlanTotals before;

  onsite_day_plan_get_totals (self->plan, &before, NULL);
  self->total_labels = g_ptr_array_new ();

  for (int row = 0; row < N_ROWS; row++)
    {
      g_autofree char *now = format_total (&before, row);
      GtkWidget *arrow = gtk_label_new ("→");
      GtkWidget *after = total_label ("");

      gtk_widget_add_css_class (arrow, "dim-label");
      gtk_widget_add_css_class (after, "heading");
      gtk_grid_attach (self->totals_grid, total_label (now), 1, row + 1, 1, 1);
      gtk_grid_attach (self->totals_grid, arrow, 2, row + 1, 1, 1);
      gtk_grid_attach (self->totals_grid, after, 3, row + 1, 1, 1);
      g_ptr_array_add (self->total_labels, after);
    }
}

/* The "planned" column follows the check buttons: it is the day with the
 * selected changes made. */
static void
update_totals (OnsitePlanDayDialog *self)
{
  OnsiteDayPlanTotals after;
  GListModel *changes;
  gboolean any = FALSE;

  if (self->plan == NULL || self->total_labels == NULL)
    return;

  onsite_day_plan_compute_totals (self->plan, TRUE, &after);
  for (int row = 0; row < N_ROWS; row++)
    {
      g_autofree char *text = format_total (&after, row);

      gtk_label_set_text (g_ptr_array_index (self->total_labels, row), text);
    }

  changes = onsite_day_plan_get_changes (self->plan);
  for (guint i = 0; i < g_list_model_get_n_items (changes) && !any; i++)
    {
      g_autoptr(OnsiteDayPlanChange) change = g_list_model_get_item (changes, i);

      any = onsite_day_plan_change_get_selected (change) && !onsite_day_plan_change_get_applied (change);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_selected_button), any);
}

/* Changes ----------------------------------------------------------------- */

static void
on_selected_changed_cb (OnsitePlanDayDialog *self)
{
  update_totals (self);
}

static GtkWidget *
change_row (OnsitePlanDayDialog *self,
            OnsiteDayPlanChange *change)
{
  OnsiteDay *day = onsite_day_plan_get_day (self->plan);
  g_autofree char *description = onsite_day_plan_change_dup_description (change, day);
  const char *reason = onsite_day_plan_change_get_reason_text (change);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title;
  GtkWidget *subtitle;

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  if (onsite_day_plan_change_get_applicable (change))
    {
      GtkWidget *check = gtk_check_button_new ();

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_bind_property (change, "selected", check, "active",
                              G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      g_object_bind_property (change, "applied", check, "sensitive",
                              G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
      g_signal_connect_object (change, "notify::selected",
                               G_CALLBACK (on_selected_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), check);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "check", check);
      g_object_set_data (G_OBJECT (check), "change", change);
    }
  else
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");

      gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (icon, "dim-label");
      gtk_widget_set_tooltip_text (icon, _("Nothing to apply: the ticket stays without a technician"));
      gtk_box_append (GTK_BOX (box), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
    }

  /* Ticket titles come from the ticket service: plain text only. */
  title = gtk_label_new (onsite_day_plan_change_get_title (change));
  gtk_label_set_use_markup (GTK_LABEL (title), FALSE);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (text), title);

  subtitle = gtk_label_new (description);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (text), subtitle);

  if (reason != NULL)
    {
      GtkWidget *why = gtk_label_new (reason);

      gtk_label_set_xalign (GTK_LABEL (why), 0.0);
      gtk_label_set_wrap (GTK_LABEL (why), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (why), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (why, "caption");
      gtk_box_append (GTK_BOX (text), why);
    }

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
on_row_activated_cb (GtkListBox    *list,
                     GtkListBoxRow *row,
                     gpointer       user_data)
{
  GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");

  if (check != NULL && gtk_widget_get_sensitive (check))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                 !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
}

static void
add_group (OnsitePlanDayDialog     *self,
           OnsiteDayPlanChangeKind  kind,
           const char              *heading)
{
  GListModel *changes = onsite_day_plan_get_changes (self->plan);
  guint n = onsite_day_plan_count (self->plan, kind);
  g_autofree char *text = NULL;
  GtkWidget *group;
  GtkWidget *label;
  GtkWidget *list;

  if (n == 0)
    return;

  group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  text = g_strdup_printf ("%s (%u)", heading, n);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (group), label);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  g_signal_connect (list, "row-activated", G_CALLBACK (on_row_activated_cb), NULL);
  gtk_widget_set_name (list, onsite_day_plan_change_kind_to_string (kind));

  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(OnsiteDayPlanChange) change = g_list_model_get_item (changes, i);

      if (onsite_day_plan_change_get_kind (change) == kind)
        gtk_list_box_append (GTK_LIST_BOX (list), change_row (self, change));
    }

  gtk_box_append (GTK_BOX (group), list);
  gtk_box_append (self->groups_box, group);
}

static void
show_plan (OnsitePlanDayDialog *self,
           OnsiteDayPlan       *plan)
{
  guint n_unchanged;
  guint n_applicable = 0;
  GListModel *changes;

  g_set_object (&self->plan, plan);

  gtk_widget_set_visible (GTK_WIDGET (self->partial_label), !onsite_day_plan_get_complete (plan));
  fill_totals (self);

  add_group (self, ONSITE_DAY_PLAN_MOVED, _("Moved"));
  add_group (self, ONSITE_DAY_PLAN_ADDED, _("Added"));
  add_group (self, ONSITE_DAY_PLAN_UNASSIGNED, _("Unassigned"));

  n_unchanged = onsite_day_plan_count (plan, ONSITE_DAY_PLAN_UNCHANGED);
  if (n_unchanged > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u visit stays as it is.",
                                                            "%u visits stay as they are.",
                                                            n_unchanged),
                                               n_unchanged);
      gtk_label_set_text (self->unchanged_label, text);
    }
  else if (g_list_model_get_n_items (onsite_day_plan_get_changes (plan)) == 0)
    gtk_label_set_text (self->unchanged_label, _("There are no visits or open tickets due that day."));

  changes = onsite_day_plan_get_changes (plan);
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(OnsiteDayPlanChange) change = g_list_model_get_item (changes, i);

      n_applicable += onsite_day_plan_change_get_applicable (change);
    }

  if (n_applicable == 0 && n_unchanged > 0)
    gtk_label_set_text (self->unchanged_label, _("The day is already as good as the planner can make it."));

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_all_button), n_applicable > 0);
  update_totals (self);
  gtk_stack_set_visible_child_name (self->stack, "result");
}

/* Planning ---------------------------------------------------------------- */

static gboolean
pulse_cb (gpointer user_data)
{
  OnsitePlanDayDialog *self = user_data;

  if (!self->got_progress)
    gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
on_progress_cb (OnsitePlanDayDialog *self,
                double               fraction)
{
  self->got_progress = TRUE;
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static void
show_error (OnsitePlanDayDialog *self,
            const char          *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
plan_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OnsitePlanDayDialog) self = user_data;
  g_autoptr(OnsiteDayPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  plan = onsite_day_planner_plan_finish (ONSITE_DAY_PLANNER (object), result, &error);
  g_clear_handle_id (&self->pulse_id, g_source_remove);

  if (self->closed)
    return;

  if (plan == NULL)
    show_error (self, error->message);
  else
    show_plan (self, plan);
}

static void
start_planner (OnsitePlanDayDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) local = g_date_time_to_local (self->date);
  OnsiteDispatchOptions dispatch;
  OnsiteDayPlanOptions options;
  gint64 now = onsite_context_get_now (self->context);

  /* The same travel as the ranking and the timeline: the settings' speed
   * and detour, road times where the routing server gave them. */
  onsite_travel_model_init_options (onsite_context_get_travel (self->context), &dispatch, self->travel);
  onsite_day_plan_options_init (&options);
  options.now = now;
  options.time_limit = PLAN_SECONDS;
  options.dispatch = &dispatch;

  self->planner = onsite_day_planner_new (&options);
  if (!onsite_day_planner_load (self->planner, onsite_context_get_store (self->context), local, &error))
    {
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      show_error (self, error->message);
      return;
    }

  g_signal_connect_object (self->planner, "progress", G_CALLBACK (on_progress_cb), self, G_CONNECT_SWAPPED);
  onsite_day_planner_plan_async (self->planner, self->cancellable, plan_ready_cb, g_object_ref (self));
}

static void
travel_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OnsitePlanDayDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Stopped while asking: the planner then stops at once, as it would. */
  self->travel = onsite_travel_model_day_finish (ONSITE_TRAVEL_MODEL (object), result, &error);
  if (!self->closed)
    start_planner (self);
}

static void
start (OnsitePlanDayDialog *self)
{
  OnsiteTravelModel *travel = onsite_context_get_travel (self->context);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(OnsiteDay) day = NULL;
  g_autofree char *subtitle = NULL;

  local = g_date_time_to_local (self->date);
  /* Translators: the day being planned, as in "Monday 23 November" */
  subtitle = g_date_time_format (local, _("%A %e %B"));
  adw_window_title_set_subtitle (self->window_title, g_strstrip (subtitle));
  self->pulse_id = g_timeout_add (100, pulse_cb, self);

  /* Ask the routing server first, if there is one; a server that is down
   * costs its timeout at most, then the planner estimates. */
  if (onsite_travel_model_get_router_url (travel) != NULL &&
      (day = onsite_store_load_day (onsite_context_get_store (self->context), local, NULL)))
    {
      onsite_travel_model_day_async (travel, day, NULL, 0, self->cancellable,
                                     travel_ready_cb, g_object_ref (self));
      return;
    }

  start_planner (self);
}

/* Buttons ----------------------------------------------------------------- */

static void
on_stop_clicked_cb (OnsitePlanDayDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), FALSE);
  g_cancellable_cancel (self->cancellable);
}

static void
on_discard_clicked_cb (OnsitePlanDayDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static const char *
actor_name (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return name;
}

static void
apply (OnsitePlanDayDialog *self,
       gboolean             selected_only)
{
  g_autoptr(GError) error = NULL;
  guint n;

  if (self->plan == NULL)
    return;

  n = onsite_day_plan_apply (self->plan, onsite_context_get_store (self->context),
                             selected_only, actor_name (), &error);
  if (n > 0)
    onsite_context_store_changed (self->context);

  if (error != NULL)
    {
      gtk_label_set_text (self->apply_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->apply_error_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->apply_all_button), FALSE);
      gtk_button_set_label (self->discard_button, _("_Close"));
      update_totals (self);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
on_apply_selected_clicked_cb (OnsitePlanDayDialog *self)
{
  apply (self, TRUE);
}

static void
on_apply_all_clicked_cb (OnsitePlanDayDialog *self)
{
  apply (self, FALSE);
}

/* GObject ----------------------------------------------------------------- */

static void
onsite_plan_day_dialog_constructed (GObject *object)
{
  OnsitePlanDayDialog *self = (OnsitePlanDayDialog *)object;

  G_OBJECT_CLASS (onsite_plan_day_dialog_parent_class)->constructed (object);

  if (self->date == NULL)
    self->date = g_date_time_new_from_unix_local (onsite_context_get_now (self->context));

  start (self);
}

static void
onsite_plan_day_dialog_dispose (GObject *object)
{
  OnsitePlanDayDialog *self = (OnsitePlanDayDialog *)object;

  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_PLAN_DAY_DIALOG);

  G_OBJECT_CLASS (onsite_plan_day_dialog_parent_class)->dispose (object);
}

static void
onsite_plan_day_dialog_finalize (GObject *object)
{
  OnsitePlanDayDialog *self = (OnsitePlanDayDialog *)object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_object (&self->planner);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->travel, onsite_travel_matrix_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->total_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (onsite_plan_day_dialog_parent_class)->finalize (object);
}

static void
onsite_plan_day_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  OnsitePlanDayDialog *self = ONSITE_PLAN_DAY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_plan_day_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  OnsitePlanDayDialog *self = ONSITE_PLAN_DAY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_DATE:
      self->date = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_plan_day_dialog_class_init (OnsitePlanDayDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = onsite_plan_day_dialog_constructed;
  object_class->dispose = onsite_plan_day_dialog_dispose;
  object_class->finalize = onsite_plan_day_dialog_finalize;
  object_class->get_property = onsite_plan_day_dialog_get_property;
  object_class->set_property = onsite_plan_day_dialog_set_property;

  properties [PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ONSITE_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-plan-day-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, partial_label);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, totals_grid);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, groups_box);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, unchanged_label);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, apply_error_label);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, discard_button);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, apply_selected_button);
  gtk_widget_class_bind_template_child (widget_class, OnsitePlanDayDialog, apply_all_button);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_discard_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_selected_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_all_clicked_cb);

  /* Like Discard: nothing is written until Apply. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
onsite_plan_day_dialog_init (OnsitePlanDayDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

/**
 * onsite_plan_day_dialog_new:
 * @parent: (nullable): the window to be modal for
 * @context: the window's shared services (the store, the present)
 * @date: (nullable): any time on the day to plan; %NULL for today
 *
 * Starts planning at once.
 *
 * Returns: (transfer full): a new dialog, not yet shown
 */
GtkWidget *
onsite_plan_day_dialog_new (GtkWindow     *parent,
                            OnsiteContext *context,
                            GDateTime     *date)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ONSITE_IS_CONTEXT (context), NULL);

  return g_object_new (ONSITE_TYPE_PLAN_DAY_DIALOG,
                       "transient-for", parent,
                       "context", context,
                       "date", date,
                       NULL);
}

/**
 * onsite_plan_day_dialog_get_plan:
 *
 * Returns: (transfer none) (nullable): the proposal, once planning is done
 */
OnsiteDayPlan *
onsite_plan_day_dialog_get_plan (OnsitePlanDayDialog *self)
{
  g_return_val_if_fail (ONSITE_IS_PLAN_DAY_DIALOG (self), NULL);

  return self->plan;
}
