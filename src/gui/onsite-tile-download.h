/* onsite-tile-download.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/**
 * ONSITE_TILE_DOWNLOAD_MAX_TILES:
 *
 * The most tiles one download may fetch. Tile servers, OpenStreetMap's
 * first, forbid bulk downloads; a day's visits in a city at zoom 10 to 17
 * take a few thousand.
 */
#define ONSITE_TILE_DOWNLOAD_MAX_TILES 20000

/**
 * ONSITE_TILE_DOWNLOAD_TYPICAL_TILE_BYTES:
 *
 * The size assumed for a tile in the estimate: a 256-pixel PNG of a city
 * street map is 10 to 30 kB, of countryside much less.
 */
#define ONSITE_TILE_DOWNLOAD_TYPICAL_TILE_BYTES 15000

/**
 * ONSITE_TILE_DOWNLOAD_MAX_CONNECTIONS:
 *
 * Requests in flight at once, as the OpenStreetMap tile policy asks.
 */
#define ONSITE_TILE_DOWNLOAD_MAX_CONNECTIONS 2

#define ONSITE_TILE_DOWNLOAD_ERROR (onsite_tile_download_error_quark ())

/**
 * OnsiteTileDownloadError:
 * @ONSITE_TILE_DOWNLOAD_ERROR_BAD_AREA: the area or zoom range makes no sense
 * @ONSITE_TILE_DOWNLOAD_ERROR_TOO_MANY_TILES: the area needs more than
 *   %ONSITE_TILE_DOWNLOAD_MAX_TILES tiles
 * @ONSITE_TILE_DOWNLOAD_ERROR_BUSY: a download is already running
 * @ONSITE_TILE_DOWNLOAD_ERROR_FAILED: not a single tile could be had
 *
 * Why a map download did not happen. A download where only some tiles
 * failed succeeds; #OnsiteTileDownload:n-failed counts them.
 */
typedef enum
{
  ONSITE_TILE_DOWNLOAD_ERROR_BAD_AREA,
  ONSITE_TILE_DOWNLOAD_ERROR_TOO_MANY_TILES,
  ONSITE_TILE_DOWNLOAD_ERROR_BUSY,
  ONSITE_TILE_DOWNLOAD_ERROR_FAILED,
} OnsiteTileDownloadError;

GQuark onsite_tile_download_error_quark (void);

#define ONSITE_TYPE_TILE_DOWNLOAD (onsite_tile_download_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteTileDownload, onsite_tile_download, ONSITE, TILE_DOWNLOAD, GObject)

guint64             onsite_tile_download_count_tiles         (double               min_lat,
                                                              double               min_lon,
                                                              double               max_lat,
                                                              double               max_lon,
                                                              guint                min_zoom,
                                                              guint                max_zoom);

OnsiteTileDownload *onsite_tile_download_new                 (const char          *url_template,
                                                              const char          *cache_dir);
const char         *onsite_tile_download_get_url_template    (OnsiteTileDownload  *self);
ShumateFileCache   *onsite_tile_download_get_cache           (OnsiteTileDownload  *self);
gboolean            onsite_tile_download_set_area            (OnsiteTileDownload  *self,
                                                              double               min_lat,
                                                              double               min_lon,
                                                              double               max_lat,
                                                              double               max_lon,
                                                              guint                min_zoom,
                                                              guint                max_zoom,
                                                              GError             **error);
void                onsite_tile_download_set_timeout         (OnsiteTileDownload  *self,
                                                              guint                seconds);
guint               onsite_tile_download_get_n_total         (OnsiteTileDownload  *self);
guint               onsite_tile_download_get_n_done          (OnsiteTileDownload  *self);
guint               onsite_tile_download_get_n_stored        (OnsiteTileDownload  *self);
guint               onsite_tile_download_get_n_fresh         (OnsiteTileDownload  *self);
guint               onsite_tile_download_get_n_failed        (OnsiteTileDownload  *self);
guint64             onsite_tile_download_get_bytes           (OnsiteTileDownload  *self);
guint64             onsite_tile_download_get_estimated_bytes (OnsiteTileDownload  *self);
gboolean            onsite_tile_download_get_running         (OnsiteTileDownload  *self);
char               *onsite_tile_download_dup_summary         (OnsiteTileDownload  *self);

void                onsite_tile_download_run_async           (OnsiteTileDownload  *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean            onsite_tile_download_run_finish          (OnsiteTileDownload  *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

G_END_DECLS
