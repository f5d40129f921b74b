/* onsite-window.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onsite-application.h"
#include "onsite-board-model.h"
#include "onsite-context.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_WINDOW (onsite_window_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteWindow, onsite_window, ONSITE, WINDOW, AdwApplicationWindow)

OnsiteWindow     *onsite_window_new             (OnsiteApplication *application,
                                                 const char        *db_path,
                                                 gboolean           fill_demo);
OnsiteBoardModel *onsite_window_get_board       (OnsiteWindow      *self);
OnsiteContext    *onsite_window_get_context     (OnsiteWindow      *self);
OnsiteTicket     *onsite_window_get_selected    (OnsiteWindow      *self);
gboolean          onsite_window_select_ticket   (OnsiteWindow      *self,
                                                 gint64             ticket_id);

G_END_DECLS
