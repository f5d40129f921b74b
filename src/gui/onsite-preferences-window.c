/* onsite-preferences-window.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "onsite-preferences-window.h"
#include "onsite-store-dispatch.h"
#include "onsite-sync-settings.h"
#include "dispatch/onsite-travel-model.h"

/*
 * The connection to the ticket service. Settings are edited in delayed mode
 * and applied when the window closes, after the token is in the keyring, so
 * that the main window never reconnects with half of a new configuration.
 */
struct _OnsitePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;
  char                 *saved_token;
  char                 *saved_url;
  gboolean              closing;

  AdwComboRow          *role_row;
  AdwComboRow          *technician_row;
  GArray               *technician_ids;
  AdwEntryRow          *url_row;
  AdwEntryRow          *queue_row;
  AdwEntryRow          *technician_group_row;
  AdwPasswordEntryRow  *token_row;
  AdwActionRow         *test_row;
  GtkSpinner           *test_spinner;
  GtkButton            *test_button;
  AdwPreferencesGroup  *fields_group;
  GtkSpinButton        *interval_spin;
  AdwEntryRow          *extra_query_row;
  AdwEntryRow          *status_map_row;
  AdwEntryRow          *push_status_map_row;
  AdwEntryRow          *ca_file_row;
  GtkSwitch            *insecure_switch;

  AdwEntryRow          *field_rows[ONSITE_RT_N_FIELDS];

  GtkSpinButton        *speed_spin;
  GtkSpinButton        *detour_spin;
  AdwEntryRow          *routing_url_row;
  AdwActionRow         *routing_status_row;
};

G_DEFINE_FINAL_TYPE (OnsitePreferencesWindow, onsite_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *
field_title (OnsiteRtField field)
{
  switch (field)
    {
    case ONSITE_RT_FIELD_SUPPORT_LEVEL: return _("Support Level");
    case ONSITE_RT_FIELD_SITE: return _("Site");
    case ONSITE_RT_FIELD_ADDRESS: return _("Address");
    case ONSITE_RT_FIELD_LATITUDE: return _("Latitude");
    case ONSITE_RT_FIELD_LONGITUDE: return _("Longitude");
    case ONSITE_RT_FIELD_VENDOR_REFERENCE: return _("Vendor Case Reference");
    case ONSITE_RT_FIELD_VISIT_START: return _("Planned Visit Start");
    case ONSITE_RT_FIELD_VISIT_END: return _("Planned Visit End");
    case ONSITE_RT_N_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Field names shown in the rows go into the settings as one dictionary. */
static void
store_fields (OnsitePreferencesWindow *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));

  for (guint i = 0; i < ONSITE_RT_N_FIELDS; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->field_rows[i]))));

      g_variant_builder_add (&builder, "{ss}", onsite_rt_field_to_key (i), name);
    }

  g_settings_set_value (self->settings, "rt-fields", g_variant_builder_end (&builder));
}

/* Says at once what the travel settings typed would do: the same checks
 * as the window's travel model, on a model of its own. */
static void
update_routing_status (OnsitePreferencesWindow *self)
{
  g_autoptr(OnsiteTravelModel) model = onsite_travel_model_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  OnsiteTravelSettings settings = *onsite_travel_model_get_settings (model);
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->routing_url_row));

  settings.speed_kmh = gtk_spin_button_get_value (self->speed_spin);
  settings.detour_factor = gtk_spin_button_get_value (self->detour_spin);
  onsite_travel_model_set_settings (model, &settings);

  if (!onsite_travel_model_set_router_url (model, url, &error))
    {
      text = g_strdup (error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->routing_url_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->routing_url_row), "error");
      if (onsite_travel_model_get_router_url (model) != NULL)
        text = g_strdup (_("By road from the routing server when it answers; estimated from the distance when it does not."));
      else
        text = onsite_travel_model_describe (model, NULL);
    }

  /* libadwaita 1.2 reads row subtitles as markup; the text quotes the
   * address typed. */
  escaped = g_markup_escape_text (text, -1);
  adw_action_row_set_subtitle (self->routing_status_row, escaped);
}

