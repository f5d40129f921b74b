/* test-plan-day.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Plan Day" in the real window under Xvfb, driven as a person would: the
 * main menu, the dialog's check buttons and its Apply button are clicked
 * through the X server (xdotool), and the result is read from the store.
 */

#include "ui-fixture.h"

#include "onsite-plan-day-dialog.h"
#include "onsite-store-dispatch.h"

/* Monday 23 November 2026, 07:00 UTC (the tests run with TZ=UTC). */
#define MONDAY_7AM ((gint64) 1795392000 + 7 * 3600)

static void
fill_demo_monday (const char *db_path)
{
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteDemoOptions options;

  store = onsite_store_open (db_path, &error);
  g_assert_no_error (error);

  onsite_demo_options_init (&options);
  options.now = MONDAY_7AM;
  /* The day is planned from scratch. */
  options.visits = FALSE;
  onsite_demo_fill (store, &options, &error);
  g_assert_no_error (error);
}

static GtkMenuButton *
find_primary_menu_button (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (root)) &&
      gtk_widget_is_drawable (root))
    return GTK_MENU_BUTTON (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_primary_menu_button (child);
      if (found)
        return found;
    }

  return NULL;
}

static OnsitePlanDayDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (ONSITE_IS_PLAN_DAY_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static gboolean
proposal_shown (Fixture *fixture)
{
  OnsitePlanDayDialog *dialog = find_dialog ();

  return dialog != NULL && onsite_plan_day_dialog_get_plan (dialog) != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
dialog_gone (Fixture *fixture)
{
  return find_dialog () == NULL;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found)
        return found;
    }

  return NULL;
}

static OnsiteDayPlanChange *unchecked;

static gboolean
change_unchecked (Fixture *fixture)
{
  return !onsite_day_plan_change_get_selected (unchecked);
}

static void
test_plan_apply_subset (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OnsiteDayPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  OnsitePlanDayDialog *dialog;
  OnsiteContext *context;
  OnsiteStore *store;
  GtkMenuButton *menu_button;
  GtkLabel *item;
  GtkWidget *added_list;
  GtkWidget *check = NULL;
  GtkLabel *apply;
  GListModel *changes;
  guint n_selected = 0;
  gint64 outbox, events;

  fill_demo_monday (fixture->db_path);
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  /* Mapped is not yet laid out: let the first frames pass. */
  spin (1.0);

  context = onsite_window_get_context (fixture->window);
  onsite_context_set_now (context, MONDAY_7AM);
  store = onsite_context_get_store (context);

  /* Main menu → Plan Day… */
  menu_button = find_primary_menu_button (GTK_WIDGET (fixture->window));
  g_assert_nonnull (menu_button);
  click_widget (GTK_WIDGET (menu_button));
  spin (0.5);
  item = find_label_with_text (GTK_WIDGET (menu_button), "Plan Day…");
  g_assert_nonnull (item);
  click_widget (GTK_WIDGET (item));

  g_assert_true (wait_for (fixture, proposal_shown, 20));
  dialog = find_dialog ();
  plan = g_object_ref (onsite_plan_day_dialog_get_plan (dialog));
  spin (0.5);

  /* The demo day has no visits yet: everything is added or left out. */
  g_assert_cmpuint (onsite_day_plan_count (plan, ONSITE_DAY_PLAN_ADDED), >, 20);
  g_assert_cmpuint (onsite_day_plan_count (plan, ONSITE_DAY_PLAN_MOVED), ==, 0);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog), "Added ("));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (dialog), "Visits served"));

  save_screenshot (GTK_WIDGET (dialog), "screenshot-plan-day.png");

  /* Uncheck the second added visit. */
  added_list = find_named (GTK_WIDGET (dialog), "added");
  g_assert_nonnull (added_list);
  {
    GtkWidget *row = gtk_widget_get_next_sibling (gtk_widget_get_first_child (added_list));
    GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

    check = gtk_widget_get_first_child (box);
    g_assert_true (GTK_IS_CHECK_BUTTON (check));
    unchecked = g_object_get_data (G_OBJECT (check), "change");
    g_assert_nonnull (unchecked);
    g_assert_true (onsite_day_plan_change_get_selected (unchecked));
  }
  click_widget (check);
  g_assert_true (wait_for (fixture, change_unchecked, 5));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  save_screenshot (GTK_WIDGET (dialog), "screenshot-plan-day-unchecked.png");

  changes = onsite_day_plan_get_changes (plan);
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(OnsiteDayPlanChange) change = g_list_model_get_item (changes, i);

      n_selected += onsite_day_plan_change_get_selected (change);
    }
  g_assert_cmpuint (n_selected, ==, onsite_day_plan_count (plan, ONSITE_DAY_PLAN_ADDED) - 1);

  outbox = onsite_store_count_rows (store, "outbox", &error);
  events = onsite_store_count_rows (store, "events", &error);
  g_assert_no_error (error);

  apply = find_label_with_text (GTK_WIDGET (dialog), "Apply Selected");
  g_assert_nonnull (apply);
  click_widget (GTK_WIDGET (apply));
  g_assert_true (wait_for (fixture, dialog_gone, 10));

  /* One outbox row and one history line per accepted change. */
  g_assert_cmpint (onsite_store_count_rows (store, "outbox", NULL), ==, outbox + n_selected);
  g_assert_cmpint (onsite_store_count_rows (store, "events", NULL), ==, events + n_selected);

  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(OnsiteDayPlanChange) change = g_list_model_get_item (changes, i);
      g_autoptr(OnsiteVisit) visit = NULL;

      if (onsite_day_plan_change_get_kind (change) != ONSITE_DAY_PLAN_ADDED)
        continue;

      visit = onsite_store_find_ticket_visit (store, onsite_day_plan_change_get_ticket_id (change), &error);
      g_assert_no_error (error);

      if (change == unchecked)
        g_assert_null (visit);
      else
        {
          g_assert_nonnull (visit);
          g_assert_cmpint (onsite_visit_get_technician_id (visit), ==,
                           onsite_day_plan_change_get_technician_after (change));
          g_assert_cmpint (onsite_visit_get_start (visit), ==,
                           onsite_day_plan_change_get_start_after (change));
        }
    }
}

/* Every warning or critical fails the test, also from the planner's worker
 * thread (the planner checks its own result and says so if it breaks a
 * rule). */
static void
log_handler (const char     *log_domain,
             GLogLevelFlags  log_level,
             const char     *message,
             gpointer        user_data)
{
  if ((log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    {
      g_printerr ("%s: %s\n", log_domain, message);
      abort ();
    }

  g_log_default_handler (log_domain, log_level, message, user_data);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_log_set_default_handler (log_handler, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run this test under Xvfb\n");
      return 77;
    }
  adw_init ();

  g_test_add ("/ui/plan-day/apply-subset", Fixture, NULL,
              fixture_set_up, test_plan_apply_subset, fixture_tear_down);

  return g_test_run ();
}
