/* test-vendors.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vendor hand-off in the real window, under Xvfb, as a coordinator
 * does it: "Hand to Vendor…" from a ticket, the dialog's suggestion and
 * message, "Record Hand-off"; then in the Vendors view the vendor's case
 * reference typed into its dialog, "Resolved by Vendor" and "Returned to
 * L2". Clicks and keys go through the X server (xdotool). After every step
 * the store, the event log and the outbox are read back through a second
 * connection: one event and exactly one outbox row per step.
 */

#include <json-glib/json-glib.h>

#include "ui-fixture.h"

#include "onsite-handoff-dialog.h"
#include "onsite-store-private.h"
#include "onsite-store-vendor.h"
#include "onsite-ticket-detail.h"
#include "vendor/onsite-vendor-score.h"
#include "onsite-vendors-view-private.h"

#define DAY (24 * 3600)

typedef struct
{
  OnsiteStore *store;       /* the test's own connection */
  gint64       ticket_id;
  gint64       handoff_id;
  gint64       events;
  gint64       outbox;
} Checks;

/* The demo, without its vendor cases: these tests make their own. */
static void
fill_demo_without_handoffs (const char *db_path)
{
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteDemoOptions options;

  store = onsite_store_open (db_path, &error);
  g_assert_no_error (error);

  onsite_demo_options_init (&options);
  options.handoffs = FALSE;
  onsite_demo_fill (store, &options, &error);
  g_assert_no_error (error);
}

static Checks checks;

/* Finding things ----------------------------------------------------------- */

static GtkWidget *
find_button_with_label (GtkWidget  *root,
                        const char *text)
{
  GtkWidget *label = GTK_WIDGET (find_label_with_text (root, text));

  while (label != NULL && !GTK_IS_BUTTON (label))
    label = gtk_widget_get_parent (label);

  return label;
}

static OnsiteVendorsView *
vendors_view (Fixture *fixture)
{
  return ONSITE_VENDORS_VIEW (find_widget (GTK_WIDGET (fixture->window), ONSITE_TYPE_VENDORS_VIEW));
}

static AdwViewStack *
view_stack (Fixture *fixture)
{
  return ADW_VIEW_STACK (find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK));
}

/* Clicks the window's view switcher, as a person changes pages. */
static void
switch_to (Fixture    *fixture,
           const char *title,
           const char *page)
{
  GtkWidget *button = find_button_with_label (GTK_WIDGET (fixture->window), title);

  g_assert_nonnull (button);
  click_widget (button);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack (fixture)), ==, page);
}

/* Brings @widget into view as Tab would, then clicks it. */
static void
click_scrolled (GtkWidget *widget)
{
  g_assert_nonnull (widget);
  gtk_widget_grab_focus (widget);
  spin (0.5);
  click_widget (widget);
}

/* Checks ------------------------------------------------------------------- */

static gint64
count_rows (const char *table)
{
  g_autoptr(GError) error = NULL;
  gint64 n = onsite_store_count_rows (checks.store, table, &error);

  g_assert_no_error (error);
  return n;
}

/* The newest outbox row: its ticket and kind. */
static void
assert_last_outbox (gint64      ticket_id,
                    const char *kind,
                    const char *text_part)
{
  sqlite3 *db = _onsite_store_get_db (checks.store);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT ticket_id, kind, payload FROM outbox ORDER BY id DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, ticket_id);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, kind);
  if (text_part != NULL)
    g_assert_nonnull (strstr ((const char *)sqlite3_column_text (stmt, 2), text_part));
  sqlite3_finalize (stmt);
}

/* One step: exactly one more event and one more outbox row. */
static void
assert_one_step (const char *event_kind)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteEvent *last;

  g_assert_cmpint (count_rows ("events"), ==, ++checks.events);
  g_assert_cmpint (count_rows ("outbox"), ==, ++checks.outbox);

  history = onsite_store_list_events (checks.store, checks.ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >, 0);

  /* The history is newest first or last; find the newest by time and id. */
  last = NULL;
  for (guint i = 0; i < history->len; i++)
    {
      OnsiteEvent *event = g_ptr_array_index (history, i);

      if (last == NULL || event->at > last->at || (event->at == last->at && event->id > last->id))
        last = event;
    }
  g_assert_nonnull (last);
  g_assert_cmpstr (last->kind, ==, event_kind);
}

