/* onsite-context.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-board-model.h"
#include "onsite-store.h"
#include "dispatch/onsite-travel-model.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_CONTEXT (onsite_context_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteContext, onsite_context, ONSITE, CONTEXT, GObject)

OnsiteContext    *onsite_context_new           (OnsiteStore   *store);
OnsiteStore      *onsite_context_get_store     (OnsiteContext *self);
OnsiteBoardModel *onsite_context_get_board     (OnsiteContext *self);
gint64            onsite_context_get_now       (OnsiteContext *self);
void              onsite_context_set_now       (OnsiteContext *self,
                                                gint64         now);
void              onsite_context_store_changed (OnsiteContext *self);
OnsiteTravelModel *onsite_context_get_travel   (OnsiteContext *self);

G_END_DECLS
