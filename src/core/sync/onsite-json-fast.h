/* onsite-json-fast.h — a quick JSON reader for the ticket service's pages
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *_onsite_json_parse_fast (const char *data,
                                   gsize       length);

G_END_DECLS
