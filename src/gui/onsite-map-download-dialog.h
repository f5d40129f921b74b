/* onsite-map-download-dialog.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onsite-tile-download.h"

G_BEGIN_DECLS

/**
 * ONSITE_MAP_DOWNLOAD_MIN_ZOOM:
 *
 * The widest view downloaded: a whole province.
 */
#define ONSITE_MAP_DOWNLOAD_MIN_ZOOM 10

/**
 * ONSITE_MAP_DOWNLOAD_MAX_ZOOM:
 *
 * The closest view downloaded: streets and house numbers.
 */
#define ONSITE_MAP_DOWNLOAD_MAX_ZOOM 17

#define ONSITE_TYPE_MAP_DOWNLOAD_DIALOG (onsite_map_download_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteMapDownloadDialog, onsite_map_download_dialog, ONSITE, MAP_DOWNLOAD_DIALOG, AdwWindow)

GtkWidget          *onsite_map_download_dialog_new          (GtkWindow               *parent,
                                                             double                   min_lat,
                                                             double                   min_lon,
                                                             double                   max_lat,
                                                             double                   max_lon);
OnsiteTileDownload *onsite_map_download_dialog_get_download (OnsiteMapDownloadDialog *self);
char               *onsite_map_download_dup_url_template    (void);

G_END_DECLS