static void
set_test_result (OnsitePreferencesWindow *self,
                 const char              *text)
{
  /* libadwaita 1.2 reads row subtitles as markup; the text may quote what
   * a server said. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_action_row_set_subtitle (self->test_row, escaped);
}

static void
test_connection_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OnsitePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onsite_connector_test_connection_finish (ONSITE_CONNECTOR (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);

  if (error != NULL)
    {
      set_test_result (self, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->test_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "success");
    }
  else
    {
      set_test_result (self, _("Connected: the queue and its custom fields are there."));
      gtk_widget_add_css_class (GTK_WIDGET (self->test_row), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
    }
}

static void
on_test_clicked_cb (OnsitePreferencesWindow *self,
                    GtkButton               *button)
{
  g_autoptr(OnsiteRtConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  store_fields (self);

  /* Delayed settings read back what was typed but is not applied yet. */
  connector = onsite_sync_settings_build_connector (self->settings,
                                                    gtk_editable_get_text (GTK_EDITABLE (self->token_row)),
                                                    &error);
  if (connector == NULL)
    {
      set_test_result (self, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->test_row), "error");
      return;
    }

  set_test_result (self, _("Connecting…"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "success");
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_start (self->test_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);

  onsite_connector_test_connection_async (ONSITE_CONNECTOR (connector), self->cancellable,
                                          test_connection_cb, g_object_ref (self));
}

static void
token_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OnsitePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token;

  token = onsite_sync_settings_lookup_token_finish (result, &error);
  if (token == NULL)
    {
      g_debug ("%s", error->message);
      return;
    }

  if (!self->closing)
    {
      self->saved_token = g_strdup (token);
      gtk_editable_set_text (GTK_EDITABLE (self->token_row), token);
    }

  secret_password_free (token);
}

static void
token_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GSettings) settings = user_data;
  g_autoptr(GError) error = NULL;

  if (!onsite_sync_settings_store_token_finish (result, &error))
    g_warning ("%s", error->message);

  /* Apply even when the keyring failed: the window then says the token is
   * missing, which is true. */
  g_settings_apply (settings);
}

static gboolean
onsite_preferences_window_close_request (GtkWindow *window)
{
  OnsitePreferencesWindow *self = ONSITE_PREFERENCES_WINDOW (window);
  g_autofree char *url = NULL;
  const char *token;

  self->closing = TRUE;
  g_cancellable_cancel (self->cancellable);

  store_fields (self);

  url = g_strstrip (g_settings_get_string (self->settings, "rt-url"));
  token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

  if (*url != '\0' &&
      (g_strcmp0 (token, self->saved_token) != 0 || g_strcmp0 (url, self->saved_url) != 0))
    onsite_sync_settings_store_token_async (url, token, NULL, token_stored_cb,
                                            g_object_ref (self->settings));
  else
    g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (onsite_preferences_window_parent_class)->close_request (window);
}

static void
onsite_preferences_window_dispose (GObject *object)
{
  OnsitePreferencesWindow *self = (OnsitePreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (onsite_preferences_window_parent_class)->dispose (object);
}

static void
onsite_preferences_window_finalize (GObject *object)
{
  OnsitePreferencesWindow *self = (OnsitePreferencesWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->saved_token, g_free);
  g_clear_pointer (&self->saved_url, g_free);
  g_clear_pointer (&self->technician_ids, g_array_unref);

  G_OBJECT_CLASS (onsite_preferences_window_parent_class)->finalize (object);
}

static const char * const roles[] = { "dispatcher", "technician", "coordinator" };

static gboolean
role_to_index (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  const char *role = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      if (g_str_equal (role, roles[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
index_to_role (const GValue       *value,
               const GVariantType *type,
               gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (i < G_N_ELEMENTS (roles) ? roles[i] : roles[0]);
}

static void
on_technician_selected_cb (OnsitePreferencesWindow *self,
                           GParamSpec              *pspec,
                           AdwComboRow             *row)
{
  guint i = adw_combo_row_get_selected (row);

  if (self->technician_ids != NULL && i < self->technician_ids->len)
    g_settings_set_int64 (self->settings, "technician-id",
                          g_array_index (self->technician_ids, gint64, i));
}

static void
on_role_selected_cb (OnsitePreferencesWindow *self,
                     GParamSpec              *pspec,
                     AdwComboRow             *row)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->technician_row),
                            adw_combo_row_get_selected (row) == 1 &&
                            self->technician_ids != NULL && self->technician_ids->len > 0);
}

/* The technicians the store knows, for "which one are you". */
static void
fill_technicians (OnsitePreferencesWindow *self,
                  OnsiteStore             *store)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) techs = NULL;
  gint64 current = g_settings_get_int64 (self->settings, "technician-id");
  guint selected = 0;

  self->technician_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (store != NULL && (techs = onsite_store_list_techs (store, FALSE, NULL)))
    {
      for (guint i = 0; i < techs->len; i++)
        {
          OnsiteTech *tech = g_ptr_array_index (techs, i);
          gint64 id = onsite_tech_get_id (tech);

          gtk_string_list_append (names, onsite_tech_get_name (tech));
          g_array_append_val (self->technician_ids, id);
          if (id == current)
            selected = i;
        }
    }

  adw_combo_row_set_model (self->technician_row, G_LIST_MODEL (names));
  if (self->technician_ids->len > 0)
    adw_combo_row_set_selected (self->technician_row, selected);
  g_signal_connect_object (self->technician_row, "notify::selected",
                           G_CALLBACK (on_technician_selected_cb), self, G_CONNECT_SWAPPED);
}

