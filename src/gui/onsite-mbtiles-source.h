/* onsite-mbtiles-source.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define ONSITE_MBTILES_ERROR (onsite_mbtiles_error_quark ())

/**
 * OnsiteMbtilesError:
 * @ONSITE_MBTILES_ERROR_OPEN: the file does not exist or cannot be read
 * @ONSITE_MBTILES_ERROR_NOT_MBTILES: the file is not an SQLite database, or
 *   has no `tiles` table with the MBTiles columns
 * @ONSITE_MBTILES_ERROR_UNSUPPORTED: the file holds vector tiles, which the
 *   raster renderer cannot draw
 * @ONSITE_MBTILES_ERROR_TILE_MISSING: the file has no tile at that place
 *   and zoom level; the map leaves the tile empty
 * @ONSITE_MBTILES_ERROR_CORRUPT: reading the file failed: it is damaged or
 *   was cut short
 *
 * Why an MBTiles file or one of its tiles cannot be had.
 */
typedef enum
{
  ONSITE_MBTILES_ERROR_OPEN,
  ONSITE_MBTILES_ERROR_NOT_MBTILES,
  ONSITE_MBTILES_ERROR_UNSUPPORTED,
  ONSITE_MBTILES_ERROR_TILE_MISSING,
  ONSITE_MBTILES_ERROR_CORRUPT,
} OnsiteMbtilesError;

GQuark onsite_mbtiles_error_quark (void);

#define ONSITE_TYPE_MBTILES_SOURCE (onsite_mbtiles_source_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteMbtilesSource, onsite_mbtiles_source, ONSITE, MBTILES_SOURCE, ShumateDataSource)

OnsiteMbtilesSource *onsite_mbtiles_source_new               (const char           *path,
                                                              GCancellable         *cancellable,
                                                              GError              **error);
const char          *onsite_mbtiles_source_get_path          (OnsiteMbtilesSource  *self);
const char          *onsite_mbtiles_source_get_name          (OnsiteMbtilesSource  *self);
const char          *onsite_mbtiles_source_get_format        (OnsiteMbtilesSource  *self);
const char          *onsite_mbtiles_source_get_attribution   (OnsiteMbtilesSource  *self);
guint                onsite_mbtiles_source_get_min_zoom      (OnsiteMbtilesSource  *self);
guint                onsite_mbtiles_source_get_max_zoom      (OnsiteMbtilesSource  *self);
guint                onsite_mbtiles_source_get_tile_size     (OnsiteMbtilesSource  *self);
gboolean             onsite_mbtiles_source_get_bounds        (OnsiteMbtilesSource  *self,
                                                              double               *min_lat,
                                                              double               *min_lon,
                                                              double               *max_lat,
                                                              double               *max_lon);
ShumateMapSource    *onsite_mbtiles_source_create_map_source (OnsiteMbtilesSource  *self);

G_END_DECLS
