/* ui-fixture.h — the real window under Xvfb, for the UI tests
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Included by each UI test (one program per file). Keys and clicks go
 * through the X server with xdotool, as a person's would.
 */

#pragma once

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "onsite-application.h"
#include "onsite-demo.h"
#include "onsite-window.h"

typedef struct
{
  char              *dir;
  char              *db_path;
  OnsiteApplication *app;
  OnsiteWindow      *window;
  gboolean           keep_role;  /* leave the role setting as it is */
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

G_GNUC_UNUSED static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds or @seconds pass. */
G_GNUC_UNUSED static gboolean
wait_for (Fixture   *fixture,
          Condition  condition,
          double     seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add ((guint)(seconds * 1000), timeout_cb, &timed_out);

  while (!condition (fixture) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return condition (fixture);
}

G_GNUC_UNUSED static void
spin (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint)(seconds * 1000), timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

G_GNUC_UNUSED static gboolean
board_ready (Fixture *fixture)
{
  OnsiteBoardModel *board = onsite_window_get_board (fixture->window);

  return board != NULL && g_list_model_get_n_items (G_LIST_MODEL (board)) > 0 &&
         gtk_widget_get_mapped (GTK_WIDGET (fixture->window));
}

/* A day with time left to plan visits: today before 14:00 on a weekday,
 * else the next weekday (so that a test means the same whenever it runs).
 * Returns %NULL for today. */
G_GNUC_UNUSED static GDateTime *
day_with_time_to_plan (gint64 now)
{
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  GDateTime *day;

  if (g_date_time_get_hour (today) < 14 && g_date_time_get_day_of_week (today) <= 5)
    return NULL;

  day = g_date_time_ref (today);
  do
    {
      GDateTime *next = g_date_time_add_days (day, 1);

      g_date_time_unref (day);
      day = next;
    }
  while (g_date_time_get_day_of_week (day) > 5);

  return day;
}

G_GNUC_UNUSED static void
fill_demo (const char *db_path)
{
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteDemoOptions options;

  store = onsite_store_open (db_path, &error);
  g_assert_no_error (error);

  onsite_demo_options_init (&options);
  onsite_demo_fill (store, &options, &error);
  g_assert_no_error (error);
}

G_GNUC_UNUSED static void
open_window (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  static guint n_apps;
  g_autofree char *app_id = g_strdup_printf ("io.github.onsite.Onsite.Test%u", ++n_apps);

  /* The role is chosen on first start; tests of the board are dispatchers. */
  if (!fixture->keep_role)
    {
      g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
      g_autofree char *role = g_settings_get_string (settings, "role");

      if (*role == '\0')
        g_settings_set_string (settings, "role", "dispatcher");
    }

  fixture->app = onsite_application_new (G_APPLICATION_NON_UNIQUE);
  /* Each test's application is exported on the session bus: a name each. */
  g_application_set_application_id (G_APPLICATION (fixture->app), app_id);
  onsite_application_set_db_path (fixture->app, fixture->db_path);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fixture->app));

  fixture->window = ONSITE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  g_assert_nonnull (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
}

G_GNUC_UNUSED static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("onsite-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "onsite.db", NULL);
}

G_GNUC_UNUSED static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  spin (0.1);
  g_clear_object (&fixture->app);

  g_remove (fixture->db_path);
  {
    g_autofree char *wal = g_strconcat (fixture->db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (fixture->db_path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

/* The mapped window of @type (a dialog the test opened), or %NULL */
G_GNUC_UNUSED static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

G_GNUC_UNUSED static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found)
        return found;
    }

  return NULL;
}

G_GNUC_UNUSED static GtkLabel *
find_label_with_text (GtkWidget  *root,
                      const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0 &&
      gtk_widget_is_drawable (root))
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_with_text (child, text);
      if (found)
        return found;
    }

  return NULL;
}

G_GNUC_UNUSED static void child_exited_cb (GPid pid, int status, gpointer data);

G_GNUC_UNUSED static GtkLabel *
find_label_containing (GtkWidget  *root,
                       const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL &&
      gtk_widget_is_drawable (root))
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_containing (child, text);
      if (found)
        return found;
    }

  return NULL;
}

G_GNUC_UNUSED static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  const char *build_root = g_getenv ("ONSITE_BUILD_ROOT");
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  path = g_build_filename (build_root ? build_root : ".", "tests", name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  /* What the X server shows, when ImageMagick is there: a list view may not
   * have every row in a paintable taken while it scrolls. */
  if (g_find_program_in_path ("import"))
    {
      /* screenshot-board.png → screenshot-board.x11.png */
      g_autofree char *x_path = g_strdup_printf ("%.*s.x11.png", (int)strlen (path) - 4, path);
      const char *argv[] = { "import", "-window", "root", x_path, NULL };
      int status = -1;
      GPid pid;

      if (g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                         NULL, NULL, &pid, NULL))
        {
          g_child_watch_add (pid, child_exited_cb, &status);
          while (status == -1)
            g_main_context_iteration (NULL, TRUE);
        }
    }

  g_test_message ("Screenshot saved to %s", path);
}

G_GNUC_UNUSED static void
child_exited_cb (GPid     pid,
                 int      status,
                 gpointer data)
{
  *(int *)data = status;
  g_spawn_close_pid (pid);
}

G_GNUC_UNUSED static gboolean
run_xdotool (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;
  GPid pid;

  g_ptr_array_add (argv, (gpointer)"xdotool");
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  /* Asynchronously, so that the main loop keeps serving the window while
   * the X server delivers the events. */
  if (!g_spawn_async (NULL, (char **)argv->pdata, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                      NULL, NULL, &pid, &error))
    {
      g_test_message ("xdotool: %s", error->message);
      return FALSE;
    }

  g_child_watch_add (pid, child_exited_cb, &status);
  while (status == -1)
    g_main_context_iteration (NULL, TRUE);

  return g_spawn_check_wait_status (status, NULL);
}

G_GNUC_UNUSED static void
xdo (const char *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_true (run_xdotool ((const char * const *)args->pdata));
  spin (0.4);
}

/* Clicks the middle of @widget through the X server. */
/* (@x, @y) of @widget on the screen, as xdotool wants them: the window's
 * X id and the position in it */
G_GNUC_UNUSED static void
to_screen (GtkWidget *widget,
           double     x,
           double     y,
           char     **xid,
           char     **sx,
           char     **sy)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_point_t point;
  double dx, dy;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &dx, &dy);

  *xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));
  *sx = g_strdup_printf ("%d", (int)(point.x + dx));
  *sy = g_strdup_printf ("%d", (int)(point.y + dy));
}

G_GNUC_UNUSED static void
click_widget (GtkWidget *widget)
{
  g_autofree char *xid = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  to_screen (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0,
             &xid, &x, &y);
  xdo ("mousemove", "--window", xid, x, y, NULL);
  xdo ("click", "1", NULL);
}