/* The newest line of the ticket's history says @part. */
static void
assert_last_event_says (const char *part)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteEvent *last = NULL;

  history = onsite_store_list_events (checks.store, checks.ticket_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      OnsiteEvent *event = g_ptr_array_index (history, i);

      if (last == NULL || event->at > last->at || (event->at == last->at && event->id > last->id))
        last = event;
    }
  g_assert_nonnull (last);
  g_test_message ("history: %s", last->summary);
  g_assert_nonnull (strstr (last->summary, part));
}

/* The newest outbox row's payload, read as JSON: @path is a member, or
 * "member.member.member" into objects. */
static void
assert_last_outbox_says (const char *path,
                         const char *value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  sqlite3_stmt *stmt = NULL;
  JsonObject *object;

  g_assert_cmpint (sqlite3_prepare_v2 (_onsite_store_get_db (checks.store),
                                       "SELECT payload FROM outbox ORDER BY id DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (json_parser_load_from_data (parser, (const char *)sqlite3_column_text (stmt, 0), -1, &error));
  g_assert_no_error (error);
  sqlite3_finalize (stmt);

  object = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; parts[i + 1]; i++)
    {
      g_assert_true (json_object_has_member (object, parts[i]));
      object = json_object_get_object_member (object, parts[i]);
    }
  g_assert_cmpstr (json_object_get_string_member_with_default (object, parts[g_strv_length (parts) - 1], NULL), ==, value);
}

/* Labels that show @text now (on screen, not hidden). */
static void
collect_visible_labels (GtkWidget  *root,
                        const char *text,
                        GPtrArray  *found)
{
  if (!gtk_widget_get_visible (root))
    return;

  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0 &&
      gtk_widget_is_drawable (root))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_visible_labels (child, text, found);
}

static OnsiteHandoff *
stored_handoff (void)
{
  g_autoptr(GError) error = NULL;
  OnsiteHandoff *h = onsite_store_get_handoff (checks.store, checks.handoff_id, &error);

  g_assert_no_error (error);
  return h;
}

static OnsiteHandoffState wanted_state;

static gboolean
handoff_in_state (Fixture *fixture)
{
  g_autoptr(OnsiteHandoff) h = NULL;

  if (checks.handoff_id <= 0)
    return FALSE;

  h = onsite_store_get_handoff (checks.store, checks.handoff_id, NULL);
  return h != NULL && onsite_handoff_get_state (h) == wanted_state;
}

static gboolean
handoff_recorded (Fixture *fixture)
{
  g_autoptr(OnsiteHandoff) h = onsite_store_get_open_handoff (checks.store, checks.ticket_id, NULL);

  if (h != NULL)
    checks.handoff_id = onsite_handoff_get_id (h);

  return h != NULL && find_toplevel (ONSITE_TYPE_HANDOFF_DIALOG) == NULL;
}

/* The scorecard's period choice: the dropdown offering "This Month". */
static GtkDropDown *
find_period_drop (GtkWidget *root)
{
  if (GTK_IS_DROP_DOWN (root))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (root));

      if (GTK_IS_STRING_LIST (model) &&
          g_list_model_get_n_items (model) == ONSITE_N_SCORE_PERIODS &&
          g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), ONSITE_SCORE_PERIOD_THIS_MONTH),
                     "This Month") == 0)
        return GTK_DROP_DOWN (root);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_period_drop (child);

      if (found)
        return found;
    }

  return NULL;
}

static gboolean
detail_paused (Fixture *fixture)
{
  GtkWidget *detail = find_widget (GTK_WIDGET (fixture->window), ONSITE_TYPE_TICKET_DETAIL);

  return detail != NULL && find_label_with_text (detail, "Paused") != NULL &&
         find_label_containing (detail, "paused while with the vendor") != NULL;
}

static gboolean
handoff_dialog_shown (Fixture *fixture)
{
  return find_toplevel (ONSITE_TYPE_HANDOFF_DIALOG) != NULL;
}

static gboolean
mail_toast_shown (Fixture *fixture)
{
  GtkWindow *dialog = find_toplevel (ONSITE_TYPE_HANDOFF_DIALOG);

  return dialog != NULL && find_label_containing (GTK_WIDGET (dialog), "copied to the clipboard") != NULL;
}

static gboolean
message_dialog_shown (Fixture *fixture)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
view_lists_three (Fixture *fixture)
{
  GListModel *list = onsite_vendors_view_get_handoffs (vendors_view (fixture));

  return list != NULL && g_list_model_get_n_items (list) == 3;
}

static gboolean
view_shows_handoff (Fixture *fixture)
{
  OnsiteHandoff *h = onsite_vendors_view_get_selected (vendors_view (fixture));

  return h != NULL && onsite_handoff_get_id (h) == checks.handoff_id;
}

