/* onsite-sync-settings.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-rt-connector.h"

G_BEGIN_DECLS

gboolean           onsite_sync_settings_is_configured    (GSettings            *settings);
OnsiteRtConnector *onsite_sync_settings_build_connector  (GSettings            *settings,
                                                          const char           *token,
                                                          GError              **error);
void               onsite_sync_settings_lookup_token_async  (const char           *url,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
char              *onsite_sync_settings_lookup_token_finish (GAsyncResult         *result,
                                                             GError              **error);
void               onsite_sync_settings_store_token_async   (const char           *url,
                                                             const char           *token,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean           onsite_sync_settings_store_token_finish  (GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
