/* onsite-window.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-window"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "onsite-conflicts-dialog.h"
#include "onsite-context.h"
#include "onsite-demo.h"
#include "onsite-map-view.h"
#include "onsite-my-day-view.h"
#include "onsite-schedule-view.h"
#include "onsite-store-dispatch.h"
#include "onsite-sync.h"
#include "onsite-sync-settings.h"
#include "onsite-ticket-detail.h"
#include "onsite-ticket-row.h"
#include "onsite-window.h"
#include "onsite-window-private.h"
#include "onsite-window-plan.h"
#include "onsite-window-vendor.h"

struct _OnsiteWindow
{
  AdwApplicationWindow  parent_instance;

  char                 *db_path;
  OnsiteStore          *store;
  OnsiteContext        *context;
  OnsiteBoardModel     *board;
  GtkSingleSelection   *selection;
  GCancellable         *cancellable;
  GSettings            *settings;
  OnsiteSync           *sync;
  GCancellable         *sync_cancellable;
  char                 *sync_setup_error;
  guint                 sync_timer;
  guint                 sync_reconfigure_source;
  guint                 clock_source;
  gboolean              fill_demo;
  gboolean              updating_filters;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *view_stack;
  GtkStack             *main_stack;
  GtkWidget            *search_button;
  GtkWidget            *filter_button;
  GtkWidget            *detail_button;
  GtkWidget            *sync_button;
  GtkImage             *sync_icon;
  GtkSpinner           *sync_spinner;
  GtkProgressBar       *sync_progress;
  GtkLabel             *sync_count_label;
  GtkLabel             *sync_status_label;
  GtkLabel             *sync_detail_label;
  GtkWidget            *conflicts_button;
  GtkRevealer          *sync_banner;
  GtkWidget            *dispatcher_row;
  GtkWidget            *technician_row;
  GtkWidget            *coordinator_row;
  GtkRevealer          *technician_revealer;
  GtkLabel             *technician_prompt;
  GtkListBox           *technician_list;
  GtkLabel             *sync_banner_label;
  AdwStatusPage        *error_page;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *filter_revealer;
  GtkLabel             *filter_label;
  GtkStack             *list_stack;
  GtkListView          *ticket_list;
  GtkPaned             *paned;
  AdwFlap              *detail_flap;
  OnsiteMapView        *map_view;
  GtkStack             *detail_stack;
  OnsiteTicketDetail   *detail;
};

G_DEFINE_FINAL_TYPE (OnsiteWindow, onsite_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DB_PATH,
  PROP_FILL_DEMO,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef enum
{
  FILTER_SLA,
  FILTER_PRIORITY,
  FILTER_STATUS,
  FILTER_LEVEL,
} FilterKind;

/* The filter menu's actions, each one bit of an OnsiteBoardFilter. */
static const struct {
  const char *action;
  FilterKind  kind;
  guint       bit;
} filter_actions[] = {
  { "filter-sla-breached", FILTER_SLA, ONSITE_SLA_BREACHED },
  { "filter-sla-at-risk", FILTER_SLA, ONSITE_SLA_AT_RISK },
  { "filter-sla-on-track", FILTER_SLA, ONSITE_SLA_ON_TRACK },
  { "filter-sla-none", FILTER_SLA, ONSITE_SLA_NONE },
  { "filter-priority-1", FILTER_PRIORITY, 1 },
  { "filter-priority-2", FILTER_PRIORITY, 2 },
  { "filter-priority-3", FILTER_PRIORITY, 3 },
  { "filter-priority-4", FILTER_PRIORITY, 4 },
  { "filter-status-new", FILTER_STATUS, ONSITE_TICKET_STATUS_NEW },
  { "filter-status-open", FILTER_STATUS, ONSITE_TICKET_STATUS_OPEN },
  { "filter-status-scheduled", FILTER_STATUS, ONSITE_TICKET_STATUS_SCHEDULED },
  { "filter-status-in-progress", FILTER_STATUS, ONSITE_TICKET_STATUS_IN_PROGRESS },
  { "filter-status-waiting", FILTER_STATUS, ONSITE_TICKET_STATUS_WAITING },
  { "filter-level-1", FILTER_LEVEL, 1 },
  { "filter-level-2", FILTER_LEVEL, 2 },
  { "filter-level-3", FILTER_LEVEL, 3 },
};

