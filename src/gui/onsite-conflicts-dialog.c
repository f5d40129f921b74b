/* onsite-conflicts-dialog.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-conflicts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "onsite-conflicts-dialog.h"
#include "onsite-sync-store.h"

/*
 * The changes that met a different change at the ticket service. Each one
 * shows both values and waits for a person: Onsite never overwrites either
 * side on its own.
 */
struct _OnsiteConflictsDialog
{
  AdwWindow      parent_instance;

  OnsiteContext *context;
  GPtrArray     *cards;
  char          *last_error;

  GtkStack      *stack;
  GtkBox        *list_box;
};

G_DEFINE_FINAL_TYPE (OnsiteConflictsDialog, onsite_conflicts_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void reload (OnsiteConflictsDialog *self);

static const char *
field_label (const char *field)
{
  if (g_strcmp0 (field, "status") == 0)
    return _("Status");
  if (g_strcmp0 (field, "owner") == 0)
    return _("Technician");
  if (g_strcmp0 (field, "visit") == 0 || g_strcmp0 (field, "visit-window") == 0)
    return _("Planned visit");
  if (g_strcmp0 (field, "vendor-reference") == 0)
    return _("Vendor case");
  if (g_strcmp0 (field, "comment") == 0)
    return _("Comment");

  return field;
}

static void
resolve (OnsiteConflictsDialog *self,
         GtkWidget             *button,
         gboolean               keep_local)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "conflict-id"));
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->last_error, g_free);
  if (!onsite_store_resolve_conflict (onsite_context_get_store (self->context), id, keep_local, &error))
    self->last_error = g_strdup (error->message);

  onsite_context_store_changed (self->context);
  reload (self);
}

static void
on_keep_local_cb (GtkButton             *button,
                  OnsiteConflictsDialog *self)
{
  resolve (self, GTK_WIDGET (button), TRUE);
}

static void
on_take_remote_cb (GtkButton             *button,
                   OnsiteConflictsDialog *self)
{
  resolve (self, GTK_WIDGET (button), FALSE);
}

static GtkWidget *
value_row (const char *title,
           const char *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *key = gtk_label_new (title);
  GtkWidget *text = gtk_label_new (value && *value ? value : _("(empty)"));

  gtk_label_set_xalign (GTK_LABEL (key), 0.0);
  gtk_widget_add_css_class (key, "caption-heading");
  gtk_widget_add_css_class (key, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0.0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);

  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), text);

  return box;
}

static GtkWidget *
conflict_card (OnsiteConflictsDialog    *self,
               const OnsiteSyncConflict *conflict)
{
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title;
  GtkWidget *values;
  GtkWidget *buttons;
  GtkWidget *keep;
  GtkWidget *take;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "conflict-card");

  ticket = onsite_store_get_ticket (onsite_context_get_store (self->context), conflict->ticket_id, NULL);
  /* Translators: "<field> of “<ticket title>”" */
  heading = g_strdup_printf (_("%s of “%s”"), field_label (conflict->field),
                             ticket ? onsite_ticket_get_title (ticket) : "?");
  title = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (card), title);

  if (conflict->message && *conflict->message)
    {
      GtkWidget *message = gtk_label_new (conflict->message);

      gtk_label_set_xalign (GTK_LABEL (message), 0.0);
      gtk_label_set_wrap (GTK_LABEL (message), TRUE);
      gtk_widget_add_css_class (message, "dim-label");
      gtk_box_append (GTK_BOX (card), message);
    }

  values = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  gtk_box_set_homogeneous (GTK_BOX (values), TRUE);
  gtk_box_append (GTK_BOX (values), value_row (_("On this computer"), conflict->local_value));
  gtk_box_append (GTK_BOX (values), value_row (_("At the ticket service"), conflict->remote_value));
  gtk_box_append (GTK_BOX (card), values);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);

  take = gtk_button_new_with_mnemonic (_("Take the _Service’s"));
  g_object_set_data (G_OBJECT (take), "conflict-id", GSIZE_TO_POINTER (conflict->id));
  g_signal_connect (take, "clicked", G_CALLBACK (on_take_remote_cb), self);
  gtk_box_append (GTK_BOX (buttons), take);

  keep = gtk_button_new_with_mnemonic (_("_Keep This Computer’s"));
  g_object_set_data (G_OBJECT (keep), "conflict-id", GSIZE_TO_POINTER (conflict->id));
  g_signal_connect (keep, "clicked", G_CALLBACK (on_keep_local_cb), self);
  gtk_widget_add_css_class (keep, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), keep);

  gtk_box_append (GTK_BOX (card), buttons);

  gtk_widget_set_margin_start (title, 12);
  gtk_widget_set_margin_top (title, 12);
  for (GtkWidget *child = gtk_widget_get_first_child (card); child; child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_set_margin_start (child, 12);
      gtk_widget_set_margin_end (child, 12);
    }
  gtk_widget_set_margin_bottom (buttons, 12);

  return card;
}

static void
reload (OnsiteConflictsDialog *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->cards->len; i++)
    gtk_box_remove (self->list_box, g_ptr_array_index (self->cards, i));
  g_ptr_array_set_size (self->cards, 0);

  if (self->context == NULL)
    return;

  /* What went wrong with the last choice, above what is left to choose. */
  if (self->last_error != NULL)
    {
      GtkWidget *label = gtk_label_new (self->last_error);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (self->list_box, label);
      g_ptr_array_add (self->cards, label);
    }

  conflicts = onsite_store_list_conflicts (onsite_context_get_store (self->context), &error);
  if (conflicts == NULL)
    {
      GtkWidget *label = gtk_label_new (error->message);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (self->list_box, label);
      g_ptr_array_add (self->cards, label);
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  for (guint i = 0; i < conflicts->len; i++)
    {
      GtkWidget *card = conflict_card (self, g_ptr_array_index (conflicts, i));

      gtk_box_append (self->list_box, card);
      g_ptr_array_add (self->cards, card);
    }

  gtk_stack_set_visible_child_name (self->stack, conflicts->len > 0 ? "list" : "empty");
}

static void
onsite_conflicts_dialog_dispose (GObject *object)
{
  OnsiteConflictsDialog *self = (OnsiteConflictsDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_CONFLICTS_DIALOG);
  g_clear_object (&self->context);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (onsite_conflicts_dialog_parent_class)->dispose (object);
}

static void
onsite_conflicts_dialog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  OnsiteConflictsDialog *self = ONSITE_CONFLICTS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      reload (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_conflicts_dialog_class_init (OnsiteConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onsite_conflicts_dialog_dispose;
  object_class->set_property = onsite_conflicts_dialog_set_property;

  properties [PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ONSITE_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-conflicts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsiteConflictsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteConflictsDialog, list_box);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
onsite_conflicts_dialog_init (OnsiteConflictsDialog *self)
{
  self->cards = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
onsite_conflicts_dialog_new (GtkWindow     *parent,
                             OnsiteContext *context)
{
  g_return_val_if_fail (ONSITE_IS_CONTEXT (context), NULL);

  return g_object_new (ONSITE_TYPE_CONFLICTS_DIALOG,
                       "transient-for", parent,
                       "context", context,
                       NULL);
}
