/* test-onsitectl.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sys/wait.h>
#include <json-glib/json-glib.h>

#include "onsite-store.h"
#include "onsite-ticket-private.h"
#include "onsite-store-vendor.h"

/*
 * Runs the built onsitectl as a user would, on databases in a temporary
 * folder, and reads what it prints.
 */

#define REFERENCE_TIME "1795424400"

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *
onsitectl_path (void)
{
  const char *build_root = g_getenv ("ONSITE_BUILD_ROOT");

  if (build_root == NULL)
    return NULL;

  return g_build_filename (build_root, "src", "tools", "onsitectl", NULL);
}

/* Runs onsitectl with the NULL-terminated arguments, ONSITE_DB set to
 * @env_db (or unset). */
static void
run_onsitectl (Run        *run,
               const char *env_db,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *arg;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, onsitectl_path ());
  va_start (args, env_db);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (env_db != NULL)
    envp = g_environ_setenv (envp, "ONSITE_DB", env_db, TRUE);
  else
    envp = g_environ_unsetenv (envp, "ONSITE_DB");

  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, envp, G_SPAWN_DEFAULT,
                               NULL, NULL, &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);

  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);

  g_test_message ("onsitectl %s → %d\n%s", (char *)argv->pdata[1], run->status, run->err);
}

static char *
temp_path (const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "onsitectl-test", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  return g_build_filename (dir, name, NULL);
}

static JsonArray *
parse_array (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);

  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));

  return json_array_ref (json_node_get_array (root));
}

/* meson builds onsitectl before running tests; its absence is a failure. */
static void
assert_binary (void)
{
  g_autofree char *path = onsitectl_path ();

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("No onsitectl at %s: set ONSITE_BUILD_ROOT to the build folder",
             path ? path : "(ONSITE_BUILD_ROOT is unset)");
}

static void
test_demo_and_list (void)
{
  g_autofree char *db = temp_path ("demo.db");
  g_auto(Run) demo = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) all = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) again = { 0 };
  g_autoptr(JsonArray) tickets = NULL;
  g_autoptr(JsonArray) every = NULL;
  g_auto(GStrv) lines = NULL;
  guint without_location = 0;
  gint64 previous_left = G_MININT64;

  assert_binary ();

  run_onsitectl (&demo, NULL, "--db", db, "demo", "--tickets", "50", "--now", REFERENCE_TIME, NULL);
  g_assert_cmpint (demo.status, ==, 0);
  g_assert_nonnull (strstr (demo.out, "50 tickets"));
  g_assert_cmpstr (demo.err, ==, "");
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));

  /* --db may also follow the command. */
  run_onsitectl (&list, NULL, "list", "--db", db, "--json", "--now", REFERENCE_TIME, NULL);
  g_assert_cmpint (list.status, ==, 0);
  tickets = parse_array (list.out);

  /* All but one in twenty are open. */
  g_assert_cmpuint (json_array_get_length (tickets), ==, 48);

  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject *ticket = json_array_get_object_element (tickets, i);
      JsonNode *location = json_object_get_member (ticket, "location");
      JsonObject *site = json_object_get_object_member (ticket, "site");
      OnsiteTicketStatus status;
      gint64 left;

      g_assert_cmpint (json_object_get_int_member (ticket, "id"), >, 0);
      g_assert_cmpstr (json_object_get_string_member (ticket, "title"), !=, "");
      g_assert_true (onsite_ticket_status_from_string (json_object_get_string_member (ticket, "status"), &status));
      g_assert_true (onsite_ticket_status_is_open (status));
      g_assert_cmpint (json_object_get_int_member (ticket, "priority"), >=, 1);
      g_assert_cmpint (json_object_get_int_member (ticket, "priority"), <=, 4);
      g_assert_nonnull (json_object_get_string_member (ticket, "sla_state"));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (ticket, "created_at"), "Z"));
      g_assert_nonnull (site);
      g_assert_cmpstr (json_object_get_string_member (site, "name"), !=, "");

      /* Most urgent first. */
      left = json_object_get_int_member (ticket, "sla_seconds_left");
      g_assert_cmpint (left, >=, previous_left);
      previous_left = left;

      if (JSON_NODE_HOLDS_NULL (location))
        {
          without_location++;
          continue;
        }

      g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (location), "latitude"), >, 45.3);
      g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (location), "latitude"), <, 45.7);
      g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (location), "longitude"), >, 8.9);
      g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (location), "longitude"), <, 9.4);
    }
  g_assert_cmpuint (without_location, >=, 1);

  /* --all adds the resolved and closed ones; ONSITE_DB names the file. */
  run_onsitectl (&all, db, "--json", "list", "--all", NULL);
  g_assert_cmpint (all.status, ==, 0);
  every = parse_array (all.out);
  g_assert_cmpuint (json_array_get_length (every), ==, 50);

  /* Text: a header and one line per open ticket. */
  run_onsitectl (&text, db, "list", "--now", REFERENCE_TIME, NULL);
  g_assert_cmpint (text.status, ==, 0);
  lines = g_strsplit (g_strchomp (text.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 48);
  g_assert_true (g_str_has_prefix (lines[0], "ID"));
  g_assert_nonnull (strstr (text.out, "(no location)"));
  g_assert_nonnull (strstr (text.out, "overdue by"));
  g_assert_nonnull (strstr (text.out, " left"));

  /* Demo data goes only into an empty database. */
  run_onsitectl (&again, NULL, "--db", db, "demo", NULL);
  g_assert_cmpint (again.status, !=, 0);
  g_assert_true (g_str_has_prefix (again.err, "onsitectl: "));
  g_assert_nonnull (strstr (again.err, "already has tickets"));
}