static gint64
window_now (OnsiteWindow *self)
{
  if (self->board != NULL)
    return onsite_board_model_get_now (self->board);

  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
show_error_toast (OnsiteWindow *self,
                  const GError *error)
{
  /* libadwaita 1.2 reads a toast's title as markup, and the message may
   * quote ticket text: escape it. */
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_title (OnsiteWindow *self)
{
  g_autofree char *subtitle = NULL;
  guint shown, total;

  if (self->board == NULL)
    {
      adw_view_switcher_title_set_subtitle (self->window_title, NULL);
      return;
    }

  shown = g_list_model_get_n_items (G_LIST_MODEL (self->board));
  total = onsite_board_model_get_n_total (self->board);

  if (shown == total)
    subtitle = g_strdup_printf (ngettext ("%u open ticket", "%u open tickets", total), total);
  else
    /* Translators: "12 of 300 open tickets" */
    subtitle = g_strdup_printf (ngettext ("%u of %u open ticket", "%u of %u open tickets", total),
                                shown, total);

  adw_view_switcher_title_set_subtitle (self->window_title, subtitle);
}

static void
update_filter_summary (OnsiteWindow *self)
{
  OnsiteBoardFilter filter;
  g_autoptr(GString) summary = g_string_new (NULL);
  gboolean any = FALSE;

  if (self->board == NULL)
    return;

  onsite_board_model_get_filter (self->board, &filter);

  for (guint i = 0; i < G_N_ELEMENTS (filter_actions); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), filter_actions[i].action);
      g_autoptr(GVariant) state = g_action_get_state (action);

      if (g_variant_get_boolean (state))
        any = TRUE;
    }

  if (any)
    {
      g_string_append_printf (summary,
                              ngettext ("Filtered: %u ticket shown", "Filtered: %u tickets shown",
                                        g_list_model_get_n_items (G_LIST_MODEL (self->board))),
                              g_list_model_get_n_items (G_LIST_MODEL (self->board)));
      gtk_label_set_text (self->filter_label, summary->str);
    }

  gtk_revealer_set_reveal_child (self->filter_revealer, any);
}

static void
update_list_page (OnsiteWindow *self)
{
  gboolean empty = self->board == NULL ||
                   g_list_model_get_n_items (G_LIST_MODEL (self->board)) == 0;

  gtk_stack_set_visible_child_name (self->list_stack, empty ? "no-results" : "list");
}

/* The board's buttons mean nothing on the other pages. */
static void
show_page (OnsiteWindow *self,
           const char   *name)
{
  gboolean board = g_str_equal (name, "board") &&
                   g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "board") == 0;

  gtk_stack_set_visible_child_name (self->main_stack, name);
  /* No other view to switch to before a role is chosen or the store opened,
   * nor while the store is empty: every view would show the same page. */
  adw_view_switcher_title_set_view_switcher_enabled (self->window_title,
                                                     g_str_equal (name, "board"));
  gtk_widget_set_visible (self->search_button, board);
  gtk_widget_set_visible (self->filter_button, board);
  gtk_widget_set_visible (self->detail_button, board);
  if (!board)
    adw_view_switcher_title_set_subtitle (self->window_title, NULL);
}

static void
show_ticket (OnsiteWindow *self,
             OnsiteTicket *ticket)
{
  if (ticket != NULL)
    {
      onsite_ticket_detail_set_ticket (self->detail, self->store, ticket, window_now (self));
      gtk_stack_set_visible_child_name (self->detail_stack, "ticket");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
    }

  onsite_map_view_set_selected (self->map_view, ticket);
  _onsite_window_show_route (self, ticket);
}

static void
on_selection_changed_cb (OnsiteWindow      *self,
                         guint              position,
                         guint              n_items,
                         GtkSingleSelection *selection)
{
  show_ticket (self, gtk_single_selection_get_selected_item (selection));
}

static void
on_board_items_changed_cb (OnsiteWindow *self,
                           guint         position,
                           guint         removed,
                           guint         added,
                           GListModel   *model)
{
  update_title (self);
  update_list_page (self);
  update_filter_summary (self);
}

/*
 * Every minute the SLA clock moves: the rows on screen, the detail pane and
 * the map colours follow. Only bound rows are touched, never the model, so
 * the selection and the scroll position stay put.
 */
static gboolean
on_clock_tick_cb (gpointer user_data)
{
  OnsiteWindow *self = user_data;
  gint64 now;

  if (self->board == NULL)
    return G_SOURCE_CONTINUE;

  onsite_context_set_now (self->context, 0);
  now = window_now (self);

  onsite_ticket_row_factory_set_now (gtk_list_view_get_factory (self->ticket_list), now);

  onsite_map_view_set_now (self->map_view, now);

  if (onsite_ticket_detail_get_ticket (self->detail) != NULL)
    onsite_ticket_detail_set_ticket (self->detail, self->store,
                                     onsite_ticket_detail_get_ticket (self->detail), now);

  return G_SOURCE_CONTINUE;
}

static gint64
row_now (gpointer user_data)
{
  return window_now (user_data);
}

/**
 * onsite_window_select_ticket:
 * @ticket_id: a ticket on the board
 *
 * Selects the ticket in the list, scrolls to it, and so shows it in the
 * detail pane and on the map.
 *
 * Returns: %TRUE if the ticket is shown on the board
 */
