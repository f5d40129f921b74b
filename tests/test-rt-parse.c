/* test-rt-parse.c — RT's JSON into Onsite records, never trusting it
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-rt-parse"

#include "config.h"

#include <string.h>

#include "sync/onsite-rt-connector-private.h"

static OnsiteRtConnector *
connector (void)
{
  return onsite_rt_connector_new ("https://rt.example.org/", "Onsite");
}

static OnsitePullPage *
parse (const char  *json,
       GError     **error)
{
  g_autoptr(OnsiteRtConnector) rt = connector ();

  return _onsite_rt_connector_parse_page (rt, json, strlen (json), 1, error);
}

#define TICKET(extra) \
  "{\"id\":\"7\",\"Subject\":\"Fix it\",\"Status\":\"open\"," \
  "\"LastUpdated\":\"2026-11-23T09:00:09Z\",\"Created\":\"2026-11-22T08:00:00Z\"" extra "}"

static void
test_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsitePullPage) page = NULL;
  OnsiteRemoteTicket *t;

  page = parse ("{\"page\":1,\"pages\":3,\"per_page\":100,\"total\":250,\"next_page\":\"x\",\"items\":["
                "{\"id\":\"12\",\"Subject\":\"<b>Bold</b> & “quoted” \\u0000 zero\",\"Status\":\"stalled\","
                " \"LastUpdated\":\"2026-11-23T09:00:09Z\",\"Created\":\"2026-11-22T08:00:00Z\","
                " \"Due\":\"1970-01-01T00:00:00Z\",\"Priority\":\"80\","
                " \"Owner\":{\"id\":\"bob\",\"type\":\"user\"},\"Queue\":{\"id\":\"3\"},"
                " \"Requestor\":[{\"id\":\"ana@example.org\"}],"
                " \"CustomFields\":["
                "  {\"name\":\"Latitude\",\"values\":[\"45,4642\"]},"
                "  {\"name\":\"Longitude\",\"values\":[\" 9.19 \"]},"
                "  {\"name\":\"Site\",\"values\":[\"HQ\"]},"
                "  {\"name\":\"Support Level\",\"values\":[\"3\"]},"
                "  {\"name\":\"Visit Start\",\"values\":[\"2027-01-15 08:00:00\"]},"
                "  {\"name\":\"Unknown\",\"values\":[]}]}]}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->tickets->len, ==, 1);
  g_assert_cmpuint (page->next_page, ==, 2);
  g_assert_cmpint (page->total, ==, 250);

  t = g_ptr_array_index (page->tickets, 0);
  g_assert_cmpstr (t->remote_id, ==, "12");
  g_assert_nonnull (strstr (t->title, "<b>Bold</b> & “quoted”"));
  g_assert_true (g_utf8_validate (t->title, -1, NULL));
  g_assert_cmpint (t->status, ==, ONSITE_TICKET_STATUS_WAITING);
  g_assert_cmpstr (t->remote_status, ==, "stalled");
  g_assert_cmpstr (t->owner, ==, "bob");
  g_assert_cmpstr (t->requester, ==, "ana@example.org");
  g_assert_cmpint (t->priority, ==, 1);
  g_assert_cmpint (t->support_level, ==, 3);
  g_assert_cmpint (t->due, ==, 0);
  g_assert_cmpint (t->updated, ==, 1795424409);
  g_assert_true (t->has_location);
  g_assert_false (t->location_invalid);
  g_assert_cmpfloat_with_epsilon (t->latitude, 45.4642, 1e-9);
  g_assert_cmpfloat_with_epsilon (t->longitude, 9.19, 1e-9);
  g_assert_cmpstr (t->site_name, ==, "HQ");
  g_assert_cmpint (t->visit_start, ==, 1800000000);
}

static void
test_coordinates (void)
{
  static const struct {
    const char *lat, *lon;
    gboolean has, invalid;
  } cases[] = {
    { "48.1", "11.5", TRUE, FALSE },
    { "", "", FALSE, FALSE },
    { "91", "0", FALSE, TRUE },
    { "0", "-181", FALSE, TRUE },
    { "north", "11", FALSE, TRUE },
    { "48.1", "", FALSE, TRUE },
    { "nan", "1", FALSE, TRUE },
    { "inf", "1", FALSE, TRUE },
    { "1e400", "1", FALSE, TRUE },
    { "48.1x", "11", FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OnsitePullPage) page = NULL;
      g_autofree char *json = NULL;
      OnsiteRemoteTicket *t;

      json = g_strdup_printf ("{\"items\":[" TICKET (",\"CustomFields\":["
                              "{\"name\":\"Latitude\",\"values\":[\"%s\"]},"
                              "{\"name\":\"Longitude\",\"values\":[\"%s\"]}]") "]}",
                              cases[i].lat, cases[i].lon);
      page = parse (json, &error);
      g_assert_no_error (error);
      t = g_ptr_array_index (page->tickets, 0);
      g_assert_cmpint (t->has_location, ==, cases[i].has);
      g_assert_cmpint (t->location_invalid, ==, cases[i].invalid);
    }
}

static void
test_hostile (void)
{
  static const char * const bad[] = {
    "",
    "{",
    "{\"items\":[" TICKET ("") ",",                        /* truncated */
    "<html>Bad gateway</html>",
    "[]",
    "{\"page\":1}",                                          /* no items */
    "{\"items\":{}}",
    "{\"items\":[42]}",
    "{\"items\":[{\"Subject\":\"no id\",\"Status\":\"new\",\"LastUpdated\":\"2026-01-01T00:00:00Z\"}]}",
    "{\"items\":[{\"id\":\"-3\",\"Status\":\"new\",\"LastUpdated\":\"2026-01-01T00:00:00Z\"}]}",
    "{\"items\":[{\"id\":\"1 OR 1=1\",\"Status\":\"new\",\"LastUpdated\":\"2026-01-01T00:00:00Z\"}]}",
    "{\"items\":[{\"id\":\"1\",\"LastUpdated\":\"2026-01-01T00:00:00Z\"}]}",  /* no status */
    "{\"items\":[{\"id\":\"1\",\"Status\":\"new\"}]}",                        /* no date */
    "{\"items\":[{\"id\":\"1\",\"Status\":\"new\",\"LastUpdated\":\"yesterday\"}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":[\"new\"],\"LastUpdated\":\"2026-01-01T00:00:00Z\"}]}",
    "{\"items\":[{\"id\":true,\"Status\":\"new\",\"LastUpdated\":\"2026-01-01T00:00:00Z\"}]}",
    "{\"items\":[" TICKET (",\"CustomFields\":42") "]}",
    "{\"items\":[" TICKET (",\"CustomFields\":[7]") "]}",
    "{\"items\":[" TICKET (",\"CustomFields\":[{\"values\":[\"x\"]}]") "]}",
    "{\"items\":[" TICKET (",\"CustomFields\":[{\"name\":\"Site\",\"values\":\"HQ\"}]") "]}",
    "{\"items\":[" TICKET (",\"CustomFields\":[{\"name\":\"Site\",\"values\":[{\"a\":1}]}]") "]}",
    "{\"items\":[" TICKET (",\"Requestor\":\"ana\"") "]}",
    "{\"items\":[" TICKET (",\"Requestor\":[3]") "]}",
    "{\"items\":[" TICKET (",\"Owner\":{\"type\":\"user\"}") "]}",
    "{\"items\":[" TICKET (",\"Subject\":{}") "]}",
    /* one good ticket then a bad one: the page fails as a whole */
    "{\"items\":[" TICKET ("") ",{\"id\":\"8\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OnsitePullPage) page = parse (bad[i], &error);

      if (page != NULL)
        g_error ("case %u was accepted: %s", i, bad[i]);
      g_assert_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "ticket service"));
    }
}

