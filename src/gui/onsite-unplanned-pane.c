/* onsite-unplanned-pane.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-unplanned-pane"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "onsite-board-model.h"
#include "onsite-store-dispatch.h"
#include "onsite-ticket-row.h"
#include "onsite-unplanned-pane.h"

/*
 * The Schedule view's "Unplanned" pane: the open tickets that need someone
 * on site (support level 2) and have no visit yet, most urgent SLA first,
 * so that the dispatcher can drag them onto a technician's timeline without
 * leaving the day. Enter on a row asks for the Assign dialog instead, for
 * those who plan with the keyboard.
 *
 * The order and the narrowing down are the board's (OnsiteBoardModel, in
 * core): new or open, level 2. What the board does not know, whether a
 * ticket already has a visit, a custom filter looks up in the set of
 * tickets with one, read from the store in one query before the board
 * (one query per ticket was 0.1 ms each, most of a reload). A ticket that
 * was just assigned is scheduled anyway, so the set is for the odd ticket
 * whose status and visit disagree (an assignment made at the service, a
 * status changed by hand).
 */

/* The field engineers' support level (docs/dispatch.md). */
#define ONSITE_LEVEL_FIELD 2

struct _OnsiteUnplannedPane
{
  GtkWidget          parent_instance;

  OnsiteContext     *context;
  OnsiteBoardModel  *board;
  GtkFilterListModel *tickets;
  gboolean           stale;       /* the store changed while hidden */
  GError            *error;       /* why the last reading failed, or NULL */
  GHashTable        *visited;     /* gint64* ticket ids with a visit, or NULL */

  /* Template widgets */
  GtkLabel          *count_label;
  GtkStack          *stack;
  GtkListView       *list_view;
  AdwStatusPage     *error_page;
};

G_DEFINE_FINAL_TYPE (OnsiteUnplannedPane, onsite_unplanned_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  TICKET_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static gint64
now_seconds (OnsiteUnplannedPane *self)
{
  return self->context ? onsite_context_get_now (self->context)
                       : g_get_real_time () / G_USEC_PER_SEC;
}

/* The filter --------------------------------------------------------------- */

static gboolean
has_no_visit_cb (gpointer item,
                 gpointer user_data)
{
  OnsiteUnplannedPane *self = user_data;
  gint64 id = onsite_ticket_get_id (item);

  /* Without the set (the store could not say), nothing is shown as unplanned. */
  return self->visited != NULL && !g_hash_table_contains (self->visited, &id);
}

static void
update_count (OnsiteUnplannedPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tickets));
  g_autofree char *text = NULL;

  if (self->error != NULL)
    {
      /* The status page's description is markup; the message is not. */
      g_autofree char *escaped = g_markup_escape_text (self->error->message, -1);

      adw_status_page_set_description (self->error_page, escaped);
      gtk_label_set_text (self->count_label, "");
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket", "%u tickets", n), n);
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

/* The rows ----------------------------------------------------------------- */

static gint64
row_now (gpointer user_data)
{
  return now_seconds (user_data);
}

static void
on_list_view_activate_cb (OnsiteUnplannedPane *self,
                          guint                position,
                          GtkListView         *list_view)
{
  g_autoptr(OnsiteTicket) ticket = g_list_model_get_item (G_LIST_MODEL (self->tickets), position);

  if (ticket != NULL)
    g_signal_emit (self, signals [TICKET_ACTIVATED], 0, ticket);
}

/* The store ---------------------------------------------------------------- */

static void
on_context_changed_cb (OnsiteUnplannedPane *self,
                       OnsiteContext       *context)
{
  /* Hidden (the pane put away, or another page): read when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  onsite_unplanned_pane_reload (self);
}

static void
on_context_now_cb (OnsiteUnplannedPane *self,
                   GParamSpec          *pspec,
                   OnsiteContext       *context)
{
  gint64 now = now_seconds (self);

  onsite_board_model_set_now (self->board, now);
  onsite_ticket_row_factory_set_now (gtk_list_view_get_factory (self->list_view), now);
}

/* GObject ------------------------------------------------------------------ */

static void
onsite_unplanned_pane_map (GtkWidget *widget)
{
  OnsiteUnplannedPane *self = ONSITE_UNPLANNED_PANE (widget);

  GTK_WIDGET_CLASS (onsite_unplanned_pane_parent_class)->map (widget);

  if (self->stale)
    onsite_unplanned_pane_reload (self);
}

static void
onsite_unplanned_pane_dispose (GObject *object)
{
  OnsiteUnplannedPane *self = (OnsiteUnplannedPane *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_UNPLANNED_PANE);
  /* The header and the separator are not bound, but ours all the same. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->tickets);
  g_clear_object (&self->board);
  g_clear_object (&self->context);
  g_clear_error (&self->error);
  g_clear_pointer (&self->visited, g_hash_table_unref);

  G_OBJECT_CLASS (onsite_unplanned_pane_parent_class)->dispose (object);
}

static void
onsite_unplanned_pane_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  OnsiteUnplannedPane *self = ONSITE_UNPLANNED_PANE (object);

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
onsite_unplanned_pane_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  OnsiteUnplannedPane *self = ONSITE_UNPLANNED_PANE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      onsite_unplanned_pane_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_unplanned_pane_class_init (OnsiteUnplannedPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onsite_unplanned_pane_dispose;
  object_class->get_property = onsite_unplanned_pane_get_property;
  object_class->set_property = onsite_unplanned_pane_set_property;

  widget_class->map = onsite_unplanned_pane_map;

  /**
   * OnsiteUnplannedPane:context:
   *
   * The store and the clock; the Schedule view sets it.
   */
  properties [PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ONSITE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnsiteUnplannedPane::ticket-activated:
   * @ticket: the ticket
   *
   * A row was activated (Enter, or a double click): the Schedule view
   * opens the Assign dialog for it.
   */
  signals [TICKET_ACTIVATED] =
    g_signal_new ("ticket-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ONSITE_TYPE_TICKET);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-unplanned-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsiteUnplannedPane, count_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteUnplannedPane, stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteUnplannedPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, OnsiteUnplannedPane, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);

  gtk_widget_class_set_css_name (widget_class, "unplanned-pane");
}

static void
onsite_unplanned_pane_init (OnsiteUnplannedPane *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkSelectionModel) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->tickets = gtk_filter_list_model_new (NULL,
                                             GTK_FILTER (gtk_custom_filter_new (has_no_visit_cb, self, NULL)));
  g_signal_connect_object (self->tickets, "items-changed", G_CALLBACK (update_count),
                           self, G_CONNECT_SWAPPED);

  factory = onsite_ticket_row_factory_new (row_now, self);
  gtk_list_view_set_factory (self->list_view, factory);

  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tickets))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (selection), TRUE);
  gtk_list_view_set_model (self->list_view, selection);

  update_count (self);
}

