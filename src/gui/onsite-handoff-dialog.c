/* onsite-handoff-dialog.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-handoff-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "onsite-handoff-dialog.h"
#include "onsite-store-vendor.h"
#include "vendor/onsite-handoff-summary.h"

/*
 * "Hand to Vendor…": the vendors whose contracts cover the ticket today,
 * most specific first (the rest below, without due dates), the contact it
 * goes to, and the message, composed from the ticket and what L2 adds and
 * editable before it leaves. Onsite runs no mail server: the message goes
 * to the desktop's e-mail program or the clipboard, and "Record Hand-off"
 * writes the case, its event and its outbox row in one transaction.
 *
 * Vendor and ticket text is untrusted: labels are plain text, and row
 * titles (markup in libadwaita 1.2) are escaped.
 */

struct _OnsiteHandoffDialog
{
  AdwWindow        parent_instance;

  OnsiteContext   *context;
  OnsiteTicket    *ticket;
  GListModel      *vendors;
  GArray          *contact_ids;
  GtkCheckButton  *group;
  GtkCheckButton  *chosen;
  gint64           handoff_id;
  gboolean         composing;
  gboolean         summary_edited;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkLabel        *ticket_label;
  AdwPreferencesGroup *vendor_group;
  GtkListBox      *vendor_list;
  AdwComboRow     *contact_row;
  AdwEntryRow     *findings_row;
  AdwEntryRow     *tried_row;
  AdwEntryRow     *serials_row;
  AdwEntryRow     *assets_row;
  GtkTextView     *summary_view;
  AdwEntryRow     *note_row;
  GtkWidget       *record_button;
};

G_DEFINE_FINAL_TYPE (OnsiteHandoffDialog, onsite_handoff_dialog, ADW_TYPE_WINDOW)

enum {
  RECORDED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* Shared helpers of the vendor screens --------------------------------------- */

/**
 * onsite_actor_name:
 *
 * Returns: who is at the keyboard, for the history
 */
const char *
onsite_actor_name (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();

  return name;
}

/**
 * onsite_show_toast:
 * @text: plain text; it is escaped, as libadwaita 1.2 reads toast titles
 *   as markup
 */
void
onsite_show_toast (AdwToastOverlay *toasts,
                   const char      *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (toasts, adw_toast_new (escaped));
}

void
onsite_show_error_toast (AdwToastOverlay *toasts,
                         const GError    *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  /* An error stays until it is read. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (toasts, toast);
}

typedef struct
{
  AdwToastOverlay *toasts;
  GdkClipboard    *clipboard;
  char            *body;
} MailData;

static void
mail_data_free (MailData *data)
{
  g_clear_object (&data->toasts);
  g_clear_object (&data->clipboard);
  g_free (data->body);
  g_free (data);
}

static void
show_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MailData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    {
      g_autofree char *text = NULL;

      g_debug ("No e-mail program: %s", error->message);

      /* Nothing is lost: the message goes to the clipboard instead. */
      gdk_clipboard_set_text (data->clipboard, data->body);
      text = g_strdup_printf (_("No email program opened the message (%s). It was copied to the clipboard instead."),
                              error->message);
      onsite_show_toast (data->toasts, text);
    }

  mail_data_free (data);
}

/**
 * onsite_send_mail:
 * @widget: a widget in the window that asks
 * @toasts: where to say what went wrong
 *
 * Hands a message to the desktop's e-mail program as a mailto: link. When
 * no program takes it, the body is copied to the clipboard and a toast says
 * so.
 */
void
onsite_send_mail (GtkWidget          *widget,
                  AdwToastOverlay    *toasts,
                  const char         *to,
                  const char * const *cc,
                  const char         *subject,
                  const char         *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  MailData *data;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (toasts));

  if (!(uri = onsite_mailto_uri (to, cc, subject, body, &error)))
    {
      onsite_show_error_toast (toasts, error);
      return;
    }

  data = g_new0 (MailData, 1);
  data->toasts = g_object_ref (toasts);
  data->clipboard = g_object_ref (gtk_widget_get_clipboard (widget));
  data->body = g_strdup (body ? body : "");

  gtk_show_uri_full (GTK_WINDOW (gtk_widget_get_root (widget)), uri, GDK_CURRENT_TIME,
                     NULL, show_uri_cb, data);
}

/* The dialog -------------------------------------------------------------- */

static OnsiteVendorInfo *
chosen_vendor (OnsiteHandoffDialog *self)
{
  return self->chosen ? g_object_get_data (G_OBJECT (self->chosen), "vendor") : NULL;
}

static OnsiteVendorContractInfo *
chosen_contract (OnsiteHandoffDialog *self)
{
  return self->chosen ? g_object_get_data (G_OBJECT (self->chosen), "contract") : NULL;
}

