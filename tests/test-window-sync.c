/* test-window-sync.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window against a real Request Tracker: the token in a real keyring
 * (gnome-keyring on the test's private session bus), tickets pulled into
 * the board, and a clear banner when the service goes away.
 */

#include "ui-fixture.h"

#include <libsecret/secret.h>

#include "rt-fixture.h"
#include "onsite-sync-settings.h"

static RtServer *rt;
static GPid keyring_pid;
static char *home;

static gboolean
start_keyring (void)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = {
    "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets", NULL
  };
  g_autofree char *runtime = g_build_filename (home, "run", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  int in_fd;

  if (!g_find_program_in_path ("gnome-keyring-daemon"))
    return FALSE;

  g_mkdir_with_parents (runtime, 0700);
  g_mkdir_with_parents (data, 0700);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("HOME", home, TRUE);

  if (!g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH,
                                 NULL, NULL, &keyring_pid, &in_fd, NULL, NULL, &error))
    {
      g_test_message ("gnome-keyring-daemon: %s", error->message);
      return FALSE;
    }

  /* The password of the new login keyring, then end of input. */
  g_assert_cmpint (write (in_fd, "test", 4), ==, 4);
  close (in_fd);

  return TRUE;
}

static void
token_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  onsite_sync_settings_store_token_finish (result, &error);
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static gboolean
board_has (Fixture *fixture,
           guint    n)
{
  OnsiteBoardModel *board = onsite_window_get_board (fixture->window);

  return board != NULL && onsite_board_model_get_n_total (board) == n;
}

static gboolean
board_has_two (Fixture *fixture)
{
  return board_has (fixture, 2);
}

static gboolean
board_has_three (Fixture *fixture)
{
  return board_has (fixture, 3);
}

static gboolean
banner_shown (Fixture *fixture)
{
  return find_label_containing (GTK_WIDGET (fixture->window), "The ticket service cannot be reached") != NULL;
}

static void
test_sync_round (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  GtkLabel *banner;
  gboolean stored = FALSE;

  first = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Projector <b>dead</b> in Sala Verde\","
                                "\"CustomFields\":{\"Site\":\"HQ Milano\",\"Address\":\"Via Roma 1\","
                                "\"Latitude\":\"45.4642\",\"Longitude\":\"9.19\",\"Support Level\":\"2\"}}");
  second = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Badge reader offline\","
                                 "\"CustomFields\":{\"Site\":\"Filiale Monza\",\"Latitude\":\"45.58\",\"Longitude\":\"9.27\"}}");

  /* What a person does in Preferences: address, queue, and the token,
   * which goes to the keyring. */
  onsite_sync_settings_store_token_async (rt->url, rt->token, NULL, token_stored_cb, &stored);
  while (!stored)
    g_main_context_iteration (NULL, TRUE);
  g_settings_set_uint (settings, "sync-interval", 0);
  g_settings_set_string (settings, "rt-queue", "Onsite");
  g_settings_set_string (settings, "rt-url", rt->url);

  /* An empty database: the first sync fills the board. */
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_has_two, 60));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (fixture->window), "Projector <b>dead</b> in Sala Verde"));
  g_assert_false (banner_shown (fixture));

  /* A ticket made at the service arrives with Sync Now. */
  third = rt_create_ticket (rt, "{\"Queue\":\"Onsite\",\"Subject\":\"Third one\"}");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync-now", NULL);
  g_assert_true (wait_for (fixture, board_has_three, 60));

  /* The service goes away: one clear sentence, and the board stays. */
  rt_server_stop (rt);
  rt = NULL;
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync-now", NULL);
  g_assert_true (wait_for (fixture, banner_shown, 60));

  banner = find_label_containing (GTK_WIDGET (fixture->window), "The ticket service cannot be reached");
  g_test_message ("Banner: %s", gtk_label_get_text (banner));
  g_assert_false (gtk_label_get_use_markup (banner));
  g_assert_cmpuint (onsite_board_model_get_n_total (onsite_window_get_board (fixture->window)), ==, 3);

  spin (0.5);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-sync-failed.png");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  rt_fixture_init ();

  if (!rt_available ())
    {
      g_printerr ("Request Tracker is not installed: build-aux/dev test installs it\n");
      return 77;
    }

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run this test under Xvfb\n");
      return 77;
    }
  adw_init ();

  home = g_dir_make_tmp ("onsite-ui-sync-XXXXXX", NULL);
  if (!start_keyring ())
    {
      g_printerr ("gnome-keyring-daemon is not installed: build-aux/dev test installs it\n");
      return 77;
    }

  rt = rt_server_start ();

  g_test_add ("/ui/sync/round", Fixture, NULL,
              fixture_set_up, test_sync_round, fixture_tear_down);

  ret = g_test_run ();

  rt_server_stop (rt);
  kill (keyring_pid, SIGTERM);
  g_spawn_close_pid (keyring_pid);
  rm_rf (home);

  return ret;
}