static void
test_lenient (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnsitePullPage) page = NULL;
  OnsiteRemoteTicket *t;
  g_autofree char *long_subject = g_strnfill (100000, 'x');
  g_autofree char *json = NULL;

  /* Numbers for ids (as in GET /ticket/N), an empty subject, no optional
   * fields, an unknown status, a long subject: all fine. */
  json = g_strdup_printf ("{\"items\":[{\"id\":9,\"Subject\":\"\",\"Status\":\"weird\","
                          "\"LastUpdated\":\"2026-11-23 09:00:09\"},"
                          "{\"id\":\"10\",\"Subject\":\"%s\",\"Status\":\"resolved\","
                          "\"LastUpdated\":\"2026-11-23T09:00:09Z\",\"CustomFields\":{}}]}",
                          long_subject);
  page = parse (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->tickets->len, ==, 2);
  t = g_ptr_array_index (page->tickets, 0);
  g_assert_cmpstr (t->remote_id, ==, "9");
  g_assert_cmpstr (t->title, ==, "Ticket 9");
  g_assert_cmpint (t->status, ==, ONSITE_TICKET_STATUS_OPEN);
  g_assert_cmpstr (t->owner, ==, "");
  g_assert_cmpint (t->priority, ==, 3);
  g_assert_cmpint (t->support_level, ==, ONSITE_LEVEL_ONSITE);
  t = g_ptr_array_index (page->tickets, 1);
  g_assert_cmpuint (strlen (t->title), ==, 100000);
  g_assert_cmpint (t->status, ==, ONSITE_TICKET_STATUS_RESOLVED);
  g_assert_cmpuint (page->next_page, ==, 0);
}

