/* test-window.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window, under Xvfb, driven as a person would: keys and clicks go
 * through the X server (xdotool), not through our own API.
 */

#include "ui-fixture.h"

#include <shumate/shumate.h>

#include "onsite-store-dispatch.h"
#include "onsite-sync-store.h"
#include "onsite-ticket-dnd.h"
#include "onsite-ticket-private.h"

static ShumateMap *
find_map (Fixture *fixture)
{
  return SHUMATE_MAP (find_widget (GTK_WIDGET (fixture->window), SHUMATE_TYPE_MAP));
}

static OnsiteTicket *
first_with_location (OnsiteBoardModel *board,
                     guint             skip)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (board));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteTicket) ticket = g_list_model_get_item (G_LIST_MODEL (board), i);

      if (onsite_ticket_get_location (ticket, NULL, NULL) && skip-- == 0)
        return ticket;
    }

  return NULL;
}

static OnsiteTicket *target;

static gboolean
map_centred_on_target (Fixture *fixture)
{
  ShumateMap *map = find_map (fixture);
  ShumateViewport *viewport;
  double lat, lon;

  if (map == NULL)
    return FALSE;

  viewport = shumate_map_get_viewport (map);
  onsite_ticket_get_location (target, &lat, &lon);

  return fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - lat) < 1e-4 &&
         fabs (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) - lon) < 1e-4;
}

static void
test_select_centres_map (Fixture       *fixture,
                         gconstpointer  data)
{
  OnsiteBoardModel *board;
  g_autofree char *expected_title = NULL;

  fill_demo (fixture->db_path);
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));

  board = onsite_window_get_board (fixture->window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), >, 100);

  /* Pick a ticket a little down the list, so that selecting it moves the map. */
  target = first_with_location (board, 7);
  g_assert_nonnull (target);
  g_assert_false (map_centred_on_target (fixture));

  g_assert_true (onsite_window_select_ticket (fixture->window, onsite_ticket_get_id (target)));
  g_assert_true (onsite_window_get_selected (fixture->window) == target);

  /* The map centres on it (animations included). */
  g_assert_true (wait_for (fixture, map_centred_on_target, 5));

  /* The detail pane shows it. */
  expected_title = g_strdup (onsite_ticket_get_title (target));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (fixture->window), expected_title));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (fixture->window), onsite_ticket_get_requester (target)));

  spin (0.5);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-board.png");
  target = NULL;
}

static gboolean
search_applied (Fixture *fixture)
{
  const char *search = onsite_board_model_get_search (onsite_window_get_board (fixture->window));

  return search != NULL && g_str_equal (search, "toner");
}

static gboolean
search_cleared (Fixture *fixture)
{
  return onsite_board_model_get_search (onsite_window_get_board (fixture->window)) == NULL;
}

static gboolean
something_selected (Fixture *fixture)
{
  return onsite_window_get_selected (fixture->window) != NULL;
}

static void
test_keyboard_search (Fixture       *fixture,
                      gconstpointer  data)
{
  OnsiteBoardModel *board;
  guint total, shown;

  if (!g_find_program_in_path ("xdotool"))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  fill_demo (fixture->db_path);
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  spin (0.5);

  board = onsite_window_get_board (fixture->window);
  total = g_list_model_get_n_items (G_LIST_MODEL (board));

  /* Without a window manager, keys go to the window under the pointer. */
  xdo ("mousemove", "640", "400", NULL);
  xdo ("key", "ctrl+f", NULL);
  xdo ("type", "--delay", "30", "toner", NULL);
  g_assert_true (wait_for (fixture, search_applied, 5));

  shown = g_list_model_get_n_items (G_LIST_MODEL (board));
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <, total);

  for (guint i = 0; i < shown; i++)
    {
      g_autoptr(OnsiteTicket) ticket = g_list_model_get_item (G_LIST_MODEL (board), i);
      g_autofree char *haystack = g_utf8_strdown (onsite_ticket_get_title (ticket), -1);
      g_autofree char *description = g_utf8_strdown (onsite_ticket_get_description (ticket), -1);

      g_assert_true (strstr (haystack, "toner") || strstr (description, "toner"));
    }

  /* Enter opens the first hit. */
  xdo ("key", "Return", NULL);
  g_assert_true (wait_for (fixture, something_selected, 3));
  {
    g_autoptr(OnsiteTicket) first = g_list_model_get_item (G_LIST_MODEL (board), 0);
    g_assert_true (onsite_window_get_selected (fixture->window) == first);
  }

  /* Down moves the selection to the next ticket. */
  xdo ("key", "Down", NULL);
  {
    g_autoptr(OnsiteTicket) second = g_list_model_get_item (G_LIST_MODEL (board), 1);
    if (shown > 1)
      g_assert_true (onsite_window_get_selected (fixture->window) == second);
  }

  /* Ctrl+F and Escape clear the search; every ticket is back. */
  xdo ("key", "ctrl+f", NULL);
  xdo ("key", "Escape", NULL);
  g_assert_true (wait_for (fixture, search_cleared, 3));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, total);
}

