/* test-rt-page-reader.c — the page reader without a tree agrees with the strict way
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A differential test: every page the quick reader decides must come out
 * record for record, field for field, as the strict way (a JsonNode tree,
 * then _onsite_rt_connector_parse_ticket()) reads it; every page it does
 * not decide goes the strict way, with the same verdict and message. Run
 * over the fuzzer's corpus, over pages written to probe the edges, and
 * over many mutations of ordinary pages.
 */

#define G_LOG_DOMAIN "test-rt-page-reader"

#include "config.h"

#include <string.h>

#include "sync/onsite-rt-connector-private.h"

typedef struct
{
  guint decided;   /* taken by the quick reader */
  guint strict_ok; /* read by the strict way */
  guint total;
} Tally;

static void
assert_same_ticket (const OnsiteRemoteTicket *a,
                    const OnsiteRemoteTicket *b)
{
  g_assert_cmpstr (a->remote_id, ==, b->remote_id);
  g_assert_cmpstr (a->version, ==, b->version);
  g_assert_cmpint (a->in_scope, ==, b->in_scope);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->description, ==, b->description);
  g_assert_cmpstr (a->requester, ==, b->requester);
  g_assert_cmpstr (a->remote_status, ==, b->remote_status);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpstr (a->owner, ==, b->owner);
  g_assert_cmpint (a->priority, ==, b->priority);
  g_assert_cmpint (a->support_level, ==, b->support_level);
  g_assert_cmpint (a->created, ==, b->created);
  g_assert_cmpint (a->updated, ==, b->updated);
  g_assert_cmpint (a->due, ==, b->due);
  g_assert_cmpstr (a->site_name, ==, b->site_name);
  g_assert_cmpstr (a->address, ==, b->address);
  g_assert_cmpint (a->has_location, ==, b->has_location);
  g_assert_true (memcmp (&a->latitude, &b->latitude, sizeof (double)) == 0);
  g_assert_true (memcmp (&a->longitude, &b->longitude, sizeof (double)) == 0);
  g_assert_cmpint (a->location_invalid, ==, b->location_invalid);
  g_assert_cmpstr (a->vendor_reference, ==, b->vendor_reference);
  g_assert_cmpint (a->visit_start, ==, b->visit_start);
  g_assert_cmpint (a->visit_end, ==, b->visit_end);
}

static void
assert_same_page (const OnsitePullPage *a,
                  const OnsitePullPage *b)
{
  g_assert_cmpuint (a->tickets->len, ==, b->tickets->len);
  g_assert_cmpuint (a->next_page, ==, b->next_page);
  g_assert_cmpint (a->server_time, ==, b->server_time);
  g_assert_cmpint (a->total, ==, b->total);

  for (guint i = 0; i < a->tickets->len; i++)
    assert_same_ticket (g_ptr_array_index (a->tickets, i), g_ptr_array_index (b->tickets, i));
}

/* Returns whether the quick reader decided @data. */
static gboolean
compare (OnsiteRtConnector *rt,
         const char        *data,
         gsize              length,
         Tally             *tally)
{
  g_autoptr(OnsitePullPage) fast = _onsite_rt_connector_read_page_fast (rt, data, length, 4);
  g_autoptr(OnsitePullPage) strict = NULL;
  g_autoptr(OnsitePullPage) either = NULL;
  g_autoptr(GError) strict_error = NULL;
  g_autoptr(GError) either_error = NULL;

  strict = _onsite_rt_connector_parse_page_strict (rt, data, length, 4, &strict_error);
  g_assert_true ((strict == NULL) == (strict_error != NULL));

  if (fast)
    {
      if (strict == NULL)
        g_error ("the quick reader took a page the strict way refuses (%s): %.*s",
                 strict_error->message, (int)MIN (length, 2000), data);
      assert_same_page (fast, strict);
    }

  /* What the connector does: the same page, or the same error. */
  either = _onsite_rt_connector_parse_page (rt, data, length, 4, &either_error);
  if (strict)
    {
      g_assert_no_error (either_error);
      assert_same_page (either, strict);
    }
  else
    {
      g_assert_null (either);
      g_assert_error (either_error, strict_error->domain, strict_error->code);
      g_assert_cmpstr (either_error->message, ==, strict_error->message);
    }

  if (tally)
    {
      tally->total++;
      tally->decided += fast != NULL;
      tally->strict_ok += strict != NULL;
    }

  return fast != NULL;
}

