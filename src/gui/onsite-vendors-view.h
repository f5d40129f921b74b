/* onsite-vendors-view.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "onsite-context.h"
#include "vendor/onsite-handoff.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_VENDORS_VIEW (onsite_vendors_view_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteVendorsView, onsite_vendors_view, ONSITE, VENDORS_VIEW, GtkWidget)

GtkWidget     *onsite_vendors_view_new            (void);
OnsiteContext *onsite_vendors_view_get_context    (OnsiteVendorsView *self);
void           onsite_vendors_view_set_context    (OnsiteVendorsView *self,
                                                   OnsiteContext     *context);
GListModel    *onsite_vendors_view_get_handoffs   (OnsiteVendorsView *self);
OnsiteHandoff *onsite_vendors_view_get_selected   (OnsiteVendorsView *self);
gboolean       onsite_vendors_view_select_handoff (OnsiteVendorsView *self,
                                                   gint64             handoff_id);
void           onsite_vendors_view_show_section   (OnsiteVendorsView *self,
                                                   const char        *name);

G_END_DECLS