static void
onsite_preferences_window_class_init (OnsitePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = onsite_preferences_window_dispose;
  object_class->finalize = onsite_preferences_window_finalize;
  window_class->close_request = onsite_preferences_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, technician_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, queue_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, technician_group_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, fields_group);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, extra_query_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, status_map_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, push_status_map_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, insecure_switch);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, speed_spin);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, detour_spin);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, routing_url_row);
  gtk_widget_class_bind_template_child (widget_class, OnsitePreferencesWindow, routing_status_row);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked_cb);

  /* Not an application window, so the app's Ctrl+W does not reach it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
onsite_preferences_window_init (OnsitePreferencesWindow *self)
{
  g_autoptr(OnsiteRtConnector) defaults = NULL;
  g_autoptr(GVariant) fields = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_delay (self->settings);

  g_settings_bind (self->settings, "rt-url", self->url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "rt-queue", self->queue_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "rt-technician-group", self->technician_group_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "rt-extra-query", self->extra_query_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "rt-status-map", self->status_map_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "rt-push-status-map", self->push_status_map_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "rt-ca-file", self->ca_file_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "rt-allow-insecure", self->insecure_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-interval", self->interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "travel-speed", self->speed_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "travel-detour-factor", self->detour_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "routing-url", self->routing_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->speed_spin, "value-changed",
                           G_CALLBACK (update_routing_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detour_spin, "value-changed",
                           G_CALLBACK (update_routing_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->routing_url_row, "changed",
                           G_CALLBACK (update_routing_status), self, G_CONNECT_SWAPPED);
  update_routing_status (self);

  /* A connector made only to read the default field names from. */
  defaults = onsite_rt_connector_new ("https://localhost", "defaults");
  fields = g_settings_get_value (self->settings, "rt-fields");

  for (guint i = 0; i < ONSITE_RT_N_FIELDS; i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      const char *name = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_title (i));
      if (!g_variant_lookup (fields, onsite_rt_field_to_key (i), "&s", &name))
        name = onsite_rt_connector_get_field_name (defaults, i);
      gtk_editable_set_text (GTK_EDITABLE (row), name ? name : "");

      adw_preferences_group_add (self->fields_group, row);
      self->field_rows[i] = ADW_ENTRY_ROW (row);
    }

  self->saved_url = g_strstrip (g_settings_get_string (self->settings, "rt-url"));
  if (*self->saved_url != '\0')
    onsite_sync_settings_lookup_token_async (self->saved_url, self->cancellable,
                                             token_lookup_cb, g_object_ref (self));
}

GtkWidget *
onsite_preferences_window_new (GtkWindow   *parent,
                               OnsiteStore *store)
{
  OnsitePreferencesWindow *self;

  self = g_object_new (ONSITE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);

  fill_technicians (self, store);
  g_settings_bind_with_mapping (self->settings, "role", self->role_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, role_to_index, index_to_role, NULL, NULL);
  g_signal_connect_object (self->role_row, "notify::selected",
                           G_CALLBACK (on_role_selected_cb), self, G_CONNECT_SWAPPED);
  on_role_selected_cb (self, NULL, self->role_row);

  return GTK_WIDGET (self);
}