static void
test_untrusted_text (void)
{
  g_autofree char *db = temp_path ("untrusted.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
  g_autoptr(JsonArray) tickets = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(Run) json = { 0 };
  g_auto(Run) text = { 0 };
  const char *title = "Printer \"HP\" says \\ <b>bold</b>\n\x1b[31mred\x1b[0m \xe2\x80\x94 Città";
  JsonObject *object;

  assert_binary ();

  store = onsite_store_open (db, &error);
  g_assert_no_error (error);
  ticket->title = g_strdup (title);
  ticket->site_name = g_strdup ("Site\twith\ttabs");
  ticket->status = ONSITE_TICKET_STATUS_OPEN;
  g_assert_true (onsite_store_insert_ticket (store, ticket, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  run_onsitectl (&json, NULL, "--db", db, "list", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  tickets = parse_array (json.out);
  g_assert_cmpuint (json_array_get_length (tickets), ==, 1);
  object = json_array_get_object_element (tickets, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, title);
  g_assert_true (json_object_get_null_member (object, "location"));
  g_assert_true (json_object_get_null_member (object, "sla_due"));
  g_assert_cmpstr (json_object_get_string_member (object, "sla_state"), ==, "none");

  /* On a terminal, no escape sequence gets through and one ticket stays
   * one line. */
  run_onsitectl (&text, NULL, "--db", db, "list", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_null (strchr (text.out, '\x1b'));
  g_assert_null (strchr (text.out, '\t'));
  lines = g_strsplit (g_strchomp (text.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_nonnull (strstr (text.out, "Città"));
}

static void
test_bad_database (void)
{
  g_autofree char *folder = temp_path ("a-folder");
  g_autofree char *notes = temp_path ("notes.txt");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) dir_run = { 0 };
  g_auto(Run) file_run = { 0 };
  g_auto(Run) demo_run = { 0 };
  const char *contents =
    "These are my notes, not a database. They are long enough to fill the "
    "hundred bytes of an SQLite header and then some more words besides.\n";

  assert_binary ();

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (notes, contents, -1, &error));
  g_assert_no_error (error);

  run_onsitectl (&dir_run, NULL, "--db", folder, "list", NULL);
  g_assert_cmpint (dir_run.status, !=, 0);
  g_assert_true (g_str_has_prefix (dir_run.err, "onsitectl: "));
  g_assert_nonnull (strstr (dir_run.err, "folder"));
  g_assert_cmpstr (dir_run.out, ==, "");

  run_onsitectl (&file_run, NULL, "--db", notes, "list", "--json", NULL);
  g_assert_cmpint (file_run.status, !=, 0);
  g_assert_true (g_str_has_prefix (file_run.err, "onsitectl: "));
  g_assert_nonnull (strstr (file_run.err, "not an Onsite database"));
  /* One line. */
  g_assert_cmpint (strchr (file_run.err, '\n') - file_run.err, ==, strlen (file_run.err) - 1);

  run_onsitectl (&demo_run, notes, "demo", NULL);
  g_assert_cmpint (demo_run.status, !=, 0);
  g_assert_nonnull (strstr (demo_run.err, "not an Onsite database"));

  g_assert_true (g_file_get_contents (notes, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);
}

static void
test_usage (void)
{
  g_autofree char *db = temp_path ("usage.db");
  g_auto(Run) none = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) bad_option = { 0 };
  g_auto(Run) bad_count = { 0 };
  g_auto(Run) help = { 0 };
  g_auto(Run) version = { 0 };

  assert_binary ();

  run_onsitectl (&none, NULL, "--db", db, NULL);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_true (g_str_has_prefix (none.err, "onsitectl: "));

  run_onsitectl (&unknown, NULL, "--db", db, "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "frobnicate"));

  run_onsitectl (&bad_option, NULL, "--db", db, "list", "--colour", NULL);
  g_assert_cmpint (bad_option.status, ==, 2);
  g_assert_true (g_str_has_prefix (bad_option.err, "onsitectl: "));

  run_onsitectl (&bad_count, NULL, "--db", db, "demo", "--tickets", "-5", NULL);
  g_assert_cmpint (bad_count.status, ==, 2);
  g_assert_nonnull (strstr (bad_count.err, "--tickets"));
  /* Refused before anything was created. */
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  run_onsitectl (&help, NULL, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "demo"));
  g_assert_nonnull (strstr (help.out, "list"));
  g_assert_nonnull (strstr (help.out, "--db"));

  run_onsitectl (&version, NULL, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "onsitectl "));
}

/* The vendor directory from a spreadsheet, and the open vendor cases. */
static void
test_vendors_and_handoffs (void)
{
  g_auto(Run) run = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *db = temp_path ("vendors.db");
  g_autofree char *good = temp_path ("vendors.csv");
  g_autofree char *bad = temp_path ("bad.csv");
  g_autoptr(JsonArray) cases = NULL;
  JsonObject *first;

  g_assert_true (g_file_set_contents (good,
    "kind,vendor,name,email,number,valid_from,valid_until,response_minutes,resolution_minutes,business_hours,timezone\n"
    "vendor,Acme Print,,,,,,,,,\n"
    "contact,Acme Print,Desk,desk@acme.example,,,,,,,\n"
    "contract,Acme Print,,,AC-1,2026-01-01,2027-12-31,4h,24h,mon-fri 08:00-18:00,Europe/Rome\n", -1, &error));
  g_assert_true (g_file_set_contents (bad, "kind,vendor,number\ncontract,Nobody,X\n", -1, &error));

  run_onsitectl (&run, NULL, "--db", db, "vendors", "import", good, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "1 vendors added"));
  run_clear (&run);

  run_onsitectl (&run, NULL, "--db", db, "vendors", "import", bad, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Line 2:"));
  g_assert_nonnull (strstr (run.err, "Nobody"));
  run_clear (&run);

  run_onsitectl (&run, NULL, "--db", db, "vendors", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Acme Print"));
  run_clear (&run);

  /* A case handed over at 09:00 on Monday 2 March 2026 (Rome), response
   * due at 13:00; at 14:00 it is an hour overdue. */
  {
    g_autoptr(OnsiteStore) store = onsite_store_open (db, &error);
    g_autoptr(OnsiteTicket) ticket = onsite_ticket_new ();
    g_autoptr(OnsiteVendorInfo) vendor = NULL;
    OnsiteHandoffRequest request = { 0, };

    g_assert_no_error (error);
    ticket->title = g_strdup ("Printer jams");
    ticket->status = ONSITE_TICKET_STATUS_OPEN;
    g_assert_true (onsite_store_insert_ticket (store, ticket, &error));
    vendor = onsite_store_get_vendor (store, onsite_store_find_vendor (store, "Acme Print", &error), &error);
    g_assert_no_error (error);
    request.ticket_id = onsite_ticket_get_id (ticket);
    request.vendor_id = onsite_vendor_info_get_id (vendor);
    request.contract_id = onsite_vendor_contract_info_get_id (g_list_model_get_item (onsite_vendor_info_get_contracts (vendor), 0));
    g_object_unref (g_list_model_get_item (onsite_vendor_info_get_contracts (vendor), 0));
    request.summary = "Jams";
    request.sent_at = 1772438400;   /* 2026-03-02 08:00 UTC */
    g_assert_cmpint (onsite_store_request_handoff (store, &request, &error), >, 0);
    g_assert_no_error (error);
  }

  run_onsitectl (&run, NULL, "--db", db, "handoffs", "--json", "--now", "1772456400", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cases = parse_array (run.out);
  g_assert_cmpuint (json_array_get_length (cases), ==, 1);
  first = json_array_get_object_element (cases, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "vendor"), ==, "Acme Print");
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "requested");
  g_assert_cmpstr (json_object_get_string_member (first, "acknowledge_due"), ==, "2026-03-02T12:00:00Z");
  g_assert_cmpint (json_object_get_int_member (first, "vendor_seconds_left"), ==, -3600);
  g_assert_true (json_object_get_boolean_member (first, "overdue"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onsitectl/demo-and-list", test_demo_and_list);
  g_test_add_func ("/onsitectl/untrusted-text", test_untrusted_text);
  g_test_add_func ("/onsitectl/bad-database", test_bad_database);
  g_test_add_func ("/onsitectl/vendors-and-handoffs", test_vendors_and_handoffs);
  g_test_add_func ("/onsitectl/usage", test_usage);

  return g_test_run ();
}
