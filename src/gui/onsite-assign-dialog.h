/* onsite-assign-dialog.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onsite-context.h"
#include "onsite-ticket.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_ASSIGN_DIALOG (onsite_assign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteAssignDialog, onsite_assign_dialog, ONSITE, ASSIGN_DIALOG, AdwWindow)

OnsiteAssignDialog *onsite_assign_dialog_new            (GtkWindow          *parent,
                                                         OnsiteContext      *context,
                                                         OnsiteTicket       *ticket);
void                onsite_assign_dialog_set_date       (OnsiteAssignDialog *self,
                                                         GDateTime          *date);
GDateTime          *onsite_assign_dialog_get_date       (OnsiteAssignDialog *self);
GListModel         *onsite_assign_dialog_get_candidates (OnsiteAssignDialog *self);
gint64              onsite_assign_dialog_get_start      (OnsiteAssignDialog *self);

G_END_DECLS