static gboolean
compare_str (OnsiteRtConnector *rt,
             const char        *json)
{
  return compare (rt, json, strlen (json), NULL);
}

static OnsiteRtConnector *
connector (void)
{
  OnsiteRtConnector *rt = onsite_rt_connector_new ("https://rt.example.org/", "Onsite");

  _onsite_rt_connector_set_queue_id (rt, "3");
  return rt;
}

/* A page like the benchmark's and RT 5's own. */
static void
append_ticket (GString *out,
               int      id)
{
  g_string_append_printf (out,
                          "{\"id\":\"%d\",\"type\":\"ticket\",\"_url\":\"http://127.0.0.1/REST/2.0/ticket/%d\","
                          "\"Subject\":\"Printer %d does not print <again> & \\\"again\\\" \\u00e9\","
                          "\"Status\":\"%s\",\"LastUpdated\":\"2026-11-%02dT09:%02d:00Z\","
                          "\"Created\":\"2026-10-01T08:00:00Z\",\"Due\":\"1970-01-01T00:00:00Z\","
                          "\"Priority\":\"%d\","
                          "\"Owner\":{\"type\":\"user\",\"id\":\"%s\",\"_url\":\"x\"},"
                          "\"Queue\":{\"type\":\"queue\",\"id\":\"%d\",\"_url\":\"x\"},"
                          "\"Requestor\":[{\"type\":\"user\",\"id\":\"user%d@example.org\"},{\"id\":\"b\"}],"
                          "\"CustomFields\":["
                          "{\"id\":\"2\",\"name\":\"Support Level\",\"values\":[\"%d\"]},"
                          "{\"id\":\"3\",\"name\":\"Site\",\"values\":[\"Site %d\"]},"
                          "{\"id\":\"4\",\"name\":\"Address\",\"values\":[\"Via Roma %d, Milano\"]},"
                          "{\"id\":\"5\",\"name\":\"Latitude\",\"values\":[\"45,%d\"]},"
                          "{\"values\":[\" 9.%d \"],\"name\":\"Longitude\",\"id\":\"6\"},"
                          "{\"id\":\"7\",\"name\":\"Visit Start\",\"values\":[null]},"
                          "{\"id\":\"8\",\"name\":\"Visit End\",\"values\":[\"2027-01-15 10:00:00\"]},"
                          "{\"id\":\"9\",\"name\":\"Vendor Reference\",\"values\":[]},"
                          "{\"id\":\"10\",\"name\":\"Other\",\"values\":[\"x\",{\"a\":[1,2.5e3,true]}]}]}",
                          id, id, id, (id % 5) ? "open" : "resolved", 1 + id % 28, id % 60,
                          id % 100, (id % 3) ? "Nobody" : "bob", 3 + (id % 7 == 0),
                          id, id % 4, id % 20, id, id * 37 % 1000, id * 11 % 1000);
}

static char *
ordinary_page (int first,
               int count)
{
  GString *out = g_string_new ("{\"count\":2,\"page\":4,\"pages\":9,\"per_page\":100,\"total\":812,\"items\":[");

  for (int i = 0; i < count; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      append_ticket (out, first + i);
    }
  g_string_append (out, "]}\n");

  return g_string_free (out, FALSE);
}