/* Data --------------------------------------------------------------------- */

/* An open ticket of @category that no vendor holds. */
static OnsiteTicket *
pick_ticket (const char *category,
             guint       skip)
{
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;

  open = onsite_store_list_open_tickets (checks.store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < open->len; i++)
    {
      OnsiteTicket *ticket = g_ptr_array_index (open, i);

      if (g_strcmp0 (onsite_ticket_get_category (ticket), category) == 0 &&
          onsite_ticket_get_status (ticket) != ONSITE_TICKET_STATUS_WAITING &&
          skip-- == 0)
        return g_object_ref (ticket);
    }

  return NULL;
}

/* Two cases handed over earlier, through the store: one late, one acknowledged. */
static void
seed_other_handoffs (gint64 now)
{
  static const struct { const char *category; const char *vendor; const char *reference; } seeds[] = {
    { "network", "NetLink Milano S.p.A.", NULL },
    { "laptop", "PC Assistance Nord S.r.l.", "PCAN-55120" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autoptr(OnsiteTicket) ticket = pick_ticket (seeds[i].category, 0);
      g_autoptr(GListModel) matches = NULL;
      g_autoptr(OnsiteVendorMatch) match = NULL;
      OnsiteHandoffRequest request = { 0 };
      gint64 id;

      g_assert_nonnull (ticket);
      matches = onsite_store_match_vendors (checks.store, seeds[i].category, NULL, now, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (matches), >, 0);
      match = g_list_model_get_item (matches, 0);
      g_assert_cmpstr (onsite_vendor_info_get_name (onsite_vendor_match_get_vendor (match)), ==, seeds[i].vendor);

      request.ticket_id = onsite_ticket_get_id (ticket);
      request.vendor_id = onsite_vendor_info_get_id (onsite_vendor_match_get_vendor (match));
      request.contract_id = onsite_vendor_contract_info_get_id (onsite_vendor_match_get_contract (match));
      request.summary = "Seeded for the coordinator view.";
      /* Four days ago holds at least two working days: the response is late. */
      request.sent_at = now - 4 * DAY;
      request.actor = "Test";
      id = onsite_store_request_handoff (checks.store, &request, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);

      if (seeds[i].reference != NULL)
        {
          onsite_store_acknowledge_handoff (checks.store, id, seeds[i].reference, now - 3 * DAY, "Test", &error);
          g_assert_no_error (error);
        }
    }
}

/* Clipboard ---------------------------------------------------------------- */

static char *clipboard_text;
static gboolean clipboard_read;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  clipboard_text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  clipboard_read = TRUE;
}

static gboolean
clipboard_done (Fixture *fixture)
{
  return clipboard_read;
}