gboolean
onsite_window_select_ticket (OnsiteWindow *self,
                             gint64        ticket_id)
{
  guint position;

  g_return_val_if_fail (ONSITE_IS_WINDOW (self), FALSE);

  if (self->board == NULL || !onsite_board_model_find (self->board, ticket_id, &position))
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->ticket_list), "list.scroll-to-item", "u", position);

  return TRUE;
}

/* A visit picked on the timeline: its ticket becomes the board's selection,
 * so the detail pane and the map show it when the dispatcher goes back. */
static void
on_visit_activated_cb (OnsiteWindow *self,
                       OnsiteVisit  *visit,
                       GtkWidget    *schedule_view)
{
  onsite_window_select_ticket (self, onsite_visit_get_ticket_id (visit));
}

static void
on_map_ticket_activated_cb (OnsiteWindow  *self,
                            OnsiteTicket  *ticket,
                            OnsiteMapView *map_view)
{
  onsite_window_select_ticket (self, onsite_ticket_get_id (ticket));
}

/* Keeps the selected ticket selected across a reload or a new filter. */
static void
restore_selection (OnsiteWindow *self,
                   gint64        ticket_id)
{
  guint position;

  if (ticket_id > 0 && onsite_board_model_find (self->board, ticket_id, &position))
    gtk_single_selection_set_selected (self->selection, position);
  else
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  show_ticket (self, gtk_single_selection_get_selected_item (self->selection));
}

static gint64
selected_id (OnsiteWindow *self)
{
  OnsiteTicket *ticket;

  if (self->selection == NULL)
    return 0;

  ticket = gtk_single_selection_get_selected_item (self->selection);

  return ticket ? onsite_ticket_get_id (ticket) : 0;
}

static void
on_search_changed_cb (OnsiteWindow   *self,
                      GtkSearchEntry *entry)
{
  g_autoptr(GError) error = NULL;
  gint64 keep = selected_id (self);

  if (self->board == NULL)
    return;

  if (!onsite_board_model_set_search (self->board,
                                      gtk_editable_get_text (GTK_EDITABLE (entry)),
                                      &error))
    {
      show_error_toast (self, error);
      return;
    }

  restore_selection (self, keep);
}

static void
on_search_activate_cb (OnsiteWindow   *self,
                       GtkSearchEntry *entry)
{
  /* Enter takes the first hit, so typing and Enter opens a ticket. */
  if (self->board != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->board)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      /* Moves the list's focus to that row too, so Down goes to the next. */
      gtk_widget_activate_action (GTK_WIDGET (self->ticket_list), "list.scroll-to-item", "u", 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->ticket_list));
    }
}

static void
on_search_stop_cb (OnsiteWindow   *self,
                   GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->ticket_list));
}

static void
apply_filters (OnsiteWindow *self)
{
  OnsiteBoardFilter filter = { 0 };
  gint64 keep = selected_id (self);

  if (self->board == NULL || self->updating_filters)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (filter_actions); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), filter_actions[i].action);
      g_autoptr(GVariant) state = g_action_get_state (action);
      guint bit = 1u << filter_actions[i].bit;

      if (!g_variant_get_boolean (state))
        continue;

      switch (filter_actions[i].kind)
        {
        case FILTER_SLA: filter.sla_states |= bit; break;
        case FILTER_PRIORITY: filter.priorities |= bit; break;
        case FILTER_STATUS: filter.statuses |= bit; break;
        case FILTER_LEVEL: filter.levels |= bit; break;
        default: g_assert_not_reached ();
        }
    }

  onsite_board_model_set_filter (self->board, &filter);
  restore_selection (self, keep);
  update_filter_summary (self);
}