static void
test_ordinary (void)
{
  g_autoptr(OnsiteRtConnector) rt = connector ();
  g_autofree char *page = ordinary_page (1, 40);
  g_autoptr(OnsitePullPage) fast = NULL;
  OnsiteRemoteTicket *t;

  g_assert_true (compare_str (rt, page));

  fast = _onsite_rt_connector_read_page_fast (rt, page, strlen (page), 4);
  g_assert_nonnull (fast);
  g_assert_cmpuint (fast->tickets->len, ==, 40);
  g_assert_cmpuint (fast->next_page, ==, 5);
  g_assert_cmpint (fast->total, ==, 812);

  /* Ticket 7: another queue, bob's, the longitude before its name. */
  t = g_ptr_array_index (fast->tickets, 6);
  g_assert_cmpstr (t->remote_id, ==, "7");
  g_assert_false (t->in_scope);
  g_assert_cmpstr (t->owner, ==, "");
  g_assert_cmpstr (t->title, ==, "Printer 7 does not print <again> & \"again\" é");
  g_assert_cmpstr (t->requester, ==, "user7@example.org");
  g_assert_cmpstr (t->site_name, ==, "Site 7");
  g_assert_true (t->has_location);
  g_assert_cmpfloat_with_epsilon (t->longitude, 9.77, 1e-9);
  g_assert_cmpint (t->visit_start, ==, 0);
  g_assert_cmpint (t->visit_end, ==, 1800007200);

  t = g_ptr_array_index (fast->tickets, 2);
  g_assert_cmpstr (t->owner, ==, "bob");
  g_assert_true (t->in_scope);
}