static char *
summary_of (GtkWidget *dialog)
{
  GtkTextView *view = GTK_TEXT_VIEW (find_widget (dialog, GTK_TYPE_TEXT_VIEW));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The test ----------------------------------------------------------------- */

static void
test_handoff_steps (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(OnsiteHandoff) h = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  OnsiteVendorsView *view;
  GtkWidget *dialog, *button, *entry;
  GtkCheckButton *first_choice;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!g_find_program_in_path ("xdotool"))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  fill_demo_without_handoffs (fixture->db_path);
  checks.store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  seed_other_handoffs (now);

  ticket = pick_ticket ("printer", 3);
  g_assert_nonnull (ticket);
  checks.ticket_id = onsite_ticket_get_id (ticket);
  checks.handoff_id = 0;

  /* Its SLA six hours ahead: a pausing contract then stops the clock. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE tickets SET sla_due = %" G_GINT64_FORMAT
                                            " WHERE id = %" G_GINT64_FORMAT, now + 6 * 3600, checks.ticket_id);

    g_assert_cmpint (sqlite3_exec (_onsite_store_get_db (checks.store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  }

  /* A coordinator's window opens on the Vendors view. */
  g_settings_set_string (settings, "role", "coordinator");
  fixture->keep_role = TRUE;
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  spin (0.5);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack (fixture)), ==, "vendors");
  view = vendors_view (fixture);
  g_assert_nonnull (view);
  g_assert_cmpuint (g_list_model_get_n_items (onsite_vendors_view_get_handoffs (view)), ==, 2);

  /* The late case comes first. */
  {
    g_autoptr(OnsiteHandoff) top = g_list_model_get_item (onsite_vendors_view_get_handoffs (view), 0);
    g_assert_cmpstr (onsite_handoff_get_vendor_name (top), ==, "NetLink Milano S.p.A.");
    g_assert_true (onsite_handoff_is_overdue (top, now));
  }

  /* From the ticket on the board: "Hand to Vendor…". */
  switch_to (fixture, "Dispatch", "board");
  g_assert_true (onsite_window_select_ticket (fixture->window, checks.ticket_id));
  spin (0.3);
  g_assert_false (detail_paused (fixture));
  button = find_button_with_label (GTK_WIDGET (fixture->window), "Hand to Vendor…");
  g_assert_nonnull (button);
  click_widget (button);
  g_assert_true (wait_for (fixture, handoff_dialog_shown, 5));
  dialog = GTK_WIDGET (find_toplevel (ONSITE_TYPE_HANDOFF_DIALOG));
  spin (0.5);

  /* The most specific printer contract is chosen; the message names the ticket. */
  first_choice = GTK_CHECK_BUTTON (find_widget (dialog, GTK_TYPE_CHECK_BUTTON));
  g_assert_true (gtk_check_button_get_active (first_choice));
  g_assert_nonnull (find_label_containing (dialog, "covers “printer”"));
  summary = summary_of (dialog);
  g_assert_nonnull (strstr (summary, onsite_ticket_get_title (ticket)));
  save_screenshot (dialog, "screenshot-handoff-dialog.png");

  /* "Copy to Clipboard" puts the message there, as it is. */
  click_scrolled (find_button_with_label (dialog, "Copy to Clipboard"));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (dialog), NULL, clipboard_read_cb, NULL);
  g_assert_true (wait_for (fixture, clipboard_done, 5));
  g_assert_cmpstr (clipboard_text, ==, summary);
  g_clear_pointer (&clipboard_text, g_free);

  /* "Send by Email" goes to the desktop; without an e-mail program here it
   * says so in a toast, and nothing is written. */
  checks.events = count_rows ("events");
  checks.outbox = count_rows ("outbox");
  click_scrolled (find_button_with_label (dialog, "Send by Email"));
  if (wait_for (fixture, mail_toast_shown, 3))
    g_test_message ("No email program here: the toast says so");
  g_assert_true (gtk_widget_get_mapped (dialog));
  g_assert_cmpint (count_rows ("events"), ==, checks.events);
  g_assert_cmpint (count_rows ("outbox"), ==, checks.outbox);

  /* "Record Hand-off": the case, one event, one outbox row. */
  click_widget (find_button_with_label (dialog, "Record Hand-off"));
  g_assert_true (wait_for (fixture, handoff_recorded, 5));
  assert_one_step ("handoff");
  assert_last_outbox (checks.ticket_id, "handoff", onsite_ticket_get_title (ticket));
  assert_last_outbox_says ("state", "requested");
  assert_last_outbox_says ("status", "waiting");
  h = stored_handoff ();
  g_assert_cmpint (onsite_handoff_get_state (h), ==, ONSITE_HANDOFF_REQUESTED);
  g_assert_cmpstr (onsite_handoff_get_summary (h), ==, summary);
  g_assert_cmpint (onsite_handoff_get_contract_id (h), >, 0);
  g_assert_cmpint (onsite_handoff_get_acknowledge_due (h), >, onsite_handoff_get_sent_at (h));
  g_clear_object (&h);
  g_clear_object (&ticket);
  ticket = onsite_store_get_ticket (checks.store, checks.ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), ==, ONSITE_TICKET_STATUS_WAITING);

  /* The ticket's pane: the SLA clock stands still while the vendor has it. */
  g_assert_true (wait_for (fixture, detail_paused, 5));
  spin (0.3);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-board-sla-paused.png");

  /* A second hand-off of the same ticket is refused up front. */
  spin (0.3);
  click_widget (find_button_with_label (GTK_WIDGET (fixture->window), "Hand to Vendor…"));
  g_assert_true (wait_for (fixture, handoff_dialog_shown, 5));
  dialog = GTK_WIDGET (find_toplevel (ONSITE_TYPE_HANDOFF_DIALOG));
  spin (0.5);
  g_assert_nonnull (find_label_containing (dialog, "already with"));
  g_assert_false (gtk_widget_get_sensitive (find_button_with_label (dialog, "Record Hand-off")));
  gtk_window_close (GTK_WINDOW (dialog));
  spin (0.3);
  g_assert_cmpint (count_rows ("outbox"), ==, checks.outbox);

  /* The coordinator's view lists it; a click shows it. */
  switch_to (fixture, "Vendors", "vendors");
  g_assert_true (wait_for (fixture, view_lists_three, 5));
  spin (0.3);
  {
    GtkLabel *cell = find_label_containing (GTK_WIDGET (view), onsite_ticket_get_title (ticket));

    g_assert_nonnull (cell);
    click_widget (GTK_WIDGET (cell));
  }
  g_assert_true (wait_for (fixture, view_shows_handoff, 3));

  /* "Enter Case Reference…": typed into its dialog, saved. */
  click_widget (find_button_with_label (GTK_WIDGET (view), "Enter Case Reference…"));
  g_assert_true (wait_for (fixture, message_dialog_shown, 5));
  dialog = GTK_WIDGET (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  spin (0.5);
  entry = find_widget (dialog, GTK_TYPE_TEXT);
  g_assert_nonnull (entry);
  click_widget (entry);
  xdo ("type", "--delay", "30", "VC-2026-4711", NULL);
  wanted_state = ONSITE_HANDOFF_ACKNOWLEDGED;
  click_widget (find_button_with_label (dialog, "Save"));
  g_assert_true (wait_for (fixture, handoff_in_state, 5));
  assert_one_step ("handoff");
  assert_last_outbox (checks.ticket_id, "handoff", "VC-2026-4711");
  assert_last_event_says ("acknowledged the case as VC-2026-4711");
  assert_last_outbox_says ("state", "acknowledged");
  assert_last_outbox_says ("fields.vendor-reference.value", "VC-2026-4711");
  assert_last_outbox_says ("fields.vendor-reference.previous", "");
  h = stored_handoff ();
  g_assert_cmpstr (onsite_handoff_get_vendor_reference (h), ==, "VC-2026-4711");
  g_clear_object (&h);

  /* The view follows: the reference in the detail pane, the next steps. */
  spin (0.5);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "VC-2026-4711"));
  g_assert_nonnull (find_button_with_label (GTK_WIDGET (view), "Change Case Reference…"));
  /* One suggested next step, and no second way to acknowledge */
  g_assert_true (gtk_widget_has_css_class (find_button_with_label (GTK_WIDGET (view), "In Progress"),
                                           "suggested-action"));
  g_assert_false (gtk_widget_has_css_class (find_button_with_label (GTK_WIDGET (view), "Change Case Reference…"),
                                            "suggested-action"));
  g_assert_null (find_button_with_label (GTK_WIDGET (view), "Acknowledged…"));
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-vendors.png");

  /* "Resolved by Vendor". */
  wanted_state = ONSITE_HANDOFF_RESOLVED;
  click_widget (find_button_with_label (GTK_WIDGET (view), "Resolved by Vendor"));
  g_assert_true (wait_for (fixture, handoff_in_state, 5));
  assert_one_step ("handoff");
  assert_last_outbox (checks.ticket_id, "handoff", NULL);
  assert_last_event_says ("reports the case VC-2026-4711 resolved");
  assert_last_outbox_says ("state", "resolved");
  /* L2 checks the fix: RT's ticket is open again. */
  assert_last_outbox_says ("status", "open");
  assert_last_outbox_says ("previous", "waiting");
  spin (0.5);
  g_assert_null (find_button_with_label (GTK_WIDGET (view), "Resolved by Vendor"));
  g_assert_true (gtk_widget_has_css_class (find_button_with_label (GTK_WIDGET (view), "Returned to L2"),
                                           "suggested-action"));

  /* "Returned to L2": the case is over, the ticket is L2's again. */
  wanted_state = ONSITE_HANDOFF_RETURNED;
  click_widget (find_button_with_label (GTK_WIDGET (view), "Returned to L2"));
  g_assert_true (wait_for (fixture, handoff_in_state, 5));
  assert_one_step ("handoff");
  assert_last_outbox (checks.ticket_id, "handoff", NULL);
  assert_last_event_says ("Vendor case VC-2026-4711 with Stampa Sicura Service S.r.l. closed");
  assert_last_outbox_says ("state", "returned");
  h = stored_handoff ();
  g_assert_cmpint (onsite_handoff_get_closed_at (h), >=, onsite_handoff_get_resolved_at (h));
  g_assert_cmpint (onsite_handoff_get_resolved_at (h), >, 0);
  g_clear_object (&h);
  g_clear_object (&ticket);
  ticket = onsite_store_get_ticket (checks.store, checks.ticket_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onsite_ticket_get_status (ticket), !=, ONSITE_TICKET_STATUS_WAITING);
  spin (0.5);
  g_assert_cmpuint (g_list_model_get_n_items (onsite_vendors_view_get_handoffs (view)), ==, 2);
  /* The list has it no more; the pane still shows how it ended, once. */
  {
    g_autoptr(GPtrArray) badges = g_ptr_array_new ();

    g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "Closed"));
    collect_visible_labels (GTK_WIDGET (view), "Returned to L2", badges);
    g_assert_cmpuint (badges->len, ==, 1);
  }
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-vendors-returned.png");

  /* Four steps, four outbox rows, nothing else written on the way. */
  {
    g_autoptr(GPtrArray) all = onsite_store_list_handoffs (checks.store, checks.ticket_id, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 1);
  }

  /* The same view on a small screen. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  onsite_vendors_view_select_handoff (view, 0);
  {
    g_autoptr(OnsiteHandoff) top = g_list_model_get_item (onsite_vendors_view_get_handoffs (view), 0);
    onsite_vendors_view_select_handoff (view, onsite_handoff_get_id (top));
  }
  spin (1.0);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 1024);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-vendors-small.png");

  /* The scorecard counts the three cases of the last 30 days. */
  click_widget (find_button_with_label (GTK_WIDGET (view), "Scorecard"));
  spin (0.3);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "Stampa Sicura Service S.r.l."));
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-vendors-scorecard.png");

  /* Over a chosen period: this calendar month holds today's case, with
   * its first and last day shown; last month does not. */
  {
    GtkDropDown *periods = find_period_drop (GTK_WIDGET (view));
    g_autoptr(GDateTime) today = g_date_time_new_now_local ();
    g_autoptr(GDateTime) first = g_date_time_new_local (g_date_time_get_year (today),
                                                        g_date_time_get_month (today), 1, 0, 0, 0);
    g_autoptr(GDateTime) next = g_date_time_add_months (first, 1);
    g_autoptr(GDateTime) last = g_date_time_add_days (next, -1);
    g_autofree char *first_text = g_date_time_format (first, "%Y-%m-%d");
    g_autofree char *last_text = g_date_time_format (last, "%Y-%m-%d");
    g_autofree char *range = g_strdup_printf ("%s – %s", first_text, last_text);

    g_assert_nonnull (periods);
    gtk_drop_down_set_selected (periods, ONSITE_SCORE_PERIOD_THIS_MONTH);
    spin (0.3);
    g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), range));
    g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "Stampa Sicura Service S.r.l."));
    save_screenshot (GTK_WIDGET (fixture->window), "screenshot-vendors-scorecard-month.png");

    gtk_drop_down_set_selected (periods, ONSITE_SCORE_PERIOD_LAST_MONTH);
    spin (0.3);
    g_assert_null (find_label_with_text (GTK_WIDGET (view), "Stampa Sicura Service S.r.l."));
    g_assert_null (find_label_with_text (GTK_WIDGET (view), range));
  }

  g_clear_object (&checks.store);
}


