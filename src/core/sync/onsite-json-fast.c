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

typedef OnsiteJsonReader Reader;

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

/* Reads a number: an integer that fits in 64 bits, or a finite double. */
static gboolean
lex_number (Reader   *r,
            gboolean *is_double,
            gint64   *int_value,
            double   *double_value)
{
  const char *start = r->p;
  char text[64];
  char *end = NULL;

  *is_double = FALSE;
  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return FALSE;
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      *is_double = TRUE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      *is_double = TRUE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  if ((gsize)(r->p - start) >= sizeof text)
    return FALSE;
  memcpy (text, start, r->p - start);
  text[r->p - start] = '\0';

  if (*is_double)
    {
      *double_value = g_ascii_strtod (text, &end);

      return *end == '\0' && isfinite (*double_value);
    }

  errno = 0;
  *int_value = g_ascii_strtoll (text, &end, 10);

  return *end == '\0' && errno == 0;
}

static JsonNode *
read_number (Reader *r)
{
  gboolean is_double;
  gint64 v = 0;
  double d = 0;

  if (!lex_number (r, &is_double, &v, &d))
    return NULL;

  if (is_double)
    return json_node_init_double (json_node_alloc (), d);

  return json_node_init_int (json_node_alloc (), v);
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
  Reader r = { data, data + length, buf, 0, FALSE, 0 };
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

/* One value at a time --------------------------------------------------- */

/**
 * _onsite_json_reader_init:
 * @r: a reader to set up
 * @data: the document
 * @length: its length in bytes
 *
 * Sets @r to read @data one value at a time, taking exactly what
 * _onsite_json_parse_fast() takes: a caller that reads a document to its
 * end with _onsite_json_reader_end() has read a document that reader
 * would turn into a tree, with the same strings and numbers. Free with
 * _onsite_json_reader_clear().
 */
void
_onsite_json_reader_init (OnsiteJsonReader *r,
                          const char       *data,
                          gsize             length)
{
  r->p = data;
  r->end = data + length;
  r->buf = g_string_sized_new (256);
  r->depth = 0;
  r->fresh = FALSE;
  r->int_value = 0;
}

void
_onsite_json_reader_clear (OnsiteJsonReader *r)
{
  if (r->buf)
    g_string_free (g_steal_pointer (&r->buf), TRUE);
}

/**
 * _onsite_json_reader_value:
 * @r: a reader
 * @kind: (out): what the value is
 *
 * Reads the next value. A string is left in @r->buf, an integer in
 * @r->int_value, a boolean in @r->int_value (0 or 1); an object or an array
 * is only opened: go through it with _onsite_json_reader_member() or
 * _onsite_json_reader_element(), or pass it by with
 * _onsite_json_reader_skip_rest().
 *
 * Returns: %FALSE when the document is not JSON this reader takes
 */
gboolean
_onsite_json_reader_value (OnsiteJsonReader *r,
                           OnsiteJsonKind   *kind)
{
  gboolean is_double;
  double d;

  skip_space (r);
  if (r->p >= r->end)
    return FALSE;

  switch (*r->p)
    {
    case '{':
    case '[':
      if (r->depth >= MAX_DEPTH)
        return FALSE;
      r->depth++;
      r->fresh = TRUE;
      *kind = *r->p++ == '{' ? ONSITE_JSON_OBJECT : ONSITE_JSON_ARRAY;
      return TRUE;

    case '"':
      r->p++;
      *kind = ONSITE_JSON_STRING;
      return read_string (r) && !memchr (r->buf->str, '\0', r->buf->len);

    case 't':
      *kind = ONSITE_JSON_BOOLEAN;
      r->int_value = 1;
      return read_literal (r, "true");

    case 'f':
      *kind = ONSITE_JSON_BOOLEAN;
      r->int_value = 0;
      return read_literal (r, "false");

    case 'n':
      *kind = ONSITE_JSON_NULL;
      return read_literal (r, "null");

    default:
      if (!lex_number (r, &is_double, &r->int_value, &d))
        return FALSE;
      *kind = is_double ? ONSITE_JSON_DOUBLE : ONSITE_JSON_INT;
      return TRUE;
    }
}

/**
 * _onsite_json_reader_member:
 * @r: a reader inside an object
 * @more: (out): %TRUE when a member follows, %FALSE when the object ended
 *
 * Moves to the object's next member and leaves its name in @r->buf; its
 * value is to be read next. At the object's end, leaves it.
 *
 * Returns: %FALSE when the document is not JSON this reader takes
 */
gboolean
_onsite_json_reader_member (OnsiteJsonReader *r,
                            gboolean         *more)
{
  skip_space (r);
  if (r->p >= r->end)
    return FALSE;

  if (r->fresh)
    r->fresh = FALSE;
  else if (*r->p == ',')
    {
      r->p++;
      skip_space (r);
      if (r->p >= r->end || *r->p == '}')
        return FALSE;
    }
  else if (*r->p != '}')
    return FALSE;

  if (*r->p == '}')
    {
      r->p++;
      r->depth--;
      *more = FALSE;
      return TRUE;
    }

  if (*r->p != '"')
    return FALSE;
  r->p++;
  if (!read_string (r))
    return FALSE;

  skip_space (r);
  if (r->p >= r->end || *r->p != ':')
    return FALSE;
  r->p++;

  *more = TRUE;
  return TRUE;
}

/**
 * _onsite_json_reader_element:
 * @r: a reader inside an array
 * @more: (out): %TRUE when an element follows, %FALSE when the array ended
 *
 * Moves to the array's next element, to be read next; at the array's
 * end, leaves it.
 *
 * Returns: %FALSE when the document is not JSON this reader takes
 */
gboolean
_onsite_json_reader_element (OnsiteJsonReader *r,
                             gboolean         *more)
{
  skip_space (r);
  if (r->p >= r->end)
    return FALSE;

  if (r->fresh)
    {
      r->fresh = FALSE;
      if (*r->p != ']')
        {
          *more = TRUE;
          return TRUE;
        }
    }
  else if (*r->p == ',')
    {
      r->p++;
      *more = TRUE;
      return TRUE;
    }
  else if (*r->p != ']')
    return FALSE;

  r->p++;
  r->depth--;
  *more = FALSE;
  return TRUE;
}

/**
 * _onsite_json_reader_skip_rest:
 * @r: a reader
 * @kind: the kind of the value just read
 *
 * Passes by the rest of the value just read: the whole object or array
 * when it was one, nothing otherwise. What it passes by must be JSON
 * this reader takes all the same.
 *
 * Returns: %FALSE when the document is not JSON this reader takes
 */
gboolean
_onsite_json_reader_skip_rest (OnsiteJsonReader *r,
                               OnsiteJsonKind    kind)
{
  gboolean more;

  if (kind == ONSITE_JSON_OBJECT)
    {
      for (;;)
        {
          OnsiteJsonKind inner;

          if (!_onsite_json_reader_member (r, &more))
            return FALSE;
          if (!more)
            return TRUE;
          if (!_onsite_json_reader_value (r, &inner) ||
              !_onsite_json_reader_skip_rest (r, inner))
            return FALSE;
        }
    }

  if (kind == ONSITE_JSON_ARRAY)
    {
      for (;;)
        {
          OnsiteJsonKind inner;

          if (!_onsite_json_reader_element (r, &more))
            return FALSE;
          if (!more)
            return TRUE;
          if (!_onsite_json_reader_value (r, &inner) ||
              !_onsite_json_reader_skip_rest (r, inner))
            return FALSE;
        }
    }

  return TRUE;
}

/**
 * _onsite_json_reader_skip:
 * @r: a reader
 *
 * Reads the next value, whatever it is, and passes it by.
 *
 * Returns: %FALSE when the document is not JSON this reader takes
 */
gboolean
_onsite_json_reader_skip (OnsiteJsonReader *r)
{
  OnsiteJsonKind kind;

  return _onsite_json_reader_value (r, &kind) && _onsite_json_reader_skip_rest (r, kind);
}

/**
 * _onsite_json_reader_end:
 * @r: a reader that read its document's one value
 *
 * Returns: %TRUE when nothing but white space follows
 */
gboolean
_onsite_json_reader_end (OnsiteJsonReader *r)
{
  skip_space (r);

  return r->depth == 0 && r->p == r->end;
}
