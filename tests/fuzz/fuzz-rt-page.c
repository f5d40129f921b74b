/* fuzz-rt-page.c — libFuzzer target for RT's JSON into Onsite records
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Build and run with tests/fuzz/run-fuzz.sh. The parser must either return
 * a page whose every ticket is complete and valid, or fail with an error;
 * it must never crash, leak, or hand out invalid UTF-8 or coordinates.
 * A page the quick reader (onsite-rt-page-reader.c) decides must come out
 * field for field as the strict way reads it.
 */

#include <stdint.h>
#include <string.h>

#include "onsite-rt-connector-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static OnsiteRtConnector *rt;

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

static gboolean
same_ticket (const OnsiteRemoteTicket *a,
             const OnsiteRemoteTicket *b)
{
  return same_text (a->remote_id, b->remote_id) && same_text (a->version, b->version) &&
         a->in_scope == b->in_scope && same_text (a->title, b->title) &&
         same_text (a->description, b->description) && same_text (a->requester, b->requester) &&
         same_text (a->remote_status, b->remote_status) && a->status == b->status &&
         same_text (a->owner, b->owner) && a->priority == b->priority &&
         a->support_level == b->support_level && a->created == b->created &&
         a->updated == b->updated && a->due == b->due &&
         same_text (a->site_name, b->site_name) && same_text (a->address, b->address) &&
         a->has_location == b->has_location &&
         memcmp (&a->latitude, &b->latitude, sizeof (double)) == 0 &&
         memcmp (&a->longitude, &b->longitude, sizeof (double)) == 0 &&
         a->location_invalid == b->location_invalid &&
         same_text (a->vendor_reference, b->vendor_reference) &&
         a->visit_start == b->visit_start && a->visit_end == b->visit_end;
}

/* The quick reader decides a page only as the strict way reads it. */
static void
check_quick_reader (const char *data,
                    size_t      size)
{
  g_autoptr(OnsitePullPage) fast = _onsite_rt_connector_read_page_fast (rt, data, size, 1);
  g_autoptr(OnsitePullPage) strict = NULL;

  if (fast == NULL)
    return;

  strict = _onsite_rt_connector_parse_page_strict (rt, data, size, 1, NULL);
  if (strict == NULL || strict->tickets->len != fast->tickets->len ||
      strict->next_page != fast->next_page || strict->total != fast->total ||
      strict->server_time != fast->server_time)
    __builtin_trap ();

  for (guint i = 0; i < fast->tickets->len; i++)
    if (!same_ticket (g_ptr_array_index (fast->tickets, i), g_ptr_array_index (strict->tickets, i)))
      __builtin_trap ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(OnsitePullPage) page = NULL;
  g_autoptr(GError) error = NULL;

  if (rt == NULL)
    {
      rt = onsite_rt_connector_new ("https://rt.example.org", "Onsite");
      _onsite_rt_connector_set_queue_id (rt, "3");
    }

  check_quick_reader ((const char *)data, size);

  page = _onsite_rt_connector_parse_page (rt, (const char *)data, size, 1, &error);

  if ((page == NULL) == (error == NULL))
    __builtin_trap ();

  if (page == NULL)
    return 0;

  for (guint i = 0; i < page->tickets->len; i++)
    {
      OnsiteRemoteTicket *t = g_ptr_array_index (page->tickets, i);

      if (t->remote_id == NULL || t->title == NULL || *t->title == '\0' ||
          !g_utf8_validate (t->title, -1, NULL) ||
          !g_utf8_validate (t->site_name, -1, NULL) ||
          !g_utf8_validate (t->address, -1, NULL) ||
          t->updated <= 0 ||
          (t->has_location && !onsite_coordinates_valid (t->latitude, t->longitude, NULL)) ||
          (t->has_location && t->location_invalid) ||
          t->priority < ONSITE_PRIORITY_MIN || t->priority > ONSITE_PRIORITY_MAX ||
          t->support_level < ONSITE_LEVEL_MIN || t->support_level > ONSITE_LEVEL_MAX)
        __builtin_trap ();
    }

  return 0;
}