static void
test_hostile_text (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char hostile_title[] = "<b>Printer</b> & <span foreground='red'>jam</span> <i";
  static const char hostile_requester[] = "Ana &amp; <u>Bob</u>";
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(GError) error = NULL;
  GtkLabel *label;

  fill_demo (fixture->db_path);

  store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  ticket->title = g_strdup (hostile_title);
  ticket->requester = g_strdup (hostile_requester);
  ticket->description = g_strdup ("</markup> \xe2\x80\xae reversed \xf0\x9f\x96\xa8 emoji");
  ticket->site_name = g_strdup ("<Site & Co>");
  ticket->priority = 1;
  ticket->status = ONSITE_TICKET_STATUS_OPEN;
  ticket->sla_due = g_get_real_time () / G_USEC_PER_SEC - 60;
  onsite_store_insert_ticket (store, ticket, &error);
  g_assert_no_error (error);

  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));

  g_assert_true (onsite_window_select_ticket (fixture->window, onsite_ticket_get_id (ticket)));
  spin (0.3);

  /* Shown exactly as stored: a label that parsed markup would say "Printer & jam". */
  label = find_label_with_text (GTK_WIDGET (fixture->window), hostile_title);
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (fixture->window), hostile_requester));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (fixture->window), "<Site & Co>"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (fixture->window), "\xe2\x80\xae reversed \xf0\x9f\x96\xa8 emoji"));

  /* A megabyte of description is stored whole and shown cut, with a note. */
  {
    g_autoptr(OnsiteTicket) huge = onsite_ticket_new ();
    g_autoptr(OnsiteTicket) stored = NULL;
    GString *text = g_string_new (NULL);
    GtkLabel *description;

    while (text->len < 1024 * 1024)
      g_string_append (text, "Log line <b>not bold</b> with ünïcödé; ");
    huge->title = g_strdup ("Huge log pasted");
    huge->description = g_string_free (text, FALSE);
    huge->status = ONSITE_TICKET_STATUS_OPEN;
    onsite_store_insert_ticket (store, huge, &error);
    g_assert_no_error (error);

    stored = onsite_store_get_ticket (store, onsite_ticket_get_id (huge), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (onsite_ticket_get_description (stored), ==, huge->description);

    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.reload", NULL);
    g_assert_true (onsite_window_select_ticket (fixture->window, onsite_ticket_get_id (huge)));
    spin (0.3);

    description = find_label_containing (GTK_WIDGET (fixture->window), "too long to show");
    g_assert_nonnull (description);
    g_assert_cmpuint (strlen (gtk_label_get_text (description)), <, 21000);
    g_assert_true (g_str_has_prefix (gtk_label_get_text (description), "Log line <b>not bold</b>"));
  }
}

static gboolean
board_page_shown (Fixture *fixture)
{
  OnsiteBoardModel *board = onsite_window_get_board (fixture->window);

  return board != NULL && onsite_board_model_get_n_total (board) > 0;
}

