/* onsite-json-fast.c — a quick JSON reader for the ticket service's pages
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JsonParser goes through GScanner and emits a signal per element; on a
 * page of a hundred RT tickets that was most of a sync's parsing time.
 * This reader builds the same JsonNode tree in one pass over the bytes.
 * It only accepts strict JSON (RFC 8259) in valid UTF-8, with integers
 * that fit in 64 bits and strings without NUL; for anything else it
 * returns NULL and the caller asks JsonParser, whose verdict stands.
 */

#define G_LOG_DOMAIN "onsite-json"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "onsite-json-fast.h"

/* Deeper documents are left to JsonParser. */
#define MAX_DEPTH 256

typedef struct
{
  const char *p;
  const char *end;
  GString    *buf;
  guint       depth;
} Reader;

static JsonNode *read_value (Reader *r);

static inline void
skip_space (Reader *r)
{
  while (r->p < r->end &&
         (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static int
hex4 (const char *s)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (s[i]);

      if (d < 0)
        return -1;
      v = v * 16 + d;
    }

  return v;
}

/* Reads a string (the opening quote already seen) into r->buf. */
static gboolean
read_string (Reader *r)
{
  const char *start;

  g_string_truncate (r->buf, 0);

  for (;;)
    {
      start = r->p;
      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar)*r->p >= 0x20)
        r->p++;

      if (r->p > start)
        {
          if (!g_utf8_validate_len (start, r->p - start, NULL))
            return FALSE;
          g_string_append_len (r->buf, start, r->p - start);
        }

      if (r->p >= r->end || (guchar)*r->p < 0x20)
        return FALSE;

      if (*r->p == '"')
        {
          r->p++;
          return TRUE;
        }

      /* An escape. */
      if (r->end - r->p < 2)
        return FALSE;
      r->p++;
      switch (*r->p++)
        {
        case '"': g_string_append_c (r->buf, '"'); break;
        case '\\': g_string_append_c (r->buf, '\\'); break;
        case '/': g_string_append_c (r->buf, '/'); break;
        case 'b': g_string_append_c (r->buf, '\b'); break;
        case 'f': g_string_append_c (r->buf, '\f'); break;
        case 'n': g_string_append_c (r->buf, '\n'); break;
        case 'r': g_string_append_c (r->buf, '\r'); break;
        case 't': g_string_append_c (r->buf, '\t'); break;
        case 'u':
          {
            int c;

            if (r->end - r->p < 4 || (c = hex4 (r->p)) < 0)
              return FALSE;
            r->p += 4;

            if (c >= 0xD800 && c <= 0xDBFF)
              {
                int low;

                if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' ||
                    (low = hex4 (r->p + 2)) < 0xDC00 || low > 0xDFFF)
                  return FALSE;
                r->p += 6;
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
              }
            else if ((c >= 0xDC00 && c <= 0xDFFF) || c == 0)
              return FALSE;

            g_string_append_unichar (r->buf, c);
          }
          break;
        default:
          return FALSE;
        }
    }
}

static JsonNode *
read_number (Reader *r)
{
  const char *start = r->p;
  gboolean is_double = FALSE;
  char text[64];
  char *end = NULL;
  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return NULL;
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      is_double = TRUE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return NULL;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      is_double = TRUE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return NULL;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  if ((gsize)(r->p - start) >= sizeof text)
    return NULL;
  memcpy (text, start, r->p - start);
  text[r->p - start] = '\0';

  if (is_double)
    {
      double d = g_ascii_strtod (text, &end);

      if (*end != '\0' || !isfinite (d))
        return NULL;
      return json_node_init_double (json_node_alloc (), d);
    }
  else
    {
      gint64 v;

      errno = 0;
      v = g_ascii_strtoll (text, &end, 10);
      if (*end != '\0' || errno != 0)
        return NULL;
      return json_node_init_int (json_node_alloc (), v);
    }
}

static gboolean
read_literal (Reader     *r,
              const char *word)
{
  gsize n = strlen (word);

  if ((gsize)(r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return FALSE;
  r->p += n;

  return TRUE;
}

static JsonNode *
read_object (Reader *r)
{
  g_autoptr(JsonObject) object = json_object_new ();

  /* The opening brace already seen. */
  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      return json_node_init_object (json_node_alloc (), object);
    }

  for (;;)
    {
      g_autofree char *name = NULL;
      JsonNode *value;

      skip_space (r);
      if (r->p >= r->end || *r->p != '"')
        return NULL;
      r->p++;
      if (!read_string (r))
        return NULL;
      name = g_strndup (r->buf->str, r->buf->len);

      skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        return NULL;
      r->p++;

      if (!(value = read_value (r)))
        return NULL;
      json_object_set_member (object, name, value);

      skip_space (r);
      if (r->p >= r->end)
        return NULL;
      if (*r->p == ',')
        {
          r->p++;
          continue;
        }
      if (*r->p != '}')
        return NULL;
      r->p++;

      return json_node_init_object (json_node_alloc (), object);
    }
}

static JsonNode *
read_array (Reader *r)
{
  g_autoptr(JsonArray) array = json_array_new ();

  /* The opening bracket already seen. */
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      return json_node_init_array (json_node_alloc (), array);
    }

  for (;;)
    {
      JsonNode *value;

      if (!(value = read_value (r)))
        return NULL;
      json_array_add_element (array, value);

      skip_space (r);
      if (r->p >= r->end)
        return NULL;
      if (*r->p == ',')
        {
          r->p++;
          continue;
        }
      if (*r->p != ']')
        return NULL;
      r->p++;

      return json_node_init_array (json_node_alloc (), array);
    }
}

static JsonNode *
read_value (Reader *r)
{
  JsonNode *node = NULL;

  skip_space (r);
  if (r->p >= r->end)
    return NULL;

  switch (*r->p)
    {
    case '{':
    case '[':
      if (r->depth >= MAX_DEPTH)
        return NULL;
      r->depth++;
      node = *r->p++ == '{' ? read_object (r) : read_array (r);
      r->depth--;
      return node;

    case '"':
      r->p++;
      if (!read_string (r) || memchr (r->buf->str, '\0', r->buf->len))
        return NULL;
      return json_node_init_string (json_node_alloc (), r->buf->str);

    case 't':
      return read_literal (r, "true") ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;

    case 'f':
      return read_literal (r, "false") ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;

    case 'n':
      return read_literal (r, "null") ? json_node_init_null (json_node_alloc ()) : NULL;

    default:
      return read_number (r);
    }
}

/**
 * _onsite_json_parse_fast:
 * @data: the document
 * @length: its length in bytes
 *
 * Returns: (transfer full) (nullable): the document's root, or
 *   %NULL when it is not strict JSON this reader takes (ask JsonParser)
 */
JsonNode *
_onsite_json_parse_fast (const char *data,
                         gsize       length)
{
  g_autoptr(GString) buf = g_string_sized_new (256);
  Reader r = { data, data + length, buf, 0 };
  JsonNode *root;

  if (data == NULL)
    return NULL;

  if (!(root = read_value (&r)))
    return NULL;

  skip_space (&r);
  if (r.p != r.end)
    {
      json_node_unref (root);
      return NULL;
    }

  /* Not sealed, unlike JsonParser's immutable trees: sealing a page
   * walks it once more, and the connector only reads it. */
  return root;
}