static OnsiteVendorContactInfo *
chosen_contact (OnsiteHandoffDialog *self)
{
  OnsiteVendorInfo *vendor = chosen_vendor (self);
  guint selected = adw_combo_row_get_selected (self->contact_row);

  if (vendor == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->contact_ids->len)
    return NULL;

  return onsite_vendor_info_find_contact (vendor, g_array_index (self->contact_ids, gint64, selected));
}

/* "a, b,, c" → { "a", "b", "c" }, or NULL when there is nothing. */
static GStrv
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean any = FALSE;

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        {
          g_strv_builder_add (builder, parts[i]);
          any = TRUE;
        }
    }

  return any ? g_strv_builder_end (builder) : NULL;
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
compose (OnsiteHandoffDialog *self)
{
  OnsiteVendorContractInfo *contract = chosen_contract (self);
  g_auto(GStrv) serials = split_list (entry_text (self->serials_row));
  g_auto(GStrv) assets = split_list (entry_text (self->assets_row));
  g_autofree char *summary = NULL;
  OnsiteHandoffDetails details = { 0 };

  if (self->summary_edited || self->ticket == NULL)
    return;

  details.contract_number = contract ? onsite_vendor_contract_info_get_number (contract) : NULL;
  details.findings = entry_text (self->findings_row);
  details.tried = entry_text (self->tried_row);
  details.serial_numbers = (const char * const *)serials;
  details.asset_tags = (const char * const *)assets;

  summary = onsite_handoff_compose_summary (self->ticket, &details);

  self->composing = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->summary_view), summary, -1);
  self->composing = FALSE;
}

static void
on_details_changed_cb (OnsiteHandoffDialog *self)
{
  compose (self);
}

static void
on_summary_changed_cb (OnsiteHandoffDialog *self,
                       GtkTextBuffer       *buffer)
{
  /* Once someone writes in the message, it is theirs: no more rewriting. */
  if (!self->composing)
    self->summary_edited = TRUE;
}

static char *
summary_text (OnsiteHandoffDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->summary_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
fill_contacts (OnsiteHandoffDialog *self)
{
  OnsiteVendorInfo *vendor = chosen_vendor (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  OnsiteVendorContactInfo *first;
  guint select = 0;

  g_array_set_size (self->contact_ids, 0);

  if (vendor != NULL)
    {
      GListModel *contacts = onsite_vendor_info_get_contacts (vendor);
      guint n = g_list_model_get_n_items (contacts);

      first = onsite_vendor_info_get_first_contact (vendor);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(OnsiteVendorContactInfo) contact = g_list_model_get_item (contacts, i);
          const char *role = onsite_vendor_contact_info_get_role (contact);
          const char *email = onsite_vendor_contact_info_get_email (contact);
          gint64 id = onsite_vendor_contact_info_get_id (contact);
          g_autofree char *text = NULL;

          /* Translators: contact name, role, e-mail address */
          text = g_strdup_printf (_("%s (%s) <%s>"), onsite_vendor_contact_info_get_name (contact),
                                  role && *role ? role : _("no role"),
                                  email && *email ? email : _("no email address"));
          gtk_string_list_append (names, text);
          g_array_append_val (self->contact_ids, id);

          if (first != NULL && id == onsite_vendor_contact_info_get_id (first))
            select = i;
        }
    }

  adw_combo_row_set_model (self->contact_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->contact_row, self->contact_ids->len > 0 ? select : GTK_INVALID_LIST_POSITION);
}

static void
on_choice_toggled_cb (OnsiteHandoffDialog *self,
                      GtkCheckButton      *check)
{
  if (!gtk_check_button_get_active (check))
    return;

  self->chosen = check;
  fill_contacts (self);
  compose (self);
}

static GtkWidget *
add_choice (OnsiteHandoffDialog      *self,
            OnsiteVendorInfo         *vendor,
            OnsiteVendorContractInfo *contract,
            const char               *reason)
{
  g_autofree char *title = g_markup_escape_text (onsite_vendor_info_get_name (vendor), -1);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  /* The reason names the contract and its times. */
  subtitle = g_markup_escape_text (reason, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);

  g_object_set_data_full (G_OBJECT (check), "vendor", g_object_ref (vendor), g_object_unref);
  if (contract != NULL)
    g_object_set_data_full (G_OBJECT (check), "contract", g_object_ref (contract), g_object_unref);

  if (self->group == NULL)
    self->group = GTK_CHECK_BUTTON (check);
  else
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->group);

  g_signal_connect_object (check, "toggled", G_CALLBACK (on_choice_toggled_cb), self, G_CONNECT_SWAPPED);

  return row;
}