static GtkWidget *
find_button_with_tooltip (GtkWidget  *root,
                          const char *tooltip)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0 &&
      gtk_widget_is_drawable (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_tooltip (child, tooltip);
      if (found)
        return found;
    }

  return NULL;
}

static void
collect_texts (GtkWidget *root,
               GPtrArray *texts)
{
  if (GTK_IS_TEXT (root))
    g_ptr_array_add (texts, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

/* Replaces what a text field holds, typing as a person does. */
static void
retype (GtkWidget  *text,
        const char *value)
{
  click_widget (text);
  xdo ("key", "ctrl+a", NULL);
  xdo ("key", "BackSpace", NULL);
  xdo ("type", "--delay", "30", value, NULL);
}

static gint64 vendor_under_test;

static gboolean
contract_saved (Fixture *fixture)
{
  g_autoptr(OnsiteVendorInfo) vendor = onsite_store_get_vendor (checks.store, vendor_under_test, NULL);
  GListModel *contracts = vendor ? onsite_vendor_info_get_contracts (vendor) : NULL;

  for (guint i = 0; contracts && i < g_list_model_get_n_items (contracts); i++)
    {
      g_autoptr(OnsiteVendorContractInfo) c = g_list_model_get_item (contracts, i);

      if (g_strcmp0 (onsite_vendor_contract_info_get_number (c), "MTB-TEST-1") == 0)
        return onsite_vendor_contract_info_get_response_minutes (c) == 120;
    }

  return FALSE;
}

static void
test_directory_contract (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char vendor_name[] = "Manutenzioni Tecniche Brianza S.r.l.";
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  OnsiteVendorsView *view;
  GtkLabel *problem;

  if (!g_find_program_in_path ("xdotool"))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  fill_demo_without_handoffs (fixture->db_path);
  checks.store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  /* A vendor whose text would be markup, if anything read it as markup. */
  {
    static const OnsiteVendorContact contacts[] = {
      { "Ana <i>& Bob</i>", "<b>Boss</b>", "+39 02 0000", "ana@evil.example", TRUE },
    };
    OnsiteVendor evil = { 0 };

    evil.name = "<b>Evil</b> & Co <span";
    evil.contacts = contacts;
    evil.n_contacts = G_N_ELEMENTS (contacts);
    g_assert_cmpint (onsite_store_insert_vendor (checks.store, &evil, &error), >, 0);
    g_assert_no_error (error);
  }

  vendor_under_test = onsite_store_find_vendor (checks.store, vendor_name, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vendor_under_test, >, 0);

  g_settings_set_string (settings, "role", "coordinator");
  fixture->keep_role = TRUE;
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  spin (0.5);
  view = vendors_view (fixture);

  /* Directory → the vendor → "Add Contract". */
  click_widget (find_button_with_label (GTK_WIDGET (view), "Directory"));

  /* Shown as written. */
  click_widget (GTK_WIDGET (find_label_with_text (GTK_WIDGET (view), "<b>Evil</b> & Co <span")));
  spin (0.3);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "Ana <i>& Bob</i>"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (view), "<b>Boss</b>"));

  click_widget (GTK_WIDGET (find_label_with_text (GTK_WIDGET (view), vendor_name)));
  spin (0.3);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "MTB-2026-003"));
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-vendors-directory.png");
  click_widget (find_button_with_tooltip (GTK_WIDGET (view), "Add Contract"));
  g_assert_true (wait_for (fixture, message_dialog_shown, 5));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  spin (0.5);

  /* Checked as it is typed: no number yet, so no saving. */
  problem = find_label_containing (GTK_WIDGET (dialog), "needs a number");
  g_assert_nonnull (problem);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));

  collect_texts (GTK_WIDGET (dialog), texts);
  g_assert_cmpuint (texts->len, >=, 9);
  retype (g_ptr_array_index (texts, 0), "MTB-TEST-1");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (problem)));

  /* A response time that is not a number, then hours that cannot be read. */
  retype (g_ptr_array_index (texts, 3), "four hours");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_nonnull (strstr (gtk_label_get_text (problem), "response time"));
  retype (g_ptr_array_index (texts, 3), "120");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  retype (g_ptr_array_index (texts, 5), "someday 8-5");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (problem)));
  retype (g_ptr_array_index (texts, 5), "mon-fri 08:00-17:00");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-contract-dialog.png");

  click_widget (find_button_with_label (GTK_WIDGET (dialog), "Save"));
  g_assert_true (wait_for (fixture, contract_saved, 5));
  spin (0.5);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "MTB-TEST-1"));

  g_clear_object (&checks.store);
}

