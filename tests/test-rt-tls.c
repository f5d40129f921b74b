/* test-rt-tls.c — HTTPS to the ticket service, verified
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SoupServer on 127.0.0.1 speaks HTTPS with a certificate from a private
 * certificate authority (tests/tls, made once with openssl, valid for a
 * century) and answers like RT's REST2 just enough for "Test connection".
 * Without that authority the connector refuses the server with the TLS
 * error; with its file configured, it connects.
 */

#define G_LOG_DOMAIN "test-rt-tls"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "sync/onsite-rt-connector.h"

static char *base_url;

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  static const char rt[] = "{\"Version\":\"5.0.3\",\"Plugins\":[]}";
  static const char queue[] =
    "{\"id\":\"3\",\"Name\":\"Onsite\",\"TicketCustomFields\":["
    "{\"name\":\"Support Level\"},{\"name\":\"Site\"},{\"name\":\"Address\"},"
    "{\"name\":\"Latitude\"},{\"name\":\"Longitude\"},{\"name\":\"Vendor Case\"},"
    "{\"name\":\"Visit Start\"},{\"name\":\"Visit End\"}]}";
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  if (g_strcmp0 (auth, "token good") != 0)
    {
      soup_server_message_set_status (msg, 401, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  if (g_strcmp0 (path, "/REST/2.0/rt") == 0)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, rt, strlen (rt));
  else if (g_strcmp0 (path, "/REST/2.0/queue/Onsite") == 0)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, queue, strlen (queue));
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;

  if (onsite_connector_test_connection_finish (ONSITE_CONNECTOR (object), result, error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "connected");
}

static GError *
check (OnsiteRtConnector *connector)
{
  GError *error = NULL;

  onsite_connector_test_connection_async (ONSITE_CONNECTOR (connector), NULL, on_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  return error;
}

static void
test_untrusted (void)
{
  g_autoptr(OnsiteRtConnector) connector = onsite_rt_connector_new (base_url, "Onsite");
  g_autoptr(GError) error = NULL;

  onsite_rt_connector_set_token (connector, "good");
  error = check (connector);
  g_assert_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "certificate"));
}

static void
test_extra_ca (void)
{
  g_autoptr(OnsiteRtConnector) connector = onsite_rt_connector_new (base_url, "Onsite");
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "tls", "ca.pem", NULL);
  g_autoptr(GError) error = NULL;

  onsite_rt_connector_set_token (connector, "good");
  onsite_rt_connector_set_ca_file (connector, ca, &error);
  g_assert_no_error (error);
  error = check (connector);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

static void
test_bad_token (void)
{
  g_autoptr(OnsiteRtConnector) connector = onsite_rt_connector_new (base_url, "Onsite");
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "tls", "ca.pem", NULL);
  g_autoptr(GError) error = NULL;

  onsite_rt_connector_set_token (connector, "stolen");
  onsite_rt_connector_set_ca_file (connector, ca, NULL);
  error = check (connector);
  g_assert_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, "stolen"));
}

static void
test_bad_ca_file (void)
{
  g_autoptr(OnsiteRtConnector) connector = onsite_rt_connector_new (base_url, "Onsite");
  g_autoptr(GError) error = NULL;

  g_assert_false (onsite_rt_connector_set_ca_file (connector, "/nonexistent/ca.pem", &error));
  g_assert_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = NULL;
  GSList *uris;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return 77;
    }

  bundle = g_test_build_filename (G_TEST_DIST, "tls", "server-bundle.pem", NULL);
  certificate = g_tls_certificate_new_from_file (bundle, &error);
  g_assert_no_error (error);

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, handle, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  g_assert_true (g_str_has_prefix (base_url, "https://127.0.0.1:"));

  g_test_add_func ("/sync/tls/untrusted", test_untrusted);
  g_test_add_func ("/sync/tls/extra-ca", test_extra_ca);
  g_test_add_func ("/sync/tls/bad-token", test_bad_token);
  g_test_add_func ("/sync/tls/bad-ca-file", test_bad_ca_file);

  return g_test_run ();
}
