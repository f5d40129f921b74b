/* fuzz-rt-page.c — libFuzzer target for RT's JSON into Onsite records
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Build and run with tests/fuzz/run-fuzz.sh. The parser must either return
 * a page whose every ticket is complete and valid, or fail with an error;
 * it must never crash, leak, or hand out invalid UTF-8 or coordinates.
 */

#include <stdint.h>
#include <string.h>

#include "onsite-rt-connector-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static OnsiteRtConnector *rt;

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(OnsitePullPage) page = NULL;
  g_autoptr(GError) error = NULL;

  if (rt == NULL)
    rt = onsite_rt_connector_new ("https://rt.example.org", "Onsite");

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