static void
filter_change_state (GSimpleAction *action,
                     GVariant      *value,
                     gpointer       user_data)
{
  g_simple_action_set_state (action, value);
  apply_filters (ONSITE_WINDOW (user_data));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OnsiteWindow *self = ONSITE_WINDOW (widget);

  self->updating_filters = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (filter_actions); i++)
    g_action_group_change_action_state (G_ACTION_GROUP (self), filter_actions[i].action,
                                        g_variant_new_boolean (FALSE));
  self->updating_filters = FALSE;

  apply_filters (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OnsiteWindow *self = ONSITE_WINDOW (widget);

  if (self->board == NULL)
    return;

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean role_chosen     (OnsiteWindow *self);
static void     apply_role_view (OnsiteWindow *self);

static gboolean
load_board (OnsiteWindow  *self,
            GError       **error)
{
  gint64 keep = selected_id (self);

  if (!onsite_board_model_reload (self->board, error))
    return FALSE;

  /* On first start, before anything else: who is this? */
  if (!role_chosen (self))
    {
      show_page (self, "welcome");
      return TRUE;
    }

  if (onsite_store_count_tickets (self->store, FALSE, NULL) == 0)
    {
      show_page (self, "empty");
      return TRUE;
    }

  show_page (self, "board");
  restore_selection (self, keep);
  update_title (self);
  update_list_page (self);

  return TRUE;
}

/* Roles ------------------------------------------------------------------- */

static gboolean
role_chosen (OnsiteWindow *self)
{
  g_autofree char *role = g_settings_get_string (self->settings, "role");

  return *role != '\0';
}

/* The window opens on the role's view, when that view is there. */
static void
apply_role_view (OnsiteWindow *self)
{
  g_autofree char *role = g_settings_get_string (self->settings, "role");
  const char *page = "board";

  if (g_str_equal (role, "technician"))
    page = "my-day";
  else if (g_str_equal (role, "coordinator"))
    page = "vendors";

  if (adw_view_stack_get_child_by_name (self->view_stack, page) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, page);
}

static void
choose_role (OnsiteWindow *self,
             const char   *role,
             gint64        technician_id)
{
  g_autoptr(GError) error = NULL;

  g_settings_delay (self->settings);
  g_settings_set_int64 (self->settings, "technician-id", technician_id);
  g_settings_set_string (self->settings, "role", role);
  g_settings_apply (self->settings);

  gtk_revealer_set_reveal_child (self->technician_revealer, FALSE);
  apply_role_view (self);

  if (!load_board (self, &error))
    show_error_toast (self, error);
}

static void
fill_technicians (OnsiteWindow *self)
{
  g_autoptr(GPtrArray) techs = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->technician_list))))
    gtk_list_box_remove (self->technician_list, child);

  if (!(techs = onsite_store_list_techs (self->store, FALSE, &error)))
    {
      gtk_label_set_text (self->technician_prompt, error->message);
      return;
    }

  if (techs->len == 0)
    {
      gtk_label_set_text (self->technician_prompt,
                          _("No technicians are known yet. Connect the ticket service or load demo data, then choose yourself in Preferences."));
      gtk_widget_set_visible (GTK_WIDGET (self->technician_list), FALSE);
      choose_role (self, "technician", 0);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->technician_list), TRUE);

  for (guint i = 0; i < techs->len; i++)
    {
      OnsiteTech *tech = g_ptr_array_index (techs, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (onsite_tech_get_name (tech));

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "technician-id", GSIZE_TO_POINTER (onsite_tech_get_id (tech)));
      gtk_list_box_append (self->technician_list, row);
    }
}

static void
on_role_activated_cb (OnsiteWindow  *self,
                      GtkListBoxRow *row,
                      GtkListBox    *list)
{
  if (GTK_WIDGET (row) == self->dispatcher_row)
    choose_role (self, "dispatcher", 0);
  else if (GTK_WIDGET (row) == self->coordinator_row)
    choose_role (self, "coordinator", 0);
  else if (GTK_WIDGET (row) == self->technician_row && self->store != NULL)
    {
      fill_technicians (self);
      if (!role_chosen (self))
        gtk_revealer_set_reveal_child (self->technician_revealer, TRUE);
    }
}

/* On a small screen the list opens below the fold: once it has slid open,
 * scroll the welcome page so that the question is at the top, and put the
 * focus on the first name. */
static void
on_technician_revealed_cb (OnsiteWindow *self,
                           GParamSpec   *pspec,
                           GtkRevealer  *revealer)
{
  GtkWidget *scrolled;
  GtkListBoxRow *first;

  if (!gtk_revealer_get_child_revealed (revealer))
    return;

  if (gtk_widget_get_visible (GTK_WIDGET (self->technician_list)) &&
      (first = gtk_list_box_get_row_at_index (self->technician_list, 0)))
    gtk_widget_grab_focus (GTK_WIDGET (first));

  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (revealer), GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled != NULL)
    {
      GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
      GtkWidget *content = GTK_IS_VIEWPORT (viewport) ? gtk_viewport_get_child (GTK_VIEWPORT (viewport)) : NULL;
      graphene_rect_t bounds;

      /* In the content's own coordinates, which scrolling does not move. */
      if (content != NULL &&
          gtk_widget_compute_bounds (GTK_WIDGET (self->technician_prompt), content, &bounds))
        gtk_adjustment_set_value (vadjustment, bounds.origin.y - 12);
    }
}

static void
on_technician_activated_cb (OnsiteWindow  *self,
                            GtkListBoxRow *row,
                            GtkListBox    *list)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "technician-id"));

  choose_role (self, "technician", id);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OnsiteWindow *self = ONSITE_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->board == NULL)
    return;

  if (!load_board (self, &error))
    show_error_toast (self, error);
}