static void
fill_vendors (OnsiteHandoffDialog *self)
{
  OnsiteStore *store = onsite_context_get_store (self->context);
  const char *category = onsite_ticket_get_category (self->ticket);
  g_autoptr(GListModel) matches = NULL;
  g_autoptr(GHashTable) suggested = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *others = NULL;
  guint n_matches = 0, n_vendors;

  g_clear_object (&self->vendors);
  if (!(self->vendors = onsite_store_list_vendors (store, &error)))
    {
      onsite_show_error_toast (self->toast_overlay, error);
      return;
    }

  if (category != NULL && *category != '\0')
    {
      if (!(matches = onsite_store_match_vendors (store, category, NULL,
                                                  onsite_context_get_now (self->context), &error)))
        {
          onsite_show_error_toast (self->toast_overlay, error);
          g_clear_error (&error);
        }
      else
        {
          n_matches = g_list_model_get_n_items (matches);
        }
    }

  for (guint i = 0; i < n_matches; i++)
    {
      g_autoptr(OnsiteVendorMatch) match = g_list_model_get_item (matches, i);
      OnsiteVendorInfo *vendor = onsite_vendor_match_get_vendor (match);
      gint64 id = onsite_vendor_info_get_id (vendor);

      gtk_list_box_append (self->vendor_list,
                           add_choice (self, vendor, onsite_vendor_match_get_contract (match),
                                       onsite_vendor_match_get_reason (match)));
      g_hash_table_add (suggested, g_memdup2 (&id, sizeof id));
    }

  if (n_matches > 0)
    {
      adw_preferences_group_set_description (self->vendor_group,
                                             _("Contracts valid today that cover the ticket, most specific first."));
    }
  else
    {
      g_autofree char *text = NULL;

      if (category != NULL && *category != '\0')
        /* Translators: %s is a ticket category, e.g. "printer" */
        text = g_strdup_printf (_("No contract valid today covers “%s”. A vendor chosen below has no due dates."),
                                category);
      else
        text = g_strdup (_("The ticket has no category, so no contract can be suggested. A vendor chosen below has no due dates."));

      /* A group description is markup in libadwaita 1.2. */
      g_autofree char *escaped = g_markup_escape_text (text, -1);
      adw_preferences_group_set_description (self->vendor_group, escaped);
    }

  n_vendors = g_list_model_get_n_items (self->vendors);
  for (guint i = 0; i < n_vendors; i++)
    {
      g_autoptr(OnsiteVendorInfo) vendor = g_list_model_get_item (self->vendors, i);
      gint64 id = onsite_vendor_info_get_id (vendor);

      if (g_hash_table_contains (suggested, &id))
        continue;

      if (others == NULL)
        {
          others = adw_expander_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (others), _("Other Vendors"));
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (others),
                                         _("No contract that covers this ticket: no vendor due dates"));
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (others), n_matches == 0);
          gtk_list_box_append (self->vendor_list, others);
        }

      adw_expander_row_add_row (ADW_EXPANDER_ROW (others),
                                add_choice (self, vendor, NULL, _("Without a contract")));
    }

  if (self->group != NULL && n_matches > 0)
    gtk_check_button_set_active (self->group, TRUE);
}

static void
on_copy_clicked_cb (OnsiteHandoffDialog *self)
{
  g_autofree char *text = summary_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  onsite_show_toast (self->toast_overlay, _("The message is on the clipboard."));
}

static void
on_mail_clicked_cb (OnsiteHandoffDialog *self)
{
  OnsiteVendorContactInfo *contact = chosen_contact (self);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  OnsiteHandoffDetails details = { 0 };
  OnsiteVendorContractInfo *contract = chosen_contract (self);

  if (contact == NULL)
    {
      onsite_show_toast (self->toast_overlay, _("Choose a vendor contact first."));
      return;
    }

  details.contract_number = contract ? onsite_vendor_contract_info_get_number (contract) : NULL;
  subject = onsite_handoff_compose_subject (self->ticket, &details);
  body = summary_text (self);

  onsite_send_mail (GTK_WIDGET (self), self->toast_overlay,
                    onsite_vendor_contact_info_get_email (contact), NULL, subject, body);
}