static void
test_status_map (void)
{
  g_autoptr(OnsiteRtConnector) rt = connector ();
  g_autoptr(GError) error = NULL;

  g_assert_false (onsite_rt_connector_set_status_map (rt, "new=bogus", NULL, &error));
  g_assert_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_false (onsite_rt_connector_set_status_map (rt, NULL, "open", &error));
  g_assert_error (error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_true (onsite_rt_connector_set_status_map (rt, "new=new; Triage = open ;done=closed", NULL, &error));
  g_assert_no_error (error);
}

static void
test_times (void)
{
  g_autofree char *s = _onsite_rt_format_time (1800000000);

  g_assert_cmpstr (s, ==, "2027-01-15 08:00:00");
  g_assert_cmpint (_onsite_rt_parse_time (s), ==, 1800000000);
  g_assert_cmpint (_onsite_rt_parse_time ("2027-01-15T08:00:00Z"), ==, 1800000000);
  g_assert_cmpint (_onsite_rt_parse_time ("1970-01-01T00:00:00Z"), ==, 0);
  g_assert_cmpint (_onsite_rt_parse_time ("Not set"), ==, 0);
  g_assert_cmpint (_onsite_rt_parse_time (NULL), ==, 0);
}

/* Everything the fuzzer ever kept must still parse or fail cleanly. */
static void
test_corpus (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-rt-page", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(OnsiteRtConnector) rt = connector ();
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      g_test_skip ("no fuzz corpus");
      return;
    }

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(OnsitePullPage) page = NULL;
      gsize len;

      if (!g_file_get_contents (path, &data, &len, NULL))
        continue;
      page = _onsite_rt_connector_parse_page (rt, data, len, 1, &error);
      g_assert_true ((page == NULL) == (error != NULL));
      n++;
    }

  g_test_message ("%u corpus files", n);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/rt-parse/page", test_page);
  g_test_add_func ("/sync/rt-parse/coordinates", test_coordinates);
  g_test_add_func ("/sync/rt-parse/hostile", test_hostile);
  g_test_add_func ("/sync/rt-parse/lenient", test_lenient);
  g_test_add_func ("/sync/rt-parse/status-map", test_status_map);
  g_test_add_func ("/sync/rt-parse/times", test_times);
  g_test_add_func ("/sync/rt-parse/corpus", test_corpus);

  return g_test_run ();
}