/* Each of these the quick reader must decide, the same as the strict way. */
static void
test_decided (void)
{
  g_autoptr(OnsiteRtConnector) rt = connector ();
  const char * const pages[] = {
    "{\"items\":[]}",
    " {\"items\" : [ ] , \"next_page\" : null } ",
    "{\"page\":\"2\",\"pages\":3,\"items\":[{\"id\":12,\"Status\":\"new\",\"LastUpdated\":\"2026-11-23T09:00:09Z\"}]}",
    "{\"page\":-1,\"pages\":3,\"total\":\"x\",\"items\":[{\"id\":\"12\",\"Status\":\"new\",\"LastUpdated\":\"2026-11-23T09:00:09Z\","
    " \"Subject\":null,\"Priority\":99,\"Owner\":\"Nobody\",\"Queue\":null,\"Requestor\":null,\"CustomFields\":{}}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"stalled\",\"LastUpdated\":\"2026-11-23 09:00:09\",\"Subject\":\"  \","
    " \"Owner\":{\"id\":42},\"Queue\":{\"id\":\"Onsite\"},\"Requestor\":[],\"CustomFields\":null,"
    " \"Extra\":[{\"a\":[[]],\"b\":{}},-0.5e-3,false,true,null]}], \"pages\":\"7\", \"page\": 7}",
    "{\"items\":[{\"i\\u0064\":\"5\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\","
    " \"CustomFields\":[{\"name\":\"Latitude\",\"values\":[\"91\"]},{\"name\":\"Longitude\",\"values\":[\"9\"]},"
    "  {\"name\":\"Site\",\"values\":[\"A\"]},{\"name\":\"Site\",\"values\":[\"B\",\"C\"]},"
    "  {\"name\":\"Site\",\"values\":[null]},{\"name\":\"Support Level\",\"values\":[\" 1 \"]},"
    "  {\"name\":7,\"values\":[]},{\"name\":\"Nothing\",\"values\":null}]}]}",
    "{\"items\":[{\"id\":\"5\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\","
    " \"Requestor\":[{\"id\":null}],\"CustomFields\":[{\"name\":\"Latitude\",\"values\":[\"x\"]}]}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (!compare_str (rt, pages[i]))
      g_error ("the quick reader did not decide %s", pages[i]);
}

/* These it leaves to the strict way, which reads or refuses each. */
static void
test_undecided (void)
{
  g_autoptr(OnsiteRtConnector) rt = connector ();
  const char * const pages[] = {
    /* Refused by the strict way too. */
    "", "{", "[]", "{\"items\":{}}", "{\"total\":1}",
    "{\"items\":[1]}",
    "{\"items\":[{\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\"}]}",
    "{\"items\":[{\"id\":\"0\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\"}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"yesterday\"}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":true,\"LastUpdated\":\"2026-11-23T09:00:09Z\"}]}",
    "{\"items\":[{\"id\":1.5,\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\"}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\",\"Owner\":{\"id\":null}}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\",\"Requestor\":[\"a\"]}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\",\"Requestor\":\"a\"}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\",\"CustomFields\":{\"a\":1}}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\","
    " \"CustomFields\":[{\"name\":\"Site\",\"values\":[1]}]}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\","
    " \"CustomFields\":[{\"values\":[\"x\"]}]}]}",
    /* Read by the strict way, JsonParser's or the last member's. */
    "{\"items\":[],}", "{'items':[]}", "\xEF\xBB\xBF{\"items\":[]}", "{\"items\":[]} x",
    "{\"items\":[],\"items\":[]}",
    "{\"page\":1,\"page\":2,\"items\":[]}",
    "{\"items\":[{\"id\":\"1\",\"id\":\"2\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\"}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\","
    " \"Requestor\":null,\"Requestor\":[{\"id\":\"a\"}]}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\","
    " \"CustomFields\":[{\"name\":\"Other\",\"values\":[1]}]}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\","
    " \"CustomFields\":[{\"name\":\"Other\",\"values\":\"x\"}]}]}",
    "{\"items\":[{\"id\":\"99999999999999999999\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\"}]}",
    "{\"items\":[{\"id\":99999999999999999999,\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\"}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\",\"Subject\":\"\\u0000\"}]}",
    "{\"items\":[{\"id\":\"1\",\"Status\":\"open\",\"LastUpdated\":\"2026-11-23T09:00:09Z\",\"Subject\":\"\xff\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (compare_str (rt, pages[i]))
      g_error ("the quick reader decided %s", pages[i]);
}

/* Field names the service's admin chose, two of them the same. */
static void
test_field_names (void)
{
  g_autoptr(OnsiteRtConnector) rt = connector ();
  g_autofree char *page = ordinary_page (100, 20);

  onsite_rt_connector_set_field_name (rt, ONSITE_RT_FIELD_SITE, "Address");
  onsite_rt_connector_set_field_name (rt, ONSITE_RT_FIELD_VISIT_START, "Visit End");
  onsite_rt_connector_set_field_name (rt, ONSITE_RT_FIELD_LATITUDE, "");
  g_assert_true (compare_str (rt, page));
}

static GPtrArray *
corpus (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-rt-page", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      char *data = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (file, &data, &length, NULL));
      g_ptr_array_add (files, g_bytes_new_take (data, length));
    }

  return files;
}

static void
test_corpus (void)
{
  g_autoptr(OnsiteRtConnector) rt = connector ();
  g_autoptr(GPtrArray) files = corpus ();
  Tally tally = { 0, };

  for (guint i = 0; i < files->len; i++)
    {
      gsize length;
      const char *data = g_bytes_get_data (g_ptr_array_index (files, i), &length);

      compare (rt, data, length, &tally);
    }

  g_test_message ("corpus: %u files, %u read the strict way, %u of them decided by the quick reader",
                  tally.total, tally.strict_ok, tally.decided);
  g_assert_cmpuint (tally.total, >, 10);
  g_assert_cmpuint (tally.decided, >, 0);
}

/* Small changes to ordinary pages and to the corpus, as a fuzzer would
 * make them, with words of RT's answers. */
static void
test_mutations (void)
{
  static const char * const words[] = {
    "\"id\"", "\"Subject\"", "\"Status\"", "\"LastUpdated\"", "\"Created\"", "\"Due\"",
    "\"Priority\"", "\"Owner\"", "\"Queue\"", "\"Requestor\"", "\"CustomFields\"", "\"name\"",
    "\"values\"", "\"items\"", "\"page\"", "\"pages\"", "\"next_page\"", "\"total\"",
    "\"Latitude\"", "\"Site\"", "null", "true", "[null]", "[]", "{}", "0", "-1", "7", "1e3",
    "\"\\u0000\"", "\"\\ud800\"", "\"\xc3\xa9\"", "\"\xff\"", ",", ":", "[", "]", "{", "}", "\"",
    "\\", " ", "\"2026-11-23T09:00:09Z\"", "\"Nobody\"", "\"45,1\"", "99999999999999999999",
  };
  g_autoptr(OnsiteRtConnector) rt = connector ();
  g_autoptr(GPtrArray) seeds = corpus ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  Tally tally = { 0, };
  guint rounds = g_test_slow () ? 200000 : 20000;

  for (int i = 0; i < 4; i++)
    {
      char *page = ordinary_page (1 + i * 3, 1 + i);

      g_ptr_array_add (seeds, g_bytes_new_take (page, strlen (page)));
    }

  for (guint round = 0; round < rounds; round++)
    {
      /* Ordinary pages half of the time: the corpus is mostly broken. */
      guint seed = g_rand_boolean (rand) ? seeds->len - 1 - g_rand_int_range (rand, 0, 4)
                                         : (guint)g_rand_int_range (rand, 0, seeds->len);
      gsize length;
      const char *data = g_bytes_get_data (g_ptr_array_index (seeds, seed), &length);
      g_autoptr(GString) m = g_string_new_len (data, length);
      guint changes = 1 + g_rand_int_range (rand, 0, 3);

      for (guint c = 0; c < changes && m->len > 0; c++)
        {
          gsize at = g_rand_int_range (rand, 0, m->len);
          gsize span = g_rand_int_range (rand, 1, 24);

          span = MIN (span, m->len - at);

          switch (g_rand_int_range (rand, 0, 8))
            {
            case 5:
            case 6:
            case 7:
              /* Another value for a member: the shape changes, the JSON
               * often stays whole. */
              {
                const char *colon = memchr (m->str + at, ':', m->len - at);
                gsize from, to;

                if (colon == NULL)
                  break;
                from = colon - m->str + 1;
                to = from + strcspn (m->str + from, ",}]");
                if (m->str[from] == '[' || m->str[from] == '{')
                  to = MIN (to + 1, m->len);
                g_string_erase (m, from, to - from);
                g_string_insert (m, from, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
              }
              break;
            case 0:
              m->str[at] = (char)g_rand_int_range (rand, 0, 256);
              break;
            case 1:
              g_string_erase (m, at, span);
              break;
            case 2:
              g_string_insert (m, at, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
              break;
            case 3:
              {
                g_autofree char *copy = g_strndup (m->str + at, span);

                g_string_insert_len (m, g_rand_int_range (rand, 0, m->len), copy, span);
              }
              break;
            default:
              g_string_truncate (m, at);
              break;
            }
        }

      compare (rt, m->str, m->len, &tally);
    }

  g_test_message ("mutations: %u pages, %u read the strict way, %u of them decided by the quick reader",
                  tally.total, tally.strict_ok, tally.decided);
  g_assert_cmpuint (tally.decided, >, tally.total / 20);
  g_assert_cmpuint (tally.strict_ok, >, tally.decided);
}

/* The strict way notes JsonParser's complaint, bytes of the page and all,
 * which are no test output. */
static void
drop_message (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_handler ("onsite-rt", G_LOG_LEVEL_DEBUG, drop_message, NULL);

  g_test_add_func ("/sync/rt-page-reader/ordinary", test_ordinary);
  g_test_add_func ("/sync/rt-page-reader/decided", test_decided);
  g_test_add_func ("/sync/rt-page-reader/undecided", test_undecided);
  g_test_add_func ("/sync/rt-page-reader/field-names", test_field_names);
  g_test_add_func ("/sync/rt-page-reader/corpus", test_corpus);
  g_test_add_func ("/sync/rt-page-reader/mutations", test_mutations);

  return g_test_run ();
}
