/* onsite-rt-page-reader.c — an RT search page straight into records
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The strict way to read a page (_onsite_rt_connector_parse_page_strict())
 * builds a JsonNode tree, a GHashTable for every JSON object, ten of them
 * per ticket, and then looks each member up; building and freeing that
 * tree was most of the time spent reading a page. This reader goes once
 * through the bytes with OnsiteJsonReader and fills each
 * OnsiteRemoteTicket as the members go by.
 *
 * It only ever decides the ordinary case. It takes exactly the JSON that
 * _onsite_json_parse_fast() takes, and only the shapes the strict way
 * accepts; at the first thing it is not sure of (a member given twice, a
 * value of another type, a ticket the strict way would refuse, anything
 * not strict JSON) it returns NULL, and the caller reads the page the
 * strict way, which gives the verdict and the error message as before.
 * tests/test-rt-page-reader.c compares both ways record by record.
 */

#define G_LOG_DOMAIN "onsite-rt"

#include "config.h"

#include <string.h>

#include "onsite-json-fast.h"
#include "onsite-rt-connector-private.h"

typedef struct
{
  OnsiteRtConnector *connector;
  OnsiteJsonReader   r;
  const char        *fields[ONSITE_RT_N_FIELDS];
} PageReader;

/* A value already read, the way get_string() takes it: text or an
 * integer, or null for "" when not @required. */
static gboolean
text_from (OnsiteJsonReader *r,
           OnsiteJsonKind    kind,
           gboolean          required,
           char            **out)
{
  /* Given twice: the strict way takes the last; leave it to it. */
  if (*out != NULL)
    return FALSE;

  switch (kind)
    {
    case ONSITE_JSON_STRING:
      *out = g_strndup (r->buf->str, r->buf->len);
      return TRUE;

    case ONSITE_JSON_INT:
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, r->int_value);
      return TRUE;

    case ONSITE_JSON_NULL:
      if (required)
        return FALSE;
      *out = g_strdup ("");
      return TRUE;

    case ONSITE_JSON_BOOLEAN:
    case ONSITE_JSON_DOUBLE:
    case ONSITE_JSON_OBJECT:
    case ONSITE_JSON_ARRAY:
    default:
      return FALSE;
    }
}

static gboolean
read_text (OnsiteJsonReader *r,
           gboolean          required,
           char            **out)
{
  OnsiteJsonKind kind;

  return _onsite_json_reader_value (r, &kind) && text_from (r, kind, required, out);
}

/* An object's "id" (required), as in {"id": "bob", "type": "user"}. */
static gboolean
read_id_member (OnsiteJsonReader *r,
                gboolean          required,
                char            **out)
{
  g_autofree char *id = NULL;
  gboolean more;

  for (;;)
    {
      if (!_onsite_json_reader_member (r, &more))
        return FALSE;
      if (!more)
        break;

      if (strcmp (r->buf->str, "id") == 0)
        {
          if (!read_text (r, required, &id))
            return FALSE;
        }
      else if (!_onsite_json_reader_skip (r))
        return FALSE;
    }

  if (id == NULL)
    {
      if (required)
        return FALSE;
      id = g_strdup ("");
    }

  *out = g_steal_pointer (&id);
  return TRUE;
}

/* "Owner": {"id": "bob", …} or "bob", as get_ref_id() takes it. */
static gboolean
read_ref (OnsiteJsonReader *r,
          char            **out)
{
  OnsiteJsonKind kind;

  if (*out != NULL || !_onsite_json_reader_value (r, &kind))
    return FALSE;

  if (kind == ONSITE_JSON_OBJECT)
    return read_id_member (r, TRUE, out);

  return text_from (r, kind, FALSE, out);
}

