/* onsite-unplanned-pane.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "onsite-context.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_UNPLANNED_PANE (onsite_unplanned_pane_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteUnplannedPane, onsite_unplanned_pane, ONSITE, UNPLANNED_PANE, GtkWidget)

GtkWidget     *onsite_unplanned_pane_new         (void);
OnsiteContext *onsite_unplanned_pane_get_context (OnsiteUnplannedPane *self);
void           onsite_unplanned_pane_set_context (OnsiteUnplannedPane *self,
                                                  OnsiteContext       *context);
GListModel    *onsite_unplanned_pane_get_tickets (OnsiteUnplannedPane *self);
void           onsite_unplanned_pane_reload      (OnsiteUnplannedPane *self);

G_END_DECLS