/* CSV import ----------------------------------------------------------------- */

static GtkWindow *
find_dialog_with_class (const char *css_class)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_has_css_class (GTK_WIDGET (window), css_class) &&
          gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
import_error_shown (Fixture *fixture)
{
  return find_dialog_with_class ("vendor-import-error") != NULL;
}

static gboolean
import_progress_gone (Fixture *fixture)
{
  return find_dialog_with_class ("vendor-import-progress") == NULL;
}

static GtkProgressBar *
import_progress_bar (void)
{
  GtkWindow *dialog = find_dialog_with_class ("vendor-import-progress");

  return dialog ? GTK_PROGRESS_BAR (find_widget (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR)) : NULL;
}

/* Shown, laid out, and telling how far it got. */
static gboolean
import_progress_counting (Fixture *fixture)
{
  GtkProgressBar *bar = import_progress_bar ();

  return bar != NULL && gtk_widget_get_width (GTK_WIDGET (bar)) > 0 &&
         gtk_progress_bar_get_fraction (bar) > 0.0;
}

static const char *toast_wanted;

static gboolean
toast_shown (Fixture *fixture)
{
  return find_label_containing (GTK_WIDGET (fixture->window), toast_wanted) != NULL;
}

/* @n_vendors vendors, each with a contact; @bad_line (0 for none, else odd)
 * holds a contract with an impossible date. */