static void
test_empty_offers_demo (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *button;
  AdwViewSwitcherTitle *switcher;

  open_window (fixture);
  spin (1.0);

  /* Every view would show the same empty page: nothing to switch to. */
  switcher = ADW_VIEW_SWITCHER_TITLE (find_widget (GTK_WIDGET (fixture->window),
                                                   ADW_TYPE_VIEW_SWITCHER_TITLE));
  g_assert_nonnull (switcher);
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (switcher));

  /* An empty database: the board is empty and offers demo data. */
  g_assert_nonnull (onsite_window_get_board (fixture->window));
  g_assert_cmpuint (onsite_board_model_get_n_total (onsite_window_get_board (fixture->window)), ==, 0);

  button = GTK_WIDGET (find_label_with_text (GTK_WIDGET (fixture->window), "Load Demo Data"));
  while (button != NULL && !GTK_IS_BUTTON (button))
    button = gtk_widget_get_parent (button);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));

  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-empty.png");

  /* Press it as a person would: a click through the X server. */
  click_widget (button);

  g_assert_true (wait_for (fixture, board_page_shown, 30));
  g_assert_cmpuint (onsite_board_model_get_n_total (onsite_window_get_board (fixture->window)), >=, 250);
  g_assert_true (adw_view_switcher_title_get_view_switcher_enabled (switcher));

  /* The other views read the filled store too, not only the board */
  {
    g_autoptr(OnsiteStore) store = onsite_store_open (fixture->db_path, NULL);
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                        g_date_time_get_month (now),
                                                        g_date_time_get_day_of_month (now),
                                                        0, 0, 0);
    g_autoptr(OnsiteDay) day = NULL;
    g_autofree char *expected = NULL;
    AdwViewStack *stack;
    GtkLabel *summary;

    g_assert_nonnull (store);
    day = onsite_store_load_day (store, today, NULL);
    g_assert_nonnull (day);
    g_assert_cmpuint (onsite_day_get_n_visits (day), >, 0);
    expected = g_strdup_printf (" · %u visits", onsite_day_get_n_visits (day));

    stack = ADW_VIEW_STACK (find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK));
    g_assert_nonnull (stack);
    adw_view_stack_set_visible_child_name (stack, "schedule");
    spin (1.0);
    summary = find_label_containing (GTK_WIDGET (fixture->window), " visits");
    g_assert_nonnull (summary);
    g_assert_nonnull (strstr (gtk_label_get_text (summary), expected));
  }
}


static GtkWidget *
find_button_with_label (GtkWidget  *root,
                        const char *text)
{
  GtkWidget *label = GTK_WIDGET (find_label_with_text (root, text));

  while (label != NULL && !GTK_IS_BUTTON (label))
    label = gtk_widget_get_parent (label);

  return label;
}

static GtkWindow *
conflicts_dialog (void)
{
  GType type = g_type_from_name ("OnsiteConflictsDialog");

  return type != 0 ? find_toplevel (type) : NULL;
}

static gboolean
dialog_shown (Fixture *fixture)
{
  return conflicts_dialog () != NULL;
}

static OnsiteStore *conflict_store;

static gboolean
no_conflicts_left (Fixture *fixture)
{
  g_autoptr(GPtrArray) left = onsite_store_list_conflicts (conflict_store, NULL);

  return left != NULL && left->len == 0;
}

static void
test_conflict_choice (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(OnsiteChange) change = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteTicket *ticket;
  GtkWindow *dialog;
  GtkWidget *take;

  fill_demo (fixture->db_path);
  store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);

  /* A status set here met another one at the service. */
  open = onsite_store_list_open_tickets (store, &error);
  ticket = g_ptr_array_index (open, 0);
  onsite_store_set_ticket_status (store, onsite_ticket_get_id (ticket), ONSITE_TICKET_STATUS_RESOLVED, "tester", &error);
  g_assert_no_error (error);
  change = _onsite_store_outbox_peek (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (change);
  _onsite_store_outbox_mark_conflict (store, change, "status", "resolved", "stalled <i>by vendor</i>",
                                      "The status changed at the service meanwhile.", &error);
  g_assert_no_error (error);

  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-conflicts", NULL);
  g_assert_true (wait_for (fixture, dialog_shown, 5));
  dialog = conflicts_dialog ();
  spin (0.5);

  /* Both values, as text. */
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (dialog), "resolved"));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (dialog), "stalled <i>by vendor</i>"));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-conflicts.png");

  /* Take the service's value: the local change is dropped, not sent. */
  take = find_button_with_label (GTK_WIDGET (dialog), "Take the Service’s");
  g_assert_nonnull (take);
  conflict_store = store;
  click_widget (take);
  g_assert_true (wait_for (fixture, no_conflicts_left, 5));
  g_assert_cmpint (onsite_store_count_pending_changes (store, NULL), ==, 0);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (dialog), "No Conflicts"));
  conflict_store = NULL;

  gtk_window_destroy (dialog);
}