static void
demo_fill_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(OnsiteStore) store = NULL;
  OnsiteDemoOptions options;
  GError *error = NULL;

  onsite_demo_options_init (&options);

  /* A connection of its own: stores are not shared between threads. */
  if (!(store = onsite_store_open (path, &error)) ||
      !onsite_demo_fill (store, &options, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
demo_fill_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OnsiteWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-demo", TRUE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_page (self, "empty");
          show_error_toast (self, error);
        }
      return;
    }

  /* Filled through a connection of its own: every view reads it again */
  onsite_context_store_changed (self->context);
}

static void
load_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OnsiteWindow *self = ONSITE_WINDOW (widget);
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL)
    return;

  gtk_widget_action_set_enabled (widget, "win.load-demo", FALSE);
  show_page (self, "loading");

  task = g_task_new (NULL, self->cancellable, demo_fill_cb, g_object_ref (self));
  g_task_set_source_tag (task, load_demo_action);
  g_task_set_task_data (task, g_strdup (onsite_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, demo_fill_thread);
}


/* The sync ---------------------------------------------------------------- */

static char *
format_clock (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);

  /* Translators: a time of day, see the GDateTime format documentation */
  return g_date_time_format (dt, _("%H:%M"));
}

static void
update_sync_indicator (OnsiteWindow *self)
{
  g_autofree char *status = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *count = NULL;
  g_autofree char *tooltip = NULL;
  const char *icon = "emblem-synchronizing-symbolic";
  gint64 pending = 0, conflicts = 0;
  gboolean can_sync = FALSE;

  if (self->sync != NULL)
    {
      const char *error = onsite_sync_get_last_error (self->sync);
      gint64 last = onsite_sync_get_last_success (self->sync);

      /* From the store, not the sync's last count: a change made a moment
       * ago (a technician's step) is waiting already. */
      pending = MAX (0, onsite_store_count_pending_changes (self->store, NULL));
      conflicts = onsite_sync_get_conflicts (self->sync);
      can_sync = !onsite_sync_get_syncing (self->sync);

      if (onsite_sync_get_syncing (self->sync))
        {
          status = g_strdup (_("Syncing…"));
        }
      else if (error != NULL)
        {
          icon = "network-offline-symbolic";
          status = g_strdup (_("Offline"));
          detail = g_strdup (error);
        }
      else if (last > 0)
        {
          g_autofree char *at = format_clock (last);

          /* Translators: %s is a time of day */
          status = g_strdup_printf (_("Synced at %s"), at);
        }
      else
        {
          status = g_strdup (_("Not synced yet"));
        }
    }
  else
    {
      if (self->store != NULL)
        pending = MAX (0, onsite_store_count_pending_changes (self->store, NULL));

      if (self->sync_setup_error != NULL)
        {
          icon = "dialog-warning-symbolic";
          status = g_strdup (_("Not syncing"));
          detail = g_strdup (self->sync_setup_error);
        }
      else
        {
          icon = "computer-symbolic";
          status = g_strdup (_("This computer only"));
          detail = g_strdup (_("No ticket service is connected. Connect one to pull its tickets and send changes back."));
        }
    }

  if (conflicts > 0)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%" G_GINT64_FORMAT " change conflicts with the service and needs a decision.",
                                                         "%" G_GINT64_FORMAT " changes conflict with the service and need a decision.",
                                                         conflicts), conflicts);
      g_autofree char *joined = detail ? g_strconcat (detail, "\n", more, NULL) : g_strdup (more);

      g_free (detail);
      detail = g_steal_pointer (&joined);
      icon = "dialog-warning-symbolic";
    }

  if (pending > 0)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%" G_GINT64_FORMAT " change waiting to be sent.",
                                                         "%" G_GINT64_FORMAT " changes waiting to be sent.",
                                                         pending), pending);
      g_autofree char *joined = detail ? g_strconcat (detail, "\n", more, NULL) : g_strdup (more);

      g_free (detail);
      detail = g_steal_pointer (&joined);
      count = g_strdup_printf ("%" G_GINT64_FORMAT, pending);
      /* Translators: "Offline · 7 changes waiting" */
      tooltip = g_strdup_printf (ngettext ("%s · %" G_GINT64_FORMAT " change waiting",
                                           "%s · %" G_GINT64_FORMAT " changes waiting", pending),
                                 status, pending);
    }

  {
    gboolean syncing = self->sync != NULL && onsite_sync_get_syncing (self->sync);

    gtk_image_set_from_icon_name (self->sync_icon, icon);
    gtk_widget_set_visible (GTK_WIDGET (self->sync_icon), !syncing);
    gtk_widget_set_visible (GTK_WIDGET (self->sync_spinner), syncing);
    gtk_spinner_set_spinning (self->sync_spinner, syncing);
    if (!syncing)
      gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), FALSE);
  }
  gtk_label_set_text (self->sync_count_label, count ? count : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sync_count_label), count != NULL);
  gtk_label_set_text (self->sync_status_label, status);
  gtk_label_set_text (self->sync_detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sync_detail_label), detail != NULL);
  gtk_widget_set_tooltip_text (self->sync_button, tooltip ? tooltip : status);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now", can_sync);
  gtk_widget_set_visible (self->conflicts_button, conflicts > 0);
}