static void
on_record_clicked_cb (OnsiteHandoffDialog *self)
{
  OnsiteVendorInfo *vendor = chosen_vendor (self);
  OnsiteVendorContractInfo *contract = chosen_contract (self);
  OnsiteVendorContactInfo *contact = chosen_contact (self);
  g_autofree char *summary = summary_text (self);
  g_autoptr(GError) error = NULL;
  OnsiteHandoffRequest request = { 0 };

  if (vendor == NULL)
    {
      onsite_show_toast (self->toast_overlay, _("Choose a vendor first."));
      return;
    }

  request.ticket_id = onsite_ticket_get_id (self->ticket);
  request.vendor_id = onsite_vendor_info_get_id (vendor);
  request.contact_id = contact ? onsite_vendor_contact_info_get_id (contact) : 0;
  request.contract_id = contract ? onsite_vendor_contract_info_get_id (contract) : 0;
  request.summary = summary;
  request.note = entry_text (self->note_row);
  request.sent_at = onsite_context_get_now (self->context);
  request.actor = onsite_actor_name ();

  self->handoff_id = onsite_store_request_handoff (onsite_context_get_store (self->context), &request, &error);
  if (self->handoff_id <= 0)
    {
      self->handoff_id = 0;
      onsite_show_error_toast (self->toast_overlay, error);
      return;
    }

  g_signal_emit (self, signals [RECORDED], 0, self->handoff_id);
  onsite_context_store_changed (self->context);
  gtk_window_close (GTK_WINDOW (self));
}

static void
onsite_handoff_dialog_dispose (GObject *object)
{
  OnsiteHandoffDialog *self = (OnsiteHandoffDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_HANDOFF_DIALOG);

  self->group = NULL;
  self->chosen = NULL;
  g_clear_object (&self->vendors);
  g_clear_object (&self->ticket);
  g_clear_object (&self->context);
  g_clear_pointer (&self->contact_ids, g_array_unref);

  G_OBJECT_CLASS (onsite_handoff_dialog_parent_class)->dispose (object);
}

static void
onsite_handoff_dialog_class_init (OnsiteHandoffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onsite_handoff_dialog_dispose;

  /**
   * OnsiteHandoffDialog::recorded:
   * @handoff_id: the new vendor case
   *
   * The hand-off was written to the store.
   */
  signals [RECORDED] =
    g_signal_new ("recorded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-handoff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, ticket_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, vendor_group);
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, vendor_list);
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, contact_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, findings_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, tried_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, serials_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, assets_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, summary_view);
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteHandoffDialog, record_button);
  gtk_widget_class_bind_template_callback (widget_class, on_details_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mail_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_record_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
onsite_handoff_dialog_init (OnsiteHandoffDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->contact_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_signal_connect_object (gtk_text_view_get_buffer (self->summary_view), "changed",
                           G_CALLBACK (on_summary_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * onsite_handoff_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @context: the window's context
 * @ticket: the ticket to hand over
 *
 * Returns: (transfer full): a new dialog, not shown yet
 */
OnsiteHandoffDialog *
onsite_handoff_dialog_new (GtkWindow     *parent,
                           OnsiteContext *context,
                           OnsiteTicket  *ticket)
{
  OnsiteHandoffDialog *self;
  g_autofree char *heading = NULL;
  const char *remote_id;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ONSITE_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (ONSITE_IS_TICKET (ticket), NULL);

  self = g_object_new (ONSITE_TYPE_HANDOFF_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->context = g_object_ref (context);
  self->ticket = g_object_ref (ticket);

  remote_id = onsite_ticket_get_remote_id (ticket);
  if (remote_id != NULL && *remote_id != '\0')
    /* Translators: ticket reference, ticket title */
    heading = g_strdup_printf (_("#%s · %s"), remote_id, onsite_ticket_get_title (ticket));
  else
    heading = g_strdup (onsite_ticket_get_title (ticket));
  gtk_label_set_text (self->ticket_label, heading);

  fill_vendors (self);
  compose (self);

  /* Say it now rather than after the message is written. */
  {
    g_autoptr(OnsiteHandoff) open = onsite_store_get_open_handoff (onsite_context_get_store (context),
                                                                   onsite_ticket_get_id (ticket), NULL);

    if (open != NULL)
      {
        g_autofree char *text = NULL;

        /* Translators: vendor name, hand-off state */
        text = g_strdup_printf (_("The ticket is already with %s (“%s”): return it to L2 in the Vendors view before handing it over again."),
                                onsite_handoff_get_vendor_name (open),
                                onsite_handoff_state_to_label (onsite_handoff_get_state (open)));
        onsite_show_toast (self->toast_overlay, text);
        gtk_widget_set_sensitive (self->record_button, FALSE);
      }
  }

  return self;
}

/**
 * onsite_handoff_dialog_get_handoff_id:
 *
 * Returns: the recorded vendor case, or 0 before "Record Hand-off"
 */
gint64
onsite_handoff_dialog_get_handoff_id (OnsiteHandoffDialog *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF_DIALOG (self), 0);

  return self->handoff_id;
}