/* "Requestor": the first one's id; null or [] for none. */
static gboolean
read_requestor (OnsiteJsonReader *r,
                char            **out)
{
  OnsiteJsonKind kind;
  gboolean more;

  if (!_onsite_json_reader_value (r, &kind))
    return FALSE;
  if (kind == ONSITE_JSON_NULL)
    return TRUE;
  if (kind != ONSITE_JSON_ARRAY)
    return FALSE;

  if (!_onsite_json_reader_element (r, &more))
    return FALSE;
  if (!more)
    return TRUE;

  if (!_onsite_json_reader_value (r, &kind) || kind != ONSITE_JSON_OBJECT ||
      !read_id_member (r, FALSE, out))
    return FALSE;

  return _onsite_json_reader_skip_rest (r, ONSITE_JSON_ARRAY);
}

/* One {"name": …, "values": [first, …]} of "CustomFields". */
static gboolean
read_custom_field (PageReader  *reader,
                   char       **values)
{
  OnsiteJsonReader *r = &reader->r;
  g_autofree char *name = NULL;
  g_autofree char *first = NULL;
  gboolean seen_values = FALSE;
  gboolean more;

  for (;;)
    {
      if (!_onsite_json_reader_member (r, &more))
        return FALSE;
      if (!more)
        break;

      if (strcmp (r->buf->str, "name") == 0)
        {
          if (!read_text (r, TRUE, &name))
            return FALSE;
        }
      else if (strcmp (r->buf->str, "values") == 0)
        {
          OnsiteJsonKind kind;

          if (seen_values || !_onsite_json_reader_value (r, &kind))
            return FALSE;
          seen_values = TRUE;

          if (kind == ONSITE_JSON_NULL)
            continue;
          if (kind != ONSITE_JSON_ARRAY || !_onsite_json_reader_element (r, &more))
            return FALSE;
          if (!more)
            continue;

          /* RT 5 lists a date field that was cleared as [null]. */
          if (!_onsite_json_reader_value (r, &kind))
            return FALSE;
          if (kind == ONSITE_JSON_STRING)
            first = g_strndup (r->buf->str, r->buf->len);
          else if (kind != ONSITE_JSON_NULL)
            return FALSE;

          if (!_onsite_json_reader_skip_rest (r, ONSITE_JSON_ARRAY))
            return FALSE;
        }
      else if (!_onsite_json_reader_skip (r))
        return FALSE;
    }

  if (name == NULL)
    return FALSE;

  if (first == NULL)
    return TRUE;

  for (guint f = 0; f < ONSITE_RT_N_FIELDS; f++)
    {
      if (reader->fields[f][0] == '\0' || strcmp (reader->fields[f], name) != 0)
        continue;

      g_free (values[f]);
      values[f] = g_strdup (first);
    }

  return TRUE;
}

static gboolean
read_custom_fields (PageReader  *reader,
                    char       **values)
{
  OnsiteJsonReader *r = &reader->r;
  OnsiteJsonKind kind;
  gboolean more;

  if (!_onsite_json_reader_value (r, &kind))
    return FALSE;

  if (kind == ONSITE_JSON_NULL)
    return TRUE;

  /* A ticket with no fields at all may come as {}. */
  if (kind == ONSITE_JSON_OBJECT)
    return _onsite_json_reader_member (r, &more) && !more;

  if (kind != ONSITE_JSON_ARRAY)
    return FALSE;

  for (;;)
    {
      if (!_onsite_json_reader_element (r, &more))
        return FALSE;
      if (!more)
        return TRUE;

      if (!_onsite_json_reader_value (r, &kind) || kind != ONSITE_JSON_OBJECT ||
          !read_custom_field (reader, values))
        return FALSE;
    }
}

enum {
  SEEN_REQUESTOR = 1 << 0,
  SEEN_CUSTOM_FIELDS = 1 << 1,
};