static void
show_sync_banner (OnsiteWindow *self,
                  const char   *message)
{
  if (message != NULL)
    gtk_label_set_text (self->sync_banner_label, message);
  gtk_revealer_set_reveal_child (self->sync_banner, message != NULL);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OnsiteWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onsite_sync_run_finish (ONSITE_SYNC (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          ONSITE_SYNC (object) != self->sync)
        return;

      /* The sync's errors are already sentences for people. */
      show_sync_banner (self, error->message);
    }
  else
    {
      show_sync_banner (self, NULL);
      onsite_context_store_changed (self->context);
    }

  update_sync_indicator (self);
}

static void
run_sync (OnsiteWindow    *self,
          OnsiteSyncFlags  flags)
{
  if (self->sync == NULL || onsite_sync_get_syncing (self->sync))
    return;

  onsite_sync_run_async (self->sync, flags, self->sync_cancellable,
                         sync_done_cb, g_object_ref (self));
  update_sync_indicator (self);
}

static gboolean
on_sync_timer_cb (gpointer user_data)
{
  run_sync (ONSITE_WINDOW (user_data), ONSITE_SYNC_DEFAULT);

  return G_SOURCE_CONTINUE;
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  run_sync (ONSITE_WINDOW (widget), ONSITE_SYNC_DEFAULT | ONSITE_SYNC_NOW);
}

static void
on_conflicts_closed_cb (OnsiteWindow *self,
                        GtkWindow    *dialog)
{
  /* Choices to keep this computer's values go out now. */
  update_sync_indicator (self);
  run_sync (self, ONSITE_SYNC_DEFAULT | ONSITE_SYNC_NOW);
}

static void
show_conflicts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OnsiteWindow *self = ONSITE_WINDOW (widget);
  GtkWidget *dialog;

  if (self->context == NULL)
    return;

  dialog = onsite_conflicts_dialog_new (GTK_WINDOW (self), self->context);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_conflicts_closed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A long first sync says how far it is. */
static void
on_sync_progress_cb (OnsiteWindow *self,
                     const char   *phase,
                     guint         done,
                     guint         total,
                     OnsiteSync   *sync)
{
  g_autofree char *status = NULL;

  if (g_strcmp0 (phase, "push") == 0)
    /* Translators: changes sent to the ticket service so far */
    status = g_strdup_printf (ngettext ("Sending changes… %u sent", "Sending changes… %u sent", done), done);
  else if (g_strcmp0 (phase, "pull") == 0 && total > 0)
    /* Translators: "Receiving tickets… 1200 of 5000" */
    status = g_strdup_printf (_("Receiving tickets… %u of %u"), done, total);
  else if (g_strcmp0 (phase, "pull") == 0)
    status = g_strdup_printf (ngettext ("Receiving tickets… %u received", "Receiving tickets… %u received", done), done);
  else
    status = g_strdup (_("Checking for removed tickets…"));

  gtk_label_set_text (self->sync_status_label, status);
  gtk_widget_set_tooltip_text (self->sync_button, status);

  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), total > 0);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->sync_progress, MIN (1.0, (double)done / total));
}

static void
on_sync_notify_cb (OnsiteWindow *self,
                   GParamSpec   *pspec,
                   OnsiteSync   *sync)
{
  update_sync_indicator (self);
}

static void
sync_token_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OnsiteWindow) self = user_data;
  g_autoptr(OnsiteRtConnector) connector = NULL;
  g_autoptr(GError) error = NULL;
  char *token;
  guint interval;

  token = onsite_sync_settings_lookup_token_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    {
      if (token)
        secret_password_free (token);
      return;
    }

  if (token != NULL)
    {
      connector = onsite_sync_settings_build_connector (self->settings, token, &error);
      secret_password_free (token);
    }

  if (connector == NULL)
    {
      self->sync_setup_error = g_strdup (error->message);
      update_sync_indicator (self);
      return;
    }

  self->sync = onsite_sync_new (onsite_store_get_path (self->store), ONSITE_CONNECTOR (connector));
  g_signal_connect_object (self->sync, "notify", G_CALLBACK (on_sync_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (on_sync_progress_cb), self, G_CONNECT_SWAPPED);

  interval = g_settings_get_uint (self->settings, "sync-interval");
  if (interval > 0)
    self->sync_timer = g_timeout_add_seconds (interval * 60, on_sync_timer_cb, self);

  run_sync (self, ONSITE_SYNC_DEFAULT);
}

