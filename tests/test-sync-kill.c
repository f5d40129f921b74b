/* test-sync-kill.c — SIGKILL a pushing `onsitectl sync --once`, again and again
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dozens of local changes (notes, status and owner changes) wait in the
 * outbox; `onsitectl sync --once` is started and killed with SIGKILL after
 * a random delay, at least ONSITE_KILL_CYCLES times (50 by default), with
 * more changes queued whenever the outbox runs dry. Then one run finishes
 * the job, and RT's own history is the judge: every note arrived exactly
 * once, the last status and owner are RT's, nothing waits, nothing
 * conflicts.
 */

#define G_LOG_DOMAIN "test-sync-kill"

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include "onsite-store-private.h"
#include "sync/onsite-sync-store.h"

#include "rt-fixture.h"

static RtServer *rt;

#define N_TICKETS 4

typedef struct
{
  char    *dir;
  char    *db;
  char    *config;
  char    *remote[N_TICKETS];
  gint64   local[N_TICKETS];
  OnsiteTicketStatus last_status[N_TICKETS];
  char    *last_owner[N_TICKETS];
  guint    n_comments;
} Setup;

static char *
onsitectl_path (void)
{
  const char *root = g_getenv ("ONSITE_BUILD_ROOT");

  return g_build_filename (root ? root : "..", "src", "tools", "onsitectl", NULL);
}

static GPid
spawn_sync (Setup *s)
{
  g_autofree char *tool = onsitectl_path ();
  const char *argv[] = { tool, "--db", s->db, "sync", "--once", "--config", s->config, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async (NULL, (char **)argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  return pid;
}

static int
run_sync_to_end (Setup *s)
{
  g_autofree char *tool = onsitectl_path ();
  const char *argv[] = { tool, "--db", s->db, "sync", "--once", "--config", s->config, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("onsitectl: %s", err);
  else
    g_test_message ("onsitectl: %s", out);

  return status;
}

static void
queue_changes (Setup       *s,
               OnsiteStore *store,
               guint        round)
{
  static const char * const owners[] = { "alice", "bob", "carol", "" };
  static const OnsiteTicketStatus statuses[] = {
    ONSITE_TICKET_STATUS_OPEN, ONSITE_TICKET_STATUS_WAITING,
    ONSITE_TICKET_STATUS_IN_PROGRESS, ONSITE_TICKET_STATUS_WAITING,
  };
  g_autoptr(GError) error = NULL;

  for (guint t = 0; t < N_TICKETS; t++)
    {
      for (guint c = 0; c < 3; c++)
        {
          g_autofree char *text = g_strdup_printf ("Round %u, ticket %u, note %u: checked the <cable> & “socket” ✓",
                                                   round, t, c);

          onsite_store_add_comment (store, s->local[t], text, "kill-test", &error);
          g_assert_no_error (error);
          s->n_comments++;
        }

      s->last_status[t] = statuses[(round + t) % G_N_ELEMENTS (statuses)];
      onsite_store_set_ticket_status (store, s->local[t], s->last_status[t], "kill-test", &error);
      g_assert_no_error (error);

      g_free (s->last_owner[t]);
      s->last_owner[t] = g_strdup (owners[(round + t) % G_N_ELEMENTS (owners)]);
      onsite_store_set_ticket_owner (store, s->local[t], s->last_owner[t], "kill-test", &error);
      g_assert_no_error (error);
    }
}

/* marker → how many times RT has it, over every ticket's history */
static GHashTable *
count_markers (Setup *s)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint t = 0; t < N_TICKETS; t++)
    {
      for (guint page = 1; ; page++)
        {
          g_autofree char *path = g_strdup_printf ("ticket/%s/history?fields=Type,Data&per_page=100&page=%u",
                                                   s->remote[t], page);
          g_autoptr(JsonNode) reply = rt_request (rt, "GET", path, NULL, NULL);
          JsonArray *items = json_object_get_array_member (json_node_get_object (reply), "items");

          for (guint i = 0; i < json_array_get_length (items); i++)
            {
              JsonObject *txn = json_array_get_object_element (items, i);
              const char *data = json_object_get_string_member (txn, "Data");
              const char *start, *end;
              char *marker;

              if (g_strcmp0 (json_object_get_string_member (txn, "Type"), "Comment") != 0 ||
                  !(start = strstr (data, "[onsite:")) || !(end = strchr (start, ']')))
                continue;

              marker = g_strndup (start + 8, end - start - 8);
              g_hash_table_insert (counts, marker,
                                   GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, marker)) + 1));
            }

          if (json_array_get_length (items) < 100)
            break;
        }
    }

  return counts;
}

static gint64
count_retried (OnsiteStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  sqlite3_prepare_v2 (_onsite_store_get_db (store),
                      "SELECT count(*) FROM outbox WHERE attempts > 1", -1, &stmt, NULL);
  sqlite3_step (stmt);

  return sqlite3_column_int64 (stmt, 0);
}