/* One ticket of "items", its object just opened. */
static OnsiteRemoteTicket *
read_ticket (PageReader *reader)
{
  OnsiteJsonReader *r = &reader->r;
  g_autoptr(OnsiteRemoteTicket) ticket = onsite_remote_ticket_new ();
  g_autofree char *created = NULL;
  g_autofree char *due = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *queue = NULL;
  char *values[ONSITE_RT_N_FIELDS] = { NULL, };
  guint seen = 0;
  gboolean ok = FALSE;
  gboolean more;

  for (;;)
    {
      const char *key;
      gboolean read;

      if (!_onsite_json_reader_member (r, &more))
        goto out;
      if (!more)
        break;

      key = r->buf->str;
      switch (key[0])
        {
        case 'i':
          read = strcmp (key, "id") == 0 ? read_text (r, TRUE, &ticket->remote_id)
                                         : _onsite_json_reader_skip (r);
          break;

        case 'S':
          if (strcmp (key, "Subject") == 0)
            read = read_text (r, FALSE, &ticket->title);
          else if (strcmp (key, "Status") == 0)
            read = read_text (r, TRUE, &ticket->remote_status);
          else
            read = _onsite_json_reader_skip (r);
          break;

        case 'L':
          read = strcmp (key, "LastUpdated") == 0 ? read_text (r, TRUE, &ticket->version)
                                                  : _onsite_json_reader_skip (r);
          break;

        case 'C':
          if (strcmp (key, "Created") == 0)
            read = read_text (r, FALSE, &created);
          else if (strcmp (key, "CustomFields") == 0)
            {
              read = !(seen & SEEN_CUSTOM_FIELDS) && read_custom_fields (reader, values);
              seen |= SEEN_CUSTOM_FIELDS;
            }
          else
            read = _onsite_json_reader_skip (r);
          break;

        case 'D':
          read = strcmp (key, "Due") == 0 ? read_text (r, FALSE, &due)
                                          : _onsite_json_reader_skip (r);
          break;

        case 'P':
          read = strcmp (key, "Priority") == 0 ? read_text (r, FALSE, &priority)
                                               : _onsite_json_reader_skip (r);
          break;

        case 'O':
          read = strcmp (key, "Owner") == 0 ? read_ref (r, &ticket->owner)
                                            : _onsite_json_reader_skip (r);
          break;

        case 'Q':
          read = strcmp (key, "Queue") == 0 ? read_ref (r, &queue)
                                            : _onsite_json_reader_skip (r);
          break;

        case 'R':
          if (strcmp (key, "Requestor") == 0)
            {
              read = !(seen & SEEN_REQUESTOR) && read_requestor (r, &ticket->requester);
              seen |= SEEN_REQUESTOR;
            }
          else
            read = _onsite_json_reader_skip (r);
          break;

        default:
          read = _onsite_json_reader_skip (r);
          break;
        }

      if (!read)
        goto out;
    }

  /* What the strict way would refuse, it refuses in its own words. */
  if (ticket->remote_id == NULL || ticket->remote_status == NULL || ticket->version == NULL ||
      !_onsite_rt_is_positive_integer (ticket->remote_id) ||
      !(ticket->updated = _onsite_rt_parse_time (ticket->version)))
    goto out;

  if (ticket->title == NULL)
    ticket->title = g_strdup ("");
  if (ticket->owner == NULL)
    ticket->owner = g_strdup ("");

  _onsite_rt_connector_finish_ticket (reader->connector, ticket,
                                      created ? created : "",
                                      due ? due : "",
                                      priority ? priority : "",
                                      queue ? queue : "",
                                      values);
  ok = TRUE;

out:
  for (guint f = 0; f < ONSITE_RT_N_FIELDS; f++)
    g_free (values[f]);

  return ok ? g_steal_pointer (&ticket) : NULL;
}

/* A count as get_count() takes it: an integer, or a positive one in text. */
static gboolean
read_count (OnsiteJsonReader *r,
            gboolean         *seen,
            gboolean         *ok,
            gint64           *out)
{
  OnsiteJsonKind kind;

  if (*seen || !_onsite_json_reader_value (r, &kind))
    return FALSE;
  *seen = TRUE;

  if (kind == ONSITE_JSON_INT)
    {
      *ok = TRUE;
      *out = r->int_value;
    }
  else if (kind == ONSITE_JSON_STRING && _onsite_rt_is_positive_integer (r->buf->str))
    {
      *ok = TRUE;
      *out = g_ascii_strtoll (r->buf->str, NULL, 10);
    }

  return _onsite_json_reader_skip_rest (r, kind);
}