/* (Re)reads the connection settings and starts syncing with them. */
static void
setup_sync (OnsiteWindow *self)
{
  g_autofree char *url = NULL;

  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();

  g_clear_handle_id (&self->sync_timer, g_source_remove);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->sync_setup_error, g_free);
  show_sync_banner (self, NULL);

  if (!onsite_sync_settings_is_configured (self->settings))
    {
      update_sync_indicator (self);
      return;
    }

  url = g_settings_get_string (self->settings, "rt-url");
  onsite_sync_settings_lookup_token_async (url, self->sync_cancellable,
                                           sync_token_cb, g_object_ref (self));
  update_sync_indicator (self);
}

static gboolean
reconfigure_sync_cb (gpointer user_data)
{
  OnsiteWindow *self = user_data;

  self->sync_reconfigure_source = 0;
  setup_sync (self);

  return G_SOURCE_REMOVE;
}

static void
on_settings_changed_cb (OnsiteWindow *self,
                        const char   *key,
                        GSettings    *settings)
{
  if (g_str_equal (key, "role") && self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      apply_role_view (self);
      if (!load_board (self, &error))
        show_error_toast (self, error);
      return;
    }

  if (!g_str_has_prefix (key, "rt-") && !g_str_equal (key, "sync-interval"))
    return;

  /* Preferences apply several keys at once: reconnect once. */
  if (self->store != NULL && self->sync_reconfigure_source == 0)
    self->sync_reconfigure_source = g_idle_add (reconfigure_sync_cb, self);
}

/* Every view page with a "context" property gets the window's context:
 * a new view only needs a page in the template. */
static void
give_views_context (OnsiteWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->view_stack);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));
  guint shown = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      if (g_object_class_find_property (G_OBJECT_GET_CLASS (child), "context"))
        g_object_set (child, "context", self->context, NULL);

      if (adw_view_stack_page_get_visible (page))
        shown++;
    }

  /* A switcher with one view would only take room. */
  adw_view_switcher_title_set_view_switcher_enabled (self->window_title,
                                                     shown > 1 &&
                                                     g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "board") == 0);
}

static void
on_view_changed_cb (OnsiteWindow *self,
                    GParamSpec   *pspec,
                    AdwViewStack *view_stack)
{
  show_page (self, gtk_stack_get_visible_child_name (self->main_stack));
}

static void
on_context_changed_cb (OnsiteWindow  *self,
                       OnsiteContext *context)
{
  g_autoptr(GError) error = NULL;

  if (!load_board (self, &error))
    show_error_toast (self, error);

  update_sync_indicator (self);
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OnsiteWindow) self = user_data;
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = onsite_store_open_finish (result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      adw_status_page_set_description (self->error_page, error->message);
      show_page (self, "error");
      return;
    }

  self->store = g_steal_pointer (&store);
  self->context = onsite_context_new (self->store);
  onsite_travel_model_bind_settings (onsite_context_get_travel (self->context), self->settings);
  self->board = g_object_ref (onsite_context_get_board (self->context));
  g_signal_connect_object (self->context, "changed",
                           G_CALLBACK (on_context_changed_cb), self, G_CONNECT_SWAPPED);
  give_views_context (self);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->board)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->board, "items-changed",
                           G_CALLBACK (on_board_items_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_view_set_model (self->ticket_list, GTK_SELECTION_MODEL (self->selection));
  apply_role_view (self);
  onsite_map_view_set_model (self->map_view, G_LIST_MODEL (self->board));

  if (!load_board (self, &error))
    {
      adw_status_page_set_description (self->error_page, error->message);
      show_page (self, "error");
      return;
    }

  if (self->fill_demo && onsite_store_count_tickets (self->store, FALSE, NULL) == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.load-demo", NULL);

  self->clock_source = g_timeout_add_seconds (60, on_clock_tick_cb, self);

  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  setup_sync (self);
}

static gboolean
onsite_window_close_request (GtkWindow *window)
{
  OnsiteWindow *self = ONSITE_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_int (self->settings, "sidebar-width", gtk_paned_get_position (self->paned));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (onsite_window_parent_class)->close_request (window);
}

static void
onsite_window_constructed (GObject *object)
{
  OnsiteWindow *self = (OnsiteWindow *)object;
  g_autofree char *path = NULL;

  G_OBJECT_CLASS (onsite_window_parent_class)->constructed (object);

  path = self->db_path ? g_strdup (self->db_path) : onsite_store_default_path ();
  onsite_store_open_async (path, self->cancellable, store_opened_cb, g_object_ref (self));
}

static void
onsite_window_dispose (GObject *object)
{
  OnsiteWindow *self = (OnsiteWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->sync_cancellable);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_handle_id (&self->sync_timer, g_source_remove);
  g_clear_handle_id (&self->sync_reconfigure_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->board);
  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);
  g_clear_object (&self->sync_cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->sync_setup_error, g_free);

  G_OBJECT_CLASS (onsite_window_parent_class)->dispose (object);
}