static void
test_ticket_drag_content (void)
{
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(GdkContentProvider) content = NULL;
  g_autoptr(GdkContentFormats) formats = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) object = G_VALUE_INIT;
  g_auto(GValue) id = G_VALUE_INIT;
  g_auto(GValue) text = G_VALUE_INIT;
  g_auto(GValue) other = G_VALUE_INIT;
  gint64 got = 0;

  ticket->id = 42;
  ticket->title = g_strdup ("Printer <b>jam</b>");
  content = onsite_ticket_dnd_content (ticket);

  /* Inside Onsite a drop target may ask for the ticket or its id. */
  g_value_init (&object, ONSITE_TYPE_TICKET);
  g_assert_true (gdk_content_provider_get_value (content, &object, &error));
  g_assert_true (g_value_get_object (&object) == ticket);
  g_assert_true (onsite_ticket_dnd_value_get_id (&object, &got));
  g_assert_cmpint (got, ==, 42);

  got = 0;
  g_value_init (&id, G_TYPE_INT64);
  g_assert_true (gdk_content_provider_get_value (content, &id, &error));
  g_assert_true (onsite_ticket_dnd_value_get_id (&id, &got));
  g_assert_cmpint (got, ==, 42);

  /* Another application gets a line of plain text. */
  formats = gdk_content_formats_union_serialize_mime_types (gdk_content_provider_ref_formats (content));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8"));
  g_value_init (&text, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &text, &error));
  g_assert_cmpstr (g_value_get_string (&text), ==, "Ticket 42: Printer <b>jam</b>");

  /* Anything else is not a ticket. */
  g_value_init (&other, G_TYPE_INT64);
  g_value_set_int64 (&other, 0);
  g_assert_false (onsite_ticket_dnd_value_get_id (&other, &got));
}

static gboolean
technicians_listed (Fixture *fixture)
{
  return find_label_with_text (GTK_WIDGET (fixture->window), "Which technician are you?") != NULL;
}

static gboolean
welcome_shown (Fixture *fixture)
{
  return find_label_with_text (GTK_WIDGET (fixture->window), "Welcome to Onsite") != NULL;
}

static gboolean
welcome_gone (Fixture *fixture)
{
  return !welcome_shown (fixture);
}

static const char *first_name;

/* The technicians slide in: click only once they are in place. */
static gboolean
technician_row_ready (Fixture *fixture)
{
  GtkWidget *label = GTK_WIDGET (find_label_with_text (GTK_WIDGET (fixture->window), first_name));
  GtkWidget *revealer = label ? gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER) : NULL;

  return revealer != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static gboolean
role_is_technician (Fixture *fixture)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *role = g_settings_get_string (settings, "role");

  return g_str_equal (role, "technician");
}

