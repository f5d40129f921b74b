/* onsite-travel-model.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-day.h"
#include "onsite-router.h"
#include "onsite-travel.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_TRAVEL_MODEL (onsite_travel_model_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteTravelModel, onsite_travel_model, ONSITE, TRAVEL_MODEL, GObject)

OnsiteTravelModel          *onsite_travel_model_new                (void);
const OnsiteTravelSettings *onsite_travel_model_get_settings       (OnsiteTravelModel          *self);
void                        onsite_travel_model_set_settings       (OnsiteTravelModel          *self,
                                                                    const OnsiteTravelSettings *settings);
gboolean                    onsite_travel_model_set_router_url     (OnsiteTravelModel          *self,
                                                                    const char                 *url,
                                                                    GError                    **error);
const char                 *onsite_travel_model_get_router_url     (OnsiteTravelModel          *self);
const char                 *onsite_travel_model_get_router_problem (OnsiteTravelModel          *self);
OnsiteRouter               *onsite_travel_model_get_router         (OnsiteTravelModel          *self);
void                        onsite_travel_model_bind_settings      (OnsiteTravelModel          *self,
                                                                    GSettings                  *settings);
void                        onsite_travel_model_init_options       (OnsiteTravelModel          *self,
                                                                    OnsiteDispatchOptions      *options,
                                                                    OnsiteTravelMatrix         *matrix);
void                        onsite_travel_model_day_async          (OnsiteTravelModel          *self,
                                                                    OnsiteDay                  *day,
                                                                    const OnsitePoint          *extra,
                                                                    guint                       n_extra,
                                                                    GCancellable               *cancellable,
                                                                    GAsyncReadyCallback         callback,
                                                                    gpointer                    user_data);
OnsiteTravelMatrix         *onsite_travel_model_day_finish         (OnsiteTravelModel          *self,
                                                                    GAsyncResult               *result,
                                                                    GError                    **error);
char                       *onsite_travel_model_describe           (OnsiteTravelModel          *self,
                                                                    OnsiteTravelMatrix         *matrix);

G_END_DECLS