static gboolean
read_items (PageReader     *reader,
            OnsitePullPage *result)
{
  OnsiteJsonReader *r = &reader->r;
  OnsiteJsonKind kind;
  gboolean more;

  if (!_onsite_json_reader_value (r, &kind) || kind != ONSITE_JSON_ARRAY)
    return FALSE;

  for (;;)
    {
      OnsiteRemoteTicket *ticket;

      if (!_onsite_json_reader_element (r, &more))
        return FALSE;
      if (!more)
        return TRUE;

      if (!_onsite_json_reader_value (r, &kind) || kind != ONSITE_JSON_OBJECT ||
          !(ticket = read_ticket (reader)))
        return FALSE;

      g_ptr_array_add (result->tickets, ticket);
    }
}

static OnsitePullPage *
read_page (PageReader *reader,
           guint       page)
{
  OnsiteJsonReader *r = &reader->r;
  g_autoptr(OnsitePullPage) result = onsite_pull_page_new ();
  gboolean seen_items = FALSE, seen_total = FALSE, seen_page = FALSE, seen_pages = FALSE;
  gboolean has_total = FALSE, has_page = FALSE, has_pages = FALSE, has_next = FALSE;
  gint64 total = 0, number = 0, pages = 0;
  OnsiteJsonKind kind;
  gboolean more;

  if (!_onsite_json_reader_value (r, &kind) || kind != ONSITE_JSON_OBJECT)
    return NULL;

  for (;;)
    {
      const char *key;
      gboolean read;

      if (!_onsite_json_reader_member (r, &more))
        return NULL;
      if (!more)
        break;

      key = r->buf->str;
      if (strcmp (key, "items") == 0)
        {
          read = !seen_items && read_items (reader, result);
          seen_items = TRUE;
        }
      else if (strcmp (key, "total") == 0)
        read = read_count (r, &seen_total, &has_total, &total);
      else if (strcmp (key, "page") == 0)
        read = read_count (r, &seen_page, &has_page, &number);
      else if (strcmp (key, "pages") == 0)
        read = read_count (r, &seen_pages, &has_pages, &pages);
      else
        {
          if (strcmp (key, "next_page") == 0)
            has_next = TRUE;
          read = _onsite_json_reader_skip (r);
        }

      if (!read)
        return NULL;
    }

  if (!seen_items || !_onsite_json_reader_end (r))
    return NULL;

  /* As _onsite_rt_connector_parse_page_strict() counts. */
  if (has_total)
    result->total = total;
  if (!has_page)
    number = page;

  if (has_next)
    result->next_page = number + 1;
  else if (has_pages && number < pages && result->tickets->len > 0)
    result->next_page = number + 1;

  /* A page that claims to continue but came back empty would loop forever. */
  if (result->tickets->len == 0)
    result->next_page = 0;

  return g_steal_pointer (&result);
}

/**
 * _onsite_rt_connector_read_page_fast:
 * @self: a connector
 * @data: the answer's body
 * @length: its length
 * @page: the page asked for
 *
 * Reads an ordinary page of search results without building a tree.
 *
 * Returns: (transfer full) (nullable): the page, the same as the strict
 *   way would give, or %NULL when this reader does not decide: read the
 *   page the strict way then, for its verdict
 */
OnsitePullPage *
_onsite_rt_connector_read_page_fast (OnsiteRtConnector *self,
                                     const char        *data,
                                     gsize              length,
                                     guint              page)
{
  PageReader reader = { self, };
  OnsitePullPage *result;

  g_assert (ONSITE_IS_RT_CONNECTOR (self));

  if (data == NULL || length == 0)
    return NULL;

  for (guint f = 0; f < ONSITE_RT_N_FIELDS; f++)
    reader.fields[f] = onsite_rt_connector_get_field_name (self, f);

  _onsite_json_reader_init (&reader.r, data, length);
  result = read_page (&reader, page);
  _onsite_json_reader_clear (&reader.r);

  return result;
}
