/* onsite-conflicts-dialog.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onsite-context.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_CONFLICTS_DIALOG (onsite_conflicts_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteConflictsDialog, onsite_conflicts_dialog, ONSITE, CONFLICTS_DIALOG, AdwWindow)

GtkWidget *onsite_conflicts_dialog_new (GtkWindow     *parent,
                                        OnsiteContext *context);

G_END_DECLS