static void
onsite_window_finalize (GObject *object)
{
  OnsiteWindow *self = (OnsiteWindow *)object;

  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (onsite_window_parent_class)->finalize (object);
}

static void
onsite_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OnsiteWindow *self = ONSITE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DB_PATH:
      g_value_set_string (value, self->db_path);
      break;

    case PROP_FILL_DEMO:
      g_value_set_boolean (value, self->fill_demo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OnsiteWindow *self = ONSITE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DB_PATH:
      self->db_path = g_value_dup_string (value);
      break;

    case PROP_FILL_DEMO:
      self->fill_demo = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_window_class_init (OnsiteWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = onsite_window_constructed;
  object_class->dispose = onsite_window_dispose;
  object_class->finalize = onsite_window_finalize;
  object_class->get_property = onsite_window_get_property;
  object_class->set_property = onsite_window_set_property;

  window_class->close_request = onsite_window_close_request;

  properties [PROP_DB_PATH] =
    g_param_spec_string ("db-path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_FILL_DEMO] =
    g_param_spec_boolean ("fill-demo", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ONSITE_TYPE_MAP_VIEW);
  g_type_ensure (ONSITE_TYPE_MY_DAY_VIEW);
  g_type_ensure (ONSITE_TYPE_SCHEDULE_VIEW);
  g_type_ensure (ONSITE_TYPE_TICKET_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, detail_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, sync_icon);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, sync_count_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, sync_status_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, sync_detail_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, conflicts_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, sync_banner);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, dispatcher_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, technician_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, coordinator_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, technician_revealer);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, technician_prompt);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, technician_list);
  gtk_widget_class_bind_template_callback (widget_class, on_role_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_technician_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_technician_revealed_cb);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, sync_banner_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, filter_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, ticket_list);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, detail_flap);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteWindow, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_map_ticket_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_visit_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.load-demo", NULL, load_demo_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.show-conflicts", NULL, show_conflicts_action);
  _onsite_window_class_actions_init (klass);

  _onsite_window_plan_actions_init (widget_class);
  _onsite_window_vendor_actions_init (widget_class);
}

static void
onsite_window_init (OnsiteWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  gtk_paned_set_position (self->paned, g_settings_get_int (self->settings, "sidebar-width"));

  for (guint i = 0; i < G_N_ELEMENTS (filter_actions); i++)
    {
      g_autoptr(GSimpleAction) action =
        g_simple_action_new_stateful (filter_actions[i].action, NULL, g_variant_new_boolean (FALSE));

      g_signal_connect (action, "change-state", G_CALLBACK (filter_change_state), self);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }

  factory = onsite_ticket_row_factory_new (row_now, self);
  gtk_list_view_set_factory (self->ticket_list, factory);

  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (on_view_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  show_page (self, "loading");
}

/**
 * onsite_window_new:
 * @application: the application
 * @db_path: (nullable): the database file; %NULL for the default
 * @fill_demo: fill an empty database with demo data
 *
 * Returns: (transfer full): a new window; it opens the store in the
 *   background and shows the board when it is ready
 */
OnsiteWindow *
onsite_window_new (OnsiteApplication *application,
                   const char        *db_path,
                   gboolean           fill_demo)
{
  return g_object_new (ONSITE_TYPE_WINDOW,
                       "application", application,
                       "db-path", db_path,
                       "fill-demo", fill_demo,
                       NULL);
}

/**
 * onsite_window_get_board:
 *
 * Returns: (transfer none) (nullable): the board, once the store is open
 */
OnsiteBoardModel *
onsite_window_get_board (OnsiteWindow *self)
{
  g_return_val_if_fail (ONSITE_IS_WINDOW (self), NULL);

  return self->board;
}

/**
 * onsite_window_get_selected:
 *
 * Returns: (transfer none) (nullable): the ticket shown in the detail pane
 */
OnsiteTicket *
onsite_window_get_selected (OnsiteWindow *self)
{
  g_return_val_if_fail (ONSITE_IS_WINDOW (self), NULL);

  if (self->selection == NULL)
    return NULL;

  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * onsite_window_get_context:
 *
 * Returns: (transfer none) (nullable): what the views share, once the
 *   store is open
 */
OnsiteContext *
onsite_window_get_context (OnsiteWindow *self)
{
  g_return_val_if_fail (ONSITE_IS_WINDOW (self), NULL);

  return self->context;
}

OnsiteMapView *
_onsite_window_get_map_view (OnsiteWindow *self)
{
  g_return_val_if_fail (ONSITE_IS_WINDOW (self), NULL);

  return self->map_view;
}
