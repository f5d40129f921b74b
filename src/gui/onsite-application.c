/* onsite-application.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-application"

#include "config.h"

#include <glib/gi18n.h>

#include "onsite-application.h"
#include "onsite-preferences-window.h"
#include "onsite-window.h"

struct _OnsiteApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  gboolean        fill_demo;
};

G_DEFINE_FINAL_TYPE (OnsiteApplication, onsite_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the database at PATH instead of the default"), N_("PATH") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Fill an empty database with demo data"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

static int
onsite_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  OnsiteApplication *self = ONSITE_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^&ay", &path))
    onsite_application_set_db_path (self, path);

  self->fill_demo = g_variant_dict_contains (options, "demo");

  return G_APPLICATION_CLASS (onsite_application_parent_class)->handle_local_options (app, options);
}

static void
onsite_application_activate (GApplication *app)
{
  OnsiteApplication *self = ONSITE_APPLICATION (app);
  GtkWindow *window;

  if ((window = gtk_application_get_active_window (GTK_APPLICATION (app))))
    {
      gtk_window_present (window);
      return;
    }

  window = GTK_WINDOW (onsite_window_new (self, self->db_path, self->fill_demo));
  gtk_window_present (window);
}

static void
onsite_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *reload_accels[] = { "<Control>r", "F5", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (onsite_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.reload", reload_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
}

static void
onsite_application_finalize (GObject *object)
{
  OnsiteApplication *self = (OnsiteApplication *)object;

  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (onsite_application_parent_class)->finalize (object);
}

static void
onsite_application_class_init (OnsiteApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = onsite_application_finalize;

  app_class->activate = onsite_application_activate;
  app_class->startup = onsite_application_startup;
  app_class->handle_local_options = onsite_application_handle_local_options;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Onsite Authors", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Onsite"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Onsite Authors"),
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "copyright", "© 2026 The Onsite Authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Dispatch on-site visits and vendor cases"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (app);
  OnsiteStore *store = NULL;
  GtkWidget *preferences;

  if (ONSITE_IS_WINDOW (window) && onsite_window_get_context (ONSITE_WINDOW (window)))
    store = onsite_context_get_store (onsite_window_get_context (ONSITE_WINDOW (window)));

  preferences = onsite_preferences_window_new (window, store);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
onsite_application_init (OnsiteApplication *self)
{
  static const GActionEntry app_actions[] = {
    { "quit", quit_action },
    { "about", about_action },
    { "preferences", preferences_action },
  };
  const char *env_db;

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Dispatch on-site visits and vendor cases"));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  if ((env_db = g_getenv ("ONSITE_DB")) && *env_db)
    self->db_path = g_strdup (env_db);
}

/**
 * onsite_application_new:
 * @flags: %G_APPLICATION_NON_UNIQUE for tests, else the default
 *
 * Returns: (transfer full): the application
 */
OnsiteApplication *
onsite_application_new (GApplicationFlags flags)
{
  return g_object_new (ONSITE_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", flags,
                       "resource-base-path", "/io/github/onsite/Onsite",
                       NULL);
}

/**
 * onsite_application_get_db_path:
 *
 * Returns: (nullable): the database chosen with `--db` or `ONSITE_DB`; %NULL
 *   for the default
 */
const char *
onsite_application_get_db_path (OnsiteApplication *self)
{
  g_return_val_if_fail (ONSITE_IS_APPLICATION (self), NULL);

  return self->db_path;
}

void
onsite_application_set_db_path (OnsiteApplication *self,
                                const char        *path)
{
  g_return_if_fail (ONSITE_IS_APPLICATION (self));

  if (g_strcmp0 (path, self->db_path) != 0)
    {
      g_free (self->db_path);
      self->db_path = g_strdup (path);
    }
}