static GFile *
write_csv (Fixture    *fixture,
           const char *name,
           guint       n_vendors,
           guint       bad_line)
{
  g_autoptr(GString) csv = g_string_new ("kind,vendor,name,email,number,valid_from,valid_until,response_minutes,resolution_minutes\n");
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  guint line = 1;

  for (guint i = 0; i < n_vendors; i++)
    {
      g_string_append_printf (csv, "vendor,Import Test %05u,,,,,,,\n", i + 1);
      if (++line == bad_line - 1)
        g_string_append (csv, "contract,Import Test 00001,,,IT-1,2026-13-01,2026-12-31,60,240\n");
      else
        g_string_append_printf (csv, "contact,Import Test %05u,Desk,desk%u@import.example,,,,,\n", i + 1, i + 1);
      line++;
    }

  g_assert_true (g_file_set_contents (path, csv->str, csv->len, &error));
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

/* The import runs in a worker: the window keeps drawing (the main loop
 * runs many times while it goes), a bad line is named in a dialog and
 * nothing is kept, Cancel keeps nothing, a good file is imported. */
static void
test_import_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GFile) big = NULL;
  g_autoptr(GFile) good = NULL;
  OnsiteVendorsView *view;
  GtkWindow *dialog;
  gint64 vendors;
  guint frames = 0;
  gint64 started;

  if (!g_find_program_in_path ("xdotool"))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  fill_demo_without_handoffs (fixture->db_path);
  checks.store = onsite_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  vendors = count_rows ("vendors");

  g_settings_set_string (settings, "role", "coordinator");
  fixture->keep_role = TRUE;
  open_window (fixture);
  g_assert_true (wait_for (fixture, board_ready, 10));
  spin (0.5);
  view = vendors_view (fixture);
  click_widget (find_button_with_label (GTK_WIDGET (view), "Directory"));

  /* A bad line near the end of a long file. */
  bad = write_csv (fixture, "vendors-bad.csv", 3000, 5001);
  started = g_get_monotonic_time ();
  _onsite_vendors_view_import_file (view, bad);
  while (!import_error_shown (fixture) && g_get_monotonic_time () - started < 30 * G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, TRUE);
      frames++;
    }
  g_test_message ("bad file: %.2f s, %u main loop iterations meanwhile",
                  (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC, frames);
  g_assert_true (import_error_shown (fixture));
  g_assert_true (import_progress_gone (fixture));
  dialog = find_dialog_with_class ("vendor-import-error");
  spin (0.5);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog), "Line 5001: valid_from must be a date"));
  g_assert_null (find_label_containing (GTK_WIDGET (dialog), "Line 5000"));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-vendor-import-error.png");
  click_widget (find_button_with_label (GTK_WIDGET (dialog), "Close"));
  spin (0.3);
  g_assert_cmpint (count_rows ("vendors"), ==, vendors);

  /* Cancel while it reads a long file: nothing is kept. */
  big = write_csv (fixture, "vendors-big.csv", 30000, 0);
  _onsite_vendors_view_import_file (view, big);
  g_assert_true (wait_for (fixture, import_progress_counting, 10));
  dialog = find_dialog_with_class ("vendor-import-progress");
  /* No screenshot here: the bar moves on while it would be taken. */
  g_test_message ("progress: %s", gtk_progress_bar_get_text (import_progress_bar ()));
  click_widget (find_button_with_label (GTK_WIDGET (dialog), "Cancel"));
  toast_wanted = "Import cancelled";
  g_assert_true (wait_for (fixture, toast_shown, 30));
  g_assert_true (import_progress_gone (fixture));
  g_assert_cmpint (count_rows ("vendors"), ==, vendors);

  /* A good file. */
  good = write_csv (fixture, "vendors-good.csv", 50, 0);
  _onsite_vendors_view_import_file (view, good);
  toast_wanted = "Imported: 50 vendors added";
  g_assert_true (wait_for (fixture, toast_shown, 30));
  g_assert_cmpint (count_rows ("vendors"), ==, vendors + 50);
  g_assert_cmpint (onsite_store_find_vendor (checks.store, "Import Test 00050", &error), >, 0);
  spin (0.5);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (view), "Import Test 00001"));

  g_clear_object (&checks.store);
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

  g_test_add ("/vendors/handoff-steps", Fixture, NULL, fixture_set_up, test_handoff_steps, fixture_tear_down);
  g_test_add ("/vendors/directory-contract", Fixture, NULL, fixture_set_up, test_directory_contract, fixture_tear_down);
  g_test_add ("/vendors/import-csv", Fixture, NULL, fixture_set_up, test_import_csv, fixture_tear_down);

  return g_test_run ();
}