/* Public ------------------------------------------------------------------- */

GtkWidget *
onsite_unplanned_pane_new (void)
{
  return g_object_new (ONSITE_TYPE_UNPLANNED_PANE, NULL);
}

/**
 * onsite_unplanned_pane_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
OnsiteContext *
onsite_unplanned_pane_get_context (OnsiteUnplannedPane *self)
{
  g_return_val_if_fail (ONSITE_IS_UNPLANNED_PANE (self), NULL);

  return self->context;
}

/**
 * onsite_unplanned_pane_set_context:
 * @context: (nullable): the store and the clock
 *
 * Shows the context's unplanned tickets, and follows its changes.
 */
void
onsite_unplanned_pane_set_context (OnsiteUnplannedPane *self,
                                   OnsiteContext       *context)
{
  g_return_if_fail (ONSITE_IS_UNPLANNED_PANE (self));
  g_return_if_fail (context == NULL || ONSITE_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);

  g_set_object (&self->context, context);
  gtk_filter_list_model_set_model (self->tickets, NULL);
  g_clear_object (&self->board);

  if (context != NULL)
    {
      OnsiteBoardFilter filter = {
        .statuses = (1u << ONSITE_TICKET_STATUS_NEW) | (1u << ONSITE_TICKET_STATUS_OPEN),
        .levels = 1u << ONSITE_LEVEL_FIELD,
      };

      self->board = onsite_board_model_new (onsite_context_get_store (context));
      onsite_board_model_set_filter (self->board, &filter);
      onsite_board_model_set_now (self->board, now_seconds (self));
      gtk_filter_list_model_set_model (self->tickets, G_LIST_MODEL (self->board));

      g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::now", G_CALLBACK (on_context_now_cb),
                               self, G_CONNECT_SWAPPED);
      onsite_unplanned_pane_reload (self);
    }

  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONTEXT]);
}

/**
 * onsite_unplanned_pane_get_tickets:
 *
 * Returns: (transfer none): the tickets shown, in their order
 */
GListModel *
onsite_unplanned_pane_get_tickets (OnsiteUnplannedPane *self)
{
  g_return_val_if_fail (ONSITE_IS_UNPLANNED_PANE (self), NULL);

  return G_LIST_MODEL (self->tickets);
}

/**
 * onsite_unplanned_pane_reload:
 *
 * Reads the tickets from the store again. On failure the pane says why in
 * place of the list.
 */
void
onsite_unplanned_pane_reload (OnsiteUnplannedPane *self)
{
  g_return_if_fail (ONSITE_IS_UNPLANNED_PANE (self));

  self->stale = FALSE;
  g_clear_error (&self->error);

  if (self->board != NULL)
    {
      /* The set first: the board's reload runs the filter. */
      g_clear_pointer (&self->visited, g_hash_table_unref);
      self->visited = onsite_store_list_visited_tickets (onsite_context_get_store (self->context),
                                                         &self->error);
      onsite_board_model_set_now (self->board, now_seconds (self));
      if (self->error == NULL)
        onsite_board_model_reload (self->board, &self->error);
    }

  update_count (self);
}
