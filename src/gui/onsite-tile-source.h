/* onsite-tile-source.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define ONSITE_TYPE_TILE_SOURCE (onsite_tile_source_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteTileSource, onsite_tile_source, ONSITE, TILE_SOURCE, ShumateDataSource)

OnsiteTileSource *onsite_tile_source_new          (const char       *url_template);
const char       *onsite_tile_source_get_url_template (OnsiteTileSource *self);
gboolean          onsite_tile_source_get_failing  (OnsiteTileSource *self);

G_END_DECLS
