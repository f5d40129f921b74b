/* onsite-router.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-travel.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_ROUTER (onsite_router_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteRouter, onsite_router, ONSITE, ROUTER, GObject)

OnsiteRouter       *onsite_router_new             (const char                 *url,
                                                   const OnsiteTravelSettings *settings);
const char         *onsite_router_get_url         (OnsiteRouter               *self);
void                onsite_router_set_timeout     (OnsiteRouter               *self,
                                                   guint                       milliseconds);
void                onsite_router_set_retry_after (OnsiteRouter               *self,
                                                   guint                       seconds);
void                onsite_router_table_async     (OnsiteRouter               *self,
                                                   const OnsitePoint          *from,
                                                   guint                       n_from,
                                                   const OnsitePoint          *to,
                                                   guint                       n_to,
                                                   GCancellable               *cancellable,
                                                   GAsyncReadyCallback         callback,
                                                   gpointer                    user_data);
OnsiteTravelMatrix *onsite_router_table_finish    (OnsiteRouter               *self,
                                                   GAsyncResult               *result,
                                                   GError                    **error);

G_END_DECLS