static void
test_kill_cycles (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsiteStore) store = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *ini = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Setup s = { 0, };
  const char *env_cycles = g_getenv ("ONSITE_KILL_CYCLES");
  guint cycles = env_cycles ? (guint)g_ascii_strtoull (env_cycles, NULL, 10) : 50;
  guint killed = 0, finished = 0, round = 0;
  guint comments_checked = 0;
  gint64 start = g_get_monotonic_time ();

  s.dir = g_dir_make_tmp ("onsite-kill-XXXXXX", &error);
  g_assert_no_error (error);
  s.db = g_build_filename (s.dir, "onsite.db", NULL);
  s.config = g_build_filename (s.dir, "sync.ini", NULL);
  token_file = g_build_filename (s.dir, "token", NULL);
  g_file_set_contents (token_file, rt->token, -1, &error);
  g_assert_no_error (error);
  ini = g_strdup_printf ("[rt]\nurl=%s\nqueue=Onsite\ntoken-file=%s\ntimeout=20\n", rt->url, token_file);
  g_file_set_contents (s.config, ini, -1, &error);
  g_assert_no_error (error);

  for (guint t = 0; t < N_TICKETS; t++)
    {
      g_autofree char *body = g_strdup_printf ("{\"Queue\":\"Onsite\",\"Subject\":\"Kill target %u\"}", t);
      s.remote[t] = rt_create_ticket (rt, body);
    }

  g_assert_cmpint (run_sync_to_end (&s), ==, 0);

  store = onsite_store_open (s.db, &error);
  g_assert_no_error (error);
  for (guint t = 0; t < N_TICKETS; t++)
    {
      s.local[t] = onsite_store_find_remote_ticket (store, s.remote[t], &error);
      g_assert_no_error (error);
      g_assert_cmpint (s.local[t], >, 0);
    }

  while (killed < cycles)
    {
      GPid pid;
      int status = 0;

      if (onsite_store_count_pending_changes (store, NULL) < 6)
        queue_changes (&s, store, round++);

      pid = spawn_sync (&s);
      g_usleep (g_test_rand_int_range (20, 700) * 1000);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);

      if (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL)
        killed++;
      else
        {
          /* It finished first; the next one gets fresh work. */
          g_assert_true (WIFEXITED (status));
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          finished++;
        }
    }

  g_test_message ("%u runs killed, %u finished on their own, %u rounds of changes", killed, finished, round);

  /* One last run, undisturbed, sends whatever is left. */
  g_assert_cmpint (run_sync_to_end (&s), ==, 0);
  g_assert_cmpint (onsite_store_count_pending_changes (store, NULL), ==, 0);

  /* Every note exactly once. */
  counts = count_markers (&s);
  sqlite3_prepare_v2 (_onsite_store_get_db (store),
                      "SELECT idempotency_key, state FROM outbox WHERE kind = 'comment'", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *)sqlite3_column_text (stmt, 0);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, "sent");
      if (n != 1)
        g_error ("note %s arrived %u times", key, n);
      comments_checked++;
    }
  g_assert_cmpuint (comments_checked, ==, s.n_comments);
  g_assert_cmpuint (g_hash_table_size (counts), ==, s.n_comments);

  /* The last status and owner are RT's, and nothing conflicted. */
  g_assert_cmpint (onsite_store_count_rows (store, "outbox", NULL), >, 0);
  {
    g_autoptr(GPtrArray) conflicts = onsite_store_list_conflicts (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 0);
  }
  for (guint t = 0; t < N_TICKETS; t++)
    {
      static const char * const rt_status[] = {
        [ONSITE_TICKET_STATUS_OPEN] = "open",
        [ONSITE_TICKET_STATUS_WAITING] = "stalled",
        [ONSITE_TICKET_STATUS_IN_PROGRESS] = "open",
      };
      g_autofree char *status = rt_ticket_field (rt, s.remote[t], "Status");
      g_autofree char *owner = rt_ticket_field (rt, s.remote[t], "Owner");

      g_assert_cmpstr (status, ==, rt_status[s.last_status[t]]);
      g_assert_cmpstr (owner, ==, *s.last_owner[t] ? s.last_owner[t] : "Nobody");
    }

  g_test_message ("%u notes checked, each exactly once, in %.1f s; %" G_GINT64_FORMAT
                  " changes needed more than one attempt",
                  comments_checked, (g_get_monotonic_time () - start) / 1e6,
                  count_retried (store));

  for (guint t = 0; t < N_TICKETS; t++)
    {
      g_free (s.remote[t]);
      g_free (s.last_owner[t]);
    }
  g_free (s.db);
  g_free (s.config);
  g_free (s.dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  rt_fixture_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!rt_available ())
    {
      g_test_skip ("Request Tracker 5 is not installed (build-aux/dev test installs it)");
      return 77;
    }

  g_test_add_func ("/sync/kill/cycles", test_kill_cycles);

  rt = rt_server_start ();
  ret = g_test_run ();
  rt_server_stop (rt);

  return ret;
}
