/* onsite-window-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-map-view.h"
#include "onsite-window.h"

G_BEGIN_DECLS

/* Shared between onsite-window.c and onsite-window-actions.c, in the
 * manner of GNOME Text Editor's editor-window-private.h. */

void           _onsite_window_class_actions_init (OnsiteWindowClass *klass);
void           _onsite_window_show_route         (OnsiteWindow      *self,
                                                  OnsiteTicket      *ticket);
OnsiteMapView *_onsite_window_get_map_view       (OnsiteWindow      *self);

G_END_DECLS
