/* rt-fixture.h — a private Request Tracker for the sync tests
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Included by each sync integration test (one program per file, so the
 * helpers are static). The server is started and stopped by process id
 * through tests/rt/rt-instance.py; requests that set up or check RT use
 * their own SoupSession with root's password, independent of Onsite's code.
 */

#pragma once

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

typedef struct
{
  char        *dir;
  char        *url;
  GPid         pid;
  char        *token;      /* alice's, for Onsite */
  SoupSession *session;
} RtServer;

G_GNUC_UNUSED static char *
rt_script (void)
{
  const char *root = g_getenv ("ONSITE_SOURCE_ROOT");

  return g_build_filename (root ? root : "..", "tests", "rt", "rt-instance.py", NULL);
}

G_GNUC_UNUSED static gboolean
rt_available (void)
{
  return g_file_test ("/usr/share/request-tracker5/libexec/rt-server", G_FILE_TEST_IS_EXECUTABLE) &&
         g_file_test ("/usr/sbin/rt-setup-database", G_FILE_TEST_IS_EXECUTABLE);
}

G_GNUC_UNUSED static char *
rt_run_script (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *script = rt_script ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *)"python3");
  g_ptr_array_add (argv, script);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("rt-instance.py %s failed: %s", args[0], err);

  return g_steal_pointer (&out);
}

/* Call first in main(): the tests talk to 127.0.0.1 only, and the GNOME
 * proxy resolver would need schemas the test environment does not have. */
G_GNUC_UNUSED static void
rt_fixture_init (void)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
}

G_GNUC_UNUSED static RtServer *
rt_server_start (void)
{
  RtServer *rt = g_new0 (RtServer, 1);
  g_autofree char *owner = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  rt->dir = g_dir_make_tmp ("onsite-rt-XXXXXX", &error);
  g_assert_no_error (error);

  owner = g_strdup_printf ("%d", (int)getpid ());
  out = rt_run_script ((const char * const[]) { "start", rt->dir, owner, NULL });
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  rt->url = g_strdup (lines[0]);
  rt->pid = (GPid)g_ascii_strtoll (lines[1], NULL, 10);
  g_assert_cmpint (rt->pid, >, 1);

  g_free (out);
  out = rt_run_script ((const char * const[]) { "token", rt->dir, "alice", NULL });
  rt->token = g_strdup (g_strstrip (out));

  rt->session = soup_session_new_with_options ("timeout", 60, NULL);

  g_test_message ("RT at %s (pid %d) in %s", rt->url, (int)rt->pid, rt->dir);

  return rt;
}

G_GNUC_UNUSED static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if ((dir = g_dir_open (path, 0, NULL)))
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            rm_rf (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

G_GNUC_UNUSED static void
rt_server_stop (RtServer *rt)
{
  g_autofree char *pid = NULL;
  g_autofree char *out = NULL;

  if (rt == NULL)
    return;

  pid = g_strdup_printf ("%d", (int)rt->pid);
  out = rt_run_script ((const char * const[]) { "stop", pid, NULL });

  if (g_getenv ("ONSITE_KEEP_RT") == NULL)
    rm_rf (rt->dir);

  g_clear_object (&rt->session);
  g_free (rt->dir);
  g_free (rt->url);
  g_free (rt->token);
  g_free (rt);
}

/* A request as root; returns the parsed body (or NULL when empty). */
G_GNUC_UNUSED static JsonNode *
rt_request (RtServer   *rt,
            const char *method,
            const char *path,
            const char *body,
            guint      *status)
{
  g_autofree char *url = g_strconcat (rt->url, "/REST/2.0/", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data;
  gsize len;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Authorization", "Basic cm9vdDpwYXNzd29yZA==");
  if (body || strcmp (method, "GET") != 0)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body ? body : "", body ? strlen (body) : 0);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  reply = soup_session_send_and_read (rt->session, msg, NULL, &error);
  g_assert_no_error (error);

  if (status)
    *status = soup_message_get_status (msg);

  data = g_bytes_get_data (reply, &len);
  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;

  return json_node_ref (json_parser_get_root (parser));
}

/* Creates a ticket from a JSON body; returns its id as a string. */
G_GNUC_UNUSED static char *
rt_create_ticket (RtServer   *rt,
                  const char *json_body)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = rt_request (rt, "POST", "ticket", json_body, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_nonnull (reply);

  return g_strdup (json_object_get_string_member (json_node_get_object (reply), "id"));
}

G_GNUC_UNUSED static JsonObject *
rt_get_ticket (RtServer   *rt,
               const char *id,
               JsonNode  **keep)
{
  g_autofree char *path = g_strdup_printf ("ticket/%s", id);
  guint status = 0;

  *keep = rt_request (rt, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  return json_node_get_object (*keep);
}

G_GNUC_UNUSED static char *
rt_ticket_field (RtServer   *rt,
                 const char *id,
                 const char *field)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *ticket = rt_get_ticket (rt, id, &keep);
  JsonNode *node = json_object_get_member (ticket, field);

  if (node && JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  if (node && JSON_NODE_HOLDS_VALUE (node))
    return g_strdup (json_node_get_string (node));

  return NULL;
}

G_GNUC_UNUSED static char *
rt_ticket_cf (RtServer   *rt,
              const char *id,
              const char *name)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *ticket = rt_get_ticket (rt, id, &keep);
  JsonArray *cfs = json_object_get_array_member (ticket, "CustomFields");

  for (guint i = 0; i < json_array_get_length (cfs); i++)
    {
      JsonObject *cf = json_array_get_object_element (cfs, i);
      JsonArray *values;

      if (g_strcmp0 (json_object_get_string_member (cf, "name"), name) != 0)
        continue;
      values = json_object_get_array_member (cf, "values");
      if (json_array_get_length (values) == 0)
        return g_strdup ("");
      return g_strdup (json_array_get_string_element (values, 0));
    }

  return NULL;
}

/* How many Comment transactions of the ticket contain @needle in their subject. */
G_GNUC_UNUSED static guint
rt_count_comments (RtServer   *rt,
                   const char *id,
                   const char *needle)
{
  guint count = 0;

  for (guint page = 1; ; page++)
    {
      g_autofree char *path = g_strdup_printf ("ticket/%s/history?fields=Type,Data&per_page=100&page=%u",
                                               id, page);
      g_autoptr(JsonNode) reply = rt_request (rt, "GET", path, NULL, NULL);
      JsonArray *items = json_object_get_array_member (json_node_get_object (reply), "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *txn = json_array_get_object_element (items, i);

          if (g_strcmp0 (json_object_get_string_member (txn, "Type"), "Comment") == 0 &&
              (needle == NULL || strstr (json_object_get_string_member (txn, "Data"), needle)))
            count++;
        }

      if (json_array_get_length (items) < 100)
        break;
    }

  return count;
}