static void
test_welcome_role (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GPtrArray) techs = NULL;
  g_autoptr(GError) error = NULL;
  AdwViewSwitcherTitle *switcher;
  OnsiteTech *first;
  GtkWidget *row;

  fill_demo (fixture->db_path);
  store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  techs = onsite_store_list_techs (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (techs->len, >, 0);
  first = g_ptr_array_index (techs, 0);

  /* First start: nobody has said who they are. */
  g_settings_set_string (settings, "role", "");
  g_settings_set_int64 (settings, "technician-id", 0);
  fixture->keep_role = TRUE;
  open_window (fixture);
  g_assert_true (wait_for (fixture, welcome_shown, 20));
  spin (0.5);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-welcome.png");
  /* Nothing to switch to before the role is chosen */
  switcher = ADW_VIEW_SWITCHER_TITLE (find_widget (GTK_WIDGET (fixture->window),
                                                   ADW_TYPE_VIEW_SWITCHER_TITLE));
  g_assert_nonnull (switcher);
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (switcher));

  row = GTK_WIDGET (find_label_with_text (GTK_WIDGET (fixture->window), "Field Technician"));
  g_assert_nonnull (row);
  click_widget (row);
  g_assert_true (wait_for (fixture, technicians_listed, 10));
  first_name = onsite_tech_get_name (first);
  g_assert_true (wait_for (fixture, technician_row_ready, 10));
  spin (0.3);

  row = GTK_WIDGET (find_label_with_text (GTK_WIDGET (fixture->window), first_name));
  g_assert_nonnull (row);
  click_widget (row);
  g_assert_true (wait_for (fixture, role_is_technician, 5));
  g_assert_cmpint (g_settings_get_int64 (settings, "technician-id"), ==, onsite_tech_get_id (first));

  /* The welcome is gone for good (once the stack's crossfade is over). */
  g_assert_true (wait_for (fixture, board_ready, 5));
  g_assert_true (wait_for (fixture, welcome_gone, 5));
  g_assert_true (adw_view_switcher_title_get_view_switcher_enabled (switcher));

  g_settings_set_string (settings, "role", "dispatcher");
  first_name = NULL;
}

static GtkWidget *
find_tooltip_containing (GtkWidget  *root,
                         const char *text)
{
  const char *tooltip = gtk_widget_get_tooltip_text (root);

  if (tooltip != NULL && strstr (tooltip, text) != NULL && gtk_widget_is_drawable (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip_containing (child, text);
      if (found)
        return found;
    }

  return NULL;
}

static gboolean
one_change_waiting (Fixture *fixture)
{
  return find_tooltip_containing (GTK_WIDGET (fixture->window), "1 change waiting") != NULL;
}

/* A change made in any view shows up in the header's count at once, before
 * any sync has run. */
static void
test_waiting_count (Fixture       *fixture,
                    gconstpointer  data)
{
  OnsiteContext *context;
  OnsiteTicket *ticket;
  g_autoptr(GError) error = NULL;

  fill_demo (fixture->db_path);
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  g_assert_null (find_tooltip_containing (GTK_WIDGET (fixture->window), "waiting"));

  context = onsite_window_get_context (fixture->window);
  ticket = onsite_board_model_lookup (onsite_context_get_board (context),
                                      onsite_ticket_get_id (first_with_location (onsite_window_get_board (fixture->window), 0)));
  g_assert_nonnull (ticket);
  onsite_store_set_ticket_status (onsite_context_get_store (context), onsite_ticket_get_id (ticket),
                                  ONSITE_TICKET_STATUS_IN_PROGRESS, "tester", &error);
  g_assert_no_error (error);
  onsite_context_store_changed (context);

  g_assert_true (wait_for (fixture, one_change_waiting, 5));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run this test under Xvfb\n");
      return 77;
    }
  adw_init ();

  g_test_add ("/ui/board/select-centres-map", Fixture, NULL,
              fixture_set_up, test_select_centres_map, fixture_tear_down);
  g_test_add ("/ui/board/keyboard-search", Fixture, NULL,
              fixture_set_up, test_keyboard_search, fixture_tear_down);
  g_test_add ("/ui/board/hostile-text", Fixture, NULL,
              fixture_set_up, test_hostile_text, fixture_tear_down);
  g_test_add_func ("/ui/dnd/ticket-content", test_ticket_drag_content);
  g_test_add ("/ui/welcome/choose-technician", Fixture, NULL,
              fixture_set_up, test_welcome_role, fixture_tear_down);
  g_test_add ("/ui/sync/waiting-count", Fixture, NULL,
              fixture_set_up, test_waiting_count, fixture_tear_down);
  g_test_add ("/ui/sync/conflict-choice", Fixture, NULL,
              fixture_set_up, test_conflict_choice, fixture_tear_down);
  g_test_add ("/ui/board/empty-offers-demo", Fixture, NULL,
              fixture_set_up, test_empty_offers_demo, fixture_tear_down);

  return g_test_run ();
}
