/* test-json-fast.c — the quick JSON reader agrees with JsonParser
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-json-fast"

#include "config.h"

#include "sync/onsite-json-fast.h"

/* Read one value at a time, a document is taken exactly when the tree
 * reader takes it. */
static gboolean
streams (const char *data,
         gsize       length)
{
  OnsiteJsonReader r;
  gboolean taken;

  _onsite_json_reader_init (&r, data, length);
  taken = _onsite_json_reader_skip (&r) && _onsite_json_reader_end (&r);
  _onsite_json_reader_clear (&r);

  return taken;
}

/* Whatever the quick reader takes, JsonParser takes too, into the same tree. */
static gboolean
agrees (const char *data,
        gsize       length)
{
  g_autoptr(JsonNode) fast = _onsite_json_parse_fast (data, length);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_cmpint (streams (data, length), ==, fast != NULL);

  if (fast == NULL)
    return FALSE;

  g_assert_true (json_parser_load_from_data (parser, data, length, NULL));
  g_assert_true (json_node_equal (fast, json_parser_get_root (parser)));
  a = json_to_string (fast, FALSE);
  b = json_to_string (json_parser_get_root (parser), FALSE);
  g_assert_cmpstr (a, ==, b);

  return TRUE;
}

static void
test_values (void)
{
  static const char page[] =
    "{\"count\":1,\"page\":1,\"pages\":1,\"total\":1,\"items\":[{\"id\":\"7\","
    "\"Subject\":\"<b>Caf\\u00e9</b> \\ud83d\\ude00 \\\"x\\\" \\/ \\n\",\"Priority\":-12,"
    "\"Lat\":45.5e-1,\"Owner\":{\"id\":\"Nobody\"},\"Ok\":true,\"No\":false,\"Nil\":null,"
    "\"CustomFields\":[],\"Empty\":{}}]}";
  g_autoptr(JsonNode) root = _onsite_json_parse_fast (page, strlen (page));
  JsonObject *ticket;

  g_assert_true (agrees (page, strlen (page)));
  g_assert_nonnull (root);
  ticket = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (ticket, "Subject"), ==,
                   "<b>Café</b> \xF0\x9F\x98\x80 \"x\" / \n");
  g_assert_cmpint (json_object_get_int_member (ticket, "Priority"), ==, -12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ticket, "Lat"), 4.55, 1e-12);
  g_assert_true (json_object_get_boolean_member (ticket, "Ok"));
  g_assert_true (json_object_get_null_member (ticket, "Nil"));

  g_assert_true (agrees ("  [1, 2 , \"a\", [], {}]\n", 22));
  g_assert_true (agrees ("{\"a\":1,\"a\":2}", 13));
  g_assert_true (agrees ("-0", 2));
}

/* Anything but strict JSON is left to JsonParser. */
static void
test_refusals (void)
{
  const char * const refused[] = {
    "", " ", "{", "[1,]", "{\"a\":1,}", "{'a':1}", "[01]", "[1.]", "[.5]", "[1e]",
    "[\"\\ud800\"]", "[\"\\udc00x\"]", "[\"\\u0000\"]", "[\"\\x\"]", "[\"a\nb\"]",
    "[\"\xff\"]", "[\"\xc3\"]", "[99999999999999999999]", "[1e999]", "[tru]", "[nul]",
    "{} {}", "[1] x", "{\"a\" 1}", "\xEF\xBB\xBF{}",
  };
  GString *deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) node = _onsite_json_parse_fast (refused[i], strlen (refused[i]));

      if (node != NULL || streams (refused[i], strlen (refused[i])))
        g_error ("took %s", refused[i]);
    }

  for (int i = 0; i < 1000; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 1000; i++)
    g_string_append_c (deep, ']');
  g_assert_null (_onsite_json_parse_fast (deep->str, deep->len));
  g_assert_false (streams (deep->str, deep->len));
  g_string_free (deep, TRUE);

  /* Not NUL-terminated: only @length bytes are read. */
  g_assert_true (agrees ("[1]]]]", 3));
}

/* The fuzzer's corpus of RT pages: same trees, and the ordinary ones taken. */
static void
test_corpus (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-rt-page", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint taken = 0, files = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *data = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (file, &data, &length, NULL));
      files++;
      taken += agrees (data, length);
    }

  g_assert_cmpuint (files, >, 10);
  g_assert_cmpuint (taken, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-fast/values", test_values);
  g_test_add_func ("/json-fast/refusals", test_refusals);
  g_test_add_func ("/json-fast/corpus", test_corpus);

  return g_test_run ();
}
